/**
 * The chat messages for an announced change, in Slack's mrkdwn: the announcement to post before
 * starting, and the all-clear to post afterwards. Mattermost and Microsoft Teams show the same
 * text readably (bold becomes literal asterisks at worst).
 */
import type { Announcement } from './announcement.ts';
import { durationWords, longDate, utcToZoned, zoneAbbreviation } from './time.ts';

/** Slack mrkdwn treats &, < and > as control characters; user text must not start a link or a mention. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One line of user text: newlines would break the message's layout. */
const oneLine = (text: string) => escapeMrkdwn(text.trim().replace(/\s*\n\s*/g, ' '));

/** The window as people read it, in the team's zone and in UTC. */
export function windowWords(a: Announcement): { local: string; utc: string; length: string } {
  const zone = a.input.timeZone;
  const s = utcToZoned(a.start, zone);
  const e = utcToZoned(a.end, zone);
  const sameDay = s.date === e.date;
  const local = `${longDate(s)}, ${s.time} ${zoneAbbreviation(a.start, zone)} to ${sameDay ? '' : `${longDate(e)}, `}${e.time} ${zoneAbbreviation(a.end, zone)}${zone === 'UTC' ? '' : ` (${zone})`}`;
  const su = utcToZoned(a.start, 'UTC');
  const eu = utcToZoned(a.end, 'UTC');
  const utc = `${su.date} ${su.time} to ${su.date === eu.date ? '' : `${eu.date} `}${eu.time} UTC`;
  const length = durationWords(Math.round((a.end.getTime() - a.start.getTime()) / 60_000));
  return { local, utc, length };
}

/** The message to post in the channel before the change starts. */
export function announcementMessage(a: Announcement): string {
  const w = windowWords(a);
  return [
    `:construction: *Planned change:* ${oneLine(a.input.what)}`,
    `*Who:* ${oneLine(a.input.who)}`,
    `*When:* ${w.local}, ${w.length}`,
    `*In UTC:* ${w.utc}`,
    '*Alerts to expect:*',
    ...a.chosen.map((c) => `• ${escapeMrkdwn(c.title)} (${c.urgencyWords})`),
    'If one of these fires in that window, it is us. Any other alert, or one of these at another time, is worth a look.',
  ].join('\n');
}

/** The message to post when the change is done. */
export function allClearMessage(a: Announcement): string {
  return [
    `:white_check_mark: *Change finished:* ${oneLine(a.input.what)}`,
    `*Who:* ${oneLine(a.input.who)}`,
    `From now on the alerts announced for ${windowWords(a).utc} are real again: please look at any that fire.`,
  ].join('\n');
}
