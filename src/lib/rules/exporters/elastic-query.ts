/**
 * Writing one condition as a Kibana query: KQL over the fields the Elastic AWS integration writes,
 * and EQL where KQL cannot say it. The rules around these queries, and why each choice is made,
 * are in elastic.ts; the writer for a cluster's audit log (k8s-audit/elastic.ts) shares these.
 */
import type { Condition, FieldTest, Scalar } from '../model.ts';
import { elasticField, identityNames, type ElasticField } from '../matchers/elastic.ts';
import { foldCase } from '../canonical.ts';
import type { FieldKind } from '../fields.ts';

/** A value inside KQL double quotes: only backslash and double quote are special; whitespace escapes keep it on one line. */
export function kqlQuoted(value: string): string {
  const escaped = value
    .replace(/[\\"]/g, '\\$&')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n');
  return `"${escaped}"`;
}

/** A literal piece of an unquoted KQL wildcard value. */
export function kqlUnquotedPiece(piece: string): string {
  return piece.replace(/[\\():<>"*{}]/g, '\\$&');
}

export type Built = { ok: true; kql: string } | { ok: false; reason: string };
export const refuse = (reason: string): Built => ({ ok: false, reason });

export function valueFor(field: ElasticField, path: string, value: Scalar, kind?: FieldKind): string | { reason: string } {
  // Documented true/false kept whole: a flattened or keyword field holds it as the text true or
  // false, and AWS writes no text there. A documented whole number likewise holds its digits.
  if (field.kind !== 'boolean' && kind === 'boolean' && typeof value === 'boolean') return kqlQuoted(String(value));
  if (field.kind !== 'boolean' && kind === 'number' && typeof value === 'number' && Number.isSafeInteger(value)) return kqlQuoted(String(value));
  if (field.kind === 'boolean') {
    if (typeof value !== 'boolean')
      return { reason: `Elastic stores ${path} as true or false, so it cannot be compared with ${JSON.stringify(value)}` };
    return String(value);
  }
  if (typeof value !== 'string')
    return {
      reason: `Elastic stores ${path} as text, so it cannot tell ${JSON.stringify(value)} from the text "${String(value)}"; compare it with a text value instead`,
    };
  if (/\p{Cs}/u.test(value)) return { reason: 'the value holds half of a two-part character (like an emoji cut in two); retype it' };
  if (field.kind === 'flattened' && kind !== 'string' && looksLikeJsonScalar(value))
    return {
      reason: `Elastic keeps ${path} as text, so the text "${value}" would also match the number or true/false written the same way; CloudTrail rules compare types exactly`,
    };
  return kqlQuoted(value);
}

/** Whether text is how JSON writes a number, true, false or null. */
export function looksLikeJsonScalar(text: string): boolean {
  return /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text) || text === 'true' || text === 'false' || text === 'null';
}

/** Whether a `*` pattern could match the text of a JSON number, true, false or null. */
export function patternCouldMatchJsonScalar(pieces: Pieces): boolean {
  const source = pieces.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  const re = new RegExp(`^${source}$`, 's');
  if (['true', 'false', 'null'].some((w) => re.test(w))) return true;
  return pieces.every((p) => /^[0-9.eE+-]*$/.test(p));
}

/** A `*` pattern as its literal pieces; a `*` stands between each two. */
export type Pieces = string[];

export function patternFor(field: ElasticField, path: string, pieces: Pieces, kind?: FieldKind): string | { reason: string } {
  const shown = JSON.stringify(pieces.join('*'));
  if (field.kind === 'boolean') return { reason: `${path} is true or false in Elastic, so a text pattern never matches it` };
  if (pieces.some((p) => /\s/.test(p)))
    return { reason: `a pattern with spaces or line breaks (${shown}) cannot be written faithfully in KQL; use an exact value` };
  if (pieces.some((p) => p.includes('\\')))
    return { reason: 'Kibana misreads backslashes inside KQL wildcard patterns; use an exact value instead' };
  if (pieces.some((p) => /\p{Cs}/u.test(p))) return { reason: 'the pattern holds half of a two-part character (like an emoji cut in two); retype it' };
  if (field.kind === 'flattened' && kind !== 'string' && patternCouldMatchJsonScalar(pieces))
    return { reason: `Elastic keeps ${path} as text, so the pattern ${shown} could also match a number or true/false; use a pattern with letters` };
  return pieces.map(kqlUnquotedPiece).join('*');
}

/** Whether text has letters that have an upper and a lower case. */
export const hasCasedLetters = (text: string): boolean => text.toLowerCase() !== text.toUpperCase();

/** The CloudTrail paths of the two names in userIdentity, which the integration does not keep apart (see `identityNames`). */
export const callerName = 'userIdentity.userName';
export const issuerName = 'userIdentity.sessionContext.sessionIssuer.userName';

/**
 * A test on one of the two names. user.name holds the caller's userName, else the issuer's name.
 * As AWS documents them (`identityNamesAgree` in fields.ts), a role or IAM user that issued a
 * session is the last part of session_issuer.arn, after a "/", and such a call has no caller
 * userName; a root issuer's name is the account alias, the same as the caller's. So:
 * - the caller's name is user.name where no role or user issued the session (no "/" in the ARN);
 * - the issuer's name is the end of session_issuer.arn after "/", or, for a root issuer, user.name.
 */
export function identityNameKql(test: FieldTest, kind: FieldKind | undefined): Built {
  const byUser: ElasticField = { name: identityNames.userName, kind: 'keyword' };
  const pathIssued = `${identityNames.issuerArn}: */*`;
  const rootIssued = `${identityNames.issuerType}: ${kqlQuoted('Root')}`;
  if (test.field === callerName) {
    const positive = 'exists' in test ? { ok: true as const, kql: `${byUser.name}: *` } : fieldTestOn(byUser, { ...test }, kind);
    if (!positive.ok) return positive;
    const kql = `(${positive.kql} and not ${pathIssued})`;
    return { ok: true, kql: 'exists' in test && !test.exists ? `not ${kql}` : kql };
  }
  if ('exists' in test) {
    const kql = `(${pathIssued} or (${rootIssued} and ${byUser.name}: *))`;
    return { ok: true, kql: test.exists ? kql : `not ${kql}` };
  }
  if (!('equals' in test || 'oneOf' in test)) {
    const gap = elasticField(issuerName);
    return refuse('reason' in gap ? gap.reason : `Elastic can compare ${issuerName} only with whole names`);
  }
  const given = 'equals' in test ? [test.equals] : test.oneOf;
  const names: Scalar[] = [];
  for (const name of given) {
    const spelt = test.ignoreCase && typeof name === 'string' ? caseSpellings(name) : [name];
    if (!spelt) return ignoreCaseRefusal(test)!;
    names.push(...spelt);
  }
  if (names.length > maxSpellings) return ignoreCaseRefusal(test)!;
  const ends: string[] = [];
  const whole: string[] = [];
  for (const name of names) {
    if (typeof name !== 'string') return refuse(`Elastic stores ${test.field} as text, so it cannot tell ${JSON.stringify(name)} from the text "${String(name)}"; compare it with a text value instead`);
    if (/[\s/\\]|\p{Cs}/u.test(name) || name === '')
      return refuse(`no IAM role or user is named ${JSON.stringify(name)} (a name holds no spaces, "/" or "\\"), and Elastic finds the role by the end of its ARN; compare with a real role name`);
    ends.push(`*/${kqlUnquotedPiece(name)}`);
    whole.push(kqlQuoted(name));
  }
  const list = (values: string[]): string => (values.length === 1 ? values[0]! : `(${values.join(' or ')})`);
  return { ok: true, kql: `(${identityNames.issuerArn}: ${list(ends)} or (${rootIssued} and ${byUser.name}: ${list(whole)}))` };
}

/** The refusal for ignoring case on text with letters, which KQL compares as written; undefined when ignoring case changes nothing. */
export function ignoreCaseRefusal(test: FieldTest): Built | undefined {
  // KQL compares keyword values as written (ignoring case is an option Kibana leaves off), so a
  // test that ignores case lists every spelling; this is the refusal when there are too many.
  if ('exists' in test || !test.ignoreCase) return undefined;
  const texts = 'equals' in test ? [test.equals] : 'oneOf' in test ? test.oneOf : ['startsWith' in test ? test.startsWith : 'endsWith' in test ? test.endsWith : test.wildcard];
  return texts.some((t) => typeof t === 'string' && hasCasedLetters(t))
    ? refuse(`Elastic compares ${test.field} with upper and lower case as written, and cannot list every spelling of this text in upper and lower case (too many, or a letter like σ whose case depends on its neighbours); remove "ignore case", or compare a shorter text`)
    : undefined;
}

export function fieldTestKql(test: FieldTest, kind: FieldKind | undefined): Built {
  if (test.field === callerName || test.field === issuerName) return identityNameKql(test, kind);
  const field = elasticField(test.field);
  if ('reason' in field) return refuse(field.reason);
  return fieldTestOn(field, test, kind);
}

/** The KQL for a field test on the Elastic field that holds its path. */
export function fieldTestOn(field: ElasticField, test: FieldTest, kind: FieldKind | undefined): Built {
  if ('exists' in test) return { ok: true, kql: test.exists ? `${field.name}: *` : `not ${field.name}: *` };
  // Ignoring case, a text becomes every spelling that folds to it (see `caseSpellings`).
  const ignoreCase = test.ignoreCase === true;
  const spell = (text: string): string[] | undefined => (ignoreCase ? caseSpellings(text) : [text]);
  const tooMany = (): Built => ignoreCaseRefusal(test) ?? refuse(`Elastic cannot ignore case in ${test.field} here`);
  const exactly = (values: readonly Scalar[]): Built => {
    const parts: string[] = [];
    for (const v of values) {
      const spelt = typeof v === 'string' ? spell(v) : [v];
      if (!spelt) return tooMany();
      for (const one of spelt) {
        const part = valueFor(field, test.field, one, kind);
        if (typeof part !== 'string') return refuse(part.reason);
        parts.push(part);
      }
    }
    if (parts.length > maxSpellings) return tooMany();
    return { ok: true, kql: parts.length === 1 ? `${field.name}: ${parts[0]}` : `${field.name}: (${parts.join(' or ')})` };
  };
  if ('equals' in test || 'oneOf' in test) return exactly('equals' in test ? [test.equals] : test.oneOf);
  // startsWith and endsWith take their text literally; only `wildcard` gives `*` a meaning.
  const pieces: Pieces = 'startsWith' in test ? [test.startsWith, ''] : 'endsWith' in test ? ['', test.endsWith] : test.wildcard.split('*');
  // A wildcard with no `*` is an exact value: say it exactly.
  if (pieces.length === 1) return exactly(pieces);
  // Unquoted, a lone `*` would mean "any value", which also matches numbers and true/false.
  if (pieces.every((p) => p === '')) return refuse('a pattern of only * matches any value; say "the field exists" instead');
  // "İ" folds to "i" and a combining dot: a piece ending in "i" before a `*` would match where no spelling of it does.
  if (ignoreCase && pieces.slice(0, -1).some((p) => foldCase(p).endsWith('i'))) return tooMany();
  let combos: Pieces[] = [[]];
  for (const piece of pieces) {
    const spelt = spell(piece);
    if (!spelt) return tooMany();
    combos = combos.flatMap((c) => spelt.map((one) => [...c, one]));
    if (combos.length > maxSpellings) return tooMany();
  }
  const parts: string[] = [];
  for (const combo of combos) {
    const literal = patternFor(field, test.field, combo, kind);
    if (typeof literal !== 'string') return refuse(literal.reason);
    parts.push(literal);
  }
  return { ok: true, kql: parts.length === 1 ? `${field.name}: ${parts[0]}` : `${field.name}: (${parts.join(' or ')})` };
}

/** The most spellings one test may list when it ignores case; a query past it would be unwieldy. */
export const maxSpellings = 256;

export let lowerings: [char: string, lower: string][] | undefined;
/** Every character that lower-casing changes, with its lower case; made once, as it walks all of Unicode. */
export function everyLowering(): [char: string, lower: string][] {
  if (!lowerings) {
    lowerings = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      const l = c.toLowerCase();
      if (l !== c) lowerings.push([c, l]);
    }
  }
  return lowerings;
}

export let lowerToChars: Map<string, string[]> | undefined;
/** Every character whose lower case is exactly this one character, other than itself. */
export function charsLoweringTo(lower: string): string[] {
  if (!lowerToChars) {
    lowerToChars = new Map();
    for (const [c, l] of everyLowering()) lowerToChars.set(l, [...(lowerToChars.get(l) ?? []), c]);
  }
  return lowerToChars.get(lower) ?? [];
}

/**
 * Every text that `foldCase` (lower-casing) turns into the same as this one, so that KQL, which
 * compares as written, can list them: "Ab" is ab, aB, Ab, AB; "k" is also the Kelvin sign.
 * Undefined when they cannot all be listed faithfully: more than `maxSpellings`, or text with σ/ς
 * (lower-casing Σ depends on the letters around it) or a combining dot above (part of how "İ" folds).
 */
export function caseSpellings(text: string): string[] | undefined {
  let out = [''];
  for (const ch of foldCase(text)) {
    if (ch === 'σ' || ch === 'ς' || ch === '\u0307') return undefined;
    const options = [ch, ...charsLoweringTo(ch)];
    out = out.flatMap((prefix) => options.map((o) => prefix + o));
    if (out.length > maxSpellings) return undefined;
  }
  return out;
}

/** The KQL for a condition, or the plain-words reason it cannot be written faithfully. */
export function kqlFor(condition: Condition, kindOf: (test: FieldTest) => FieldKind | undefined = () => undefined): Built {
  if ('not' in condition) {
    const inner = kqlFor(condition.not, kindOf);
    return inner.ok ? { ok: true, kql: `not (${inner.kql})` } : inner;
  }
  if ('allOf' in condition || 'anyOf' in condition) {
    const parts = 'allOf' in condition ? condition.allOf : condition.anyOf;
    const joiner = 'allOf' in condition ? ' and ' : ' or ';
    const built: string[] = [];
    for (const part of parts) {
      const b = kqlFor(part, kindOf);
      if (!b.ok) return b;
      built.push(b.kql);
    }
    return { ok: true, kql: built.length === 1 ? built[0]! : `(${built.join(joiner)})` };
  }
  return fieldTestKql(condition, kindOf(condition));
}

/** A value inside EQL double quotes: backslash, double quote and line breaks escaped, other control characters as \u{..}. */
export function eqlQuoted(value: string): string {
  const escaped = value
    .replace(/[\\"]/g, '\\$&')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u{${c.charCodeAt(0).toString(16).padStart(2, '0')}}`)
    .replace(/\u212a/g, '\\u{212a}')
    .replace(/\u0130/g, '\\u{130}');
  return `"${escaped}"`;
}

export let foldTargets: Set<string> | undefined;
/** Every character that lower-casing some other character yields ("k" from the Kelvin sign, "i" and a combining dot from "İ"). */
export function isFoldTarget(ch: string): boolean {
  if (!foldTargets) {
    foldTargets = new Set();
    for (const [c, l] of everyLowering()) for (const x of l) if (x !== c) foldTargets.add(x);
  }
  return foldTargets.has(ch);
}

/** The most alternative spellings (Kelvin sign, "İ") one EQL test may list. */
export const maxEqlSpellings = 16;

/**
 * The texts EQL must compare case-insensitively so that it matches exactly what lower-casing (the
 * rule's meaning) matches, or the reason it cannot. Elasticsearch ignores case for ASCII letters
 * only (see matchers/elastic-eql.ts), so: a text with a non-ASCII letter that has a case, or with a
 * character lower-casing makes from another one, is refused; "k" also stands for the Kelvin sign
 * and a "i" before a `*` also for "İ" (which lower-case to "k", and "i" and a combining dot), so
 * those spellings are listed too. `pieces` are the literal parts of a pattern, a `*` between each two.
 */
export function eqlCaseSpellings(pieces: Pieces, field: string): Pieces[] | { reason: string } {
  for (const ch of pieces.join('')) {
    if (ch.charCodeAt(0) > 0x7f && (hasCasedLetters(ch) || isFoldTarget(ch)))
      return {
        reason: `Elastic ignores case only for the letters A to Z, so it cannot ignore case in ${field} for ${JSON.stringify(pieces.join('*'))}, whose letters beyond A to Z would compare as written; remove "ignore case"`,
      };
  }
  let out: Pieces[] = [[]];
  for (const [n, piece] of pieces.entries()) {
    let spelt = [''];
    for (const [i, ch] of [...piece].entries()) {
      const beforeStar = n < pieces.length - 1 && i === [...piece].length - 1;
      const options = ch === 'k' || ch === 'K' ? [ch, '\u212a'] : beforeStar && (ch === 'i' || ch === 'I') ? [ch, '\u0130'] : [ch];
      spelt = spelt.flatMap((s) => options.map((o) => s + o));
    }
    out = out.flatMap((o) => spelt.map((s) => [...o, s]));
    if (out.length > maxEqlSpellings)
      return { reason: `Elastic would need more than ${maxEqlSpellings} spellings of ${JSON.stringify(pieces.join('*'))} to ignore case in ${field} (each "k" can also be the Kelvin sign); remove "ignore case", or compare a shorter text` };
  }
  return out;
}

/**
 * The EQL for one field test, or why not. `guarded` wraps a value test as `(field != null and ...)`,
 * which a test under a `not` needs so that a missing field makes it false, not unknown.
 */
export function fieldTestEql(test: FieldTest, kind: FieldKind | undefined, guarded: boolean, on?: ElasticField): Built {
  if (!on && (test.field === callerName || test.field === issuerName)) return identityNameEql(test, kind, guarded);
  const field = on ?? elasticField(test.field);
  if ('reason' in field) return refuse(field.reason);
  if (field.kind === 'flattened')
    return refuse(
      `KQL cannot say all of this rule, and EQL, which could, cannot read ${test.field}: the AWS integration keeps it in a flattened field, a type EQL does not support (elastic/elasticsearch#101985); remove "ignore case" (or the pattern with spaces) that KQL cannot say`,
    );
  const name = field.name;
  if ('exists' in test) return { ok: true, kql: `${name} ${test.exists ? '!=' : '=='} null` };
  const ignoreCase = test.ignoreCase === true;
  const guard = (expr: string): string => (guarded ? `(${name} != null and ${expr})` : expr);
  const either = (parts: string[]): string => (parts.length === 1 ? parts[0]! : `(${parts.join(' or ')})`);
  const exactly = (values: readonly Scalar[]): Built => {
    const same: string[] = [];
    const folded: string[] = [];
    for (const v of values) {
      const checked = valueFor(field, test.field, v, kind);
      if (typeof checked !== 'string') return refuse(checked.reason);
      if (field.kind === 'boolean') {
        same.push(String(v));
        continue;
      }
      const text = String(v);
      if (!ignoreCase || typeof v !== 'string' || !hasCasedLetters(text)) {
        same.push(eqlQuoted(text));
        continue;
      }
      if (/[*?]/.test(text)) return refuse(`EQL reads * and ? as wildcards when it ignores case, so it cannot compare ${test.field} with ${JSON.stringify(text)} ignoring case; remove "ignore case"`);
      const spelt = eqlCaseSpellings([text], test.field);
      if ('reason' in spelt) return refuse(spelt.reason);
      folded.push(...spelt.map((p) => eqlQuoted(p[0]!)));
    }
    const parts: string[] = [];
    if (same.length === 1) parts.push(`${name} == ${same[0]}`);
    else if (same.length > 1) parts.push(`${name} in (${same.join(', ')})`);
    if (folded.length === 1) parts.push(`${name} : ${folded[0]}`);
    else if (folded.length > 1) parts.push(`${name} : (${folded.join(', ')})`);
    return { ok: true, kql: guard(either(parts)) };
  };
  if ('equals' in test || 'oneOf' in test) return exactly('equals' in test ? [test.equals] : test.oneOf);
  const pieces: Pieces = 'startsWith' in test ? [test.startsWith, ''] : 'endsWith' in test ? ['', test.endsWith] : test.wildcard.split('*');
  if (pieces.length === 1) return exactly(pieces);
  if (pieces.every((p) => p === '')) return refuse('a pattern of only * matches any value; say "the field exists" instead');
  if (field.kind === 'boolean') return refuse(`${test.field} is true or false in Elastic, so a text pattern never matches it`);
  if (pieces.some((p) => /[*?\\]/.test(p)))
    return refuse(`EQL patterns read * and ? as wildcards and give \\ a meaning of its own, so ${JSON.stringify(pieces.join('*'))} cannot be written in EQL; use an exact value`);
  if (pieces.some((p) => /\p{Cs}/u.test(p))) return refuse('the pattern holds half of a two-part character (like an emoji cut in two); retype it');
  const folding = ignoreCase && pieces.some(hasCasedLetters);
  const spellings = folding ? eqlCaseSpellings(pieces, test.field) : [pieces];
  if ('reason' in spellings) return refuse(spellings.reason);
  const patterns = spellings.map((p) => eqlQuoted(p.join('*')));
  const op = folding ? 'like~' : 'like';
  return { ok: true, kql: guard(`${name} ${op} ${patterns.length === 1 ? patterns[0] : `(${patterns.join(', ')})`}`) };
}

/** A test on one of the two names in EQL, by the same facts as `identityNameKql`, every part guarded against a missing field. */
export function identityNameEql(test: FieldTest, kind: FieldKind | undefined, guarded: boolean): Built {
  const arn = identityNames.issuerArn;
  const type = identityNames.issuerType;
  const user = identityNames.userName;
  const pathIssued = `(${arn} != null and ${arn} like "*/*")`;
  const rootIssued = `(${type} != null and ${type} == "Root")`;
  if (test.field === callerName) {
    const byUser = fieldTestEql('exists' in test ? { ...test, exists: true } : test, kind, true, { name: user, kind: 'keyword' });
    if (!byUser.ok) return byUser;
    const eql = `(${byUser.kql} and not ${pathIssued})`;
    return { ok: true, kql: 'exists' in test && !test.exists ? `not ${eql}` : eql };
  }
  if ('exists' in test) {
    const eql = `(${pathIssued} or (${rootIssued} and ${user} != null))`;
    return { ok: true, kql: test.exists ? eql : `not ${eql}` };
  }
  if (!('equals' in test || 'oneOf' in test)) return issuerPatternEql(test);
  const ends: string[] = [];
  const whole: string[] = [];
  let folding = false;
  for (const name of 'equals' in test ? [test.equals] : test.oneOf) {
    if (typeof name !== 'string') return refuse(`Elastic stores ${test.field} as text, so it cannot tell ${JSON.stringify(name)} from the text "${String(name)}"; compare it with a text value instead`);
    if (/[\s/\\*?]|\p{Cs}/u.test(name) || name === '')
      return refuse(`no IAM role or user is named ${JSON.stringify(name)} (a name holds no spaces, "/", "\\", "*" or "?"), and Elastic finds the role by the end of its ARN; compare with a real role name`);
    const spelt = test.ignoreCase && hasCasedLetters(name) ? eqlCaseSpellings([name], test.field) : [[name]];
    if ('reason' in spelt) return refuse(spelt.reason);
    folding ||= spelt.length > 1 || (test.ignoreCase === true && hasCasedLetters(name));
    for (const [one] of spelt) {
      ends.push(eqlQuoted(`*/${one!}`));
      whole.push(eqlQuoted(one!));
    }
  }
  const list = (values: string[]): string => (values.length === 1 ? values[0]! : `(${values.join(', ')})`);
  const [like, equal] = folding ? ['like~', ':'] : ['like', 'in'];
  const names = equal === 'in' ? `${user} in ${whole.length === 1 ? `(${whole[0]})` : list(whole)}` : `${user} : ${list(whole)}`;
  return { ok: true, kql: `((${arn} != null and ${arn} ${like} ${list(ends)}) or (${rootIssued} and ${user} != null and ${names}))` };
}

/**
 * A pattern on the issuer's name in EQL: the end of session_issuer.arn after its last "/", by a
 * regular expression (KQL has none, which is why KQL refuses these), or user.name for a root issuer.
 * A name holds no "/" (`identityNamesAgree` in fields.ts), so a `*` in the pattern is `[^/]*`.
 */
export function issuerPatternEql(test: Extract<FieldTest, { startsWith: string } | { endsWith: string } | { wildcard: string }>): Built {
  const pieces: Pieces = 'startsWith' in test ? [test.startsWith, ''] : 'endsWith' in test ? ['', test.endsWith] : test.wildcard.split('*');
  if (pieces.length === 1) return identityNameEql({ field: test.field, equals: pieces[0]!, ...(test.ignoreCase ? { ignoreCase: true } : {}) }, undefined, true);
  if (pieces.every((p) => p === '')) return refuse('a pattern of only * matches any value; say "the field exists" instead');
  if (pieces.some((p) => /[\s/\\*?]|\p{Cs}/u.test(p)))
    return refuse(`no IAM role or user name matches ${JSON.stringify(pieces.join('*'))} (a name holds no spaces, "/", "\\" or "?"), and Elastic finds the role by the end of its ARN; use a pattern a real role name can match`);
  const folding = test.ignoreCase === true && pieces.some(hasCasedLetters);
  const spellings = folding ? eqlCaseSpellings(pieces, test.field) : [pieces];
  if ('reason' in spellings) return refuse(spellings.reason);
  // Elasticsearch's regular expressions take a backslash before any character as that character.
  const literal = (piece: string): string => [...piece].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `\\${c}`)).join('');
  const list = (values: string[]): string => (values.length === 1 ? values[0]! : `(${values.join(', ')})`);
  const regexes = list(spellings.map((p) => eqlQuoted(`.*/${p.map(literal).join('[^/]*')}`)));
  const likes = list(spellings.map((p) => eqlQuoted(p.join('*'))));
  const { issuerArn: arn, issuerType: type, userName: user } = identityNames;
  const [regex, like] = folding ? ['regex~', 'like~'] : ['regex', 'like'];
  return { ok: true, kql: `((${arn} != null and ${arn} ${regex} ${regexes}) or (${type} != null and ${type} == "Root" and ${user} != null and ${user} ${like} ${likes}))` };
}

/** The EQL condition for a rule condition; `negated` is whether it sits under a `not`. */
/** The EQL for a condition; `testEql` writes one field test (the CloudTrail fields unless told). */
export function eqlFor(
  condition: Condition,
  kindOf: (test: FieldTest) => FieldKind | undefined,
  negated = false,
  testEql: (test: FieldTest, kind: FieldKind | undefined, guarded: boolean) => Built = fieldTestEql,
): Built {
  if ('not' in condition) {
    const inner = eqlFor(condition.not, kindOf, true, testEql);
    return inner.ok ? { ok: true, kql: `not ${inner.kql.startsWith('(') && balanced(inner.kql) ? inner.kql : `(${inner.kql})`}` } : inner;
  }
  if ('allOf' in condition || 'anyOf' in condition) {
    const parts = 'allOf' in condition ? condition.allOf : condition.anyOf;
    const built: string[] = [];
    for (const part of parts) {
      const b = eqlFor(part, kindOf, negated, testEql);
      if (!b.ok) return b;
      built.push(b.kql);
    }
    return { ok: true, kql: built.length === 1 ? built[0]! : `(${built.join('allOf' in condition ? ' and ' : ' or ')})` };
  }
  return testEql(condition, kindOf(condition), negated);
}

/** Whether a text that starts with "(" is one parenthesised whole (its first "(" closes at the end). */
export function balanced(text: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0 && i < text.length - 1) return false;
  }
  return true;
}
