/**
 * Alertmanager export: the routing layer for every rule.
 *
 * Detection happens elsewhere (EventBridge, CloudWatch, Falco, a SIEM); whatever raises the alert
 * labels it with `alertname` = the rule id and `urgency` = the rule's urgency, and may add
 * `service`. This file decides who hears about it, and when:
 * - `wake-me-up` goes to the paging receiver, and also to the rule's Slack channel.
 * - `look-today` and `fyi` go to the rule's Slack channel.
 * - Odd hours: a `look-today` rule with working hours also pages, but only outside those hours (a
 *   route to the pager muted by `mute_time_intervals` during working hours). An `fyi` rule with
 *   working hours posts only during them (`active_time_intervals`); Alertmanager holds the
 *   notification and sends it once the interval starts.
 * - A firing `wake-me-up` alert silences the same `alertname` at lower urgency.
 * - Announced changes: an `AnnouncedChange` alert with a `service` label mutes alerts with the same
 *   `service` (inhibit rule); for one-off work, `amtool silence add` (see the README we write).
 *
 * Working hours live here, not in detection: CloudTrail times are UTC and daylight saving breaks
 * hour-based filters; Alertmanager's `location` handles both.
 */
import { Document } from 'yaml';
import type { Rule, RuleSet, WorkingHours } from '../model.ts';
import { urgencyWords, weekdays } from '../model.ts';
import type { ExportedFile, ExportResult, Refusal, Target } from '../target.ts';

/** Where Alertmanager reads the secrets; operators put the real values in these files. */
export const secretFiles = {
  slackWebhookUrl: '/etc/alertmanager/secrets/slack-webhook-url',
  pagingRoutingKey: '/etc/alertmanager/secrets/pagerduty-routing-key',
} as const;

/** The name of the receiver that wakes someone up. */
export const pagingReceiver = 'page';
/** The alert name that announces a planned change to one `service`. */
export const announcedChangeAlert = 'AnnouncedChange';
const defaultChannel = '#security-alerts';

/** The receiver that posts to one Slack channel. Channel names are already limited to [a-z0-9_-]. */
export function slackReceiverName(channel: string): string {
  return `slack-${channel.replace(/^#/, '')}`;
}

/** The time-interval name for one rule's working hours. */
export function workingHoursName(ruleId: string): string {
  return `working-hours-${ruleId}`;
}

/** Whether the runtime knows the IANA time zone, as Alertmanager must to load its `location`. */
function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

type TimeRange = { weekdays: string[]; times: { start_time: string; end_time: string }[]; location: string };

/**
 * Working hours as Alertmanager time ranges. Alertmanager needs start before end within a day, so
 * a shift that runs past midnight becomes two ranges: until midnight, and from midnight on the
 * following days.
 */
function timeRanges(hours: WorkingHours): TimeRange[] | string {
  if (!isKnownTimeZone(hours.timeZone))
    return `the time zone "${hours.timeZone}" is not one Alertmanager knows; write one like Europe/London or UTC`;
  if (hours.start === hours.end)
    return `working hours start and end at the same time (${hours.start}); write an end time after the start`;
  const days = weekdays.filter((d) => hours.days.includes(d));
  if (hours.start < hours.end)
    return [{ weekdays: days, times: [{ start_time: hours.start, end_time: hours.end }], location: hours.timeZone }];
  const nextDays = weekdays.filter((_day, i) => hours.days.includes(weekdays[(i + 6) % 7]!));
  return [
    { weekdays: days, times: [{ start_time: hours.start, end_time: '24:00' }], location: hours.timeZone },
    { weekdays: nextDays, times: [{ start_time: '00:00', end_time: hours.end }], location: hours.timeZone },
  ];
}

/** Alertmanager's regular-expression matcher for a list of rule ids (ids use only [a-z0-9-]). */
function alertnameIn(ids: string[]): string {
  return ids.length === 1 ? `alertname="${ids[0]}"` : `alertname=~"${ids.join('|')}"`;
}

function slackReceiver(channel: string): object {
  return {
    name: slackReceiverName(channel),
    slack_configs: [
      {
        channel,
        api_url_file: secretFiles.slackWebhookUrl,
        send_resolved: true,
        // Alert text comes from the alert's own annotations, never from this file, so rule text
        // can never be read as a template.
        title: '[{{ .CommonLabels.urgency }}] {{ .CommonLabels.alertname }}{{ if .CommonLabels.service }} ({{ .CommonLabels.service }}){{ end }}',
        text: '{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.description }}\n{{ end }}',
      },
    ],
  };
}

/** The Alertmanager configuration object for the rules that can be routed. */
export function alertmanagerConfig(rules: Rule[], hoursByRule: Map<string, TimeRange[]>): Record<string, unknown> {
  const channels = [...new Set([defaultChannel, ...rules.map((r) => r.notify)])];
  const routes: object[] = [
    // Announcements are not incidents: post them quietly, and let the inhibit rule below do the muting.
    { receiver: slackReceiverName(defaultChannel), matchers: [`alertname="${announcedChangeAlert}"`] },
    { receiver: pagingReceiver, matchers: ['urgency="wake-me-up"'], continue: true },
  ];
  for (const rule of rules) {
    if (rule.urgency === 'look-today' && hoursByRule.has(rule.id)) {
      routes.push({
        receiver: pagingReceiver,
        matchers: ['urgency="look-today"', `alertname="${rule.id}"`],
        // Muted during working hours, so it only pages out of hours; the Slack route below still posts.
        mute_time_intervals: [workingHoursName(rule.id)],
        continue: true,
      });
    }
  }
  for (const urgency of ['wake-me-up', 'look-today', 'fyi'] as const) {
    const ofUrgency = rules.filter((r) => r.urgency === urgency);
    if (ofUrgency.length === 0) continue;
    const children: object[] = [];
    for (const channel of channels) {
      const inChannel = ofUrgency.filter((r) => r.notify === channel);
      if (inChannel.length === 0) continue;
      if (urgency === 'fyi') {
        // Just-so-you-know alerts wait for working hours where the rule has them.
        for (const rule of inChannel.filter((r) => hoursByRule.has(r.id)))
          children.push({
            receiver: slackReceiverName(channel),
            matchers: [`alertname="${rule.id}"`],
            active_time_intervals: [workingHoursName(rule.id)],
          });
        const always = inChannel.filter((r) => !hoursByRule.has(r.id)).map((r) => r.id);
        if (always.length > 0) children.push({ receiver: slackReceiverName(channel), matchers: [alertnameIn(always)] });
      } else {
        children.push({ receiver: slackReceiverName(channel), matchers: [alertnameIn(inChannel.map((r) => r.id))] });
      }
    }
    routes.push({
      receiver: slackReceiverName(defaultChannel),
      matchers: [`urgency="${urgency}"`],
      ...(urgency === 'fyi' ? { group_wait: '5m', group_interval: '30m', repeat_interval: '24h' } : {}),
      routes: children,
    });
  }
  const timeIntervals = [...hoursByRule].map(([id, ranges]) => ({ name: workingHoursName(id), time_intervals: ranges }));
  return {
    route: {
      receiver: slackReceiverName(defaultChannel),
      group_by: ['alertname', 'service'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes,
    },
    ...(timeIntervals.length > 0 ? { time_intervals: timeIntervals } : {}),
    inhibit_rules: [
      {
        // A wake-me-up alert already has someone's attention: do not repeat it at lower urgency.
        source_matchers: ['urgency="wake-me-up"'],
        target_matchers: ['urgency=~"look-today|fyi"'],
        equal: ['alertname'],
      },
      {
        // A planned change to a service mutes that service's alerts while the announcement fires.
        // Both sides must carry a service label: Alertmanager treats two missing labels as equal.
        source_matchers: [`alertname="${announcedChangeAlert}"`, 'service=~".+"'],
        target_matchers: [`alertname!="${announcedChangeAlert}"`, 'service=~".+"'],
        equal: ['service'],
      },
    ],
    receivers: [
      {
        name: pagingReceiver,
        pagerduty_configs: [{ routing_key_file: secretFiles.pagingRoutingKey, send_resolved: true }],
      },
      ...channels.map(slackReceiver),
    ],
  };
}

function readme(rules: Rule[], hoursByRule: Map<string, TimeRange[]>): string {
  const lines = [
    '# Alertmanager routing for Plainsec rules',
    '',
    'Copy `alertmanager.yml` to your Alertmanager and check it with `amtool check-config alertmanager.yml`.',
    '',
    '## Before you start',
    '',
    `- Put your Slack incoming-webhook address in \`${secretFiles.slackWebhookUrl}\`.`,
    `- Put your PagerDuty routing key in \`${secretFiles.pagingRoutingKey}\`.`,
    '- Whatever raises an alert must label it `alertname=<rule id>` and `urgency=<wake-me-up|look-today|fyi>`.',
    '  Add `service=<name>` if you want announced changes to mute it.',
    '',
    '## Who hears what',
    '',
    `- ${urgencyWords['wake-me-up']} (\`urgency=wake-me-up\`): pages, and posts in the rule's Slack channel.`,
    `- ${urgencyWords['look-today']} (\`urgency=look-today\`): posts in the rule's Slack channel. Rules with working hours also page outside those hours.`,
    `- ${urgencyWords.fyi} (\`urgency=fyi\`): posts in the rule's Slack channel; rules with working hours post only during them.`,
    '- While a wake-me-up alert fires, the same alert at lower urgency stays quiet.',
    '',
    '## Announced changes',
    '',
    'Planned work sets off alerts. Two ways to keep them quiet:',
    '',
    '1. For a one-off, add a silence for the service for as long as the work takes:',
    '',
    '   ```sh',
    '   amtool silence add service=payments --duration=2h --author="$(whoami)" \\',
    '     --comment="Announced change: payments database upgrade" --alertmanager.url=http://localhost:9093',
    '   ```',
    '',
    '   Remove it early with `amtool silence expire <id>`; list silences with `amtool silence query`.',
    '',
    `2. From your deploy pipeline, fire an alert \`alertname=${announcedChangeAlert}\` with \`service=<name>\` while`,
    '   the change runs. Alerts with the same `service` label are muted until it resolves.',
    '',
    '## Rules',
    '',
    '| rule id | urgency | Slack channel | working hours |',
    '|---|---|---|---|',
    ...rules.map((r) => {
      const hours = hoursByRule.has(r.id) && r.workingHours ? `${r.workingHours.start}–${r.workingHours.end} ${r.workingHours.timeZone}` : 'always';
      return `| \`${r.id}\` | ${r.urgency} | \`${r.notify}\` | ${hours} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

/** Exports the routing configuration and its README for a rule set. */
export function exportAlertmanager(ruleSet: RuleSet): ExportResult {
  const refused: Refusal[] = [];
  const routed: Rule[] = [];
  const hoursByRule = new Map<string, TimeRange[]>();
  for (const rule of ruleSet.rules) {
    if (rule.workingHours) {
      const ranges = timeRanges(rule.workingHours);
      if (typeof ranges === 'string') {
        refused.push({ ruleId: rule.id, reason: ranges });
        continue;
      }
      hoursByRule.set(rule.id, ranges);
    }
    routed.push(rule);
  }
  const doc = new Document(alertmanagerConfig(routed, hoursByRule));
  doc.commentBefore =
    ' Alertmanager routing for Plainsec rules. Generated: edit the rules, not this file.\n See README.md for the labels alerts must carry and for announced changes.';
  const files: ExportedFile[] = [
    { path: 'alertmanager/alertmanager.yml', content: doc.toString({ lineWidth: 0 }) },
    { path: 'alertmanager/README.md', content: readme(routed, hoursByRule) },
  ];
  return { files, refused };
}

/** The Alertmanager target: routes, time intervals, inhibit rules and announced changes. */
export const alertmanagerTarget: Target = {
  id: 'alertmanager',
  name: 'Prometheus Alertmanager',
  exportRuleSet: exportAlertmanager,
};

