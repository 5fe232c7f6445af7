/**
 * The differential proof: every provable export fires on exactly the events the canonical model
 * accepts, for every template and for thousands of random rules, on real CloudTrail records and on
 * records changed around the fields each rule reads.
 *
 * "Exactly" means on every record CloudTrail can write: a changed copy keeps the kind AWS documents
 * for a field (`documentedTypes` in fields.ts) and tries every shape (null, a number, true/false, a
 * list, a group) where nothing is documented. A refusal is not a pass: each target must export at
 * least its floor of the random rules, and every template the reviewed list does not name. A
 * disagreement is excused only when a list or group at a field the rule reads causes it, shown by
 * putting one value there instead and getting agreement; every other disagreement fails.
 */
import { reasons, skipWhenMissing } from '../../support/skips.ts';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { matchesCondition, type CloudTrailEvent, type JsonValue } from '../../../src/lib/rules/canonical.ts';
import { cloudTrailFields, documentedKindOn, undocumentedShapes } from '../../../src/lib/rules/fields.ts';
import { reviewedRefusals } from '../../../src/lib/rules/known-refusals.ts';
import { matchFilterPattern } from '../../../src/lib/rules/matchers/cloudwatch.ts';
import { effectiveCondition, fieldsOf, ruleSetSchema, type Condition, type Rule, type RuleException, type Scalar } from '../../../src/lib/rules/model.ts';
import type { ProvableTarget } from '../../../src/lib/rules/target.ts';
import { provableTargets } from '../../../src/lib/rules/targets.ts';
import { haveStratus, loadStratusEvents, loadTemplates, scalarLeaves, valueAt, withValue } from './support/kit.ts';

const templates: Rule[] = loadTemplates();
const events: CloudTrailEvent[] = loadStratusEvents('the differential proof');

/** Every scalar leaf path in the events, with up to 12 values seen there, and the catalogue's examples. */
const valuesByPath = new Map([...scalarLeaves(events, 12)].map(([k, v]) => [k, [...v]]));
for (const f of cloudTrailFields) valuesByPath.set(f.path, [...new Set([...(valuesByPath.get(f.path) ?? []), ...f.examples])]);
// Fields the rules most often read come first, so random rules hit real values often.
const paths = [...new Set([...cloudTrailFields.map((f) => f.path), ...valuesByPath.keys()])];
const someString = (p: string): fc.Arbitrary<string> => {
  const strings = (valuesByPath.get(p) ?? []).filter((v): v is string => typeof v === 'string' && v.length > 0);
  return strings.length > 0 ? fc.constantFrom(...strings) : fc.constantFrom('AccessDenied', 'RunInstances');
};
const someValue = (p: string): fc.Arbitrary<Scalar> => {
  const all = valuesByPath.get(p) ?? [];
  return all.length > 0
    ? fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...all) }, { weight: 1, arbitrary: fc.constantFrom<Scalar>('x', 0, true, 'No', 'Success') })
    : fc.constantFrom<Scalar>('x', 0, true);
};

const pathArb = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...cloudTrailFields.map((f) => f.path)) }, { weight: 2, arbitrary: fc.constantFrom(...paths) });

const fieldTestArb: fc.Arbitrary<Condition> = pathArb.chain((field) =>
  fc.oneof(
    { weight: 4, arbitrary: someValue(field).map((equals) => ({ field, equals })) },
    { weight: 2, arbitrary: fc.uniqueArray(someValue(field), { minLength: 1, maxLength: 3 }).map((oneOf) => ({ field, oneOf })) },
    {
      weight: 1,
      arbitrary: someString(field).chain((s) => fc.integer({ min: 1, max: s.length }).map((n) => ({ field, startsWith: s.slice(0, n) }))),
    },
    {
      weight: 1,
      arbitrary: someString(field).chain((s) => fc.integer({ min: 1, max: s.length }).map((n) => ({ field, endsWith: s.slice(s.length - n) }))),
    },
    {
      weight: 1,
      arbitrary: someString(field).chain((s) =>
        fc
          .array(fc.nat({ max: Math.max(0, s.length - 1) }), { minLength: 1, maxLength: 2 })
          .map((cuts) => {
            const chars = [...s];
            for (const c of cuts) chars[c] = '*';
            return { field, wildcard: chars.join('').replace(/\*+/g, '*') };
          }),
      ),
    },
    { weight: 2, arbitrary: fc.boolean().map((exists) => ({ field, exists })) },
  ),
);

/** Text tests sometimes ignore case, as rules imported from Sigma do. */
const fieldTestWithCaseArb: fc.Arbitrary<Condition> = fc
  .tuple(fieldTestArb, fc.integer({ min: 0, max: 3 }))
  .map(([test, roll]) => (roll === 0 && 'field' in test && !('exists' in test) ? ({ ...test, ignoreCase: true } as Condition) : test));

const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: fieldTestWithCaseArb },
    { weight: 1, arbitrary: tie('c').map((c) => ({ not: c })) },
    { weight: 2, arbitrary: fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((allOf) => ({ allOf })) },
    { weight: 2, arbitrary: fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })) },
  ),
})).c;

const namesAt = (p: string): string[] => (valuesByPath.get(p) ?? []).filter((v): v is string => typeof v === 'string' && v.length > 0);
const exceptionArb: fc.Arbitrary<RuleException> = fc.oneof(
  fc.constant({ unlessDoneByAwsService: true as const }),
  fc.constant({ unlessItFailed: true as const }),
  fc.uniqueArray(fc.constantFrom(...namesAt('awsRegion'), 'us-east-1'), { minLength: 1, maxLength: 2 }).map((onlyInRegions) => ({ onlyInRegions })),
  fc.uniqueArray(fc.constantFrom(...namesAt('userIdentity.userName'), 'alice'), { minLength: 1, maxLength: 2 }).map((unlessDoneByUsers) => ({ unlessDoneByUsers })),
  fc
    .uniqueArray(fc.constantFrom(...namesAt('userIdentity.sessionContext.sessionIssuer.userName'), 'deploy'), { minLength: 1, maxLength: 2 })
    .map((unlessDoneByRoles) => ({ unlessDoneByRoles })),
);

const ruleArb: fc.Arbitrary<Rule> = fc
  .record({ when: conditionArb, exceptions: fc.uniqueArray(exceptionArb, { maxLength: 2, selector: (e) => Object.keys(e)[0] }), urgency: fc.constantFrom('wake-me-up', 'look-today', 'fyi') as fc.Arbitrary<Rule['urgency']> })
  .map(({ when, exceptions, urgency }) =>
    ruleSetSchema.parse({
      plainsecRules: 1,
      rules: [{ id: 'random-rule', title: 'Random rule', means: 'A generated rule.', whatToDo: 'Nothing.', when, exceptions, urgency, notify: '#security-alerts' }],
    }).rules[0]!,
  );

/** Changed copies made by `mutate`, so the tally can tell them from real records. */
const changedCopies = new WeakSet<CloudTrailEvent>();
/** Changed copies dropped because no record CloudTrail writes looks like them (a documented field of another kind). */
let undocumentedCopies = 0;

/**
 * A copy of the event with one field the rule reads changed. Where AWS documents the field's kind
 * for this record, the copy keeps it (missing, another value, another case, empty text); elsewhere
 * it also tries null, a number, true/false, a list and a group. Undefined when the copy would be a
 * record CloudTrail cannot write.
 */
function mutate(event: CloudTrailEvent, field: string, how: number, replacement: Scalar): CloudTrailEvent | undefined {
  const current = valueAt(event, field);
  const kind = documentedKindOn(field, event);
  const text = typeof current === 'string' ? current : String(replacement);
  const sameShape: (JsonValue | undefined)[] =
    kind === 'boolean' || (kind === undefined && (typeof current === 'boolean' || (current === undefined && typeof replacement === 'boolean')))
      ? [undefined, !current, typeof replacement === 'boolean' ? replacement : true]
      : kind === 'number' || (kind === undefined && (typeof current === 'number' || (current === undefined && typeof replacement === 'number')))
        ? [undefined, (typeof current === 'number' ? current : 0) + 1, typeof replacement === 'number' ? replacement : 0]
        : [undefined, String(replacement), text.toUpperCase(), text.toLowerCase(), '', `${text}x`];
  const anyShape: (JsonValue | undefined)[] = [
    ...sameShape,
    null,
    /^\d+$/.test(text) ? Number(text) : 5,
    typeof current === 'number' ? String(current) : true,
    current === undefined ? ['x'] : [current],
    current === undefined ? { nested: 'x' } : { value: current },
  ];
  const variants = kind !== undefined ? sameShape : anyShape;
  const copy = withValue(event, field, variants[how % variants.length]);
  if (undocumentedShapes(copy).length > 0) {
    undocumentedCopies++;
    return undefined;
  }
  changedCopies.add(copy);
  return copy;
}

/** The events to compare one rule on: some it fires on, some it does not, and changed copies of both. */
function eventsFor(rule: Rule, seed: number): CloudTrailEvent[] {
  const condition = effectiveCondition(rule);
  const firing: CloudTrailEvent[] = [];
  const quiet: CloudTrailEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[(i * 7919 + seed) % events.length]!;
    if (matchesCondition(condition, e)) {
      if (firing.length < 6) firing.push(e);
    } else if (quiet.length < 10) quiet.push(e);
  }
  const fields = fieldsOf(condition);
  const changed: CloudTrailEvent[] = [];
  for (const [i, base] of [...firing.slice(0, 3), ...quiet.slice(0, 3)].entries()) {
    const field = fields[(seed + i) % fields.length]!;
    const seen = valuesByPath.get(field) ?? [];
    const replacement = seen[(seed + i) % Math.max(1, seen.length)] ?? 'x';
    for (const how of [seed + i * 3, seed + i * 3 + 1]) {
      const copy = mutate(base, field, how, replacement);
      if (copy) changed.push(copy);
    }
  }
  return [...firing, ...quiet, ...changed];
}

const shown = (event: CloudTrailEvent, field: string): JsonValue | '(missing)' => valueAt(event, field) ?? '(missing)';

/**
 * Where the proof stops, and how narrowly. The rule model speaks of single values: a field holding
 * a list or a group counts as missing, and the targets disagree among themselves on such fields
 * (EventBridge and Elastic match a list by any element; CloudWatch counts a list or group as
 * present). A disagreement is excused only when that is its cause: the same record with one value
 * in place of each list or group at a field the rule reads must bring agreement. Anything else, on a
 * scalar field or a missing one, fails the proof.
 */
function causedByListOrGroup(target: ProvableTarget, text: string, condition: Condition, event: CloudTrailEvent): boolean {
  const compound = fieldsOf(condition).filter((f) => {
    const v = valueAt(event, f);
    return v !== null && v !== undefined && typeof v === 'object';
  });
  if (compound.length === 0) return false;
  let single = event;
  for (const f of compound) {
    const v = valueAt(single, f);
    const one = Array.isArray(v) ? v.find((x): x is Scalar => x !== null && typeof x !== 'object') : undefined;
    single = withValue(single, f, one ?? 'x');
  }
  const again = target.match(text, single);
  return again.kind !== 'invalid' && (again.kind === 'match') === matchesCondition(condition, single);
}

type Tally = { tried: number; refused: number; compared: number; excusedReal: number; excusedChanged: number; reasons: Map<string, number> };
const tallies = new Map<string, Tally>();
const tally = (id: string): Tally => {
  const t = tallies.get(id) ?? { tried: 0, refused: 0, compared: 0, excusedReal: 0, excusedChanged: 0, reasons: new Map() };
  tallies.set(id, t);
  return t;
};

/** The first event on which the export and the canonical model disagree, described; undefined when they agree. */
function disagreement(target: ProvableTarget, rule: Rule, list: CloudTrailEvent[], counted: boolean): string | undefined {
  const t = tally(counted ? target.id : `${target.id} (templates)`);
  t.tried++;
  const detection = target.detectionFor(rule);
  if (!detection.ok) {
    t.refused++;
    const gist = detection.reason.replace(/"[^"]*"/g, '"…"').replace(/\b[A-Za-z]+\.[A-Za-z.]+\b/g, 'FIELD').slice(0, 90);
    t.reasons.set(gist, (t.reasons.get(gist) ?? 0) + 1);
    expect(detection.reason.length, `${target.id} refused ${rule.id} without a reason`).toBeGreaterThan(10);
    return undefined;
  }
  const condition = effectiveCondition(rule);
  for (const event of list) {
    t.compared++;
    const result = target.match(detection.text, event);
    const expected = matchesCondition(condition, event);
    if (result.kind === 'invalid') return `${target.id} says its own export is invalid (${result.reason}):\n${detection.text}`;
    if ((result.kind === 'match') === expected) continue;
    if (causedByListOrGroup(target, detection.text, condition, event)) {
      if (changedCopies.has(event)) t.excusedChanged++;
      else t.excusedReal++;
      continue;
    }
    return `${target.id} ${expected ? 'stays quiet' : 'fires'} where the rule ${expected ? 'fires' : 'does not'}.\nRule: ${JSON.stringify(condition)}\nExport:\n${detection.text}\nFields the rule reads: ${JSON.stringify(Object.fromEntries(fieldsOf(condition).map((f) => [f, shown(event, f)])))}\nEvent: ${JSON.stringify(event).slice(0, 300)}`;
  }
  return undefined;
}

const targets = provableTargets();
const randomRuns = 2000;

/**
 * The share of random rules each target must export, in %: the figure reached when these floors
 * were set, minus 2 points. Raise a floor when an export learns to say more; never lower one to let
 * a change pass.
 */
const floors: Record<string, number> = { sigma: 96.2, eventbridge: 90.8, cloudwatch: 59.5, falco: 51.5, elastic: 69.2, splunk: 68.7 };

const isReviewed = (target: string, ruleId: string): boolean => reviewedRefusals.some((r) => r.target === target && r.ruleId === ruleId);

describe.skipIf(skipWhenMissing(haveStratus, reasons.corpora))('every export fires on exactly the events the rule means', () => {
  afterAll(() => {
    const rows = [...tallies].filter(([id]) => !id.endsWith('(templates)')).map(([target, t]) => ({
      target,
      'random rules': t.tried,
      refused: t.refused,
      'exported %': Number(((100 * (t.tried - t.refused)) / Math.max(1, t.tried)).toFixed(1)),
      'floor %': floors[target],
      'events compared': t.compared,
      'excused (list or group), real records': t.excusedReal,
      'excused (list or group), changed copies': t.excusedChanged,
    }));
    console.info('Differential proof: exports against the canonical model, on records CloudTrail can write');
    console.table(rows);
    console.info(`Changed copies left out because no record CloudTrail writes looks like them: ${undocumentedCopies}`);
    for (const [target, t] of tallies) {
      if (target.endsWith('(templates)') || t.reasons.size === 0) continue;
      const top = [...t.reasons].sort((a, b) => b[1] - a[1]).slice(0, 3);
      console.info(`Most common refusals, ${target}: ${top.map(([r, n]) => `${n} × ${r}`).join(' | ')}`);
    }
  });

  it('finds at least the four provable targets in the registry', () => {
    expect(targets.map((t) => t.id).sort()).toEqual(expect.arrayContaining(['cloudwatch', 'eventbridge', 'falco', 'sigma']));
  });

  it('has a floor for every provable target', () => {
    for (const t of targets) expect(floors[t.id], t.id).toBeGreaterThan(0);
  });

  it('keeps every real record as AWS documents it (else the documented types are wrong)', () => {
    const off = events.filter((e) => undocumentedShapes(e).length > 0).map((e) => `${String(e['eventName'])}: ${undocumentedShapes(e).join(', ')}`);
    expect(off).toEqual([]);
  });

  it.each(targets.map((t) => [t.id, t] as const))('%s exports every template the reviewed list does not name, and refuses those it names', (id, target) => {
    const wrong: string[] = [];
    for (const rule of templates) {
      const detection = target.detectionFor(rule);
      if (detection.ok === isReviewed(id, rule.id)) wrong.push(`${rule.id} ${detection.ok ? 'exports, but the reviewed list says it is refused' : `is refused, and the reviewed list does not name it: ${detection.reason}`}`);
      const reviewed = reviewedRefusals.find((r) => r.target === id && r.ruleId === rule.id);
      if (!detection.ok && reviewed && reviewed.reason !== detection.reason) wrong.push(`${rule.id}: the reviewed list gives another reason than the export: ${detection.reason}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(targets.map((t) => [t.id, t] as const))('%s agrees with every template on every real event', (_id, target) => {
    for (const rule of templates) expect(disagreement(target, rule, events, false)).toBeUndefined();
  });

  it.each(targets.map((t) => [t.id, t] as const))(`%s agrees with ${randomRuns} random rules on real and changed events, and exports at least its floor`, (id, target) => {
    fc.assert(
      fc.property(ruleArb, fc.nat(), (rule, seed) => {
        const problem = disagreement(target, rule, eventsFor(rule, seed), true);
        if (problem) throw new Error(problem);
      }),
      { numRuns: randomRuns, seed: 20261126 },
    );
    const t = tally(id);
    const share = (100 * (t.tried - t.refused)) / t.tried;
    expect(share, `${id} exports ${share.toFixed(1)} % of random rules; its floor is ${floors[id]} %`).toBeGreaterThanOrEqual(floors[id]!);
  });

  it('shows that the pinned CIS CloudWatch text means what the rule says, by the CloudWatch matcher', () => {
    const cis = templates.filter((r) => r.pinned?.cloudwatch);
    expect(cis).toHaveLength(14);
    for (const rule of cis) {
      const condition = effectiveCondition(rule);
      const fields = fieldsOf(condition);
      const list = [...events];
      for (const [i, base] of events.entries())
        if (i % 5 === 0)
          for (const field of fields)
            for (let how = 0; how < 9; how++) {
              const copy = mutate(base, field, how, 'x');
              if (copy) list.push(copy);
            }
      for (const event of list) {
        const result = matchFilterPattern(rule.pinned!.cloudwatch!, event);
        expect(result.kind, `${rule.id} pinned text`).not.toBe('invalid');
        expect(result.kind === 'match', `${rule.id} on ${JSON.stringify(event).slice(0, 400)}`).toBe(matchesCondition(condition, event));
      }
    }
  });
});
