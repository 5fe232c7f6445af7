/** Ordering and neighbours for guides: pure, so pages and tests share one rule. */
import { practiceIds, type PracticeId } from './practices.ts';

export interface GuideSummary {
  id: string;
  title: string;
  practice: PracticeId;
  order: number;
}

/** Guides in reading order: by practice (as the practices are listed), then by `order`, then title. */
export function sortGuides<T extends GuideSummary>(guides: readonly T[]): T[] {
  return [...guides].sort(
    (a, b) =>
      practiceIds.indexOf(a.practice) - practiceIds.indexOf(b.practice) ||
      a.order - b.order ||
      a.title.localeCompare(b.title),
  );
}

/** The guides before and after this one in reading order (across practices). */
export function neighbours<T extends GuideSummary>(guides: readonly T[], id: string): { previous?: T; next?: T } {
  const sorted = sortGuides(guides);
  const at = sorted.findIndex((g) => g.id === id);
  if (at < 0) return {};
  return { previous: sorted[at - 1], next: sorted[at + 1] };
}

/** Guides grouped by practice, each group in reading order; every practice appears, even if empty. */
export function groupByPractice<T extends GuideSummary>(guides: readonly T[]): { practice: PracticeId; guides: T[] }[] {
  const sorted = sortGuides(guides);
  return practiceIds.map((practice) => ({ practice, guides: sorted.filter((g) => g.practice === practice) }));
}

/** A date as readers in the UK and elsewhere read it: "20 November 2026". */
export function formatDate(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}
