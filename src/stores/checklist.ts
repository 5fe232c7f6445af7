/**
 * The reader's checklist progress, kept in their browser only.
 * Decoding never throws (a throwing decode would break every island on the page at import time);
 * unreadable saved text is kept aside under `<key>:unreadable` before anything overwrites it.
 */
import { atom } from 'nanostores';
import { persistentAtom } from '@nanostores/persistent';
import {
  decodeProgress,
  emptyProgress,
  encodeProgress,
  setDone,
  type ChecklistProgress,
} from '../lib/assessment/checklist-progress.ts';

const key = 'plainsec:checklist:v1';

/** A plain-words problem to show the reader, if loading or saving went wrong. */
export const $checklistProblem = atom<string | undefined>(undefined);

function keepAside(raw: string): void {
  try {
    localStorage.setItem(`${key}:unreadable`, raw);
  } catch {
    // Storage is unavailable or full: the message below still tells the reader.
  }
}

export const $checklist = persistentAtom<ChecklistProgress>(key, emptyProgress, {
  encode: encodeProgress,
  decode(raw) {
    const { progress, problem } = decodeProgress(raw);
    if (problem) {
      keepAside(raw);
      $checklistProblem.set(`${problem} A copy of what was saved is kept in your browser under "${key}:unreadable".`);
    }
    return progress;
  },
});

/** Marks an item done or not done; if the browser cannot save it, says so, changes nothing and returns false. */
export function markItem(id: string, done: boolean): boolean {
  try {
    $checklist.set(setDone($checklist.get(), id, done, new Date()));
    return true;
  } catch {
    $checklistProblem.set(
      'Your browser could not save this (its storage may be full or blocked), so the tick was not kept. Free some space or allow site data, then try again.',
    );
    return false;
  }
}
