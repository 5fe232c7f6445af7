import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { corporaDir, loadStratusEvents, scalarLeaves, withValue } from './support/kit.ts';
import { matchesCondition } from '../../../src/lib/rules/canonical.ts';
import type { CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import { effectiveCondition, fieldsOf, ruleSchema } from '../../../src/lib/rules/model.ts';
import type { Condition, FieldTest, Rule, RuleException, Scalar } from '../../../src/lib/rules/model.ts';
import type { ProvableTarget } from '../../../src/lib/rules/target.ts';
import { falcoTarget } from '../../../src/lib/rules/exporters/falco.ts';
import { undocumentedShapes } from '../../../src/lib/rules/fields.ts';
import { sigmaTarget } from '../../../src/lib/rules/exporters/sigma.ts';

const corpora = corporaDir;
const events: CloudTrailEvent[] = loadStratusEvents('the Sigma and Falco property tests');
const haveEvents = events.length > 0;

// Every dotted path to a single value in the real events, with the values seen there.
const seen = scalarLeaves(events);
const extraPaths = ['userIdentity.invokedBy', 'errorCode', 'errorMessage', 'requestParameters.fromPort', 'not.in.cloudtrail'];
const paths = [...new Set([...seen.keys(), ...extraPaths])].sort();

// Values that trip up text-based tools: numbers as text, true/false, JSON look-alikes, case, wildcards, quotes.
const tricky: Scalar[] = ['5', 5, 0, -1.5, 22, true, false, 'true', 'False', 'null', '{x}', '[1]', '', 'a*b', 'No', 'NO', 'x"y\\z', 'AWS Internal', 'é', 'what?', 'C:\\*'];
const valuesFor = (p: string): Scalar[] => [...(seen.get(p) ?? [])].slice(0, 40);
const textsFor = (p: string): string[] => [...valuesFor(p), ...tricky].filter((v): v is string => typeof v === 'string' && v !== '');

const scalarFor = (p: string): fc.Arbitrary<Scalar> => fc.oneof(fc.constantFrom(...(valuesFor(p).length > 0 ? valuesFor(p) : tricky)), fc.constantFrom(...tricky));
const textFor = (p: string): fc.Arbitrary<string> => fc.constantFrom(...textsFor(p));

const fieldTestArb: fc.Arbitrary<FieldTest> = fc.constantFrom(...paths).chain((field): fc.Arbitrary<FieldTest> =>
  fc.oneof(
    { weight: 4, arbitrary: scalarFor(field).map((equals) => ({ field, equals })) },
    { weight: 2, arbitrary: fc.array(scalarFor(field), { minLength: 1, maxLength: 3 }).map((oneOf) => ({ field, oneOf })) },
    { weight: 2, arbitrary: fc.tuple(textFor(field), fc.nat()).map(([s, n]) => ({ field, startsWith: s.slice(0, 1 + (n % s.length)) })) },
    { weight: 2, arbitrary: fc.tuple(textFor(field), fc.nat()).map(([s, n]) => ({ field, endsWith: s.slice(n % s.length) })) },
    {
      weight: 2,
      arbitrary: fc.tuple(textFor(field), fc.nat(), fc.nat(), fc.boolean()).map(([s, a, b, lead]) => {
        const i = a % (s.length + 1);
        const j = Math.max(i, b % (s.length + 1));
        return { field, wildcard: `${lead ? '*' : ''}${s.slice(0, i)}*${s.slice(j)}` };
      }),
    },
    { weight: 2, arbitrary: fc.boolean().map((exists) => ({ field, exists })) },
  ),
);

const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: fieldTestArb },
    { weight: 1, arbitrary: tie('c').map((c) => ({ not: c })) },
    { weight: 1, arbitrary: fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((allOf) => ({ allOf })) },
    { weight: 1, arbitrary: fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })) },
  ),
})).c;

const exceptionOptions: RuleException[] = [
  { unlessDoneByAwsService: true },
  { unlessInvokedByAnyAwsService: true },
  { unlessItFailed: true },
  { unlessDoneByRoles: ['stratus-red-team-role', 'deploy'] },
  { unlessDoneByUsers: ['alice'] },
  { onlyInRegions: ['eu-west-1', 'us-east-1'] },
];

const ruleArb: fc.Arbitrary<Rule> = fc
  .record({ when: conditionArb, exceptions: fc.subarray(exceptionOptions, { maxLength: 2 }), urgency: fc.constantFrom('wake-me-up', 'look-today', 'fyi') as fc.Arbitrary<Rule['urgency']> })
  .map((r) => ruleSchema.parse({ id: 'random-rule', title: 'Random rule', means: 'A generated rule.', whatToDo: 'Nothing.', notify: '#security-alerts', ...r }));

/** Events made from a real one by changing the fields the rule reads: new values, other case, gone, or a null group above. */
function eventsFor(rule: Rule): fc.Arbitrary<CloudTrailEvent[]> {
  const fields = fieldsOf(effectiveCondition(rule));
  const change = fc.constantFrom(...fields).chain((f) =>
    fc.oneof(
      scalarFor(f).map((v) => [f, v] as const),
      textFor(f).map((v) => [f, v.toUpperCase()] as const),
      fc.constant([f, undefined] as const),
      // CloudTrail writes null for a whole group (requestParameters: null), never for a single value.
      fc.constant(f.includes('.') ? ([f.split('.')[0]!, null] as const) : ([f, undefined] as const)),
    ),
  );
  // Exports need only be exact on records CloudTrail can write: a copy with a documented field of
  // another kind (eventType holding a number, say) stands for no real record and is left out.
  const one = fc.tuple(fc.nat(events.length - 1), fc.array(change, { maxLength: 4 })).map(([i, changes]) => {
    const changed = changes.reduce<CloudTrailEvent>((e, [f, v]) => withValue(e, f, v), events[i]!);
    return undocumentedShapes(changed).length === 0 ? changed : events[i]!;
  });
  return fc.array(one, { minLength: 4, maxLength: 8 });
}

function agreesEverywhere(target: ProvableTarget, stats: { exported: number; refused: number }) {
  return fc.property(ruleArb.chain((r) => fc.tuple(fc.constant(r), eventsFor(r))), ([rule, generated]) => {
    const detection = target.detectionFor(rule);
    if (!detection.ok) {
      stats.refused++;
      expect(detection.reason.length).toBeGreaterThan(10);
      return;
    }
    stats.exported++;
    const condition = effectiveCondition(rule);
    for (const event of [...events, ...generated]) {
      const expected = matchesCondition(condition, event) ? 'match' : 'no-match';
      const actual = target.match(detection.text, event);
      if (actual.kind !== expected)
        throw new Error(`${target.name} says ${actual.kind}${actual.kind === 'invalid' ? ` (${actual.reason})` : ''}, the rule says ${expected}\nrule: ${JSON.stringify(condition)}\nevent: ${JSON.stringify(event).slice(0, 1500)}`);
    }
  });
}

describe.skipIf(skipWhenMissing(haveEvents, reasons.corpora))('exports fire on exactly the events the rule means', () => {
  for (const target of [sigmaTarget, falcoTarget]) {
    it(`${target.name}: a few hundred random rules, on every real event and on changed copies`, () => {
      const stats = { exported: 0, refused: 0 };
      fc.assert(agreesEverywhere(target, stats), { numRuns: 300, seed: 20261126 });
      console.info(`${target.name}: ${stats.exported} random rules exported and proven on every event, ${stats.refused} refused with a reason.`);
      // A target that refused nearly everything would prove nothing. Falco refuses most random rules
      // (every test on a field whose shape AWS does not document for the rule's calls, where a list
      // may be, and most tests that ignore case): 37 of 300 export, so the bar is one in ten.
      expect(stats.exported).toBeGreaterThan(stats.refused / 10);
    });
  }
});

const sigmaSchemaFile = path.join(corpora, 'sigma-schema', 'sigma-detection-rule-schema.json');
const falcoSchemaFile = path.join(corpora, 'falco', 'falco-rules-schema.json');
const haveSchemas = existsSync(sigmaSchemaFile) && existsSync(falcoSchemaFile) && haveEvents;
if (!haveSchemas) console.warn(`Skipped schema checks of random exports: ${sigmaSchemaFile} or ${falcoSchemaFile} is not there.`);

describe.skipIf(skipWhenMissing(haveSchemas, reasons.corpora))('every export of a random rule passes its official schema', () => {
  it('Sigma (JSON Schema 2020-12) and Falco (draft-06)', () => {
    const sigmaAjv = new Ajv2020({ strict: false });
    addFormats(sigmaAjv);
    const validSigma = sigmaAjv.compile(JSON.parse(readFileSync(sigmaSchemaFile, 'utf8')));
    const falcoAjv = new Ajv({ strict: false });
    falcoAjv.addMetaSchema(createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json'));
    const validFalco = falcoAjv.compile(JSON.parse(readFileSync(falcoSchemaFile, 'utf8')));
    fc.assert(
      fc.property(ruleArb, (rule) => {
        const sigma = sigmaTarget.detectionFor(rule);
        if (sigma.ok) expect(validSigma(parse(sigma.text)), JSON.stringify(validSigma.errors)).toBe(true);
        const falco = falcoTarget.detectionFor(rule);
        if (falco.ok) expect(validFalco(parse(falco.text)), JSON.stringify(validFalco.errors)).toBe(true);
      }),
      { numRuns: 200, seed: 26112026 },
    );
  });
});
