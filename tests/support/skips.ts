/**
 * Skipping tests whose prerequisite is absent, visibly: the reason is printed at once and kept in
 * test-results/skip-reasons.jsonl, from which `npm test` lists every group of skipped tests with
 * its reason above its last line.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Reasons shared by many test files, worded for the person reading the summary. */
export const reasons = {
  corpora: 'no ../shared/corpora beside this checkout (the real rules, events and schemas)',
  amtool: "no Alertmanager amtool on PATH (sudo apt-get install prometheus-alertmanager)",
  build: 'no built site in dist/ (run npx astro build first)',
} as const;

/** The test file that called us, relative to the project, read from the call stack. */
function callerFile(): string {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  for (const frame of frames) {
    const match = /(file:\/\/[^\s)]+|\/[^\s():]+)(?::\d+){1,2}\)?$/.exec(frame.trim());
    if (!match) continue;
    const path = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
    if (path.includes('/tests/support/skips')) continue;
    return relative(process.cwd(), path);
  }
  return 'an unknown test file';
}

/**
 * True (skip) when a prerequisite is missing, after saying why. Use as
 * `describe.skipIf(skipWhenMissing(haveCorpora, reasons.corpora))(...)`.
 */
export function skipWhenMissing(present: boolean, reason: string): boolean {
  if (present) return false;
  const file = callerFile();
  console.warn(`SKIPPED (${file}): ${reason}`);
  try {
    mkdirSync('test-results', { recursive: true });
    appendFileSync('test-results/skip-reasons.jsonl', JSON.stringify({ file, reason }) + '\n');
  } catch {
    // The summary then says "no reason given" for this file; the warning above still shows.
  }
  return true;
}
