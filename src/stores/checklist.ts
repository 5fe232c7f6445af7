/**
 * The team's checklist records (done on, owner, due date, notes), kept in this browser only.
 *
 * Keys:
 * - `plainsec:checklist:v2`: the records, version 2 (shape in src/lib/checklist/stored.ts).
 * - `plainsec:checklist:v1`: the version 1 ticks from before owners and dates. Read only when
 *   there is no v2 yet, migrated in memory (every tick and its day kept) and written as v2 on the
 *   first change; the v1 text itself is never deleted or changed.
 * - `plainsec:checklist:v2:backup`: the records as they were before a loaded file was added or
 *   replaced them, or before "Add these to the checklist" from the self-assessment, for Undo. Shape
 *   in src/lib/storage/backup.ts (with when it was taken and why); a backup from before that shape
 *   is the v2 text alone and still undoes.
 * - `plainsec:checklist:v2:unreadable` (or `…:v1:unreadable`): stored text this page could not
 *   read, kept aside before anything overwrites it, so nothing is silently lost.
 *
 * Reading never throws. Every change is made to the records as stored at that moment (another tab
 * may have changed them), and another tab's change is shown here as it happens, so two tabs never
 * write over each other. A change that cannot be saved (storage full or blocked) is not shown as
 * made: the action returns false and a plain message says what to do.
 */
import { atom } from 'nanostores';
import type { ItemRecord, ItemRecords } from '../lib/checklist/model.ts';
import type { Backup } from '../lib/storage/backup.ts';
import {
  decodeState,
  emptyState,
  encodeState,
  mergeRecords,
  planItems,
  setDone,
  updateItem,
  type ChecklistState,
  type MergeOutcome,
  type PlanOutcome,
} from '../lib/checklist/stored.ts';
import { dropBackup, keepBackup, readBackup, readStored, watchOtherTabs, writeStored } from './browser-storage.ts';

export const storageKey = 'plainsec:checklist:v2';
export const v1Key = 'plainsec:checklist:v1';
export const backupKey = `${storageKey}:backup`;

/** A plain-words problem with reading or saving, shown above the list. */
export const $checklistProblem = atom<string | undefined>(undefined);
/** The backup Undo puts back (kept in the browser, so it survives a reload), if there is one. */
export const $checklistUndo = atom<Backup | undefined>(undefined);
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
  $checklistUndo.set(readBackup(storageKey));
  stopWatching ??= watchOtherTabs(storageKey, showOtherTabsChange);
}

/** Another tab changed the records or their backup: show what is stored now. */
function showOtherTabsChange(): void {
  const { state, problem } = readChecklist();
  // Text this page cannot read is left for startChecklist's next reading to keep aside.
  if (!problem) $checklist.set(state);
  $checklistUndo.set(readBackup(storageKey));
}

/** The records as stored now (another tab may have changed them since this page read them). */
function latest(): ChecklistState {
  const { state, problem } = readChecklist();
  return problem ? $checklist.get() : state;
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

const noBackup = (what: string) =>
  `Your browser could not keep a backup of your checklist (its storage may be full or blocked), so ${what}. Save your checklist as a file first, then try again.`;

/**
 * Keeps the records as they are now as the backup, then saves `next`. Nothing is changed when the
 * backup cannot be kept. Text this page could not read is copied aside first, or nothing is written.
 */
function changeWithBackup(what: string, apply: (state: ChecklistState) => ChecklistState, refused: string): boolean {
  const { state: current, problem, raw, key } = readChecklist();
  if (problem && raw !== undefined && key && !keepAside(raw, key)) return false;
  const base = problem ? $checklist.get() : current;
  const backup = keepBackup(storageKey, encodeState(base), what);
  if (!backup) {
    $checklistProblem.set(noBackup(refused));
    return false;
  }
  if (!persist(apply(base))) return false;
  $checklistUndo.set(backup);
  return true;
}

/**
 * What planning these items would do, without changing anything: the items it would fill and the
 * values already set that it would change, so the page can ask first.
 */
export function previewPlan(ids: readonly string[], owner: string, due: string | undefined): PlanOutcome {
  return planItems(latest(), ids, owner, due);
}

/**
 * Sets owner and due date on the items not yet done: fills empty ones, and changes values already
 * set only with `overwrite`. Keeps a backup first, so Undo on the checklist puts it back.
 * Returns what changed, or undefined when it could not be saved.
 */
export function planChecklistItems(ids: readonly string[], owner: string, due: string | undefined, overwrite = false): PlanOutcome | undefined {
  let outcome: PlanOutcome | undefined;
  const saved = changeWithBackup(
    'Items were added to the checklist from the self-assessment.',
    (state) => {
      outcome = planItems(state, ids, owner, due, { overwrite });
      return outcome.state;
    },
    'the checklist was not changed',
  );
  return saved ? outcome : undefined;
}

/** Adds a loaded file's records to these: new items and empty fields come in, values set here stay. */
export function addRecords(items: ItemRecords, fileName: string): MergeOutcome | undefined {
  let outcome: MergeOutcome | undefined;
  const saved = changeWithBackup(
    `Loaded "${fileName}" into the checklist.`,
    (state) => {
      outcome = mergeRecords(state.items, items);
      return { ...state, items: outcome.items };
    },
    `"${fileName}" was not loaded`,
  );
  return saved ? outcome : undefined;
}

/** Replaces the records with a loaded file's, after keeping the current ones as the backup for Undo. */
export function replaceRecords(items: ItemRecords, fileName: string): boolean {
  return changeWithBackup(`Replaced the checklist with "${fileName}".`, (state) => ({ ...state, items }), 'nothing was replaced');
}

/** Puts back the records as they were before the last load or plan. */
export function undoReplace(): boolean {
  const backup = readBackup(storageKey) ?? $checklistUndo.get();
  if (!backup) return false;
  const { state } = decodeState(backup.text);
  if (!persist(state)) return false;
  dropBackup(storageKey);
  $checklistUndo.set(undefined);
  return true;
}

/** Closes the Undo offer and forgets the backup. */
export function dismissUndo(): void {
  dropBackup(storageKey);
  $checklistUndo.set(undefined);
}
