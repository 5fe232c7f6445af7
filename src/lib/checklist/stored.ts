/**
 * The checklist as kept in the reader's browser, and how older shapes are read.
 *
 * Version 2 (key `plainsec:checklist:v2`), JSON:
 *   { "version": 2, "me"?: "<name for 'show only what is mine'>",
 *     "items": { "<item id>": { "done"?: "YYYY-MM-DD", "owner"?: text, "due"?: "YYYY-MM-DD", "notes"?: text } } }
 *
 * Version 1 (key `plainsec:checklist:v1`, before owners and dates), JSON:
 *   { "version": 1, "done": { "<item id>": "<ISO date or date and time it was ticked>" } }
 *
 * Migration v1 → v2: every tick becomes `items[id].done`, its date cut to the calendar day
 * ("2026-11-01T10:00:00.000Z" → "2026-11-01"); nothing else existed in v1. The browser store reads
 * v2 first; only when there is no v2 does it read v1, and it never deletes the v1 text, so going
 * back to an older page still finds the old ticks.
 *
 * Decoding never throws: unreadable text gives an empty checklist plus a plain-words problem, and
 * the caller keeps the raw text aside so nothing the reader had is silently lost. Unknown item ids
 * are kept (an item may come back).
 */
import { isDay, maxNotesLength, maxOwnerLength, type ItemRecord, type ItemRecords } from './model.ts';

export interface ChecklistState {
  version: 2;
  me?: string;
  items: ItemRecords;
}

export const emptyState: ChecklistState = { version: 2, items: {} };

export type Decoded = { state: ChecklistState; problem?: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const version1Date = /^(\d{4}-\d{2}-\d{2})(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

/** Reads one item's record; fields that cannot be read are left out and counted. */
function readRecord(value: unknown): { record: ItemRecord; dropped: number } {
  if (!isObject(value)) return { record: {}, dropped: 1 };
  const record: ItemRecord = {};
  let dropped = 0;
  for (const [key, field] of Object.entries(value)) {
    if ((key === 'done' || key === 'due') && isDay(field)) record[key] = field;
    else if (key === 'owner' && typeof field === 'string' && field.length <= maxOwnerLength) record.owner = field;
    else if (key === 'notes' && typeof field === 'string' && field.length <= maxNotesLength) record.notes = field;
    else dropped++;
  }
  return { record, dropped };
}

/** Turns version 1 (ticks with dates) into version 2, keeping every tick and its day. */
export function migrateFromVersion1(value: Record<string, unknown>): Decoded {
  const done = value.done;
  if (!isObject(done)) return { state: emptyState, problem: 'Your saved checklist is missing its list of done items.' };
  const items: ItemRecords = {};
  let dropped = 0;
  for (const [id, when] of Object.entries(done)) {
    const match = typeof when === 'string' ? version1Date.exec(when) : null;
    if (match && isDay(match[1])) items[id] = { done: match[1] };
    else dropped++;
  }
  const state: ChecklistState = { version: 2, items };
  return dropped === 0 ? { state } : { state, problem: `${dropped} saved tick(s) had no readable date and were left out.` };
}

/** Reads stored text of either version; never throws. */
export function decodeChecklist(raw: string | undefined | null): Decoded {
  if (raw === undefined || raw === null || raw === '') return { state: emptyState };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { state: emptyState, problem: 'Your saved checklist could not be read (it is not valid JSON).' };
  }
  if (!isObject(value)) return { state: emptyState, problem: 'Your saved checklist is in a shape this page does not know.' };
  if (value.version === 1) return migrateFromVersion1(value);
  if (value.version !== 2) return { state: emptyState, problem: 'Your saved checklist is from a version this page does not know.' };
  if (!isObject(value.items)) return { state: emptyState, problem: 'Your saved checklist is missing its list of items.' };
  const items: ItemRecords = {};
  let dropped = 0;
  for (const [id, entry] of Object.entries(value.items)) {
    const read = readRecord(entry);
    dropped += read.dropped;
    if (Object.keys(read.record).length > 0) items[id] = read.record;
  }
  const state: ChecklistState = { version: 2, items };
  if (typeof value.me === 'string' && value.me.length <= maxOwnerLength && value.me !== '') state.me = value.me;
  return dropped === 0 ? { state } : { state, problem: `${dropped} saved detail(s) could not be read and were left out.` };
}

/** The stored text for a state. */
export function encodeState(state: ChecklistState): string {
  return JSON.stringify(state);
}

/** A copy of the state with one item's record changed; an emptied record is removed. */
export function updateItem(state: ChecklistState, id: string, change: Partial<Record<keyof ItemRecord, string | undefined>>): ChecklistState {
  const record: ItemRecord = { ...state.items[id] };
  for (const [key, value] of Object.entries(change) as [keyof ItemRecord, string | undefined][]) {
    const trimmed = key === 'notes' ? value : value?.trim();
    if (trimmed === undefined || trimmed === '') delete record[key];
    else record[key] = trimmed;
  }
  const items = { ...state.items };
  if (Object.keys(record).length === 0) delete items[id];
  else items[id] = record;
  return { ...state, items };
}

/** Marks an item done on `day`, or not done. */
export function setDone(state: ChecklistState, id: string, done: boolean, day: string): ChecklistState {
  return updateItem(state, id, { done: done ? day : undefined });
}

/** Owner names already in use, most used first, for suggestions. */
export function ownersInUse(state: ChecklistState): string[] {
  const counts = new Map<string, number>();
  for (const record of Object.values(state.items)) if (record.owner) counts.set(record.owner, (counts.get(record.owner) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
}
