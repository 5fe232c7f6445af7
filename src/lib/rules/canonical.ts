/**
 * The canonical meaning of a rule condition on one CloudTrail record.
 *
 * Every exporter must produce something that fires on exactly the events this function accepts,
 * or refuse with a plain-words reason. The differential tests hold them to it.
 *
 * The decisions, each of which a target must respect:
 * - A path walks nested objects only. If a step is missing, or meets a non-object (an array, a
 *   string, null), the field is *missing*.
 * - A step written `name[]` says "name holds a list; read every item": the path goes on from each
 *   item of the list (`requestParameters.ipPermissions.items[].ipRanges.items[].cidrIp` reaches the
 *   address of every range of every permission). The field's values are all the values reached
 *   through all the items, in one flat list, as EventBridge, Elastic's flattened fields and
 *   Splunk's multivalue fields read such a record. So two tests on paths through one list are
 *   separate: "some item allows 0.0.0.0/0" and "some item opens port 22" may be met by two
 *   different items, as in those tools. As they do, a `name[]` step also reads through a list
 *   inside the list, and reads a single group where a list could be as a list of one (EC2 writes
 *   the one rule that ModifySecurityGroupRules changes as a group); where `name` holds a text, a
 *   number, true/false or null, the step reaches nothing. `[]` is never the last step: a field
 *   that holds a list of values is already read by any of its items.
 * - The *values* of a field: a string, number or boolean is its one value; a list gives the
 *   strings, numbers and booleans among its items (null, lists and objects inside it give none);
 *   JSON null and an object give no value. This is how Sigma, EventBridge and Elastic read a field
 *   that holds a list: by any of its items.
 * - `exists: true` holds when the field has at least one value. A missing field, JSON null, an
 *   object, an empty list or a list of objects does not "exist" for a rule.
 * - Value tests (`equals`, `oneOf`, `startsWith`, `endsWith`, `wildcard`) hold when at least one of
 *   the field's values passes. They compare exactly and case-sensitively; `equals: "5"` does not
 *   match the number 5. `startsWith`/`endsWith`/`wildcard` hold only on strings. With
 *   `ignoreCase: true` text is compared after `foldCase` on both sides; numbers and true/false are
 *   unaffected. Two tests on one field are separate: `["a", "b"]` meets both `equals: a` and
 *   `equals: b`.
 * - `not` is plain negation: `not { field: x, equals: "a" }` holds when x is missing, and is false
 *   on `["a", "b"]`, since one of its values is "a".
 */
import type { Condition, FieldTest, Scalar } from './condition-schema.ts';
import { readsThroughList } from './list-paths.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type CloudTrailEvent = { [key: string]: JsonValue };

/** What a dotted path without `[]` reaches, walking objects only; undefined when a step is missing. */
function reach(event: CloudTrailEvent, path: string): JsonValue | undefined {
  let here: JsonValue | undefined = event;
  for (const step of path.split('.')) {
    if (here === null || typeof here !== 'object' || Array.isArray(here)) return undefined;
    here = Object.prototype.hasOwnProperty.call(here, step) ? here[step] : undefined;
    if (here === undefined) return undefined;
  }
  return here;
}

/** What a `name[]` step goes on from: every item of a list, of lists inside it too, or one group alone. */
const itemsOf = (value: JsonValue): JsonValue[] => (Array.isArray(value) ? value.flatMap(itemsOf) : [value]);

/** Everything a path reaches: one thing at most without `[]`, one per item reached through lists with it. */
function reachAll(event: CloudTrailEvent, path: string): JsonValue[] {
  if (!readsThroughList(path)) {
    const here = reach(event, path);
    return here === undefined ? [] : [here];
  }
  let here: JsonValue[] = [event];
  for (const step of path.split('.')) {
    const list = step.endsWith('[]');
    const name = list ? step.slice(0, -2) : step;
    const next: JsonValue[] = [];
    for (const node of here) {
      if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, name)) continue;
      const value = node[name]!;
      if (list) next.push(...itemsOf(value));
      else next.push(value);
    }
    here = next;
  }
  return here;
}

const isScalar = (v: JsonValue): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The values of one thing a path reached, as the decisions above define them. */
const valuesOf = (here: JsonValue): Scalar[] => (Array.isArray(here) ? here.filter(isScalar) : isScalar(here) ? [here] : []);

/** The values of the field at a dotted path, as the decisions above define them. */
export function valuesAt(event: CloudTrailEvent, path: string): Scalar[] {
  return reachAll(event, path).flatMap(valuesOf);
}

/** The scalar at a dotted path, or undefined when the field is missing or not a single scalar. */
export function scalarAt(event: CloudTrailEvent, path: string): Scalar | undefined {
  const here = reachAll(event, path);
  return here.length === 1 && isScalar(here[0]!) ? here[0] : undefined;
}

/** Whether a string matches a pattern in which `*` stands for any run of characters. */
export function wildcardMatches(pattern: string, value: string): boolean {
  return piecesMatch(pattern.split('*'), value);
}

/**
 * Whether a string is these literal pieces in order, the first at its start and the last at its
 * end, with any run of characters (none too) between two pieces: a wildcard cut at its stars.
 *
 * Written once on purpose. The matchers are independent oracles of each tool's semantics, but on
 * this point the tools and the canonical model say the same: EventBridge's `wildcard` ("Content
 * filtering": `*` matches zero or more characters, over the whole value) and CloudWatch Logs' `*`
 * inside a string value ("Filter and pattern syntax": `"*Event"` matches `PutEvent`) both mean it.
 * They differ in how a pattern is written (EventBridge escapes a literal star as `\*`; CloudWatch
 * has no literal star), so each matcher cuts its own pattern into pieces and calls this. Sigma
 * (`?` too) and Falco's `glob` (`?` and classes) mean more, and keep their own.
 */
export function piecesMatch(pieces: readonly string[], value: string): boolean {
  if (pieces.length === 1) return pieces[0] === value;
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let at = first.length;
  const end = value.length - last.length;
  for (const middle of pieces.slice(1, -1)) {
    const found = value.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}

/**
 * Text folded for a case-insensitive comparison. Lower-casing (not locale-aware) is what the
 * targets that can ignore case do for the ASCII that CloudTrail values are written in.
 */
export function foldCase(text: string): string {
  return text.toLowerCase();
}

/** Whether the event meets the condition, in the canonical meaning above. */
export function matchesCondition(condition: Condition, event: CloudTrailEvent): boolean {
  if ('not' in condition) return !matchesCondition(condition.not, event);
  if ('allOf' in condition) return condition.allOf.every((c) => matchesCondition(c, event));
  if ('anyOf' in condition) return condition.anyOf.some((c) => matchesCondition(c, event));
  if (readsThroughList(condition.field)) {
    const values = valuesAt(event, condition.field);
    if ('exists' in condition) return (values.length > 0) === condition.exists;
    return values.some((value) => valuePasses(condition, value));
  }
  const here = reach(event, condition.field);
  // Most fields hold one value; a list is walked only when there is one (this runs per record).
  if (Array.isArray(here)) {
    if ('exists' in condition) return here.some(isScalar) === condition.exists;
    return here.some((item) => isScalar(item) && valuePasses(condition, item));
  }
  const value = here !== undefined && isScalar(here) ? here : undefined;
  if ('exists' in condition) return (value !== undefined) === condition.exists;
  return value !== undefined && valuePasses(condition, value);
}

/** Whether one value passes a value test. */
function valuePasses(condition: Exclude<FieldTest, { exists: boolean }>, value: Scalar): boolean {
  // With ignoreCase, text on both sides is folded; numbers and true/false still compare exactly.
  const fold = condition.ignoreCase === true ? (x: Scalar): Scalar => (typeof x === 'string' ? foldCase(x) : x) : (x: Scalar) => x;
  const seen = fold(value);
  if ('equals' in condition) return seen === fold(condition.equals);
  if ('oneOf' in condition) return condition.oneOf.some((v) => fold(v) === seen);
  if (typeof seen !== 'string') return false;
  if ('startsWith' in condition) return seen.startsWith(fold(condition.startsWith) as string);
  if ('endsWith' in condition) return seen.endsWith(fold(condition.endsWith) as string);
  return wildcardMatches(fold(condition.wildcard) as string, seen);
}
