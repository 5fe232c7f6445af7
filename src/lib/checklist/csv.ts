/**
 * The checklist as CSV (RFC 4180): a header row, CRLF line ends, and fields quoted when they hold a
 * comma, a quote, a line break or spaces at either end (quotes inside are doubled).
 * A cell that starts with = + - @ or a tab would run as a formula in a spreadsheet, so it gets a
 * leading apostrophe: notes typed by a person must never run as a formula on someone's machine.
 */
import { practices } from '../practices.ts';
import type { ItemSummary, ItemRecords } from './model.ts';
import { itemStatus, statusWords } from './status.ts';
import { frameworkFields, frameworkNames } from '../frameworks/maps-to.ts';

/** One column per framework after the guide, so a questionnaire's "which control?" is a filter away. */
export const csvColumns = ['id', 'practice', 'level', 'title', 'status', 'owner', 'due', 'done on', 'next re-check', 'notes', 'guide URL', ...frameworkFields.map((f) => frameworkNames[f])] as const;

/** One field, quoted when needed. */
export function csvField(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows to CSV text, each row ending in CRLF. */
export function toCsv(rows: readonly (readonly (string | number | undefined)[])[]): string {
  return rows.map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

/** The whole checklist, one row per item in the order given. */
export function checklistCsv(items: readonly ItemSummary[], records: ItemRecords, today: string, origin: string): string {
  const rows = items.map((item) => {
    const record = records[item.id];
    const status = itemStatus(item, record, today);
    return [
      item.id,
      practices[item.practice].name,
      item.level,
      item.title,
      statusWords[status.kind],
      record?.owner,
      record?.due,
      record?.done,
      status.nextCheck,
      record?.notes,
      item.guide ? new URL(item.guide.href, origin).href : undefined,
      ...frameworkFields.map((f) => item.maps?.[f]?.join('; ')),
    ];
  });
  return toCsv([csvColumns, ...rows]);
}
