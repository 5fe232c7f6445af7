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
 * `bash -n` on many scripts while starting few processes: starting one costs tens of milliseconds
 * on a busy machine, and the guides hold over a hundred shell blocks. The scripts are checked
 * together, each wrapped in a function of its own, in one `bash -n`; a group that fails is split in
 * two and each half checked again, down to single scripts, which are then checked unwrapped by
 * `bashN` so the message and line are the script's own. Any output at all counts as failing (bash
 * warns, with status 0, about a here-document left open), so a broken script cannot hide in a
 * group. Returns a BashSyntaxCheck that answers from these results, falling back to `bashN`.
 */
export function bashNAll(scripts: string[]): BashSyntaxCheck {
  const known = new Map<string, string>();
  const wrapped = (group: string[]) => group.map((s, i) => `__plainsec_block_${i}() {\n${s}\n}\n`).join('');
  const check = (group: string[]): void => {
    if (group.length === 0) return;
    if (group.length === 1) {
      known.set(group[0]!, bashN(group[0]!));
      return;
    }
    if (bashN(wrapped(group)) === '') {
      for (const s of group) known.set(s, '');
      return;
    }
    const half = Math.ceil(group.length / 2);
    check(group.slice(0, half));
    check(group.slice(half));
  };
  check([...new Set(scripts)]);
  return (script) => known.get(script) ?? bashN(script);
}
