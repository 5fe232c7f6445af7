#!/usr/bin/env node
/**
 * The tests that touch dates, once more with the machine's clock moved (libfaketime), to prove no
 * test reads the real clock: the unit tests, then the browser tests of the checklist, the
 * self-assessment, the team and the announce page against a site built under the same clock, and
 * the end-to-end Alertmanager tests (working hours and silences, read by Alertmanager's own clock).
 *
 *   node scripts/test-moved-clock.mjs                          # 2027-01-04 09:00, a new year
 *   node scripts/test-moved-clock.mjs '2031-01-15 03:00:00'    # any other moment
 *
 * The default crosses a year boundary and puts every date the tests seed more than a re-check
 * cadence in the past, so a test that read the machine's clock would see items turn stale.
 * Needs `faketime` (Debian package faketime); .ci/run installs it.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { countPlaywright, countVitest, runSteps } from './lib/run-steps.mjs';

const moment = process.argv[2] ?? '2027-01-04 09:00:00';
if (spawnSync('faketime', ['--version'], { stdio: 'ignore' }).error) {
  console.error('faketime is not installed. On Debian or Ubuntu: sudo apt-get install faketime');
  process.exit(2);
}
console.info(`Running the date-touching tests with the clock at ${moment}.`);

const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
const port = Number(env.PLAINSEC_PORT ?? 4321);
for (const f of ['test-results/unit-moved.json', 'test-results/e2e.json']) rmSync(f, { force: true });
const moved = (command, ...args) => ({ command: 'faketime', args: [moment, 'npx', command, ...args] });

await runSteps(
  [
    {
      name: `Unit tests at ${moment}`,
      ...moved('vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit-moved.json'),
      count: countVitest('test-results/unit-moved.json'),
    },
    { name: `Build at ${moment}`, ...moved('astro', 'build') },
    {
      name: `Browser tests of dated pages at ${moment}`,
      ...moved('playwright', 'test', 'tests/e2e/checklist.spec.ts', 'tests/e2e/assessment.spec.ts', 'tests/e2e/team.spec.ts', 'tests/e2e/announce.spec.ts', 'tests/e2e/alertmanager.spec.ts'),
      // The config's JSON report; `npm test` clears it before its own browser tests.
      count: countPlaywright('test-results/e2e.json'),
    },
  ],
  { ports: [port], env },
);
