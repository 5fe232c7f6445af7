/**
 * An announced change: what will change, when, who does it and which alerts it will set off.
 * `checkAnnouncement` turns what the user typed into a window in UTC, or plain-words errors keyed
 * by the field they belong next to. It never throws.
 */
import type { Urgency } from '../rules/model.ts';
import { durationWords, isKnownTimeZone, zonedToUtc, type WallTime } from './time.ts';

/** What the user fills in. Everything is text, as forms and share links carry it. */
export interface AnnouncementInput {
  what: string;
  who: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  timeZone: string;
  /** Rule ids of the alerts the change will set off. */
  alerts: string[];
  /** Where amtool reaches Alertmanager. */
  alertmanagerUrl: string;
}

/** One alert the user can pick: a rule from their rule set or a template. */
export interface AlertChoice {
  id: string;
  title: string;
  urgency: Urgency;
  /** The urgency as people say it ("Wake me up"); filled in where the rules are read, so this stays free of the rule schema. */
  urgencyWords: string;
  /** The Falco rule name falcosidekick sends as the `rule` label, where the Falco export writes this rule. */
  falcoName?: string;
  /** Where it comes from, like "Starter pack". */
  from: string;
}

export type AnnouncementField = 'what' | 'who' | 'startDate' | 'startTime' | 'endDate' | 'endTime' | 'timeZone' | 'alerts' | 'alertmanagerUrl';

/** A checked announcement: the window in UTC and the chosen alerts, in the order of the catalogue. */
export interface Announcement {
  input: AnnouncementInput;
  start: Date;
  end: Date;
  chosen: AlertChoice[];
  /** Notes that are not errors, like a time that happens twice on the day clocks go back. */
  notes: string[];
}

export type CheckResult = { ok: true; announcement: Announcement } | { ok: false; errors: Partial<Record<AnnouncementField, string>> };

/** The longest window a silence should cover; anything longer is a standing exception, not a change. */
const maxWindowDays = 7;
const defaultAlertmanagerUrl = 'http://localhost:9093';

/** An empty form, starting today at the next whole hour for two hours (in UTC until the browser says its zone). */
export function emptyInput(now: Date, timeZone = 'UTC'): AnnouncementInput {
  const pad = (n: number) => String(n).padStart(2, '0');
  const start = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  const end = new Date(start.getTime() + 2 * 3_600_000);
  const day = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return {
    what: '',
    who: '',
    startDate: day(start),
    startTime: time(start),
    endDate: day(end),
    endTime: time(end),
    timeZone,
    alerts: [],
    alertmanagerUrl: defaultAlertmanagerUrl,
  };
}

function problemWords(problem: 'bad-date' | 'bad-time' | 'unknown-zone' | 'does-not-exist', wall: WallTime, zone: string, which: string): string {
  switch (problem) {
    case 'bad-date':
      return `write the ${which} date as a day of the calendar, like 2026-03-29`;
    case 'bad-time':
      return `write the ${which} time as HH:MM, like 09:30`;
    case 'unknown-zone':
      return 'pick a time zone from the list, like Europe/London or UTC';
    case 'does-not-exist':
      return `${wall.time} does not exist on ${wall.date} in ${zone}: the clocks go forward and skip it. Pick a time before or after the jump`;
  }
}

/** Checks what the user typed against the alerts they could pick from. */
export function checkAnnouncement(input: AnnouncementInput, catalogue: readonly AlertChoice[]): CheckResult {
  const errors: Partial<Record<AnnouncementField, string>> = {};
  if (input.what.trim() === '') errors.what = 'say what you will change, like "Upgrade the payments database"';
  else if (input.what.length > 500) errors.what = 'keep it under 500 characters; put details in the ticket';
  if (input.who.trim() === '') errors.who = 'say who is doing it, so people know whom to ask';
  else if (input.who.length > 100) errors.who = 'keep the name under 100 characters';
  const zoneOk = isKnownTimeZone(input.timeZone);
  if (!zoneOk) errors.timeZone = 'pick a time zone from the list, like Europe/London or UTC';
  const notes: string[] = [];
  let start: Date | undefined;
  let end: Date | undefined;
  if (zoneOk) {
    const s = zonedToUtc({ date: input.startDate, time: input.startTime }, input.timeZone);
    if (s.ok) start = s.instant;
    else errors[s.problem === 'bad-date' ? 'startDate' : 'startTime'] = problemWords(s.problem, { date: input.startDate, time: input.startTime }, input.timeZone, 'start');
    if (s.ok && s.ambiguous) notes.push(`${input.startTime} happens twice on ${input.startDate} in ${input.timeZone} (the clocks go back); the window starts at the first.`);
    const e = zonedToUtc({ date: input.endDate, time: input.endTime }, input.timeZone);
    if (e.ok) end = e.instant;
    else errors[e.problem === 'bad-date' ? 'endDate' : 'endTime'] = problemWords(e.problem, { date: input.endDate, time: input.endTime }, input.timeZone, 'end');
    if (e.ok && e.ambiguous) notes.push(`${input.endTime} happens twice on ${input.endDate} in ${input.timeZone} (the clocks go back); the window ends at the first.`);
  }
  if (start && end) {
    const minutes = Math.round((end.getTime() - start.getTime()) / 60_000);
    if (minutes <= 0) errors.endTime = 'the end is before the start (or the same); pick an end after the start';
    else if (minutes > maxWindowDays * 1440)
      errors.endDate = `the window lasts ${durationWords(minutes)}, longer than ${maxWindowDays} days; announce a shorter change, or fix the rule instead of silencing it`;
  }
  const known = new Map(catalogue.map((c) => [c.id, c]));
  const chosen = catalogue.filter((c) => input.alerts.includes(c.id));
  if (input.alerts.length === 0) errors.alerts = 'pick at least one alert this change will set off';
  else if (input.alerts.some((id) => !known.has(id)))
    errors.alerts = `these alerts are not in the list: ${input.alerts.filter((id) => !known.has(id)).join(', ')}; load your own rules (announce-alerts.json) or pick them again`;
  if (!/^https?:\/\/[^\s'"`]+$/.test(input.alertmanagerUrl))
    errors.alertmanagerUrl = 'write the address of your Alertmanager, like http://localhost:9093';
  if (Object.keys(errors).length > 0 || !start || !end) return { ok: false, errors };
  return { ok: true, announcement: { input, start, end, chosen, notes } };
}
