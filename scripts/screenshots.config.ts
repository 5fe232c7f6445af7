/**
 * Playwright's settings for `npm run screenshots` (scripts/screenshots.mjs): the browser tests'
 * own Chromium, clock, time zone and language, but only the photographing file, and a preview
 * server on the loopback port the script chose. Not part of `npm test`: the browser tests' config
 * looks in tests/e2e for *.spec.ts only.
 */
import { defineConfig } from '@playwright/test';
import base from '../playwright.config.ts';

const port = Number(process.env.PLAINSEC_PORT);
if (!port) throw new Error('Run this through `npm run screenshots`, which picks a free port.');

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: /screenshots\.shots\.ts$/,
  reporter: [['list']],
  projects: [{ name: 'screenshots', use: base.projects![0]!.use }],
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}` },
  webServer: {
    command: `npx astro preview --host 127.0.0.1 --port ${port}`,
    // The runner starts it beside this file otherwise; the site is built at the project's root.
    cwd: process.cwd(),
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
