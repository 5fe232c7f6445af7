import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { calendarEntry } from '../../../src/lib/announce/calendar-entry.ts';
import { foldLine } from '../../../src/lib/calendar/ics.ts';
import { announcementMessage } from '../../../src/lib/announce/messages.ts';
import { hostileTexts, sampleAnnouncement } from './support.ts';

function readEvent(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  return event;
}

describe('the calendar entry', () => {
  it('parses with ical.js and holds the window in UTC and the announcement text', () => {
    const a = sampleAnnouncement();
    const event = readEvent(calendarEntry(a, new Date('2026-11-30T09:00:00Z')));
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-01T16:00:00.000Z');
    expect(event.summary).toBe('Announced change: Upgrade the payments database');
    expect(event.description).toBe(announcementMessage(a));
  });

  it('keeps any text the user typed intact, and never writes a line longer than 75 octets', () => {
    for (const text of hostileTexts) {
      const ics = calendarEntry(sampleAnnouncement({ what: text.repeat(5) }), new Date('2026-11-30T09:00:00Z'));
      expect(readEvent(ics).summary).toBe(`Announced change: ${text.repeat(5).trim()}`);
      for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    }
  });

  it('folds long lines without splitting a character', () => {
    const folded = foldLine(`DESCRIPTION:${'🚀'.repeat(40)}`);
    expect(folded.split('\r\n ').join('')).toBe(`DESCRIPTION:${'🚀'.repeat(40)}`);
    expect(folded).not.toContain('\uFFFD');
  });
});
