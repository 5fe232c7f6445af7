/**
 * The checklist changes that keep a backup first, and Undo: adding or replacing with a loaded
 * file, planning items from the self-assessment, putting a backup back. Kept apart from
 * checklist.ts so the checklist page loads this only when a reader loads a file or sees an Undo.
 * Keys and shapes: see checklist.ts.
 */
import type { ItemRecords } from '../lib/checklist/model.ts';
import { decodeChecklist, encodeState, updateItem, type ChecklistState } from '../lib/checklist/stored.ts';
import type { Backup } from '../lib/storage/backup.ts';
import { mergeRecords, planItems, type MergeOutcome, type PlanOutcome } from '../lib/checklist/plan.ts';
import { dropBackup, keepBackup, readBackup } from './backups.ts';
import { $checklist, $checklistHasBackup, $checklistProblem, $undo, keepAside, latest, onBackupChange, persist, readChecklist, storageKey } from './checklist.ts';

/** Shows the backup as stored now (this tab or another may have changed it). */
function readUndo(): void {
  const backup = readBackup(storageKey);
  $undo.set(backup);
  $checklistHasBackup.set(backup !== undefined);
}
onBackupChange(readUndo);

/** Shows a backup this tab has just kept or dropped. */
function showUndo(backup: Backup | undefined): void {
  $undo.set(backup);
  $checklistHasBackup.set(backup !== undefined);
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
  showUndo(backup);
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

/**
 * Adds text to one item's notes (replacing them with `notes(current)`), and fills its owner and
 * due date where they are empty. Keeps a backup first, so Undo on the checklist puts it back.
 */
export function addToChecklistItem(id: string, notes: (current: string | undefined) => string, owner: string, due: string, what: string): boolean {
  return changeWithBackup(
    what,
    (state) => {
      const record = state.items[id] ?? {};
      return updateItem(state, id, { notes: notes(record.notes), owner: record.owner ?? owner, due: record.due ?? due });
    },
    'the checklist was not changed',
  );
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

/**
 * Puts back the records as they were before the last load or plan. Undo swaps: the records as they
 * are now (with any tick made since) become the backup, so a second Undo brings them back and
 * nothing is lost.
 */
export function undoReplace(): boolean {
  const backup = readBackup(storageKey) ?? $undo.get();
  if (!backup) return false;
  const { state } = decodeChecklist(backup.text);
  const current = encodeState(latest());
  if (current === encodeState(state)) {
    dropBackup(storageKey);
    showUndo(undefined);
    return true;
  }
  const swapped = keepBackup(storageKey, current, 'Undo put back your earlier checklist.');
  if (!swapped) {
    $checklistProblem.set(noBackup('nothing was undone'));
    return false;
  }
  if (!persist(state)) return false;
  showUndo(swapped);
  return true;
}

/** Closes the Undo offer and forgets the backup. */
export function dismissUndo(): void {
  dropBackup(storageKey);
  showUndo(undefined);
}
