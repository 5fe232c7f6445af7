/**
 * Sigma rules: a parser, a printer and an evaluator over one CloudTrail record.
 *
 * The evaluator is this project's own reading of the Sigma 2.x specification, applied to a parsed
 * CloudTrail record (JSON). Sigma leaves much to each backend; these are the choices, each stated so
 * that an export can be checked against them:
 * - A field name is a dotted path through nested objects (`userIdentity.sessionContext.sessionIssuer.type`).
 *   The field's *values*: the string, number or true/false the path reaches, or those among the
 *   items of a list it reaches. A missing step, JSON null or an object gives none. A value of a
 *   search holds when it holds on any of the field's values, as the Elasticsearch and Splunk
 *   backends read a field that holds a list (a field in a document with several values matches a
 *   query on any of them); `|all` asks each value of the search to hold on one of them.
 * - `null` matches a field with no value; `|exists: true` holds when the field has a value.
 * - A string value is a pattern: `*` any run of characters, `?` one character, `\` escapes `*`, `?`
 *   and itself. It is compared case-insensitively unless `|cased` is given: the value (before its
 *   wildcards are read) and the field's text are each lower-cased whole, as JavaScript's
 *   `toLowerCase` does, and then compared exactly. Sigma leaves the folding to each backend; this
 *   is the folding of the rule model's `ignoreCase`, and the same as a regular expression's `i` for
 *   the ASCII that CloudTrail values are written in.
 * - Every value is text: "All values are treated as case-insensitive strings" (Sigma rules
 *   specification, Detection → General, https://github.com/SigmaHQ/sigma-specification/blob/main/specification/sigma-rules-specification.md),
 *   and a number or true/false in the record is compared by its JSON text. So `'5'` matches 5,
 *   `'true'` matches true, and a number or true/false written as such in YAML is read as its text
 *   too: `5` matches 5 and "5", `true` matches true, "true" and "TRUE" (no |cased can be given to it).
 * - Modifiers: contains, startswith, endswith, all, cased, exists, re (with i, m, s), windash,
 *   base64, base64offset, cidr, fieldref, gt, gte, lt, lte. Others (expand, wide, utf16…) give an
 *   `invalid` result with the reason, as do keyword searches that name no field.
 * - The condition: `or` < `and` < `not` < `1 of` / `all of` < parentheses; `them` means every search
 *   whose name does not start with `_`; a list of conditions means any of them.
 *
 * One concern, though a long file: the Sigma language as this project reads it. The parser, the
 * printer and the evaluator share the modifier table and the reading of values set out above, and
 * the tests hold them to one another (print then parse gives the rule back; the evaluator reads
 * what the parser accepts). Split apart, each part would restate that reading.
 */
import { parse as parseYaml } from 'yaml';
import type { CloudTrailEvent, JsonValue } from '../canonical.ts';
import { matchCompiled, type CompiledDetection, type MatchResult } from '../target.ts';
import { yamlText } from '../yaml-text.ts';

/** One value in a search, as the YAML wrote it; strings keep their escapes. */
export type SigmaValue =
  | { kind: 'string'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

/** One `field|modifier|…: value(s)` entry. */
export interface SigmaFieldTest {
  field: string;
  modifiers: string[];
  values: SigmaValue[];
}

/** A named search: a map (all entries hold), a list of maps (any map holds) or keywords. */
export type SigmaSearch =
  | { name: string; kind: 'map'; tests: SigmaFieldTest[] }
  | { name: string; kind: 'list'; maps: SigmaFieldTest[][] }
  | { name: string; kind: 'keywords'; modifiers: string[]; values: SigmaValue[] };

/** The condition, as a tree. `of` selects searches by a name pattern (`selection_*`) or `them`. */
export type SigmaCondition =
  | { kind: 'ref'; name: string }
  | { kind: 'not'; operand: SigmaCondition }
  | { kind: 'and'; operands: SigmaCondition[] }
  | { kind: 'or'; operands: SigmaCondition[] }
  | { kind: 'of'; quantifier: 'one' | 'all'; pattern: string };

/** A parsed Sigma rule: every top-level key but `detection`, in order, plus the detection. */
export interface SigmaRule {
  meta: Array<[string, unknown]>;
  /** Where `detection` stood among the top-level keys, so printing keeps the order. */
  detectionAt: number;
  searches: SigmaSearch[];
  conditions: SigmaCondition[];
}

type SigmaParseResult = { ok: true; rule: SigmaRule } | { ok: false; reason: string };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function toSigmaValue(raw: unknown, where: string): SigmaValue | string {
  if (raw === null) return { kind: 'null' };
  if (typeof raw === 'string') return { kind: 'string', text: raw };
  if (typeof raw === 'number') return { kind: 'number', value: raw };
  if (typeof raw === 'boolean') return { kind: 'boolean', value: raw };
  return `${where} holds a ${Array.isArray(raw) ? 'nested list' : 'map'}; write a text, a number, true/false or null`;
}

function toValues(raw: unknown, where: string): SigmaValue[] | string {
  const items = Array.isArray(raw) ? raw : [raw];
  const values: SigmaValue[] = [];
  for (const item of items) {
    const value = toSigmaValue(item, where);
    if (typeof value === 'string') return value;
    values.push(value);
  }
  return values;
}

function toFieldTests(map: Record<string, unknown>, where: string): SigmaFieldTest[] | string {
  const tests: SigmaFieldTest[] = [];
  for (const [key, raw] of Object.entries(map)) {
    const [field = '', ...modifiers] = key.split('|');
    const values = toValues(raw, `${where} → ${key}`);
    if (typeof values === 'string') return values;
    tests.push({ field, modifiers, values });
  }
  return tests;
}

function toSearch(name: string, body: unknown): SigmaSearch | string {
  if (isPlainObject(body)) {
    const keys = Object.keys(body);
    // `'|all': [...]` under a search is a keyword search whose words must all appear.
    if (keys.length === 1 && keys[0]!.startsWith('|')) {
      const values = toValues(body[keys[0]!], `search ${name}`);
      if (typeof values === 'string') return values;
      return { name, kind: 'keywords', modifiers: keys[0]!.split('|').slice(1), values };
    }
    const tests = toFieldTests(body, `search ${name}`);
    return typeof tests === 'string' ? tests : { name, kind: 'map', tests };
  }
  if (Array.isArray(body)) {
    if (body.length > 0 && body.every(isPlainObject)) {
      const maps: SigmaFieldTest[][] = [];
      for (const item of body) {
        const tests = toFieldTests(item as Record<string, unknown>, `search ${name}`);
        if (typeof tests === 'string') return tests;
        maps.push(tests);
      }
      return { name, kind: 'list', maps };
    }
    if (body.some(isPlainObject)) return `search ${name} mixes maps and plain values; use one or the other`;
    const values = toValues(body, `search ${name}`);
    return typeof values === 'string' ? values : { name, kind: 'keywords', modifiers: [], values };
  }
  const values = toValues(body, `search ${name}`);
  return typeof values === 'string' ? values : { name, kind: 'keywords', modifiers: [], values };
}

/** Parse the text of a Sigma rule. Bad input gives a reason in plain words. */
export function parseSigmaRule(text: string): SigmaParseResult {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    return { ok: false, reason: `the file is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  if (!isPlainObject(doc)) return { ok: false, reason: 'a Sigma rule is a YAML map with title, logsource and detection' };
  const detection = doc.detection;
  if (!isPlainObject(detection)) return { ok: false, reason: 'the rule has no detection map; add one with searches and a condition' };
  const keys = Object.keys(doc);
  const meta: Array<[string, unknown]> = keys.filter((k) => k !== 'detection').map((k) => [k, doc[k]]);
  const searches: SigmaSearch[] = [];
  for (const [name, body] of Object.entries(detection)) {
    if (name === 'condition' || name === 'timeframe') continue;
    const search = toSearch(name, body);
    if (typeof search === 'string') return { ok: false, reason: search };
    searches.push(search);
  }
  const rawConditions = Array.isArray(detection.condition) ? detection.condition : [detection.condition];
  const conditions: SigmaCondition[] = [];
  for (const raw of rawConditions) {
    if (typeof raw !== 'string') return { ok: false, reason: 'write the condition as text, like: selection and not filter' };
    const parsed = parseSigmaCondition(raw);
    if (!parsed.ok) return parsed;
    conditions.push(parsed.condition);
  }
  if ('timeframe' in detection) return { ok: false, reason: 'timeframe (counting over time) is not supported; remove it' };
  return { ok: true, rule: { meta, detectionAt: keys.indexOf('detection'), searches, conditions } };
}

type Token = { kind: 'word'; text: string } | { kind: 'open' } | { kind: 'close' };

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|([^\s()]+))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return `the condition has an unexpected character at position ${at + 1}`;
    at = re.lastIndex;
    if (m[1]) tokens.push({ kind: 'open' });
    else if (m[2]) tokens.push({ kind: 'close' });
    else tokens.push({ kind: 'word', text: m[3]! });
  }
  return tokens;
}

/** Parse a Sigma condition such as `selection and not 1 of filter_*`. */
export function parseSigmaCondition(text: string): { ok: true; condition: SigmaCondition } | { ok: false; reason: string } {
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return { ok: false, reason: tokens };
  let at = 0;
  const peekWord = (): string | undefined => {
    const t = tokens[at];
    return t?.kind === 'word' ? t.text.toLowerCase() : undefined;
  };
  const fail = (why: string): never => {
    throw new SyntaxError(why);
  };
  const flat = (kind: 'and' | 'or', operands: SigmaCondition[]): SigmaCondition => {
    const out: SigmaCondition[] = [];
    for (const o of operands) {
      if (o.kind === kind) out.push(...o.operands);
      else out.push(o);
    }
    return out.length === 1 ? out[0]! : { kind, operands: out };
  };
  const parseOr = (): SigmaCondition => {
    const operands = [parseAnd()];
    while (peekWord() === 'or') {
      at++;
      operands.push(parseAnd());
    }
    return flat('or', operands);
  };
  const parseAnd = (): SigmaCondition => {
    const operands = [parseNot()];
    while (peekWord() === 'and') {
      at++;
      operands.push(parseNot());
    }
    return flat('and', operands);
  };
  const parseNot = (): SigmaCondition => {
    if (peekWord() === 'not') {
      at++;
      return { kind: 'not', operand: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): SigmaCondition => {
    const t = tokens[at];
    if (!t) return fail('the condition ends too early; add a search name after the last word');
    if (t.kind === 'open') {
      at++;
      const inner = parseOr();
      if (tokens[at]?.kind !== 'close') fail('a "(" in the condition has no matching ")"');
      at++;
      return inner;
    }
    if (t.kind === 'close') return fail('the condition has a ")" with no matching "("');
    const word = t.text.toLowerCase();
    if (['and', 'or', 'of'].includes(word)) return fail(`"${t.text}" needs something before it`);
    const next = tokens[at + 1];
    if (next?.kind === 'word' && next.text.toLowerCase() === 'of') {
      const quantifier = word === 'all' ? 'all' : word === '1' || word === 'any' ? 'one' : undefined;
      if (!quantifier) fail(`write "1 of" or "all of", not "${t.text} of"`);
      const target = tokens[at + 2];
      if (target?.kind !== 'word') fail(`"${t.text} of" needs a search name pattern or "them" after it`);
      at += 3;
      const pattern = (target as { text: string }).text;
      return { kind: 'of', quantifier: quantifier!, pattern: pattern.toLowerCase() === 'them' ? 'them' : pattern };
    }
    at++;
    return { kind: 'ref', name: t.text };
  };
  try {
    const condition = parseOr();
    if (at < tokens.length) fail('the condition has extra words at its end; join them with "and" or "or"');
    return { ok: true, condition };
  } catch (error) {
    if (error instanceof SyntaxError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Print a condition tree as Sigma condition text, with only the parentheses it needs. */
export function printSigmaCondition(condition: SigmaCondition): string {
  const wrapIf = (c: SigmaCondition, kinds: SigmaCondition['kind'][]): string =>
    kinds.includes(c.kind) ? `(${printSigmaCondition(c)})` : printSigmaCondition(c);
  switch (condition.kind) {
    case 'ref':
      return condition.name;
    case 'of':
      return `${condition.quantifier === 'one' ? '1' : 'all'} of ${condition.pattern}`;
    case 'not':
      return `not ${wrapIf(condition.operand, ['and', 'or'])}`;
    case 'and':
      return condition.operands.map((o) => wrapIf(o, ['or', 'and'])).join(' and ');
    case 'or':
      return condition.operands.map((o) => wrapIf(o, ['or'])).join(' or ');
  }
}

function valueToYaml(value: SigmaValue): unknown {
  switch (value.kind) {
    case 'string':
      return value.text;
    case 'number':
    case 'boolean':
      return value.value;
    case 'null':
      return null;
  }
}

function testsToYaml(tests: SigmaFieldTest[]): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (const test of tests) {
    const key = [test.field, ...test.modifiers].join('|');
    map[key] = test.values.length === 1 ? valueToYaml(test.values[0]!) : test.values.map(valueToYaml);
  }
  return map;
}

/** The detection map of a parsed rule, as plain data ready for YAML. */
export function detectionToYaml(rule: Pick<SigmaRule, 'searches' | 'conditions'>): Record<string, unknown> {
  const detection: Record<string, unknown> = {};
  for (const search of rule.searches) {
    if (search.kind === 'map') detection[search.name] = testsToYaml(search.tests);
    else if (search.kind === 'list') detection[search.name] = search.maps.map(testsToYaml);
    else if (search.modifiers.length > 0)
      detection[search.name] = { [`|${search.modifiers.join('|')}`]: search.values.map(valueToYaml) };
    else detection[search.name] = search.values.map(valueToYaml);
  }
  const printed = rule.conditions.map(printSigmaCondition);
  detection.condition = printed.length === 1 ? printed[0] : printed;
  return detection;
}

/** Print a parsed rule back to YAML; parsing the result gives the same parsed rule. */
export function printSigmaRule(rule: SigmaRule): string {
  const entries: Array<[string, unknown]> = [...rule.meta];
  entries.splice(rule.detectionAt < 0 ? entries.length : rule.detectionAt, 0, ['detection', detectionToYaml(rule)]);
  return yamlText(Object.fromEntries(entries));
}

// ---------------------------------------------------------------- evaluation

type Piece = { kind: 'text'; text: string } | { kind: 'any' } | { kind: 'one' };

/** Split a Sigma string into literal text and wildcards, following the escaping rules of the spec. */
export function sigmaPattern(text: string): Piece[] {
  const pieces: Piece[] = [];
  const pushText = (s: string): void => {
    const last = pieces[pieces.length - 1];
    if (last?.kind === 'text') last.text += s;
    else pieces.push({ kind: 'text', text: s });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        pushText(next);
        i++;
      } else pushText('\\');
    } else if (c === '*') pieces.push({ kind: 'any' });
    else if (c === '?') pieces.push({ kind: 'one' });
    else pushText(c);
  }
  return pieces;
}

/** Write literal text so that Sigma reads every character as itself. */
export function escapeSigmaText(text: string): string {
  return text.replace(/[\\*?]/g, (c) => `\\${c}`);
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function piecesToRegExp(pieces: Piece[]): RegExp {
  const body = pieces.map((p) => (p.kind === 'text' ? escapeRegExp(p.text) : p.kind === 'any' ? '[\\s\\S]*' : '[\\s\\S]')).join('');
  return new RegExp(`^${body}$`, 'u');
}

/** The value at a dotted path, when it is a string, number or true/false. */
function sigmaFieldValue(event: CloudTrailEvent, field: string): string | number | boolean | undefined {
  return valueAtSteps(event, field.split('.'));
}

function valueAtSteps(event: CloudTrailEvent, steps: readonly string[]): string | number | boolean | undefined {
  const here = reachSteps(event, steps);
  return here !== undefined && isSigmaScalar(here) ? here : undefined;
}

/** What the steps reach through nested objects; undefined when a step is missing. */
function reachSteps(event: CloudTrailEvent, steps: readonly string[]): JsonValue | undefined {
  let here: JsonValue | undefined = event;
  for (const step of steps) {
    if (here === null || typeof here !== 'object' || Array.isArray(here)) return undefined;
    here = Object.prototype.hasOwnProperty.call(here, step) ? here[step] : undefined;
    if (here === undefined) return undefined;
  }
  return here;
}

const isSigmaScalar = (v: JsonValue): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The field's values (see the header): one for a scalar, the scalar items of a list, none otherwise. */
function valuesAtSteps(event: CloudTrailEvent, steps: readonly string[]): Array<string | number | boolean> {
  const here = reachSteps(event, steps);
  if (here === undefined || here === null) return [];
  if (Array.isArray(here)) return here.filter(isSigmaScalar);
  return isSigmaScalar(here) ? [here] : [];
}

class Unsupported extends Error {}

const knownModifiers = new Set([
  'contains', 'startswith', 'endswith', 'all', 'cased', 'exists', 're', 'i', 'm', 's',
  'windash', 'base64', 'base64offset', 'cidr', 'fieldref', 'gt', 'gte', 'lt', 'lte',
]);

function utf8Base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The three base64 forms of a text at each byte offset, trimmed to the stable middle. */
function base64Offsets(text: string): string[] {
  const bytes = new TextEncoder().encode(text);
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    let binary = '\0'.repeat(offset);
    for (const b of bytes) binary += String.fromCharCode(b);
    const encoded = btoa(binary);
    const start = [0, 2, 3][offset]!;
    const endTrim = [0, 3, 2][(bytes.length + offset) % 3]!;
    out.push(encoded.slice(start, endTrim === 0 ? undefined : encoded.length - endTrim));
  }
  return out;
}

function parseIp(text: string): { bits: bigint; width: number } | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { bits: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n), width: 32 };
  }
  if (!text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return { bits: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), width: 128 };
}

function cidrContains(cidr: string, address: string): boolean {
  const [net = '', lengthText] = cidr.split('/');
  const network = parseIp(net);
  const ip = parseIp(address);
  if (!network) throw new Unsupported(`"${cidr}" is not a network like 10.0.0.0/8`);
  if (!ip || ip.width !== network.width) return false;
  const length = lengthText === undefined ? network.width : Number(lengthText);
  if (!Number.isInteger(length) || length < 0 || length > network.width)
    throw new Unsupported(`"${cidr}" has a prefix length outside 0–${network.width}`);
  const shift = BigInt(network.width - length);
  return ip.bits >> shift === network.bits >> shift;
}

const textOf = (v: string | number | boolean): string => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * A field test with what does not depend on the event worked out once: its modifiers, its field's
 * path, and (built the first time they are needed) the regular expressions its values become.
 * Nothing here throws: a test that cannot be evaluated says so when it is evaluated, as before.
 */
interface PreparedTest {
  test: SigmaFieldTest;
  mods: string[];
  /** Which modifiers are given, looked up on every event. */
  has: Set<string>;
  /** The first modifier that is not supported, reported when the test is evaluated. */
  unknown: string | undefined;
  steps: string[];
  /** Base64 forms are compared as written: their letters encode bytes, not words. */
  cased: boolean;
  /** The expressions each text value becomes, for modifiers that do not read another field. */
  patterns: Map<SigmaValue, RegExp[]>;
  /** The expression of each `|re` value that could be read. */
  regexes: Map<SigmaValue, RegExp>;
}

function prepareTest(test: SigmaFieldTest): PreparedTest {
  const mods = test.modifiers.map((m) => m.toLowerCase());
  const has = new Set(mods);
  return {
    test,
    mods,
    has,
    unknown: mods.find((m) => !knownModifiers.has(m)),
    steps: test.field.split('.'),
    cased: has.has('cased') || has.has('base64') || has.has('base64offset'),
    patterns: new Map(),
    regexes: new Map(),
  };
}

// Plain functions rather than closures made per call: these run for every test of every event.

/** Without |cased, both sides are lower-cased whole, then compared exactly (see the header). */
const foldFor = (prepared: PreparedTest, s: string): string => (prepared.cased ? s : s.toLowerCase());

/** The expression for a value's pieces, opened at either end as |contains, |startswith, |endswith ask. */
function anchored(prepared: PreparedTest, pieces: Piece[]): RegExp {
  const { has } = prepared;
  return piecesToRegExp([
    ...(has.has('contains') || has.has('endswith') ? [{ kind: 'any' } as Piece] : []),
    ...pieces,
    ...(has.has('contains') || has.has('startswith') ? [{ kind: 'any' } as Piece] : []),
  ]);
}

function testMatches(prepared: PreparedTest, event: CloudTrailEvent): boolean {
  const { test } = prepared;
  if (prepared.unknown !== undefined) throw new Unsupported(`the modifier |${prepared.unknown} is not supported`);
  const actuals = valuesAtSteps(event, prepared.steps);

  if (prepared.has.has('exists')) {
    const wanted = test.values[0];
    if (test.values.length !== 1 || wanted?.kind !== 'boolean') throw new Unsupported('|exists takes true or false');
    return actuals.length > 0 === wanted.value;
  }
  if (prepared.has.has('all')) {
    for (const value of test.values) if (!holdsOnSome(prepared, value, actuals, event)) return false;
    return true;
  }
  for (const value of test.values) if (holdsOnSome(prepared, value, actuals, event)) return true;
  return false;
}

/** Whether one value of a test holds on any of the field's values; `null` holds when there are none. */
function holdsOnSome(prepared: PreparedTest, value: SigmaValue, actuals: Array<string | number | boolean>, event: CloudTrailEvent): boolean {
  if (value.kind === 'null') return actuals.length === 0;
  for (const actual of actuals) if (valueHolds(prepared, value, actual, event)) return true;
  return false;
}

/** Whether one value of a test holds on the field's value `actual`. */
function valueHolds(prepared: PreparedTest, value: SigmaValue, actual: string | number | boolean | undefined, event: CloudTrailEvent): boolean {
  const { has, mods } = prepared;
  if (value.kind === 'null') return actual === undefined;
  if (actual === undefined) return false;
  if (has.has('gt') || has.has('gte') || has.has('lt') || has.has('lte')) {
    if (value.kind !== 'number' || typeof actual !== 'number') return false;
    if (has.has('gt')) return actual > value.value;
    if (has.has('gte')) return actual >= value.value;
    if (has.has('lt')) return actual < value.value;
    return actual <= value.value;
  }
  if (value.kind === 'number' || value.kind === 'boolean') {
    if (mods.some((m) => m !== 'all')) throw new Unsupported(`|${mods.join('|')} needs a text value, not ${value.value}`);
    // Its text, compared without case as every value without |cased is (see the header).
    return textOf(actual).toLowerCase() === textOf(value.value).toLowerCase();
  }
  const text = textOf(actual);
  if (has.has('re')) {
    let re = prepared.regexes.get(value);
    if (!re) {
      try {
        re = new RegExp(value.text, `${has.has('i') ? 'i' : ''}${has.has('m') ? 'm' : ''}${has.has('s') ? 's' : ''}`);
      } catch {
        throw new Unsupported(`the regular expression ${value.text} cannot be read here`);
      }
      prepared.regexes.set(value, re);
    }
    return re.test(text);
  }
  if (has.has('cidr')) return cidrContains(value.text, text);
  if (has.has('fieldref')) {
    const other = sigmaFieldValue(event, value.text);
    if (other === undefined) return false;
    return anchored(prepared, [{ kind: 'text', text: foldFor(prepared, textOf(other)) }]).test(foldFor(prepared, text));
  }
  // The value alone decides these expressions, so they are built once per test, not per event.
  let regexes = prepared.patterns.get(value);
  if (!regexes) {
    let texts = [foldFor(prepared, value.text)];
    if (has.has('windash')) {
      texts = texts.flatMap((t) => ['-', '/', '\u2013', '\u2014', '\u2015'].map((d) => t.replaceAll('-', d)));
      texts = [...new Set(texts)];
    }
    let patterns = texts.map(sigmaPattern);
    if (has.has('base64') || has.has('base64offset')) {
      const literal = (p: Piece[]): string => p.map((x) => (x.kind === 'text' ? x.text : x.kind === 'any' ? '*' : '?')).join('');
      patterns = patterns.flatMap((p) =>
        (has.has('base64') ? [utf8Base64(literal(p))] : base64Offsets(literal(p))).map((t): Piece[] => [{ kind: 'text', text: t }]),
      );
    }
    regexes = patterns.map((p) => anchored(prepared, p));
    prepared.patterns.set(value, regexes);
  }
  const folded = foldFor(prepared, text);
  for (const re of regexes) if (re.test(folded)) return true;
  return false;
}

type PreparedSearch =
  | { kind: 'tests'; name: string; maps: PreparedTest[][] }
  | { kind: 'keywords'; name: string };

/** A parsed rule with its searches prepared once, and the search names each `of` pattern picks. */
interface PreparedRule {
  rule: SigmaRule;
  /** By name; the first search of a name, as a lookup in order finds it. */
  searches: Map<string, PreparedSearch>;
  namesByPattern: Map<string, string[]>;
}

function prepareRule(rule: SigmaRule): PreparedRule {
  const searches = new Map<string, PreparedSearch>();
  for (const search of rule.searches) {
    if (searches.has(search.name)) continue;
    if (search.kind === 'keywords') searches.set(search.name, { kind: 'keywords', name: search.name });
    else {
      const maps = search.kind === 'map' ? [search.tests] : search.maps;
      searches.set(search.name, { kind: 'tests', name: search.name, maps: maps.map((tests) => tests.map(prepareTest)) });
    }
  }
  return { rule, searches, namesByPattern: new Map() };
}

function searchMatches(search: PreparedSearch, event: CloudTrailEvent): boolean {
  if (search.kind === 'keywords')
    throw new Unsupported(`search ${search.name} looks for words anywhere in the record; name the field to look in`);
  // A map search is one map whose tests must all hold; a list search holds when any of its maps does.
  for (const tests of search.maps) {
    let all = true;
    for (const t of tests)
      if (!testMatches(t, event)) {
        all = false;
        break;
      }
    if (all) return true;
  }
  return false;
}

function namesFor(pattern: string, prepared: PreparedRule): string[] {
  const known = prepared.namesByPattern.get(pattern);
  if (known) return known;
  const { rule } = prepared;
  let names: string[];
  if (pattern === 'them') names = rule.searches.map((s) => s.name).filter((n) => !n.startsWith('_'));
  else {
    const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
    names = rule.searches.map((s) => s.name).filter((n) => re.test(n));
  }
  prepared.namesByPattern.set(pattern, names);
  return names;
}

function conditionMatches(condition: SigmaCondition, prepared: PreparedRule, event: CloudTrailEvent): boolean {
  const byName = (name: string): boolean => {
    const search = prepared.searches.get(name);
    if (!search) throw new Unsupported(`the condition names ${name}, but there is no search with that name`);
    return searchMatches(search, event);
  };
  switch (condition.kind) {
    case 'ref':
      return byName(condition.name);
    case 'not':
      return !conditionMatches(condition.operand, prepared, event);
    case 'and':
      return condition.operands.every((o) => conditionMatches(o, prepared, event));
    case 'or':
      return condition.operands.some((o) => conditionMatches(o, prepared, event));
    case 'of': {
      const names = namesFor(condition.pattern, prepared);
      if (names.length === 0) throw new Unsupported(`no search matches "${condition.pattern}"`);
      return condition.quantifier === 'all' ? names.every(byName) : names.some(byName);
    }
  }
}

function evaluatePrepared(prepared: PreparedRule, event: CloudTrailEvent): MatchResult {
  try {
    return prepared.rule.conditions.some((c) => conditionMatches(c, prepared, event)) ? { kind: 'match' } : { kind: 'no-match' };
  } catch (error) {
    if (error instanceof Unsupported) return { kind: 'invalid', reason: error.message };
    throw error;
  }
}

/** The text of a Sigma rule read once, to evaluate on many events by the reading documented above. */
export function compileSigma(ruleText: string): CompiledDetection {
  const parsed = parseSigmaRule(ruleText);
  if (!parsed.ok) return parsed;
  const prepared = prepareRule(parsed.rule);
  return { ok: true, match: (event) => evaluatePrepared(prepared, event) };
}

// Reading is the slow part when one rule meets many events; remember the texts read. The limit is
// well above a real rule set's size: a cache smaller than the set being cycled through misses every time.
const parsedLimit = 512;
const recentlyParsed = new Map<string, CompiledDetection>();

/** Whether the Sigma rule text fires on the event, by the reading documented above. */
export function matchSigma(ruleText: string, event: CloudTrailEvent): MatchResult {
  let compiled = recentlyParsed.get(ruleText);
  if (!compiled) {
    compiled = compileSigma(ruleText);
    if (recentlyParsed.size >= parsedLimit) recentlyParsed.delete(recentlyParsed.keys().next().value!);
    recentlyParsed.set(ruleText, compiled);
  }
  return matchCompiled(compiled, event);
}
