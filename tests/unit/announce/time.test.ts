import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationWords, offsetMinutes, utcToZoned, zonedToUtc } from '../../../src/lib/announce/time.ts';

const utc = (wall: { date: string; time: string }, zone: string) => {
  const r = zonedToUtc(wall, zone);
  return r.ok ? r.instant.toISOString() : r.problem;
};

describe('local time to UTC', () => {
  it('reads London winter time as UTC and summer time as an hour ahead', () => {
    expect(utc({ date: '2026-01-15', time: '09:00' }, 'Europe/London')).toBe('2026-01-15T09:00:00.000Z');
    expect(utc({ date: '2026-07-15', time: '09:00' }, 'Europe/London')).toBe('2026-07-15T08:00:00.000Z');
  });

  it('says 01:30 does not exist in London on the last Sunday of March, when clocks go forward', () => {
    expect(utc({ date: '2026-03-29', time: '01:30' }, 'Europe/London')).toBe('does-not-exist');
    expect(utc({ date: '2026-03-29', time: '00:59' }, 'Europe/London')).toBe('2026-03-29T00:59:00.000Z');
    expect(utc({ date: '2026-03-29', time: '02:00' }, 'Europe/London')).toBe('2026-03-29T01:00:00.000Z');
  });

  it('takes the first of the two 01:30s in London on the last Sunday of October, when clocks go back', () => {
    const r = zonedToUtc({ date: '2026-10-25', time: '01:30' }, 'Europe/London');
    expect(r).toEqual({ ok: true, instant: new Date('2026-10-25T00:30:00Z'), ambiguous: true });
    expect(zonedToUtc({ date: '2026-10-25', time: '02:30' }, 'Europe/London')).toEqual({ ok: true, instant: new Date('2026-10-25T02:30:00Z'), ambiguous: false });
  });

  it('handles New York, Sydney (whose summer is in January) and half-hour zones', () => {
    expect(utc({ date: '2026-03-08', time: '02:30' }, 'America/New_York')).toBe('does-not-exist');
    expect(utc({ date: '2026-11-01', time: '01:30' }, 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(utc({ date: '2026-10-04', time: '02:30' }, 'Australia/Sydney')).toBe('does-not-exist');
    expect(utc({ date: '2026-04-05', time: '02:30' }, 'Australia/Sydney')).toBe('2026-04-04T15:30:00.000Z');
    expect(utc({ date: '2026-06-01', time: '12:00' }, 'Asia/Kolkata')).toBe('2026-06-01T06:30:00.000Z');
    // Lord Howe Island moves its clocks by half an hour.
    expect(utc({ date: '2026-10-04', time: '02:15' }, 'Australia/Lord_Howe')).toBe('does-not-exist');
  });

  it('refuses dates that are not on the calendar and zones that do not exist', () => {
    expect(utc({ date: '2026-02-30', time: '10:00' }, 'UTC')).toBe('bad-date');
    expect(utc({ date: '2026-02-10', time: '24:00' }, 'UTC')).toBe('bad-time');
    expect(utc({ date: '2026-02-10', time: '10:00' }, 'Mars/Olympus_Mons')).toBe('unknown-zone');
  });
});

describe('UTC to local time', () => {
  it('shows both sides of the spring change in London', () => {
    expect(utcToZoned(new Date('2026-03-29T00:59:00Z'), 'Europe/London')).toEqual({ date: '2026-03-29', time: '00:59' });
    expect(utcToZoned(new Date('2026-03-29T01:00:00Z'), 'Europe/London')).toEqual({ date: '2026-03-29', time: '02:00' });
  });

  it('shows 01:30 twice during the autumn change in London', () => {
    expect(utcToZoned(new Date('2026-10-25T00:30:00Z'), 'Europe/London')).toEqual({ date: '2026-10-25', time: '01:30' });
    expect(utcToZoned(new Date('2026-10-25T01:30:00Z'), 'Europe/London')).toEqual({ date: '2026-10-25', time: '01:30' });
    expect(offsetMinutes(new Date('2026-10-25T00:30:00Z'), 'Europe/London')).toBe(60);
    expect(offsetMinutes(new Date('2026-10-25T01:30:00Z'), 'Europe/London')).toBe(0);
  });

  it('goes there and back for any minute in any of several zones, the repeated hour coming back as its first instant', () => {
    const zones = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2030, 0, 1) / 60_000 }), fc.constantFrom(...zones), (minute, zone) => {
        const instant = new Date(minute * 60_000);
        const wall = utcToZoned(instant, zone);
        const back = zonedToUtc(wall, zone);
        expect(back.ok).toBe(true);
        if (!back.ok) return;
        if (back.ambiguous) {
          expect(back.instant.getTime()).toBeLessThanOrEqual(instant.getTime());
          expect(utcToZoned(back.instant, zone)).toEqual(wall);
        } else expect(back.instant).toEqual(instant);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('durations in words', () => {
  it('says lengths as people do', () => {
    expect(durationWords(120)).toBe('2 hours');
    expect(durationWords(90)).toBe('1 hour 30 minutes');
    expect(durationWords(1441)).toBe('1 day 1 minute');
  });
});
