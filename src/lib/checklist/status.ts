/**
 * Where an item stands on a given day:
 * - "done": done, and no re-check is due yet;
 * - "recheck": done, but `cadenceDays` or more days ago, so it needs checking again (from the day
 *   it became due: done day + cadence);
 * - "overdue": not done, and today is after its due date (on the due date itself it is still "to do");
 * - "todo": everything else.
 */
import { addDays, type ChecklistItem, type ItemRecord } from './model.ts';

export type StatusKind = 'todo' | 'done' | 'recheck' | 'overdue';

export interface ItemStatus {
  kind: StatusKind;
  /** For a done item with a cadence: the day it needs checking again. */
  nextCheck?: string;
}

export const statusKinds: readonly StatusKind[] = ['todo', 'overdue', 'recheck', 'done'];

export const statusWords: Record<StatusKind, string> = {
  todo: 'To do',
  done: 'Done',
  recheck: 'Due for a re-check',
  overdue: 'Overdue',
};

/** The status of one item on `today` ("YYYY-MM-DD"). Days compare as text, which is exact for this format. */
export function itemStatus(item: Pick<ChecklistItem, 'cadenceDays'>, record: ItemRecord | undefined, today: string): ItemStatus {
  if (record?.done) {
    if (item.cadenceDays === undefined) return { kind: 'done' };
    const nextCheck = addDays(record.done, item.cadenceDays);
    return { kind: nextCheck <= today ? 'recheck' : 'done', nextCheck };
  }
  if (record?.due && record.due < today) return { kind: 'overdue' };
  return { kind: 'todo' };
}

/** A status in words, with the date that matters ("Due for a re-check since 2026-11-30"). */
export function describeStatus(status: ItemStatus, record: ItemRecord | undefined): string {
  switch (status.kind) {
    case 'recheck':
      return `Due for a re-check since ${status.nextCheck}`;
    case 'overdue':
      return `Overdue since ${record?.due}`;
    case 'done':
      return `Done on ${record?.done}`;
    default:
      return 'To do';
  }
}

/** How many of these items are done (a re-check due still counts as done: the work was done). */
export function countDone(records: Readonly<Record<string, ItemRecord>>, ids: readonly string[]): { done: number; total: number } {
  return { done: ids.filter((id) => records[id]?.done !== undefined).length, total: ids.length };
}
