/**
 * Who a Splunk saved search tells: its alert actions (chat and pager), and the condition that keeps
 * only what happened outside a rule's working hours.
 *
 * Every key written here is one the app's own spec files define (tests/fixtures/splunk-delivery/
 * holds the extracts; a test checks each key against them):
 * - Slack: the Slack Notification Alert app (splunk/slack-alerts), `action.slack`.
 * - Mattermost: the same app. Mattermost's incoming webhooks take Slack's message shape, so the
 *   app's setup page holds the Mattermost webhook address as its "Slack Incoming Webhook".
 * - Microsoft Teams: the MS Teams alert action app (TA-ms-teams-alert-action),
 *   `action.ms_teams_publish_to_channel`; its configuration page holds the default webhook address.
 * - PagerDuty: PagerDuty's app, `action.pagerduty`; its setup page holds the integration URL.
 * - Opsgenie: Opsgenie's app, `action.opsgenie`; its setup page holds the API key.
 * - Splunk On-Call: the Splunk On-Call app, `action.victorops`; its Alert API Key page holds the
 *   API key. The routing key is not secret and is written when the rule set names one.
 * No secret is written: each app keeps its own in its setup page.
 *
 * Time of day: Splunk's strftime reads `_time` in the time zone of the user the search runs as,
 * and savedsearches.conf has no setting for a search's time zone. With `dispatchAs = owner` that
 * is the owner, so the owner's time zone must be the rule's (the file's comment says so).
 */
import type { Alerting, Rule, Urgency, WorkingHours } from '../model.ts';
import { urgencyWords } from '../model.ts';
import { weekdays } from '../vocabulary.ts';

/** One `key = value` line of a stanza. */
export type Setting = [key: string, value: string];

/** The alert action each chat tool and pager is sent through. */
export const splunkActionNames = {
  slack: 'slack',
  mattermost: 'slack',
  msteams: 'ms_teams_publish_to_channel',
  pagerduty: 'pagerduty',
  opsgenie: 'opsgenie',
  victorops: 'victorops',
} as const;

/** The alert actions that page someone, as the reader and the tests tell them apart. */
export const pagingActions: readonly string[] = ['pagerduty', 'opsgenie', 'victorops'];

/** The settings that post in the chat channel. `text` is already safe on one .conf line. */
export function chatSettings(rule: Rule, alerting: Alerting, text: (s: string) => string): Setting[] {
  const title = text(`${urgencyWords[rule.urgency]}: $name$ fired on $job.resultCount$ events. $results_link$`);
  if (alerting.chat === 'msteams') {
    const teams = `action.${splunkActionNames.msteams}`;
    return [
      [teams, '1'],
      [`${teams}.param.alert_ms_teams_activity_title`, title],
      [`${teams}.param.alert_ms_teams_fields_list`, teamsFields(rule)],
      // Microsoft's Workflows webhooks take the new card format; the app sends it when this is 1.
      [`${teams}.param.alert_ms_teams_new_webhook`, '1'],
    ];
  }
  return [
    ['action.slack', '1'],
    ['action.slack.param.channel', rule.notify],
    ['action.slack.param.message', title],
  ];
}

/** The result fields a Teams message lists: a counting rule's rows hold the window and the count. */
function teamsFields(rule: Rule): string {
  return rule.count ? '_time,count' : 'eventName,eventSource,userIdentity.arn,sourceIPAddress,awsRegion';
}

/** The settings that page whoever is on call. */
export function pagerSettings(alerting: Alerting): Setting[] {
  if (alerting.pager === 'victorops')
    return [
      ['action.victorops', '1'],
      // CRITICAL opens an incident; INFO would only write to the timeline.
      ['action.victorops.param.message_type', 'CRITICAL'],
      ...(alerting.victoropsRoutingKey ? [['action.victorops.param.routing_key', alerting.victoropsRoutingKey] as Setting] : []),
    ];
  return [[`action.${splunkActionNames[alerting.pager]}`, '1']];
}

/** The `actions` list and the action settings, chat and pager as asked. */
export function actionSettings(rule: Rule, alerting: Alerting, parts: { chat: boolean; page: boolean }, text: (s: string) => string): Setting[] {
  const names = [...(parts.chat ? [splunkActionNames[alerting.chat]] : []), ...(parts.page ? [splunkActionNames[alerting.pager]] : [])];
  return [['actions', names.join(',')], ...(parts.chat ? chatSettings(rule, alerting, text) : []), ...(parts.page ? pagerSettings(alerting) : [])];
}

/** Whether a stanza of this urgency posts and pages: wake-me-up pages at any hour. */
export function mainParts(urgency: Urgency): { chat: boolean; page: boolean } {
  return { chat: true, page: urgency === 'wake-me-up' };
}

/** Splunk's strftime %w numbers days from Sunday (0) to Saturday (6). */
const splunkDayNumber = (day: (typeof weekdays)[number]): number => (weekdays.indexOf(day) + 1) % 7;

/** HH:MM as the number strftime "%H%M" gives once read by tonumber: 09:30 is 930. */
const hhmmNumber = (time: string): number => Number(time.replace(':', ''));

function dayTest(days: readonly (typeof weekdays)[number][]): string {
  const tests = [...new Set(days.map(splunkDayNumber))].sort((a, b) => a - b).map((n) => `plainsec_weekday=${n}`);
  return tests.length === 1 ? tests[0]! : `(${tests.join(' OR ')})`;
}

/**
 * SPL that keeps only events outside working hours, read in the search's time zone: `eval` names
 * the local weekday and time, `where NOT (...)` drops what falls inside. A shift that runs past
 * midnight is two parts: from its start on its own days, and until its end on the days after.
 */
export function outsideHoursSpl(hours: WorkingHours): string | { reason: string } {
  if (hours.start === hours.end) return { reason: `working hours start and end at the same time (${hours.start}); write an end time after the start` };
  const start = hhmmNumber(hours.start);
  const end = hhmmNumber(hours.end);
  const days = weekdays.filter((d) => hours.days.includes(d));
  let inside: string;
  if (start < end) inside = `${dayTest(days)} AND plainsec_hhmm>=${start} AND plainsec_hhmm<${end}`;
  else {
    const fromStart = `(${dayTest(days)} AND plainsec_hhmm>=${start})`;
    // A shift that ends exactly at midnight has nothing on the next day.
    const nextDays = weekdays.filter((_d, i) => hours.days.includes(weekdays[(i + 6) % 7]!));
    inside = end === 0 ? fromStart : `${fromStart} OR (${dayTest(nextDays)} AND plainsec_hhmm<${end})`;
  }
  return ` | eval plainsec_weekday=tonumber(strftime(_time, "%w")), plainsec_hhmm=tonumber(strftime(_time, "%H%M")) | where NOT (${inside})`;
}

/** The comment above an out-of-hours stanza: what to set so Splunk reads the hours in the right zone. */
export function timeZoneNote(hours: WorkingHours): string {
  return `Splunk reads working hours in the time zone of this saved search's owner. Set that user's time zone to ${hours.timeZone}: Settings > Account settings > Time zone, or tz = ${hours.timeZone} in the user's user-prefs.conf.`;
}

/** The sentence the out-of-hours description ends with; the zone is named last so a reader can find it. */
export function outsideHoursDescription(hours: WorkingHours): string {
  return `Pages only for events outside working hours, read in the time zone of this search's owner, which must be ${hours.timeZone}.`;
}

/** What the file header says each app needs, set up in the app (never in this file). */
export function setupNotes(alerting: Alerting): string[] {
  const chat =
    alerting.chat === 'msteams'
      ? 'Needs the Microsoft Teams alert action app from Splunkbase: put the Teams channel\'s Workflows webhook address in its Configuration page as the default webhook.'
      : alerting.chat === 'mattermost'
        ? 'Needs the Slack Notification Alert app: in its setup page leave the OAuth token empty and put your Mattermost incoming webhook address under Slack Incoming Webhook (Mattermost takes Slack\'s messages).'
        : 'Needs the Slack Notification Alert app for action.slack: give it your Slack app\'s OAuth token in its setup page.';
  const pager =
    alerting.pager === 'pagerduty'
      ? 'Needs PagerDuty\'s app for action.pagerduty: put your PagerDuty service\'s integration URL in its setup page.'
      : alerting.pager === 'opsgenie'
        ? `Needs Opsgenie's app for action.opsgenie: put the API key of your Opsgenie Splunk integration in its setup page.${alerting.opsgenieTeam ? ` That integration must belong to the team ${alerting.opsgenieTeam}; this file cannot name a team.` : ''}`
        : `Needs the Splunk On-Call app for action.victorops: put your Splunk On-Call API key in its Alert API Key Configuration page${alerting.victoropsRoutingKey ? '' : '; alerts go to your default routing key'}.`;
  return [chat, pager];
}
