/**
 * The Elastic EQL matcher: the subset of EQL the Elastic export writes (`any where <condition>`),
 * evaluated as Elasticsearch would on the document the Elastic AWS integration makes from a
 * CloudTrail record (the same document as the KQL matcher's, see `./elastic.ts`).
 *
 * What it follows, from the EQL syntax reference
 * (https://www.elastic.co/guide/en/elasticsearch/reference/current/eql-syntax.html, source
 * elastic/elasticsearch docs/reference/query-languages/eql/eql-syntax.md):
 * - `any where` matches events of any category, and documents without one.
 * - `==` and `!=` compare exactly and case-sensitively, with no wildcards; `in (...)` is "contained
 *   in the list", case-sensitively; `in~` and `not in~` ignore case.
 * - `:` is case-insensitive equality, for strings only, where `*` matches zero or more characters
 *   and `?` exactly one; `:` with a list is true when any entry matches. `like` is the
 *   case-sensitive wildcard match, `like~` the case-insensitive one ("The `:` operator is
 *   equivalent to `like~`").
 * - `field != null` matches events with a value in the field, `field == null` those without.
 * - Strings are in double quotes with the escapes \n \r \t \\ \" and \u{XXXX}; `"""raw"""` strings
 *   take everything literally.
 * - `and`, `or`, `not`.
 * - `regex` and `regex~` match a regular expression (case-sensitive, and not), over the whole value.
 *
 * How case is ignored: Elasticsearch runs these comparisons as case-insensitive term and wildcard
 * queries, whose automaton pairs a character with its other case only for ASCII ("For now we only
 * work with ASCII characters", AutomatonQueries.toCaseInsensitiveChar in elastic/elasticsearch).
 * So this matcher folds A-Z and a-z and nothing else; "É" and "é" stay apart.
 *
 * Missing fields: a comparison with a field that has no value is modelled as null (unknown), `not`
 * of null as null, `and`/`or` by three-valued logic, and an event matches only when the whole
 * condition is true. That is the strict reading; the export writes every test that sits under a
 * `not` as `(field != null and ...)`, which is true or false under either reading, so `not` is plain
 * negation whichever way Elasticsearch treats a missing field.
 *
 * A field with several values (a list) matches when any value does, as Elasticsearch's term and
 * wildcard queries do; the EQL page warns that such fields "may return inconsistent results", which
 * is why the differential test only excuses, never proves, list-valued fields.
 */
import { matchCompiled, type CompiledDetection, type MatchResult } from '../target.ts';
import { documentReading, parseLogic, type ElasticDocument, type JsonLike } from './elastic.ts';

type Literal = { kind: 'string'; text: string } | { kind: 'bool'; value: boolean } | { kind: 'null' };
type Op = '==' | '!=' | ':' | 'like' | 'like~' | 'regex' | 'regex~' | 'in' | 'in~' | 'not in' | 'not in~';
type EqlNode =
  | { kind: 'and' | 'or'; parts: EqlNode[] }
  | { kind: 'not'; part: EqlNode }
  | { kind: 'compare'; field: string; op: Op; values: Literal[] }
  | { kind: 'true' };

type Token =
  | { t: 'name'; text: string }
  | { t: 'string'; text: string }
  | { t: 'op'; text: '==' | '!=' | ':' | '~' | '(' | ')' | ',' | '?' };

function tokenizeEql(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (text.startsWith('"""', i)) {
      const end = text.indexOf('"""', i + 3);
      if (end < 0) throw new Error('a raw string is not closed');
      tokens.push({ t: 'string', text: text.slice(i + 3, end) });
      i = end + 3;
      continue;
    }
    if (c === '"') {
      let out = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] !== '\\') {
          out += text[i++];
          continue;
        }
        const n = text[i + 1];
        if (n === 'u') {
          const m = /^\\u\{([0-9a-fA-F]{2,8})\}/.exec(text.slice(i));
          if (!m) throw new Error('a \\u escape needs 2 to 8 hex digits in braces');
          out += String.fromCodePoint(parseInt(m[1]!, 16));
          i += m[0].length;
          continue;
        }
        const escaped: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"' };
        if (n === undefined || !(n in escaped)) throw new Error(`\\${n ?? ''} is not an EQL escape`);
        out += escaped[n];
        i += 2;
      }
      if (text[i] !== '"') throw new Error('a string is not closed');
      i++;
      tokens.push({ t: 'string', text: out });
      continue;
    }
    if (text.startsWith('==', i) || text.startsWith('!=', i)) {
      tokens.push({ t: 'op', text: text.slice(i, i + 2) as '==' | '!=' });
      i += 2;
      continue;
    }
    if (':~(),?'.includes(c)) {
      tokens.push({ t: 'op', text: c as ':' | '~' | '(' | ')' | ',' | '?' });
      i++;
      continue;
    }
    const m = /^[A-Za-z_@][A-Za-z0-9_.@]*/.exec(text.slice(i));
    if (!m) throw new Error(`unexpected ${c}`);
    tokens.push({ t: 'name', text: m[0] });
    i += m[0].length;
  }
  return tokens;
}

function parseEql(text: string): EqlNode {
  const tokens = tokenizeEql(text);
  let at = 0;
  const isName = (w: string, k = at): boolean => {
    const t = tokens[k];
    return t?.t === 'name' && t.text === w;
  };
  const isOp = (o: string, k = at): boolean => {
    const t = tokens[k];
    return t?.t === 'op' && t.text === o;
  };
  const expectOp = (o: string): void => {
    if (!isOp(o)) throw new Error(`expected ${o}`);
    at++;
  };
  if (!isName('any') || !isName('where', 1)) throw new Error('Plainsec reads only "any where" queries');
  at = 2;
  const literal = (): Literal => {
    const t = tokens[at++];
    if (t?.t === 'string') return { kind: 'string', text: t.text };
    if (t?.t === 'name' && (t.text === 'true' || t.text === 'false')) return { kind: 'bool', value: t.text === 'true' };
    if (t?.t === 'name' && t.text === 'null') return { kind: 'null' };
    throw new Error('expected a string, true, false or null');
  };
  const literals = (): Literal[] => {
    if (!isOp('(')) return [literal()];
    at++;
    const list = [literal()];
    while (isOp(',')) {
      at++;
      list.push(literal());
    }
    expectOp(')');
    return list;
  };
  const tilde = (): boolean => {
    if (!isOp('~')) return false;
    at++;
    return true;
  };
  const comparison = (): EqlNode => {
    if (isOp('?')) at++;
    const t = tokens[at++];
    if (t?.t !== 'name' || ['and', 'or', 'not', 'where'].includes(t.text)) throw new Error('expected a field name');
    const field = t.text;
    let op: Op;
    if (isOp('==') || isOp('!=') || isOp(':')) op = (tokens[at++] as { text: Op }).text;
    else if (isName('like')) {
      at++;
      op = tilde() ? 'like~' : 'like';
    } else if (isName('regex')) {
      at++;
      op = tilde() ? 'regex~' : 'regex';
    } else if (isName('in')) {
      at++;
      op = tilde() ? 'in~' : 'in';
    } else if (isName('not') && isName('in', at + 1)) {
      at += 2;
      op = tilde() ? 'not in~' : 'not in';
    } else throw new Error(`expected a comparison after ${field}`);
    const values = op === '==' || op === '!=' ? [literal()] : literals();
    if (op.includes('in') && !isOp(')', at - 1)) throw new Error(`${op} takes a list in parentheses`);
    for (const v of values) {
      if (v.kind === 'null' && op !== '==' && op !== '!=') throw new Error(`${op} cannot compare with null`);
      if (v.kind !== 'string' && (op === ':' || op.startsWith('like') || op.startsWith('regex'))) throw new Error(`${op} compares strings only`);
    }
    return { kind: 'compare', field, op, values };
  };
  const primary = (): EqlNode => {
    if (isOp('(')) {
      at++;
      const inner = or();
      expectOp(')');
      return inner;
    }
    if (isName('true')) {
      at++;
      return { kind: 'true' };
    }
    return comparison();
  };
  // `not in` is a comparison, not a `not` before one.
  const takeWord = (w: string): boolean => {
    if (!isName(w) || (w === 'not' && isName('in', at + 1))) return false;
    at++;
    return true;
  };
  const or = (): EqlNode => parseLogic<EqlNode>(primary, takeWord);
  const tree = or();
  if (at !== tokens.length) throw new Error('unexpected text after the condition');
  return tree;
}

/** Folds ASCII letters only, as Elasticsearch's case-insensitive queries do. */
const asciiFold = (text: string): string => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** An EQL wildcard pattern (`*` any run, `?` one character) as a regular expression. */
function wildcardRegex(pattern: string, ignoreCase: boolean): RegExp {
  if (pattern.includes('\\')) throw new Error('Plainsec does not read backslashes inside EQL wildcard patterns');
  const source = [...(ignoreCase ? asciiFold(pattern) : pattern)]
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'su');
}

/**
 * The part of Elasticsearch's regular expression syntax the export writes, as a JavaScript one: a
 * backslash makes the next character literal, `.` is any character, `*` repeats what is before it,
 * `[^/]` is any character but "/", letters, digits and "/" stand for themselves, and the whole value
 * must match. Anything else is refused, not
 * guessed (https://www.elastic.co/guide/en/elasticsearch/reference/current/regexp-syntax.html).
 */
function luceneRegex(pattern: string, ignoreCase: boolean): RegExp {
  let source = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '\\') {
      const next = chars[++i];
      if (next === undefined) throw new Error('a regular expression ends in a lone backslash');
      source += (ignoreCase ? asciiFold(next) : next).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (ch === '.' || ch === '*') source += ch;
    else if (chars.slice(i, i + 4).join('') === '[^/]') {
      source += '[^/]';
      i += 3;
    } else if (/[A-Za-z0-9]/.test(ch)) source += ignoreCase ? asciiFold(ch) : ch;
    else if (ch === '/') source += '\\/';
    else throw new Error(`Plainsec does not read ${ch} unescaped in a regular expression`);
  }
  return new RegExp(`^(?:${source})$`, 'su');
}

type Truth = boolean | null;

function compileNode(node: EqlNode): (doc: ElasticDocument) => Truth {
  if (node.kind === 'true') return () => true;
  if (node.kind === 'not') {
    const inner = compileNode(node.part);
    return (doc) => {
      const v = inner(doc);
      return v === null ? null : !v;
    };
  }
  if (node.kind === 'and' || node.kind === 'or') {
    const parts = node.parts.map(compileNode);
    const decisive = node.kind === 'or';
    return (doc) => {
      let unknown = false;
      for (const p of parts) {
        const v = p(doc);
        if (v === decisive) return decisive;
        if (v === null) unknown = true;
      }
      return unknown ? null : !decisive;
    };
  }
  const { field, op, values } = node as Extract<EqlNode, { kind: 'compare' }>;
  if (values.some((v) => v.kind === 'null')) {
    const wantPresent = op === '!=';
    return (doc) => ((doc.get(field)?.length ?? 0) > 0) === wantPresent;
  }
  const texts = values.map((v) => (v.kind === 'string' ? v.text : String((v as { value: boolean }).value)));
  let test: (value: string) => boolean;
  let negate = false;
  if (op === '==' || op === 'in') test = (x) => texts.includes(x);
  else if (op === '!=' || op === 'not in') {
    test = (x) => texts.includes(x);
    negate = true;
  } else if (op === 'in~' || op === 'not in~') {
    const folded = texts.map(asciiFold);
    test = (x) => folded.includes(asciiFold(x));
    negate = op === 'not in~';
  } else if (op === 'regex' || op === 'regex~') {
    const regexes = texts.map((t) => luceneRegex(t, op === 'regex~'));
    test = op === 'regex' ? (x) => regexes.some((r) => r.test(x)) : (x) => regexes.some((r) => r.test(asciiFold(x)));
  } else {
    const regexes = texts.map((t) => wildcardRegex(t, op !== 'like'));
    test = op === 'like' ? (x) => regexes.some((r) => r.test(x)) : (x) => regexes.some((r) => r.test(asciiFold(x)));
  }
  return (doc) => {
    const indexed = doc.get(field) ?? [];
    if (indexed.length === 0) return null;
    const hit = indexed.some(test);
    return negate ? !hit : hit;
  };
}

function fieldsOfEql(node: EqlNode, into: Set<string>): Set<string> {
  if (node.kind === 'and' || node.kind === 'or') node.parts.forEach((p) => fieldsOfEql(p, into));
  else if (node.kind === 'not') fieldsOfEql(node.part, into);
  else if (node.kind === 'compare') into.add(node.field);
  return into;
}

/** An EQL query read once, to search many CloudTrail records as Elasticsearch would. */
export function compileEql(queryText: string): CompiledDetection<{ [key: string]: JsonLike }> {
  return compileEqlOn(queryText, documentReading);
}

/**
 * An EQL query read once, searching the document `documentFor` makes of each record from the field
 * names the query reads (the audit-log matcher passes the Kubernetes integration's document).
 */
export function compileEqlOn(
  queryText: string,
  documentFor: (names: ReadonlySet<string>) => (record: { [key: string]: JsonLike }) => ElasticDocument,
): CompiledDetection<{ [key: string]: JsonLike }> {
  let tree: EqlNode;
  let evaluate: (doc: ElasticDocument) => Truth;
  try {
    tree = parseEql(queryText);
    evaluate = compileNode(tree);
  } catch (e) {
    return { ok: false, reason: `this is not EQL Plainsec can read: ${(e as Error).message}` };
  }
  const documentOf = documentFor(fieldsOfEql(tree, new Set()));
  return { ok: true, match: (record) => (evaluate(documentOf(record)) === true ? { kind: 'match' } : { kind: 'no-match' }) };
}

/** Whether an EQL query fires on a CloudTrail record, as Elasticsearch would search the integration's document. */
export function matchEql(queryText: string, record: { [key: string]: JsonLike }): MatchResult {
  return matchCompiled(compileEql(queryText), record);
}

/** Whether a detection text is EQL (the export writes every EQL rule as `any where ...`), not KQL. */
export const isEql = (text: string): boolean => /^any\s+where\s/.test(text);
