/**
 * The delivery matrix for every tool (one file per tool in this folder), and the words the builder
 * and the zip README use to say who is told when.
 */
import type { Alerting } from '../vocabulary.ts';
import { urgencies, urgencyWords } from '../vocabulary.ts';
import type { TargetId } from '../target.ts';
import type { Delivery, DeliveredRule, Hours, TargetDelivery, Told } from './matrix.ts';
import { askedFor, hoursKinds } from './matrix.ts';
import { alertmanagerDelivery } from './alertmanager.ts';
import { cloudwatchDelivery, eventbridgeDelivery } from './aws.ts';
import { elasticDelivery } from './elastic.ts';
import { falcoDelivery } from './falco.ts';
import { sigmaDelivery } from './sigma.ts';
import { splunkDelivery } from './splunk.ts';

export { askedFor, hoursKinds, type Delivery, type DeliveredRule, type Hours, type Told };

export const deliveries: Record<TargetId, TargetDelivery> = {
  sigma: sigmaDelivery,
  eventbridge: eventbridgeDelivery,
  cloudwatch: cloudwatchDelivery,
  falco: falcoDelivery,
  alertmanager: alertmanagerDelivery,
  elastic: elasticDelivery,
  splunk: splunkDelivery,
};

/** How one tool's file tells people about one rule's alert at one time of day. */
export function deliveryOf(target: TargetId, rule: DeliveredRule, alerting: Alerting, hours: Hours): Delivery {
  return deliveries[target].deliver(rule, alerting, hours);
}

/** Whether a tool's file pages for these rules whenever they ask it to, in one plain sentence. */
export function pagingLine(target: TargetId, rules: readonly DeliveredRule[], alerting: Alerting): { pages: 'yes' | 'no' | 'partly' | 'not-asked'; words: string } {
  const asks: { rule: DeliveredRule; hours: Hours }[] = [];
  for (const rule of rules) for (const hours of hoursKinds) if (askedFor(rule, hours).page) asks.push({ rule, hours });
  if (asks.length === 0) return { pages: 'not-asked', words: 'Pages on-call: not asked; no rule here wakes anyone up.' };
  const delivered = asks.map(({ rule, hours }) => ({ hours, d: deliveryOf(target, rule, alerting, hours) }));
  const missed = delivered.filter((x) => !x.d.page);
  if (missed.length === 0) return { pages: 'yes', words: `Pages on-call: yes; ${delivered[delivered.length - 1]!.d.via.at(-1)!}.` };
  const why = missed[0]!.d.gaps[0] ?? 'this file tells nobody';
  if (missed.length === delivered.length) return { pages: 'no', words: `Does not page: ${why}.` };
  const when = missed.every((x) => x.hours === 'out-of-hours') ? ' outside working hours' : ' for some rules';
  return { pages: 'partly', words: `Does not page${when}: ${why}.` };
}

/** The words for who is told: "chat and pager", "chat", "chat, later". */
function cell(d: Told): string {
  const chat = d.chat === 'now' ? 'channel' : d.chat === 'held' ? 'channel, once working hours start' : '';
  if (d.page && chat) return `${chat} and pager`;
  if (d.page) return 'pager';
  return chat || 'nobody';
}

/** The urgency and time-of-day columns these rules need, in the documented order. */
function columns(rules: readonly DeliveredRule[]): { label: string; rule: DeliveredRule; hours: Hours }[] {
  const out: { label: string; rule: DeliveredRule; hours: Hours }[] = [];
  for (const urgency of urgencies) {
    const plain = rules.find((r) => r.urgency === urgency && !r.workingHours);
    const timed = rules.find((r) => r.urgency === urgency && r.workingHours);
    if (plain) out.push({ label: `${urgencyWords[urgency]}${timed ? ', no working hours' : ''}`, rule: plain, hours: 'in-hours' });
    if (timed) {
      out.push({ label: `${urgencyWords[urgency]}, in working hours`, rule: timed, hours: 'in-hours' });
      out.push({ label: `${urgencyWords[urgency]}, outside working hours`, rule: timed, hours: 'out-of-hours' });
    }
  }
  return out;
}

/**
 * Markdown for the zip README: one table of who each folder's files tell, per urgency and time of
 * day, then what each file cannot do and why. The tables compare with what the rules ask for.
 */
export function deliveryTableMarkdown(targetsShown: readonly TargetId[], rules: readonly DeliveredRule[], alerting: Alerting): string[] {
  if (rules.length === 0 || targetsShown.length === 0) return [];
  const cols = columns(rules);
  const lines = [
    '## Who is told when',
    '',
    'What the rules ask for, and what each folder\'s files do. "Channel" is the rule\'s chat channel; "pager" pages whoever is on call.',
    '',
    `| files | ${cols.map((c) => c.label).join(' | ')} |`,
    `|---|${cols.map(() => '---').join('|')}|`,
    `| what the rules ask for | ${cols.map((c) => cell(askedFor(c.rule, c.hours))).join(' | ')} |`,
  ];
  const gaps: string[] = [];
  for (const target of targetsShown) {
    const row = cols.map((c) => deliveryOf(target, c.rule, alerting, c.hours));
    lines.push(`| ${target}/ | ${row.map((d) => cell(d)).join(' | ')} |`);
    for (const g of new Set(row.flatMap((d) => d.gaps))) gaps.push(`- ${target}/: ${g}.`);
  }
  lines.push('');
  if (gaps.length > 0) lines.push('What these files do not do, and why:', '', ...gaps, '');
  return lines;
}
