/**
 * `bash -n` for the snippet checks: the one part of them that starts a process, so it lives here
 * with the tests rather than in src/lib/content/snippets, whose modules stay pure (text in, data
 * out) and can run anywhere, the browser included.
 */
import { spawnSync } from 'node:child_process';
import type { BashSyntaxCheck } from '../../src/lib/content/snippets/shell.ts';

/** Runs `bash -n` (read and check, never run) on a script; returns its complaints, '' when none. */
export const bashN: BashSyntaxCheck = (script) => {
  const result = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8', timeout: 10_000 });
  if (result.error) throw result.error;
  return result.stderr;
};

/**
 * `bash -n` on many scripts with one process started from Node: a small bash loop reads the
 * scripts (NUL-separated) and checks each in its own `bash -n`. Starting a process from Node costs
 * tens of milliseconds on a busy machine; from bash it costs a few. Returns a BashSyntaxCheck that
 * answers from these results, falling back to `bashN` for a script it was not given.
 */
export function bashNAll(scripts: string[]): BashSyntaxCheck {
  const loop = `while IFS= read -r -d '' s; do bash -n <<<"$s" 2>&1; printf '\\0'; done`;
  const result = spawnSync('bash', ['-c', loop], { input: scripts.map((s) => `${s}\0`).join(''), encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  if (result.error) throw result.error;
  const outputs = result.stdout.split('\0');
  const known = new Map(scripts.map((s, i) => [s, outputs[i] ?? '']));
  return (script) => known.get(script) ?? bashN(script);
}
