/**
 * Changes to the checklist that bring values from elsewhere: planning items from the
 * self-assessment, and adding a loaded checklist file. Neither replaces a value someone already
 * set: they fill what is empty and list the rest. Apart from stored.ts because only the pages that
 * plan or load need them, when they do.
 */
import type { Bucket } from '../assessment/next-steps.ts';
import { addDays, type ItemRecord, type ItemRecords } from './model.ts';
import { updateItem, type ChecklistState } from './stored.ts';

/** Days from today to the suggested due date of a plan bucket's checklist items. */
const dueInDays: Readonly<Record<Bucket, number>> = { 'this-sprint': 14, 'this-quarter': 90, later: 180 };

/** The due date suggested for the checklist items behind a plan bucket's steps, from today (`YYYY-MM-DD`). */
export function suggestedDueDate(bucket: Bucket, today: string): string {
  return addDays(today, dueInDays[bucket]);
}

/** A value already set on an item that planning would change, with what it would become. */
export interface PlanConflict {
  id: string;
  field: 'owner' | 'due';
  current: string;
  proposed: string;
}

export interface PlanOutcome {
  state: ChecklistState;
  /** Items that got an owner or a due date. */
  planned: string[];
  /** Items already done: left as they are. */
  alreadyDone: string[];
  /** Values already set that differ from the plan: changed only with `overwrite`. */
  conflicts: PlanConflict[];
}

/**
 * Puts items on the plan: on each item not yet done, fills the owner and due date where they are
 * empty. A value someone already set is never changed silently: it is listed in `conflicts`, and
 * changed only when `overwrite` is true (the reader said so after seeing the list). Done items
 * keep what they have.
 */
export function planItems(
  state: ChecklistState,
  ids: readonly string[],
  owner: string,
  due: string | undefined,
  { overwrite = false }: { overwrite?: boolean } = {},
): PlanOutcome {
  let next = state;
  const planned: string[] = [];
  const alreadyDone: string[] = [];
  const conflicts: PlanConflict[] = [];
  const wanted = { owner: owner.trim() || undefined, due: due || undefined };
  for (const id of new Set(ids)) {
    const record = next.items[id] ?? {};
    if (record.done) {
      alreadyDone.push(id);
      continue;
    }
    const change: Partial<Record<'owner' | 'due', string>> = {};
    for (const field of ['owner', 'due'] as const) {
      const proposed = wanted[field];
      const current = record[field];
      if (proposed === undefined || current === proposed) continue;
      if (current === undefined || overwrite) change[field] = proposed;
      if (current !== undefined) conflicts.push({ id, field, current, proposed });
    }
    if (Object.keys(change).length > 0) {
      next = updateItem(next, id, change);
      planned.push(id);
    }
  }
  return { state: next, planned, alreadyDone, conflicts };
}

/** What adding a loaded checklist to the one in the browser did. */
export interface MergeOutcome {
  items: ItemRecords;
  /** Items that had no record here and now have the loaded one. */
  added: string[];
  /** Items here that had empty fields, filled from the loaded file. */
  filled: string[];
  /** Items where both have a value and they differ: this browser's values are kept. */
  differing: string[];
}

/**
 * Adds a loaded checklist to this one without replacing anything: new items come in whole, empty
 * fields are filled, and where both have a different value this browser's is kept (and listed,
 * so the reader can choose to replace instead).
 */
export function mergeRecords(mine: ItemRecords, incoming: ItemRecords): MergeOutcome {
  const items: ItemRecords = { ...mine };
  const added: string[] = [];
  const filled: string[] = [];
  const differing: string[] = [];
  for (const [id, theirs] of Object.entries(incoming)) {
    const ours = mine[id];
    if (!ours || Object.keys(ours).length === 0) {
      if (Object.keys(theirs).length > 0) {
        items[id] = { ...theirs };
        added.push(id);
      }
      continue;
    }
    const record: ItemRecord = { ...ours };
    let didFill = false;
    let differs = false;
    for (const [field, value] of Object.entries(theirs) as [keyof ItemRecord, string][]) {
      if (record[field] === undefined) {
        record[field] = value;
        didFill = true;
      } else if (record[field] !== value) differs = true;
    }
    items[id] = record;
    if (didFill) filled.push(id);
    if (differs) differing.push(id);
  }
  return { items, added, filled, differing };
}
