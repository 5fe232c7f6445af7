/**
 * Rule-engine timings: export 1,000 rules to every target, and match 10,000 events with the
 * canonical model and with each target's own matcher. Each figure is the median of 5 runs.
 *
 * Run with `npx tsx scripts/bench-rules.ts`; `npm run bench` calls it too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { matchesCondition, type CloudTrailEvent } from '../src/lib/rules/canonical.ts';
import { effectiveCondition, ruleSetSchema, type Rule, type RuleSet } from '../src/lib/rules/model.ts';
import { availableTargetIds, provableTargets, targets } from '../src/lib/rules/targets.ts';

/** One line of the table. */
export interface Row {
  task: string;
  target: string;
  items: number;
  medianMs: number;
  underOneSecond: boolean;
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const ruleCount = 1000;
const matchCount = 10_000;
const runs = 5;

function templates(): Rule[] {
  const dir = path.join(root, 'content/rules');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => ruleSetSchema.parse(parse(readFileSync(path.join(dir, f), 'utf8'))).rules);
}

/** 1,000 rules: the templates, repeated under new ids. */
function manyRules(base: Rule[]): RuleSet {
  const rules = Array.from({ length: ruleCount }, (_, i) => {
    const t = base[i % base.length]!;
    return { ...t, id: `${t.id}-${i}`.slice(0, 63) };
  });
  return { plainsecRules: 1, rules };
}

/** Real events where the corpus is present; otherwise a few made-up records. */
function sampleEvents(): CloudTrailEvent[] {
  const dir = path.resolve(root, '../shared/corpora/cloudtrail-events-stratus');
  if (existsSync(dir)) return readdirSync(dir).flatMap((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as CloudTrailEvent[]);
  return [
    { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', userIdentity: { type: 'IAMUser', userName: 'alice' }, awsRegion: 'eu-west-1' },
    { eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', additionalEventData: { MFAUsed: 'No' }, responseElements: { ConsoleLogin: 'Success' } },
    { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', errorCode: 'AccessDenied' },
  ];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return Math.round(median(times) * 10) / 10;
}

const row = (task: string, target: string, items: number, medianMs: number): Row => ({ task, target, items, medianMs, underOneSecond: medianMs < 1000 });

/** Measures every target and returns the table rows. */
async function benchRules(): Promise<Row[]> {
  const base = templates();
  const ruleSet = manyRules(base);
  const events = sampleEvents();
  const rows: Row[] = [];

  for (const id of availableTargetIds()) {
    const target = targets[id]!;
    rows.push(row(`export ${ruleCount} rules`, id, ruleCount, time(() => void target.exportRuleSet(ruleSet))));
  }

  // 10,000 (rule, event) pairs, cycling through the templates and the events.
  const pairs = Array.from({ length: matchCount }, (_, i) => ({ rule: base[i % base.length]!, event: events[(i * 31) % events.length]! }));
  const conditions = new Map(base.map((r) => [r.id, effectiveCondition(r)]));
  rows.push(row(`match ${matchCount} events`, 'canonical', matchCount, time(() => {
    for (const p of pairs) matchesCondition(conditions.get(p.rule.id)!, p.event);
  })));

  for (const target of provableTargets()) {
    const texts = new Map<string, string>();
    for (const r of base) {
      const d = target.detectionFor(r);
      if (d.ok) texts.set(r.id, d.text);
    }
    const usable = pairs.filter((p) => texts.has(p.rule.id));
    // Top up to 10,000 with rules the target can express, so every target matches the same number.
    const list = Array.from({ length: matchCount }, (_, i) => usable[i % usable.length]!);
    rows.push(row(`match ${matchCount} events`, target.id, matchCount, time(() => {
      for (const p of list) target.match(texts.get(p.rule.id)!, p.event);
    })));
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchRules();
  console.table(rows.map((r) => ({ task: r.task, target: r.target, 'median ms (5 runs)': r.medianMs, 'under 1 s': r.underOneSecond ? 'yes' : 'NO' })));
}
