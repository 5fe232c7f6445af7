/**
 * One person's self-assessment, kept in their browser only.
 *
 * Stored shape (key `plainsec:assessment:v1`), JSON:
 *   { "version": 1, "step": <number>, "file": <result file, format 1, with this person as the
 *     only respondent> }
 * `step` is the index of the question on screen in quiz order; the number of questions means
 * "results". Version 1 is the first shape; a later shape gets a new version and a migration here.
 *
 * Other keys:
 * - `plainsec:assessment:v1:backup`: the stored text as it was before a load or "keep a copy"
 *   replaced it, for Undo.
 * - `plainsec:assessment:v1:unreadable`: stored text this page could not read, kept aside before
 *   anything overwrites it, so nothing is silently lost.
 *
 * Decoding never throws. When the browser cannot store (full or blocked), the answers stay on
 * the page and a plain message says to save them as a file.
 */
import { atom } from 'nanostores';
import type { AnswerValue, ResultFile, Respondent } from '../lib/assessment/model.ts';
import { checkResultValue } from '../lib/assessment/result-file.ts';
import { readStored, removeStored, writeStored } from './browser-storage.ts';

export const storageKey = 'plainsec:assessment:v1';
export const backupKey = `${storageKey}:backup`;
export const unreadableKey = `${storageKey}:unreadable`;

export interface AssessmentState {
  version: 1;
  step: number;
  file: ResultFile;
}

/** A plain-words problem with reading or saving, shown at the top of the tool. */
export const $assessmentProblem = atom<string | undefined>(undefined);
/** Set after a load replaced the answers: what was replaced, for the Undo button. */
export const $undoable = atom<string | undefined>(undefined);

function newId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `p-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function freshState(now = new Date()): AssessmentState {
  return { version: 1, step: -1, file: { formatVersion: 1, respondents: [{ id: newId(), answers: {}, answeredAt: now.toISOString() }] } };
}

/** Reads the stored text; never throws. */
export function decodeState(raw: string | null): { state?: AssessmentState; problem?: string } {
  if (raw === null || raw === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { problem: 'Your saved answers could not be read (the stored text is not valid JSON).' };
  }
  if (typeof value !== 'object' || value === null || (value as { version?: unknown }).version !== 1) {
    return { problem: 'Your saved answers are in a shape this page does not know.' };
  }
  const { step, file } = value as { step?: unknown; file?: unknown };
  const checked = checkResultValue(file);
  if (!checked.ok) return { problem: `Your saved answers could not be read: ${checked.error}` };
  if (checked.file.respondents.length !== 1) return { problem: 'Your saved answers hold more than one person.' };
  return { state: { version: 1, step: typeof step === 'number' && Number.isInteger(step) ? step : -1, file: checked.file } };
}

const notKept =
  'Your browser is not keeping your answers (its storage is full or blocked for this site). They stay on this page until you leave it: use "Save as a file" to keep them.';

function load(): AssessmentState {
  const raw = readStored(storageKey);
  if (raw === undefined) {
    if (typeof window !== 'undefined') $assessmentProblem.set(notKept);
    return freshState();
  }
  const { state, problem } = decodeState(raw);
  if (problem && raw !== null) {
    const keptAside = writeStored(unreadableKey, raw);
    $assessmentProblem.set(
      `${problem} ${keptAside ? `A copy of what was stored is kept in your browser under "${unreadableKey}", and` : 'It is left where it was, and'} you can start again below.`,
    );
    // When the copy could not be made, nothing is written over the original until the reader acts.
    if (!keptAside) writesBlocked = true;
  }
  return state ?? freshState();
}

let writesBlocked = false;
export const $assessment = atom<AssessmentState>(freshState());

/** Reads the browser's copy; called once when the tool starts in the browser. */
export function startAssessment(): void {
  $assessment.set(load());
  $undoable.set(readStored(backupKey) ?? undefined);
}

function persist(state: AssessmentState): void {
  $assessment.set(state);
  if (writesBlocked) return;
  if (writeStored(storageKey, JSON.stringify(state))) {
    if ($assessmentProblem.get() === notKept) $assessmentProblem.set(undefined);
  } else {
    $assessmentProblem.set(notKept);
  }
}

function me(state: AssessmentState): Respondent {
  return state.file.respondents[0]!;
}

function withMe(state: AssessmentState, change: (r: Respondent) => Respondent): AssessmentState {
  return { ...state, file: { ...state.file, respondents: [change(me(state))] } };
}

/** Records an answer (or clears it with undefined), with today's date. */
export function answer(questionId: string, value: AnswerValue | undefined, now = new Date()): void {
  persist(
    withMe($assessment.get(), (r) => {
      const answers = { ...r.answers };
      const answerDates = { ...r.answerDates };
      const reasons = { ...r.reasons };
      if (value === undefined) {
        delete answers[questionId];
        delete answerDates[questionId];
      } else {
        answers[questionId] = value;
        answerDates[questionId] = now.toISOString();
      }
      if (value !== 'NA') delete reasons[questionId];
      const next: Respondent = { ...r, answers, answerDates, answeredAt: now.toISOString() };
      if (Object.keys(reasons).length > 0) next.reasons = reasons;
      else delete next.reasons;
      return next;
    }),
  );
}

/** Records why a question does not apply. */
export function giveReason(questionId: string, reason: string): void {
  persist(withMe($assessment.get(), (r) => ({ ...r, reasons: { ...r.reasons, [questionId]: reason } })));
}

/** Name and role, both optional; empty text removes them. */
export function describeMe(details: { name?: string; role?: string }): void {
  persist(
    withMe($assessment.get(), (r) => {
      const next = { ...r };
      for (const key of ['name', 'role'] as const) {
        if (!(key in details)) continue;
        const value = details[key]?.trim();
        if (value) next[key] = value;
        else delete next[key];
      }
      return next;
    }),
  );
}

export function goTo(step: number): void {
  persist({ ...$assessment.get(), step });
}

/** Keeps a new version of the file (a snapshot added on save, say). */
export function replaceFile(file: ResultFile): void {
  persist({ ...$assessment.get(), file });
}

/**
 * Replaces the answers with a loaded or shared result, after keeping the current ones as the
 * backup for Undo. If the backup cannot be written, nothing is replaced and false is returned.
 */
export function replaceWith(file: ResultFile, step: number): boolean {
  const current = JSON.stringify($assessment.get());
  if (!writeStored(backupKey, current)) {
    $assessmentProblem.set(
      'Your browser could not keep a backup of your current answers (storage full or blocked), so nothing was replaced. Save your answers as a file first, then try again.',
    );
    return false;
  }
  writesBlocked = false;
  $undoable.set(current);
  persist({ version: 1, step, file });
  return true;
}

/** Puts back the answers as they were before the last replace. */
export function undoReplace(): void {
  const { state } = decodeState($undoable.get() ?? null);
  if (!state) return;
  persist(state);
  removeStored(backupKey);
  $undoable.set(undefined);
}

/** Starts over with no answers; the old ones become the backup, so Undo brings them back. */
export function startAgain(): void {
  replaceWith(freshState().file, -1);
}
