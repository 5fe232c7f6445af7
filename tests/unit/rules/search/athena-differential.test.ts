/**
 * The Athena export against the rule's meaning, run for real: the SQL it writes is run by DuckDB
 * over CloudTrail records loaded into the Athena table's shape (src/cli/hunt/duckdb-athena.ts: text
 * columns, groups, and the JSON text columns as Athena keeps them), with the Trino functions DuckDB
 * spells another way mapped in that file's one table. For every template and for random rules on
 * real and changed records, the records the SQL returns are exactly those the rule fires on.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesCondition, type CloudTrailEvent } from '../../../../src/lib/rules/canonical.ts';
import { effectiveCondition, fieldsOf, type Rule } from '../../../../src/lib/rules/model.ts';
import { listFieldsIn } from '../../../../src/lib/rules/list-paths.ts';
import { sourceOf } from '../../../../src/lib/rules/sources.ts';
import { athenaEngine } from '../../../../src/lib/rules/search/athena.ts';
import { ruleConditionSql } from '../../../../src/lib/rules/search/search-queries.ts';
import { athenaColumns, inDuckdbSpelling, openHuntDatabase, recordStructure } from '../../../../src/cli/hunt/duckdb-athena.ts';
import { reasons, skipWhenMissing } from '../../../support/skips.ts';
import { haveStratus, loadStratusEvents, loadTemplates } from '../support/kit.ts';
import { changedCopies } from '../support/changed-copies.ts';
import { randomRuleGenerator } from '../support/random-rules.ts';

const templates: Rule[] = loadTemplates().filter((t) => sourceOf(t) === 'cloudtrail');
const stratus: CloudTrailEvent[] = loadStratusEvents('the Athena differential check');
const examples: CloudTrailEvent[] = templates.flatMap((t) => (t.examples ?? []).flatMap((x) => (x.event ? [x.event as CloudTrailEvent] : (x.events ?? []) as CloudTrailEvent[])));

const { ruleArb, valuesByPath } = randomRuleGenerator(stratus);
const { mutate } = changedCopies();
const randomRuns = 600;

/**
 * The share of random rules the export must write, in %, as the differential check of the other
 * tools sets its floors (tests/unit/rules/differential.test.ts): the figure reached when set, minus
 * 2 points; raise it when the SQL learns to say more. Set at 94.0 % without lists and 93.1 % through
 * lists, once the SQL read lists and undocumented fields item by item (before: 31.3 % and 0 %). What
 * is left is mostly fields the documented table has no column for (managementEvent) and rules that
 * can never fire on a record CloudTrail writes.
 */
const floors = { withoutLists: 92, throughLists: 91.1 };

/** The rules to check, each with the rows (records) it is checked on. */
const cases: { rule: Rule; rows: number[]; template: boolean }[] = [];
const records: CloudTrailEvent[] = [];
const add = (event: CloudTrailEvent): number => records.push(event) - 1;

let db: Awaited<ReturnType<typeof openHuntDatabase>> | undefined;
let dir = '';

async function rowsWhere(condition: string, rows: readonly number[]): Promise<number[]> {
  const result = await db!.connection.runAndReadAll(`SELECT plainsec_row FROM cloudtrail_logs WHERE plainsec_row IN (${rows.join(', ')}) AND (${inDuckdbSpelling(condition)}) ORDER BY 1`);
  return result.getRows().map((r) => Number(r[0]));
}

describe.skipIf(skipWhenMissing(haveStratus, reasons.corpora))('the Athena SQL returns exactly the records the rule fires on, run by DuckDB over the Athena table', () => {
  const tally = { tried: 0, refused: 0, compared: 0, templates: 0, templatesRefused: [] as string[], reasons: new Map<string, number>() };
  const parts = { withoutLists: { tried: 0, refused: 0 }, throughLists: { tried: 0, refused: 0 } };
  const share = (p: { tried: number; refused: number }) => Number(((100 * (p.tried - p.refused)) / Math.max(1, p.tried)).toFixed(1));

  beforeAll(async () => {
    const base = [...stratus, ...examples].map(add);
    for (const rule of templates) cases.push({ rule, rows: base, template: true });
    const rules = fc.sample(ruleArb, { numRuns: randomRuns, seed: 20261207 });
    for (const [n, rule] of rules.entries()) {
      const condition = effectiveCondition(rule);
      const firing = stratus.filter((e) => matchesCondition(condition, e)).slice(0, 6);
      const quiet = stratus.filter((_, i) => (i * 7919 + n) % 17 === 0).slice(0, 10);
      const rows = [...firing, ...quiet].map(add);
      const fields = fieldsOf(condition);
      for (const [i, event] of [...firing.slice(0, 3), ...quiet.slice(0, 3)].entries()) {
        const field = fields[(n + i) % fields.length]!;
        const seen = valuesByPath.get(field) ?? [];
        for (const how of [n + i * 3, n + i * 3 + 1]) {
          const copy = mutate(event, field, how, seen[(n + i) % Math.max(1, seen.length)] ?? 'x');
          if (copy) rows.push(add(copy));
        }
      }
      cases.push({ rule, rows, template: false });
    }
    dir = mkdtempSync(path.join(tmpdir(), 'plainsec-athena-'));
    const folder = path.join(dir, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '11', '30');
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, 'records.json');
    writeFileSync(file, JSON.stringify({ Records: records.map((r, i) => ({ ...r, plainsecRow: i })) }));
    db = await openHuntDatabase();
    await db.connection.run(
      `CREATE TABLE cloudtrail_logs AS SELECT ${athenaColumns()}, CAST(json_extract_string(record, '$.plainsecRow') AS INTEGER) AS plainsec_row, '111122223333' AS account, 'us-east-1' AS region, '2026/11/30' AS day
       FROM (SELECT record, json_transform(record, '${recordStructure().replace(/'/g, "''")}') AS r FROM (SELECT unnest(Records) AS record FROM read_json('${file}', columns = {Records: 'JSON[]'}, maximum_object_size = 536870912)))`,
    );
  }, 120_000);

  afterAll(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    console.info(`Athena differential: ${tally.tried} rules tried, ${tally.refused} refused, ${tally.compared} record checks; random rules exported: ${(100 * (1 - tally.refused / Math.max(1, tally.tried))).toFixed(1)} %; templates: ${tally.templates - tally.templatesRefused.length} of ${tally.templates} exported`);
    console.info(`Templates refused: ${tally.templatesRefused.join(' | ')}`);
    console.info(`Most common refusals: ${[...tally.reasons].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([r, n]) => `${n} × ${r}`).join(' | ')}`);
  });

  it('loads every record once', async () => {
    const result = await db!.connection.runAndReadAll('SELECT count(*) FROM cloudtrail_logs');
    expect(Number(result.getRows()[0]![0])).toBe(records.length);
  });

  it('agrees with every template and random rule on every record it is given', async () => {
    const wrong: string[] = [];
    for (const { rule, rows, template } of cases) {
      const built = ruleConditionSql(athenaEngine, rule);
      const part = parts[listFieldsIn(effectiveCondition(rule)).length > 0 ? 'throughLists' : 'withoutLists'];
      if (!template) (tally.tried++, part.tried++);
      else tally.templates++;
      if (!built.ok) {
        if (template) tally.templatesRefused.push(`${rule.id}: ${built.reason}`);
        else {
          tally.refused++;
          part.refused++;
          const gist = built.reason.replace(/"[^"]*"/g, '"…"').replace(/\b[A-Za-z]+\.[A-Za-z.]+\b/g, 'FIELD').slice(0, 80);
          tally.reasons.set(gist, (tally.reasons.get(gist) ?? 0) + 1);
        }
        expect(built.reason.length).toBeGreaterThan(10);
        continue;
      }
      const condition = effectiveCondition(rule);
      const expected = rows.filter((r) => matchesCondition(condition, records[r]!));
      let got: number[];
      try {
        got = await rowsWhere(built.sql, rows);
      } catch (e) {
        wrong.push(`${rule.id}: DuckDB could not run the SQL (${(e as Error).message.split('\n')[0]}):\n${built.sql}`);
        continue;
      }
      tally.compared += rows.length;
      if (got.join() !== expected.join()) {
        const first = [...new Set([...got, ...expected])].find((r) => got.includes(r) !== expected.includes(r))!;
        wrong.push(`${rule.id}: the SQL ${got.includes(first) ? 'returns' : 'misses'} a record the rule ${got.includes(first) ? 'does not fire on' : 'fires on'}.\nSQL: ${built.sql}\nRule: ${JSON.stringify(condition)}\nRecord: ${JSON.stringify(records[first]).slice(0, 400)}`);
      }
      if (wrong.length > 3) break;
    }
    expect(wrong).toEqual([]);
    console.info(`Random rules written: ${share(parts.withoutLists)} % of ${parts.withoutLists.tried} without lists (floor ${floors.withoutLists} %), ${share(parts.throughLists)} % of ${parts.throughLists.tried} through lists`);
    expect(share(parts.withoutLists)).toBeGreaterThanOrEqual(floors.withoutLists);
    expect(share(parts.throughLists)).toBeGreaterThanOrEqual(floors.throughLists);
    expect(parts.throughLists.tried, 'random rules that read through a list').toBeGreaterThan(randomRuns / 20);
    // Every template is written, those that read through a list or a field that may hold one too.
    expect(tally.templatesRefused).toEqual([]);
  }, 300_000);
});
