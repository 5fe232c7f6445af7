/** Which items the reader asked to see: by practice, level, owner, status, or only their own. */
import type { PracticeId } from '../practices.ts';
import type { ItemSummary, ItemRecords } from './model.ts';
import { itemStatus, type StatusKind } from './status.ts';

export interface ChecklistFilter {
  practice?: PracticeId;
  level?: number;
  /** An owner's name; "" means items nobody owns yet. */
  owner?: string;
  status?: StatusKind;
  /** When set, only items owned by this name (compared without case or outer spaces). */
  mine?: string;
}

const sameName = (a: string | undefined, b: string) => a !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

/** True when the item passes every filter that is set. */
export function matchesFilter(item: ItemSummary, records: ItemRecords, today: string, filter: ChecklistFilter): boolean {
  const record = records[item.id];
  if (filter.practice && item.practice !== filter.practice) return false;
  if (filter.level && item.level !== filter.level) return false;
  if (filter.owner !== undefined && (filter.owner === '' ? Boolean(record?.owner) : !sameName(record?.owner, filter.owner))) return false;
  if (filter.mine !== undefined && !sameName(record?.owner, filter.mine)) return false;
  if (filter.status && itemStatus(item, record, today).kind !== filter.status) return false;
  return true;
}

/** True when no filter is set. */
export function isUnfiltered(filter: ChecklistFilter): boolean {
  return Object.values(filter).every((v) => v === undefined);
}
