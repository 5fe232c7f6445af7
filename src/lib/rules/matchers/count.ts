/**
 * How each tool counts: Plainsec's model of the counting part of each export, read from the text
 * the export writes (the Sigma correlation, the CloudWatch alarm, the Elastic threshold rule, the
 * Splunk `bin | stats | where` tail). The events each tool counts are decided by that tool's own
 * per-event matcher; the windows, groups and threshold come from the exported text, so the
 * differential test catches an export whose window, group field or threshold is wrong.
 *
 * The models share these readings of the tools, each taken from its documentation:
 * - Sigma `event_count` with `timespan` and `group-by`: pySigma's backends (Splunk's `bin _time
 *   span=`, for one) count in fixed windows; an event without the group-by field is not counted.
 * - CloudWatch: the metric filter adds 1 per matching log event, at the event's time (CloudTrail
 *   writes each record as one log event stamped with its eventTime); the alarm sums each period,
 *   and periods start at whole multiples of the period since the epoch. We report each period in
 *   which the alarm's condition holds (Sum >= Threshold); the alarm notifies on entering ALARM, so
 *   breaching periods in a row send one notification.
 * - Elastic threshold rules count the documents of each run's look-back (`from`: now-M) per value
 *   of `threshold.field`; documents without that field are not counted. The model takes runs at
 *   whole multiples of the interval, as the canonical windows are.
 * - Splunk: `bin _time span=Mm` puts each event in the window holding its _time (from eventTime),
 *   `stats count by _time F` drops events with no value of F, `where count>=N` keeps the windows.
 */
import { parseAllDocuments } from 'yaml';
import type { CloudTrailEvent } from '../canonical.ts';
import { countWindows, type CountPlan, type CountResult } from '../count.ts';
import type { CompiledDetection } from '../target.ts';

/** How a tool reads an event's group: the one value it indexes for the field, or undefined when it has none. */
export type GroupOf = (event: CloudTrailEvent, field: string) => string | undefined;

export type { CountResult };

/** A compiled per-event matcher, as each tool's matcher gives it. */
type PerEvent = (text: string) => CompiledDetection<CloudTrailEvent>;

function run(compiled: CompiledDetection<CloudTrailEvent>, plan: CountPlan, events: readonly CloudTrailEvent[], groupOf?: GroupOf): CountResult {
  if (!compiled.ok) return { ok: false, reason: compiled.reason };
  let invalid: string | undefined;
  const firings = countWindows(
    plan,
    events,
    (e) => {
      const r = compiled.match(e);
      if (r.kind === 'invalid') invalid ??= r.reason;
      return r.kind === 'match';
    },
    groupOf,
  );
  return invalid !== undefined ? { ok: false, reason: invalid } : { ok: true, firings };
}

/** A timespan such as 5m or 2h, in milliseconds. */
function spanMs(text: unknown): number | undefined {
  const m = typeof text === 'string' ? /^(\d+)([smhd])$/.exec(text) : null;
  if (!m) return undefined;
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A Sigma base rule and its `event_count` correlation, in one multi-document file. */
export function countSigma(text: string, events: readonly CloudTrailEvent[], perEvent: PerEvent): CountResult {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length !== 2) return { ok: false, reason: 'a counting Sigma file holds the rule and its correlation, two documents' };
  const [base, correlation] = docs.map((d) => d.toJSON() as unknown);
  if (!isObject(base) || !isObject(correlation) || !isObject(correlation['correlation'])) return { ok: false, reason: 'the second document is not a correlation' };
  const c = correlation['correlation'];
  if (c['type'] !== 'event_count') return { ok: false, reason: 'the correlation is not an event_count' };
  if (!Array.isArray(c['rules']) || c['rules'].length !== 1 || c['rules'][0] !== base['name']) return { ok: false, reason: 'the correlation does not name the rule above it' };
  const windowMs = spanMs(c['timespan']);
  const gte = isObject(c['condition']) ? c['condition']['gte'] : undefined;
  const groupBy = c['group-by'];
  if (windowMs === undefined || typeof gte !== 'number' || !Array.isArray(groupBy) || groupBy.length > 1) return { ok: false, reason: 'the correlation has no timespan, gte count or one group-by field' };
  const baseText = text.slice(0, text.search(/^---$/m));
  const plan: CountPlan = { windowMs, atLeast: gte, ...(groupBy.length === 1 ? { groupField: String(groupBy[0]) } : {}) };
  return run(perEvent(baseText), plan, events);
}

/** What the CloudWatch export's alarm says, as the count's detection text. */
export interface CloudWatchCountText {
  filterPattern: string;
  statistic: 'Sum';
  period: number;
  evaluationPeriods: number;
  threshold: number;
  comparisonOperator: 'GreaterThanOrEqualToThreshold';
}

/** A metric filter and its alarm: periods in which the summed metric reaches the threshold. */
export function countCloudWatch(text: string, events: readonly CloudTrailEvent[], perEvent: PerEvent): CountResult {
  const a = JSON.parse(text) as CloudWatchCountText;
  if (a.statistic !== 'Sum' || a.comparisonOperator !== 'GreaterThanOrEqualToThreshold' || a.evaluationPeriods !== 1)
    return { ok: false, reason: 'the alarm does not sum one period against the threshold' };
  return run(perEvent(a.filterPattern), { windowMs: a.period * 1000, atLeast: a.threshold }, events);
}

/**
 * An Elastic threshold rule (the Kibana rule object, as JSON). `groupOf` reads the group field's
 * one indexed value (the exporter passes the Elastic matcher's document); a document without it is
 * not counted.
 */
export function countElastic(text: string, events: readonly CloudTrailEvent[], perEvent: PerEvent, groupOf: GroupOf): CountResult {
  const r = JSON.parse(text) as Record<string, unknown>;
  const threshold = r['threshold'] as { field?: unknown; value?: unknown } | undefined;
  if (r['type'] !== 'threshold' || !threshold || typeof threshold.value !== 'number' || !Array.isArray(threshold.field) || threshold.field.length > 1)
    return { ok: false, reason: 'this is not a threshold rule on at most one field' };
  const windowMs = spanMs(r['interval']);
  if (windowMs === undefined || r['from'] !== `now-${String(r['interval'])}`) return { ok: false, reason: 'the rule does not look back exactly one interval' };
  const field = threshold.field[0] as string | undefined;
  const plan: CountPlan = { windowMs, atLeast: threshold.value, ...(field !== undefined ? { groupField: field } : {}) };
  return run(perEvent(String(r['query'])), plan, events, groupOf);
}

/**
 * A Splunk search ending `| bin _time span=Mm | stats count by _time [F] | where count>=N`.
 * `groupOf` reads F as Splunk extracts it (the exporter passes the Splunk matcher's fields):
 * `stats … by F` counts a record under its one value of F, and drops a record without one.
 */
export function countSplunk(text: string, events: readonly CloudTrailEvent[], perEvent: PerEvent, groupOf: GroupOf): CountResult {
  const at = text.lastIndexOf(' | bin _time span=');
  const tail = at < 0 ? null : /^ \| bin _time span=(\d+[mh]) \| stats count by _time( [A-Za-z0-9_.{}]+)? \| where count>=(\d+)$/.exec(text.slice(at));
  if (!tail) return { ok: false, reason: 'the search does not end with bin, stats count by _time and where count>=' };
  const windowMs = spanMs(tail[1])!;
  const field = tail[2]?.trim();
  const plan: CountPlan = { windowMs, atLeast: Number(tail[3]), ...(field ? { groupField: field } : {}) };
  return run(perEvent(text.slice(0, at)), plan, events, groupOf);
}
