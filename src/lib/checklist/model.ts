/**
 * The checklist's shapes: an item as the content describes it, and what a team has recorded
 * about it (done on, owner, due date, notes). Dates are calendar days, "YYYY-MM-DD".
 */
import type { EffortLevel, PracticeId } from '../practices.ts';
import type { FrameworkIds } from '../frameworks/maps-to.ts';

/** One checklist item from content/checklist, with what the page shows about it. */
export interface ChecklistItem {
  id: string;
  practice: PracticeId;
  level: number;
  order: number;
  title: string;
  why: string;
  howToCheck: string;
  doneWhen: string;
  effort: EffortLevel;
  cadenceDays?: number;
  guide?: { href: string; title: string };
  /** A Plainsec tool that does the check or the work. */
  tool?: { href: string; title: string };
  /** The framework ids this item answers to; the exports carry them for questionnaires. */
  maps?: FrameworkIds;
  /** Self-assessment questions this item supports. */
  questions?: { id: string; topic: string }[];
}

/**
 * An item as the checklist page's code, its exports and filters read it: the texts that are only
 * read (why, how to check, the questions) reach the page as HTML made at build time (details-html.ts).
 */
export type ItemSummary = Omit<ChecklistItem, 'why' | 'howToCheck' | 'questions'>;

/** What the team has recorded about one item. Every field is optional; an empty record is "nothing yet". */
export interface ItemRecord {
  /** The day it was done (or last checked). */
  done?: string;
  owner?: string;
  /** The day it should be done by. */
  due?: string;
  notes?: string;
}

export type ItemRecords = Record<string, ItemRecord>;

export const maxOwnerLength = 100;
export const maxNotesLength = 2000;

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written "YYYY-MM-DD" (no 31 February). */
export function isDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = dayPattern.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The calendar day a moment falls on where the reader is. */
export function localDay(moment: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`;
}

/** The day `days` after `day` (negative goes back). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Items in reading order: by practice (in the given order), then level, then `order`, then title. */
export function inChecklistOrder<T extends Pick<ChecklistItem, 'practice' | 'level' | 'order' | 'title'>>(
  items: readonly T[],
  practiceOrder: readonly PracticeId[],
): T[] {
  return [...items].sort(
    (a, b) =>
      practiceOrder.indexOf(a.practice) - practiceOrder.indexOf(b.practice) ||
      a.level - b.level ||
      a.order - b.order ||
      a.title.localeCompare(b.title),
  );
}
