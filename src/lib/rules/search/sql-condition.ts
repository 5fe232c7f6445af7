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
 * Inside a JSON text column (`requestParameters` and the like), a path through a list
 * (`ipPermissions.items[].ipRanges.items[].cidrIp`) and a field whose kind AWS does not document
 * (which a record may hold as a list) are read item by item, as canonical.ts defines them: each
 * `name[]` step goes on from every item of the list (or from the one group where a list could be),
 * the field's values are its text, number or true/false, or those among its items, and a test holds
 * when one value passes, with a value's JSON kind compared too (`"5"` is not 5):
 *   coalesce(cardinality(filter(<every value, as ARRAY(JSON)>, v -> <the test on v>)) > 0, false)
 * A list inside a list is read through too (its items join the list's), but not a third list
 * inside that, which canonical.ts would also read through; CloudTrail writes no list in a list.
 *
 * Refused, with the reason: a field the table has no column for, a list or an undocumented field
 * outside the JSON text columns, and a key a JSON path cannot name.
 */
import type { Condition, FieldTest, Scalar } from '../model.ts';
import type { FieldKind } from '../fields.ts';
import { readsThroughList } from '../list-paths.ts';

export type Sql = { ok: true; sql: string } | { ok: false; reason: string };

/** How one engine's table gives a record's field: as text (NULL when missing), or why it cannot. */
export interface SqlColumns {
  /** The engine's name as people say it: "Athena". */
  tool: string;
  /** The expression that reads the field as text, or the reason there is none. */
  read(path: string): Sql;
  /**
   * For a field inside a JSON text column: the JSON (or JSON text) the path starts from, and the
   * steps after it, `name[]` for a list (`[]` alone: the start itself is the list). Undefined when
   * the field is not inside one.
   */
  json(path: string): { ok: true; start: string; steps: string[] } | { ok: false; reason: string } | undefined;
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

type PatternTest = Extract<FieldTest, { startsWith: string } | { endsWith: string } | { wildcard: string }>;

/** A startsWith, endsWith or wildcard test as a quoted LIKE pattern (lower-cased to ignore case), or why it cannot be written. */
function likePattern(test: PatternTest): { sql: string } | { reason: string } {
  const raw = 'startsWith' in test ? test.startsWith : 'endsWith' in test ? test.endsWith : test.wildcard;
  const problem = unwritable(raw);
  if (problem) return { reason: problem };
  const text = folds(test) ? raw.toLowerCase() : raw;
  const pattern = 'startsWith' in test ? `${likeLiteral(text)}%` : 'endsWith' in test ? `%${likeLiteral(text)}` : text.split('*').map(likeLiteral).join('%');
  return { sql: `${sqlString(pattern)} ESCAPE '\\'` };
}

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

/** A JSON path for Trino's JSON functions: `$.key`, or `$["key"]` for a key with other characters. */
export function jsonPath(keys: readonly string[]): string | undefined {
  let path = '$';
  for (const key of keys) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) path += `.${key}`;
    else if (/^[^"\\\u0000-\u001f]+$/.test(key)) path += `["${key}"]`;
    else return undefined;
  }
  return path;
}

/** The items of a JSON value: those of a list, or the value alone (a group where a list could be). */
const itemsOf = (json: string): string => `coalesce(TRY_CAST(${json} AS ARRAY(JSON)), ARRAY[${json}])`;

/**
 * Every value a field inside JSON may hold, as one ARRAY(JSON) (with anything else the path
 * reaches; the test keeps the values): from the start, each `name[]` step goes on from every item of
 * the list and of a list inside an item, and the field's own items come last. Written with lambdas
 * (`transform`, `flatten`), which Athena runs as it reads each record, and DuckDB too.
 */
function valuesArray(start: string, steps: readonly string[], field: string): Sql {
  const cannot: Sql = { ok: false, reason: `${field} has a name with quotes or control characters, which a JSON path cannot name; search for this rule with another field` };
  /** The nodes reached so far: undefined while the path is still at its start. */
  let nodes: string | undefined;
  let keys: string[] = [];
  /** How many lists deep the path is: names each lambda's item apart from those around it. */
  let depth = 0;
  /** `make` over the nodes reached so far (each named `n<list number>`), joined into one array. */
  const fromEach = (make: (json: string) => string): string | undefined => {
    const path = jsonPath(keys);
    if (path === undefined) return undefined;
    if (nodes === undefined) return make(`json_extract(${start}, ${sqlString(path)})`);
    const n = `n${depth}`;
    return `flatten(transform(${nodes}, ${n} -> ${make(`json_extract(${n}, ${sqlString(path)})`)}))`;
  };
  for (const step of steps) {
    const list = step.endsWith('[]');
    if (step !== '[]') keys.push(list ? step.slice(0, -2) : step);
    if (!list) continue;
    const i = `i${depth + 1}`;
    // A list's items, and the items of a list inside one (canonical.ts flattens them).
    const next = fromEach((json) => `flatten(transform(${itemsOf(json)}, ${i} -> ${itemsOf(i)}))`);
    if (next === undefined) return cannot;
    nodes = next;
    depth++;
    keys = [];
  }
  const values = fromEach(itemsOf);
  return values === undefined ? cannot : { ok: true, sql: values };
}

/**
 * A test on one item `v` of a field inside JSON, with the item's JSON kind: text only where
 * the item is JSON text (`"…"`), a number where it is a number, true/false where it is one.
 */
function itemTestSql(test: FieldTest): Sql {
  const value = `json_extract_scalar(v, '$')`;
  const isText = `json_format(v) LIKE '"%'`;
  if ('exists' in test) return { ok: true, sql: `${value} IS NOT NULL` };
  const text = folds(test) ? `lower(${value})` : value;
  const one = (v: Scalar): Sql => {
    if (typeof v === 'boolean') return { ok: true, sql: `json_format(v) = '${String(v)}'` };
    if (typeof v === 'number') {
      const n = sqlNumber(v);
      return n === undefined ? { ok: false, reason: `the number ${String(v)} is too large or too small to write exactly; compare with a plainer number` } : { ok: true, sql: `(NOT ${isText} AND try_cast(${value} AS double) = ${n})` };
    }
    const problem = unwritable(v);
    return problem ? { ok: false, reason: problem } : { ok: true, sql: `(${isText} AND ${text} = ${sqlString(folds(test) ? v.toLowerCase() : v)})` };
  };
  if ('equals' in test || 'oneOf' in test) {
    const parts: string[] = [];
    for (const v of 'equals' in test ? [test.equals] : test.oneOf) {
      const written = one(v);
      if (!written.ok) return written;
      parts.push(written.sql);
    }
    return { ok: true, sql: parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})` };
  }
  const pattern = likePattern(test);
  return 'reason' in pattern ? { ok: false, reason: pattern.reason } : { ok: true, sql: `(${isText} AND ${text} LIKE ${pattern.sql})` };
}

/** A test on a field read item by item (through lists, or of a kind AWS does not document): true when one value passes. */
function itemsTestSql(test: FieldTest, columns: SqlColumns, whyNot: string): Sql {
  const json = columns.json(test.field);
  if (json === undefined) return { ok: false, reason: whyNot };
  if (!json.ok) return json;
  const values = valuesArray(json.start, json.steps, test.field);
  if (!values.ok) return values;
  const item = itemTestSql(test);
  if (!item.ok) return item;
  const some = `coalesce(cardinality(filter(${values.sql}, v -> ${item.sql})) > 0, false)`;
  // exists: false holds when no value is there at all.
  return { ok: true, sql: 'exists' in test && !test.exists ? `NOT ${some}` : some };
}

/** One field test, with the field's documented kind. */
export function fieldTestSql(test: FieldTest, kind: FieldKind | undefined, columns: SqlColumns): Sql {
  if (readsThroughList(test.field))
    return itemsTestSql(test, columns, `${columns.tool} reads a list only inside the request, the response and the other JSON fields, so it cannot test ${test.field}, which reads every item of a list. The EventBridge and Elastic files of this rule read every item, as the rule does`);
  const read = columns.read(test.field);
  if (!read.ok) return read;
  if (kind === undefined)
    return itemsTestSql(
      test,
      columns,
      `AWS does not say that ${test.field} holds one value for the calls this rule looks at. It may hold a list, and ${columns.tool} reads one value per field here. The Sigma and Elastic files of this rule read a list by its items, as the rule does`,
    );
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
    const pattern = likePattern(test);
    if ('reason' in pattern) return { ok: false, reason: pattern.reason };
    inner = `${subject} LIKE ${pattern.sql}`;
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
