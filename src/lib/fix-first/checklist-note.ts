/**
 * "Add the top upgrades to the checklist": the upgrades become lines in the notes of the checklist
 * item about the team's fix order, each with its owner and the day it is due by its bucket. The
 * notes keep what was there and stay within the checklist's limit; upgrades that do not fit are
 * counted, not cut in half.
 */
import { maxNotesLength } from '../checklist/model.ts';
import type { Bucket } from './model.ts';

/** The checklist item the upgrades are added to: the team's written order for fixing known holes. */
export const fixOrderItem = 'ss-fix-order-agreed';

/** Days from today to the due date, per bucket, following the reference's words ("today", "this week"…). */
const daysToDue: Record<Bucket, number> = { today: 0, 'this-week': 7, 'this-month': 30, later: 90, 'no-fix-yet': 7 };

/** The day an upgrade in this bucket is due, counted from `today` (YYYY-MM-DD). */
export function dueDay(bucket: Bucket, today: string): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + daysToDue[bucket])).toISOString().slice(0, 10);
}

export interface ChecklistUpgrade {
  line: string;
  bucket: Bucket;
  owner: string;
}

/** The notes with the upgrades added, and how many fitted. */
export function notesWithUpgrades(current: string | undefined, upgrades: readonly ChecklistUpgrade[], today: string): { notes: string; added: number; left: number } {
  const before = current?.trim() ? `${current.trimEnd()}\n\n` : '';
  let notes = `${before}Upgrades from Fix first, ${today}:`;
  let added = 0;
  for (const u of upgrades) {
    const line = `\n- ${u.line.replace(/\s+/g, ' ')} Owner: ${u.owner.trim() || 'nobody yet'}. Due ${dueDay(u.bucket, today)}.`;
    if (notes.length + line.length > maxNotesLength) break;
    notes += line;
    added++;
  }
  return { notes: added === 0 ? (current ?? '') : notes, added, left: upgrades.length - added };
}
