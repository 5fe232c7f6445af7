/**
 * The SQL of `plainsec rules hunt`: every rule searched in one read of the logs.
 *
 * Reading and parsing gigabytes of gzip'd JSON is nearly all the work, so the files are read once
 * for all rules, in one query: each record in the days searched is tagged with the rules whose
 * condition holds on it, and the tagged records are counted by rule and day (or window), keeping
 * the first few of each to show.
 *
 * The condition of each rule and the tests that keep the days searched are the very SQL the Athena
 * export writes (`ruleConditionSql(athenaEngine, rule)`, `athenaEngine.range(range, today)`, with
 * this process's day in place of Athena's current_date), run over a view shaped like Athena's
 * CloudTrail table (duckdb-athena.ts, after its respellings), so a hunt finds what the exported
 * queries would find in Athena. So are the columns shown (`athenaEngine.shown`), the day of a hit
 * (the first 10 characters of eventtime) and a counting rule's windows.
 */
import type { Rule } from '../../lib/rules/model.ts';
import { countByField, type CountBy } from '../../lib/rules/count.ts';
import { athenaEngine } from '../../lib/rules/search/athena.ts';
import { ruleConditionSql, type SearchRange } from '../../lib/rules/search/search-queries.ts';
import { sourceOf } from '../../lib/rules/sources.ts';
import { inDuckdbSpelling } from './duckdb-athena.ts';

/** A rule the hunt searches for: its number in the tags, and its condition as SQL. */
export interface HuntRule {
  rule: Rule;
  /** Its number in each record's list of tags. */
  tag: number;
  condition: string;
}

export interface HuntPlan {
  searched: HuntRule[];
  refused: { id: string; reason: string }[];
}

/** Which rules can be searched, and why the others cannot (as `rules export --to athena` says it). */
export function huntPlan(rules: readonly Rule[]): HuntPlan {
  const searched: HuntRule[] = [];
  const refused: HuntPlan['refused'] = [];
  for (const rule of rules) {
    if (sourceOf(rule) !== 'cloudtrail') {
      refused.push({ id: rule.id, reason: "this rule reads a cluster's audit log, and the hunt reads CloudTrail log files; EKS keeps the audit log in CloudWatch Logs" });
      continue;
    }
    const built = ruleConditionSql(athenaEngine, rule);
    if (!built.ok) {
      refused.push({ id: rule.id, reason: built.reason });
      continue;
    }
    if (rule.count?.by) {
      const group = athenaEngine.read(countByField[rule.count.by]);
      if (!group.ok) {
        refused.push({ id: rule.id, reason: group.reason });
        continue;
      }
    }
    searched.push({ rule, tag: searched.length, condition: inDuckdbSpelling(built.sql) });
  }
  return { searched, refused };
}

/** The column that holds the value a counting rule counts by, for each record a rule matched. */
export const groupColumn: Record<CountBy, string> = { who: 'by_who', address: 'by_address' };

function groupSql(by: CountBy): string {
  const read = athenaEngine.read(countByField[by]);
  // huntPlan refuses a rule whose group cannot be read, so this never happens for a searched rule.
  if (!read.ok) throw new Error(read.reason);
  return read.sql;
}

/**
 * A counting rule's window start, written as the Athena export writes it (search-queries.ts):
 * windows of `withinMinutes` from 1970-01-01T00:00Z.
 */
function windowStartSql(withinMinutes: number): string {
  const seconds = withinMinutes * 60;
  return `from_unixtime(floor(to_unixtime(${athenaEngine.time}) / ${seconds}) * ${seconds})`;
}

/**
 * The one query of a hunt: it reads `from` (the view over the log files) once, and gives one row
 * per group, small enough to read whole:
 * - for a rule that fires on each record, one row per day it matched (`day`), with how many
 *   records (`times`) and the first `limit` of them (`shown`: time, who, what, where);
 * - for a counting rule, one row per window (and group, `grp`, when it counts by one) holding at
 *   least its `atLeast` records, with their first and last times: each row is one alert;
 * - and one row with `rule` NULL whose `times` is every record read in the days searched, so the
 *   records are counted in the same read.
 *
 * Each record is tagged with the rules whose condition holds (`rules`), then given one row per
 * rule it matched and one with `rule` NULL, where it is counted. Each rule's test is a
 * `CASE WHEN`, where DuckDB tests each part of a condition only on the records the parts before
 * it kept, as in a WHERE; a plain true/false column would test every part on every record.
 * Nothing grows with the number of hits but the `shown` lists, at most `limit` per rule and day,
 * so memory stays level however often a rule fires.
 */
export function huntSql(plan: HuntPlan, range: SearchRange, from: string, limit: number): string {
  const s = athenaEngine.shown;
  const tags = plan.searched.map((r) => `CASE WHEN ${r.condition} THEN ${r.tag} END`);
  const counting = plan.searched.filter((r) => r.rule.count);
  const each = plan.searched.filter((r) => !r.rule.count).map((r) => r.tag);
  const matched = 'rule IS NOT NULL';
  const perRule = (value: (r: HuntRule) => string): string =>
    counting.length === 0 ? 'NULL' : `CASE rule ${counting.map((r) => `WHEN ${r.tag} THEN ${value(r)}`).join(' ')} END`;
  const shownRule = each.length === 0 ? 'false' : `rule IN (${each.join(', ')})`;
  const shown = 'struct_pack(eventtime := eventtime, who := who, what := what, account := account, region := region, source_ip := source_ip)';
  return [
    `SELECT rule, day, strftime(CAST(window_start AS TIMESTAMP), '%Y-%m-%dT%H:%M:%SZ') AS window_utc, grp,`,
    '  count(*) AS times, min(eventtime) AS first_time, max(eventtime) AS last_time,',
    `  min_by(shown, shown, ${Math.max(1, limit)}) AS shown`,
    'FROM (',
    `  SELECT rule, eventtime, CASE WHEN ${matched} THEN substr(eventtime, 1, 10) END AS day,`,
    `    ${perRule((r) => windowStartSql(r.rule.count!.withinMinutes))} AS window_start,`,
    `    ${perRule((r) => (r.rule.count!.by ? groupColumn[r.rule.count!.by] : 'NULL'))} AS grp,`,
    `    CASE WHEN ${shownRule} THEN ${shown} END AS shown`,
    '  FROM (',
    '    SELECT unnest(list_append(rules, NULL)) AS rule,',
    '      eventtime,',
    ...[
      ['who', s.who],
      ['what', s.what],
      ['account', s.account],
      ['region', s.region],
      ['source_ip', s.address],
      [groupColumn.who, groupSql('who')],
      [groupColumn.address, groupSql('address')],
    ].map(([name, sql], i, all) => `      CASE WHEN len(rules) > 0 THEN ${sql} END AS ${name}${i < all.length - 1 ? ',' : ''}`),
    '    FROM (',
    `      SELECT list_filter(list_value(${tags.join(',\n        ')}), lambda x: x IS NOT NULL) AS rules, *`,
    `      FROM ${from}`,
    // The last N days count back from this process's clock (UTC), as Athena's current_date would.
    `      WHERE ${athenaEngine.range(range, new Date().toISOString().slice(0, 10)).join('\n        AND ')}`,
    '    )',
    '  )',
    ')',
    'GROUP BY rule, day, window_start, grp',
    // A counting rule's window with fewer records than it needs, or without the value it counts by, is no alert.
    ...(counting.length > 0
      ? [`HAVING window_start IS NULL OR (count(*) >= ${perRule((r) => String(r.rule.count!.atLeast))} AND (grp IS NOT NULL OR ${perRule((r) => (r.rule.count!.by ? 'false' : 'true'))}))`]
      : []),
  ].join('\n');
}
