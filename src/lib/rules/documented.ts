/**
 * A rule's condition as it acts on the records CloudTrail can write.
 *
 * The canonical model (`canonical.ts`) gives a meaning on any JSON record. CloudTrail writes far
 * fewer shapes: AWS documents that `eventType` is always text, that `requestParameters.enable` of
 * GuardDuty's `UpdateDetector` is always true or false (`fields.ts` lists each with its page).
 * An export only has to fire on exactly the right records among those; it may rely on a documented
 * type, and says so in the files it writes.
 *
 * `specialise` reads a condition with those types in hand:
 * - each field test learns the documented kind of its field, where there is one: always for a field
 *   of the record, and for a call's parameter only where the rule pins that call (an `eventName`,
 *   and where needed an `eventSource`, that every event reaching the test must have);
 * - a test that can never hold on such a record (`eventType` equal to true, a start of text on a
 *   true/false field) becomes false, and the condition is simplified around it.
 * On every record CloudTrail can write, the result means the same as the condition.
 */
import { documentationOf, documentedKind, type FieldKind, type PinnedCalls } from './fields.ts';
import type { Condition, FieldTest, Scalar } from './model.ts';
import type { RuleSource } from './sources.ts';
import { auditDocumentationOf, auditDocumentedKind } from './sources/k8s-audit-fields.ts';

/** A condition on documented records, with the documented kind each of its field tests may rely on. */
export interface Specialised {
  /** The condition, or true/false when it holds on every documented record or on none. */
  condition: Condition | boolean;
  /** The documented kind of the field a test (of `condition`) reads, where the rule pins what documents it. */
  kindOf(test: FieldTest): FieldKind | undefined;
  /** Each documented type the condition relies on, with its page, for the comment an export writes. */
  relied: { path: string; kind: FieldKind; source: string }[];
}

/**
 * The fields whose exact values pin what documents a record's other fields: the call, for
 * CloudTrail; the resource a request is about, for a cluster's audit log.
 */
type PinField = 'eventSource' | 'eventName' | 'objectRef.resource';
type Pins = Partial<Record<PinField, Set<string>>>;
const pinFields: readonly PinField[] = ['eventSource', 'eventName', 'objectRef.resource'];

/** The call names, sources or resources a test pins when it must hold: an exact list of text values. */
function pinsOf(c: Condition): Pins {
  if ('allOf' in c) return c.allOf.map(pinsOf).reduce(meet, {});
  if (!('field' in c) || !(pinFields as readonly string[]).includes(c.field) || ('ignoreCase' in c && c.ignoreCase)) return {};
  const values = 'equals' in c ? [c.equals] : 'oneOf' in c ? c.oneOf : undefined;
  if (!values || !values.every((v): v is string => typeof v === 'string')) return {};
  return { [c.field]: new Set(values) };
}

/** Both sets of pins at once: where both pin a field, only values in both remain. */
function meet(a: Pins, b: Pins): Pins {
  const out: Pins = { ...a };
  for (const key of pinFields) {
    const x = a[key];
    const y = b[key];
    if (x && y) out[key] = new Set([...x].filter((v) => y.has(v)));
    else if (y) out[key] = y;
  }
  return out;
}

const kindOfValue = (v: Scalar): FieldKind => (typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'boolean');

/** Where the kinds of a source's fields are documented, for the pins a test sees. */
const documentedBy: Record<RuleSource, { kind(path: string, pins: Pins): FieldKind | undefined; page(path: string, pins: Pins): string | undefined }> = {
  cloudtrail: {
    kind: (path, pins) => documentedKind(path, pins as PinnedCalls),
    page: (path, pins) => documentationOf(path, pins as PinnedCalls),
  },
  'k8s-audit': {
    kind: (path, pins) => auditDocumentedKind(path, pins['objectRef.resource']),
    page: (path, pins) => auditDocumentationOf(path, pins['objectRef.resource']),
  },
};

/**
 * The condition on records its source can write (CloudTrail records unless told), with the
 * documented kind of each field test.
 */
export function specialise(condition: Condition, source: RuleSource = 'cloudtrail'): Specialised {
  const documented = documentedBy[source];
  const kinds = new WeakMap<FieldTest, FieldKind>();
  const relied = new Map<string, { path: string; kind: FieldKind; source: string }>();

  const walk = (c: Condition, pins: Pins): Condition | boolean => {
    if ('not' in c) {
      const inner = walk(c.not, pins);
      return typeof inner === 'boolean' ? !inner : { not: inner };
    }
    if ('allOf' in c) {
      const each = c.allOf.map((part, i) => walk(part, c.allOf.filter((_, j) => j !== i).map(pinsOf).reduce(meet, pins)));
      if (each.some((x) => x === false)) return false;
      const kept = each.filter((x): x is Condition => x !== true);
      return kept.length === 0 ? true : kept.length === 1 ? kept[0]! : { allOf: kept };
    }
    if ('anyOf' in c) {
      const each = c.anyOf.map((part) => walk(part, pins));
      if (each.some((x) => x === true)) return true;
      const kept = each.filter((x): x is Condition => x !== false);
      return kept.length === 0 ? false : kept.length === 1 ? kept[0]! : { anyOf: kept };
    }
    const kind = documented.kind(c.field, pins);
    if (kind === undefined) return c;
    const page = documented.page(c.field, pins);
    if (page) relied.set(`${c.field} ${kind}`, { path: c.field, kind, source: page });
    const test = narrowed(c, kind);
    if (typeof test !== 'boolean') kinds.set(test, kind);
    return test;
  };

  return { condition: walk(condition, {}), kindOf: (test) => kinds.get(test), relied: [...relied.values()] };
}

/** A field test on a field of a documented kind: values of another kind can never be there. */
function narrowed(test: FieldTest, kind: FieldKind): FieldTest | boolean {
  if ('exists' in test) return { ...test };
  const keepCase = kind === 'string' && test.ignoreCase === true ? { ignoreCase: true as const } : {};
  if ('equals' in test) return kindOfValue(test.equals) === kind ? { field: test.field, equals: test.equals, ...keepCase } : false;
  if ('oneOf' in test) {
    const values = test.oneOf.filter((v) => kindOfValue(v) === kind);
    if (values.length === 0) return false;
    return values.length === 1 ? { field: test.field, equals: values[0]!, ...keepCase } : { field: test.field, oneOf: values, ...keepCase };
  }
  // A start, an end or a pattern holds only on text.
  return kind === 'string' ? { ...test } : false;
}

/** Why a rule that holds on every documented record, or on none, is not exported. */
export function constantRuleReason(always: boolean, source: RuleSource = 'cloudtrail'): string {
  const records = source === 'k8s-audit' ? 'audit event a cluster' : 'record CloudTrail';
  const writer = source === 'k8s-audit' ? 'Kubernetes' : 'AWS';
  return always
    ? `on every ${records} can write this rule fires, so it would alert on everything; add a test that narrows it`
    : `this rule can never fire on a${source === 'k8s-audit' ? 'n' : ''} ${records} writes (it compares a field with a kind of value ${writer} never writes there, or its tests contradict each other), so there is nothing to export`;
}

/** The comment an export writes about the documented types it relies on, one line each. */
export function documentedTypeNotes(relied: Specialised['relied'], source: RuleSource = 'cloudtrail'): string[] {
  const writer = source === 'k8s-audit' ? 'Kubernetes' : 'AWS';
  const words: Record<FieldKind, string> = { string: 'always text', boolean: 'always true or false', number: 'always a number' };
  return [...relied]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((r) => `assumes ${r.path} is ${words[r.kind]} where present, as ${writer} documents it (${r.source})`);
}

/** Each field a specialised condition tests without a documented kind: how many tests read it, and whether one is negated. */
export function undocumentedFieldUses(typed: Pick<Specialised, 'kindOf'>, condition: Condition): Map<string, { tests: number; negated: boolean }> {
  const uses = new Map<string, { tests: number; negated: boolean }>();
  const walk = (c: Condition, negated: boolean): void => {
    if ('not' in c) walk(c.not, !negated);
    else if ('allOf' in c) for (const part of c.allOf) walk(part, negated);
    else if ('anyOf' in c) for (const part of c.anyOf) walk(part, negated);
    else if (typed.kindOf(c) === undefined) {
      const use = uses.get(c.field) ?? { tests: 0, negated: false };
      // `exists: false` asks that no value be there, as a negated test does.
      use.tests++;
      use.negated ||= negated !== ('exists' in c && !c.exists);
      uses.set(c.field, use);
    }
  };
  walk(condition, false);
  return uses;
}
