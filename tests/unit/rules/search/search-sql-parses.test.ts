/**
 * The SQL files a team runs in Athena or CloudTrail Lake parse as what each reads: every query as
 * Trino SQL (dt-sql-parser's Trino grammar), the table as Athena DDL (its Hive grammar), for every
 * template and a few hundred random rules. A parser that accepts anything would prove nothing, so
 * broken text is shown to fail too.
 */
import fc from 'fast-check';
import { HiveSQL, TrinoSQL } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import { athenaCreateTable } from '../../../../src/lib/rules/search/athena-table.ts';
import { exportSearches, searchEngineIds } from '../../../../src/lib/rules/search/export.ts';
import { searchQueries } from '../../../../src/lib/rules/search/search-queries.ts';
import { searchEngines } from '../../../../src/lib/rules/search/export.ts';
import { loadTemplatePacks, loadStratusEvents, haveStratus } from '../support/kit.ts';
import { randomRuleGenerator } from '../support/random-rules.ts';

const trino = new TrinoSQL();
const hive = new HiveSQL();
const problems = (parser: TrinoSQL | HiveSQL, text: string): string[] => parser.validate(text).map((e) => `${e.message} (line ${e.startLine})`);

describe('the search files parse as their engines read them', () => {
  it('rejects broken SQL, so a pass means something', () => {
    expect(problems(trino, 'SELECT eventname FROM cloudtrail_logs WHERE (eventname = \'a\'')).not.toEqual([]);
    expect(problems(trino, "SELECT eventname FROM cloudtrail_logs WHERE eventname = 'it's'")).not.toEqual([]);
    expect(problems(hive, 'CREATE EXTERNAL TABLE t (a STRUCT<b: STRING) LOCATION \'s3://b/\'')).not.toEqual([]);
    // The lambdas that read lists are parsed too: a wrong arrow is an error.
    expect(problems(trino, 'SELECT 1 FROM t WHERE cardinality(filter(transform(a, x -> x), v -> v = 1)) > 0')).toEqual([]);
    expect(problems(trino, 'SELECT 1 FROM t WHERE cardinality(filter(transform(a, x => x), v => v = 1)) > 0')).not.toEqual([]);
  });

  it('writes the CloudTrail table as Athena DDL that parses, partitioned by account, region and day', () => {
    const ddl = athenaCreateTable();
    expect(problems(hive, ddl)).toEqual([]);
    expect(ddl).toContain('PARTITIONED BY (account STRING, region STRING, day STRING)');
    expect(ddl).toContain("'storage.location.template' = 's3://amzn-s3-demo-bucket/AWSLogs/${account}/CloudTrail/${region}/${day}'");
    expect(problems(hive, athenaCreateTable({ table: 'logs', bucket: "team's-bucket", prefix: '/trail/', accounts: ['111122223333', '444455556666'], firstDay: '2024/06/01' }))).toEqual([]);
  });

  it.each(searchEngineIds.map((id) => [id]))('every %s query of every template parses as Trino SQL', (id) => {
    let files = 0;
    for (const pack of loadTemplatePacks()) {
      const { files: written } = exportSearches(pack, id);
      for (const f of written.filter((w) => w.path.endsWith('.sql') && !w.path.endsWith('create-table.sql'))) {
        expect(problems(trino, f.content), `${f.path}\n${f.content}`).toEqual([]);
        files++;
      }
    }
    expect(files).toBeGreaterThan(150);
  });

  it.skipIf(!haveStratus).each(searchEngineIds.map((id) => [id]))('the %s queries of 300 random rules, over a range of days, parse as Trino SQL', (id) => {
    const { ruleArb } = randomRuleGenerator(loadStratusEvents('random rules for the SQL parse check'));
    let parsed = 0;
    for (const [i, rule] of fc.sample(ruleArb, { numRuns: 300, seed: 20261207 }).entries()) {
      const q = searchQueries(searchEngines[id], rule, i % 2 === 0 ? { since: '2026-11-01', until: '2026-11-30' } : { lastDays: 90 });
      if (!q.ok) continue;
      expect(problems(trino, q.hits), q.hits).toEqual([]);
      expect(problems(trino, q.perDay), q.perDay).toEqual([]);
      parsed++;
    }
    expect(parsed).toBeGreaterThan(50);
  });
});
