import { describe, expect, it } from 'vitest';
import { checkAnnouncement } from '../../../src/lib/announce/announcement.ts';
import { catalogue, sampleInput } from './support.ts';

const errorsOf = (overrides: Parameters<typeof sampleInput>[0]) => {
  const r = checkAnnouncement(sampleInput(overrides), catalogue);
  return r.ok ? {} : r.errors;
};

describe('checking an announcement', () => {
  it('turns a London afternoon into a UTC window with the chosen alerts', () => {
    const r = checkAnnouncement(sampleInput(), catalogue);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.announcement.start.toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(r.announcement.end.toISOString()).toBe('2026-12-01T16:00:00.000Z');
    expect(r.announcement.chosen.map((c) => c.id)).toEqual(['cloudtrail-stopped', 'security-group-opened']);
  });

  it('puts an end before the start next to the end time', () => {
    expect(errorsOf({ endTime: '13:00' })).toEqual({ endTime: expect.stringMatching(/end is before the start/) });
  });

  it('puts a time skipped by the clocks going forward next to that field, naming the zone', () => {
    const errors = errorsOf({ startDate: '2026-03-29', startTime: '01:30', endDate: '2026-03-29', endTime: '03:30' });
    expect(errors).toEqual({ startTime: expect.stringMatching(/01:30 does not exist on 2026-03-29 in Europe\/London/) });
  });

  it('notes, without refusing, a time that happens twice when the clocks go back', () => {
    const r = checkAnnouncement(sampleInput({ startDate: '2026-10-25', startTime: '01:30', endDate: '2026-10-25', endTime: '03:00' }), catalogue);
    expect(r.ok && r.announcement.notes[0]).toMatch(/happens twice/);
  });

  it('asks for at least one alert, and refuses alerts that are not in the list', () => {
    expect(errorsOf({ alerts: [] })).toEqual({ alerts: expect.stringMatching(/pick at least one alert/) });
    expect(errorsOf({ alerts: ['no-such-rule'] })).toEqual({ alerts: expect.stringMatching(/no-such-rule/) });
  });

  it('refuses a window longer than 7 days, and accepts exactly 7', () => {
    expect(errorsOf({ endDate: '2026-12-08', endTime: '14:01' })).toEqual({ endDate: expect.stringMatching(/longer than 7 days/) });
    expect(errorsOf({ endDate: '2026-12-08', endTime: '14:00' })).toEqual({});
  });

  it('asks for what, who, a known time zone and an Alertmanager address', () => {
    expect(Object.keys(errorsOf({ what: ' ', who: '', timeZone: 'Europe/Londres', alertmanagerUrl: 'localhost:9093' })).sort()).toEqual([
      'alertmanagerUrl',
      'timeZone',
      'what',
      'who',
    ]);
  });
});
