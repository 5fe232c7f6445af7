/**
 * Writing one field test as a Falco condition for the CloudTrail plugin: quoting, the plugin's own
 * fields where they read a value exactly, json.value elsewhere, and what Falco cannot say (refused
 * with the reason, through `Refuse`). The rules file around these tests is written in falco.ts;
 * the writer for a cluster's audit log (k8s-audit/falco.ts) shares the quoting and patterns.
 */
import type { FieldTest, Urgency } from '../model.ts';
import { falcoStringFields } from '../matchers/falco.ts';
import { undocumentedShapeReason } from '../undocumented-shape.ts';
import type { FieldKind } from '../fields.ts';

/** Falco priority for each urgency (rule-targets.md). */
export const falcoPriorities: Record<Urgency, 'CRITICAL' | 'WARNING' | 'NOTICE'> = {
  'wake-me-up': 'CRITICAL',
  'look-today': 'WARNING',
  fyi: 'NOTICE',
};

/** Engine and plugin versions the exported files need (the same as the official CloudTrail rules). */
export const falcoRequirements = {
  required_engine_version: '0.10.0',
  required_plugin_versions: [
    { name: 'cloudtrail', version: '0.10.0' },
    { name: 'json', version: '0.7.0' },
  ],
};

/** A test Falco cannot say exactly; its message is the plain reason. */
export class Refuse extends Error {}

export const ctFieldFor: Map<string, string> = new Map(Object.entries(falcoStringFields).map(([ct, path]) => [path, ct]));

export const jsonValue = (path: string): string => `json.value[/${path.split('.').join('/')}]`;

/** A Falco double-quoted string; refuses control characters Falco cannot carry. */
export function quote(text: string): string {
  if (/[\u0000-\u0007\u000b\u000e-\u001f\u007f]/.test(text))
    throw new Refuse('a value holds a control character, which a Falco condition cannot carry; remove it');
  const escaped = text.replace(/[\\"\n\r\t\b\f]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' })[c]!);
  return `"${escaped}"`;
}

/** Text whose matching cannot depend on case: ASCII without letters. */
export const caseCannotMatter = (text: string): boolean => /^[\u0000-\u007f]*$/.test(text) && !/[A-Za-z]/.test(text);

/**
 * A test that ignores case, where Falco can say it: `*text*` becomes `icontains` (libsinsp's
 * strcasestr folds A–Z, which is the rule model's folding for ASCII text). Text without letters
 * means the same in any case, so it is compared exactly. Anything else is refused.
 */
export function ignoringCase(test: FieldTest & { ignoreCase?: true }, field: string): string | undefined {
  const texts = 'equals' in test ? [test.equals] : 'oneOf' in test ? test.oneOf : 'startsWith' in test ? [test.startsWith] : 'endsWith' in test ? [test.endsWith] : 'wildcard' in test ? [test.wildcard] : [];
  if (texts.every((t) => typeof t !== 'string' || caseCannotMatter(t))) return undefined;
  if ('wildcard' in test) {
    const parts = test.wildcard.split('*');
    const middle = parts.slice(1, -1).filter((p) => p !== '');
    if (parts.length >= 3 && parts[0] === '' && parts[parts.length - 1] === '' && middle.length === 1 && /^[\u0000-\u007f]*$/.test(middle[0]!))
      return `${field} icontains ${quote(middle[0]!)}`;
  }
  throw new Refuse(
    `Falco can ignore case only to find a piece of plain A to Z text anywhere in a field (icontains), not for ${describeTest(test)}; compare exactly, or use Sigma or EventBridge for this rule`,
  );
}

export const describeTest = (test: FieldTest): string =>
  'equals' in test || 'oneOf' in test
    ? `a whole value of ${test.field}`
    : 'startsWith' in test
      ? `the start of ${test.field}`
      : 'endsWith' in test
        ? `the end of ${test.field}`
        : 'wildcard' in test
          ? `the pattern "${test.wildcard}"`
          : test.field;

export function fieldTest(test: FieldTest, kind: FieldKind | undefined): string {
  const path = test.field;
  if (kind === undefined)
    throw new Refuse(undocumentedShapeReason('Falco', path, `reads a field that holds a list as no value (a ct.* field) or as the list's JSON text (json.value), never by its items`));
  const field = ctFieldFor.get(path) ?? jsonValue(path);
  if (!('exists' in test) && test.ignoreCase === true) {
    const written = ignoringCase(test, field);
    if (written !== undefined) return written;
  }
  // Documented: the field is missing or holds one value of its kind, never null or a group.
  if ('exists' in test) return test.exists ? `${field} exists` : `not ${field} exists`;
  if ('equals' in test || 'oneOf' in test) {
    const values = 'equals' in test ? [test.equals] : test.oneOf;
    if (values.every((v) => v === true) && (path === 'readOnly' || path === 'managementEvent')) {
      // The plugin turns the true/false value itself into "true"; when readOnly is missing it guesses.
      return path === 'readOnly' ? `(ct.readonly = "true" and ${jsonValue(path)} exists)` : `ct.managementevent = "true"`;
    }
    if (kind === 'boolean' && values.every((v) => typeof v === 'boolean')) {
      // Documented true/false: json.value writes it as the text true or false, and no text is ever there.
      const texts = [...new Set(values.map(String))];
      return texts.length === 1 ? `${jsonValue(path)} = ${quote(texts[0]!)}` : `${jsonValue(path)} in (${texts.map(quote).join(', ')})`;
    }
    const strings = values.filter((v): v is string => typeof v === 'string');
    if (strings.length !== values.length)
      throw new Refuse(`Falco compares ${path} as text, so it cannot tell a number or true/false from the same words written as text`);
    if (strings.length === 1) return `${field} = ${quote(strings[0]!)}`;
    return `${field} in (${strings.map(quote).join(', ')})`;
  }
  return patternTest(test, field);
}

/** A start, an end or a pattern of text as a Falco comparison on `field`; refuses a pattern a glob would read otherwise. */
export function patternTest(test: { startsWith: string } | { endsWith: string } | { wildcard: string }, field: string): string {
  if ('startsWith' in test) {
    return `${field} startswith ${quote(test.startsWith)}`;
  }
  if ('endsWith' in test) {
    return `${field} endswith ${quote(test.endsWith)}`;
  }
  const parts = test.wildcard.split('*');
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (parts.length === 1) return `${field} = ${quote(first)}`;
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  if (middle.length === 0 && last === '' && first !== '') return `${field} startswith ${quote(first)}`;
  if (middle.length === 0 && first === '' && last !== '') return `${field} endswith ${quote(last)}`;
  if (middle.length === 1 && first === '' && last === '') return `${field} contains ${quote(middle[0]!)}`;
  if (middle.length === 0 && first === '' && last === '') return `${field} exists`;
  if (/[?[\]\\]/.test(test.wildcard))
    throw new Refuse(`the pattern "${test.wildcard}" holds ?, [, ] or \\, which a Falco glob reads as special characters`);
  return `${field} glob ${quote(test.wildcard.replace(/\*+/g, '*'))}`;
}
