/**
 * Runs the steps of `npm test` one after another and leaves nothing behind.
 *
 * - Each step runs in its own process group, so an interrupt (Ctrl-C, SIGTERM) can be passed on
 *   to the whole step and, if it does not stop within a few seconds, the group is killed.
 * - Every process a step starts inherits PLAINSEC_TEST_RUN=<a fresh id>. At the end, pass or
 *   fail, any process still carrying that id, and anything listening on the ports the steps use,
 *   is reported with its port and command line, stopped, and counted as a failure: a test run
 *   that leaves a server behind breaks the `npm start` that follows it.
 * - Before the first step, a port the steps need that is already taken is named in plain words.
 * - Skipped tests are listed by reason above the last line, which always reads
 *   `Tests: N passed, N failed, N skipped`.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { listenersOn, processesMarked, signal, whoHolds } from './processes.mjs';

const skipReasonsFile = 'test-results/skip-reasons.jsonl';
const graceMs = 10_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {object} Step
 * @property {string} name
 * @property {string} command
 * @property {string[]} args
 * @property {(status: number | null) => {passed?: number, failed?: number, skipped?: number, skips?: {reason: string, count: number}[]}} [count]
 * @property {boolean} [optional] when false-y the run stops at this step's failure
 */

/**
 * Runs the steps in order, stopping at the first that fails; then checks that nothing is left
 * running and exits with 0 only if every step passed and nothing was left.
 * @param {Step[]} steps
 * @param {{ ports?: number[], env?: NodeJS.ProcessEnv }} [options]
 */
export async function runSteps(steps, { ports = [], env = process.env } = {}) {
  const runId = randomUUID();
  const stepEnv = { ...env, PLAINSEC_TEST_RUN: runId };
  const tally = { passed: 0, failed: 0, skipped: 0 };
  const skips = new Map();
  const timings = [];
  let current;
  let interrupted = false;

  mkdirSync('test-results', { recursive: true });
  rmSync(skipReasonsFile, { force: true });

  for (const port of ports) {
    const holder = await whoHolds(port);
    if (holder) {
      console.error(`Port ${port} is already in use (${holder}); the tests need it. Stop that process and run the tests again.`);
      // Not ours: leave it running, and start nothing.
      return finish(1, { checkLeftovers: false });
    }
  }

  const onSignal = (sig) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${sig}: stopping the tests.`);
    if (current) stopGroup(current.pid, 'SIGINT');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  for (const step of steps) {
    if (interrupted) break;
    console.log(`\n━━ ${step.name} ━━  ${step.command} ${step.args.join(' ')}`);
    const started = Date.now();
    const status = await new Promise((resolve) => {
      current = spawn(step.command, step.args, { stdio: 'inherit', env: stepEnv, detached: true });
      current.once('error', (error) => {
        console.error(`Could not start ${step.command}: ${error.message}`);
        resolve(127);
      });
      current.once('exit', (code, sig) => resolve(code ?? (sig ? 128 : 1)));
    });
    current = undefined;
    timings.push(`${step.name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const counted = step.count?.(status) ?? {};
    tally.passed += counted.passed ?? 0;
    tally.failed += counted.failed ?? 0;
    tally.skipped += counted.skipped ?? 0;
    for (const { reason, count } of counted.skips ?? []) skips.set(reason, (skips.get(reason) ?? 0) + count);
    if (status !== 0) {
      console.error(`\n✗ ${step.name} failed (exit ${status}).`);
      if (!interrupted) tally.failed += counted.failed ? 0 : 1;
      return finish(interrupted ? 130 : 1);
    }
  }
  return finish(interrupted ? 130 : 0);

  /** Interrupt a step's process group, then kill it if it has not stopped after the grace period. */
  async function stopGroup(pid, sig) {
    signal(-pid, sig);
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && signal(-pid, 0)) await sleep(100);
    signal(-pid, 'SIGKILL');
  }

  async function finish(code, { checkLeftovers = true } = {}) {
    const left = checkLeftovers ? await leftovers() : [];
    if (left.length > 0) {
      console.error(`\n✗ Still running after the tests (now stopped): each would block the next \`npm start\` or \`npm test\`.`);
      for (const line of left) console.error(`  ${line.port ? `port ${line.port}, ` : ''}pid ${line.pid}: ${line.command}`);
      tally.failed += 1;
      code = code === 0 ? 1 : code;
    }
    if (timings.length > 0) console.log(`\n${timings.join(' · ')}`);
    if (skips.size > 0) {
      console.log('Skipped, by reason:');
      for (const [reason, count] of [...skips].sort((a, b) => b[1] - a[1])) console.log(`  ${count} skipped: ${reason}`);
    }
    console.log(`Tests: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
    process.exit(code);
  }

  /** What this run started and left behind, stopped here so the machine is clean for what comes next. */
  async function leftovers() {
    // A process that is stopping may need a moment to leave; look again before blaming it.
    let marked = processesMarked('PLAINSEC_TEST_RUN', runId);
    for (let i = 0; i < 20 && marked.length > 0; i++) {
      await sleep(100);
      marked = processesMarked('PLAINSEC_TEST_RUN', runId);
    }
    const found = new Map(marked.map((p) => [p.pid, { ...p, port: undefined }]));
    for (const port of ports) {
      for (const holder of listenersOn(port)) found.set(holder.pid, { ...holder, port });
    }
    for (const { pid } of found.values()) signal(pid, 'SIGTERM');
    await sleep(500);
    for (const { pid } of found.values()) signal(pid, 'SIGKILL');
    return [...found.values()];
  }
}

/** Counts from a vitest JSON report, with the skipped tests grouped by the reasons tests gave. */
export function countVitest(file) {
  return () => {
    if (!existsSync(file)) return {};
    const report = JSON.parse(readFileSync(file, 'utf8'));
    const reasons = readSkipReasons();
    const skips = new Map();
    for (const result of report.testResults ?? []) {
      const skipped = (result.assertionResults ?? []).filter((a) => ['skipped', 'pending', 'todo'].includes(a.status)).length;
      if (skipped === 0) continue;
      const name = relative(process.cwd(), result.name);
      const reason = [...new Set(reasons.filter((r) => r.file === name).map((r) => r.reason))].join('; ') || `no reason given (${name})`;
      skips.set(reason, (skips.get(reason) ?? 0) + skipped);
    }
    return {
      passed: report.numPassedTests,
      failed: report.numFailedTests,
      skipped: report.numPendingTests + (report.numTodoTests ?? 0),
      skips: [...skips].map(([reason, count]) => ({ reason, count })),
    };
  };
}

/** Counts from Playwright's JSON report; a skipped test's reason is its skip annotation. */
export function countPlaywright(file) {
  return () => {
    if (!existsSync(file)) return {};
    const report = JSON.parse(readFileSync(file, 'utf8'));
    const skips = new Map();
    const walk = (suite) => {
      for (const spec of suite.specs ?? []) {
        for (const test of spec.tests ?? []) {
          if (test.status !== 'skipped') continue;
          const reason = test.annotations?.find((a) => a.type === 'skip')?.description || `no reason given (${spec.file})`;
          skips.set(reason, (skips.get(reason) ?? 0) + 1);
        }
      }
      for (const child of suite.suites ?? []) walk(child);
    };
    for (const suite of report.suites ?? []) walk(suite);
    const { stats } = report;
    return {
      passed: stats.expected + (stats.flaky ?? 0),
      failed: stats.unexpected,
      skipped: stats.skipped,
      skips: [...skips].map(([reason, count]) => ({ reason, count })),
    };
  };
}

function readSkipReasons() {
  if (!existsSync(skipReasonsFile)) return [];
  return readFileSync(skipReasonsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line)];
      } catch {
        return [];
      }
    });
}
