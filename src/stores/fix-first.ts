/**
 * The upgrades ticked off on /fix-first/, kept in this browser only, so the same report planned
 * again (tomorrow, or after a reload) shows what is already done. The reports and the plan are
 * never stored: they stay in the page's memory.
 *
 * Keys:
 * - `plainsec:fix-first:v1`: `{ "version": 1, "done": { "<upgrade key>": "YYYY-MM-DD" } }`; shape,
 *   reader and (future) migrations in src/lib/fix-first/stored.ts.
 * - `plainsec:fix-first:v1:unreadable`: stored text this page could not read, kept aside before
 *   anything overwrites it, so nothing is silently lost.
 *
 * Every change is made to the ticks as stored at that moment (another tab may have changed them),
 * and another tab's change shows here as it happens. A change that cannot be saved (storage full
 * or blocked) is not shown as made: `tick` returns false and the page says what to do.
 */
import { atom } from 'nanostores';
import { decodeDone, emptyDone, encodeDone, withTick, type DoneState } from '../lib/fix-first/stored.ts';
import { readStored, watchOtherTabs, writeStored } from './browser-storage.ts';

export const doneKey = 'plainsec:fix-first:v1';

export const $done = atom<DoneState>(emptyDone);
export const $doneProblem = atom<string | undefined>(undefined);

/** Reads the ticks; unreadable text is copied aside first and reported. Never throws. */
function latest(): DoneState {
  const raw = readStored(doneKey);
  if (raw === null || raw === undefined) return emptyDone;
  const read = decodeDone(raw);
  if (read.problem) {
    writeStored(`${doneKey}:unreadable`, raw);
    $doneProblem.set(read.problem);
  }
  return read.state;
}

/** Loads the ticks and follows other tabs' changes; called once when the page starts. */
export function loadDone(): void {
  $done.set(latest());
  watchOtherTabs([doneKey], () => $done.set(latest()));
}

/** Ticks an upgrade off on `day`, or unticks it (`day` undefined); false when the browser would not save it. */
export function tick(key: string, day: string | undefined): boolean {
  const next = withTick(latest(), key, day);
  if (!writeStored(doneKey, encodeDone(next))) {
    $doneProblem.set('This browser would not save the tick (its storage is full or blocked for this site). Export the plan as Markdown or CSV to keep your progress.');
    return false;
  }
  $doneProblem.set(undefined);
  $done.set(next);
  return true;
}
