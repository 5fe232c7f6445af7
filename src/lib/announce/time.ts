/**
 * Wall-clock time in a named time zone, to and from UTC, with the platform's `Intl` as the only
 * time-zone database (the browser has no other, and shipping one would blow the page budget).
 *
 * A wall-clock time can fail to exist (the hour skipped when clocks go forward) or exist twice
 * (the hour repeated when they go back). The first is an error the user must fix; for the second
 * the earlier instant is taken, which is what people mean by "01:30" on the night clocks go back
 * before they have gone back, and the result says so.
 */

/** A date as `YYYY-MM-DD` and a time as `HH:MM`, both as a clock on the wall shows them. */
export interface WallTime {
  date: string;
  time: string;
}

export type ZonedResult =
  | { ok: true; instant: Date; ambiguous: boolean }
  | { ok: false; problem: 'bad-date' | 'bad-time' | 'unknown-zone' | 'does-not-exist' };

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Whether the platform knows this IANA time zone (or UTC). */
export function isKnownTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The time zone this browser or machine is set to, or UTC when it cannot tell. */
export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock reading of an instant in a zone, as milliseconds of a UTC clock showing the same. */
function wallMillis(instant: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of partsFormatter(zone).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']! % 24, parts['minute']!, parts['second']!);
}

/** The zone's offset from UTC at an instant, in minutes (Europe/London in summer: 60). */
export function offsetMinutes(instant: Date, zone: string): number {
  const t = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallMillis(t, zone) - t) / 60_000);
}

/** The UTC instant at which a clock in `zone` shows this date and time. */
export function zonedToUtc(wall: WallTime, zone: string): ZonedResult {
  const d = datePattern.exec(wall.date);
  if (!d) return { ok: false, problem: 'bad-date' };
  const t = timePattern.exec(wall.time);
  if (!t) return { ok: false, problem: 'bad-time' };
  if (!isKnownTimeZone(zone)) return { ok: false, problem: 'unknown-zone' };
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const asUtc = Date.UTC(year, month - 1, day, Number(t[1]), Number(t[2]));
  const check = new Date(asUtc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return { ok: false, problem: 'bad-date' };
  // Every offset the zone uses within a day either side; each gives a candidate instant, and the
  // candidates whose wall-clock reading matches are the answers (none, one, or two).
  const offsets = new Set([-36, -12, 0, 12, 36].map((h) => offsetMinutes(new Date(asUtc + h * 3_600_000), zone)));
  const matches = [...offsets]
    .map((off) => asUtc - off * 60_000)
    .filter((candidate) => wallMillis(candidate, zone) === asUtc)
    .sort((a, b) => a - b);
  if (matches.length === 0) return { ok: false, problem: 'does-not-exist' };
  return { ok: true, instant: new Date(matches[0]!), ambiguous: new Set(matches).size > 1 };
}

/** What a clock in `zone` shows at this instant. */
export function utcToZoned(instant: Date, zone: string): WallTime {
  const w = new Date(wallMillis(Math.floor(instant.getTime() / 60_000) * 60_000, zone));
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`,
    time: `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}`,
  };
}

/** The zone's short name at an instant, like BST or GMT+2, as people read it. */
export function zoneAbbreviation(instant: Date, zone: string): string {
  try {
    const part = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(instant)
      .find((p) => p.type === 'timeZoneName');
    return part?.value ?? zone;
  } catch {
    return zone;
  }
}

const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A day as people read it: "Sunday 29 March 2026" (spelt out here, so every browser writes the same). */
export function longDate(wall: WallTime): string {
  const [y, m, d] = wall.date.split('-').map(Number);
  const day = new Date(Date.UTC(y!, m! - 1, d!));
  return `${dayNames[day.getUTCDay()]} ${d} ${monthNames[m! - 1]} ${y}`;
}

/** A length of time in words: "2 hours", "1 hour 30 minutes", "3 days 2 hours". */
export function durationWords(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const say = (n: number, unit: string) => (n === 0 ? [] : [`${n} ${unit}${n === 1 ? '' : 's'}`]);
  const words = [...say(days, 'day'), ...say(hours, 'hour'), ...say(mins, 'minute')];
  return words.length === 0 ? '0 minutes' : words.join(' ');
}
