#!/usr/bin/env node
/**
 * `npm test`: every check, cheapest first, stopping at the first gate that fails.
 *   types → unit tests (with coverage) → build + search index → checks over the built site
 *   (HTML, links, plain words) → browser tests (accessibility, CSP, privacy, search, keyboard,
 *   budgets) → Lighthouse.
 * Ends with one line "Tests: N passed, N failed, N skipped" summing every test run, with the
 * skipped tests listed by reason above it. Nothing it starts is left running (see run-steps.mjs).
 * Set PLAINSEC_SKIP_LIGHTHOUSE=1 to leave Lighthouse out of a quick local run.
 */
import { rmSync } from 'node:fs';
import { countPlaywright, countVitest, runSteps } from './lib/run-steps.mjs';
import { lighthousePort } from './lighthouse-port.mjs';

const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
const browserTestPort = Number(env.PLAINSEC_PORT ?? 4321);
for (const f of ['test-results/unit.json', 'test-results/quality.json', 'test-results/e2e.json']) rmSync(f, { force: true });

const steps = [
  { name: 'Types and content schemas', command: 'npx', args: ['astro', 'check', '--minimumFailingSeverity', 'warning'] },
  {
    name: 'Unit and property tests',
    command: 'npx',
    args: ['vitest', 'run', '--coverage', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit.json'],
    count: countVitest('test-results/unit.json'),
  },
  { name: 'Build and search index', command: 'npx', args: ['astro', 'build'] },
  {
    name: 'Checks over the built site',
    command: 'npx',
    args: ['vitest', 'run', '--config', 'vitest.quality.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/quality.json'],
    count: countVitest('test-results/quality.json'),
  },
  { name: 'Browser tests', command: 'npx', args: ['playwright', 'test'], count: countPlaywright('test-results/e2e.json') },
];
if (env.PLAINSEC_SKIP_LIGHTHOUSE !== '1') {
  steps.push({
    name: 'Lighthouse',
    command: 'node',
    args: ['scripts/lighthouse.mjs', '--assert'],
    count: (status) => (status === 0 ? { passed: 1 } : { failed: 1 }),
  });
}

await runSteps(steps, { ports: [browserTestPort, lighthousePort], env });
