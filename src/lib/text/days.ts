/** Days as people read them and as forms want them, the same however the machine's clock is set. */

/** A stored day ("2026-11-30" or a full ISO time) as people read it ("30 Nov 2026"), the same in every time zone. */
export function dayInWords(iso: string): string {
  return new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** The day `at` falls on in `timeZone` (the browser's own when left out), as YYYY-MM-DD: what a date field holds. */
export function localDay(at: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(at);
}
