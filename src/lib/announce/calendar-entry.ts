/**
 * A calendar entry (RFC 5545 iCalendar) for an announced change, written by the site's one
 * calendar writer (src/lib/calendar/ics.ts). Times are in UTC, which every calendar shows in the
 * reader's own zone, so no time-zone rules need to travel with it.
 */
import { writeCalendar } from '../calendar/ics.ts';
import type { Announcement } from './announcement.ts';
import { announcementMessage } from './messages.ts';
import { silenceComment } from './silence.ts';


const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** The .ics file for the announcement; `now` is when it is written (DTSTAMP). */
export function calendarEntry(a: Announcement, now: Date): string {
  // Stable for the same window and alerts, so importing a corrected file updates the entry.
  const uid = `${stamp(a.start)}-${a.chosen.map((c) => c.id).join('.').slice(0, 80)}@plainsec.dev`;
  return writeCalendar(
    [{ uid, start: { dateTime: a.start }, end: { dateTime: a.end }, summary: silenceComment(a), description: announcementMessage(a) }],
    { prodId: '-//Plainsec//Announce a change//EN', now },
  );
}
