/**
 * zod's English wording, for the problems a zod/mini schema does not word itself: "Invalid input:
 * expected string, received number", "Invalid option: expected one of "a"|"b"", "Unrecognized key: "x"".
 *
 * zod/mini ships no wording, so without this every such problem reads just "Invalid input". zod's
 * own switch, `z.config(z.locales.en())`, changes every schema in the page and, reached through
 * `z.locales`, brings every language zod knows into the browser (about 35 KB gzipped). A schema
 * built with `{ error: zodEnglish }` says what full zod said, in the browser, the CLI and the site
 * build alike.
 *
 * It words what a data schema meets: a wrong type, a value that is not allowed, unknown keys and a
 * union that no branch fits. Sizes, patterns and formats get their own words where they are checked.
 */
import type * as z from 'zod/mini';

/** How zod names the type of a value it did not expect ("array", "null", "NaN"), as its English does. */
function typeName(input: unknown): string {
  if (typeof input === 'number') return Number.isFinite(input) ? 'number' : String(input);
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'object' && Object.getPrototypeOf(input) !== Object.prototype && 'constructor' in input && input.constructor)
    return (input.constructor as { name: string }).name;
  return typeof input;
}

/** A literal as zod's English quotes it: text in double quotes, anything else as written. */
const quoted = (value: unknown): string =>
  typeof value === 'string' ? `"${value}"` : typeof value === 'bigint' ? `${value}n` : String(value);

export const zodEnglish: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return `Invalid input: expected ${issue.expected}, received ${typeName(issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `Invalid input: expected ${quoted(issue.values[0])}`
        : `Invalid option: expected one of ${issue.values.map(quoted).join('|')}`;
    case 'unrecognized_keys':
      return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map(quoted).join(', ')}`;
    default:
      return 'Invalid input';
  }
};
