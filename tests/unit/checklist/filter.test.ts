import { describe, expect, it } from 'vitest';
import { isUnfiltered, matchesFilter, type ChecklistFilter } from '../../../src/lib/checklist/filter.ts';
import { items } from './fixtures.ts';

const records = {
  'ss-owner-named': { owner: 'Ana', due: '2026-11-01' },
  'ss-first-week-plan': { owner: ' ana ', done: '2026-11-20' },
  'ss-scan-in-ci': { owner: 'Bo', done: '2026-01-01' },
};
const shown = (filter: ChecklistFilter) => items.filter((i) => matchesFilter(i, records, '2026-11-30', filter)).map((i) => i.id);

describe('checklist filters', () => {
  it('show everything when nothing is set', () => {
    expect(isUnfiltered({})).toBe(true);
    expect(shown({})).toHaveLength(items.length);
  });

  it('match an owner whatever the case and outer spaces', () => {
    expect(shown({ owner: 'ANA' })).toEqual(['ss-owner-named', 'ss-first-week-plan']);
    expect(shown({ mine: 'ana' })).toEqual(['ss-owner-named', 'ss-first-week-plan']);
  });

  it('find items nobody owns yet', () => {
    expect(shown({ owner: '' })).toEqual(['tbv-monthly-access-review']);
  });

  it('combine practice, level and status', () => {
    expect(shown({ practice: 'start-somewhere', level: 1 })).toEqual(['ss-owner-named', 'ss-first-week-plan']);
    expect(shown({ status: 'overdue' })).toEqual(['ss-owner-named']);
    expect(shown({ status: 'recheck' })).toEqual(['ss-scan-in-ci']);
    expect(shown({ status: 'done', mine: 'Ana' })).toEqual(['ss-first-week-plan']);
    expect(shown({ practice: 'trust-but-verify', owner: 'Ana' })).toEqual([]);
    expect(isUnfiltered({ level: 2 })).toBe(false);
  });
});
