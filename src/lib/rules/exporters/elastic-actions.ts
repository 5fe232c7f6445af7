/**
 * Elastic delivery: each Kibana detection rule's `actions`, and the connectors they go through,
 * written as saved objects of type `action` in the same NDJSON, the way Kibana's rule export writes
 * them (`isMissingSecrets: true`, so Kibana asks for the webhook, token or key after import).
 *
 * What Kibana does, from its source (tests/fixtures/elastic-delivery/SOURCE.md names the files):
 * - An action's `alerts_filter.timeframe` is checked on the alert's own time in `timezone`: its ISO
 *   day (1 Monday … 7 Sunday; an empty list is every day) must be in `days`, and its hour and minute
 *   must lie strictly after `hours.start` and strictly before `hours.end`. When end is before start,
 *   or equal to it, the hours run overnight: after start until 23:59:59, or after 00:00 until end.
 *   So a window starting one minute before the first minute we want covers that minute, and the
 *   minute 00:00 itself is never matched (the `gaps` of src/lib/rules/delivery/elastic.ts say so).
 * - `hours` take HH:mm from 00:00 to 23:59 (the alerting API refuses 24:00).
 * - Per-alert actions: `frequency: { summary: false, notifyWhen: 'onActiveAlert', throttle: null }`.
 */
import type { Alerting, ChatTool, PagerTool, Rule, WorkingHours } from '../model.ts';
import { toolNames } from '../model.ts';
import { urgencyWords, weekdays } from '../vocabulary.ts';

/** A Kibana connector as a saved object in an export file. */
export interface KibanaConnector {
  id: string;
  type: 'action';
  attributes: { actionTypeId: string; name: string; isMissingSecrets: boolean; config: Record<string, unknown>; secrets: Record<string, never> };
  references: [];
}

/** An action's time frame, as Kibana's alerting API takes it. */
export interface Timeframe {
  days: number[];
  hours: { start: string; end: string };
  timezone: string;
}

/** Where a Splunk On-Call alert is posted: its REST endpoint, with the API key left for the team to paste. */
export const victoropsApiKeyPlaceholder = 'PASTE-YOUR-REST-API-KEY';
const victoropsUrl = (routingKey: string): string =>
  `https://alert.victorops.com/integrations/generic/20131114/alert/${victoropsApiKeyPlaceholder}/${encodeURIComponent(routingKey)}`;

const perAlert = { summary: false, notifyWhen: 'onActiveAlert', throttle: null } as const;

/** Our words inside a Mustache template: `{{` would start a variable, so it is split. */
const literal = (text: string): string => text.replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }');

/** The message a person reads: Kibana's rule name and link (documented variables) and our rule's words. */
function messageFor(rule: Rule): string {
  return `${urgencyWords[rule.urgency]}: {{rule.name}}\n${literal(rule.means)}\nWhat to do: ${literal(rule.whatToDo)}\n{{rule.url}}`;
}

/** The chat connector for a channel: Slack's app token posts to any channel; a Teams or Mattermost webhook posts to one. */
function chatConnector(chat: ChatTool, channel: string): KibanaConnector {
  if (chat === 'slack') return connector('plainsec-slack', '.slack_api', `Plainsec ${toolNames.slack}`, {});
  // Mattermost's incoming webhooks take Slack's message shape, which Kibana's Slack webhook connector sends.
  const type = chat === 'msteams' ? '.teams' : '.slack';
  return connector(`plainsec-${chat}-${channel.slice(1)}`, type, `Plainsec ${toolNames[chat]}: ${channel}`, {});
}

function pagerConnector(pager: PagerTool, alerting: Alerting): KibanaConnector {
  if (pager === 'pagerduty') return connector('plainsec-pagerduty', '.pagerduty', `Plainsec ${toolNames.pagerduty}`, { apiUrl: null });
  if (pager === 'opsgenie') return connector('plainsec-opsgenie', '.opsgenie', `Plainsec ${toolNames.opsgenie}`, { apiUrl: 'https://api.opsgenie.com' });
  return connector('plainsec-victorops', '.webhook', `Plainsec ${toolNames.victorops}`, {
    url: victoropsUrl(alerting.victoropsRoutingKey ?? 'security'),
    method: 'post',
    headers: { 'Content-Type': 'application/json' },
    hasAuth: false,
  });
}

function connector(id: string, actionTypeId: string, name: string, config: Record<string, unknown>): KibanaConnector {
  return { id, type: 'action', attributes: { actionTypeId, name, isMissingSecrets: true, config, secrets: {} }, references: [] };
}

function chatParams(chat: ChatTool, rule: Rule): Record<string, unknown> {
  const text = messageFor(rule);
  if (chat === 'slack') return { subAction: 'postMessage', subActionParams: { channelNames: [rule.notify], text } };
  return { message: text };
}

function pagerParams(pager: PagerTool, rule: Rule, alerting: Alerting): Record<string, unknown> {
  const summary = `${urgencyWords[rule.urgency]}: ${rule.title}`;
  if (pager === 'pagerduty') return { eventAction: 'trigger', severity: 'critical', summary: summary.slice(0, 1024), source: 'Plainsec', component: rule.id };
  if (pager === 'opsgenie')
    return {
      subAction: 'createAlert',
      subActionParams: {
        // Opsgenie takes a message of at most 130 characters; the rest is in the description.
        message: summary.length > 130 ? `${summary.slice(0, 129)}…` : summary,
        description: messageFor(rule),
        priority: 'P1',
        tags: ['Plainsec'],
        ...(alerting.opsgenieTeam ? { responders: [{ name: alerting.opsgenieTeam, type: 'team' }] } : {}),
      },
    };
  // Splunk On-Call's REST endpoint: CRITICAL opens an incident; entity_id keeps one incident a rule and alert.
  const body = {
    message_type: 'CRITICAL',
    entity_id: `plainsec-${rule.id}-{{alert.id}}`,
    entity_display_name: literal(summary),
    state_message: messageFor(rule),
    monitoring_tool: 'Plainsec (Kibana)',
  };
  return { body: JSON.stringify(body, null, 2) };
}

const pad = (n: number): string => String(n).padStart(2, '0');
const hhmm = (minute: number): string => `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
const toMinute = (text: string): number => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

/**
 * The time frames that cover every minute outside working hours (but 00:00, which no time frame
 * matches), one for each group of days whose outside hours are the same: for Mon–Fri 09:00–17:00,
 * weekday nights (after 16:59 until 09:00) and whole weekend days.
 */
export function outsideHoursTimeframes(hours: WorkingHours): Timeframe[] {
  const start = toMinute(hours.start);
  const end = toMinute(hours.end);
  const working = new Set(hours.days.map((d) => weekdays.indexOf(d) + 1));
  const byWindow = new Map<string, number[]>();
  for (let day = 1; day <= 7; day++) {
    const yesterday = day === 1 ? 7 : day - 1;
    // The working minutes of this day, as a range [from, to) of the day's minutes.
    const ranges: [number, number][] = [];
    if (start < end) {
      if (working.has(day)) ranges.push([start, end]);
    } else {
      // Overnight working hours: from start to midnight on a working day, then to end the next morning.
      if (working.has(day)) ranges.push([start, 1440]);
      if (working.has(yesterday) && end > 0) ranges.push([0, end]);
    }
    const window = outsideWindow(ranges);
    if (!window) continue;
    const key = `${window.start}-${window.end}`;
    byWindow.set(key, [...(byWindow.get(key) ?? []), day]);
  }
  return [...byWindow].map(([key, days]) => {
    const [s, e] = key.split('-');
    return { days, hours: { start: s!, end: e! }, timezone: hours.timeZone };
  });
}

/**
 * The Kibana hours that match the minutes outside `working` (at most two ranges, one at each end of
 * the day, or one in the middle), or undefined when the whole day is worked. The outside minutes form
 * one stretch around the clock, from `a` up to `b`; Kibana matches strictly after start, so the window
 * starts a minute before `a`.
 */
function outsideWindow(working: [number, number][]): { start: string; end: string } | undefined {
  const worked = (m: number): boolean => working.some(([from, to]) => m >= from && m < to);
  if (working.length === 0) return { start: '00:00', end: '00:00' };
  let a = -1;
  for (let m = 0; m < 1440; m++) if (!worked(m) && worked((m + 1439) % 1440)) a = m;
  if (a === -1) return undefined;
  let b = a;
  while (!worked(b % 1440)) b++;
  return { start: hhmm((a + 1439) % 1440), end: hhmm(b % 1440) };
}

/** The actions of one Kibana rule, and the connectors they use. */
export function deliveryActions(rule: Rule, alerting: Alerting): { actions: Record<string, unknown>[]; connectors: KibanaConnector[] } {
  const chat = chatConnector(alerting.chat, rule.notify);
  const pager = pagerConnector(alerting.pager, alerting);
  const action = (c: KibanaConnector, params: Record<string, unknown>, timeframe?: Timeframe): Record<string, unknown> => ({
    group: 'default',
    id: c.id,
    action_type_id: c.attributes.actionTypeId,
    params,
    frequency: perAlert,
    ...(timeframe ? { alerts_filter: { timeframe } } : {}),
  });
  // Kibana cannot hold an alert until working hours start, so every rule posts at once.
  const actions = [action(chat, chatParams(alerting.chat, rule))];
  const connectors = [chat];
  if (rule.urgency === 'wake-me-up') actions.push(action(pager, pagerParams(alerting.pager, rule, alerting)));
  else if (rule.urgency === 'look-today' && rule.workingHours)
    for (const timeframe of outsideHoursTimeframes(rule.workingHours)) actions.push(action(pager, pagerParams(alerting.pager, rule, alerting), timeframe));
  if (actions.length > 1) connectors.push(pager);
  return { actions, connectors };
}
