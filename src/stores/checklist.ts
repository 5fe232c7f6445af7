/**
 * The team's checklist records (done on, owner, due date, notes), kept in this browser only.
 * Reads and writes go through browser-storage.ts; the stored shapes, their reader
 * (`decodeChecklist`) and the migration are in src/lib/checklist/stored.ts.
 *
 * Keys:
 * - `plainsec:checklist:v2`: the records, `{ "version": 2, "me"?, "items": { "<item id>":
 *   { "done"?, "owner"?, "due"?, "notes"? } } }`.
 * - `plainsec:checklist:v1`: the version 1 ticks from before owners and dates,
 *   `{ "version": 1, "done": { "<item id>": "<date>" } }`.
 *
 * Migrations: v1 → v2 (`migrateFromVersion1`). The v1 key is read only when there is no v2 yet, migrated in
 * memory (every tick and its day kept) and written as v2 on the first change; the v1 text itself
 * is never deleted or changed.
 *
 * Other keys:
 * - `plainsec:checklist:v2:backup`: the records as they were before a loaded file was added or
 *   replaced them, or before "Add these to the checklist" from the self-assessment, for Undo. Shape
 *   in src/lib/storage/backup.ts (with when it was taken and why); a backup from before that shape
 *   is the v2 text alone and still undoes.
 * - `plainsec:checklist:v2:unreadable` (or `…:v1:unreadable`): stored text this page could not
 *   read, kept aside before anything overwrites it, so nothing is silently lost.
 *
 * Changes that keep a backup first (loading a file, planning from the self-assessment, Undo) are in
 * checklist-backups.ts, loaded when first used, so the page starts with less code.
 *
 * Reading never throws. Every change is made to the records as stored at that moment (another tab
 * may have changed them), and another tab's change is shown here as it happens, so two tabs never
 * write over each other. A change that cannot be saved (storage full or blocked) is not shown as
 * made: the action returns false and a plain message says what to do.
 */
import { atom } from 'nanostores';
import type { ItemRecord } from '../lib/checklist/model.ts';
import type { Backup } from '../lib/storage/backup.ts';
import { decodeChecklist, emptyState, encodeState, setDone, updateItem, type ChecklistState } from '../lib/checklist/stored.ts';
import { readStored, watchOtherTabs, writeStored } from './browser-storage.ts';

export const storageKey = 'plainsec:checklist:v2';
const version1Key = 'plainsec:checklist:v1';
export const backupKey = `${storageKey}:backup`;

/** A plain-words problem with reading or saving, shown above the list. */
export const $checklistProblem = atom<string | undefined>(undefined);
/**
 * Whether a backup is kept, read cheaply when the page starts. The backup itself (for the Undo
 * notice) is read by checklist-backups.ts, which loads only when there is one.
 */
export const $checklistHasBackup = atom(false);
/** The backup Undo puts back (kept in the browser, so it survives a reload), once read. */
export const $undo = atom<Backup | undefined>(undefined);

let backupChanged: (() => void) | undefined;
/** Called by checklist-backups.ts when it loads: it re-reads the backup whenever the key changes. */
export function onBackupChange(reread: () => void): void {
  backupChanged = reread;
  reread();
}

function readHasBackup(): void {
  const raw = readStored(backupKey);
  $checklistHasBackup.set(raw !== null && raw !== undefined);
  backupChanged?.();
}
export const $checklist = atom<ChecklistState>(emptyState);

/** Reads the records from this browser without changing anything; never throws. */
export function readChecklist(): { state: ChecklistState; problem?: string; raw?: string; key?: string } {
  for (const key of [storageKey, version1Key]) {
    const raw = readStored(key);
    // Reading is blocked: start empty; saving will say so.
    if (raw === undefined) break;
    if (raw !== null) return { ...decodeChecklist(raw), raw, key };
  }
  return { state: emptyState };
}

/** Copies stored text this page could not read to `<key>:unreadable`; false if the copy could not be made. */
export function keepAside(raw: string, key: string): boolean {
  return writeStored(`${key}:unreadable`, raw);
}

let stopWatching: (() => void) | undefined;

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
  readHasBackup();
  stopWatching ??= watchOtherTabs([storageKey, backupKey], showOtherTabsChange);
}

/** Another tab changed the records or their backup: show what is stored now. */
function showOtherTabsChange(): void {
  const { state, problem } = readChecklist();
  // Text this page cannot read is left for startChecklist's next reading to keep aside.
  if (!problem) $checklist.set(state);
  readHasBackup();
}

/** The records as stored now (another tab may have changed them since this page read them). */
export function latest(): ChecklistState {
  const { state, problem } = readChecklist();
  return problem ? $checklist.get() : state;
}

const notSaved =
  'Your browser could not save this (its storage may be full or blocked), so the change was not kept. Free some space or allow site data, then try again.';

/** Saves a new state; if the browser refuses, says so, changes nothing and returns false. */
export function persist(next: ChecklistState): boolean {
  if (!writeStored(storageKey, encodeState(next))) {
    $checklistProblem.set(notSaved);
    return false;
  }
  if ($checklistProblem.get() === notSaved) $checklistProblem.set(undefined);
  $checklist.set(next);
  return true;
}

/** Applies a change to the records as stored now, and saves it. */
function change(apply: (state: ChecklistState) => ChecklistState): boolean {
  return persist(apply(latest()));
}

/** Marks an item done on `day`, or not done. */
export function markItem(id: string, done: boolean, day: string): boolean {
  return change((state) => setDone(state, id, done, day));
}

/** Changes one recorded field of an item; empty text removes it. */
export function recordField(id: string, field: keyof ItemRecord, value: string): boolean {
  return change((state) => updateItem(state, id, { [field]: value }));
}

/** The name used by "show only what is mine". */
export function rememberMe(name: string): boolean {
  return change((state) => {
    const next = { ...state };
    if (name.trim()) next.me = name.trim();
    else delete next.me;
    return next;
  });
}
