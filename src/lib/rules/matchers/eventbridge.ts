/**
 * AWS EventBridge event-pattern matching and validation, as EventBridge documents and does it.
 *
 * The behaviour is fixed by the AWS documentation ("Event patterns", "Content filtering",
 * "Null values and empty strings", "Arrays") and by the LocalStack test cases validated against
 * real AWS (`../shared/corpora/eventbridge-patterns/`), which the tests reproduce one by one.
 *
 * How a pattern is read:
 * - Both pattern and event are flattened to dotted paths. EventBridge joins names with dots, so a
 *   pattern key `"state.status"` matches the nested `{ state: { status } }` and the nested pattern
 *   matches an event key that itself contains a dot.
 * - A leaf in the pattern is a non-empty array of alternatives (OR). Different keys are AND.
 * - Arrays in the event: the field matches when any element matches. Objects inside event arrays are
 *   kept apart, so two pattern keys must be met by the same array element.
 * - JSON null in an event is a value: `[null]` matches it, `anything-but` matches it (the corpus
 *   shows both) and so `{"exists": true}` matches it too. A missing field, an empty array and a
 *   field that holds an object have no leaf value: only `{"exists": false}` matches them.
 * - Numbers compare by value (300 and 300.0 are equal: `number_comparison_float`); a string never
 *   equals a number.
 * - `anything-but` needs a value to be present (it never matches a missing field).
 * - When a pattern repeats a key, the last one wins, as JSON.parse reads it
 *   (`complex_multi_key_event_pattern.json` is labelled as matching only under that reading).
 *
 * One concern, though a long file: the event-pattern language as EventBridge reads it. Validation
 * (what PutRule accepts: operators, wildcard escapes and complexity, length) and matching build and
 * read the same `Matcher` shapes, so an operator is added to both at once or not at all.
 */
import { piecesMatch } from '../canonical.ts';
import { matchCompiled, type CompiledDetection, type MatchResult } from '../target.ts';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The longest event pattern EventBridge accepts, in characters (PutRule `EventPattern`). */
const maxEventPatternLength = 4096;

/** One alternative in a leaf list, after validation. */
type Matcher =
  | { kind: 'exact'; value: string | number | boolean | null }
  | { kind: 'prefix'; value: string; ignoreCase: boolean }
  | { kind: 'suffix'; value: string; ignoreCase: boolean }
  | { kind: 'equalsIgnoreCase'; value: string }
  | { kind: 'wildcard'; value: string }
  | { kind: 'exists'; value: boolean }
  | { kind: 'numeric'; bounds: { op: NumericOp; value: number }[] }
  | { kind: 'cidr'; network: ParsedCidr }
  | { kind: 'anythingBut'; test: AnythingBut };

type NumericOp = '=' | '<' | '<=' | '>' | '>=';

type AnythingBut =
  | { kind: 'values'; values: (string | number)[] }
  | { kind: 'prefix'; values: string[] }
  | { kind: 'suffix'; values: string[] }
  | { kind: 'wildcard'; values: string[] }
  | { kind: 'ignoreCase'; values: string[] };

/** A pattern after validation: AND of fields, each an OR of matchers, plus `$or` branches. */
interface CompiledPattern {
  fields: { path: string; matchers: Matcher[] }[];
  /** Each entry is one `$or`: at least one of its branches must match. */
  ors: CompiledPattern[][];
}

class PatternError extends Error {}

const fail = (message: string): never => {
  throw new PatternError(message);
};

const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validate an event pattern; returns a plain-words reason when EventBridge would reject it. */
export function validateEventPattern(patternText: string): { ok: true } | { ok: false; reason: string } {
  const compiled = readEventPattern(patternText);
  return compiled.ok ? { ok: true } : { ok: false, reason: compiled.reason };
}

function readEventPattern(patternText: string): { ok: true; pattern: CompiledPattern } | { ok: false; reason: string } {
  if (patternText.length > maxEventPatternLength)
    return {
      ok: false,
      reason: `the pattern is ${patternText.length} characters long; EventBridge accepts at most ${maxEventPatternLength}`,
    };
  let parsed: unknown;
  try {
    parsed = JSON.parse(patternText);
  } catch (error) {
    return { ok: false, reason: `the pattern is not valid JSON (${(error as Error).message})` };
  }
  try {
    if (!isObject(parsed)) fail('the pattern must be a JSON object');
    const compiled = compileObject(parsed as Record<string, Json>, '');
    if (compiled.fields.length === 0 && compiled.ors.length === 0) fail('the pattern must test at least one field');
    checkWildcardComplexity(compiled);
    return { ok: true, pattern: compiled };
  } catch (error) {
    if (error instanceof PatternError) return { ok: false, reason: error.message };
    throw error;
  }
}

function compileObject(node: Record<string, Json>, prefix: string): CompiledPattern {
  const out: CompiledPattern = { fields: [], ors: [] };
  for (const [key, value] of Object.entries(node)) {
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) fail(`"$or" at ${prefix || 'the top'} must list at least two patterns`);
      const branches = (value as Json[]).map((branch) => {
        if (!isObject(branch)) fail(`each "$or" branch at ${prefix || 'the top'} must be an object`);
        const compiled = compileObject(branch as Record<string, Json>, prefix);
        if (compiled.fields.length === 0 && compiled.ors.length === 0) fail('an "$or" branch must test at least one field');
        return compiled;
      });
      out.ors.push(branches);
      continue;
    }
    const path = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) out.fields.push({ path, matchers: compileLeaf(value, path) });
    else if (isObject(value)) {
      const inner = compileObject(value, path);
      if (inner.fields.length === 0 && inner.ors.length === 0) fail(`"${path}" is an empty object; give it a list of values`);
      out.fields.push(...inner.fields);
      out.ors.push(...inner.ors);
    } else fail(`"${path}" must be a list of values, like ["value"], or an object`);
  }
  return out;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every(isString);

function compileLeaf(values: Json[], path: string): Matcher[] {
  if (values.length === 0) fail(`"${path}" has an empty list; list at least one value`);
  return values.map((value) => {
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      return { kind: 'exact', value } as Matcher;
    if (Array.isArray(value)) return fail(`"${path}" holds a list inside a list, which EventBridge rejects`);
    return compileOperator(value, path);
  });
}

function compileOperator(operator: Record<string, Json>, path: string): Matcher {
  const keys = Object.keys(operator);
  if (keys.length !== 1) fail(`each operator object in "${path}" must have exactly one key`);
  const name = keys[0]!;
  const arg = operator[name];
  switch (name) {
    case 'prefix':
    case 'suffix': {
      if (isString(arg)) return { kind: name, value: arg, ignoreCase: false };
      if (isObject(arg) && Object.keys(arg).length === 1 && isString(arg['equals-ignore-case']))
        return { kind: name, value: arg['equals-ignore-case'], ignoreCase: true };
      return fail(`"${name}" in "${path}" takes one string`);
    }
    case 'equals-ignore-case':
      if (!isString(arg)) fail(`"equals-ignore-case" in "${path}" takes one string`);
      return { kind: 'equalsIgnoreCase', value: arg as string };
    case 'wildcard':
      if (!isString(arg)) fail(`"wildcard" in "${path}" takes one string`);
      checkWildcard(arg as string, `"wildcard" in "${path}"`);
      return { kind: 'wildcard', value: arg as string };
    case 'exists':
      if (typeof arg !== 'boolean') fail(`"exists" in "${path}" takes true or false`);
      return { kind: 'exists', value: arg as boolean };
    case 'numeric':
      return { kind: 'numeric', bounds: compileNumeric(arg, path) };
    case 'cidr': {
      if (!isString(arg)) fail(`"cidr" in "${path}" takes one string like 10.0.0.0/24`);
      const network = parseCidr(arg as string);
      if (!network) fail(`"cidr" in "${path}" is not a valid address range like 10.0.0.0/24`);
      return { kind: 'cidr', network: network! };
    }
    case 'anything-but':
      return { kind: 'anythingBut', test: compileAnythingBut(arg, path) };
    default:
      return fail(`"${name}" in "${path}" is not an EventBridge operator (operators are lower case)`);
  }
}

function compileNumeric(arg: Json | undefined, path: string): { op: NumericOp; value: number }[] {
  const ops = ['=', '<', '<=', '>', '>='];
  if (!Array.isArray(arg) || (arg.length !== 2 && arg.length !== 4))
    return fail(`"numeric" in "${path}" takes a list like [">", 0] or [">", 0, "<=", 5]`);
  const bounds: { op: NumericOp; value: number }[] = [];
  for (let i = 0; i < arg.length; i += 2) {
    const op = arg[i];
    const value = arg[i + 1];
    if (!isString(op) || !ops.includes(op) || typeof value !== 'number' || !Number.isFinite(value))
      return fail(`"numeric" in "${path}" takes a list like [">", 0] or [">", 0, "<=", 5]`);
    bounds.push({ op: op as NumericOp, value });
  }
  if (bounds.length === 2) {
    const a = bounds[0]!;
    const b = bounds[1]!;
    const lower = (op: NumericOp) => op === '>' || op === '>=';
    const upper = (op: NumericOp) => op === '<' || op === '<=';
    if (!((lower(a.op) && upper(b.op)) || (upper(a.op) && lower(b.op))))
      fail(`"numeric" in "${path}" with two bounds needs one lower (>, >=) and one upper (<, <=)`);
  }
  return bounds;
}

function compileAnythingBut(arg: Json | undefined, path: string): AnythingBut {
  const where = `"anything-but" in "${path}"`;
  if (isString(arg)) return { kind: 'values', values: [arg] };
  if (typeof arg === 'number') return { kind: 'values', values: [arg] };
  if (Array.isArray(arg)) {
    if (arg.length === 0) fail(`${where} has an empty list`);
    if (arg.every(isString) || arg.every((v) => typeof v === 'number'))
      return { kind: 'values', values: arg as (string | number)[] };
    return fail(`${where} takes a list of only strings or only numbers`);
  }
  if (isObject(arg)) {
    const keys = Object.keys(arg);
    if (keys.length !== 1) return fail(`${where} takes one of prefix, suffix, wildcard or equals-ignore-case`);
    const name = keys[0]!;
    const inner = arg[name];
    const list = isString(inner) ? [inner] : isStringList(inner) ? inner : undefined;
    if (!list) return fail(`${where}: "${name}" takes a string or a list of strings`);
    if (name === 'prefix' || name === 'suffix') {
      if (list.some((v) => v === '')) fail(`${where}: "${name}" cannot be empty`);
      return { kind: name, values: list };
    }
    if (name === 'wildcard') {
      for (const v of list) checkWildcard(v, `${where}: "wildcard"`);
      return { kind: 'wildcard', values: list };
    }
    if (name === 'equals-ignore-case') return { kind: 'ignoreCase', values: list };
    return fail(`${where}: "${name}" is not allowed inside anything-but`);
  }
  return fail(`${where} takes a string, a number, a list, or an object like {"prefix": "x"}`);
}

// ---------------------------------------------------------------- CIDR

interface ParsedCidr {
  bits: 32 | 128;
  address: bigint;
  prefixLength: number;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    out = (out << 8n) | BigInt(n);
  }
  return out;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let out = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    out = (out << 16n) | BigInt(parseInt(group, 16));
  }
  return out;
}

function parseIp(text: string): { bits: 32 | 128; address: bigint } | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { bits: 32, address: v4 };
  const v6 = parseIpv6(text);
  if (v6 !== undefined) return { bits: 128, address: v6 };
  return undefined;
}

function parseCidr(text: string): ParsedCidr | undefined {
  const [ip, length, extra] = text.split('/');
  if (extra !== undefined || ip === undefined || length === undefined || !/^\d{1,3}$/.test(length)) return undefined;
  const parsed = parseIp(ip);
  if (!parsed) return undefined;
  const prefixLength = Number(length);
  if (prefixLength > parsed.bits) return undefined;
  return { ...parsed, prefixLength };
}

function inCidr(network: ParsedCidr, value: string): boolean {
  const ip = parseIp(value);
  if (!ip || ip.bits !== network.bits) return false;
  const shift = BigInt(network.bits - network.prefixLength);
  return ip.address >> shift === network.address >> shift;
}

// ---------------------------------------------------------------- events

/** One leaf value in the event, with the array elements it sits in (array id → index). */
interface Leaf {
  value: string | number | boolean | null;
  arrays: Map<number, number>;
}

/**
 * For each path on the way to one a pattern reads (`''` at the top), the keys that lead on to one.
 * EventBridge joins names with dots, so the key may itself hold dots: `detail.a.b` is reached
 * by `a` then `b` or by a key `a.b`, and both are listed.
 */
type Route = Map<string, string[]>;

function routeOf(pattern: CompiledPattern): Route {
  const keys = new Map<string, Set<string>>();
  const collect = (p: CompiledPattern): void => {
    for (const { path } of p.fields) {
      const cuts = [-1];
      for (let i = path.indexOf('.'); i >= 0; i = path.indexOf('.', i + 1)) cuts.push(i);
      cuts.push(path.length);
      for (let a = 0; a < cuts.length - 1; a++) {
        const parent = cuts[a]! < 0 ? '' : path.slice(0, cuts[a]);
        for (let b = a + 1; b < cuts.length; b++) {
          const key = path.slice(cuts[a]! + 1, cuts[b]);
          // An empty key at the top is walked anyway (see flattenEvent).
          if (parent === '' && key === '') continue;
          let set = keys.get(parent);
          if (!set) keys.set(parent, (set = new Set()));
          set.add(key);
        }
      }
    }
    for (const branches of p.ors) branches.forEach(collect);
  };
  collect(pattern);
  return new Map([...keys].map(([parent, set]) => [parent, [...set]]));
}

/**
 * The event's leaves by dotted path, for the paths a pattern reads: only the keys on `route` are
 * followed, since a pattern looks leaves up by exact path and a path grows by `.key` at each step.
 * The order leaves are found in does not matter: a match is any consistent choice of them.
 */
function flattenEvent(event: Json, route: Route): Map<string, Leaf[]> {
  const out = new Map<string, Leaf[]>();
  walkEvent(event, '', new Map(), route, out, { next: 0 });
  return out;
}

// A plain function rather than a closure made per event: this runs for every event and rule.
function walkEvent(node: Json, path: string, arrays: Map<number, number>, route: Route, out: Map<string, Leaf[]>, ids: { next: number }): void {
  if (Array.isArray(node)) {
    const id = ids.next++;
    for (let index = 0; index < node.length; index++) walkEvent(node[index]!, path, new Map(arrays).set(id, index), route, out, ids);
  } else if (isObject(node)) {
    // Below an empty key the path starts again from the next key, as at the top.
    if (path === '' && Object.hasOwn(node, '')) walkEvent(node['']!, '', arrays, route, out, ids);
    for (const key of route.get(path) ?? [])
      if (Object.hasOwn(node, key)) walkEvent(node[key]!, path ? `${path}.${key}` : key, arrays, route, out, ids);
  } else if (path) {
    const leaf = { value: node, arrays };
    const list = out.get(path);
    if (list) list.push(leaf);
    else out.set(path, [leaf]);
  }
}

// ---------------------------------------------------------------- wildcards

/**
 * What EventBridge documents for a `wildcard` value ("Content filtering", wildcard matching):
 * any number of `*`, but never two in a row; `\\*` is a literal star and `\\\\` a literal
 * backslash; a backslash before any other character is rejected.
 */
function checkWildcard(pattern: string, where: string): void {
  let afterStar = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (afterStar) fail(`${where} has two * in a row, which EventBridge rejects`);
      afterStar = true;
      continue;
    }
    afterStar = false;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\')
        fail(`${where} has a backslash before ${next === undefined ? 'the end' : `"${next}"`}; EventBridge allows a backslash only before * or another backslash`);
      i++;
    }
  }
}

const star = -1;

/** A wildcard value as literal pieces and stars, escapes resolved. */
function wildcardPieces(pattern: string): string[] {
  const pieces: string[] = [''];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') pieces[pieces.length - 1] += pattern[++i] ?? '';
    else if (c === '*') pieces.push('');
    else pieces[pieces.length - 1] += c;
  }
  return pieces;
}

/**
 * The most EventBridge allows for wildcard complexity. EventBridge rejects a rule whose wildcards
 * are too complex ("rule is too complex - try using fewer wildcard characters or fewer repeating
 * character sequences after a wildcard character", an InvalidEventPatternException) and documents
 * the measure without a figure: event-ruler, the matching library EventBridge runs, counts how many
 * prefixes of a field's wildcard patterns one value can match at the same time (`*a*a*a*` scores 7
 * on "aaa"). Above this figure the rule is refused. AWS's own examples of patterns rewritten to be
 * simpler (`/Users/*\/doc.txt`, `arn:aws:events:us-east-1:*:event-bus/*`, and even the repeating
 * `/Users/*\/dir/dir/dir/dir/dir/doc.txt`, which LocalStack's AWS-validated cases accept) stay below it.
 */
export const maxWildcardComplexity = 10;

/**
 * The wildcard complexity of the patterns one field is tested with: the largest number of pattern
 * prefixes that one value (read byte by byte, between JSON quotes, as event-ruler reads it) can
 * match at once.
 */
export function wildcardComplexity(patterns: readonly string[], cap = maxWildcardComplexity + 1): number {
  const encoder = new TextEncoder();
  const programs = [...new Set(patterns)].map((p) => {
    const tokens: number[] = [0x22];
    wildcardPieces(p).forEach((piece, i) => {
      if (i > 0) tokens.push(star);
      tokens.push(...encoder.encode(piece));
    });
    tokens.push(0x22);
    return tokens;
  });
  const alphabet = new Set<number>([0x100]);
  for (const tokens of programs) for (const t of tokens) if (t !== star) alphabet.add(t);
  const close = (states: Set<string>): Set<string> => {
    for (const key of states) {
      const [p, i] = key.split(':').map(Number) as [number, number];
      if (programs[p]![i] === star) states.add(`${p}:${i + 1}`);
    }
    return states;
  };
  const start = close(new Set(programs.map((_, p) => `${p}:0`)));
  const seen = new Set<string>();
  const pending = [start];
  let most = 0;
  while (pending.length > 0) {
    const here = pending.pop()!;
    for (const byte of alphabet) {
      const next = new Set<string>();
      for (const key of here) {
        const [p, i] = key.split(':').map(Number) as [number, number];
        const tokens = programs[p]!;
        if (tokens[i] === byte) next.add(`${p}:${i + 1}`);
        if (i > 0 && tokens[i - 1] === star) next.add(key);
      }
      if (next.size === 0) continue;
      close(next);
      most = Math.max(most, next.size);
      if (most >= cap) return most;
      const id = [...next].sort().join(' ');
      if (!seen.has(id)) {
        seen.add(id);
        pending.push(next);
      }
    }
  }
  return most;
}

/** Refuses a pattern whose wildcards on one field are more complex than EventBridge allows. */
function checkWildcardComplexity(pattern: CompiledPattern): void {
  const byField = new Map<string, string[]>();
  const collect = (p: CompiledPattern): void => {
    for (const { path, matchers } of p.fields)
      for (const m of matchers) {
        const values = m.kind === 'wildcard' ? [m.value] : m.kind === 'anythingBut' && m.test.kind === 'wildcard' ? m.test.values : [];
        if (values.length > 0) byField.set(path, [...(byField.get(path) ?? []), ...values]);
      }
    for (const branches of p.ors) branches.forEach(collect);
  };
  collect(pattern);
  for (const [path, patterns] of byField) {
    const score = wildcardComplexity(patterns);
    if (score > maxWildcardComplexity)
      fail(
        `the wildcards on "${path}" are too complex for EventBridge (complexity ${score}, at most ${maxWildcardComplexity}); use fewer * or fewer repeating characters after a *`,
      );
  }
}

// ---------------------------------------------------------------- matching

/** EventBridge's `*` means what the canonical wildcard means (see `piecesMatch`); only its escapes are its own. */
const wildcardMatch = (pattern: string, value: string): boolean => piecesMatch(wildcardPieces(pattern), value);

function numericHolds(bounds: { op: NumericOp; value: number }[], n: number): boolean {
  return bounds.every(({ op, value }) =>
    op === '=' ? n === value : op === '<' ? n < value : op === '<=' ? n <= value : op === '>' ? n > value : n >= value,
  );
}

function anythingButHolds(test: AnythingBut, value: string | number | boolean | null): boolean {
  switch (test.kind) {
    case 'values':
      return !test.values.some((v) => v === value);
    case 'prefix':
      return typeof value !== 'string' || !test.values.some((p) => value.startsWith(p));
    case 'suffix':
      return typeof value !== 'string' || !test.values.some((s) => value.endsWith(s));
    case 'wildcard':
      return typeof value !== 'string' || !test.values.some((w) => wildcardMatch(w, value));
    case 'ignoreCase':
      return typeof value !== 'string' || !test.values.some((v) => v.toLowerCase() === value.toLowerCase());
  }
}

/** Whether one present leaf value meets a matcher (`exists` is handled by the caller). */
function valueMatches(matcher: Matcher, value: string | number | boolean | null): boolean {
  switch (matcher.kind) {
    case 'exact':
      return matcher.value === value;
    case 'prefix':
      return (
        typeof value === 'string' &&
        (matcher.ignoreCase ? value.toLowerCase().startsWith(matcher.value.toLowerCase()) : value.startsWith(matcher.value))
      );
    case 'suffix':
      return (
        typeof value === 'string' &&
        (matcher.ignoreCase ? value.toLowerCase().endsWith(matcher.value.toLowerCase()) : value.endsWith(matcher.value))
      );
    case 'equalsIgnoreCase':
      return typeof value === 'string' && value.toLowerCase() === matcher.value.toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && wildcardMatch(matcher.value, value);
    case 'exists':
      return matcher.value;
    case 'numeric':
      return typeof value === 'number' && numericHolds(matcher.bounds, value);
    case 'cidr':
      return typeof value === 'string' && inCidr(matcher.network, value);
    case 'anythingBut':
      return anythingButHolds(matcher.test, value);
  }
}

type Binding = Map<number, number>;

function consistent(binding: Binding, arrays: Map<number, number>): Binding | undefined {
  // A leaf outside every array binds nothing new; bindings are never changed once made, so share it.
  if (arrays.size === 0) return binding;
  const merged = new Map(binding);
  for (const [id, index] of arrays) {
    const bound = merged.get(id);
    if (bound !== undefined && bound !== index) return undefined;
    merged.set(id, index);
  }
  return merged;
}

/** All ways the pattern can be met, as array-element bindings; empty when it cannot. */
function satisfy(pattern: CompiledPattern, leaves: Map<string, Leaf[]>, binding: Binding): Binding[] {
  let bindings: Binding[] = [binding];
  for (const field of pattern.fields) {
    const present = leaves.get(field.path) ?? [];
    const next: Binding[] = [];
    for (const current of bindings) {
      let matchedWithoutBinding = false;
      for (const matcher of field.matchers) {
        if (matcher.kind === 'exists' && !matcher.value) {
          if (present.length === 0) matchedWithoutBinding = true;
          continue;
        }
        for (const leaf of present) {
          if (!valueMatches(matcher, leaf.value)) continue;
          const merged = consistent(current, leaf.arrays);
          if (merged) next.push(merged);
        }
      }
      if (matchedWithoutBinding) next.push(current);
    }
    bindings = dedupe(next);
    if (bindings.length === 0) return [];
  }
  for (const branches of pattern.ors) {
    const next: Binding[] = [];
    for (const current of bindings) for (const branch of branches) next.push(...satisfy(branch, leaves, current));
    bindings = dedupe(next);
    if (bindings.length === 0) return [];
  }
  return bindings;
}

function dedupe(bindings: Binding[]): Binding[] {
  if (bindings.length < 2) return bindings;
  const seen = new Map<string, Binding>();
  for (const b of bindings) seen.set(JSON.stringify([...b].sort((x, y) => x[0] - y[0])), b);
  return [...seen.values()];
}

/** An event pattern read once, to match many events; `ok: false` when EventBridge would reject it. */
export function compileEventPattern(patternText: string): CompiledDetection<unknown> {
  const read = readEventPattern(patternText);
  if (!read.ok) return read;
  const { pattern } = read;
  const route = routeOf(pattern);
  return {
    ok: true,
    match: (event) => (satisfy(pattern, flattenEvent(event as Json, route), new Map()).length > 0 ? { kind: 'match' } : { kind: 'no-match' }),
  };
}

/** Patterns compiled lately: a rule is matched against many events in a row. */
const compiledLately = new Map<string, CompiledDetection<unknown>>();

function compileCached(patternText: string): CompiledDetection<unknown> {
  const known = compiledLately.get(patternText);
  if (known) return known;
  const compiled = compileEventPattern(patternText);
  if (compiledLately.size >= 64) compiledLately.delete(compiledLately.keys().next().value!);
  compiledLately.set(patternText, compiled);
  return compiled;
}

/** Whether an EventBridge event pattern matches an event; `invalid` when EventBridge would reject the pattern. */
export function matchEventPattern(patternText: string, event: unknown): MatchResult {
  return matchCompiled(compileCached(patternText), event);
}
