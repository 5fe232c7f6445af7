/**
 * Amazon Athena: each CloudTrail rule as two Trino SQL queries over the CloudTrail table in S3
 * (search-queries.ts), and the `CREATE EXTERNAL TABLE` that makes the table (athena-table.ts), so a
 * team can start from nothing: make the table once, then run a rule's queries.
 */
import { columnFor, jsonColumns, tableDefaults } from './athena-table.ts';
import { jsonPath, sqlString, type Sql } from './sql-condition.ts';
import type { SearchEngine, SearchRange } from './search-queries.ts';

/** Days as the table's `day` partition writes them: 2026/11/01. */
const partitionDay = (isoDay: string): string => isoDay.replace(/-/g, '/');

/** The day before or after an ISO day (a file may hold the last minutes of the day before it). */
function dayBeside(isoDay: string, by: number): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}

export function athenaRange(range: SearchRange, today?: string): string[] {
  const now = today === undefined ? 'current_date' : `DATE ${sqlString(today)}`;
  if ('lastDays' in range) return [`day >= date_format(${now} - INTERVAL '${range.lastDays}' DAY, '%Y/%m/%d')`];
  // The folder of a day holds files delivered that day: a record's own time decides, the folders only narrow the read.
  const tests = [`day >= ${sqlString(partitionDay(dayBeside(range.since, -1)))}`, `eventtime >= ${sqlString(`${range.since}T00:00:00Z`)}`];
  if (range.until !== undefined) tests.push(`day <= ${sqlString(partitionDay(dayBeside(range.until, 1)))}`, `eventtime < ${sqlString(`${dayBeside(range.until, 1)}T00:00:00Z`)}`);
  return tests;
}

export const athenaEngine: SearchEngine = {
  id: 'athena',
  tool: 'Athena',
  from: tableDefaults.table,
  read(path: string): Sql {
    const column = columnFor(path);
    if (!column) return { ok: false, reason: `the CloudTrail table AWS documents for Athena has no column for ${path}; search for this rule with another field` };
    if (column.kind === 'text') return { ok: true, sql: column.sql };
    const json = jsonPath(column.keys);
    if (!json) return { ok: false, reason: `${path} has a name with quotes or control characters, which a JSON path cannot name; search for this rule with another field` };
    return { ok: true, sql: `json_extract_scalar(${column.column}, ${sqlString(json)})` };
  },
  json(path: string) {
    const [first, ...steps] = path.split('.');
    // A JSON text column holds the record's group as text; json_extract reads it as JSON.
    return first !== undefined && Object.hasOwn(jsonColumns, first) && steps.length > 0 ? { ok: true, start: jsonColumns[first]!, steps } : undefined;
  },
  range: athenaRange,
  timeText: 'eventtime',
  time: 'from_iso8601_timestamp(eventtime)',
  shown: {
    who: 'coalesce(useridentity.arn, useridentity.invokedby, useridentity.principalid)',
    what: "eventsource || ' ' || eventname",
    account: 'recipientaccountid',
    region: 'awsregion',
    address: 'sourceipaddress',
  },
  notes: [
    `Amazon Athena (Trino SQL) over the table made by create-table.sql (named ${tableDefaults.table}).`,
    'Change the days searched on the line with "day >=". Athena charges by the data a query reads, so search only the days you need.',
  ],
};
