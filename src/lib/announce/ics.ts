/**
 * A calendar entry (RFC 5545 iCalendar) for an announced change. Times are written in UTC, which
 * every calendar shows in the reader's own zone, so no time-zone rules need to travel with it.
 */
import type { Announcement } from './announcement.ts';
import { announcementMessage } from './messages.ts';
import { silenceComment } from './silence.ts';

/** Text as an iCalendar TEXT value: backslash, semicolon, comma and newlines escaped (RFC 5545 3.3.11). */
export function icsText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n|\r/g, '\\n');
}

const encoder = new TextEncoder();

/**
 * One content line folded at 75 octets (RFC 5545 3.1): continuation lines start with a space.
 * Folding never splits a UTF-8 character, so every line stays valid UTF-8.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const bytes = encoder.encode(ch).length;
    const limit = out.length === 0 ? 75 : 74;
    if (size + bytes > limit) {
      out.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += bytes;
  }
  out.push(current);
  return out.join('\r\n ');
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** The .ics file for the announcement; `now` is when it is written (DTSTAMP). */
export function calendarEntry(a: Announcement, now: Date = new Date()): string {
  const uid = `${stamp(a.start)}-${a.chosen.map((c) => c.id).join('.').slice(0, 80)}@plainsec.dev`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Plainsec//Announce a change//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${stamp(now)}`,
    `DTSTART:${stamp(a.start)}`,
    `DTEND:${stamp(a.end)}`,
    `SUMMARY:${icsText(silenceComment(a))}`,
    `DESCRIPTION:${icsText(announcementMessage(a))}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
