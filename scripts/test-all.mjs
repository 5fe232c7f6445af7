#!/usr/bin/env node
/**
 * `npm test`: every check, cheapest first, stopping at the first gate that fails.
 *   types → unit tests (with coverage) → build + search index → checks over the built site
 *   (HTML, links, plain words) → browser tests (accessibility, CSP, privacy, search, keyboard,
 *   budgets) → Lighthouse.
 * Ends with one line "Tests: N passed, N failed" summing every test run.
 * Set PLAINSEC_SKIP_LIGHTHOUSE=1 to leave Lighthouse out of a quick local run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
mkdirSync('test-results', { recursive: true });
const tally = { passed: 0, failed: 0, skipped: 0 };
const timings = [];

function step(name, command, args, countFrom) {
  console.log(`\n━━ ${name} ━━  ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  timings.push(`${name}: ${seconds} s`);
  if (countFrom) countFrom(result.status);
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed (exit ${result.status ?? result.signal}).`);
    finish(1);
  }
}

function countVitest(file) {
  return () => {
    if (!existsSync(file)) return;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    tally.passed += report.numPassedTests;
    tally.failed += report.numFailedTests;
    tally.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  };
}

function countPlaywright() {
  const file = 'test-results/e2e.json';
  if (!existsSync(file)) return;
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  tally.passed += stats.expected + (stats.flaky ?? 0);
  tally.failed += stats.unexpected;
  tally.skipped += stats.skipped;
}

function finish(code) {
  console.log(`\n${timings.join(' · ')}`);
  console.log(`Tests: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
  process.exit(code);
}

for (const f of ['test-results/unit.json', 'test-results/quality.json', 'test-results/e2e.json']) rmSync(f, { force: true });

step('Types and content schemas', 'npx', ['astro', 'check', '--minimumFailingSeverity', 'warning']);
step(
  'Unit and property tests',
  'npx',
  ['vitest', 'run', '--coverage', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit.json'],
  countVitest('test-results/unit.json'),
);
step('Build and search index', 'npx', ['astro', 'build']);
step(
  'Checks over the built site',
  'npx',
  ['vitest', 'run', '--config', 'vitest.quality.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/quality.json'],
  countVitest('test-results/quality.json'),
);
step('Browser tests', 'npx', ['playwright', 'test'], countPlaywright);
if (process.env.PLAINSEC_SKIP_LIGHTHOUSE !== '1') {
  step('Lighthouse', 'node', ['scripts/lighthouse.mjs', '--assert'], (status) => {
    if (status === 0) tally.passed += 1;
    else tally.failed += 1;
  });
}
finish(0);
