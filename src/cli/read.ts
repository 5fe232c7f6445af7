/**
 * Reading the CLI's input files, with errors in plain words that say what to write instead. Every
 * command reads its files through `readBytes` or `readText` here, so a missing file, a folder or a
 * file it may not read is said the same way everywhere.
 */
import { readFile, stat } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type * as z from 'zod/mini';
import { parseJsonText } from '../lib/rules/event-input.ts';
import { exceptionMisfit } from '../lib/rules/exceptions.ts';
import { ruleSetSchema, type RuleSet } from '../lib/rules/model.ts';
import { sourceOf } from '../lib/rules/sources.ts';

/** A value read from a file, or a plain-words error saying what to fix. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * A file-system error in plain words, naming the file and what to do. `kind` is what the command
 * wanted there ("file", "result file"), for the hint when a folder was given.
 */
export function fileProblem(file: string, error: unknown, kind = 'file'): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${file}: no such file. Check the path and try again.`;
  if (code === 'EISDIR') return `${file} is a folder; give the path of a ${kind} inside it.`;
  if (code === 'EACCES') return `${file}: not allowed to read it. Check its permissions.`;
  return `${file}: could not read it (${(error as Error).message}).`;
}

/** The most a command reads of one file, and what it says of a larger one (after "FILE: "). */
interface SizeLimit {
  bytes: number;
  refusal(size: number): string;
}

/**
 * A file's bytes, or a plain error naming the file. With a limit, a larger file is refused before
 * it is read, so a wrong pick (a disk image, a log) never fills the memory.
 */
export async function readBytes(file: string, kind = 'file', limit?: SizeLimit): Promise<Read<Buffer>> {
  try {
    if (limit) {
      const info = await stat(file);
      // A folder is left to readFile, which names it as a folder whatever its size.
      if (!info.isDirectory() && info.size > limit.bytes) return { ok: false, error: `${file}: ${limit.refusal(info.size)}` };
    }
    return { ok: true, value: await readFile(file) };
  } catch (e) {
    return { ok: false, error: fileProblem(file, e, kind) };
  }
}

/** A file's text (UTF-8, as node reads it), or a plain error naming the file. */
export async function readText(file: string): Promise<Read<string>> {
  const bytes = await readBytes(file);
  return bytes.ok ? { ok: true, value: bytes.value.toString('utf8') } : bytes;
}

const tests = ['equals', 'oneOf', 'startsWith', 'endsWith', 'wildcard', 'exists'];
const groups = ['not', 'allOf', 'anyOf'];

/** What is wrong with something that should be a condition, said as specifically as the input allows. */
function conditionProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (!keys.includes('field')) {
    const unknown = keys.filter((k) => !groups.includes(k));
    return unknown.length > 0
      ? `"${unknown[0]}" is not a condition; write a field test (field: ..., equals: ...) or not / allOf / anyOf`
      : undefined;
  }
  const operators = keys.filter((k) => k !== 'field' && k !== 'ignoreCase');
  const unknown = operators.filter((k) => !tests.includes(k));
  if (unknown.length > 0) return `"${unknown[0]}" is not a test; write one of ${tests.join(', ')}`;
  if (operators.length !== 1) return `a field test takes exactly one of ${tests.join(', ')}`;
  return undefined;
}

function valueAtPath(data: unknown, path: readonly PropertyKey[]): unknown {
  let here: unknown = data;
  for (const step of path) here = here !== null && typeof here === 'object' ? (here as Record<PropertyKey, unknown>)[step] : undefined;
  return here;
}

/** Zod issues as lines like `rules → rule 2 → notify: write a Slack channel like #security-alerts`. */
function describeIssues(issues: readonly z.core.$ZodIssue[], data?: unknown): string[] {
  return issues.map((issue) => {
    const where = issue.path
      .map((p, i) => (typeof p === 'number' ? (issue.path[i - 1] === 'rules' ? `rule ${p + 1}` : `item ${p + 1}`) : String(p)))
      .join(' → ');
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown setting ${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling`
        : issue.code === 'invalid_union'
          ? (conditionProblem(valueAtPath(data, issue.path)) ??
            'this is not a condition or exception Plainsec knows; see plainsec rules validate --help for the forms')
          : issue.message;
    return where ? `${where}: ${message}` : message;
  });
}

/** Parses rule-set YAML text, or says what is wrong with it. */
export function parseRuleSet(text: string, file: string): Read<RuleSet> {
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const at = e.linePos?.[0];
      return {
        ok: false,
        error: `${file}${at ? ` line ${at.line}, column ${at.col}` : ''}: this is not valid YAML (${e.code}). Check the indentation and quotes there.`,
      };
    }
    return { ok: false, error: `${file}: this is not valid YAML (${(e as Error).message}).` };
  }
  const result = ruleSetSchema.safeParse(data);
  if (result.success) {
    // An exception for the other log (onlyInRegions on a cluster rule) is valid YAML for the
    // schema but can never be checked; the site's reader refuses it the same way (rule-set-check.ts).
    const misfits = result.data.rules.flatMap((rule, r) =>
      rule.exceptions.flatMap((exception, e) => {
        const reason = exceptionMisfit(exception, sourceOf(rule));
        return reason ? [`  - rules → rule ${r + 1} → exceptions → item ${e + 1}: ${reason}`] : [];
      }),
    );
    if (misfits.length > 0) return { ok: false, error: `${file} is not a valid rule file:\n${misfits.join('\n')}` };
    return { ok: true, value: result.data };
  }
  const lines = describeIssues(result.error.issues, data).map((l) => `  - ${l}`);
  const hint =
    data === null || typeof data !== 'object' || !('plainsecRules' in data)
      ? '\nA rule file starts with "plainsecRules: 1" and then "rules:", a list of rules.'
      : '';
  return { ok: false, error: `${file} is not a valid rule file:\n${lines.join('\n')}${hint}` };
}

/** Reads and parses a rule-set file. */
export async function readRuleSet(file: string): Promise<Read<RuleSet>> {
  const text = await readText(file);
  return text.ok ? parseRuleSet(text.value, file) : text;
}

/** Parses JSON text, or says the line and column where it is broken and what was expected there. */
export function parseJson(text: string, file: string): Read<unknown> {
  const parsed = parseJsonText(text);
  if (parsed.ok) return parsed;
  return { ok: false, error: `${file}: this is not valid JSON at ${parsed.error}. Check for a missing comma, quote or bracket.` };
}
