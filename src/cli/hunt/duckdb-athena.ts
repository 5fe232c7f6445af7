/**
 * The CloudTrail table of Athena, rebuilt in DuckDB (an analytical database that runs inside this
 * process), so the SQL written for Athena runs on one machine, on logs in a folder, unchanged.
 *
 * The table: each record of CloudTrail's files (`{"Records": [...]}`, gzip or not) read with
 * `json_transform` into the columns athena-table.ts lists: text columns as text (true/false and
 * numbers as their text, as Athena's JSON reader gives them), the groups as STRUCTs of text, and
 * the JSON text columns as JSON text. Field names keep the record's spelling; DuckDB, like Athena,
 * reads column and field names in any case, so `useridentity.arn` finds `userIdentity.arn`. A
 * record of another shape than CloudTrail writes gives NULL where it does not fit, never an error.
 *
 * No extension is loaded or fetched: without ICU, DuckDB reads and writes times in UTC, as CloudTrail does.
 *
 * Partitions come from where each file is: AWSLogs/[organization/]<account>/CloudTrail/<region>/YYYY/MM/DD/.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { groupColumns, jsonColumns, textColumns } from '../../lib/rules/search/athena-table.ts';

/**
 * What the written SQL says that DuckDB spells another way: the one table of differences. The
 * exported text stays Trino; only this table is DuckDB's.
 * - A function (`trino` is its call with parameter names) becomes a DuckDB macro of the Trino name.
 * - What no macro can stand for (`respell`: a type, or a function whose argument is a lambda, which
 *   a macro cannot pass on) is respelled in the SQL's text, outside its quoted texts, before DuckDB
 *   runs it.
 */
export const trinoInDuckdb: ({ trino: string; duckdb: string; why: string } | { respell: RegExp; duckdb: string; why: string })[] = [
  {
    trino: 'json_extract_scalar(json_text, json_path)',
    duckdb: `CASE WHEN json_valid(json_text) AND json_type(json_text, regexp_replace(json_path, '\\["([^"]*)"\\]', '."\\1"', 'g')) IN ('VARCHAR', 'BIGINT', 'UBIGINT', 'DOUBLE', 'BOOLEAN') THEN json_extract_string(json_text, regexp_replace(json_path, '\\["([^"]*)"\\]', '."\\1"', 'g')) END`,
    why: 'Trino gives NULL for a group, a list, JSON null and text that is not JSON; DuckDB writes a key with other characters as ."key", not ["key"]',
  },
  {
    trino: 'json_extract(json, json_path)',
    duckdb: `json_extract_path(json, regexp_replace(json_path, '\\["([^"]*)"\\]', '."\\1"', 'g'))`,
    why: 'DuckDB writes a key with other characters as ."key", not ["key"]; json_extract_path is its other name for json_extract, so the macro does not call itself',
  },
  { trino: 'from_iso8601_timestamp(iso_text)', duckdb: 'CAST(iso_text AS TIMESTAMPTZ)', why: 'DuckDB reads ISO 8601 times with a cast' },
  { trino: 'to_unixtime(moment)', duckdb: 'epoch(moment)', why: 'the same seconds since 1970, another name' },
  { trino: 'from_unixtime(seconds)', duckdb: 'to_timestamp(seconds)', why: 'the same, another name' },
  { trino: 'date_format(moment, layout)', duckdb: 'strftime(moment, layout)', why: 'the same MySQL-style format letters (%Y/%m/%d), another name' },
  { trino: 'json_format(json)', duckdb: 'CAST(json AS VARCHAR)', why: 'a JSON value as its JSON text ("a" with its quotes); DuckDB writes it with a cast' },
  { trino: 'cardinality(list)', duckdb: 'len(list)', why: 'the number of items of a list, another name' },
  { respell: /\bARRAY\(JSON\)/g, duckdb: 'JSON[]', why: 'the type of a list of JSON values (TRY_CAST(… AS ARRAY(JSON)))' },
  { respell: /\btransform\(/g, duckdb: 'list_transform(', why: 'each item of a list through a lambda (transform(list, x -> …))' },
];

/** Trino SQL as DuckDB runs it: the table's `respell` lines applied, never inside a quoted text. */
export function inDuckdbSpelling(sql: string): string {
  const respelled = trinoInDuckdb.flatMap((t) => ('respell' in t ? [t] : []));
  // Quoted texts ('…', with '' inside) are the odd parts of this split, and are kept as they are.
  return sql
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => (i % 2 === 1 ? part : respelled.reduce((text, w) => text.replace(w.respell, w.duckdb), part)))
    .join('');
}

/** The table's functions, as DuckDB macros. */
export function duckdbMacros(): string[] {
  return trinoInDuckdb.flatMap((t) => ('trino' in t ? [t] : [])).map(({ trino, duckdb }) => {
    const name = trino.slice(0, trino.indexOf('('));
    const params = trino.slice(trino.indexOf('(') + 1, -1);
    return `CREATE OR REPLACE MACRO ${name}(${params}) AS ${duckdb}`;
  });
}

type GroupShape = { [name: string]: { column: string; inner?: GroupShape } };

/** The structure `json_transform` reads each record into. */
export function recordStructure(): string {
  const group = (g: GroupShape): Record<string, unknown> => Object.fromEntries(Object.entries(g).map(([name, f]) => [name, f.inner ? group(f.inner) : 'VARCHAR']));
  return JSON.stringify({
    ...Object.fromEntries(Object.keys(textColumns).map((name) => [name, 'VARCHAR'])),
    ...Object.fromEntries(Object.keys(jsonColumns).map((name) => [name, 'JSON'])),
    ...group(groupColumns as GroupShape),
    resources: 'JSON',
  });
}

/** The table's columns from the transformed record `r`, named as Athena names them. */
export function athenaColumns(): string {
  const names = [...Object.entries(textColumns), ...Object.entries(jsonColumns), ...Object.entries(groupColumns).map(([n, g]) => [n, g.column] as const), ['resources', 'resources'] as const];
  return names.map(([record, column]) => `r."${record}" AS ${column}`).join(', ');
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * A view named like the Athena table over CloudTrail files: `files` is one path or a glob
 * (`logs/AWSLogs/**\/*.json.gz`), as DuckDB's read_json_objects takes it.
 *
 * `maximumObjectBytes` is the largest file (uncompressed) it reads: each file is one JSON object,
 * and DuckDB holds a buffer of twice that size per thread before it reads a byte, so the default
 * (512 MB) needs over 1 GB per thread; `rules hunt` gives the size of the largest file it found.
 */
export function cloudtrailView(name: string, files: string, { maximumObjectBytes = 536870912 }: { maximumObjectBytes?: number } = {}): string {
  const at = (part: string) => `regexp_extract(filename, '/CloudTrail/([^/]+)/(\\d{4}/\\d{2}/\\d{2})/', ${part})`;
  return [
    `CREATE OR REPLACE VIEW ${name} AS`,
    `SELECT ${athenaColumns()},`,
    `  regexp_extract(filename, '/(\\d{12})/CloudTrail/', 1) AS account, ${at('1')} AS region, ${at('2')} AS day`,
    // Each file's object is read as JSON text and transformed once, records and all: read_json with
    // a Records column of JSON writes each record back out as text to be parsed again, and read
    // the same files in twice the time.
    `FROM (SELECT unnest(json_transform(json, ${sqlString(`{"Records":[${recordStructure()}]}`)}).Records) AS r, filename`,
    `  FROM read_json_objects(${sqlString(files)}, filename = true, maximum_object_size = ${maximumObjectBytes}))`,
  ].join('\n');
}

/** A DuckDB database in this process with the Trino macros, and how to close it. */
export async function openHuntDatabase(settings: Record<string, string> = {}): Promise<{ connection: DuckDBConnection; close(): void }> {
  // Loaded only when a hunt runs: DuckDB is a native module, which the single-file command
  // (src/integrations/cli-file.ts) cannot carry, so every other command must run without it.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', ...settings });
  const connection = await instance.connect();
  for (const macro of duckdbMacros()) await connection.run(macro);
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
