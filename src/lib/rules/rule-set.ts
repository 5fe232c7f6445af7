/**
 * Reading and writing a rule-set file: the YAML that the site saves, the CLI reads and
 * `content/rules/` holds. Reading never throws: bad input comes back as plain-words errors that
 * name the field (`rules[2].notify`), the YAML line where there is one, and what to write instead.
 */
import { Document, isMap, isScalar, LineCounter, parseDocument, visit, type Node } from 'yaml';
import type * as z from 'zod/mini';
import { ruleSetSchema, type RuleSet } from './model.ts';

/** One problem in a rule-set file. `path` names the field, like `rules[2].notify`. */
export interface RuleSetError {
  path: string;
  message: string;
  /** The 1-based YAML line, where the problem can be placed on one. */
  line?: number;
}

/** The rule set read from a file, or every problem found in it. */
export type RuleSetParseResult = { ok: true; ruleSet: RuleSet } | { ok: false; errors: RuleSetError[] };

type PathPart = string | number;

/** `["rules", 2, "notify"]` → `rules[2].notify`. */
export function formatPath(path: readonly PathPart[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out || '(the whole file)';
}

/** One error as a person reads it: `rules[2].notify (line 14): write a Slack channel like #security-alerts`. */
export function formatRuleSetError(error: RuleSetError): string {
  return `${error.path}${error.line ? ` (line ${error.line})` : ''}: ${error.message}`;
}

const conditionHint =
  'write one test, like "field: eventName" with "equals: RunInstances" (or oneOf, startsWith, endsWith, wildcard, exists), or combine tests with not, allOf or anyOf';
const exceptionHint =
  'write one exception: unlessDoneByAwsService: true, unlessDoneByRoles: [a role], unlessDoneByUsers: [a user], onlyInRegions: [a region] or unlessItFailed: true';

function describeExpected(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const expected = String(issue.expected);
    const words: Record<string, string> = {
      string: 'text',
      number: 'a number',
      boolean: 'true or false',
      array: 'a list',
      object: 'a set of fields',
    };
    return words[expected] ?? expected;
  }
  return '';
}

/** Whether a union branch failed because the object has keys that branch does not know. */
function rejectsKeys(branch: z.core.$ZodIssue[]): boolean {
  return branch.some(
    (i) =>
      i.path.length === 0 &&
      (i.code === 'unrecognized_keys' || (i.code === 'invalid_union' && i.errors.length > 0 && i.errors.every(rejectsKeys))),
  );
}

/** The one union branch whose shape fits the input, or undefined when none or several do. */
function bestBranch(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue[] | undefined {
  const fitting = issue.errors.filter((branch) => !rejectsKeys(branch));
  return fitting.length === 1 ? fitting[0] : undefined;
}

function issueErrors(issue: z.core.$ZodIssue, base: PathPart[], input: unknown): { path: PathPart[]; message: string }[] {
  const path = [...base, ...(issue.path as PathPart[])];
  const name = path[path.length - 1];
  const where = path.map(String);
  const inWhen = where.includes('when');
  const inExceptions = where.includes('exceptions');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `"${key}" is not a field this file knows; remove it or check its spelling`,
      }));
    case 'invalid_type': {
      const missing = valueAt(input, path) === undefined;
      if (missing)
        return [{ path, message: `this is missing; add ${typeof name === 'string' ? `"${name}"` : 'it'} (${describeExpected(issue)})` }];
      return [{ path, message: `write ${describeExpected(issue)} here` }];
    }
    case 'invalid_union': {
      const branch = bestBranch(issue);
      if (branch) return branch.flatMap((i) => issueErrors(i, path, input));
      return [{ path, message: inExceptions && !inWhen ? exceptionHint : inWhen ? conditionHint : issue.message }];
    }
    case 'invalid_value':
      if (name === 'plainsecRules') return [{ path, message: 'write plainsecRules: 1 (the only version of this file format)' }];
      if (name === 'urgency') return [{ path, message: 'write one of wake-me-up, look-today or fyi' }];
      return [{ path, message: `write one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` }];
    default:
      return [{ path, message: issue.message }];
  }
}

function valueAt(input: unknown, path: PathPart[]): unknown {
  let here = input;
  for (const part of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<PathPart, unknown>)[part];
  }
  return here;
}

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
    const parsed = ruleSetSchema.safeParse(input);
    if (!parsed.success) {
      const seen = new Set<string>();
      const errors: RuleSetError[] = [];
      for (const issue of parsed.error.issues)
        for (const e of issueErrors(issue, [], input)) {
          const path = formatPath(e.path);
          const key = `${path}\u0000${e.message}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const line = lineOf(doc, counter, e.path);
          errors.push({ path, message: e.message, ...(line ? { line } : {}) });
        }
      return { ok: false, errors };
    }
    const firstById = new Map<string, number>();
    const duplicates: RuleSetError[] = [];
    parsed.data.rules.forEach((rule, index) => {
      const first = firstById.get(rule.id);
      if (first === undefined) firstById.set(rule.id, index);
      else {
        const line = lineOf(doc, counter, ['rules', index, 'id']);
        duplicates.push({
          path: `rules[${index}].id`,
          message: `the id "${rule.id}" is already used by rules[${first}]; give each rule its own id`,
          ...(line ? { line } : {}),
        });
      }
    });
    if (duplicates.length > 0) return { ok: false, errors: duplicates };
    return { ok: true, ruleSet: parsed.data };
  } catch (error) {
    return { ok: false, errors: [{ path: '(the whole file)', message: `the file could not be read: ${(error as Error).message}` }] };
  }
}

// ---------------------------------------------------------------- printing

const ruleKeyOrder = ['id', 'title', 'means', 'whatToDo', 'when', 'exceptions', 'urgency', 'notify', 'workingHours', 'references', 'attack', 'pinned'];
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

// Words that YAML 1.1 readers (and some tools still in use) take for true/false; quoting them keeps
// a value like MFAUsed: "No" a string everywhere.
const yaml11Booleans = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** Write a rule set as YAML, keys in a fixed order; `parseRuleSetYaml` reads it back unchanged. */
export function printRuleSetYaml(ruleSet: RuleSet): string {
  const plain = {
    plainsecRules: ruleSet.plainsecRules,
    ...(ruleSet.alerting ? { alerting: ruleSet.alerting } : {}),
    rules: ruleSet.rules.map((rule) => {
      const r: Record<string, unknown> = { ...rule, when: orderCondition(rule.when) };
      for (const k of ['exceptions', 'references', 'attack'])
        if (Array.isArray(r[k]) && (r[k] as unknown[]).length === 0) delete r[k];
      if (r['workingHours']) r['workingHours'] = ordered(r['workingHours'] as Record<string, unknown>, workingHoursKeyOrder);
      for (const k of Object.keys(r)) if (r[k] === undefined) delete r[k];
      return ordered(r, ruleKeyOrder);
    }),
  };
  const doc = new Document(plain);
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && yaml11Booleans.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}
