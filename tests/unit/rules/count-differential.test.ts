/**
 * The counting differential: for random counting rules over generated bursts of events, each
 * tool's counting export, read by Plainsec's model of how that tool counts (`matchers/count.ts`),
 * fires in exactly the windows (and groups) the canonical meaning (`count.ts`) says.
 *
 * The rules are the templates' conditions and exceptions, each given a random count (2 to 6
 * events, any allowed window, counted together, per person or per address). The bursts are drawn
 * from the templates' own examples (events a rule fires on and near misses), re-timed around a
 * window edge, given one of a few people (or none: a call with no userIdentity.arn) and addresses,
 * and now and then made to fail, which the `unlessItFailed` exception drops. A refusal is not a
 * pass: each tool must export at least its floor of the rules it is given. No disagreement is
 * excused. The exports are also checked for shape: the Sigma file against the Sigma correlation
 * schema, the CloudWatch alarm's period and threshold, the Elastic threshold rule, Splunk's tail.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { matchesCondition, type CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import { countFirings, countWindowMinutes, firingKeys, type Count } from '../../../src/lib/rules/count.ts';
import { effectiveCondition, type Rule } from '../../../src/lib/rules/model.ts';
import type { TargetId } from '../../../src/lib/rules/target.ts';
import { exportRuleSet, provableTargets } from '../../../src/lib/rules/targets.ts';
import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { loadTemplates } from './support/kit.ts';
import { sourceOf } from '../../../src/lib/rules/sources.ts';

// CloudTrail templates: no tool counts events of a cluster's audit log yet (each refuses it in words).
const templates = loadTemplates().filter((r) => (r.examples ?? []).length > 0 && sourceOf(r) === 'cloudtrail');
const seedsOf = (rule: Rule): CloudTrailEvent[] => (rule.examples ?? []).flatMap((e) => (e.events ?? [e.event!]) as CloudTrailEvent[]);

const people = ['arn:aws:iam::111122223333:user/alice', 'arn:aws:sts::111122223333:assumed-role/ci-deploy/github-actions', 'arn:aws:iam::111122223333:root'];
const addresses = ['203.0.113.10', '198.51.100.23', '192.0.2.44'];
/** A window edge every allowed window length shares: midnight UTC. */
const edge = Date.parse('2024-05-15T00:00:00Z');

const countArb: fc.Arbitrary<Count> = fc.record(
  {
    atLeast: fc.integer({ min: 2, max: 6 }),
    withinMinutes: fc.constantFrom(...countWindowMinutes),
    by: fc.constantFrom<Count['by']>(undefined, 'who', 'address'),
  },
  { requiredKeys: ['atLeast', 'withinMinutes'] },
).map(({ by, ...count }) => (by ? { ...count, by } : count));

/** One event of a burst: a seed re-timed within a window either side of the edge, with a who, an address and maybe a failure. */
const burstEventArb = (seeds: readonly CloudTrailEvent[], matching: readonly CloudTrailEvent[], windowMinutes: number) =>
  fc.record({
    // Mostly events the rule accepts, so that bursts reach their count; the rest are near misses.
    seed: matching.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...matching) }, { weight: 1, arbitrary: fc.constantFrom(...seeds) }) : fc.constantFrom(...seeds),
    // Mostly close to the edge, so bursts straddle it; sometimes anywhere in the two windows.
    offset: fc.oneof(fc.integer({ min: -120, max: 120 }), fc.integer({ min: -windowMinutes * 60, max: windowMinutes * 60 - 1 })),
    // Mostly one person and one address, so that counts per person and per address are reached too.
    who: fc.option(fc.oneof({ weight: 4, arbitrary: fc.constant(people[0]!) }, { weight: 1, arbitrary: fc.constantFrom(...people) }), { freq: 8 }),
    address: fc.oneof({ weight: 4, arbitrary: fc.constant(addresses[0]!) }, { weight: 1, arbitrary: fc.constantFrom(...addresses) }),
    failed: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  });

function burstEvent({ seed, offset, who, address, failed }: { seed: CloudTrailEvent; offset: number; who: string | null; address: string; failed: boolean }): CloudTrailEvent {
  const e = structuredClone(seed);
  e['eventTime'] = new Date(edge + offset * 1000).toISOString().replace('.000Z', 'Z');
  const identity = { ...(e['userIdentity'] as Record<string, never>) } as Record<string, unknown>;
  if (who === null) delete identity['arn'];
  else identity['arn'] = who;
  e['userIdentity'] = identity as CloudTrailEvent[string];
  // A call made by an AWS service keeps the service as its address, as CloudTrail writes it.
  if (identity['invokedBy'] === undefined) e['sourceIPAddress'] = address;
  if (failed) {
    e['errorCode'] = 'AccessDenied';
    e['errorMessage'] = 'User is not authorized to perform this action';
  }
  return e;
}

const caseArb = fc.constantFrom(...templates).chain((rule) =>
  countArb.chain((count) =>
    fc
      .array(burstEventArb(seedsOf(rule), seedsOf(rule).filter((e) => matchesCondition(effectiveCondition(rule), e)), count.withinMinutes), { minLength: count.atLeast - 1, maxLength: count.atLeast + 6 })
      .map((drawn) => ({ rule: { ...rule, count } as Rule, events: drawn.map(burstEvent) })),
  ),
);

const countingIds = ['sigma', 'cloudwatch', 'elastic', 'splunk'] as const satisfies readonly TargetId[];
/**
 * The least share of the rules each tool must export: of all rules, and for CloudWatch, which
 * cannot count per person or per address, of the rules that count all events together.
 */
const floors: Record<(typeof countingIds)[number], number> = { sigma: 0.95, cloudwatch: 0.88, elastic: 0.95, splunk: 0.9 };

describe('counting rules, by each tool’s way of counting', () => {
  const cases = fc.sample(caseArb, { numRuns: 1500, seed: 20261206 });
  const exported = Object.fromEntries(countingIds.map((id) => [id, 0])) as Record<(typeof countingIds)[number], number>;
  const disagreements: string[] = [];
  let fired = 0;
  let straddled = 0;
  const together = cases.filter((c) => c.rule.count!.by === undefined).length;
  for (const { rule, events } of cases) {
    const want = countFirings(rule.count!, effectiveCondition(rule), events);
    if (want.length > 0) fired++;
    const starts = new Set(events.map((e) => Math.floor(Date.parse(String(e['eventTime'])) / (rule.count!.withinMinutes * 60_000))));
    if (starts.size > 1) straddled++;
    for (const id of countingIds) {
      const target = provableTargets().find((t) => t.id === id)!;
      const detection = target.counting!.countDetectionFor(rule);
      if (!detection.ok) continue;
      exported[id]++;
      const got = target.counting!.countMatch(detection.text, events);
      const wanted = firingKeys(want).join(', ');
      const said = got.ok ? firingKeys(got.firings).join(', ') : `invalid: ${got.reason}`;
      if (said !== wanted) disagreements.push(`${id} ${rule.id} ${JSON.stringify(rule.count)}: ${said || 'none'} against ${wanted || 'none'}`);
    }
  }

  it('draws bursts that fire, near misses that do not, and bursts across a window edge', () => {
    console.info(`Counting differential: ${cases.length} rules with bursts; ${fired} fire; ${straddled} straddle a window edge; exported: ${countingIds.map((id) => `${id} ${exported[id]}`).join(', ')} (${together} count all events together).`);
    expect(fired).toBeGreaterThan(cases.length * 0.2);
    expect(cases.length - fired).toBeGreaterThan(cases.length * 0.2);
    expect(straddled).toBeGreaterThan(cases.length * 0.3);
  });

  it('finds every tool that exports a counting rule firing in the same windows as the rule', () => {
    expect(disagreements.slice(0, 20)).toEqual([]);
  });

  it.each(countingIds)('has %s export at least its floor of the counting rules', (id) => {
    expect(exported[id] / (id === 'cloudwatch' ? together : cases.length)).toBeGreaterThanOrEqual(floors[id]);
  });

  it('has EventBridge and Falco refuse every counting rule in plain words, offering another file or the per-event rule', () => {
    const rule = { ...templates[0]!, count: { atLeast: 5, withinMinutes: 10 } } as Rule;
    const { refused } = exportRuleSet({ plainsecRules: 1, rules: [rule] }, ['eventbridge', 'falco']);
    expect(refused.map((r) => r.reason)).toEqual([
      'EventBridge cannot count events; use the CloudWatch file, or the per-event rule (remove the count)',
      'Falco cannot count events; use the Sigma, Elastic or Splunk file, or the per-event rule (remove the count)',
    ]);
  });

  it('would catch a tool that counted one event short', () => {
    const rule = { ...templates.find((t) => t.id === 'secrets-read-in-bulk')! };
    const splunk = provableTargets().find((t) => t.id === 'splunk')!;
    const text = splunk.counting!.countDetectionFor(rule);
    expect(text.ok).toBe(true);
    if (!text.ok) return;
    const burst = (rule.examples ?? []).find((e) => e.name.startsWith('Someone reads nineteen'))!.events as CloudTrailEvent[];
    expect(firingKeys(countFirings(rule.count!, effectiveCondition(rule), burst))).toEqual([]);
    const lowered = splunk.counting!.countMatch(text.text.replace('where count>=20', 'where count>=19'), burst);
    expect(lowered.ok && lowered.firings.length).toBe(1);
  });
});

const corpora = path.resolve(process.cwd(), '../shared/corpora');
const correlationSchemaFile = path.join(corpora, 'sigma-schema', 'sigma-correlation-rules-schema.json');
const detectionSchemaFile = path.join(corpora, 'sigma-schema', 'sigma-detection-rule-schema.json');
const haveSchemas = existsSync(correlationSchemaFile) && existsSync(detectionSchemaFile);

describe('the counting exports, checked for shape', () => {
  const rules = fc.sample(caseArb, { numRuns: 200, seed: 20261207 }).map(({ rule }, i) => ({ ...rule, id: `count-rule-${i}` }));
  const set = { plainsecRules: 1 as const, rules: [...loadTemplates().filter((r) => r.count), ...rules] };

  it.skipIf(skipWhenMissing(haveSchemas, reasons.corpora))('writes Sigma files whose rule and correlation each pass their Sigma schema', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const detection = ajv.compile(JSON.parse(readFileSync(detectionSchemaFile, 'utf8')));
    const correlation = ajv.compile(JSON.parse(readFileSync(correlationSchemaFile, 'utf8')));
    const { files } = exportRuleSet(set, ['sigma']);
    let checked = 0;
    // Every .yml file is a rule; the folder's README.md is not.
    for (const file of files.filter((f) => f.path.endsWith('.yml'))) {
      const [rule, corr] = parseAllDocuments(file.content).map((d) => d.toJSON() as Record<string, unknown>);
      expect(detection(rule), `${file.path}: ${JSON.stringify(detection.errors)}`).toBe(true);
      expect(correlation(corr), `${file.path}: ${JSON.stringify(correlation.errors)}`).toBe(true);
      expect((corr!['correlation'] as { rules: string[] }).rules).toEqual([rule!['name']]);
      checked++;
    }
    console.info(`Sigma correlation files checked against both schemas: ${checked}.`);
    expect(checked).toBeGreaterThanOrEqual(set.rules.length * 0.9);
  });

  it('writes CloudWatch alarms that sum one period of the window with the count as threshold, in Terraform and CloudFormation', () => {
    const { files } = exportRuleSet(set, ['cloudwatch']);
    const tf = JSON.parse(files.find((f) => f.path.endsWith('.tf.json'))!.content);
    const cfn = JSON.parse(files.find((f) => f.path.endsWith('template.json'))!.content);
    const alarms = Object.values(tf.resource.aws_cloudwatch_metric_alarm) as Record<string, unknown>[];
    const byName = new Map(set.rules.map((r) => [`plainsec-${r.id}`, r]));
    expect(alarms.length).toBeGreaterThan(30);
    for (const alarm of alarms) {
      const rule = byName.get(String(alarm['alarm_name']))!;
      expect(rule.count?.by).toBeUndefined();
      expect(alarm).toMatchObject({ statistic: 'Sum', period: rule.count!.withinMinutes * 60, evaluation_periods: 1, threshold: rule.count!.atLeast, comparison_operator: 'GreaterThanOrEqualToThreshold' });
      // CloudWatch accepts a period of whole minutes, and at most a day over all evaluated periods.
      expect(Number(alarm['period']) % 60).toBe(0);
      expect(Number(alarm['period'])).toBeLessThanOrEqual(86_400);
    }
    const cfnAlarms = Object.values(cfn.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(cfnAlarms.map((a) => [a.Properties['AlarmName'], a.Properties['Period'], a.Properties['Threshold']])).toEqual(
      alarms.map((a) => [a['alarm_name'], a['period'], a['threshold']]),
    );
  });

  it('writes Elastic threshold rules as JSON, counting over exactly one run’s interval', () => {
    const { files } = exportRuleSet(set, ['elastic']);
    // The file's other lines are the connectors the rules' actions use.
    const rules = files[0]!.content.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((o) => 'rule_id' in o);
    expect(rules.length).toBeGreaterThan(set.rules.length * 0.8);
    for (const r of rules) {
      expect(r).toMatchObject({ type: 'threshold', language: 'kuery', threshold: { value: expect.any(Number), field: expect.any(Array) } });
      expect(r['from']).toBe(`now-${String(r['interval'])}`);
    }
  });

  it('writes Splunk searches that bin by the window and keep the windows that reach the count, scheduled after each window', () => {
    const { files } = exportRuleSet(set, ['splunk']);
    const stanzas = files[0]!.content.split('\n\n').filter((s) => s.includes('[plainsec-'));
    expect(stanzas.length).toBeGreaterThan(set.rules.length * 0.9);
    for (const stanza of stanzas) {
      const id = /\[plainsec-([a-z0-9-]+)\]/.exec(stanza)![1]!;
      const count = set.rules.find((r) => r.id === id)!.count!;
      const span = count.withinMinutes % 60 === 0 ? `${count.withinMinutes / 60}h` : `${count.withinMinutes}m`;
      expect(stanza).toContain(` | bin _time span=${span} | stats count by _time`);
      expect(stanza).toContain(`| where count>=${count.atLeast}\n`);
      expect(stanza).toContain(`dispatch.earliest_time = -${count.withinMinutes + 1}m@m`);
    }
  });
});
