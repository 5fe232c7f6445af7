/**
 * Counting rules: "N times within M minutes, by the same who".
 *
 * THE CANONICAL MEANING, which every export must reproduce or refuse:
 * - Time is cut into fixed windows of `withinMinutes` minutes, aligned to the clock in UTC: a
 *   window starts at a multiple of M minutes since 1970-01-01T00:00Z (as a CloudWatch alarm period
 *   and Splunk's `bin _time span=Mm` do). `withinMinutes` divides an hour or is whole hours that
 *   divide a day, so windows start at the same clock times every day.
 * - An event belongs to the window holding its `eventTime`. At an edge, an event at exactly the
 *   start of a window belongs to that window, not the one before: windows are [start, start + M).
 *   So 20 calls in 2 minutes that straddle an edge count as two smaller bursts and may not fire;
 *   this is the price of a meaning every tool can reproduce exactly.
 * - An event counts when the rule's condition with its exceptions holds on it
 *   (`effectiveCondition`), exactly as for a rule that fires on each event.
 * - With `by`, events are counted per group: `who` is `userIdentity.arn` and `address` is
 *   `sourceIPAddress`. There is no fallback field for `who`: Sigma's group-by and Elastic's
 *   threshold field read one field each, so a fallback would make the tools count differently. An
 *   event whose group field is missing or not text (an AWS service's call, a failed console
 *   sign-in for an unknown user name) belongs to no group and is not counted, as Splunk's
 *   `stats … by` and Elastic's threshold terms drop it. Use `by: address` for failed sign-ins.
 * - The rule fires once for each window (and group) holding at least `atLeast` counted events.
 * - An event without a readable `eventTime` is not counted.
 */
import * as z from 'zod/mini';
import { matchesCondition, scalarAt, type CloudTrailEvent } from './canonical.ts';
import { inEnglish } from './condition-schema.ts';
import type { Condition } from './condition-schema.ts';


import { countBys, countWindowMinutes } from './vocabulary.ts';

export { countBys, countWindowMinutes };
export type CountBy = (typeof countBys)[number];

/** The CloudTrail field each kind of group is counted by. */
export const countByField: Record<CountBy, string> = { who: 'userIdentity.arn', address: 'sourceIPAddress' };

export const countSchema = z.strictObject(
  {
    /** How many matching events in one window make the rule fire; at least 2. */
    atLeast: z.int('write a whole number, like 20').check(z.gte(2, 'write 2 or more; a rule without a count fires on every event')),
    /** The window length in minutes. */
    withinMinutes: z.literal(countWindowMinutes, `write one of ${countWindowMinutes.join(', ')} minutes`),
    /** Count per person (`who`: userIdentity.arn) or per address (`address`: sourceIPAddress); left out, all events count together. */
    by: z.optional(z.enum(countBys, 'write who (the same person or role) or address (the same IP address)')),
  },
  inEnglish,
);
export type Count = z.infer<typeof countSchema>;

/** A tool's count over events: the windows it fires in, or why it could not read its own detection. */
export type CountResult = { ok: true; firings: CountFiring[] } | { ok: false; reason: string };

/** One window (and group) in which a counting rule fires. */
export interface CountFiring {
  /** The window's start, as an ISO time in UTC. */
  start: string;
  /** The group's value (an ARN or an address); absent when the rule counts all events together. */
  group?: string;
  /** The indices of the counted events in this window and group, in the order given. */
  events: number[];
}

/** The event's time in milliseconds, or undefined when `eventTime` is not a readable ISO time. */
export function eventTimeMs(event: CloudTrailEvent): number | undefined {
  const time = event['eventTime'];
  if (typeof time !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(time)) return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : ms;
}

/** What a tool counts with: the window, the threshold and the group field; shared by the canonical meaning and each tool's model. */
export interface CountPlan {
  windowMs: number;
  atLeast: number;
  groupField?: string;
}

export const planOf = (count: Count): CountPlan => ({
  windowMs: count.withinMinutes * 60_000,
  atLeast: count.atLeast,
  ...(count.by ? { groupField: countByField[count.by] } : {}),
});

/**
 * The windows (and groups) in which at least `atLeast` of the events accepted by `counts` fall.
 * `groupOf` reads an event's group as the tool does (undefined: the event is not counted).
 */
export function countWindows(
  plan: CountPlan,
  events: readonly CloudTrailEvent[],
  counts: (event: CloudTrailEvent) => boolean,
  groupOf: (event: CloudTrailEvent, field: string) => string | undefined = (e, f) => {
    const v = scalarAt(e, f);
    return typeof v === 'string' ? v : undefined;
  },
): CountFiring[] {
  const buckets = new Map<string, CountFiring & { ms: number }>();
  events.forEach((event, i) => {
    const ms = eventTimeMs(event);
    if (ms === undefined || !counts(event)) return;
    let group: string | undefined;
    if (plan.groupField !== undefined) {
      group = groupOf(event, plan.groupField);
      if (group === undefined) return;
    }
    const start = Math.floor(ms / plan.windowMs) * plan.windowMs;
    const key = `${start}\u0000${group ?? ''}`;
    const bucket = buckets.get(key) ?? { ms: start, start: new Date(start).toISOString(), ...(group !== undefined ? { group } : {}), events: [] };
    bucket.events.push(i);
    buckets.set(key, bucket);
  });
  return [...buckets.values()]
    .filter((b) => b.events.length >= plan.atLeast)
    .sort((a, b) => a.ms - b.ms || (a.group ?? '').localeCompare(b.group ?? ''))
    .map(({ ms: _ms, ...firing }) => firing);
}

/** The canonical count: where a counting rule fires over the events given. */
export function countFirings(count: Count, condition: Condition, events: readonly CloudTrailEvent[]): CountFiring[] {
  return countWindows(planOf(count), events, (e) => matchesCondition(condition, e));
}

/** The same firings, compared as text (window start and group), for tests and `rules test`. */
export const firingKeys = (firings: readonly CountFiring[]): string[] => firings.map((f) => `${f.start}${f.group !== undefined ? ` ${f.group}` : ''}`);
