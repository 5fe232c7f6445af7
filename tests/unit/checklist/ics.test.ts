import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { escapeText, foldLine, writeCalendar, type CalendarEvent } from '../../../src/lib/calendar/ics.ts';
import { checklistCalendar, checklistEvents } from '../../../src/lib/checklist/calendar.ts';
import { items, origin } from './fixtures.ts';

const now = new Date('2026-11-30T09:15:00Z');
const octets = (line: string) => new TextEncoder().encode(line).length;

/** Unfolds content lines as a reader must (RFC 5545 §3.1): CRLF followed by one space or tab joins. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe('escaping iCalendar text', () => {
  it('escapes commas, semicolons, backslashes and every kind of line break', () => {
    expect(escapeText('a,b;c\\d\ne\r\nf\rg')).toBe('a\\,b\\;c\\\\d\\ne\\nf\\ng');
  });
});

describe('folding iCalendar lines', () => {
  it('leaves lines of 75 octets alone and folds longer ones into pieces of at most 75 octets', () => {
    const exact = 'X'.repeat(75);
    expect(foldLine(exact)).toBe(exact);
    const long = `DESCRIPTION:${'a'.repeat(200)}`;
    const folded = foldLine(long);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(octets(line)).toBeLessThanOrEqual(75);
    for (const line of lines.slice(1)) expect(line.startsWith(' ')).toBe(true);
    expect(unfold(folded)).toBe(long);
  });

  it('counts octets, not characters, and never splits a multi-byte character', () => {
    // "é" is 2 octets, "€" 3, "🔒" 4: a character count of 75 would be far over 75 octets.
    const long = `SUMMARY:${'é€🔒'.repeat(30)}`;
    const folded = foldLine(long);
    for (const line of folded.split('\r\n')) {
      expect(octets(line)).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
      expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(line))).toBe(line);
    }
    expect(unfold(folded)).toBe(long);
  });

  it('folds any text into lines of at most 75 octets that unfold to the original, as a property', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const line = `SUMMARY:${escapeText(text)}`;
        const folded = foldLine(line);
        for (const piece of folded.split('\r\n')) expect(octets(piece)).toBeLessThanOrEqual(75);
        expect(unfold(folded)).toBe(line);
      }),
    );
  });
});

describe('writing a calendar', () => {
  const events: CalendarEvent[] = [
    {
      uid: 'due-a@plainsec.dev',
      start: { date: '2026-12-14' },
      summary: 'Due: back up, test; restore\\check',
      description: `First line, with a comma; and a semicolon.\nSecond line: ${'long words '.repeat(20)}ünïcödé 🔒`,
      url: 'https://plainsec.dev/checklist/#a',
    },
    { uid: 'talk@plainsec.dev', start: { dateTime: new Date('2026-12-01T15:00:00Z') }, end: { dateTime: new Date('2026-12-01T15:30:00Z') }, summary: 'Change window' },
  ];
  const text = writeCalendar(events, { prodId: '-//Plainsec//Test//EN', name: 'Team', now });

  it('ends every line in CRLF and has no bare line feeds or lines over 75 octets', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
  });

  it('has the properties every event needs', () => {
    const lines = unfold(text).split('\r\n');
    expect(lines.slice(0, 3)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Plainsec//Test//EN']);
    expect(lines.filter((l) => l === 'DTSTAMP:20261130T091500Z')).toHaveLength(2);
    expect(lines).toContain('DTSTART;VALUE=DATE:20261214');
    expect(lines).toContain('DTEND;VALUE=DATE:20261215');
    expect(lines).toContain('DTSTART:20261201T150000Z');
  });

  it('round-trips summary, dates, description and UID through a real iCalendar parser', () => {
    const [allDay, timed] = parse(text);
    expect(allDay!.uid).toBe('due-a@plainsec.dev');
    expect(allDay!.summary).toBe(events[0]!.summary);
    expect(allDay!.description).toBe(events[0]!.description);
    expect(allDay!.startDate.isDate).toBe(true);
    expect(allDay!.startDate.toString()).toBe('2026-12-14');
    expect(allDay!.endDate.toString()).toBe('2026-12-15');
    expect(timed!.startDate.toJSDate().toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(timed!.endDate.toJSDate().toISOString()).toBe('2026-12-01T15:30:00.000Z');
  });

  it('round-trips any summary and description through a real iCalendar parser, as a property', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 300 }), (summary, description) => {
        // Line breaks come back as LF: iCalendar has one escape for them all.
        const clean = (s: string) => s.replace(/\r\n|\r/g, '\n');
        const written = writeCalendar([{ uid: 'x@y', start: { date: '2026-01-31' }, summary, description }], { prodId: 'p', now });
        const [event] = parse(written);
        expect(event!.summary).toBe(clean(summary));
        expect(event!.description ?? '').toBe(clean(description));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses an impossible date rather than writing a broken file', () => {
    expect(() => writeCalendar([{ uid: 'x', start: { date: '2026-1-1' }, summary: 's' }], { prodId: 'p', now })).toThrow(RangeError);
  });
});

describe('the checklist calendar', () => {
  const records = {
    'ss-owner-named': { due: '2026-12-14', owner: 'Ana, the lead' },
    'ss-scan-in-ci': { done: '2026-09-01', owner: 'Bo' },
    'ss-first-week-plan': { done: '2026-11-01' },
    'tbv-monthly-access-review': { done: '2026-11-15', due: '2026-11-01' },
  };

  it('has one event per due date of an item not done and one per re-check date', () => {
    const events = checklistEvents(items, records, '2026-11-30', origin);
    expect(events.map((e) => [e.uid, 'date' in e.start ? e.start.date : ''])).toEqual([
      ['due-ss-owner-named@plainsec.dev', '2026-12-14'],
      ['recheck-ss-scan-in-ci@plainsec.dev', '2026-11-30'],
      ['recheck-tbv-monthly-access-review@plainsec.dev', '2026-12-15'],
    ]);
  });

  it('keeps the same UIDs when dates change, so a calendar moves its events instead of copying them', () => {
    const later = checklistEvents(items, { ...records, 'ss-owner-named': { due: '2027-01-10' } }, '2026-11-30', origin);
    expect(later[0]!.uid).toBe('due-ss-owner-named@plainsec.dev');
  });

  it('parses with a real iCalendar parser, owner and link in the description', () => {
    const parsed = parse(checklistCalendar(items, records, now, '2026-11-30', origin));
    expect(parsed.map((e) => e.summary)).toEqual([
      `Due: ${items[0]!.title}`,
      `Re-check: ${items[2]!.title}`,
      `Re-check: ${items[3]!.title}`,
    ]);
    expect(parsed[0]!.description).toContain('Owner: Ana, the lead');
    expect(parsed[0]!.description).toContain('https://plainsec.dev/checklist/#ss-owner-named');
  });
});
