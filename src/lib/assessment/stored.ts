/**
 * The self-assessment's two browser stores, as stored and read back: one person's answers
 * (src/stores/assessment.ts) and the team on /assessment/team/ (src/stores/team.ts).
 *
 * One person's answers, key `plainsec:assessment:v1`, JSON:
 *   { "version": 1, "step": <number>, "file": <result file, format 1, with this person as the
 *     only respondent> }
 * `step` is the index of the question on screen in quiz order; the number of questions means
 * "results". A step that is not a whole number reads as -1 (the start).
 *
 * The team, key `plainsec:team:v1`, JSON:
 *   { "version": 1, "file": <result file, format 1, with every person in the team (any number,
 *     also none)> }
 * Text stored by earlier versions may also hold "baseline" (the answers at the last snapshot,
 * which "what changed" used before snapshots held question values): it is read past and dropped
 * at the next change.
 *
 * The result file inside may hold `evidence` (per question: title, url?, date, note?, addedBy?)
 * and `targets` (a level 1–3 per practice): both optional in result-file format 1, so texts
 * stored before them read unchanged, and no new key was needed.
 *
 * Migrations: version 1 is the first shape of both. A later shape gets a new key (`…:v2`) and a
 * reader here that takes a v1 text and returns the new shape; a version this page does not know
 * is a problem, and the store keeps the text aside and never overwrites it.
 *
 * Decoding never throws: unreadable text gives no state and a plain-words problem.
 */
import type { ResultFile } from './model.ts';
import { checkResultValue } from './result-file.ts';

export interface AssessmentState {
  version: 1;
  step: number;
  file: ResultFile;
}

export interface TeamState {
  version: 1;
  file: ResultFile;
}

export type Decoded<T> = { state?: T; problem?: string };

/**
 * The fields of stored JSON text with `"version": 1`, or a problem in words: `unreadable` and
 * `itIs` start its sentences ("Your saved answers could not be read", "Your saved answers are").
 */
function readVersion1(raw: string, unreadable: string, itIs: string): { value: Record<string, unknown> } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { problem: `${unreadable} (the stored text is not valid JSON).` };
  }
  if (typeof value !== 'object' || value === null || (value as { version?: unknown }).version !== 1) {
    return { problem: `${itIs} in a shape this page does not know.` };
  }
  return { value: value as Record<string, unknown> };
}

/** Reads one person's stored answers; nothing stored gives neither a state nor a problem. */
export function decodeOwnAnswers(raw: string | null): Decoded<AssessmentState> {
  if (raw === null || raw === '') return {};
  const read = readVersion1(raw, 'Your saved answers could not be read', 'Your saved answers are');
  if ('problem' in read) return read;
  const { step, file } = read.value;
  const checked = checkResultValue(file);
  if (!checked.ok) return { problem: `Your saved answers could not be read: ${checked.error}` };
  if (checked.file.respondents.length !== 1) return { problem: 'Your saved answers hold more than one person.' };
  return { state: { version: 1, step: typeof step === 'number' && Number.isInteger(step) ? step : -1, file: checked.file } };
}

/** How many questions the stored answers answer (0 for none). */
export function answeredCount(state: AssessmentState): number {
  return Object.keys(state.file.respondents[0]?.answers ?? {}).length;
}

export function emptyTeamState(): TeamState {
  return { version: 1, file: { formatVersion: 1, respondents: [] } };
}

/** Reads the stored team; nothing stored gives neither a state nor a problem. */
export function decodeTeam(raw: string | null): Decoded<TeamState> {
  if (raw === null || raw === '') return {};
  const read = readVersion1(raw, 'The team kept in this browser could not be read', 'The team kept in this browser is');
  if ('problem' in read) return read;
  const checked = checkResultValue(read.value.file);
  if (!checked.ok) return { problem: `The team kept in this browser could not be read: ${checked.error}` };
  return { state: { version: 1, file: checked.file } };
}
