/**
 * Alertmanager export: the routing layer for every rule.
 *
 * Detection happens elsewhere, and alerts reach Alertmanager in one of two shapes:
 * - from falcosidekick, for our Falco rules: labels `source="falco"`, `rule` = the Falco rule name
 *   (the rule's title), `priority` = Falco's priority as falcosidekick writes it (`Critical`,
 *   `Warning`, `Notice`), plus `severity`, `tags` and one label per output field. There is no
 *   `alertname` and no `urgency`, and Alertmanager cannot add labels, so every route below has a
 *   twin for this shape;
 * - from anything else (a Prometheus rule, a Lambda behind EventBridge, a SIEM): labels
 *   `alertname` = the rule id and `urgency` = the rule's urgency, and `service` if it has one.
 * This file decides who hears about it, and when:
 * - `wake-me-up` goes to the pager, and also to the rule's chat channel.
 * - `look-today` and `fyi` go to the rule's chat channel.
 * - Odd hours: a `look-today` rule with working hours also pages, but only outside those hours (a
 *   route to the pager muted by `mute_time_intervals` during working hours). An `fyi` rule with
 *   working hours posts only during them (`active_time_intervals`); Alertmanager holds the
 *   notification and sends it once the interval starts.
 * - A firing `wake-me-up` alert silences the same rule at lower urgency.
 * - Announced changes: an `AnnouncedChange` alert with a `service` label mutes alerts with the same
 *   `service` (inhibit rule); for one-off work, a silence (the /announce/ page writes one).
 *
 * Working hours live here, not in detection: CloudTrail times are UTC and daylight saving breaks
 * hour-based filters; Alertmanager's `location` handles both.
 *
 * One concern, though a long file: Alertmanager's configuration is one routing tree. Its routes,
 * receivers, time intervals, inhibit rules and the README about the secret files name one another,
 * so they are written together and each name is made in one place.
 */
import type { ChatTool, PagerTool, Rule, RuleSet, Urgency, WorkingHours } from '../model.ts';
import { alertingOf, toolNames, urgencies, urgencyWords, weekdays } from '../model.ts';
import type { ExportedFile, ExportResult, Refusal, Target } from '../target.ts';
import { falcoRuleNames } from './falco.ts';
import { falcosidekickPriority, quoteMatcherValue } from '../alertmanager-matchers.ts';
import { alertListFileName, alertListJson } from '../../announce/alert-list.ts';
import { yamlText } from '../yaml-text.ts';

const secretDir = '/etc/alertmanager/secrets';

/** Where Alertmanager reads the secrets; operators put the real values in these files. */
const secretFiles = {
  slackWebhookUrl: `${secretDir}/slack-webhook-url`,
  mattermostWebhookUrl: `${secretDir}/mattermost-webhook-url`,
  pagingRoutingKey: `${secretDir}/pagerduty-routing-key`,
  opsgenieApiKey: `${secretDir}/opsgenie-api-key`,
  victoropsApiKey: `${secretDir}/victorops-api-key`,
} as const;

/** A Microsoft Teams incoming webhook posts to one channel, so each channel has its own secret file. */
export function msteamsWebhookFile(channel: string): string {
  return `${secretDir}/msteams-webhook-url-${channel.replace(/^#/, '')}`;
}

/** The name of the receiver that wakes someone up. */
export const pagingReceiver = 'page';
/** The alert name that announces a planned change to one `service`. */
const announcedChangeAlert = 'AnnouncedChange';
const defaultChannel = '#security-alerts';

/** The receiver that posts to one chat channel. Channel names are already limited to [a-z0-9_-]. */
function chatReceiverName(channel: string, tool: ChatTool = 'slack'): string {
  return `${tool}-${channel.replace(/^#/, '')}`;
}

/** The receiver that posts to one Slack channel. */
export function slackReceiverName(channel: string): string {
  return chatReceiverName(channel, 'slack');
}

/** The time-interval name for one rule's working hours. */
function workingHoursName(ruleId: string): string {
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
  const untilMidnight = { weekdays: days, times: [{ start_time: hours.start, end_time: '24:00' }], location: hours.timeZone };
  // A shift that ends exactly at midnight has nothing on the next day; Alertmanager refuses an empty 00:00–00:00 range.
  if (hours.end === '00:00') return [untilMidnight];
  const nextDays = weekdays.filter((_day, i) => hours.days.includes(weekdays[(i + 6) % 7]!));
  return [
    untilMidnight,
    { weekdays: nextDays, times: [{ start_time: '00:00', end_time: hours.end }], location: hours.timeZone },
  ];
}

/** Alertmanager's regular-expression matcher for a list of rule ids (ids use only [a-z0-9-]). */
function alertnameIn(ids: string[]): string {
  return ids.length === 1 ? `alertname="${ids[0]}"` : `alertname=~"${ids.join('|')}"`;
}

/** The two shapes an alert for one rule can arrive in; `falco` only for rules the Falco export writes. */
interface Arrival {
  rule: Rule;
  /** The Falco rule name, which falcosidekick sends as the `rule` label. */
  falcoName?: string;
}

/** Matchers for one rule's alerts as falcosidekick sends them, at the priority of one urgency. */
function falcoMatchers(falcoName: string, urgency: Urgency): string[] {
  return ['source="falco"', `rule=${quoteMatcherValue(falcoName)}`, `priority="${falcosidekickPriority[urgency]}"`];
}

// Alert text comes from the alert's own labels and annotations, never from this file, so rule text
// can never be read as a template. falcosidekick sets `summary` (the rule) and `description` (the
// output line); other sources are asked to set the same two annotations.
const messageTitle =
  '[{{ or .CommonLabels.urgency .CommonLabels.priority }}] {{ or .CommonLabels.alertname .CommonLabels.rule }}{{ if .CommonLabels.service }} ({{ .CommonLabels.service }}){{ end }}';
const messageText = '{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.description }}\n{{ end }}';

function chatReceiver(channel: string, tool: ChatTool): object {
  const name = chatReceiverName(channel, tool);
  if (tool === 'msteams')
    return {
      name,
      // Needs Alertmanager 0.26 or later (webhook_url_file: 0.27 or later).
      msteams_configs: [{ webhook_url_file: msteamsWebhookFile(channel), send_resolved: true, title: messageTitle, text: messageText }],
    };
  return {
    name,
    slack_configs: [
      {
        // Mattermost's incoming webhook takes Slack's message shape; it names a channel without "#".
        channel: tool === 'mattermost' ? channel.replace(/^#/, '') : channel,
        api_url_file: tool === 'mattermost' ? secretFiles.mattermostWebhookUrl : secretFiles.slackWebhookUrl,
        send_resolved: true,
        title: messageTitle,
        text: messageText,
      },
    ],
  };
}

function pagerReceiver(pager: PagerTool, settings: { victoropsRoutingKey?: string | undefined; opsgenieTeam?: string | undefined }): object {
  if (pager === 'opsgenie')
    return {
      name: pagingReceiver,
      opsgenie_configs: [
        {
          api_key_file: secretFiles.opsgenieApiKey,
          send_resolved: true,
          message: messageTitle,
          priority: 'P1',
          ...(settings.opsgenieTeam ? { responders: [{ name: settings.opsgenieTeam, type: 'team' }] } : {}),
        },
      ],
    };
  if (pager === 'victorops')
    return {
      name: pagingReceiver,
      victorops_configs: [
        {
          api_key_file: secretFiles.victoropsApiKey,
          routing_key: settings.victoropsRoutingKey ?? 'security',
          send_resolved: true,
          entity_display_name: messageTitle,
        },
      ],
    };
  return { name: pagingReceiver, pagerduty_configs: [{ routing_key_file: secretFiles.pagingRoutingKey, send_resolved: true }] };
}

/** What the configuration needs to know besides the rules. */
interface AlertmanagerOptions {
  chat?: ChatTool;
  pager?: PagerTool;
  victoropsRoutingKey?: string | undefined;
  opsgenieTeam?: string | undefined;
  /** Falco rule name by rule id, for the rules the Falco export writes. */
  falcoNames?: Map<string, string>;
}

/** The Alertmanager configuration object for the rules that can be routed. */
function alertmanagerConfig(
  rules: Rule[],
  hoursByRule: Map<string, TimeRange[]>,
  options: AlertmanagerOptions = {},
): Record<string, unknown> {
  const chat = options.chat ?? 'slack';
  const pager = options.pager ?? 'pagerduty';
  const falcoNames = options.falcoNames ?? new Map<string, string>();
  const receiverFor = (channel: string) => chatReceiverName(channel, chat);
  const arrivals: Arrival[] = rules.map((rule) => ({ rule, ...(falcoNames.has(rule.id) ? { falcoName: falcoNames.get(rule.id)! } : {}) }));
  const fromFalco = arrivals.filter((a): a is Required<Arrival> => a.falcoName !== undefined);
  const channels = [...new Set([defaultChannel, ...rules.map((r) => r.notify)])];
  const routes: object[] = [
    // Announcements are not incidents: post them quietly, and let the inhibit rule below do the muting.
    { receiver: receiverFor(defaultChannel), matchers: [`alertname="${announcedChangeAlert}"`] },
    { receiver: pagingReceiver, matchers: ['urgency="wake-me-up"'], continue: true },
  ];
  for (const { falcoName } of fromFalco.filter((a) => a.rule.urgency === 'wake-me-up'))
    routes.push({ receiver: pagingReceiver, matchers: falcoMatchers(falcoName, 'wake-me-up'), continue: true });
  for (const { rule, falcoName } of arrivals) {
    if (rule.urgency === 'look-today' && hoursByRule.has(rule.id)) {
      // Muted during working hours, so it only pages out of hours; the chat route below still posts.
      const outOfHours = { receiver: pagingReceiver, mute_time_intervals: [workingHoursName(rule.id)], continue: true };
      routes.push({ ...outOfHours, matchers: ['urgency="look-today"', `alertname="${rule.id}"`] });
      if (falcoName !== undefined) routes.push({ ...outOfHours, matchers: falcoMatchers(falcoName, 'look-today') });
    }
  }
  for (const urgency of urgencies) {
    const ofUrgency = rules.filter((r) => r.urgency === urgency);
    if (ofUrgency.length === 0) continue;
    // Just-so-you-know alerts are batched: nobody needs them within seconds.
    const batching = urgency === 'fyi' ? { group_wait: '5m', group_interval: '30m', repeat_interval: '24h' } : {};
    const byRule = (rule: Rule, matchers: string[]): object =>
      urgency === 'fyi' && hoursByRule.has(rule.id)
        ? // Just-so-you-know alerts wait for working hours where the rule has them.
          { receiver: receiverFor(rule.notify), matchers, active_time_intervals: [workingHoursName(rule.id)] }
        : { receiver: receiverFor(rule.notify), matchers };
    const children: object[] = [];
    for (const channel of channels) {
      const inChannel = ofUrgency.filter((r) => r.notify === channel);
      if (inChannel.length === 0) continue;
      const withHours = urgency === 'fyi' ? inChannel.filter((r) => hoursByRule.has(r.id)) : [];
      for (const rule of withHours) children.push(byRule(rule, [`alertname="${rule.id}"`]));
      const always = inChannel.filter((r) => !withHours.includes(r)).map((r) => r.id);
      if (always.length > 0) children.push({ receiver: receiverFor(channel), matchers: [alertnameIn(always)] });
    }
    routes.push({ receiver: receiverFor(defaultChannel), matchers: [`urgency="${urgency}"`], ...batching, routes: children });
    const falcoOfUrgency = fromFalco.filter((a) => a.rule.urgency === urgency);
    if (falcoOfUrgency.length > 0)
      routes.push({
        receiver: receiverFor(defaultChannel),
        matchers: ['source="falco"', `priority="${falcosidekickPriority[urgency]}"`],
        ...batching,
        routes: falcoOfUrgency.map(({ rule, falcoName }) => byRule(rule, [`rule=${quoteMatcherValue(falcoName)}`])),
      });
  }
  const timeIntervals = [...hoursByRule].map(([id, ranges]) => ({ name: workingHoursName(id), time_intervals: ranges }));
  return {
    route: {
      receiver: receiverFor(defaultChannel),
      // falcosidekick alerts carry `rule` where others carry `alertname`; both group by rule.
      group_by: ['alertname', 'rule', 'service'],
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
        // The same, for alerts as falcosidekick sends them: the Falco rule name is the `rule` label.
        source_matchers: ['source="falco"', `priority="${falcosidekickPriority['wake-me-up']}"`],
        target_matchers: ['source="falco"', `priority=~"${falcosidekickPriority['look-today']}|${falcosidekickPriority.fyi}"`],
        equal: ['rule'],
      },
      {
        // A planned change to a service mutes that service's alerts while the announcement fires.
        // Both sides must carry a service label: Alertmanager treats two missing labels as equal.
        source_matchers: [`alertname="${announcedChangeAlert}"`, 'service=~".+"'],
        target_matchers: [`alertname!="${announcedChangeAlert}"`, 'service=~".+"'],
        equal: ['service'],
      },
    ],
    receivers: [pagerReceiver(pager, options), ...channels.map((c) => chatReceiver(c, chat))],
  };
}

function secretSteps(chat: ChatTool, pager: PagerTool, channels: string[], options: AlertmanagerOptions): string[] {
  const steps: string[] = [];
  if (chat === 'slack') steps.push(`- Put your Slack incoming-webhook address in \`${secretFiles.slackWebhookUrl}\`.`);
  if (chat === 'mattermost')
    steps.push(
      `- Put your Mattermost incoming-webhook address in \`${secretFiles.mattermostWebhookUrl}\`. Alertmanager posts to it in Slack's message shape, which Mattermost accepts; the webhook must not be locked to one channel, since each rule names its own.`,
    );
  if (chat === 'msteams')
    steps.push(
      '- Microsoft Teams: `msteams_configs` needs Alertmanager 0.26 or later, and `webhook_url_file` 0.27 or later; older versions (Debian 12 ships 0.25) refuse this file.',
      '- A Teams incoming webhook posts to one channel, so each channel has its own file:',
      ...channels.map((c) => `  - \`${c}\`: \`${msteamsWebhookFile(c)}\``),
    );
  if (pager === 'pagerduty') steps.push(`- Put your PagerDuty routing key (Events API v2) in \`${secretFiles.pagingRoutingKey}\`.`);
  if (pager === 'opsgenie')
    steps.push(
      `- Put your Opsgenie API key in \`${secretFiles.opsgenieApiKey}\`.${options.opsgenieTeam ? ` Alerts go to the team "${options.opsgenieTeam}".` : ''}`,
    );
  if (pager === 'victorops')
    steps.push(
      `- Put your Splunk On-Call (VictorOps) API key in \`${secretFiles.victoropsApiKey}\`. Alerts use the routing key \`${options.victoropsRoutingKey ?? 'security'}\`${options.victoropsRoutingKey ? '' : ' (set `alerting.victoropsRoutingKey` in the rule file to use another)'}.`,
    );
  return steps;
}

function readme(rules: Rule[], hoursByRule: Map<string, TimeRange[]>, options: Required<Pick<AlertmanagerOptions, 'chat' | 'pager'>> & AlertmanagerOptions): string {
  const { chat, pager } = options;
  const falcoNames = options.falcoNames ?? new Map<string, string>();
  const chatName = toolNames[chat];
  const channels = [...new Set([defaultChannel, ...rules.map((r) => r.notify)])];
  const falcoRule = rules.find((r) => falcoNames.has(r.id));
  const lines = [
    '# Alertmanager routing for Plainsec rules',
    '',
    'Copy `alertmanager.yml` to your Alertmanager and check it with `amtool check-config alertmanager.yml`.',
    '',
    '## Before you start',
    '',
    ...secretSteps(chat, pager, channels, options),
    '',
    'Other chat tools (Google Chat, Rocket.Chat, Zulip …): Alertmanager has no receiver for them in this file.',
    'You would need a bridge that takes Alertmanager\'s webhook (`webhook_configs`) and posts to your tool;',
    'Plainsec does not write that part.',
    '',
    '## The labels alerts must carry',
    '',
    'Alertmanager routes on labels, and cannot add them. This file understands two shapes:',
    '',
    '| source | labels it routes on |',
    '|---|---|',
    '| Falco, through falcosidekick (our Falco rules file) | `source="falco"`, `rule` = the Falco rule name, `priority` = `Critical`, `Warning` or `Notice` |',
    '| anything else (Prometheus, a Lambda behind EventBridge, a SIEM) | `alertname` = the rule id, `urgency` = `wake-me-up`, `look-today` or `fyi`; add `service=<name>` if announced changes should mute it |',
    '',
    'falcosidekick sends its own labels and nothing else: the Falco rule name as `rule`, the priority',
    'as `priority` (capitalised), `severity`, `source=falco`, the rule\'s tags joined with commas as `tags`,',
    'and one label per output field (`ct.user` becomes `ct_user`). Do not set falcosidekick\'s',
    '`customseveritymap` or rename rules in Falco: the routes below match the names and priorities',
    'our Falco export writes. Give other sources the annotations `summary` and `description`; they are',
    'the message text.',
    '',
    '## Who hears what',
    '',
    `- ${urgencyWords['wake-me-up']} (\`urgency=wake-me-up\`, Falco \`Critical\`): pages through ${toolNames[pager]}, and posts in the rule's ${chatName} channel.`,
    `- ${urgencyWords['look-today']} (\`urgency=look-today\`, Falco \`Warning\`): posts in the rule's ${chatName} channel. Rules with working hours also page outside those hours.`,
    `- ${urgencyWords.fyi} (\`urgency=fyi\`, Falco \`Notice\`): posts in the rule's ${chatName} channel; rules with working hours post only during them.`,
    '- While a wake-me-up alert fires, the same rule at lower urgency stays quiet.',
    '',
    '## Announced changes',
    '',
    'Planned work sets off alerts. Say so in the channel first (the Plainsec site\'s /announce/ page writes the',
    `message, a silence and a calendar entry; load \`${alertListFileName}\` there to pick from these rules). Two ways to`,
    'keep the alerts quiet:',
    '',
    '1. For a one-off, add a silence for the rules the work will set off, for as long as the work takes:',
    '',
    '   ```sh',
    `   amtool silence add 'alertname=~"${rules.slice(0, 2).map((r) => r.id).join('|') || 'rule-id'}"' --duration=2h --author="$(whoami)" \\`,
    '     --comment="Announced change: payments database upgrade" --alertmanager.url=http://localhost:9093',
    ...(falcoRule
      ? [
          `   amtool silence add source=falco ${shellQuote(`rule=${quoteMatcherValue(falcoNames.get(falcoRule.id)!)}`)} --duration=2h --author="$(whoami)" \\`,
          '     --comment="Announced change: payments database upgrade" --alertmanager.url=http://localhost:9093',
        ]
      : []),
    '   ```',
    '',
    '   Remove it early with `amtool silence expire <id>`; list silences with `amtool silence query`.',
    '',
    `2. From your deploy pipeline, fire an alert \`alertname=${announcedChangeAlert}\` with \`service=<name>\` while`,
    '   the change runs. Alerts with the same `service` label are muted until it resolves.',
    '',
    '## Rules',
    '',
    `| rule id | Falco rule name (the \`rule\` label) | urgency | ${chatName} channel | working hours |`,
    '|---|---|---|---|---|',
    ...rules.map((r) => {
      const hours = hoursByRule.has(r.id) && r.workingHours ? `${r.workingHours.start}–${r.workingHours.end} ${r.workingHours.timeZone}` : 'always';
      // As the matcher writes it: quoted, one line, exact.
      const falco = falcoNames.has(r.id) ? quoteMatcherValue(falcoNames.get(r.id)!).replace(/\|/g, '\\|') : '(not in the Falco export)';
      return `| \`${r.id}\` | ${falco} | ${r.urgency} | \`${r.notify}\` | ${hours} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

/** One shell word in single quotes, safe whatever it holds. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
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
  const alerting = alertingOf(ruleSet);
  const options = { ...alerting, falcoNames: falcoRuleNames({ ...ruleSet, rules: routed }) };
  const comment =
    ' Alertmanager routing for Plainsec rules. Generated: edit the rules, not this file.\n See README.md for the labels alerts must carry and for announced changes.' +
    (alerting.chat === 'msteams' ? '\n Microsoft Teams (msteams_configs) needs Alertmanager 0.26 or later; webhook_url_file needs 0.27 or later.' : '');
  const files: ExportedFile[] = [
    { path: 'alertmanager/alertmanager.yml', content: yamlText(alertmanagerConfig(routed, hoursByRule, options), { comment }) },
    { path: 'alertmanager/README.md', content: readme(routed, hoursByRule, options) },
    // The /announce/ page reads this to offer the team's own rules, with the names their alerts arrive under.
    {
      path: `alertmanager/${alertListFileName}`,
      content: alertListJson(routed.map((r) => ({ id: r.id, title: r.title, urgency: r.urgency, ...(options.falcoNames.has(r.id) ? { falcoName: options.falcoNames.get(r.id)! } : {}) }))),
    },
  ];
  return { files, refused };
}

/** The Alertmanager target: routes, time intervals, inhibit rules and announced changes. */
export const alertmanagerTarget: Target = {
  id: 'alertmanager',
  name: 'Prometheus Alertmanager',
  // Routing reads a rule's urgency and channel, whatever records the rule reads.
  sources: ['cloudtrail', 'k8s-audit'],
  exportRuleSet: exportAlertmanager,
};
