/**
 * Loading a saved result file in place of this browser's answers, with the same checks on the
 * start screen, the "no results yet" screen and the results. Loaded only when a person picks a
 * file, so the quiz starts with less code.
 */
import { onePersonResult, tooLargeToLoad } from '../lib/assessment/load-one.ts';
import { replaceWith } from '../stores/assessment.ts';

/** ok: the answers are replaced (a backup was kept first). Not ok: why not; empty when the store already says why. */
export type LoadOutcome = { ok: true } | { ok: false; error: string };

export async function loadResultFile(picked: File, step: number): Promise<LoadOutcome> {
  const tooLarge = tooLargeToLoad(picked.name, picked.size);
  if (tooLarge) return { ok: false, error: tooLarge };
  const read = onePersonResult(picked.name, await picked.text(), picked.size);
  if (!read.ok) return read;
  // replaceWith keeps the answers stored now as the backup first; when it cannot, it replaces
  // nothing and its message (at the top of the tool) says to save a file first.
  return replaceWith(read.file, step, `Loaded ${picked.name}.`) ? { ok: true } : { ok: false, error: '' };
}
