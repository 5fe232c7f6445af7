/**
 * What the Sigma and Splunk proofs on a cluster's audit log share: Falco's real audit events,
 * a handful of hand-written rules like the templates, random rules over the audit-event catalogue,
 * and copies of events changed around the fields a rule reads, kept to what an API server can write.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { matchesCondition, valuesAt, type CloudTrailEvent, type JsonValue } from '../../../../src/lib/rules/canonical.ts';
import { readEventsText } from '../../../../src/lib/rules/event-input.ts';
import { documentedKindOn, undocumentedShapes } from '../../../../src/lib/rules/fields.ts';
import { effectiveCondition, fieldsOf, ruleSchema, type Condition, type Rule, type RuleException, type Scalar } from '../../../../src/lib/rules/model.ts';
import { sourceOfEvent } from '../../../../src/lib/rules/sources.ts';
import { auditField, auditFields } from '../../../../src/lib/rules/sources/k8s-audit-fields.ts';
import { readsThroughList } from '../../../../src/lib/rules/list-paths.ts';
import type { MatchResult } from '../../../../src/lib/rules/target.ts';
import { corporaDir, valueAt, withValue } from '../support/kit.ts';

export const traceDir = path.join(corporaDir, 'k8s-audit', 'falco-trace-files');
export const haveTraces = existsSync(traceDir);

/** Every audit event in Falco's trace files, with its file name (the one file that is not an audit event is left out). */
export function loadTraceEvents(): { file: string; event: CloudTrailEvent }[] {
  if (!haveTraces) return [];
  return readdirSync(traceDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const read = readEventsText(readFileSync(path.join(traceDir, file), 'utf8'));
      return read.ok ? read.events.filter((e) => sourceOfEvent(e) === 'k8s-audit').map((event) => ({ file, event })) : [];
    });
}

/** A k8s-audit rule from its parts. */
export function clusterRule(id: string, when: Condition, exceptions: RuleException[] = [{ unlessDoneByCluster: true }]): Rule {
  return ruleSchema.parse({
    id,
    source: 'k8s-audit',
    title: `Cluster rule ${id}`,
    means: 'Something happened in the cluster.',
    whatToDo: 'Ask who did it and why.',
    when,
    exceptions,
    urgency: 'wake-me-up',
    notify: '#security-alerts',
  });
}

/** Rules like the templates: the shapes every tool must get right. */
export const handRules: Rule[] = [
  clusterRule('shell-in-a-container', {
    allOf: [
      { field: 'verb', equals: 'create' },
      { field: 'objectRef.resource', equals: 'pods' },
      { field: 'objectRef.subresource', oneOf: ['exec', 'attach'] },
    ],
  }),
  clusterRule('privileged-container', {
    allOf: [
      { field: 'verb', equals: 'create' },
      { field: 'objectRef.resource', equals: 'pods' },
      { anyOf: [{ field: 'requestObject.spec.containers[].securityContext.privileged', equals: true }, { field: 'requestObject.spec.initContainers[].securityContext.privileged', equals: true }] },
    ],
  }),
  clusterRule('cluster-admin-given', {
    allOf: [
      { field: 'verb', oneOf: ['create', 'update', 'patch'] },
      { field: 'objectRef.resource', oneOf: ['clusterrolebindings', 'rolebindings'] },
      { field: 'requestObject.roleRef.name', equals: 'cluster-admin' },
    ],
  }),
  clusterRule('secrets-listed-everywhere', {
    allOf: [{ field: 'verb', oneOf: ['list', 'watch'] }, { field: 'objectRef.resource', equals: 'secrets' }, { field: 'objectRef.namespace', exists: false }],
  }),
  clusterRule(
    'anonymous-allowed',
    { allOf: [{ field: 'user.username', equals: 'system:anonymous' }, { not: { field: 'user.groups', equals: 'system:masters' } }] },
    [{ unlessItFailed: true }],
  ),
  clusterRule('added-powers', {
    allOf: [{ field: 'objectRef.resource', equals: 'pods' }, { field: 'requestObject.spec.containers[].securityContext.capabilities.add', oneOf: ['SYS_ADMIN', 'NET_ADMIN'] }],
  }),
  clusterRule('refused-requests', { field: 'responseStatus.code', oneOf: [401, 403] }, []),
  clusterRule('wildcard-role', {
    allOf: [{ field: 'objectRef.resource', oneOf: ['roles', 'clusterroles'] }, { anyOf: [{ field: 'requestObject.rules[].verbs', equals: '*' }, { field: 'requestObject.rules[].resources', equals: '*' }] }],
  }),
];

/** Values each catalogue path holds in the events, with the catalogue's examples. */
export function valuesByPath(events: readonly CloudTrailEvent[]): Map<string, Scalar[]> {
  const out = new Map<string, Scalar[]>();
  for (const f of auditFields) {
    const seen = new Set<Scalar>(f.examples);
    for (const e of events) for (const v of valuesAt(e, f.path)) if (seen.size < 16) seen.add(v);
    out.set(f.path, [...seen]);
  }
  return out;
}

/** Random k8s-audit rules over the catalogue's fields, sometimes pinned to the resource whose body a field belongs to. */
export function k8sRuleArb(events: readonly CloudTrailEvent[]): fc.Arbitrary<Rule> {
  const values = valuesByPath(events);
  const paths = [...new Set(auditFields.map((f) => f.path))];
  const someValue = (p: string): fc.Arbitrary<Scalar> =>
    fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...values.get(p)!) }, { weight: 1, arbitrary: fc.constantFrom<Scalar>('x', 0, true, 403) });
  const someString = (p: string): fc.Arbitrary<string> => {
    const strings = values.get(p)!.filter((v): v is string => typeof v === 'string' && v.length > 0);
    return fc.constantFrom(...(strings.length > 0 ? strings : ['create', 'pods']));
  };
  const testArb: fc.Arbitrary<Condition> = fc.constantFrom(...paths).chain((field) =>
    fc
      .oneof(
        { weight: 4, arbitrary: someValue(field).map((equals): Condition => ({ field, equals })) },
        { weight: 2, arbitrary: fc.uniqueArray(someValue(field), { minLength: 1, maxLength: 3 }).map((oneOf): Condition => ({ field, oneOf })) },
        { weight: 1, arbitrary: someString(field).chain((s) => fc.integer({ min: 1, max: s.length }).map((n): Condition => ({ field, startsWith: s.slice(0, n) }))) },
        { weight: 1, arbitrary: someString(field).chain((s) => fc.integer({ min: 1, max: s.length }).map((n): Condition => ({ field, endsWith: s.slice(s.length - n) }))) },
        {
          weight: 1,
          arbitrary: someString(field).chain((s) =>
            fc.nat({ max: Math.max(0, s.length - 1) }).map((c): Condition => {
              const chars = [...s];
              chars[c] = '*';
              return { field, wildcard: chars.join('') };
            }),
          ),
        },
        { weight: 2, arbitrary: fc.boolean().map((exists): Condition => ({ field, exists })) },
      )
      .chain((test) => fc.integer({ min: 0, max: 3 }).map((roll) => (roll === 0 && 'field' in test && !('exists' in test) ? ({ ...test, ignoreCase: true } as Condition) : test))),
  );
  const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
    c: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: testArb },
      { weight: 1, arbitrary: tie('c').map((c): Condition => ({ not: c })) },
      { weight: 2, arbitrary: fc.array(tie('c'), { minLength: 2, maxLength: 3 }).map((allOf): Condition => ({ allOf })) },
      { weight: 2, arbitrary: fc.array(tie('c'), { minLength: 2, maxLength: 3 }).map((anyOf): Condition => ({ anyOf })) },
    ),
  })).c;
  /** Pin the resources whose request body holds the fields the condition reads, as a rule on a pod's body would. */
  const pinned = (c: Condition): Condition => {
    const resources = [...new Set(fieldsOf(c).flatMap((f) => auditFields.filter((a) => a.path === f).flatMap((a) => a.resources ?? [])))];
    if (resources.length === 0) return c;
    return { allOf: [{ field: 'objectRef.resource', ...(resources.length === 1 ? { equals: resources[0]! } : { oneOf: resources }) }, c] };
  };
  const exceptionsArb = fc.constantFrom<RuleException[]>([], [{ unlessDoneByCluster: true }], [{ unlessItFailed: true }], [{ unlessDoneByUsers: ['minikube-user'] }], [{ unlessDoneByCluster: true }, { unlessItFailed: true }]);
  let n = 0;
  return fc.tuple(conditionArb, fc.integer({ min: 0, max: 2 }), exceptionsArb).map(([c, pin, exceptions]) => clusterRule(`random-k8s-${n++}`, pin > 0 ? pinned(c) : c, exceptions));
}

/** Whether an API server could write this event, as far as the catalogue documents (paths through lists too). */
export const writable = (event: CloudTrailEvent): boolean => undocumentedShapes(event).length === 0;

/** The values a condition compares a field with, so changed copies hit the rule's own values. */
function ruleValues(c: Condition, field: string): Scalar[] {
  if ('not' in c) return ruleValues(c.not, field);
  if ('allOf' in c) return c.allOf.flatMap((x) => ruleValues(x, field));
  if ('anyOf' in c) return c.anyOf.flatMap((x) => ruleValues(x, field));
  if (c.field !== field) return [];
  if ('equals' in c) return [c.equals];
  if ('oneOf' in c) return c.oneOf;
  if ('startsWith' in c) return [c.startsWith, `${c.startsWith}x`];
  if ('endsWith' in c) return [c.endsWith, `x${c.endsWith}`];
  if ('wildcard' in c) return [c.wildcard.replace(/\*/g, 'ab')];
  return [];
}

/** Copies of the event with one field changed in each way listed, kept to what an API server could write. */
export function changedCopies(event: CloudTrailEvent, field: string, replacement: Scalar): CloudTrailEvent[] {
  const other: Scalar = typeof replacement === 'string' ? `${replacement}x` : typeof replacement === 'number' ? replacement + 1 : !replacement;
  const entry = auditField(field);
  let shapes: (JsonValue | undefined)[];
  let at = field;
  if (readsThroughList(field)) {
    const cut = field.indexOf('[]');
    at = field.slice(0, cut);
    const rest = field.slice(cut + 3);
    const leaf = (v: Scalar): JsonValue => (entry?.list === 'values' ? [v] : v);
    const group = (v: JsonValue): JsonValue => withValue({}, rest, v);
    shapes = [
      [group(leaf(replacement))],
      [],
      [group(leaf(other)), group(leaf(replacement))],
      [{}],
      [group(leaf(other))],
      [group(entry?.list === 'values' ? [other, replacement] : replacement), {}],
      undefined,
      // The shapes only a list the API does not document can take.
      group(leaf(replacement)),
      [[group(leaf(replacement))]],
      [group(null)],
      [group({ value: replacement })],
      [group([other, replacement])],
      [group(leaf(typeof replacement === 'string' ? replacement.toUpperCase() : replacement))],
    ];
  } else if (entry?.list === 'values') {
    const current = valueAt(event, field);
    const items = Array.isArray(current) ? current : [];
    shapes = [undefined, [], [replacement], [...items, replacement], [other], items.map((v) => (typeof v === 'string' ? v.toUpperCase() : v)), [replacement, null], replacement, 5];
  } else {
    const current = valueAt(event, field);
    const kind = documentedKindOn(field, event);
    const text = typeof current === 'string' ? current : String(replacement);
    const same: (JsonValue | undefined)[] =
      kind === 'boolean'
        ? [undefined, !current, typeof replacement === 'boolean' ? replacement : true]
        : kind === 'number'
          ? [undefined, (typeof current === 'number' ? current : 0) + 1, typeof replacement === 'number' ? replacement : 0]
          : [undefined, String(replacement), text.toUpperCase(), text.toLowerCase(), '', `${text}x`];
    shapes =
      kind !== undefined
        ? same
        : [...same, replacement, null, /^\d+$/.test(text) ? Number(text) : 5, true, [current ?? 'x'], [current ?? 'x', replacement], [], { value: current ?? 'x' }, [null, current ?? 'x']];
  }
  return shapes.map((s) => withValue(event, at, s)).filter(writable);
}

/** Events to compare one rule on: real ones it fires on and not, and changed copies of both around each field it reads. */
export function eventsFor(rule: Rule, events: readonly CloudTrailEvent[], seed: number): CloudTrailEvent[] {
  const condition = effectiveCondition(rule);
  const firing: CloudTrailEvent[] = [];
  const quiet: CloudTrailEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[(i * 31 + seed) % events.length]!;
    if (matchesCondition(condition, e)) {
      if (firing.length < 4) firing.push(e);
    } else if (quiet.length < 4) quiet.push(e);
  }
  const changed: CloudTrailEvent[] = [];
  const fields = fieldsOf(condition);
  for (const [i, base] of [...firing, ...quiet].entries())
    for (const field of fields) {
      const mine = ruleValues(condition, field);
      const seen = valuesAt(base, field);
      const pool = [...mine, ...seen, 'x'];
      changed.push(...changedCopies(base, field, pool[(seed + i) % pool.length]!));
    }
  return [...firing, ...quiet, ...changed];
}

/** A tool's export of one rule and its reading of an event, as the proofs call them. */
export interface ProvableK8s {
  detectionFor(rule: Rule): { ok: true; text: string } | { ok: false; reason: string };
  match(text: string, event: CloudTrailEvent): MatchResult;
}

/** The first event where the tool's reading of its export and the rule disagree, described; undefined when none. */
export function firstDisagreement(tool: ProvableK8s, rule: Rule, events: readonly CloudTrailEvent[]): string | undefined {
  const detection = tool.detectionFor(rule);
  if (!detection.ok) return undefined;
  const condition = effectiveCondition(rule);
  for (const event of events) {
    const result = tool.match(detection.text, event);
    if (result.kind === 'invalid') return `the tool says its own export is invalid (${result.reason}):\n${detection.text}`;
    const expected = matchesCondition(condition, event);
    if ((result.kind === 'match') === expected) continue;
    return `${expected ? 'stays quiet' : 'fires'} where the rule ${expected ? 'fires' : 'does not'}.\nRule: ${JSON.stringify(condition)}\nExport:\n${detection.text}\nFields: ${JSON.stringify(Object.fromEntries(fieldsOf(condition).map((f) => [f, valueAt(event, f.split('[]')[0]!) ?? '(missing)'])))}`;
  }
  return undefined;
}
