/**
 * CloudWatch Logs JSON filter patterns (`{ $.a = "x" && ... }`): parsing and evaluation on one
 * JSON log event, as the CloudWatch Logs "Filter and pattern syntax" documentation describes them.
 *
 * Grammar: `{ expr }`; `expr` is terms joined by `||`; a term is factors joined by `&&` (so `&&`
 * binds tighter); a factor is `( expr )` or a comparison. A comparison is a selector (`$`, then
 * `.name` or `[index]` steps: `$.users[0].id`, `$.coordinates[0][1]`) followed by one of:
 * `= value`, `!= value`, `< number`, `> number`, `<= number`, `>= number`, `IS NULL`, `IS TRUE`,
 * `IS FALSE`, `NOT EXISTS`. A value is a double-quoted string (`\"` and `\\` escape), a number, or
 * an unquoted word (`123.123.*`, `kms.amazonaws.com`).
 *
 * Semantics, with where each comes from:
 * - `*` inside a string value matches any run of characters (documentation: "*Event" matches
 *   PutEvent; `{ $.sourceIPAddress != 123.123.* }`; Security Hub CloudWatch.2 uses
 *   "*UnauthorizedOperation" and "AccessDenied*"). There is no way to write a literal `*`.
 * - A string comparison reads a JSON string, or the text of a JSON number (LocalStack's tests
 *   validated against AWS: `{ $.someInt = 1* }` matches 123). It never reads true, false or null.
 * - A number value compares numerically and only with JSON numbers (`{ $.someInt = 123.0 }`
 *   matches 123). Decision: a number value does not match a string such as "123".
 * - `!=` holds only on a present string or number that differs. It does NOT hold on a missing
 *   field: CloudWatch's own pattern tester shows `$.userIdentity.invokedBy != "x"` fails on records
 *   without the field (DataBiosphere/azul issue 5884). On an array or object, both `=` and `!=`
 *   fail (documentation, "JSON special considerations").
 * - `NOT EXISTS` holds when the selector finds nothing; `IS NULL` only on JSON null.
 * - A selector step through something that is not an object (or not an array, for `[n]`) finds
 *   nothing.
 */
import { piecesMatch } from '../canonical.ts';
import { matchCompiled, type CompiledDetection, type MatchResult } from '../target.ts';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A parsed filter pattern. */
type FilterExpression =
  | { kind: 'or'; parts: FilterExpression[] }
  | { kind: 'and'; parts: FilterExpression[] }
  | { kind: 'compare'; selector: SelectorStep[]; op: '=' | '!=' ; value: FilterValue }
  | { kind: 'numeric'; selector: SelectorStep[]; op: '<' | '>' | '<=' | '>='; value: number }
  | { kind: 'test'; selector: SelectorStep[]; test: 'IS NULL' | 'IS TRUE' | 'IS FALSE' | 'NOT EXISTS' };

/** One step of a selector: `.name` or `[index]`. */
type SelectorStep = { kind: 'name'; name: string } | { kind: 'index'; index: number };
/** The value on the right of `=` or `!=`: text (may hold `*`) or a number. */
type FilterValue = { kind: 'string'; text: string } | { kind: 'number'; value: number };

/** The longest filter pattern CloudWatch Logs accepts (PutMetricFilter `filterPattern`). */
export const maxFilterPatternLength = 1024;

class SyntaxProblem extends Error {}

const numberText = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Parse a JSON filter pattern; a plain-words reason when CloudWatch would not accept it. */
export function parseFilterPattern(text: string): { ok: true; expression: FilterExpression } | { ok: false; reason: string } {
  if (text.length > maxFilterPatternLength)
    return { ok: false, reason: `the filter is ${text.length} characters long; CloudWatch Logs accepts at most ${maxFilterPatternLength}` };
  let at = 0;
  const problem = (what: string): never => {
    throw new SyntaxProblem(`${what} at character ${at + 1}`);
  };
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at]!)) at++;
  };
  const peek = (word: string) => {
    skipSpace();
    return text.startsWith(word, at);
  };
  const expect = (word: string) => {
    if (!peek(word)) problem(`expected ${word}`);
    at += word.length;
  };

  const selector = (): SelectorStep[] => {
    skipSpace();
    if (text[at] !== '$') problem('expected a selector starting with $');
    at++;
    const steps: SelectorStep[] = [];
    for (;;) {
      if (text[at] === '.') {
        at++;
        const match = /^[A-Za-z0-9_-]+/.exec(text.slice(at));
        if (!match) problem('expected a property name after "."');
        steps.push({ kind: 'name', name: match![0] });
        at += match![0].length;
      } else if (text[at] === '[') {
        const match = /^\[(\d+)\]/.exec(text.slice(at));
        if (!match) problem('expected an array index like [0]');
        steps.push({ kind: 'index', index: Number(match![1]) });
        at += match![0].length;
      } else break;
    }
    if (steps.length === 0 || steps[0]!.kind !== 'name') problem('a selector starts with $.name');
    return steps;
  };

  const value = (): FilterValue => {
    skipSpace();
    if (text[at] === '"') {
      at++;
      let out = '';
      while (at < text.length && text[at] !== '"') {
        if (text[at] === '\\' && (text[at + 1] === '"' || text[at + 1] === '\\')) at++;
        out += text[at];
        at++;
      }
      if (text[at] !== '"') problem('a quoted value is not closed');
      at++;
      return { kind: 'string', text: out };
    }
    const match = /^[^\s()&|{}"]+/.exec(text.slice(at));
    if (!match) problem('expected a value');
    at += match![0].length;
    return numberText.test(match![0]) ? { kind: 'number', value: Number(match![0]) } : { kind: 'string', text: match![0] };
  };

  const comparison = (): FilterExpression => {
    const steps = selector();
    skipSpace();
    for (const test of ['IS NULL', 'IS TRUE', 'IS FALSE', 'NOT EXISTS'] as const)
      if (text.startsWith(test, at)) {
        at += test.length;
        return { kind: 'test', selector: steps, test };
      }
    const op = (['!=', '<=', '>=', '=', '<', '>'] as const).find((o) => text.startsWith(o, at));
    if (!op) return problem('expected =, !=, <, >, <=, >=, IS NULL, IS TRUE, IS FALSE or NOT EXISTS');
    at += op.length;
    const v = value();
    if (op === '=' || op === '!=') return { kind: 'compare', selector: steps, op, value: v };
    if (v.kind !== 'number') problem(`${op} needs a number`);
    return { kind: 'numeric', selector: steps, op, value: (v as { value: number }).value };
  };

  const factor = (): FilterExpression => {
    if (peek('(')) {
      expect('(');
      const inner = expression();
      expect(')');
      return inner;
    }
    return comparison();
  };
  const conjunction = (): FilterExpression => {
    const parts = [factor()];
    while (peek('&&')) {
      expect('&&');
      parts.push(factor());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'and', parts };
  };
  const expression = (): FilterExpression => {
    const parts = [conjunction()];
    while (peek('||')) {
      expect('||');
      parts.push(conjunction());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'or', parts };
  };

  try {
    expect('{');
    const parsed = expression();
    expect('}');
    skipSpace();
    if (at !== text.length) problem('unexpected text after the closing }');
    return { ok: true, expression: parsed };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { ok: false, reason: `the filter is not valid: ${error.message}` };
    throw error;
  }
}

type Found = { found: false } | { found: true; value: Json };

function select(event: Json, steps: SelectorStep[]): Found {
  let here: Json = event;
  for (const step of steps) {
    if (step.kind === 'name') {
      if (here === null || typeof here !== 'object' || Array.isArray(here) || !Object.hasOwn(here, step.name)) return { found: false };
      here = here[step.name]!;
    } else {
      if (!Array.isArray(here) || step.index >= here.length) return { found: false };
      here = here[step.index]!;
    }
  }
  return { found: true, value: here };
}

/** CloudWatch's `*` means what the canonical wildcard means (see `piecesMatch`), and a value has no literal star. */
const starMatches = (pattern: string, value: string): boolean => piecesMatch(pattern.split('*'), value);

/** Whether a parsed filter expression holds on a JSON event. */
function evaluateFilter(expression: FilterExpression, event: Json): boolean {
  switch (expression.kind) {
    case 'or':
      return expression.parts.some((p) => evaluateFilter(p, event));
    case 'and':
      return expression.parts.every((p) => evaluateFilter(p, event));
    case 'test': {
      const found = select(event, expression.selector);
      if (expression.test === 'NOT EXISTS') return !found.found;
      if (!found.found) return false;
      if (expression.test === 'IS NULL') return found.value === null;
      return found.value === (expression.test === 'IS TRUE');
    }
    case 'numeric': {
      const found = select(event, expression.selector);
      if (!found.found || typeof found.value !== 'number') return false;
      const [n, v] = [found.value, expression.value];
      return expression.op === '<' ? n < v : expression.op === '>' ? n > v : expression.op === '<=' ? n <= v : n >= v;
    }
    case 'compare': {
      const found = select(event, expression.selector);
      if (!found.found) return false;
      const actual = found.value;
      let equal: boolean;
      if (expression.value.kind === 'number') {
        if (typeof actual !== 'number') return false;
        equal = actual === expression.value.value;
      } else {
        if (typeof actual === 'string') equal = starMatches(expression.value.text, actual);
        else if (typeof actual === 'number') equal = starMatches(expression.value.text, String(actual));
        else return false;
      }
      return expression.op === '=' ? equal : !equal;
    }
  }
}

/** A filter pattern read once, to run on many log events. */
export function compileFilterPattern(patternText: string): CompiledDetection<unknown> {
  const parsed = parseFilterPattern(patternText);
  if (!parsed.ok) return parsed;
  const { expression } = parsed;
  return { ok: true, match: (event) => (evaluateFilter(expression, event as Json) ? { kind: 'match' } : { kind: 'no-match' }) };
}

/** Whether a CloudWatch Logs JSON filter pattern matches a JSON log event. */
export function matchFilterPattern(patternText: string, event: unknown): MatchResult {
  return matchCompiled(compileFilterPattern(patternText), event);
}
