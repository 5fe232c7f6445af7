/**
 * falcosidekick configuration written beside the Falco rules: falcosidekick takes each alert Falco
 * raises and sends it to every output that is on and whose `minimumpriority` the alert's priority
 * reaches (handlers.go; tests/fixtures/falcosidekick-delivery). So the chat output takes the lowest
 * priority the rules use (every alert is posted), and the pager output takes `critical` (wake me up).
 *
 * Secrets never go into the file. falcosidekick reads every setting from an environment variable
 * too (viper: `slack.webhookurl` is `SLACK_WEBHOOKURL`), and the variable wins over the file, so the
 * file holds a placeholder naming the variable. The placeholder is not empty on purpose: an empty
 * value turns an output off, so "not empty" marks the outputs this file means to use, and a
 * forgotten variable fails loudly (a chat output refuses the placeholder as an address when
 * falcosidekick starts; a pager output logs an error at each alert) instead of staying silent.
 *
 * falcosidekick knows nothing of working hours or of a rule's channel; its Alertmanager output,
 * left off here, hands alerts to the Alertmanager file, which does both.
 */
import { yamlText } from '../yaml-text.ts';
import { toolNames, type Alerting, type ChatTool, type Rule } from '../model.ts';
import { falcoDelivery } from '../delivery/falco.ts';
import type { ExportedFile } from '../target.ts';
import { sourceOf } from '../sources.ts';

/** falcosidekick's priorities, lowest first (types/priority.go); Falco's priority names are the same words. */
export const falcosidekickPriorities = ['debug', 'informational', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'] as const;
type Priority = (typeof falcosidekickPriorities)[number];

/** The falcosidekick output for each chat tool, and the name of its webhook setting. */
const chatOutputs: Record<ChatTool, string> = {
  slack: 'slack',
  mattermost: 'mattermost',
  msteams: 'teams',
};

/** The environment variable falcosidekick reads for a setting: the dotted path in capitals, with `_` for the dot (config.go). */
export const envName = (output: string, key: string): string => `${output}_${key}`.toUpperCase();

/** What the file holds where a secret goes: the variable to set instead. Never empty (see above). */
export const secretPlaceholder = (env: string): string => `set by the environment variable ${env}`;

interface Secret {
  env: string;
  what: string;
}

/** The chat output: its falcosidekick section and the secret it needs. */
function chatOutput(chat: ChatTool, lowest: Priority): { name: string; section: Record<string, string>; secret: Secret } {
  const name = chatOutputs[chat];
  const env = envName(name, 'webhookurl');
  const what =
    chat === 'msteams'
      ? 'the address of the Microsoft Teams incoming webhook of the channel that should see the alerts'
      : `the address of your ${toolNames[chat]} incoming webhook; alerts go to the channel the webhook belongs to`;
  return {
    name,
    section: { webhookurl: secretPlaceholder(env), minimumpriority: lowest },
    secret: { env, what },
  };
}

/** falcosidekick's output for each pager it has (none for Splunk On-Call), its key setting and what to put there. */
const pagerOutputs: Partial<Record<Alerting['pager'], { name: string; key: string; what: string }>> = {
  pagerduty: { name: 'pagerduty', key: 'routingkey', what: 'the integration key (Events API v2) of the PagerDuty service that should page' },
  opsgenie: { name: 'opsgenie', key: 'apikey', what: 'the key of an Opsgenie API integration (its alerts go to the team the integration belongs to)' },
};

/** The pager output, or undefined where falcosidekick has none (Splunk On-Call). */
function pagerOutput(pager: Alerting['pager']): { name: string; section: Record<string, string>; secrets: Secret[] } | undefined {
  const output = pagerOutputs[pager];
  if (!output) return undefined;
  const env = envName(output.name, output.key);
  return {
    name: output.name,
    section: { [output.key]: secretPlaceholder(env), region: 'us', minimumpriority: 'critical' },
    secrets: [
      { env, what: output.what },
      { env: envName(output.name, 'region'), what: `set it to eu if your ${toolNames[pager]} account is in the EU (the file says us)` },
    ],
  };
}

/** The lowest of the priorities the rules use. */
function lowestOf(priorities: readonly string[]): Priority {
  const ranks = priorities.map((p) => falcosidekickPriorities.indexOf(p.toLowerCase() as Priority)).filter((r) => r >= 0);
  return falcosidekickPriorities[ranks.length > 0 ? Math.min(...ranks) : 0]!;
}

const fileComment = (chatName: string, pagerName: string | undefined, secrets: Secret[]): string =>
  [
    ' falcosidekick configuration for the Plainsec Falco rules beside it. Start it with: falcosidekick -c falcosidekick.yaml',
    ' Secrets are not in this file. Set these environment variables; each one wins over the value here:',
    ...secrets.map((s) => `   ${s.env}: ${s.what}`),
    ` ${chatName} gets every alert the rules raise.` +
      (pagerName ? ` ${pagerName} pages for Critical alerts only (wake me up).` : ' Nothing pages: falcosidekick has no Splunk On-Call output.'),
    " falcosidekick knows nothing of working hours or of each rule's channel. For those, run the Plainsec",
    ' Alertmanager file and set ALERTMANAGER_HOSTPORT (for example http://alertmanager:9093) to turn on the',
    ' alertmanager output below. Then turn off the outputs above (set their address or key to "" here and unset',
    ' their variables), so nobody is told twice: Alertmanager posts and pages for them.',
  ].join('\n');

/** falco/falcosidekick.yaml and falco/README.md for the rules the Falco export wrote, with their Falco priorities. */
export function falcosidekickFiles(alerting: Alerting, rules: readonly { rule: Rule; priority: string }[]): ExportedFile[] {
  const lowest = lowestOf(rules.map((r) => r.priority));
  const chat = chatOutput(alerting.chat, lowest);
  const pager = pagerOutput(alerting.pager);
  const secrets = [chat.secret, ...(pager?.secrets ?? [])];
  const config: Record<string, Record<string, string>> = {
    [chat.name]: chat.section,
    ...(pager ? { [pager.name]: pager.section } : {}),
    // Off (empty) until the team runs the Alertmanager file; see the comment at the top.
    alertmanager: { hostport: '', minimumpriority: lowest },
  };
  const yaml = yamlText(config, {
    comment: fileComment(toolNames[alerting.chat], pager ? toolNames[alerting.pager] : undefined, secrets),
  });
  return [
    { path: 'falco/falcosidekick.yaml', content: yaml },
    {
      path: 'falco/README.md',
      content: readme(
        alerting,
        rules.map((r) => r.rule),
        secrets,
        lowest,
      ),
    },
  ];
}

/** What falcosidekick cannot do for these rules, each with the rules it touches (from the delivery matrix). */
function gapsOf(alerting: Alerting, rules: readonly Rule[]): string[] {
  const byGap = new Map<string, string[]>();
  for (const rule of rules)
    for (const hours of ['in-hours', 'out-of-hours'] as const)
      for (const gap of falcoDelivery.deliver(rule, alerting, hours).gaps) {
        const ids = byGap.get(gap) ?? [];
        if (!ids.includes(rule.id)) ids.push(rule.id);
        byGap.set(gap, ids);
      }
  return [...byGap].map(([gap, ids]) => `- ${gap[0]!.toUpperCase()}${gap.slice(1)}. Rules: ${ids.join(', ')}.`);
}

/** Which rules files the export wrote, and how Falco reads each. */
function rulesFileLines(rules: readonly Rule[]): string[] {
  const cluster = rules.some((r) => sourceOf(r) === 'k8s-audit');
  const cloudTrail = rules.some((r) => sourceOf(r) !== 'k8s-audit');
  if (!cluster) return ['- `plainsec_cloudtrail_rules.yaml` holds the rules. Copy it next to your Falco rules and restart Falco.'];
  return [
    ...(cloudTrail ? ['- `plainsec_cloudtrail_rules.yaml` holds the rules for AWS CloudTrail. Copy it next to your Falco rules.'] : []),
    "- `plainsec_k8s_audit_rules.yaml` holds the rules for your cluster's audit log. Copy it next to your Falco rules, load the k8saudit and json plugins (on EKS, k8saudit-eks instead of k8saudit), and restart Falco.",
  ];
}

function readme(alerting: Alerting, rules: readonly Rule[], secrets: Secret[], lowest: Priority): string {
  const chat = toolNames[alerting.chat];
  const pager = toolNames[alerting.pager];
  const gaps = gapsOf(alerting, rules);
  return (
    [
      '# Falco: who hears the alerts',
      '',
      ...rulesFileLines(rules),
      '- `falcosidekick.yaml` tells falcosidekick where to send the alerts Falco raises. Start falcosidekick with `falcosidekick -c falcosidekick.yaml`, and point Falco at it (`http_output` in falco.yaml, as the falcosidekick guide shows).',
      '',
      '## Set these environment variables',
      '',
      'The file holds no secrets. Where one goes, it says which environment variable to set; falcosidekick reads the variable and it wins over the file.',
      '',
      ...secrets.map((s) => `- \`${s.env}\`: ${s.what}.`),
      '',
      'If you leave one unset, falcosidekick keeps the words in the file. The chat output then refuses them when falcosidekick starts, and its log says so. A pager output logs an error at each alert.',
      '',
      '## Who is told',
      '',
      `- ${chat}: every alert at ${lowest[0]!.toUpperCase()}${lowest.slice(1)} and above, which is every rule here, at any hour, in the channel the webhook belongs to.`,
      alerting.pager === 'victorops'
        ? `- ${pager}: nobody is paged. falcosidekick has no Splunk On-Call output; use Alertmanager as below.`
        : `- ${pager}: pages for Critical alerts only, which are the "wake me up" rules, at any hour.`,
      '',
      ...(gaps.length > 0 ? ['## What falcosidekick cannot do here', '', ...gaps, ''] : []),
      '## When to switch to Alertmanager',
      '',
      'Switch when a rule has working hours, when you page through Splunk On-Call, or when each rule should post in its own channel. The Plainsec Alertmanager file (alertmanager/ in the same download) does all three.',
      '',
      '1. Run Alertmanager with `alertmanager/alertmanager.yml`.',
      '2. Set `ALERTMANAGER_HOSTPORT` to its address, for example `http://alertmanager:9093`. That turns on the `alertmanager` output in `falcosidekick.yaml`.',
      '3. Turn off the direct outputs, or people are told twice. Set their address or key to "" in `falcosidekick.yaml`, and unset their variables: an empty variable does not win over the file.',
    ].join('\n') + '\n'
  );
}
