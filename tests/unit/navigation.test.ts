import { describe, expect, it } from 'vitest';
import { formatDate, groupByPractice, neighbours, sortGuides } from '../../src/lib/navigation.ts';

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
