/**
 * Reading and writing a rule-set file: the YAML that the site saves, the CLI reads and
 * `content/rules/` holds. Reading never throws: bad input comes back as plain-words errors that
 * name the field (`rules[2].notify`), the YAML line where there is one, and what to write instead.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { documentedKind } from './fields.ts';
import type { RuleSet } from './model.ts';
import { yamlText } from './yaml-text.ts';
import { checkRuleSetParts, formatPath, type PathPart, type RuleSetParseResult } from './rule-set-check.ts';

export { formatPath, formatRuleSetError, checkRuleSetValue, type RuleSetError, type RuleSetParseResult } from './rule-set-check.ts';

/** The line of the nearest YAML node on the path (the node itself, or the closest parent that exists). */
function lineOf(doc: Document, counter: LineCounter, path: PathPart[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : (doc.getIn(path.slice(0, n), true) as Node | undefined);
    // For a key that is there, point at the key itself rather than its value.
    if (n === path.length && n > 0) {
      const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[n - 1]);
        if (pair && isScalar(pair.key) && pair.key.range) return counter.linePos(pair.key.range[0]).line;
      }
    }
    if (node && (node as Node).range) return counter.linePos((node as Node).range![0]).line;
  }
  return undefined;
}

/** Read a rule-set YAML file; never throws. */
export function parseRuleSetYaml(text: string): RuleSetParseResult {
  try {
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true, strict: true });
    if (doc.errors.length > 0)
      return {
        ok: false,
        errors: doc.errors.map((error) => {
          const line = error.linePos?.[0]?.line;
          const what =
            error.code === 'DUPLICATE_KEY'
              ? 'a key appears twice in the same place; keep one'
              : error.code === 'TAB_AS_INDENT'
                ? 'indent with spaces, not tabs'
                : `the YAML cannot be read (${error.message.split('\n')[0]}); check the indentation and that text with ": " or " #" is in quotes`;
          return { path: '(the whole file)', message: what, ...(line ? { line } : {}) };
        }),
      };
    const input: unknown = doc.toJS({ maxAliasCount: 50 });
    if (input === null || input === undefined)
      return { ok: false, errors: [{ path: '(the whole file)', message: 'the file is empty; start it with "plainsecRules: 1" and a list of rules' }] };
    const checked = checkRuleSetParts(input);
    if (!checked.ok)
      return {
        ok: false,
        errors: checked.problems.map((p) => {
          const line = lineOf(doc, counter, p.path);
          return { path: formatPath(p.path), message: p.message, ...(line ? { line } : {}) };
        }),
      };
    return { ok: true, ruleSet: checked.ruleSet };
  } catch (error) {
    return { ok: false, errors: [{ path: '(the whole file)', message: `the file could not be read: ${(error as Error).message}` }] };
  }
}

/** Something in a valid rule file that is probably not what its author meant, with its line. */
export interface RuleSetWarning {
  line: number;
  message: string;
}

/**
 * Numbers and true/false written without quotes in a test on a field AWS documents as text. YAML
 * reads `equals: 017622104382` as the number 17622104382 (the account id's leading zero lost),
 * and a text field never holds a number, so the test can never match. Empty when the YAML cannot
 * be read: `parseRuleSetYaml` says what is wrong then.
 */
export function unquotedValueWarnings(text: string): RuleSetWarning[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length > 0) return [];
  const warnings: RuleSetWarning[] = [];
  visit(doc, {
    Map(_, map, path) {
      // Only field tests under a rule's `when`, not an example event that has a "field" key.
      if (!path.some((p) => isPair(p) && isScalar(p.key) && p.key.value === 'when')) return;
      const field = map.get('field');
      if (typeof field !== 'string' || documentedKind(field) !== 'string') return;
      for (const key of ['equals', 'oneOf']) {
        const value = map.get(key, true);
        for (const item of isSeq(value) ? value.items : [value]) {
          if (!isScalar(item) || item.type !== 'PLAIN' || (typeof item.value !== 'number' && typeof item.value !== 'boolean')) continue;
          const written = item.source ?? String(item.value);
          const read =
            typeof item.value === 'boolean'
              ? `as ${item.value}, a true/false value`
              : `as the number ${item.value}${/^[-+]?0\d/.test(written) ? ' (the leading zero was lost)' : ''}`;
          warnings.push({
            line: item.range ? counter.linePos(item.range[0]).line : 0,
            message: `${field} ${key}: YAML read ${written} ${read}, but AWS writes ${field} as text, so this test can never match; put it in quotes: "${written}"`,
          });
        }
      }
    },
  });
  return warnings;
}

// ---------------------------------------------------------------- printing

const ruleKeyOrder = ['id', 'title', 'means', 'whatToDo', 'when', 'exceptions', 'urgency', 'notify', 'workingHours', 'noise', 'replaces', 'references', 'attack', 'cisAws', 'securityHub', 'pinned', 'examples'];
const conditionKeyOrder = ['field', 'equals', 'oneOf', 'startsWith', 'endsWith', 'wildcard', 'exists', 'not', 'allOf', 'anyOf'];
const workingHoursKeyOrder = ['timeZone', 'days', 'start', 'end'];

function ordered(value: Record<string, unknown>, order: string[]): Record<string, unknown> {
  const keys = Object.keys(value).sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib) || a.localeCompare(b);
  });
  return Object.fromEntries(keys.map((k) => [k, value[k]]));
}

function orderCondition(condition: unknown): unknown {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return condition;
  const c = condition as Record<string, unknown>;
  const out = ordered(c, conditionKeyOrder);
  if ('not' in out) out['not'] = orderCondition(out['not']);
  for (const k of ['allOf', 'anyOf']) if (Array.isArray(out[k])) out[k] = (out[k] as unknown[]).map(orderCondition);
  return out;
}

/**
 * Write a rule set as YAML, keys in a fixed order; `parseRuleSetYaml` reads it back unchanged, and
 * so does a YAML 1.1 reader (a value like MFAUsed: "No" stays text everywhere).
 */
export function printRuleSetYaml(ruleSet: RuleSet): string {
  const plain = {
    plainsecRules: ruleSet.plainsecRules,
    ...(ruleSet.alerting ? { alerting: ruleSet.alerting } : {}),
    rules: ruleSet.rules.map((rule) => {
      const r: Record<string, unknown> = { ...rule, when: orderCondition(rule.when) };
      for (const k of ['exceptions', 'references', 'attack', 'cisAws', 'securityHub'])
        if (Array.isArray(r[k]) && (r[k] as unknown[]).length === 0) delete r[k];
      if (r['workingHours']) r['workingHours'] = ordered(r['workingHours'] as Record<string, unknown>, workingHoursKeyOrder);
      for (const k of Object.keys(r)) if (r[k] === undefined) delete r[k];
      return ordered(r, ruleKeyOrder);
    }),
  };
  return yamlText(plain);
}
