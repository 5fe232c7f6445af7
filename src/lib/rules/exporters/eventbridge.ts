/**
 * The AWS EventBridge export: one event pattern per rule, routed to an SNS topic per urgency (per
 * urgency and channel where channels share one) and on to Slack through AWS Chatbot, as Terraform
 * JSON and as CloudFormation. This file writes the
 * pattern, with the set algebra of `eventbridge-sets.ts`; `aws/eventbridge-resources.ts` writes the
 * files around it.
 *
 * The rule's condition is over a CloudTrail record; EventBridge delivers that record under
 * `detail` of an event whose `source` is `aws.<service>` and whose `detail-type` names the kind of
 * CloudTrail record. So a pattern tests `detail.<field>`, and `match` wraps a CloudTrail record in
 * that envelope (`wrapCloudTrailRecord`) before running the EventBridge matcher on it.
 *
 * How the translation stays exact (the canonical meaning is in `canonical.ts`):
 * - The condition becomes an OR of ANDs of per-field value sets ("disjunctive normal form"); each
 *   field's set says which of missing-or-null / strings / numbers / true-false it admits.
 * - A missing field or JSON null (the canonical "absent") is written `{"exists": false}, null`:
 *   EventBridge treats null as a present value.
 * - "Any present value" is written as any string, any number and true/false, because EventBridge's
 *   `{"exists": true}` also fires on null.
 * - `not equals "x"` is `{"anything-but": "x"}` plus `{"exists": false}`: anything-but never fires
 *   on a missing field, while the canonical `not` does.
 * - Several ANDs become an EventBridge `$or` under `detail`.
 * - A test that ignores case uses `equals-ignore-case`, alone or inside `prefix` / `suffix`, and
 *   `{"anything-but": {"equals-ignore-case": …}}` for whole values it excludes. EventBridge has no
 *   case-insensitive wildcard and rejects `anything-but` with a case-insensitive start or end, so
 *   those are refused, as are values with letters outside A to Z (EventBridge folds one character at
 *   a time, Plainsec the whole text). Numbers and true/false in such a test still compare exactly.
 * - `detail-type` lists every kind of CloudTrail record unless the rule pins `eventType`: a rule that
 *   does not say "API calls only" also means sign-ins and service events, and the pattern must not
 *   drop them. `source` is `aws.<service>` wherever the rule pins `eventSource`.
 * - The rule state receives read-only calls (Get*, List*, Describe*, BatchGet*) unless the rule pins
 *   `eventName` to other calls or `readOnly` to false: EventBridge leaves them out otherwise.
 * - Where AWS documents a field's kind for the calls a part of the pattern pins, that part relies on
 *   it: `anything-but` alone says "text other than x" on a field that never holds null, a number or
 *   true/false. The Terraform and CloudFormation files say which types a rule relies on.
 * What EventBridge cannot say exactly (two different patterns on one field at once, anything-but
 * when the rule must not fire on null, numbers or true/false) is refused in plain words.
 *
 * Known limits of EventBridge itself, shared by every pattern: a field holding a list matches when
 * any element matches (the canonical model treats a list as absent), and event keys that contain a
 * dot are read as nested names. In a test that ignores case, EventBridge matches each letter of the
 * pattern against its own upper and lower case, so a value written with the Kelvin sign (K) or the
 * dotted capital I (İ), which lower-case to ASCII letters, is missed where Plainsec's folding finds it.
 */
import type { CloudTrailEvent } from '../canonical.ts';
import { compileEventPattern, matchEventPattern, validateEventPattern } from '../matchers/eventbridge.ts';
import type { Condition, Rule, RuleSet } from '../model.ts';
import { alertingOf, effectiveCondition } from '../model.ts';
import { provableTarget, type CompiledDetection, type Detection, type ExportedFile, type ExportResult, type MatchResult, type ProvableTarget, type Refusal } from '../target.ts';
import { constantRuleReason, documentedTypeNotes, specialise, undocumentedFieldUses } from '../documented.ts';
import { undocumentedShapeReason } from '../undocumented-shape.ts';
import { firstListOf, withoutListMarks } from '../list-paths.ts';
import { documentationOf, documentedKind, type FieldKind, type PinnedCalls } from '../fields.ts';
import { eventbridgeDeliveryFiles, type EventBridgeRule } from './aws/eventbridge-resources.ts';
import {
  describeAtom,
  emptySet,
  noNumbers,
  normalForm,
  refuse,
  sameSet,
  simplify,
  uniqueNumbers,
  Unexpressible,
  type StringAtom,
  type Term,
  type ValueSet,
} from './eventbridge-sets.ts';
import { eventbridgeCountByReason, eventbridgeCountReason } from '../count-refusals.ts';

// ---------------------------------------------------------------- rendering

type PatternValue = string | number | boolean | null | { [key: string]: unknown };

/** EventBridge wildcard text: `*` stands for any run; a literal `\\` or `*` is written with a backslash before it. */
const escapeForWildcard = (text: string): string => text.replace(/[\\*]/g, '\\$&');

function toWildcardText(atom: StringAtom): string {
  if (atom.kind === 'wildcard') return atom.value.split('*').map(escapeForWildcard).join('*');
  const literal = escapeForWildcard(atom.value);
  return atom.kind === 'prefix' ? `${literal}*` : atom.kind === 'suffix' ? `*${literal}` : literal;
}

function anythingBut(atoms: StringAtom[]): PatternValue {
  const kinds = new Set(atoms.map((a) => a.kind));
  const values = atoms.map((a) => a.value);
  const one = <T,>(list: T[]): T | T[] => (list.length === 1 ? list[0]! : list);
  if (atoms.some((a) => a.ignoreCase)) {
    // EventBridge ignores case inside anything-but only for whole values, and not alongside exact ones.
    if (kinds.size === 1 && kinds.has('exact') && atoms.every((a) => a.ignoreCase))
      return { 'anything-but': { 'equals-ignore-case': one(values) } };
    return refuse(
      `EventBridge's "anything-but" can ignore case only for whole values (not for ${atoms.map(describeAtom).join(', ')}); write the exclusion as whole values in any case, or compare exactly`,
    );
  }
  if (kinds.size === 1 && kinds.has('exact')) return { 'anything-but': one(values) };
  if (kinds.size === 1 && kinds.has('prefix')) return { 'anything-but': { prefix: one(values) } };
  if (kinds.size === 1 && kinds.has('suffix')) return { 'anything-but': { suffix: one(values) } };
  return { 'anything-but': { wildcard: one(atoms.map(toWildcardText)) } };
}

/** Whether the text has a letter outside A–Z that has an upper and a lower case. */
const hasNonAsciiLetter = (text: string): boolean => [...text].some((c) => c > '\u007f' && c.toLowerCase() !== c.toUpperCase());

/** The leaf list for one field's value set. */
function renderSet(field: string, set: ValueSet, kind?: FieldKind): PatternValue[] {
  // Where AWS documents the field's kind (for the calls this part of the rule pins), only that kind
  // or nothing can be there: no null, and no value of another kind for anything-but to catch.
  if (kind === 'boolean') {
    const out: PatternValue[] = [true, false].filter((b) => set.booleans.includes(b));
    if (set.absent) out.push({ exists: false });
    return out.length > 0 ? out : refuse(`this part of the rule can never hold on ${field}`);
  }
  if (kind === 'string' && set.strings.negated && set.strings.atoms.length > 0) {
    for (const atom of set.strings.atoms)
      if (atom.ignoreCase && hasNonAsciiLetter(atom.value))
        refuse(`EventBridge ignores case one character at a time, which for letters outside A to Z (in "${atom.value}" for ${field}) can differ from Plainsec's; compare exactly`);
    return set.absent ? [anythingBut(set.strings.atoms), { exists: false }] : [anythingBut(set.strings.atoms)];
  }
  if (kind === 'string') set = { ...set, numbers: noNumbers(), booleans: [] };
  const out: PatternValue[] = [];
  for (const atom of set.strings.atoms)
    if (atom.ignoreCase && hasNonAsciiLetter(atom.value))
      refuse(
        `EventBridge ignores case one character at a time, which for letters outside A to Z (in "${atom.value}" for ${field}) can differ from Plainsec's; compare exactly`,
      );
  if (set.strings.negated && set.strings.atoms.length > 0) {
    // anything-but fires on null, numbers and true/false as well as on other strings.
    const wide = set.numbers.negated && set.numbers.values.length === 0 && set.booleans.length === 2;
    if (!wide || !set.absent)
      refuse(
        `EventBridge's "anything-but" also fires when ${field} is null, a number or true/false, so it cannot say exactly what this rule says about ${field}`,
      );
    out.push(anythingBut(set.strings.atoms), { exists: false });
    return out;
  }
  if (set.strings.negated) out.push({ wildcard: '*' });
  else
    for (const atom of set.strings.atoms) {
      if (!atom.ignoreCase) out.push(atom.kind === 'exact' ? atom.value : atom.kind === 'wildcard' ? { wildcard: toWildcardText(atom) } : { [atom.kind]: atom.value });
      else if (atom.kind === 'exact') out.push({ 'equals-ignore-case': atom.value });
      else if (atom.kind === 'prefix' || atom.kind === 'suffix') out.push({ [atom.kind]: { 'equals-ignore-case': atom.value } });
      else refuse(`EventBridge has no wildcard that ignores case, so it cannot test ${field} against "${atom.value}" in any case; compare exactly or use a start or an end`);
    }
  if (set.numbers.negated) {
    const values = uniqueNumbers(set.numbers.values);
    if (values.length === 0) out.push({ numeric: ['>=', 0] }, { numeric: ['<', 0] });
    else {
      out.push({ numeric: ['<', values[0]!] });
      for (let i = 0; i + 1 < values.length; i++) out.push({ numeric: ['>', values[i]!, '<', values[i + 1]!] });
      out.push({ numeric: ['>', values[values.length - 1]!] });
    }
  } else out.push(...uniqueNumbers(set.numbers.values));
  out.push(...[true, false].filter((b) => set.booleans.includes(b)));
  if (set.absent) out.push(...(kind === undefined ? [{ exists: false }, null] : [{ exists: false }]));
  return out;
}

type PatternObject = { [key: string]: PatternValue[] | PatternObject | PatternObject[] };

function placeField(target: PatternObject, field: string, leaf: PatternValue[]): void {
  // EventBridge reads through a list of groups by itself ("Arrays"), so a path through a list is written without its [] marks.
  const steps = withoutListMarks(field).split('.');
  let here = target;
  steps.forEach((step, index) => {
    const last = index === steps.length - 1;
    const existing = here[step];
    if (last) {
      if (existing !== undefined) refuse(`EventBridge cannot test ${field} and a field inside it in one pattern`);
      here[step] = leaf;
      return;
    }
    if (existing === undefined) here[step] = {};
    else if (Array.isArray(existing)) refuse(`EventBridge cannot test ${steps.slice(0, index + 1).join('.')} and a field inside it in one pattern`);
    here = here[step] as PatternObject;
  });
}

/** The calls a term pins: exact, case-kept names (and sources) every event it admits must have. */
function termPins(term: Term): PinnedCalls {
  const exact = (field: string): Set<string> | undefined => {
    const set = term.get(field);
    if (!set || set.absent || set.strings.negated || set.numbers.negated || set.numbers.values.length > 0 || set.booleans.length > 0) return undefined;
    if (set.strings.atoms.some((a) => a.kind !== 'exact' || a.ignoreCase)) return undefined;
    return new Set(set.strings.atoms.map((a) => a.value));
  };
  const eventSource = exact('eventSource');
  const eventName = exact('eventName');
  return { ...(eventSource ? { eventSource } : {}), ...(eventName ? { eventName } : {}) };
}

/** Off while translating a rule that holds on every documented record or on none, which is written as it stands. */
let useDocumentedTypes = true;

function termObject(term: Term, relied: Map<string, { path: string; kind: FieldKind; source: string }>, pins: PinnedCalls = termPins(term)): PatternObject {
  const out: PatternObject = {};
  for (const [field, set] of [...term].sort(([a], [b]) => a.localeCompare(b))) {
    const kind = useDocumentedTypes ? documentedKind(field, pins) : undefined;
    const source = documentationOf(field, pins);
    if (kind !== undefined && source) relied.set(`${field} ${kind}`, { path: field, kind, source });
    placeField(out, field, renderSet(field, set, kind));
  }
  return out;
}

// ---------------------------------------------------------------- envelope

// The EventBridge user guide spells the sign-in type "AWS Console Signin via CloudTrail"; delivered
// events and most published patterns spell it "AWS Console Sign In via CloudTrail". Patterns list
// both so the rule fires whichever one arrives.
const detailTypes: Record<string, string[]> = {
  AwsApiCall: ['AWS API Call via CloudTrail'],
  AwsConsoleSignIn: ['AWS Console Sign In via CloudTrail', 'AWS Console Signin via CloudTrail'],
  AwsServiceEvent: ['AWS Service Event via CloudTrail'],
  AwsConsoleAction: ['AWS Console Action via CloudTrail'],
  AwsCloudTrailInsight: ['AWS Insight via CloudTrail'],
};
const defaultDetailType = 'AWS API Call via CloudTrail';

/** Every EventBridge `detail-type` under which a CloudTrail record of this `eventType` may arrive. */
function detailTypesFor(eventType: unknown): string[] {
  return typeof eventType === 'string' && Object.hasOwn(detailTypes, eventType) ? detailTypes[eventType]! : [defaultDetailType];
}

/** The EventBridge `detail-type` under which a CloudTrail record of this `eventType` arrives. */
function detailTypeFor(eventType: unknown): string {
  return detailTypesFor(eventType)[0]!;
}

/** The EventBridge `source` for an `eventSource`: `ec2.amazonaws.com` arrives as `aws.ec2`. */
function sourceFor(eventSource: string): string {
  return `aws.${eventSource.split('.')[0]}`;
}

/** A CloudTrail record as EventBridge delivers it: under `detail`, with `source` and `detail-type`. */
export function wrapCloudTrailRecord(record: CloudTrailEvent): Record<string, unknown> {
  const eventSource = record['eventSource'];
  return {
    version: '0',
    id: typeof record['eventID'] === 'string' ? record['eventID'] : '00000000-0000-0000-0000-000000000000',
    'detail-type': detailTypeFor(record['eventType']),
    source: typeof eventSource === 'string' ? sourceFor(eventSource) : 'aws.cloudtrail',
    account: typeof record['recipientAccountId'] === 'string' ? record['recipientAccountId'] : '000000000000',
    time: typeof record['eventTime'] === 'string' ? record['eventTime'] : '1970-01-01T00:00:00Z',
    region: typeof record['awsRegion'] === 'string' ? record['awsRegion'] : 'us-east-1',
    resources: [],
    detail: record,
  };
}

/** The exact strings every AND pins a field to, or undefined when some AND leaves it open. */
function pinnedStrings(terms: Term[], field: string): string[] | undefined {
  const out = new Set<string>();
  for (const term of terms) {
    const set = term.get(field);
    if (!set || set.absent || set.strings.negated || set.numbers.negated || set.numbers.values.length > 0 || set.booleans.length > 0)
      return undefined;
    // A value in any case is not one source or call name the envelope can be keyed on.
    if (set.strings.atoms.some((a) => a.kind !== 'exact' || a.ignoreCase)) return undefined;
    for (const atom of set.strings.atoms) out.add(atom.value);
  }
  return [...out];
}

const readOnlyName = /^(Get|List|Describe|BatchGet)/;

interface Translation {
  pattern: Record<string, unknown>;
  /** The documented types the pattern relies on, as comment lines for the files. */
  notes: string[];
  /** Whether the rule may fire on read-only calls, which reach a rule only in the all-management-events state. */
  needsReadOnlyEvents: boolean;
}

function translate(rule: Pick<Rule, 'when' | 'exceptions'>): Translation {
  const typed = specialise(effectiveCondition(rule));
  // A rule that holds on every documented record, or on none, is written as it stands, if EventBridge can say it.
  const constant = typeof typed.condition === 'boolean';
  const relied = new Map<string, { path: string; kind: FieldKind; source: string }>();
  useDocumentedTypes = !constant;
  // EventBridge reads a list by any item, as the rule does, but only for one test that must hold.
  const read = constant ? effectiveCondition(rule) : typed.condition;
  for (const [field, use] of undocumentedFieldUses({ kindOf: constant ? () => undefined : typed.kindOf }, read as Condition)) {
    if (use.negated)
      refuse(undocumentedShapeReason('EventBridge', field, 'matches a field that holds a list when any one item matches, so it cannot say that no item does (as "not" and "is missing" need)'));
    if (use.tests > 1) refuse(undocumentedShapeReason('EventBridge', field, 'cannot test a field that holds a list two ways in one pattern, each by any item'));
  }
  const terms = simplify(normalForm(typeof typed.condition === 'boolean' ? effectiveCondition(rule) : typed.condition, false));
  // EventBridge asks that tests on fields inside one list of groups be met by one item together;
  // the rule reads each test by any item on its own, so two such tests in one AND cannot be written.
  for (const term of terms) {
    const lists = new Map<string, string>();
    for (const field of term.keys()) {
      const list = firstListOf(field);
      if (list === undefined) continue;
      const other = lists.get(list);
      if (other !== undefined && other !== field)
        refuse(`EventBridge asks that ${other} and ${field} be met by the same item of ${list}, while the rule lets two different items meet them; test one of them only, or use the Elastic export`);
      lists.set(list, field);
    }
  }
  if (terms.length === 0) refuse(constant ? constantRuleReason(false) : 'this rule can never fire (its tests contradict each other), so there is nothing to export');

  const eventTypes = pinnedStrings(terms, 'eventType');
  const sources = pinnedStrings(terms, 'eventSource');
  const names = pinnedStrings(terms, 'eventName');
  const readOnlyValues = terms.every((t) => {
    const set = t.get('readOnly');
    return set !== undefined && !set.absent && set.strings.atoms.length === 0 && !set.strings.negated && !set.numbers.negated && set.numbers.values.length === 0 && set.booleans.length === 1 && set.booleans[0] === false;
  });

  // Fields every AND tests the same way are written once; the rest go into "$or".
  const common: Term = new Map();
  const first = terms[0]!;
  for (const [field, set] of first) if (terms.every((t) => t.has(field) && sameSet(t.get(field)!, set))) common.set(field, set);
  const rest = terms.map((t) => new Map([...t].filter(([field]) => !common.has(field))));
  // Fields every AND shares are rendered with the pins they all share.
  const shared: Term = new Map(common);
  const allNames = pinnedStrings(terms, 'eventName');
  const allSources = pinnedStrings(terms, 'eventSource');
  if (allNames && !shared.has('eventName')) shared.set('eventName', { ...emptySet(), strings: { negated: false, atoms: allNames.map((v) => ({ kind: 'exact', value: v, ignoreCase: false })) } });
  if (allSources && !shared.has('eventSource')) shared.set('eventSource', { ...emptySet(), strings: { negated: false, atoms: allSources.map((v) => ({ kind: 'exact', value: v, ignoreCase: false })) } });
  const detail = termObject(common, relied, termPins(shared));
  if (rest.length > 1 && rest.every((t) => t.size > 0)) {
    if ('$or' in detail) refuse('the rule has a field named $or, which EventBridge reads as an operator');
    detail['$or'] = rest.map((t, i) => termObject(t, relied, termPins(terms[i]!)));
  }

  const pattern: Record<string, unknown> = {};
  if (sources && sources.length > 0) pattern['source'] = [...new Set(sources.map(sourceFor))].sort();
  // Unless the rule pins eventType, every kind of CloudTrail record can meet it, so all are listed.
  pattern['detail-type'] = [...new Set(eventTypes ? eventTypes.flatMap(detailTypesFor) : Object.values(detailTypes).flat())];
  if (Object.keys(detail).length > 0) pattern['detail'] = detail;
  return {
    pattern,
    notes: documentedTypeNotes([...relied.values()]),
    needsReadOnlyEvents: !readOnlyValues && (names === undefined || names.some((n) => readOnlyName.test(n))),
  };
}

/** The event pattern for a rule, or the plain-words reason it cannot be written exactly. */
export function eventPatternFor(
  rule: Pick<Rule, 'when' | 'exceptions'>,
): { ok: true; pattern: Record<string, unknown>; needsReadOnlyEvents: boolean; notes: string[] } | { ok: false; reason: string } {
  try {
    const { pattern, needsReadOnlyEvents, notes } = translate(rule);
    const text = JSON.stringify(pattern);
    const valid = validateEventPattern(text);
    if (!valid.ok) return { ok: false, reason: `EventBridge would reject the pattern: ${valid.reason}; split the rule into smaller ones` };
    return { ok: true, pattern, needsReadOnlyEvents, notes };
  } catch (error) {
    if (error instanceof Unexpressible) return { ok: false, reason: error.message };
    throw error;
  }
}

// ---------------------------------------------------------------- the export

/** EventBridge matches one event at a time; a counting rule goes to a tool that counts (CloudWatch only counts all events together). */
const countReason = (rule: Rule) => (rule.count?.by ? eventbridgeCountByReason : eventbridgeCountReason);

function detectionFor(rule: Rule): Detection {
  if (rule.count) return { ok: false, reason: countReason(rule) };
  const result = eventPatternFor(rule);
  return result.ok ? { ok: true, text: JSON.stringify(result.pattern) } : { ok: false, reason: result.reason };
}

function exportRuleSet(ruleSet: RuleSet): ExportResult {
  const exported: EventBridgeRule[] = [];
  const refused: Refusal[] = [];
  for (const rule of ruleSet.rules) {
    const result = rule.count ? ({ ok: false, reason: countReason(rule) } as const) : eventPatternFor(rule);
    if (!result.ok) refused.push({ ruleId: rule.id, reason: result.reason });
    else
      exported.push({
        rule,
        pattern: result.pattern,
        notes: result.notes,
        state: result.needsReadOnlyEvents ? 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' : 'ENABLED',
      });
  }
  if (exported.length === 0) return { files: [], refused };
  const files: ExportedFile[] = exported.map((e) => ({
    path: `eventbridge/${e.rule.id}.pattern.json`,
    content: `${JSON.stringify(e.pattern, null, 2)}\n`,
  }));
  // Chatbot for the team's chat tool (Slack, Teams), or none where Chatbot has no support (a note says so).
  files.push(...eventbridgeDeliveryFiles(alertingOf(ruleSet), exported));
  return { files, refused };
}

/** AWS EventBridge: a pattern per rule, Terraform JSON and CloudFormation routing to Slack. */
export const eventbridgeTarget: ProvableTarget = provableTarget({
  id: 'eventbridge',
  name: 'AWS EventBridge',
  exportRuleSet,
  detectionFor,
  /** Matches the pattern against the CloudTrail record as EventBridge delivers it (see `wrapCloudTrailRecord`). */
  match(detectionText: string, event: CloudTrailEvent): MatchResult {
    return matchEventPattern(detectionText, wrapCloudTrailRecord(event));
  },
  compile(detectionText: string): CompiledDetection {
    const compiled = compileEventPattern(detectionText);
    return compiled.ok ? { ok: true, match: (event) => compiled.match(wrapCloudTrailRecord(event)) } : compiled;
  },
});
