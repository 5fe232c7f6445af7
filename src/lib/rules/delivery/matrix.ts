/**
 * The delivery matrix: for each tool's file, each urgency and each time of day (in or out of the
 * rule's working hours), who is told (the rule's chat channel, the pager) and by which part of which
 * file, or what that file cannot do and why.
 *
 * What a rule asks for is fixed here (`askedFor`), the same for every tool:
 * - Wake me up: page, and post in the rule's channel, at any hour.
 * - Look today: post in the channel; a rule with working hours also pages outside them.
 * - Just so you know: post in the channel; a rule with working hours posts during them, and what
 *   fires outside them waits until they start.
 * Each tool's file says what it does (one file per tool in this folder); a test reads every
 * exported file and checks it routes to exactly the receivers its entry here says. Where a tool
 * falls short of what was asked, its entry says so in `gaps`, and the builder and the zip README
 * say it before anyone relies on it.
 *
 * Pure words and logic, no exporter code, so the builder can show it without loading the exporters.
 */
import type { Alerting } from '../vocabulary.ts';
import type { Rule } from '../model.ts';

/** A moment inside the rule's working hours, or outside them. A rule without working hours is the same in both. */
export type Hours = 'in-hours' | 'out-of-hours';
export const hoursKinds: readonly Hours[] = ['in-hours', 'out-of-hours'];

/** What a rule's matrix entry reads: its urgency and working hours. */
export type DeliveredRule = Pick<Rule, 'urgency' | 'workingHours' | 'notify'>;

/** How an alert reaches a person at one time of day. */
export interface Told {
  /** Posts in the rule's chat channel now, holds the post until working hours start, or does not post. */
  chat: 'now' | 'held' | 'no';
  /** Pages whoever is on call. */
  page: boolean;
}

export interface Delivery extends Told {
  /** Which part of which file does the telling, in plain words; empty when nothing is told. */
  via: string[];
  /** What the rule asks for that this file does not do, each with why and what to do instead. */
  gaps: string[];
}

/** What a rule asks for at one time of day, whatever the tool. */
export function askedFor(rule: DeliveredRule, hours: Hours): Told {
  const outside = rule.workingHours !== undefined && hours === 'out-of-hours';
  if (rule.urgency === 'wake-me-up') return { chat: 'now', page: true };
  if (rule.urgency === 'look-today') return { chat: 'now', page: outside };
  return { chat: outside ? 'held' : 'now', page: false };
}

/** One tool's side of the matrix. */
export interface TargetDelivery {
  /** How this tool's file tells people about one rule's alert at one time of day. */
  deliver(rule: DeliveredRule, alerting: Alerting, hours: Hours): Delivery;
}

/** A delivery that tells nobody, with the reason. */
export function toldNobody(gap: string): Delivery {
  return { chat: 'no', page: false, via: [], gaps: [gap] };
}
