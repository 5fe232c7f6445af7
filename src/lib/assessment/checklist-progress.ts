/**
 * Which checklist items a reader has marked done, as kept in their browser.
 *
 * Stored shape (key `plainsec:checklist:v1`), JSON:
 *   { "version": 1, "done": { "<item id>": "<ISO date it was marked done>" } }
 * Version 1 is the first shape. A later shape gets a new version number and a migration here;
 * anything unreadable decodes to "nothing done" plus a plain-words problem, and the caller keeps
 * the raw text aside so nothing the reader had is silently lost.
 */

export interface ChecklistProgress {
  version: 1;
  done: Record<string, string>;
}

export const emptyProgress: ChecklistProgress = { version: 1, done: {} };

export type Decoded = { progress: ChecklistProgress; problem?: string };

const isoDate = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/;

/** Reads stored progress; never throws. Unknown item ids are kept (an item may come back). */
export function decodeProgress(raw: string | undefined | null): Decoded {
  if (raw === undefined || raw === null || raw === '') return { progress: emptyProgress };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { progress: emptyProgress, problem: 'Your saved checklist could not be read (it is not valid JSON).' };
  }
  if (typeof value !== 'object' || value === null || (value as { version?: unknown }).version !== 1) {
    return { progress: emptyProgress, problem: 'Your saved checklist is from a version this page does not know.' };
  }
  const done = (value as { done?: unknown }).done;
  if (typeof done !== 'object' || done === null || Array.isArray(done)) {
    return { progress: emptyProgress, problem: 'Your saved checklist is missing its list of done items.' };
  }
  const kept: Record<string, string> = {};
  let dropped = 0;
  for (const [id, when] of Object.entries(done)) {
    if (typeof when === 'string' && isoDate.test(when)) kept[id] = when;
    else dropped++;
  }
  return dropped === 0
    ? { progress: { version: 1, done: kept } }
    : { progress: { version: 1, done: kept }, problem: `${dropped} saved item(s) had no readable date and were left out.` };
}

/** The stored text for some progress. */
export function encodeProgress(progress: ChecklistProgress): string {
  return JSON.stringify(progress);
}

/** Marks an item done (with today's date) or not done. */
export function setDone(progress: ChecklistProgress, id: string, done: boolean, today: Date): ChecklistProgress {
  const next = { ...progress.done };
  if (done) next[id] = today.toISOString().slice(0, 10);
  else delete next[id];
  return { version: 1, done: next };
}

/** How many of these items are done. */
export function countDone(progress: ChecklistProgress, ids: readonly string[]): { done: number; total: number } {
  return { done: ids.filter((id) => id in progress.done).length, total: ids.length };
}
