/**
 * `plainsec rules export --to athena,cloudtrail-lake`: the queries for the days asked, the table
 * for Athena, and a plain error (exit 2, nothing written) for days that cannot be read. The whole
 * queries, with a range of days, are then run by DuckDB over records of known days: they return the
 * records of those days the rule fires on, and count them per day, with a counting rule counted in
 * its windows.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { matchesCondition, type CloudTrailEvent } from '../../../../src/lib/rules/canonical.ts';
import { countFirings } from '../../../../src/lib/rules/count.ts';
import { effectiveCondition, type Rule } from '../../../../src/lib/rules/model.ts';
import { athenaEngine } from '../../../../src/lib/rules/search/athena.ts';
import { searchQueries } from '../../../../src/lib/rules/search/search-queries.ts';
import { cloudtrailView, openHuntDatabase } from '../../../../src/cli/hunt/duckdb-athena.ts';
import { loadTemplates } from '../support/kit.ts';
import { plainsec } from '../../../support/run-cli.ts';

const work = mkdtempSync(path.join(tmpdir(), 'plainsec-search-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));


describe('plainsec rules export to the searches', () => {
  it('writes the table and both queries per rule for the days asked', async () => {
    const out = path.join(work, 'since');
    const r = await plainsec('rules', 'export', 'content/rules/starter.yaml', '--to', 'athena,cloudtrail-lake', '--since', '2026-11-01', '--until', '2026-11-30', '--out', out);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(out, 'athena/create-table.sql'))).toBe(true);
    expect(existsSync(path.join(out, 'cloudtrail-lake/create-table.sql'))).toBe(false);
    const perDay = readFileSync(path.join(out, 'athena/server-outside-autoscaling.per-day.sql'), 'utf8');
    expect(perDay).toContain("WHERE day >= '2026/10/31'\n  AND eventtime >= '2026-11-01T00:00:00Z'\n  AND day <= '2026/12/01'\n  AND eventtime < '2026-12-01T00:00:00Z'");
    const lake = readFileSync(path.join(out, 'cloudtrail-lake/server-outside-autoscaling.sql'), 'utf8');
    expect(lake).toContain("WHERE eventTime >= timestamp '2026-11-01 00:00:00'\n  AND eventTime < timestamp '2026-11-30 00:00:00' + INTERVAL '1' DAY");
  });

  it('searches the last N days with --days', async () => {
    const out = path.join(work, 'days');
    expect((await plainsec('rules', 'export', 'content/rules/starter.yaml', '--to', 'athena', '--days', '90', '--out', out)).code).toBe(0);
    expect(readFileSync(path.join(out, 'athena/server-outside-autoscaling.sql'), 'utf8')).toContain("day >= date_format(current_date - INTERVAL '90' DAY, '%Y/%m/%d')");
  });

  it.each([
    [['--days', 'ten'], 'give the number of days to search as a whole number from 1 to 3660'],
    [['--since', '2026-13-01'], 'write the day 2026-13-01 as YYYY-MM-DD, like 2026-11-01'],
    [['--since', '2026-11-30', '--until', '2026-11-01'], 'the search ends (2026-11-01) before it starts (2026-11-30); swap the two days'],
    [['--until', '2026-11-01'], 'say where the search starts with --since, like --since 2026-11-01'],
    [['--days', '30', '--since', '2026-11-01'], 'give either --days or --since (with --until), not both'],
  ])('refuses days it cannot read (%j), says what to write, and writes nothing', async (args, words) => {
    const out = path.join(work, `bad-${args.join('')}`);
    const r = await plainsec('rules', 'export', 'content/rules/starter.yaml', '--to', 'athena', ...args, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(words);
    expect(existsSync(out)).toBe(false);
  });
});

/** A CloudTrail record at a time, from a template's first firing example. */
const at = (event: CloudTrailEvent, eventTime: string): CloudTrailEvent => ({ ...event, eventTime });

describe('the whole exported queries, run by DuckDB over records of known days', () => {
  const templates = loadTemplates();
  const firing = (id: string): CloudTrailEvent => templates.find((t) => t.id === id)!.examples!.find((x) => x.expect === 'fires' && x.event)!.event as CloudTrailEvent;

  async function runOver(records: CloudTrailEvent[], sql: string): Promise<Record<string, unknown>[]> {
    const dir = mkdtempSync(path.join(work, 'logs-'));
    const folder = path.join(dir, 'AWSLogs', '111122223333', 'CloudTrail', 'eu-west-1', '2026', '11', '15');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'records.json'), JSON.stringify({ Records: records }));
    const db = await openHuntDatabase();
    try {
      await db.connection.run(cloudtrailView('cloudtrail_logs', path.join(dir, 'AWSLogs', '**', '*.json')));
      return (await db.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  }

  it('the hits and per-day queries return the firing records of the days asked, and count them per day', async () => {
    const rule = templates.find((t) => t.id === 'server-outside-autoscaling')!;
    const base = firing(rule.id);
    const quiet = { ...base, userIdentity: { type: 'AWSService', invokedBy: 'autoscaling.amazonaws.com' } };
    const records = [at(base, '2026-11-14T23:59:59Z'), at(base, '2026-11-15T08:00:00Z'), at(base, '2026-11-15T09:30:00Z'), at(quiet, '2026-11-15T10:00:00Z'), at(base, '2026-11-16T00:00:00Z')];
    const q = searchQueries(athenaEngine, rule, { since: '2026-11-15', until: '2026-11-15' });
    if (!q.ok) throw new Error(q.reason);
    const expected = records.filter((e) => e.eventTime!.toString().startsWith('2026-11-15') && matchesCondition(effectiveCondition(rule), e));
    const hits = await runOver(records, q.hits);
    expect(hits.map((h) => h['event_time'])).toEqual(expected.map((e) => e.eventTime));
    expect(hits[0]).toMatchObject({ rule_id: rule.id, account: base.recipientAccountId ?? null, region: base.awsRegion ?? null });
    expect(await runOver(records, q.perDay)).toEqual([{ day_utc: '2026-11-15', times: '2' }]);
  });

  it('a counting rule’s query gives each window that holds enough events, as the rule counts them', async () => {
    const rule = templates.find((t) => t.count?.by === 'address')! as Rule;
    const example = rule.examples!.find((x) => x.expect === 'fires' && x.events)!.events! as CloudTrailEvent[];
    const q = searchQueries(athenaEngine, rule, { since: '2000-01-01' });
    if (!q.ok) throw new Error(q.reason);
    const expected = countFirings(rule.count!, effectiveCondition(rule), example).map((f) => [f.start.replace('.000Z', ''), f.group]);
    expect(expected.length).toBeGreaterThan(0);
    const rows = await runOver(example, q.hits);
    expect(rows.map((r) => [String(r['window_start']).replace(' ', 'T').replace(/(\+00)?$/, ''), r['source_ip']])).toEqual(expected.map(([s, g]) => [s!.replace('Z', ''), g]));
  });
});
