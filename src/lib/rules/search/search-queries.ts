/**
 * The two searches written for each CloudTrail rule, over months of logs kept by AWS:
 * - the hits: every record the rule fires on, with when, who, what, where and the rule's id;
 * - the noise: how many times a day it would have fired (a counting rule: how many windows),
 *   so a team knows before turning an alert on whether it already happened, and how loud it is.
 *
 * Both engines run Trino SQL; `SearchEngine` says what differs (the table, its columns, how a day
 * and a time are read). The condition is written by sql-condition.ts with the same meaning as
 * every other export; the table is limited to the days searched first, so the engine reads only
 * those days' files.
 */
import type { Rule } from '../model.ts';
import { effectiveCondition } from '../model.ts';
import { constantRuleReason, documentedTypeNotes, specialise } from '../documented.ts';
import { countByField } from '../count.ts';
import { sourceOf } from '../sources.ts';
import { sqlFor, sqlString, type SqlColumns } from './sql-condition.ts';

/** The days to search: the last N days up to today, or from one day to another (YYYY-MM-DD, in UTC). */
export type SearchRange = { lastDays: number } | { since: string; until?: string };

export const defaultRange: SearchRange = { lastDays: 30 };

export interface SearchEngine extends SqlColumns {
  /** The file folder and the words a comment uses: "athena", "Athena". */
  id: 'athena' | 'cloudtrail-lake';
  /** What goes after FROM. */
  from: string;
  /**
   * The tests that keep only the days searched. The last N days count back from the engine's
   * clock, or for Athena from `today` (YYYY-MM-DD, UTC) when given: `rules hunt` gives its own
   * clock's day, so that a test can fix it.
   */
  range(range: SearchRange, today?: string): string[];
  /** The record's time, as text (ISO 8601, UTC) and as a timestamp. */
  timeText: string;
  time: string;
  /** The result columns every hit gives, after the time. */
  shown: { who: string; what: string; account: string; region: string; address: string };
  /** Lines said at the top of every query file. */
  notes: string[];
}

export type SearchQueries = { ok: true; hits: string; perDay: string; notes: string[] } | { ok: false; reason: string };

/** A rule's words on a comment line: line breaks cannot end the comment early. */
const commentLine = (text: string): string => text.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ').trim();

/** When a day in the range must be written as a date: YYYY-MM-DD, nothing else. */
export function rangeProblem(range: SearchRange): string | undefined {
  if ('lastDays' in range) return Number.isInteger(range.lastDays) && range.lastDays > 0 && range.lastDays <= 3660 ? undefined : 'give the number of days to search as a whole number from 1 to 3660';
  const day = /^\d{4}-\d{2}-\d{2}$/;
  for (const d of [range.since, range.until]) if (d !== undefined && (!day.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)))) return `write the day ${d} as YYYY-MM-DD, like 2026-11-01`;
  if (range.until !== undefined && range.until < range.since) return `the search ends (${range.until}) before it starts (${range.since}); swap the two days`;
  return undefined;
}

/** A window's start for a counting rule: time cut into fixed windows from 1970-01-01T00:00Z, as count.ts says. */
function windowStart(engine: SearchEngine, minutes: number): string {
  const seconds = minutes * 60;
  return `from_unixtime(floor(to_unixtime(${engine.time}) / ${seconds}) * ${seconds})`;
}

/** The rule's condition (with its exceptions) as the SQL test each query's WHERE ends with, and the documented types it relies on. */
export function ruleConditionSql(engine: SearchEngine, rule: Rule): { ok: true; sql: string; notes: string[] } | { ok: false; reason: string } {
  if (sourceOf(rule) !== 'cloudtrail') return { ok: false, reason: `${engine.tool} searches CloudTrail records; this rule reads a cluster's audit log, which EKS keeps in CloudWatch Logs` };
  const typed = specialise(effectiveCondition(rule));
  if (typeof typed.condition === 'boolean') return { ok: false, reason: constantRuleReason(typed.condition) };
  const built = sqlFor(typed.condition, typed.kindOf, engine);
  return built.ok ? { ok: true, sql: built.sql, notes: documentedTypeNotes(typed.relied) } : built;
}

/** The hits and per-day queries for one rule, or why the engine cannot search for it. */
export function searchQueries(engine: SearchEngine, rule: Rule, range: SearchRange = defaultRange): SearchQueries {
  const problem = rangeProblem(range);
  if (problem) return { ok: false, reason: problem };
  const built = ruleConditionSql(engine, rule);
  if (!built.ok) return built;
  const where = [...engine.range(range), built.sql].map((c, i) => `${i === 0 ? 'WHERE' : '  AND'} ${c}`).join('\n');
  const head = [`-- Plainsec rule ${rule.id}: ${commentLine(rule.title)}`, ...engine.notes.map((n) => `-- ${n}`), ...built.notes.map((n) => `-- ${n}`)];
  const ruleId = sqlString(rule.id);
  const s = engine.shown;
  if (rule.count) {
    const group = rule.count.by ? engine.read(countByField[rule.count.by]) : undefined;
    if (group && !group.ok) return group;
    const window = windowStart(engine, rule.count.withinMinutes);
    const groupCols = group?.ok ? [`${group.sql} AS ${rule.count.by === 'who' ? 'who' : 'source_ip'}`] : [];
    const groupWhere = group?.ok ? `\n  AND ${group.sql} IS NOT NULL` : '';
    const windows = [`SELECT ${window} AS window_start,`, ...groupCols.map((c) => `  ${c},`), `  count(*) AS times,`, `  min(${engine.timeText}) AS first_time,`, `  max(${engine.timeText}) AS last_time,`, `  ${ruleId} AS rule_id`, `FROM ${engine.from}`, `${where}${groupWhere}`, `GROUP BY ${groupCols.length ? '1, 2' : '1'}`, `HAVING count(*) >= ${rule.count.atLeast}`].join('\n');
    const hits = [...head, `-- Each row is one ${rule.count.withinMinutes}-minute window${rule.count.by ? ` (per ${rule.count.by === 'who' ? 'person or role' : 'address'})` : ''} with at least ${rule.count.atLeast} matching events: one alert.`, `${windows}\nORDER BY window_start`].join('\n');
    const perDay = [...head, '-- How many windows a day would have fired: each is one alert.', `SELECT substr(first_time, 1, 10) AS day_utc, count(*) AS times\nFROM (\n${windows}\n) AS fired\nGROUP BY 1\nORDER BY 1`].join('\n');
    return { ok: true, hits: `${hits}\n`, perDay: `${perDay}\n`, notes: built.notes };
  }
  const hits = [
    ...head,
    `SELECT ${engine.timeText} AS event_time,`,
    `  ${s.who} AS who,`,
    `  ${s.what} AS what,`,
    `  ${s.account} AS account,`,
    `  ${s.region} AS region,`,
    `  ${s.address} AS source_ip,`,
    `  ${ruleId} AS rule_id`,
    `FROM ${engine.from}`,
    where,
    'ORDER BY event_time',
  ].join('\n');
  const perDay = [...head, '-- How many times a day the rule would have fired (days it did not are left out).', `SELECT substr(${engine.timeText}, 1, 10) AS day_utc, count(*) AS times`, `FROM ${engine.from}`, where, 'GROUP BY 1', 'ORDER BY 1'].join('\n');
  return { ok: true, hits: `${hits}\n`, perDay: `${perDay}\n`, notes: built.notes };
}
