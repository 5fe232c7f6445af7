/**
 * The checklist file: the team's records saved as JSON, to keep or to load into another browser.
 * Reading one never throws: the answer is the records, or one plain-words sentence saying what is
 * wrong and what to do.
 *
 * Format 1: { "$schema"?, "formatVersion": 1, "exportedAt"?: ISO date and time,
 *   "items": { "<item id>": { "done"?: "YYYY-MM-DD", "owner"?: text (≤ 100), "due"?: "YYYY-MM-DD",
 *   "notes"?: text (≤ 2000) } } }
 *
 * A hand-written check rather than zod keeps the browser's code small; file-schema.ts holds the same
 * shape as a zod model for the published JSON Schema, and the tests hold the two to the same verdict.
 */
import { isDay, maxNotesLength, maxOwnerLength, type ItemRecord, type ItemRecords } from './model.ts';

export const maxChecklistFileBytes = 1_000_000;
const checklistFormatVersion = 1;
export const maxFileItems = 1000;
export const checklistSchemaUrl = 'https://plainsec.dev/schemas/checklist.schema.json';
const itemIdPattern = /^[a-z0-9][a-z0-9-]{0,99}$/;

export interface ChecklistFile {
  $schema?: string;
  formatVersion: 1;
  exportedAt?: string;
  items: ItemRecords;
}

export type FileResult = { ok: true; file: ChecklistFile } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const momentPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

class Invalid extends Error {}
function fail(path: string, what: string): never {
  throw new Invalid(`${path} ${what}`);
}

function readItem(value: unknown, path: string): ItemRecord {
  if (!isObject(value)) fail(path, 'must be an object');
  const record: ItemRecord = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === 'done' || key === 'due') {
      if (!isDay(field)) fail(`${path}.${key}`, 'must be a day written like 2026-11-30');
      record[key] = field;
    } else if (key === 'owner' || key === 'notes') {
      const max = key === 'owner' ? maxOwnerLength : maxNotesLength;
      if (typeof field !== 'string') fail(`${path}.${key}`, 'must be text');
      if (field.length > max) fail(`${path}.${key}`, `is longer than ${max} characters`);
      record[key] = field;
    } else fail(`${path}.${key}`, 'is not part of a checklist file');
  }
  return record;
}

/** Checks an already-parsed value; never throws. */
export function checkChecklistValue(value: unknown): FileResult {
  if (!isObject(value) || !('formatVersion' in value)) {
    return { ok: false, error: 'This is not a Plainsec checklist file (it has no formatVersion). Check that you picked the file Plainsec saved from the checklist.' };
  }
  const version = value.formatVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > checklistFormatVersion) {
    return {
      ok: false,
      error: `This checklist was saved by a newer Plainsec (format ${version}); this page reads format ${checklistFormatVersion}. Open it with the current Plainsec, or ask whoever sent it for a file from this version.`,
    };
  }
  if (version !== checklistFormatVersion) {
    return { ok: false, error: `This is not a Plainsec checklist file: its formatVersion is not ${checklistFormatVersion}. Check that you picked the right file.` };
  }
  try {
    const extra = Object.keys(value).find((k) => !['$schema', 'formatVersion', 'exportedAt', 'items'].includes(k));
    if (extra !== undefined) fail(extra, 'is not part of a checklist file');
    if (value.$schema !== undefined && typeof value.$schema !== 'string') fail('$schema', 'must be text');
    if (value.exportedAt !== undefined && (typeof value.exportedAt !== 'string' || !momentPattern.test(value.exportedAt) || Number.isNaN(Date.parse(value.exportedAt)))) {
      fail('exportedAt', 'must be a date and time such as 2026-11-30T09:00:00Z');
    }
    if (!isObject(value.items)) fail('items', 'must be an object of item ids and what was recorded about them');
    const entries = Object.entries(value.items);
    if (entries.length > maxFileItems) fail('items', `lists more than ${maxFileItems} items`);
    const items: ItemRecords = {};
    for (const [id, entry] of entries) {
      if (!itemIdPattern.test(id)) fail(`items."${id.slice(0, 40)}"`, 'is not a checklist item id (lower-case letters, digits and dashes)');
      items[id] = readItem(entry, `items.${id}`);
    }
    const file: ChecklistFile = { formatVersion: 1, items };
    if (typeof value.exportedAt === 'string') file.exportedAt = value.exportedAt;
    return { ok: true, file };
  } catch (error) {
    if (error instanceof Invalid) {
      return { ok: false, error: `This checklist file is damaged or was changed by hand: ${error.message}. Save it again from Plainsec, or fix that part.` };
    }
    return { ok: false, error: 'This checklist file could not be read. Save it again from Plainsec.' };
  }
}

/** Reads a checklist file's text; never throws. `bytes` is its size when known (for files). */
export function parseChecklistText(text: string, bytes = new TextEncoder().encode(text).length): FileResult {
  if (bytes > maxChecklistFileBytes) {
    return { ok: false, error: `This file is ${(bytes / 1_000_000).toFixed(2)} MB; a checklist file is at most 1 MB. Check that you picked a Plainsec checklist file.` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, error: 'This file is not readable JSON: it may be cut short or not a Plainsec checklist. Save it again from Plainsec and load the new file.' };
  }
  return checkChecklistValue(value);
}

/** The text Plainsec saves: the schema link first, two-space indents, items sorted by id, one newline at the end. */
export function checklistFileText(items: ItemRecords, now: Date): string {
  const sorted = Object.fromEntries(
    Object.keys(items)
      .sort()
      .filter((id) => Object.keys(items[id]!).length > 0)
      .map((id) => [id, items[id]!]),
  );
  const file: ChecklistFile = { $schema: checklistSchemaUrl, formatVersion: 1, exportedAt: now.toISOString(), items: sorted };
  return JSON.stringify(file, null, 2) + '\n';
}
