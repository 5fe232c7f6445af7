import { describe, expect, it } from 'vitest';
import { practiceIds } from '../../src/lib/practices.ts';
import { formatDate, fullSidebarLimit, groupByPractice, neighbours, sidebarGroups, sortGuides } from '../../src/lib/navigation.ts';

const guides = [
  { id: 'b', title: 'B', practice: 'trust-but-verify' as const, order: 1 },
  { id: 'a2', title: 'A2', practice: 'start-somewhere' as const, order: 2 },
  { id: 'a1', title: 'A1', practice: 'start-somewhere' as const, order: 1 },
];

describe('guide navigation', () => {
  it('puts guides in practice order, then in their own order', () => {
    expect(sortGuides(guides).map((g) => g.id)).toEqual(['a1', 'a2', 'b']);
  });
  it('leads from the last guide of one practice to the first of the next', () => {
    expect(neighbours(guides, 'a2')).toEqual({ previous: guides[2], next: guides[0] });
  });
  it('has no previous guide before the first one', () => {
    expect(neighbours(guides, 'a1').previous).toBeUndefined();
  });
  it('lists every practice, even one with no guides yet', () => {
    const groups = groupByPractice(guides);
    expect(groups.map((g) => g.guides.length)).toEqual([2, 1, 0]);
  });
  it('writes dates the way people read them', () => {
    expect(formatDate(new Date('2026-11-20'))).toBe('20 November 2026');
  });
});

describe('the sidebar of a guide page', () => {
  const many = (count: number) =>
    Array.from({ length: count }, (_, n) => ({ id: `g${n}`, title: `G${n}`, practice: practiceIds[n % 3]!, order: n }));

  it('lists every guide of every practice up to the limit', () => {
    const guides = many(fullSidebarLimit);
    const groups = sidebarGroups(groupByPractice(guides), 'g0');
    expect(groups.map((g) => g.guides)).toEqual(groupByPractice(guides).map((g) => g.guides));
    expect(groups.every((g) => g.guides.length === g.total)).toBe(true);
  });

  it('above the limit lists only the guides near this one in its own practice, and counts every practice', () => {
    const guides = many(fullSidebarLimit + 200);
    const groups = sidebarGroups(groupByPractice(guides), 'g150', fullSidebarLimit, 2);
    expect(groups.map((g) => g.total)).toEqual([100, 100, 100]);
    expect(groups[0]!.guides.map((g) => g.id)).toEqual(['g144', 'g147', 'g150', 'g153', 'g156']);
    expect(groups[1]!.guides).toEqual([]);
    expect(groups[2]!.guides).toEqual([]);
  });

  it('above the limit stops the nearby guides at either end of the practice', () => {
    const groups = sidebarGroups(groupByPractice(many(fullSidebarLimit + 200)), 'g1', fullSidebarLimit, 2);
    expect(groups[1]!.guides.map((g) => g.id)).toEqual(['g1', 'g4', 'g7']);
  });
});
