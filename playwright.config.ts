import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * Playwright cannot download its own browser on closed networks, so prefer the system Chromium:
 * CHROME_PATH / CHROMIUM_PATH, then Debian's /usr/bin/chromium, else Playwright's own
 * (for people who ran `npx playwright install chromium`).
 */
function systemChromium(): string | undefined {
  const candidates = [process.env.CHROME_PATH, process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => Boolean(p) && existsSync(p!));
}

const port = Number(process.env.PLAINSEC_PORT ?? 4321);

const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: systemChromium(),
    // Without these, Chromium keeps reaching for Google's hosts on a closed network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  },
};

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // Shared 2-core machines are slow at times; a hung test still fails, just later.
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'off',
    // One time zone and language whatever the machine's; the clock is fixed per test (tests/e2e/fixtures.ts).
    timezoneId: 'Europe/London',
    locale: 'en-GB',
  },
  projects: [
    {
      name: 'chromium',
      // Timing tests run on their own once everything else is done (the "timing" project below).
      testIgnore: /\.timing\.spec\.ts$/,
      use: chromium,
    },
    {
      // Tests that measure how fast a page answers: after every other test, so no other browser
      // shares the two cores while they measure, and one at a time: two timing tests side by side
      // each measure the other (Fix first's worst INP was 480 ms beside the rule builder's test,
      // and about 100 ms alone). A slow moment on a shared machine is measured again (at most
      // twice more); a page that is slow every time still fails.
      name: 'timing',
      testMatch: /\.timing\.spec\.ts$/,
      dependencies: ['chromium'],
      workers: 1,
      retries: 2,
      use: chromium,
    },
  ],
  webServer: {
    command: `npx astro preview --port ${port}`,
    url: `http://localhost:${port}/`,
    // Reuse a server already on the port only when asked (PLAINSEC_REUSE_SERVER=1): by accident it
    // could be another checkout's site, or a stale build.
    reuseExistingServer: process.env.PLAINSEC_REUSE_SERVER === '1' && !process.env.CI,
    timeout: 60_000,
  },
});
