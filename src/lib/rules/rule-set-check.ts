/**
 * Checking a rule set that is already data (parsed JSON or YAML, or built by the rule builder),
 * with the plain-words errors the CLI and the site share. No YAML here, so the browser can check
 * rules without loading a YAML reader; `rule-set.ts` adds YAML lines on top.
 */
import type * as z from 'zod/mini';
import { ruleSetSchema, type RuleSet } from './model.ts';
import { exceptionMisfit } from './exceptions.ts';
import { sourceOf } from './sources.ts';

/** One problem in a rule-set file. `path` names the field, like `rules[2].notify`. */
export interface RuleSetError {
  path: string;
  message: string;
  /** The 1-based YAML line, where the problem can be placed on one. */
  line?: number;
}

/** The rule set read from a file, or every problem found in it. */
export type RuleSetParseResult = { ok: true; ruleSet: RuleSet } | { ok: false; errors: RuleSetError[] };

export type PathPart = string | number;

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
  'write one exception: unlessDoneByAwsService: true, unlessInvokedByAnyAwsService: true, unlessDoneByRoles: [a role], unlessDoneByUsers: [a user], onlyInRegions: [a region] or unlessItFailed: true (and for a rule with source: k8s-audit, unlessDoneByCluster: true)';

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
      if (name === 'source')
        return [{ path, message: "write cloudtrail (AWS CloudTrail records) or k8s-audit (a Kubernetes cluster's audit log), or leave it out for cloudtrail" }];
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

/** A problem with the path as parts, so a reader can place it (on a YAML line, next to a field). */
export interface PlacedProblem {
  path: PathPart[];
  message: string;
}

/** The rule set, or each problem with its path as parts; never throws. Ids must be unique. */
export function checkRuleSetParts(input: unknown): { ok: true; ruleSet: RuleSet } | { ok: false; problems: PlacedProblem[] } {
  const parsed = ruleSetSchema.safeParse(input);
  if (!parsed.success) {
    const seen = new Set<string>();
    const problems: PlacedProblem[] = [];
    for (const issue of parsed.error.issues)
      for (const e of issueErrors(issue, [], input)) {
        const key = `${formatPath(e.path)}\u0000${e.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        problems.push(e);
      }
    return { ok: false, problems };
  }
  const firstById = new Map<string, number>();
  const duplicates: PlacedProblem[] = [];
  parsed.data.rules.forEach((rule, index) => {
    const first = firstById.get(rule.id);
    if (first === undefined) firstById.set(rule.id, index);
    else duplicates.push({ path: ['rules', index, 'id'], message: `the id "${rule.id}" is already used by rules[${first}]; give each rule its own id` });
  });
  if (duplicates.length > 0) return { ok: false, problems: duplicates };
  const misfits: PlacedProblem[] = [];
  parsed.data.rules.forEach((rule, index) =>
    rule.exceptions.forEach((exception, at) => {
      const reason = exceptionMisfit(exception, sourceOf(rule));
      if (reason) misfits.push({ path: ['rules', index, 'exceptions', at], message: reason });
    }),
  );
  if (misfits.length > 0) return { ok: false, problems: misfits };
  return { ok: true, ruleSet: parsed.data };
}

/** The rule set, or every problem in the words the CLI prints; never throws. */
export function checkRuleSetValue(input: unknown): RuleSetParseResult {
  const checked = checkRuleSetParts(input);
  return checked.ok ? checked : { ok: false, errors: checked.problems.map((p) => ({ path: formatPath(p.path), message: p.message })) };
}
