/**
 * Reading the quiz questions (content/quiz/<id>.yaml, or another folder of the same files) for
 * `plainsec assess`, with errors that name the file and the field. The checks match the site's
 * content schema for questions (src/content.config.ts), said in plain words. The single-file
 * command carries the site's files inside it (builtin-questions.ts) and reads those instead.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { practiceIds } from '../lib/practices.ts';
import type { Question } from '../lib/assessment/model.ts';
import { toQuestion, type QuestionData } from '../lib/assessment/questions.ts';
import { builtinQuestionFiles } from './builtin-questions.ts';
import { readText, type Read } from './read.ts';

/** The site's own questions, found from this file so the command works from any folder. */
export const defaultQuestionsDir = fileURLToPath(new URL('../../content/quiz/', import.meta.url));

const fields = ['practice', 'topic', 'level', 'weight', 'value', 'effort', 'cadenceDays', 'question', 'goodLooksLike', 'scale', 'guide', 'checklist', 'rules'];
const scales = ['coverage', 'frequency', 'scope'];
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v));

/** What is wrong with one question file's data, one line per field; empty when it is a good question. */
function questionProblems(data: unknown): string[] {
  if (!isRecord(data)) return ['the file must hold the question\'s fields ("practice: ...", "level: ...", and so on), not a list or a single value'];
  const problems: string[] = [];
  const oneOf = (field: string, allowed: readonly unknown[], words: string) => {
    if (!allowed.includes(data[field])) problems.push(`${field}: must be ${words} (found ${shown(data[field])})`);
  };
  const text = (field: string, min = 1) => {
    const v = data[field];
    if (typeof v !== 'string') problems.push(`${field}: must be text (found ${shown(v)})`);
    else if (v.trim().length < min) problems.push(`${field}: must be at least ${min} characters long`);
  };
  const list = (field: string) => {
    const v = data[field];
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) problems.push(`${field}: must be a list of ids, like [first-id, second-id]`);
  };
  for (const key of Object.keys(data)) if (!fields.includes(key)) problems.push(`"${key}" is not a question field; check the spelling (fields: ${fields.join(', ')})`);
  oneOf('practice', practiceIds, practiceIds.join(', '));
  text('topic');
  oneOf('level', [1, 2, 3], '1, 2 or 3');
  oneOf('weight', [1, 2], '1 or 2 (2 for a foundation)');
  oneOf('value', [1, 2, 3], '1, 2 or 3 (how much risk it removes)');
  oneOf('effort', [1, 2, 3], '1, 2 or 3 (hours, days or weeks)');
  const cadence = data['cadenceDays'];
  if (cadence !== undefined && !(typeof cadence === 'number' && Number.isInteger(cadence) && cadence > 0)) {
    problems.push(`cadenceDays: must be a whole number of days above 0, or left out (found ${shown(cadence)})`);
  }
  text('question', 10);
  text('goodLooksLike', 10);
  oneOf('scale', scales, scales.join(', '));
  text('guide');
  list('checklist');
  list('rules');
  return problems;
}

/**
 * Questions from a folder of `<id>.yaml` files, in file-name order; every problem in every file is
 * reported. With no folder: the questions built into the single-file command, else the site's.
 */
export async function readQuestions(dir?: string): Promise<Read<Question[]>> {
  if (dir === undefined && builtinQuestionFiles) {
    return questionsFromTexts(Object.entries(builtinQuestionFiles).map(([name, text]) => ({ name, file: name, text: { ok: true, value: text } })));
  }
  const folder = dir ?? defaultQuestionsDir;
  let names: string[];
  try {
    if (!(await stat(folder)).isDirectory()) return { ok: false, error: `${folder} is a file; --questions takes a folder of question files (<id>.yaml).` };
    names = (await readdir(folder)).filter((n) => n.endsWith('.yaml'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, error: `${folder}: no such folder. Check the path given to --questions.` };
    return { ok: false, error: `${folder}: could not read the folder (${(e as Error).message}).` };
  }
  if (names.length === 0) return { ok: false, error: `${folder} holds no question files (<id>.yaml). Check the path given to --questions.` };
  const files = [];
  for (const name of names) {
    const file = path.join(folder, name);
    files.push({ name, file, text: await readText(file) });
  }
  return questionsFromTexts(files);
}

/** Every question file read already (or the reason it could not be), checked in file-name order. */
function questionsFromTexts(files: { name: string; file: string; text: Read<string> }[]): Read<Question[]> {
  const questions: Question[] = [];
  const errors: string[] = [];
  for (const { name, file, text } of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!text.ok) {
      errors.push(text.error);
      continue;
    }
    let data: unknown;
    try {
      data = parseYaml(text.value, { prettyErrors: true });
    } catch (e) {
      const at = e instanceof YAMLParseError ? e.linePos?.[0] : undefined;
      errors.push(`${file}${at ? ` line ${at.line}, column ${at.col}` : ''}: this is not valid YAML. Check the indentation and quotes there.`);
      continue;
    }
    const problems = questionProblems(data);
    if (problems.length > 0) {
      errors.push(`${file} is not a valid question:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      continue;
    }
    questions.push(toQuestion(name.slice(0, -'.yaml'.length), data as QuestionData));
  }
  return errors.length > 0 ? { ok: false, error: errors.join('\n') } : { ok: true, value: questions };
}
