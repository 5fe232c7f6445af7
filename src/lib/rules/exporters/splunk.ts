/**
 * Splunk export: `savedsearches.conf` with one scheduled alert per rule.
 *
 * Each search reads CloudTrail records from `sourcetype=aws:cloudtrail`, whose fields Splunk
 * extracts from the raw JSON under their JSON paths (`eventName`, `userIdentity.type`, ...; the
 * same names `spath` gives). The condition is written as an `eval` expression after `| where`, not
 * as search terms, because search terms compare values case-insensitively and CloudTrail values
 * are compared exactly; search terms on event source and name only narrow the scan first. Every field test is wrapped so that a missing field gives false, never
 * null: `not` then means plain negation, as in the canonical model.
 *
 * .conf safety: one setting per line, `key = value`; a line ending in a backslash continues the
 * value on the next line. User text is therefore put on one line, without a trailing backslash, so
 * it can never start a new setting or stanza.
 */
import type { Condition, FieldTest, Rule, RuleSet, Scalar, Urgency } from '../model.ts';
import { effectiveCondition, urgencyWords } from '../model.ts';
import type { Detection, ExportResult, MatchResult, ProvableTarget, Refusal } from '../target.ts';

/** The base search every rule starts from. */
export const splunkBaseSearch = 'index=* sourcetype=aws:cloudtrail';

const splunkSeverity: Record<Urgency, number> = { 'wake-me-up': 5, 'look-today': 4, fyi: 2 };

/** A field name in eval: single quotes let dots and dashes through (field names allow no quotes). */
function evalField(path: string): string {
  return `'${path}'`;
}

/** A string literal in eval: backslash and double quote are escaped with a backslash. */
export function evalString(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** A PCRE literal for text: metacharacters escaped, control and line characters as \x{..}. */
function regexLiteral(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}\/#\s-]|[\u0000-\u001f\u007f\u0085\u2028\u2029]/gu, (c) =>
    /[\s\u0000-\u001f\u007f\u0085\u2028\u2029]/u.test(c) ? `\\x{${c.codePointAt(0)!.toString(16)}}` : `\\${c}`,
  );
}

/** Whether text has characters that must not appear raw on a .conf line. */
const hasLineBreakOrControl = (s: string): boolean => /[\u0000-\u001f\u007f\u0085\u2028\u2029]/u.test(s);

type Built = { ok: true; spl: string } | { ok: false; reason: string };

/** Whether text is how JSON writes a number, true, false or null. */
function looksLikeJsonScalar(text: string): boolean {
  return /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text) || text === 'true' || text === 'false' || text === 'null';
}

/** Whether a `*` pattern could match the text of a JSON number, true, false or null. */
function patternCouldMatchJsonScalar(pattern: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  return ['true', 'false', 'null'].some((w) => re.test(w)) || /^[0-9.eE+*-]*$/.test(pattern);
}

/** The field as eval reads it: as written, or lower-cased when the test ignores case. */
function subject(test: FieldTest): string {
  return 'ignoreCase' in test && test.ignoreCase ? `lower(${evalField(test.field)})` : evalField(test.field);
}

/** Text as the test compares it: lower-cased on both sides when it ignores case (see foldCase). */
function folded(test: FieldTest, text: string): string {
  return 'ignoreCase' in test && test.ignoreCase ? text.toLowerCase() : text;
}

function valueTest(test: FieldTest, raw: Scalar): string | { reason: string } {
  const value = typeof raw === 'string' ? folded(test, raw) : raw;
  if (typeof value !== 'string')
    return {
      reason: `Splunk reads JSON values as text, so it cannot tell ${JSON.stringify(value)} from the text "${String(value)}" in ${test.field}; compare it with a text value instead`,
    };
  if (/\p{Cs}/u.test(value)) return { reason: 'the value holds half of a two-part character (like an emoji cut in two); retype it' };
  if (looksLikeJsonScalar(value))
    return {
      reason: `Splunk reads JSON values as text, so "${value}" would also match the number, true/false or null written the same way in ${test.field}`,
    };
  const f = subject(test);
  // An exact value with line breaks goes through a regular expression, so no raw line break reaches the .conf file.
  return hasLineBreakOrControl(value) ? `match(${f}, ${evalString(`\\A${regexLiteral(value)}\\z`)})` : `${f}==${evalString(value)}`;
}

/**
 * Parts of a CloudTrail record whose shape depends on the API called: there a JSON null can stand
 * where another call writes a value. Splunk's JSON extraction gives null the text "null", so the
 * field looks present where Plainsec counts it as missing. Elsewhere the record format never
 * writes null, and presence tests are exact.
 */
const variableShapeRoots = new Set(['requestParameters', 'responseElements', 'additionalEventData', 'serviceEventDetails']);

function fieldTestSpl(test: FieldTest): Built {
  const f = evalField(test.field);
  if ('exists' in test) {
    const root = test.field.split('.')[0]!;
    if (variableShapeRoots.has(root))
      return {
        ok: false,
        reason: `under ${root} a field can be JSON null, which Splunk reads as the text "null", so it cannot tell whether ${test.field} is really there; test its value instead`,
      };
    return { ok: true, spl: test.exists ? `isnotnull(${f})` : `isnull(${f})` };
  }
  let inner: string;
  if ('equals' in test || 'oneOf' in test) {
    const values = 'equals' in test ? [test.equals] : test.oneOf;
    const parts: string[] = [];
    for (const v of values) {
      const part = valueTest(test, v);
      if (typeof part !== 'string') return { ok: false, reason: part.reason };
      parts.push(part);
    }
    inner = parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
  } else {
    const pattern = folded(test, 'startsWith' in test ? `${test.startsWith}*` : 'endsWith' in test ? `*${test.endsWith}` : test.wildcard);
    if (/\p{Cs}/u.test(pattern)) return { ok: false, reason: 'the pattern holds half of a two-part character (like an emoji cut in two); retype it' };
    if (patternCouldMatchJsonScalar(pattern))
      return {
        ok: false,
        reason: `Splunk reads JSON values as text, so the pattern ${JSON.stringify(pattern)} could also match a number, true/false or null in ${test.field}; use a pattern with letters`,
      };
    // (?s) lets `.*` cross line breaks; \A and \z anchor at the very ends (PCRE's $ also matches before a final newline).
    const regex =
      'startsWith' in test
        ? `\\A${regexLiteral(folded(test, test.startsWith))}`
        : 'endsWith' in test
          ? `${regexLiteral(folded(test, test.endsWith))}\\z`
          : `\\A${folded(test, test.wildcard).split('*').map(regexLiteral).join('.*')}\\z`;
    inner = `match(${subject(test)}, ${evalString(`(?s)${regex}`)})`;
  }
  // Missing fields are null in eval, and NOT null is still null: make the test false instead.
  return { ok: true, spl: `if(isnotnull(${f}), ${inner}, false())` };
}

/** The eval expression for a condition, or the plain-words reason it cannot be written faithfully. */
export function splFor(condition: Condition): Built {
  if ('not' in condition) {
    const inner = splFor(condition.not);
    return inner.ok ? { ok: true, spl: `NOT (${inner.spl})` } : inner;
  }
  if ('allOf' in condition || 'anyOf' in condition) {
    const parts = 'allOf' in condition ? condition.allOf : condition.anyOf;
    const built: string[] = [];
    for (const part of parts) {
      const b = splFor(part);
      if (!b.ok) return b;
      built.push(b.spl);
    }
    return { ok: true, spl: built.length === 1 ? built[0]! : `(${built.join('allOf' in condition ? ' AND ' : ' OR ')})` };
  }
  return fieldTestSpl(condition);
}

/** The full search for one rule. */
export function splunkSearch(rule: Rule): Built {
  const condition = effectiveCondition(rule);
  const built = splFor(condition);
  if (!built.ok) return built;
  const terms = prefilterTerms(condition);
  return { ok: true, spl: `${splunkBaseSearch}${terms ? ` ${terms}` : ''} | where ${built.spl}` };
}

/** Fields worth narrowing the search by before `where`: every CloudTrail record has them, and they are indexed terms. */
const prefilterFields = ['eventSource', 'eventName'];

/**
 * Search terms that keep the scan small: `eventName=RunInstances`. Search terms ignore case, so
 * they only ever keep more than the rule wants; the `where` clause then decides exactly. Only
 * tests every event must pass (the top-level "all of") and plain names are used.
 */
export function prefilterTerms(condition: Condition): string {
  const required = (c: Condition): Condition[] => ('allOf' in c ? c.allOf.flatMap(required) : [c]);
  const plain = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9._:-]+$/.test(v);
  const terms: string[] = [];
  for (const c of required(condition)) {
    if (!('field' in c) || !prefilterFields.includes(c.field)) continue;
    const values = 'equals' in c ? [c.equals] : 'oneOf' in c ? c.oneOf : [];
    if (values.length === 0 || !values.every(plain)) continue;
    const each = values.map((v) => `${c.field}=${v}`);
    terms.push(each.length === 1 ? each[0]! : `(${each.join(' OR ')})`);
  }
  return terms.join(' ');
}

/**
 * Free text on one .conf line: line breaks become spaces, and a trailing backslash is dropped,
 * since it would join the next line to this value.
 */
export function confText(text: string): string {
  return text
    .replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[\s\\]+$/u, '')
    .trim();
}

/** The stanza name for a rule: ids are lower-case letters, digits and dashes, so brackets cannot appear. */
export function stanzaName(rule: Pick<Rule, 'id'>): string {
  return `plainsec-${rule.id}`;
}

/** The settings of one saved search, in the order they are written. */
export function savedSearchSettings(rule: Rule, search: string): [string, string][] {
  return [
    ['description', confText(`${rule.title}. ${rule.means} What to do: ${rule.whatToDo}`)],
    ['search', search],
    ['enableSched', '1'],
    ['cron_schedule', '*/5 * * * *'],
    ['dispatch.earliest_time', '-6m@m'],
    ['dispatch.latest_time', '-1m@m'],
    ['counttype', 'number of events'],
    ['relation', 'greater than'],
    ['quantity', '0'],
    ['alert.severity', String(splunkSeverity[rule.urgency])],
    ['alert.track', '1'],
    ['alert.digest_mode', '0'],
    ['actions', 'slack'],
    ['action.slack', '1'],
    ['action.slack.param.channel', rule.notify],
    ['action.slack.param.message', confText(`${urgencyWords[rule.urgency]}: $name$ fired on $job.resultCount$ events. $results_link$`)],
  ];
}

/** Exports a rule set as one `savedsearches.conf`. */
export function exportSplunk(ruleSet: RuleSet): ExportResult {
  const refused: Refusal[] = [];
  const stanzas: string[] = [];
  for (const rule of ruleSet.rules) {
    const built = splunkSearch(rule);
    if (!built.ok) {
      refused.push({ ruleId: rule.id, reason: built.reason });
      continue;
    }
    const lines = [`[${stanzaName(rule)}]`, ...savedSearchSettings(rule, built.spl).map(([k, v]) => `${k} = ${v}`)];
    stanzas.push(lines.join('\n'));
  }
  if (stanzas.length === 0) return { files: [], refused };
  const header = '# Plainsec alert rules for Splunk. Generated: edit the rules, not this file.\n# Needs the Slack Notification Alert app for action.slack.\n';
  return { files: [{ path: 'splunk/savedsearches.conf', content: `${header}\n${stanzas.join('\n\n')}\n` }], refused };
}

/** The search a rule becomes, as text; used by tests and the rule builder's preview. */
export function splunkDetection(rule: Rule): Detection {
  const built = splunkSearch(rule);
  return built.ok ? { ok: true, text: built.spl } : { ok: false, reason: built.reason };
}

/** The Splunk target: scheduled saved searches over raw CloudTrail JSON, provable through `matchSplunkSearch`. */
export const splunkTarget: ProvableTarget = {
  id: 'splunk',
  name: 'Splunk',
  exportRuleSet: exportSplunk,
  detectionFor: splunkDetection,
  match: (text, event) => matchSplunkSearch(text, event),
};

// ---------------------------------------------------------------------------------------------
// Matching: a search this export writes, evaluated on a CloudTrail record as Splunk would: the
// fields it extracts from the JSON, then the `where` expression with eval's rules. This is how the
// differential tests hold the export to the canonical meaning without calling it.
// ---------------------------------------------------------------------------------------------

type JsonLike = string | number | boolean | null | JsonLike[] | { [key: string]: JsonLike };

/**
 * The fields Splunk extracts from a JSON record (KV_MODE=json, the names `spath` gives): nested
 * keys joined with dots, list elements under `name{}`, every value as text; a JSON null becomes
 * the text "null".
 */
export function splunkFields(record: { [key: string]: JsonLike }): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  const add = (name: string, value: string): void => void fields.set(name, [...(fields.get(name) ?? []), value]);
  const walk = (value: JsonLike, name: string): void => {
    if (Array.isArray(value)) value.forEach((v) => walk(v, `${name}{}`));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, name ? `${name}.${k}` : k);
    else add(name, value === null ? 'null' : String(value));
  };
  walk(record, '');
  return fields;
}

type Three = boolean | null;
type EvalNode =
  | { kind: 'and'; parts: EvalNode[] }
  | { kind: 'or'; parts: EvalNode[] }
  | { kind: 'not'; part: EvalNode }
  | { kind: 'call'; name: string; args: EvalArg[] }
  | { kind: 'equals'; field: string; lower: boolean; value: string };
type EvalArg = { kind: 'field'; name: string; lower: boolean } | { kind: 'string'; text: string } | { kind: 'node'; node: EvalNode };

function parseWhere(text: string): EvalNode {
  let i = 0;
  const space = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const word = (w: string): boolean => {
    space();
    if (text.startsWith(w, i) && !/[A-Za-z0-9_]/.test(text[i + w.length] ?? '')) {
      i += w.length;
      return true;
    }
    return false;
  };
  const expect = (c: string): void => {
    space();
    if (text[i] !== c) throw new Error(`expected ${c} at ${i}`);
    i++;
  };
  const fieldName = (): string => {
    space();
    if (text[i] !== "'") throw new Error(`expected a field name at ${i}`);
    const end = text.indexOf("'", i + 1);
    if (end < 0) throw new Error('a field name is not closed');
    const name = text.slice(i + 1, end);
    i = end + 1;
    return name;
  };
  const stringLiteral = (): string => {
    space();
    if (text[i] !== '"') throw new Error(`expected a string at ${i}`);
    i++;
    let out = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        out += text[i + 1] ?? '';
        i += 2;
      } else out += text[i++];
    }
    if (text[i] !== '"') throw new Error('a string is not closed');
    i++;
    return out;
  };
  /** `'field'` or `lower('field')`, when not followed by `==` (then it starts a comparison). */
  const fieldArg = (): EvalArg | undefined => {
    const rest = text.slice(i);
    const lowered = /^lower\(\s*'([^']*)'\s*\)/.exec(rest);
    const m = lowered ?? /^'([^']*)'/.exec(rest);
    if (!m || /^\s*==/.test(rest.slice(m[0].length))) return undefined;
    i += m[0].length;
    return { kind: 'field', name: m[1]!, lower: Boolean(lowered) };
  };
  const arg = (): EvalArg => {
    space();
    if (text[i] === '"') return { kind: 'string', text: stringLiteral() };
    return fieldArg() ?? { kind: 'node', node: or() };
  };
  const primary = (): EvalNode => {
    space();
    if (text[i] === '(') {
      i++;
      const inner = or();
      expect(')');
      return inner;
    }
    const lowered = /^lower\(\s*'/.test(text.slice(i));
    if (text[i] === "'" || lowered) {
      if (lowered) i = text.indexOf("'", i);
      const field = fieldName();
      if (lowered) expect(')');
      space();
      if (!text.startsWith('==', i)) throw new Error(`expected == at ${i}`);
      i += 2;
      return { kind: 'equals', field, lower: lowered, value: stringLiteral() };
    }
    const m = /^[a-z_]+/.exec(text.slice(i));
    if (!m) throw new Error(`unexpected text at ${i}`);
    i += m[0].length;
    expect('(');
    const args: EvalArg[] = [];
    space();
    if (text[i] !== ')') {
      args.push(arg());
      space();
      while (text[i] === ',') {
        i++;
        args.push(arg());
        space();
      }
    }
    expect(')');
    return { kind: 'call', name: m[0], args };
  };
  const not = (): EvalNode => (word('NOT') ? { kind: 'not', part: not() } : primary());
  const and = (): EvalNode => {
    const parts = [not()];
    while (word('AND')) parts.push(not());
    return parts.length === 1 ? parts[0]! : { kind: 'and', parts };
  };
  const or = (): EvalNode => {
    const parts = [and()];
    while (word('OR')) parts.push(and());
    return parts.length === 1 ? parts[0]! : { kind: 'or', parts };
  };
  const tree = or();
  space();
  if (i !== text.length) throw new Error(`unexpected text at ${i}`);
  return tree;
}

/** A PCRE pattern of the kind this export writes, as a JavaScript regular expression. */
function pcreToRegExp(pattern: string): RegExp {
  let flags = 'u';
  let source = pattern;
  if (source.startsWith('(?s)')) {
    flags += 's';
    source = source.slice(4);
  }
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = source[++i];
    if (n === 'A') out += '^';
    else if (n === 'z') out += '$';
    else if (n === 'x' && source[i + 1] === '{') {
      const end = source.indexOf('}', i);
      out += `\\u{${source.slice(i + 2, end)}}`;
      i = end;
    } else if (n !== undefined && /[\\^$.|?*+()[\]{}/]/.test(n)) out += `\\${n}`;
    else if (n === '-') out += '\\x2d';
    else if (n !== undefined && /[A-Za-z0-9]/.test(n)) throw new Error(`unsupported escape \\${n}`);
    else out += n ?? '';
  }
  return new RegExp(out, flags);
}

function evalWhere(node: EvalNode, fields: Map<string, string[]>): Three {
  const valueOf = (name: string): string | null => {
    const v = fields.get(name);
    // A field with several values compares by its first in a plain comparison; lists never reach here (they are named with {}).
    return v && v.length > 0 ? v[0]! : null;
  };
  const asBool = (a: EvalArg | undefined): Three => (a?.kind === 'node' ? evalWhere(a.node, fields) : null);
  switch (node.kind) {
    case 'and': {
      const vs = node.parts.map((p) => evalWhere(p, fields));
      return vs.includes(false) ? false : vs.includes(null) ? null : true;
    }
    case 'or': {
      const vs = node.parts.map((p) => evalWhere(p, fields));
      return vs.includes(true) ? true : vs.includes(null) ? null : false;
    }
    case 'not': {
      const v = evalWhere(node.part, fields);
      return v === null ? null : !v;
    }
    case 'equals': {
      const v = valueOf(node.field);
      return v === null ? null : (node.lower ? v.toLowerCase() : v) === node.value;
    }
    case 'call': {
      const [a, b, c] = node.args;
      if (node.name === 'false' || node.name === 'true') return node.name === 'true';
      if (node.name === 'isnull' || node.name === 'isnotnull') {
        if (a?.kind !== 'field' || a.lower) throw new Error(`${node.name} takes a field`);
        return (valueOf(a.name) === null) === (node.name === 'isnull');
      }
      if (node.name === 'match') {
        if (a?.kind !== 'field' || b?.kind !== 'string') throw new Error('match takes a field and a pattern');
        const v = valueOf(a.name);
        return v === null ? null : pcreToRegExp(b.text).test(a.lower ? v.toLowerCase() : v);
      }
      if (node.name === 'if') return asBool(a) === true ? asBool(b) : asBool(c);
      throw new Error(`unknown function ${node.name}`);
    }
  }
}

/** Whether a search this export wrote fires on a CloudTrail record, as Splunk would run it. */
export function matchSplunkSearch(searchText: string, record: { [key: string]: JsonLike }): MatchResult {
  if (!searchText.startsWith(`${splunkBaseSearch} `)) return { kind: 'invalid', reason: `a Plainsec search starts with "${splunkBaseSearch}"` };
  const pipe = searchText.indexOf(' | where ');
  if (pipe < 0) return { kind: 'invalid', reason: 'a Plainsec search has a "| where" clause' };
  const termsText = searchText.slice(splunkBaseSearch.length, pipe).trim();
  // Search terms: `field=value` or `(field=value OR field=value)`, all required; values compare ignoring case.
  const groups: { field: string; value: string }[][] = [];
  for (const m of termsText.matchAll(/\(([^()]*)\)|(\S+)/g)) {
    const alternatives = (m[1] ?? m[2]!).split(' OR ').map((t) => /^([A-Za-z0-9_.-]+)=([A-Za-z0-9._:-]+)$/.exec(t.trim()));
    if (alternatives.some((a) => !a)) return { kind: 'invalid', reason: `this search term is not one Plainsec writes: ${m[0]}` };
    groups.push(alternatives.map((a) => ({ field: a![1]!, value: a![2]! })));
  }
  let tree: EvalNode;
  try {
    tree = parseWhere(searchText.slice(pipe + ' | where '.length));
    pcreCheck(tree);
  } catch (e) {
    return { kind: 'invalid', reason: `this is not a where clause Plainsec can read: ${(e as Error).message}` };
  }
  const fields = splunkFields(record);
  const termHolds = (t: { field: string; value: string }): boolean =>
    (fields.get(t.field) ?? []).some((v) => v.toLowerCase() === t.value.toLowerCase());
  if (!groups.every((g) => g.some(termHolds))) return { kind: 'no-match' };
  // `where` keeps an event only when the expression is true; false and null both drop it.
  return evalWhere(tree, fields) === true ? { kind: 'match' } : { kind: 'no-match' };
}

function pcreCheck(node: EvalNode): void {
  if (node.kind === 'and' || node.kind === 'or') node.parts.forEach(pcreCheck);
  else if (node.kind === 'not') pcreCheck(node.part);
  else if (node.kind === 'call')
    for (const a of node.args) {
      if (a.kind === 'node') pcreCheck(a.node);
      if (node.name === 'match' && a.kind === 'string') pcreToRegExp(a.text);
    }
}
