/**
 * A small iCalendar (RFC 5545) writer for published events: all-day or timed, each with a stable
 * UID so that importing a newer file updates the events instead of adding copies.
 * It knows nothing about the checklist, so anything that needs calendar entries can use it.
 *
 * The format's traps, all handled here:
 * - lines end in CRLF (§3.1);
 * - content lines are folded at 75 octets, not characters: a continuation line starts with one
 *   space, and a multi-byte UTF-8 character is never split (§3.1);
 * - TEXT values escape backslash, semicolon, comma and newlines (§3.3.11);
 * - an all-day event is DTSTART;VALUE=DATE with DTEND the day after (DTEND is exclusive, §3.6.1);
 * - DTSTAMP and UID are required in every VEVENT (§3.6.1).
 */

export type EventTime = { date: string } | { dateTime: Date };

export interface CalendarEvent {
  /** Unique and stable across exports, e.g. "due-ss-owner-named@plainsec.dev". */
  uid: string;
  start: EventTime;
  /** Defaults to the next day for an all-day event and one hour later for a timed one. */
  end?: EventTime;
  summary: string;
  description?: string;
  url?: string;
}

export interface CalendarOptions {
  /** Who made the file, e.g. "-//Plainsec//Checklist//EN". */
  prodId: string;
  /** Shown as the calendar's name by most calendar apps (X-WR-CALNAME). */
  name?: string;
  /** The moment the file is written: every event's DTSTAMP. */
  now: Date;
}

const maxOctets = 75;
const encoder = new TextEncoder();

/** Escapes a TEXT value: `\` `;` `,` and line breaks (CRLF, CR or LF all become `\n`). */
export function escapeText(value: string): string {
  return value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds one content line into pieces of at most 75 octets, joined by CRLF and a space. */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= maxOctets) return line;
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  // The first line may hold 75 octets; continuation lines hold 74 after their leading space.
  let limit = maxOctets;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      pieces.push(current);
      current = '';
      octets = 0;
      limit = maxOctets - 1;
    }
    current += char;
    octets += size;
  }
  pieces.push(current);
  return pieces.join('\r\n ');
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function dayValue(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`Not a calendar day: ${day}`);
  return day.replaceAll('-', '');
}

function utcValue(moment: Date): string {
  if (Number.isNaN(moment.getTime())) throw new RangeError('Not a valid date and time');
  return `${moment.getUTCFullYear()}${pad(moment.getUTCMonth() + 1)}${pad(moment.getUTCDate())}T${pad(moment.getUTCHours())}${pad(moment.getUTCMinutes())}${pad(moment.getUTCSeconds())}Z`;
}

function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function timeLine(name: 'DTSTART' | 'DTEND', time: EventTime): string {
  return 'date' in time ? `${name};VALUE=DATE:${dayValue(time.date)}` : `${name}:${utcValue(time.dateTime)}`;
}

function defaultEnd(start: EventTime): EventTime {
  return 'date' in start ? { date: nextDay(start.date) } : { dateTime: new Date(start.dateTime.getTime() + 3_600_000) };
}

/**
 * The calendar file's text. Throws RangeError for an impossible date, since that is a bug in the
 * caller rather than bad input from a person.
 */
export function writeCalendar(events: readonly CalendarEvent[], options: CalendarOptions): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${escapeText(options.prodId)}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  if (options.name) lines.push(`X-WR-CALNAME:${escapeText(options.name)}`);
  const stamp = utcValue(options.now);
  for (const event of events) {
    lines.push('BEGIN:VEVENT', `UID:${escapeText(event.uid)}`, `DTSTAMP:${stamp}`, timeLine('DTSTART', event.start), timeLine('DTEND', event.end ?? defaultEnd(event.start)));
    lines.push(`SUMMARY:${escapeText(event.summary)}`);
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    // URI values are not TEXT: they are written as they are, only folded.
    if (event.url) lines.push(`URL:${event.url.replace(/[\r\n]/g, '')}`);
    if ('date' in event.start) lines.push('TRANSP:TRANSPARENT');
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
