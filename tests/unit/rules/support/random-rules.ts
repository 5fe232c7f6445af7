/**
 * Random rules drawn from real CloudTrail values: the generator of the differential proof, shared
 * with the tests that need many varied exports. The same events, extra values and seed always give
 * the same rules. The options make rules on another source's events from the same parts (a field
 * catalogue, values seen, exceptions): k8s/support/random-audit-rules.ts does that for a cluster's
 * audit log; left out, every draw is the CloudTrail one it always was.
 */
import fc from 'fast-check';
import type { CloudTrailEvent } from '../../../../src/lib/rules/canonical.ts';
import { cloudTrailFields } from '../../../../src/lib/rules/fields.ts';
import { ruleSetSchema, type Condition, type Rule, type RuleException, type Scalar } from '../../../../src/lib/rules/model.ts';
import type { RuleSource } from '../../../../src/lib/rules/sources.ts';
import { scalarLeaves } from './kit.ts';

/** Values a rule test draws besides those seen at its field: now and then, and always where none was seen. */
interface ExtraValues {
  extraValues?: readonly Scalar[];
  valuesWhereNoneSeen?: readonly Scalar[];
}

/** What makes rules on another source: its catalogue, values the plain leaf walk misses, its exceptions, a wrap of `when`. */
interface SourceParts {
  source?: RuleSource;
  /** The field catalogue whose paths rules read most often (default: CloudTrail's). */
  fields?: readonly { path: string; examples: readonly Scalar[] }[];
  /** Values at a catalogue path that `scalarLeaves` cannot see (through a list), added to those seen. */
  valuesAt?: (events: readonly CloudTrailEvent[], path: string) => Scalar[];
  /** The exceptions a rule may carry, from the names seen at a path. */
  exceptions?: (namesAt: (path: string) => string[]) => fc.Arbitrary<RuleException>;
  /** Changes each drawn `when` (to pin what documents a field, say). */
  wrapWhen?: (when: fc.Arbitrary<Condition>) => fc.Arbitrary<Condition>;
  /** Tests read only the catalogue's paths, not every other path seen in the events (default: both). */
  catalogueOnly?: boolean;
}

/**
 * The rule generator over these events. `valuesByPath` holds, for every scalar leaf path in the
 * events, up to 12 values seen there and the field catalogue's examples.
 */
export function randomRuleGenerator(
  events: readonly CloudTrailEvent[],
  { extraValues = ['x', 0, true, 'No', 'Success'], valuesWhereNoneSeen = ['x', 0, true], ...parts }: ExtraValues & SourceParts = {},
): { valuesByPath: Map<string, Scalar[]>; ruleArb: fc.Arbitrary<Rule> } {
  const catalogue = parts.fields ?? cloudTrailFields;
  const valuesByPath = new Map([...scalarLeaves(events, 12)].map(([k, v]) => [k, [...v]]));
  for (const f of catalogue)
    valuesByPath.set(f.path, [...new Set([...(valuesByPath.get(f.path) ?? []), ...(parts.valuesAt?.(events, f.path).slice(0, 12) ?? []), ...f.examples])]);
  // Fields the rules most often read come first, so random rules hit real values often.
  const paths = [...new Set([...catalogue.map((f) => f.path), ...valuesByPath.keys()])];
  const someString = (p: string): fc.Arbitrary<string> => {
    const strings = (valuesByPath.get(p) ?? []).filter((v): v is string => typeof v === 'string' && v.length > 0);
    return strings.length > 0 ? fc.constantFrom(...strings) : fc.constantFrom('AccessDenied', 'RunInstances');
  };
  const someValue = (p: string): fc.Arbitrary<Scalar> => {
    const all = valuesByPath.get(p) ?? [];
    return all.length > 0
      ? fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...all) }, { weight: 1, arbitrary: fc.constantFrom<Scalar>(...extraValues) })
      : fc.constantFrom<Scalar>(...valuesWhereNoneSeen);
  };

  const pathArb = parts.catalogueOnly
    ? fc.constantFrom(...new Set(catalogue.map((f) => f.path)))
    : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...catalogue.map((f) => f.path)) }, { weight: 2, arbitrary: fc.constantFrom(...paths) });

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
  const exceptionArb: fc.Arbitrary<RuleException> = parts.exceptions ? parts.exceptions(namesAt) : fc.oneof(
    fc.constant({ unlessDoneByAwsService: true as const }),
    fc.constant({ unlessInvokedByAnyAwsService: true as const }),
    fc.constant({ unlessItFailed: true as const }),
    fc.uniqueArray(fc.constantFrom(...namesAt('awsRegion'), 'us-east-1'), { minLength: 1, maxLength: 2 }).map((onlyInRegions) => ({ onlyInRegions })),
    fc.uniqueArray(fc.constantFrom(...namesAt('userIdentity.userName'), 'alice'), { minLength: 1, maxLength: 2 }).map((unlessDoneByUsers) => ({ unlessDoneByUsers })),
    fc
      .uniqueArray(fc.constantFrom(...namesAt('userIdentity.sessionContext.sessionIssuer.userName'), 'deploy'), { minLength: 1, maxLength: 2 })
      .map((unlessDoneByRoles) => ({ unlessDoneByRoles })),
  );

  const ruleArb: fc.Arbitrary<Rule> = fc
    .record({ when: parts.wrapWhen ? parts.wrapWhen(conditionArb) : conditionArb, exceptions: fc.uniqueArray(exceptionArb, { maxLength: 2, selector: (e) => Object.keys(e)[0] }), urgency: fc.constantFrom('wake-me-up', 'look-today', 'fyi') as fc.Arbitrary<Rule['urgency']> })
    .map(({ when, exceptions, urgency }) =>
      ruleSetSchema.parse({
        plainsecRules: 1,
        rules: [{ id: 'random-rule', ...(parts.source ? { source: parts.source } : {}), title: 'Random rule', means: 'A generated rule.', whatToDo: 'Nothing.', when, exceptions, urgency, notify: '#security-alerts' }],
      }).rules[0]!,
    );
  return { valuesByPath, ruleArb };
}
