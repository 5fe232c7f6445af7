/**
 * AWS CloudTrail Lake: the same two queries as for Athena, over an event data store. Lake runs
 * Trino SQL too; what differs is the table and its columns
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/query-limitations.html):
 * - FROM names the event data store by the ID at the end of its ARN;
 * - columns keep the record's own names (`eventName`, `userIdentity.arn`), `eventTime` is a
 *   timestamp and `readOnly` is true/false (read here as its text, as the Athena table keeps it);
 * - `requestParameters`, `responseElements`, `additionalEventData` and `serviceEventDetails` are
 *   maps from a top-level name to its value as text: a group inside is that text as JSON, read
 *   with `json_extract_scalar`.
 * AWS closed CloudTrail Lake to new customers on 31 May 2026; teams that have it keep it.
 */
import { columnFor, jsonColumns } from './athena-table.ts';
import { jsonPath, sqlString, type Sql } from './sql-condition.ts';
import type { SearchEngine, SearchRange } from './search-queries.ts';

/** What the queries read FROM: the team puts its event data store's ID here. */
export const eventDataStorePlaceholder = 'EVENT_DATA_STORE_ID';

/** The record's name of a JSON text column of the Athena table (requestparameters → requestParameters). */
const recordNameOf = Object.fromEntries(Object.entries(jsonColumns).map(([record, column]) => [column, record]));

function lakeRange(range: SearchRange): string[] {
  if ('lastDays' in range) return [`eventTime >= current_timestamp - INTERVAL '${range.lastDays}' DAY`];
  const tests = [`eventTime >= timestamp ${sqlString(`${range.since} 00:00:00`)}`];
  if (range.until !== undefined) tests.push(`eventTime < timestamp ${sqlString(`${range.until} 00:00:00`)} + INTERVAL '1' DAY`);
  return tests;
}

export const cloudtrailLakeEngine: SearchEngine = {
  id: 'cloudtrail-lake',
  tool: 'CloudTrail Lake',
  from: eventDataStorePlaceholder,
  read(path: string): Sql {
    const column = columnFor(path);
    if (!column) return { ok: false, reason: `this export reads the fields the Athena table has, and it has none for ${path}; search for this rule with another field` };
    if (column.kind === 'text') return { ok: true, sql: path === 'readOnly' ? 'CAST(readOnly AS varchar)' : path };
    const [first, ...deeper] = column.keys;
    const top = `element_at(${recordNameOf[column.column]}, ${sqlString(first!)})`;
    if (deeper.length === 0) return { ok: true, sql: top };
    const json = jsonPath(deeper);
    if (!json) return { ok: false, reason: `${path} has a name with quotes or control characters, which a JSON path cannot name; search for this rule with another field` };
    return { ok: true, sql: `json_extract_scalar(${top}, ${sqlString(json)})` };
  },
  json(path: string) {
    const [name, ...rest] = path.split('.');
    if (name === undefined || !Object.hasOwn(jsonColumns, name) || rest.length === 0) return undefined;
    const [top, ...deeper] = rest;
    const topName = top!.replace(/\[\]$/, '');
    const steps = [...(top!.endsWith('[]') ? ['[]'] : []), ...deeper];
    // The map gives a top-level value as text: JSON for a group or a list, but a plain text as it is,
    // which no JSON function can tell from a number or true/false.
    if (steps.length === 0)
      return { ok: false, reason: `CloudTrail Lake keeps ${path} as text, whatever it held, so it cannot tell a list or a number from text there; use the Athena export of this rule` };
    return { ok: true, start: `element_at(${name}, ${sqlString(topName)})`, steps };
  },
  range: lakeRange,
  timeText: 'CAST(eventTime AS varchar)',
  time: 'eventTime',
  shown: {
    who: 'coalesce(userIdentity.arn, userIdentity.invokedby, userIdentity.principalid)',
    what: "eventSource || ' ' || eventName",
    account: 'recipientAccountId',
    region: 'awsRegion',
    address: 'sourceIPAddress',
  },
  notes: [
    `AWS CloudTrail Lake (Trino SQL): put your event data store's ID (the end of its ARN) in place of ${eventDataStorePlaceholder}.`,
    'Change the days searched on the line with "eventTime >=". Lake charges by the data a query scans.',
  ],
};
