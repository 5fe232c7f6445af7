/**
 * A rule's condition as a Trino SQL expression over a table of CloudTrail records, for Athena and
 * CloudTrail Lake (both run Trino SQL); the table and its column names are each engine's own
 * (`SqlColumns`).
 *
 * The meaning is the canonical one (`canonical.ts`), on the records CloudTrail can write
 * (`documented.ts`): each field test reads a field whose kind AWS documents for the rule's calls,
 * where the field is missing or holds one value of that kind. The engine gives each field as text
 * (or NULL when missing), so:
 * - text is compared exactly with `=`, `IN` and `LIKE … ESCAPE '\'` (`LIKE` compares case and all
 *   characters, line breaks too); with ignoreCase, both sides are lower-cased;
 * - true/false is compared as the text 'true' or 'false', which is how both tables keep it;
 * - a number is compared as a number, after `try_cast(… AS double)`;
 * - `exists` is `IS NOT NULL`.
 * A comparison with a missing field is NULL in SQL, and NOT NULL is still NULL; every test is
 * wrapped in `coalesce(…, false)`, so a missing field makes a test false and `not` is plain negation.
 *
 * Refused, with the reason: a path through a list (`items[]`), a field the table has no column for,
 * and a field whose kind AWS does not document for the rule's calls (where a record may hold a list).
 */
import type { Condition, FieldTest, Scalar } from '../model.ts';
import type { FieldKind } from '../fields.ts';

export type Sql = { ok: true; sql: string } | { ok: false; reason: string };

/** How one engine's table gives a record's field: as text (NULL when missing), or why it cannot. */
export interface SqlColumns {
  /** The engine's name as people say it: "Athena". */
  tool: string;
  /** The expression that reads the field as text, or the reason there is none. */
  read(path: string): Sql;
}

/** A SQL text literal: single quotes doubled. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Why a text cannot go into the SQL as it is, if it cannot. */
function unwritable(text: string): string | undefined {
  if (/\p{Cs}/u.test(text)) return 'the value holds half of a two-part character (like an emoji cut in two); retype it';
  if (text.includes('\u0000')) return 'the value holds a NUL character, which SQL text cannot hold; leave it out';
  return undefined;
}

/** A LIKE pattern for text: `%`, `_` and the escape character `\` stand for themselves. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** A number as Trino reads it: plain digits, no exponent. */
function sqlNumber(n: number): string | undefined {
  const written = String(n);
  return /^-?\d+(\.\d+)?$/.test(written) ? written : undefined;
}

const folds = (test: FieldTest): boolean => 'ignoreCase' in test && test.ignoreCase === true;

/** One value, as the SQL compares it with a field of this kind. */
function literal(value: Scalar, kind: FieldKind, test: FieldTest): { sql: string } | { reason: string } {
  if (kind === 'boolean' || typeof value === 'boolean') return { sql: sqlString(String(value)) };
  if (kind === 'number' || typeof value === 'number') {
    const n = typeof value === 'number' ? sqlNumber(value) : undefined;
    return n === undefined ? { reason: `the number ${String(value)} is too large or too small to write exactly; compare with a plainer number` } : { sql: n };
  }
  const problem = unwritable(value);
  if (problem) return { reason: problem };
  return { sql: sqlString(folds(test) ? value.toLowerCase() : value) };
}

/** One field test, with the field's documented kind. */
export function fieldTestSql(test: FieldTest, kind: FieldKind | undefined, columns: SqlColumns): Sql {
  const read = columns.read(test.field);
  if (!read.ok) return read;
  if (kind === undefined)
    return {
      ok: false,
      reason: `AWS does not say that ${test.field} holds one value for the calls this rule looks at. It may hold a list, and ${columns.tool} reads one value per field here. The Sigma and Elastic files of this rule read a list by its items, as the rule does`,
    };
  const field = read.sql;
  if ('exists' in test) return { ok: true, sql: `${field} IS ${test.exists ? 'NOT ' : ''}NULL` };
  const subject = kind === 'number' ? `try_cast(${field} AS double)` : kind === 'string' && folds(test) ? `lower(${field})` : field;
  let inner: string;
  if ('equals' in test || 'oneOf' in test) {
    const values = 'equals' in test ? [test.equals] : test.oneOf;
    const written: string[] = [];
    for (const v of values) {
      const one = literal(v, kind, test);
      if ('reason' in one) return { ok: false, reason: one.reason };
      written.push(one.sql);
    }
    inner = written.length === 1 ? `${subject} = ${written[0]}` : `${subject} IN (${written.join(', ')})`;
  } else {
    const raw = 'startsWith' in test ? test.startsWith : 'endsWith' in test ? test.endsWith : test.wildcard;
    const problem = unwritable(raw);
    if (problem) return { ok: false, reason: problem };
    const text = folds(test) ? raw.toLowerCase() : raw;
    const pattern =
      'startsWith' in test ? `${likeLiteral(text)}%` : 'endsWith' in test ? `%${likeLiteral(text)}` : text.split('*').map(likeLiteral).join('%');
    inner = `${subject} LIKE ${sqlString(pattern)} ESCAPE '\\'`;
  }
  return { ok: true, sql: `coalesce(${inner}, false)` };
}

/** The condition as a SQL expression that is true or false on every record, never NULL. */
export function sqlFor(condition: Condition, kindOf: (test: FieldTest) => FieldKind | undefined, columns: SqlColumns): Sql {
  if ('not' in condition) {
    const inner = sqlFor(condition.not, kindOf, columns);
    return inner.ok ? { ok: true, sql: `NOT (${inner.sql})` } : inner;
  }
  if ('allOf' in condition || 'anyOf' in condition) {
    const parts = 'allOf' in condition ? condition.allOf : condition.anyOf;
    const built: string[] = [];
    for (const part of parts) {
      const b = sqlFor(part, kindOf, columns);
      if (!b.ok) return b;
      built.push(b.sql);
    }
    return { ok: true, sql: built.length === 1 ? built[0]! : `(${built.join('allOf' in condition ? ' AND ' : ' OR ')})` };
  }
  return fieldTestSql(condition, kindOf(condition), columns);
}
