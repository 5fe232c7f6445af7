/**
 * Writing one condition as a Splunk search over the JSON fields Splunk extracts: names in eval,
 * quoting, value and pattern tests, and the terms that narrow the search first. The saved searches
 * around it are written in splunk.ts; the writer for a cluster's audit log (k8s-audit/splunk.ts)
 * shares these.
 */
import type { Condition, FieldTest, Scalar } from '../model.ts';
import { specialise } from '../documented.ts';
import { undocumentedShapeReason } from '../undocumented-shape.ts';
import type { FieldKind } from '../fields.ts';

/** A field name in eval: single quotes let dots and dashes through (field names allow no quotes). */
export function evalField(path: string): string {
  return `'${path}'`;
}

/** A string literal in eval: backslash and double quote are escaped with a backslash. */
export function evalString(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** A PCRE literal for text: metacharacters escaped, control and line characters as \x{..}. */
export function regexLiteral(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}\/#\s-]|[\u0000-\u001f\u007f\u0085\u2028\u2029]/gu, (c) =>
    /[\s\u0000-\u001f\u007f\u0085\u2028\u2029]/u.test(c) ? `\\x{${c.codePointAt(0)!.toString(16)}}` : `\\${c}`,
  );
}

/** Whether text has characters that must not appear raw on a .conf line. */
export const hasLineBreakOrControl = (s: string): boolean => /[\u0000-\u001f\u007f\u0085\u2028\u2029]/u.test(s);

export type Built = { ok: true; spl: string } | { ok: false; reason: string };

/** The field as eval reads it: as written, or lower-cased when the test ignores case. */
export function subject(test: FieldTest): string {
  return 'ignoreCase' in test && test.ignoreCase ? `lower(${evalField(test.field)})` : evalField(test.field);
}

/** Text as the test compares it: lower-cased on both sides when it ignores case (see foldCase). */
export function folded(test: FieldTest, text: string): string {
  return 'ignoreCase' in test && test.ignoreCase ? text.toLowerCase() : text;
}

export function valueTest(test: FieldTest, raw: Scalar, kind: FieldKind): string | { reason: string } {
  // Documented true/false: Splunk reads it as the text true or false, and no such text is ever there.
  if (kind === 'boolean' && typeof raw === 'boolean') return `${evalField(test.field)}==${evalString(String(raw))}`;
  const value = typeof raw === 'string' ? folded(test, raw) : raw;
  if (typeof value !== 'string')
    return {
      reason: `Splunk reads JSON values as text, so it cannot tell ${JSON.stringify(value)} from the text "${String(value)}" in ${test.field}; compare it with a text value instead`,
    };
  if (/\p{Cs}/u.test(value)) return { reason: 'the value holds half of a two-part character (like an emoji cut in two); retype it' };
  const f = subject(test);
  // An exact value with line breaks goes through a regular expression, so no raw line break reaches the .conf file.
  return hasLineBreakOrControl(value) ? `match(${f}, ${evalString(`\\A${regexLiteral(value)}\\z`)})` : `${f}==${evalString(value)}`;
}

/** One field test; `specialise` has already turned a value of another kind than the field's into false. */
export function fieldTestSpl(test: FieldTest, documented: FieldKind | undefined): Built {
  const f = evalField(test.field);
  if (documented === undefined)
    return { ok: false, reason: undocumentedShapeReason('Splunk', test.field, `names the items of a list ${test.field}{}, so ${f} has no value where a list is`) };
  const kind: FieldKind = documented;
  if ('exists' in test) return { ok: true, spl: test.exists ? `isnotnull(${f})` : `isnull(${f})` };
  let inner: string;
  if ('equals' in test || 'oneOf' in test) {
    const values = 'equals' in test ? [test.equals] : test.oneOf;
    const parts: string[] = [];
    for (const v of values) {
      const part = valueTest(test, v, kind);
      if (typeof part !== 'string') return { ok: false, reason: part.reason };
      parts.push(part);
    }
    inner = parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
  } else {
    const pattern = folded(test, 'startsWith' in test ? `${test.startsWith}*` : 'endsWith' in test ? `*${test.endsWith}` : test.wildcard);
    if (/\p{Cs}/u.test(pattern)) return { ok: false, reason: 'the pattern holds half of a two-part character (like an emoji cut in two); retype it' };
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
export function splFor(condition: Condition, kindOf: (test: FieldTest) => FieldKind | undefined): Built {
  if ('not' in condition) {
    const inner = splFor(condition.not, kindOf);
    return inner.ok ? { ok: true, spl: `NOT (${inner.spl})` } : inner;
  }
  if ('allOf' in condition || 'anyOf' in condition) {
    const parts = 'allOf' in condition ? condition.allOf : condition.anyOf;
    const built: string[] = [];
    for (const part of parts) {
      const b = splFor(part, kindOf);
      if (!b.ok) return b;
      built.push(b.spl);
    }
    return { ok: true, spl: built.length === 1 ? built[0]! : `(${built.join('allOf' in condition ? ' AND ' : ' OR ')})` };
  }
  return fieldTestSpl(condition, kindOf(condition));
}


/** Fields worth narrowing the search by before `where`: every CloudTrail record has them, and they are indexed terms. */
export const prefilterFields = ['eventSource', 'eventName'];

/**
 * Search terms that keep the scan small: `eventName=RunInstances`. Search terms ignore case, so
 * they only ever keep more than the rule wants; the `where` clause then decides exactly. Only
 * tests every event must pass (the top-level "all of") and plain names are used.
 */
export function prefilterTerms(condition: Condition, fields: readonly string[] = prefilterFields): string {
  const required = (c: Condition): Condition[] => ('allOf' in c ? c.allOf.flatMap(required) : [c]);
  const plain = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9._:-]+$/.test(v);
  const terms: string[] = [];
  for (const c of required(condition)) {
    if (!('field' in c) || !fields.includes(c.field)) continue;
    const values = 'equals' in c ? [c.equals] : 'oneOf' in c ? c.oneOf : [];
    if (values.length === 0 || !values.every(plain)) continue;
    const each = values.map((v) => `${c.field}=${v}`);
    terms.push(each.length === 1 ? each[0]! : `(${each.join(' OR ')})`);
  }
  return terms.join(' ');
}
