/**
 * The team's checklist records (done on, owner, due date, notes), kept in this browser only.
 *
 * Keys:
 * - `plainsec:checklist:v2`: the records, version 2 (shape in src/lib/checklist/stored.ts).
 * - `plainsec:checklist:v1`: the version 1 ticks from before owners and dates. Read only when
 *   there is no v2 yet, migrated in memory (every tick and its day kept) and written as v2 on the
 *   first change; the v1 text itself is never deleted or changed.
 * - `plainsec:checklist:v2:backup`: the records as they were before a loaded file replaced them,
 *   for Undo.
 * - `plainsec:checklist:v2:unreadable` (or `…:v1:unreadable`): stored text this page could not
 *   read, kept aside before anything overwrites it, so nothing is silently lost.
 *
 * Reading never throws. A change that cannot be saved (storage full or blocked) is not shown as
 * made: the action returns false and a plain message says what to do.
 */
import { atom } from 'nanostores';
import type { ItemRecord, ItemRecords } from '../lib/checklist/model.ts';
import { decodeState, emptyState, encodeState, planItems, setDone, updateItem, type ChecklistState } from '../lib/checklist/stored.ts';
import { readStored, removeStored, writeStored } from './browser-storage.ts';

export const storageKey = 'plainsec:checklist:v2';
export const v1Key = 'plainsec:checklist:v1';
export const backupKey = `${storageKey}:backup`;

/** A plain-words problem with reading or saving, shown above the list. */
export const $checklistProblem = atom<string | undefined>(undefined);
/** Set after a loaded file replaced the records: the text of what was replaced, for Undo. */
export const $checklistUndo = atom<string | undefined>(undefined);
export const $checklist = atom<ChecklistState>(emptyState);

/** Reads the records from this browser without changing anything; never throws. */
export function readChecklist(): { state: ChecklistState; problem?: string; raw?: string; key?: string } {
  for (const key of [storageKey, v1Key]) {
    const raw = readStored(key);
    // Reading is blocked: start empty; saving will say so.
    if (raw === undefined) break;
    if (raw !== null) return { ...decodeState(raw), raw, key };
  }
  return { state: emptyState };
}

/** Copies stored text this page could not read to `<key>:unreadable`; false if the copy could not be made. */
function keepAside(raw: string, key: string): boolean {
  return writeStored(`${key}:unreadable`, raw);
}

/** Loads the records into the store; called once when the page's checklist starts in the browser. */
export function startChecklist(): void {
  const { state, problem, raw, key } = readChecklist();
  if (problem && raw !== undefined && key) {
    const keptAside = keepAside(raw, key);
    $checklistProblem.set(
      keptAside
        ? `${problem} A copy of what was saved is kept in your browser under "${key}:unreadable".`
        : `${problem} What was saved is left where it was until you change something.`,
    );
  }
  $checklist.set(state);
  $checklistUndo.set(readStored(backupKey) ?? undefined);
}

const notSaved =
  'Your browser could not save this (its storage may be full or blocked), so the change was not kept. Free some space or allow site data, then try again.';

/** Saves a new state; if the browser refuses, says so, changes nothing and returns false. */
function persist(next: ChecklistState): boolean {
  if (!writeStored(storageKey, encodeState(next))) {
    $checklistProblem.set(notSaved);
    return false;
  }
  if ($checklistProblem.get() === notSaved) $checklistProblem.set(undefined);
  $checklist.set(next);
  return true;
}

/** Marks an item done on `day`, or not done. */
export function markItem(id: string, done: boolean, day: string): boolean {
  return persist(setDone($checklist.get(), id, done, day));
}

/** Changes one recorded field of an item; empty text removes it. */
export function recordField(id: string, field: keyof ItemRecord, value: string): boolean {
  return persist(updateItem($checklist.get(), id, { [field]: value }));
}

/** The name used by "show only what is mine". */
export function rememberMe(name: string): boolean {
  const next = { ...$checklist.get() };
  if (name.trim()) next.me = name.trim();
  else delete next.me;
  return persist(next);
}

/** Sets owner and due date on the items not yet done; reports what changed, or undefined when it could not be saved. */
export function planChecklistItems(ids: readonly string[], owner: string, due: string | undefined): { planned: string[]; alreadyDone: string[] } | undefined {
  const { state: current, problem, raw, key } = readChecklist();
  // Text that could not be read is copied aside before anything is written over it, or nothing is written.
  if (problem && raw !== undefined && key && !keepAside(raw, key)) return undefined;
  const result = planItems(current, ids, owner, due);
  return persist(result.state) ? { planned: result.planned, alreadyDone: result.alreadyDone } : undefined;
}

/**
 * Replaces the records with a loaded file's, after keeping the current ones as the backup for Undo.
 * If the backup cannot be written, nothing is replaced and false is returned.
 */
export function replaceRecords(items: ItemRecords): boolean {
  const current = $checklist.get();
  const currentText = encodeState(current);
  if (!writeStored(backupKey, currentText)) {
    $checklistProblem.set(
      'Your browser could not keep a backup of your current checklist (storage full or blocked), so nothing was replaced. Save your checklist as a file first, then try again.',
    );
    return false;
  }
  if (!persist({ ...current, items })) return false;
  $checklistUndo.set(currentText);
  return true;
}

/** Puts back the records as they were before the last load. */
export function undoReplace(): boolean {
  const { state } = decodeState($checklistUndo.get());
  if (!persist(state)) return false;
  removeStored(backupKey);
  $checklistUndo.set(undefined);
  return true;
}

/** Closes the Undo offer and forgets the backup. */
export function dismissUndo(): void {
  removeStored(backupKey);
  $checklistUndo.set(undefined);
}
