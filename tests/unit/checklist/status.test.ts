import { describe, expect, it } from 'vitest';
import { addDays, inChecklistOrder, isDay, localDay } from '../../../src/lib/checklist/model.ts';
import { countDone, describeStatus, itemStatus } from '../../../src/lib/checklist/status.ts';
import { practiceIds } from '../../../src/lib/practices.ts';
import { items } from './fixtures.ts';

const quarterly = { cadenceDays: 90 };
const once = {};

describe('the status of a checklist item', () => {
  it('is "to do" when nothing is recorded', () => {
    expect(itemStatus(quarterly, undefined, '2026-11-30')).toEqual({ kind: 'todo' });
  });

  it('is still "to do" on its due date, and "overdue" from the day after', () => {
    expect(itemStatus(once, { due: '2026-11-30' }, '2026-11-30').kind).toBe('todo');
    expect(itemStatus(once, { due: '2026-11-30' }, '2026-12-01').kind).toBe('overdue');
  });

  it('is "done" the day before its re-check and "due for a re-check" exactly at its cadence', () => {
    // Done on 1 September; 90 days later is 30 November.
    expect(itemStatus(quarterly, { done: '2026-09-01' }, '2026-11-29')).toEqual({ kind: 'done', nextCheck: '2026-11-30' });
    expect(itemStatus(quarterly, { done: '2026-09-01' }, '2026-11-30')).toEqual({ kind: 'recheck', nextCheck: '2026-11-30' });
  });

  it('says since when a re-check is due, for an item done 100 days ago with a 90-day cadence', () => {
    const record = { done: addDays('2026-11-30', -100) };
    const status = itemStatus(quarterly, record, '2026-11-30');
    expect(describeStatus(status, record)).toBe(`Due for a re-check since ${addDays('2026-11-30', -10)}`);
  });

  it('never asks for a re-check of an item without a cadence', () => {
    expect(itemStatus(once, { done: '2020-01-01' }, '2026-11-30')).toEqual({ kind: 'done' });
  });

  it('counts a done item as done even when its due date has passed', () => {
    expect(itemStatus(once, { done: '2026-11-01', due: '2026-10-01' }, '2026-11-30').kind).toBe('done');
  });

  it('describes overdue items with their due date', () => {
    expect(describeStatus({ kind: 'overdue' }, { due: '2026-11-01' })).toBe('Overdue since 2026-11-01');
    expect(describeStatus({ kind: 'todo' }, undefined)).toBe('To do');
    expect(describeStatus({ kind: 'done' }, { done: '2026-11-01' })).toBe('Done on 2026-11-01');
  });
});

describe('calendar days', () => {
  it('cross month and year ends and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('accept only real days', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-31')).toBe(false);
    expect(isDay('2026-2-3')).toBe(false);
    expect(isDay(20261130)).toBe(false);
  });

  it('are taken where the reader is, not in UTC', () => {
    const lateEvening = new Date(2026, 10, 30, 23, 30);
    expect(localDay(lateEvening)).toBe('2026-11-30');
  });
});

describe('progress and order', () => {
  it('counts done items among the ones asked about only', () => {
    expect(countDone({ a: { done: '2026-11-01' }, gone: { done: '2026-11-01' }, b: { owner: 'Ana' } }, ['a', 'b'])).toEqual({ done: 1, total: 2 });
  });

  it('orders items by practice, then level, then their order, not by title', () => {
    const shuffled = [items[3]!, items[2]!, items[1]!, items[0]!];
    expect(inChecklistOrder(shuffled, practiceIds).map((i) => i.id)).toEqual(['ss-owner-named', 'ss-first-week-plan', 'ss-scan-in-ci', 'tbv-monthly-access-review']);
  });
});
