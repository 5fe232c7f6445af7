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
  return readingOrder(guides).neighbours(id);
}

/** The reading order sorted once, for looking up the neighbours of many guides. */
export function readingOrder<T extends GuideSummary>(guides: readonly T[]): { neighbours: (id: string) => { previous?: T; next?: T } } {
  const sorted = sortGuides(guides);
  const position = new Map(sorted.map((g, at) => [g.id, at]));
  return {
    neighbours: (id) => {
      const at = position.get(id);
      if (at === undefined) return {};
      return { previous: sorted[at - 1], next: sorted[at + 1] };
    },
  };
}

/** Guides grouped by practice, each group in reading order; every practice appears, even if empty. */
export function groupByPractice<T extends GuideSummary>(guides: readonly T[]): { practice: PracticeId; guides: T[] }[] {
  const sorted = sortGuides(guides);
  return practiceIds.map((practice) => ({ practice, guides: sorted.filter((g) => g.practice === practice) }));
}

/** A date as readers in the UK and elsewhere read it: "20 November 2026". */
// Made once: building a DateTimeFormat costs about 0.2 ms, which adds up over a thousand guide pages.
const reviewDateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function formatDate(date: Date): string {
  return reviewDateFormat.format(date);
}

/** Up to this many guides, every guide page's sidebar lists every guide. */
export const fullSidebarLimit = 100;
/** How many guides on either side of the current one a shortened sidebar lists. */
const sidebarReach = 5;

/** One practice in a guide page's sidebar: the guides it lists, and how many the practice has. */
export interface SidebarGroup<T> {
  practice: PracticeId;
  guides: T[];
  total: number;
}

/**
 * What a guide page's sidebar lists, given every guide by practice (`groupByPractice`), in
 * reading order. Up to `limit` guides in all,
 * every guide. Above it, a list of every guide on every page would make the site's HTML grow
 * with the square of the number of guides, so each page lists only the guides within `reach` of
 * its own in its practice; a group that lists fewer guides than it has links to its full list.
 */
export function sidebarGroups<T extends GuideSummary>(
  groups: readonly { practice: PracticeId; guides: T[] }[],
  currentId: string,
  limit: number = fullSidebarLimit,
  reach: number = sidebarReach,
): SidebarGroup<T>[] {
  const count = groups.reduce((sum, group) => sum + group.guides.length, 0);
  if (count <= limit) return groups.map((group) => ({ ...group, total: group.guides.length }));
  return groups.map((group) => {
    const at = group.guides.findIndex((g) => g.id === currentId);
    const near = at < 0 ? [] : group.guides.slice(Math.max(0, at - reach), at + reach + 1);
    return { practice: group.practice, guides: near, total: group.guides.length };
  });
}
