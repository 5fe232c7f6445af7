/**
 * The Splunk matcher: a search the Splunk export writes, evaluated on a CloudTrail record as Splunk
 * would run it: the fields Splunk extracts from the JSON (the index model), then the search terms,
 * then the `where` expression with eval's rules (a parser and an evaluator). This is how the
 * differential tests hold the export to the canonical meaning without calling Splunk. It is
 * Plainsec's model of Splunk: checked against the examples in Splunk's documentation
 * (tests/unit/rules/splunk-vendor-docs.test.ts), not against Splunk itself.
 */
import { matchCompiled, type CompiledDetection, type MatchResult } from '../target.ts';
import { sourceOfEvent, type RuleSource } from '../sources.ts';

/** The base search every CloudTrail rule starts from. */
export const splunkBaseSearch = 'index=* sourcetype=aws:cloudtrail';

/**
 * The base search every rule on a cluster's audit log starts from: EKS audit logs from CloudWatch
 * Logs, as the Splunk Add-on for AWS names them (exporters/k8s-audit/splunk.ts says why).
 */
export const splunkK8sBaseSearch = 'index=* sourcetype=aws:cloudwatchlogs:eks';

/** Which records each base search finds: a source type holds one kind of record only. */
const baseSearches: ReadonlyArray<[string, RuleSource]> = [
  [splunkBaseSearch, 'cloudtrail'],
  [splunkK8sBaseSearch, 'k8s-audit'],
];

type JsonLike = string | number | boolean | null | JsonLike[] | { [key: string]: JsonLike };

/**
 * The fields Splunk extracts from a JSON record (KV_MODE=json, the names `spath` gives): nested
 * keys joined with dots, list elements under `name{}`, every value as text; a JSON null becomes
 * the text "null". With `only` (see `namesOnTheWay`), just the parts of the record on the way to
 * those names are walked; the fields with those names are the same as in the full list.
 */
export function splunkFields(record: { [key: string]: JsonLike }, only?: ReadonlySet<string>): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  walkFields(record, '', only, fields);
  return fields;
}

// Plain functions rather than closures made per record: this runs for every record and rule.
function walkFields(value: JsonLike, name: string, only: ReadonlySet<string> | undefined, fields: Map<string, string[]>): void {
  if (Array.isArray(value)) {
    const inner = `${name}{}`;
    if (wantedName(inner, only)) for (const v of value) walkFields(v, inner, only, fields);
  } else if (value !== null && typeof value === 'object') {
    for (const k of Object.keys(value)) {
      const inner = name ? `${name}.${k}` : k;
      if (wantedName(inner, only)) walkFields(value[k]!, inner, only, fields);
    }
  } else {
    const text = value === null ? 'null' : String(value);
    const values = fields.get(name);
    if (values) values.push(text);
    else fields.set(name, [text]);
  }
}

/** Below an empty key the name starts again from the next key, so an empty name is always walked. */
const wantedName = (name: string, only: ReadonlySet<string> | undefined): boolean => !only || name === '' || only.has(name);

/**
 * The names, and every name on the way to one: a field's name grows by `.key` or `{}` at each
 * step, so each shorter name it passes through is cut at a dot or before a `{}`.
 */
function namesOnTheWay(names: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const name of names) {
    out.add(name);
    for (let i = 0; i < name.length; i++) if (name[i] === '.' || name.startsWith('{}', i)) out.add(name.slice(0, i));
  }
  return out;
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
        // "C:\\windows\temp" is C:\windows, a tab, then emp: "The \t in the path is interpreted as a
        // tab" (Search Manual, "Types of expressions").
        out += text[i + 1] === 't' ? '\t' : (text[i + 1] ?? '');
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

/** The regular expressions of a where clause's `match` calls, by pattern, built once per search. */
type Patterns = Map<string, RegExp>;

function fieldValue(fields: Map<string, string[]>, name: string): string | null {
  const v = fields.get(name);
  // A field with several values compares by its first in a plain comparison; lists never reach here (they are named with {}).
  return v && v.length > 0 ? v[0]! : null;
}

/**
 * The values of a multivalue argument: a field (all its values, or null when it has none),
 * `mvmap('f', lower('f'))`, which lower-cases each value of f, or `mvappend(a, b)`, the values of
 * both in order (null when neither has any).
 */
function multivalues(a: EvalArg | undefined, fields: Map<string, string[]>): string[] | null {
  if (a?.kind === 'field' && !a.lower) {
    const v = fields.get(a.name);
    return v && v.length > 0 ? v : null;
  }
  if (a?.kind === 'node' && a.node.kind === 'call' && a.node.name === 'mvmap') {
    const [over, each] = a.node.args;
    if (over?.kind !== 'field' || over.lower || each?.kind !== 'field' || !each.lower || each.name !== over.name)
      throw new Error("mvmap here takes a field and lower() of the same field");
    const v = multivalues(over, fields);
    return v === null ? null : v.map((x) => x.toLowerCase());
  }
  if (a?.kind === 'node' && a.node.kind === 'call' && a.node.name === 'mvappend') {
    // Every value of every argument, in order; an argument with no value adds none.
    const all = a.node.args.flatMap((x) => multivalues(x, fields) ?? []);
    return all.length > 0 ? all : null;
  }
  throw new Error('mvfind takes a field, mvmap of one, or mvappend of those');
}

/**
 * `mvfind(X, "regex")`: the index of the first value of X that the regular expression matches, or
 * null when none does or X has no value; mvappend and mvmap as that page describes them (Search
 * Reference, "Multivalue eval functions",
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/multivalue-eval-functions).
 */
function mvfind(node: Extract<EvalNode, { kind: 'call' }>, fields: Map<string, string[]>, patterns: Patterns): number | null {
  const [x, pattern] = node.args;
  if (pattern?.kind !== 'string') throw new Error('mvfind takes a pattern');
  const values = multivalues(x, fields);
  if (values === null) return null;
  const re = patterns.get(pattern.text) ?? pcreToRegExp(pattern.text);
  const at = values.findIndex((v) => re.test(v));
  return at < 0 ? null : at;
}

/** An argument as a condition: an expression's value, or null for anything else. */
function whereTruth(a: EvalArg | undefined, fields: Map<string, string[]>, patterns: Patterns): Three {
  return a?.kind === 'node' ? evalWhere(a.node, fields, patterns) : null;
}

function evalWhere(node: EvalNode, fields: Map<string, string[]>, patterns: Patterns): Three {
  switch (node.kind) {
    case 'and': {
      const vs = node.parts.map((p) => evalWhere(p, fields, patterns));
      return vs.includes(false) ? false : vs.includes(null) ? null : true;
    }
    case 'or': {
      const vs = node.parts.map((p) => evalWhere(p, fields, patterns));
      return vs.includes(true) ? true : vs.includes(null) ? null : false;
    }
    case 'not': {
      const v = evalWhere(node.part, fields, patterns);
      return v === null ? null : !v;
    }
    case 'equals': {
      const v = fieldValue(fields, node.field);
      return v === null ? null : (node.lower ? v.toLowerCase() : v) === node.value;
    }
    case 'call': {
      const [a, b, c] = node.args;
      if (node.name === 'false' || node.name === 'true') return node.name === 'true';
      if (node.name === 'isnull' || node.name === 'isnotnull') {
        if (a?.kind === 'node' && a.node.kind === 'call' && a.node.name === 'mvfind')
          return (mvfind(a.node, fields, patterns) === null) === (node.name === 'isnull');
        if (a?.kind !== 'field' || a.lower) throw new Error(`${node.name} takes a field`);
        return (fieldValue(fields, a.name) === null) === (node.name === 'isnull');
      }
      if (node.name === 'match') {
        if (a?.kind !== 'field' || b?.kind !== 'string') throw new Error('match takes a field and a pattern');
        const v = fieldValue(fields, a.name);
        return v === null ? null : (patterns.get(b.text) ?? pcreToRegExp(b.text)).test(a.lower ? v.toLowerCase() : v);
      }
      if (node.name === 'if') return whereTruth(a, fields, patterns) === true ? whereTruth(b, fields, patterns) : whereTruth(c, fields, patterns);
      throw new Error(`unknown function ${node.name}`);
    }
  }
}

/** A search this export wrote, read once, to run on many CloudTrail records as Splunk would. */
export function compileSplunkSearch(searchText: string): CompiledDetection<{ [key: string]: JsonLike }> {
  const base = baseSearches.find(([text]) => searchText.startsWith(`${text} `));
  if (!base) return { ok: false, reason: `a Plainsec search starts with "${splunkBaseSearch}" or "${splunkK8sBaseSearch}"` };
  const [baseText, source] = base;
  const pipe = searchText.indexOf(' | where ');
  if (pipe < 0) return { ok: false, reason: 'a Plainsec search has a "| where" clause' };
  const termsText = searchText.slice(baseText.length, pipe).trim();
  // Search terms: `field=value` or `(field=value OR field=value)`, all required; values compare ignoring case.
  const groups: { field: string; value: string }[][] = [];
  for (const m of termsText.matchAll(/\(([^()]*)\)|(\S+)/g)) {
    const alternatives = (m[1] ?? m[2]!).split(' OR ').map((t) => /^([A-Za-z0-9_.-]+)=([A-Za-z0-9._:-]+)$/.exec(t.trim()));
    if (alternatives.some((a) => !a)) return { ok: false, reason: `this search term is not one Plainsec writes: ${m[0]}` };
    // The value is lower-cased here once; each record's values are lower-cased as they are compared.
    groups.push(alternatives.map((a) => ({ field: a![1]!, value: a![2]!.toLowerCase() })));
  }
  let tree: EvalNode;
  const patterns: Patterns = new Map();
  try {
    tree = parseWhere(searchText.slice(pipe + ' | where '.length));
    pcreCheck(tree, patterns);
  } catch (e) {
    return { ok: false, reason: `this is not a where clause Plainsec can read: ${(e as Error).message}` };
  }
  // Only the fields the search reads are extracted from each record.
  const only = namesOnTheWay([...groups.flat().map((t) => t.field), ...whereFields(tree, new Set())]);
  return {
    ok: true,
    match(record) {
      // An audit event is never under CloudTrail's source type, nor a CloudTrail record under EKS's.
      if (sourceOfEvent(record) !== source) return { kind: 'no-match' };
      const fields = splunkFields(record, only);
      const termHolds = (t: { field: string; value: string }): boolean => (fields.get(t.field) ?? []).some((v) => v.toLowerCase() === t.value);
      if (!groups.every((g) => g.some(termHolds))) return { kind: 'no-match' };
      // `where` keeps an event only when the expression is true; false and null both drop it.
      return evalWhere(tree, fields, patterns) === true ? { kind: 'match' } : { kind: 'no-match' };
    },
  };
}

/** Whether a search this export wrote fires on a CloudTrail record, as Splunk would run it. */
export function matchSplunkSearch(searchText: string, record: { [key: string]: JsonLike }): MatchResult {
  return matchCompiled(compileSplunkSearch(searchText), record);
}

/** Every field name a where clause reads. */
function whereFields(node: EvalNode, into: Set<string>): Set<string> {
  if (node.kind === 'and' || node.kind === 'or') node.parts.forEach((p) => whereFields(p, into));
  else if (node.kind === 'not') whereFields(node.part, into);
  else if (node.kind === 'equals') into.add(node.field);
  else
    for (const a of node.args) {
      if (a.kind === 'field') into.add(a.name);
      else if (a.kind === 'node') whereFields(a.node, into);
    }
  return into;
}

/** Checks every `match` pattern can be read, keeping each as a regular expression for the records. */
function pcreCheck(node: EvalNode, patterns: Patterns): void {
  if (node.kind === 'and' || node.kind === 'or') node.parts.forEach((p) => pcreCheck(p, patterns));
  else if (node.kind === 'not') pcreCheck(node.part, patterns);
  else if (node.kind === 'call')
    for (const a of node.args) {
      if (a.kind === 'node') pcreCheck(a.node, patterns);
      if ((node.name === 'match' || node.name === 'mvfind') && a.kind === 'string' && !patterns.has(a.text)) patterns.set(a.text, pcreToRegExp(a.text));
    }
}
