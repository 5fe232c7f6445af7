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
 * - `plainsec:assessment:v1:backup`: the answers as they were before a load, "Keep a copy" of a
 *   shared result or "Start again" replaced them, for Undo, in the backup envelope of
 *   src/lib/storage/backup.ts (`{ "backup": 1, "takenAt", "what", "text" }`, `text` being this
 *   store's own text). Backups written before the envelope are the stored text alone and still undo.
 * - `plainsec:assessment:v1:unreadable`: stored text this page could not read, kept aside before
 *   anything overwrites it, so nothing is silently lost.
 *
 * Every change starts from what is stored now, not from what this tab read earlier, and a change
 * made in another tab is read at once (`watchOtherTabs`): two tabs open on the quiz keep each
 * other's answers. Nothing is written until the person changes something: opening a page (even
 * the results address) stores nothing.
 *
 * Decoding never throws. When the browser cannot store (full or blocked), the answers stay on
 * the page and a plain message says to save them as a file.
 */
import { atom } from 'nanostores';
import type { AnswerValue, ResultFile, Respondent } from '../lib/assessment/model.ts';
import { checkResultValue } from '../lib/assessment/result-file.ts';
import type { Backup } from '../lib/storage/backup.ts';
import { readStored, writeStored, watchOtherTabs } from './browser-storage.ts';
import { dropBackup, keepBackup, readBackup } from './backups.ts';
import { now } from './clock.ts';

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
/** The backup kept before the answers were last replaced, for the Undo notice (also after a reload). */
export const $undoable = atom<Backup | undefined>(undefined);
/** False until this browser's copy has been read: until then the page shows neither answers nor an empty start. */
export const $assessmentReady = atom(false);

function newId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `p-${now().getTime().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function freshState(at: Date = now()): AssessmentState {
  return { version: 1, step: -1, file: { formatVersion: 1, respondents: [{ id: newId(), answers: {}, answeredAt: at.toISOString() }] } };
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

/** How many questions the stored answers answer (0 for none, or for nothing stored). */
export function answeredCount(state: AssessmentState): number {
  return Object.keys(state.file.respondents[0]?.answers ?? {}).length;
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

/**
 * The answers as stored now, which another tab may have changed since this one read them; this
 * tab's own copy when nothing readable is stored (a fresh browser, blocked storage, unreadable text).
 */
function latest(): AssessmentState {
  const { state } = decodeState(readStored(storageKey) ?? null);
  return state ?? $assessment.get();
}

/** Re-reads the stored answers and backup into the page. */
function refresh(): void {
  const { state } = decodeState(readStored(storageKey) ?? null);
  if (state) $assessment.set(state);
  $undoable.set(readBackup(storageKey));
}

let stopWatching: (() => void) | undefined;

/**
 * Reads the browser's copy; called once when the tool starts in the browser. From then on a change
 * another tab makes is read at once. Returns a function that stops watching.
 */
export function startAssessment(): () => void {
  $assessment.set(load());
  $undoable.set(readBackup(storageKey));
  $assessmentReady.set(true);
  stopWatching?.();
  stopWatching = watchOtherTabs([storageKey], refresh);
  return () => {
    stopWatching?.();
    stopWatching = undefined;
  };
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

/** Applies a change to the answers as stored now, so a change made in another tab is never lost. */
function update(change: (state: AssessmentState) => AssessmentState): void {
  persist(change(latest()));
}

function me(state: AssessmentState): Respondent {
  return state.file.respondents[0]!;
}

function withMe(state: AssessmentState, change: (r: Respondent) => Respondent): AssessmentState {
  return { ...state, file: { ...state.file, respondents: [change(me(state))] } };
}

/** Records an answer (or clears it with undefined), with today's date. */
export function answer(questionId: string, value: AnswerValue | undefined, at: Date = now()): void {
  update((state) =>
    withMe(state, (r) => {
      const answers = { ...r.answers };
      const answerDates = { ...r.answerDates };
      const reasons = { ...r.reasons };
      if (value === undefined) {
        delete answers[questionId];
        delete answerDates[questionId];
      } else {
        answers[questionId] = value;
        answerDates[questionId] = at.toISOString();
      }
      if (value !== 'NA') delete reasons[questionId];
      const next: Respondent = { ...r, answers, answerDates, answeredAt: at.toISOString() };
      if (Object.keys(reasons).length > 0) next.reasons = reasons;
      else delete next.reasons;
      return next;
    }),
  );
}

/** Records why a question does not apply. */
export function giveReason(questionId: string, reason: string): void {
  update((state) => withMe(state, (r) => ({ ...r, reasons: { ...r.reasons, [questionId]: reason } })));
}

/** Name and role, both optional; empty text removes them. */
export function describeMe(details: { name?: string; role?: string }): void {
  update((state) =>
    withMe(state, (r) => {
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
  update((state) => ({ ...state, step }));
}

/** Keeps a new version of the file (a snapshot added on save, say). */
export function replaceFile(file: ResultFile): void {
  update((state) => ({ ...state, file }));
}

/**
 * Replaces the answers with a loaded or shared result (or none, to start again), after keeping
 * the answers stored now as the backup for Undo, with `what` saying what replaced them ("Loaded
 * bob.json."). If the backup cannot be written, nothing is replaced and false is returned.
 */
export function replaceWith(file: ResultFile, step: number, what: string): boolean {
  const current = latest();
  const backup = keepBackup(storageKey, JSON.stringify(current), what);
  if (!backup) {
    $assessmentProblem.set(
      'Your browser could not keep a backup of your current answers (its storage is full or blocked), so nothing was replaced. Use "Save as a file" to keep your answers first, then try again.',
    );
    return false;
  }
  writesBlocked = false;
  $undoable.set(backup);
  persist({ version: 1, step, file });
  return true;
}

/**
 * Puts back the answers as they were before the last replace (a backup from before the envelope
 * too). Undo swaps: the answers as they are now (with any given since) become the backup, so a
 * second Undo brings them back and nothing is lost.
 */
export function undoReplace(): boolean {
  const backup = readBackup(storageKey) ?? $undoable.get();
  const { state } = decodeState(backup?.text ?? null);
  if (!state) {
    $assessmentProblem.set('The backup could not be read, so your answers were left as they are.');
    return false;
  }
  return replaceWith(state.file, state.step, 'Undo put back your earlier answers.');
}

/** Keeps the answers as they are now and forgets the backup. */
export function keepNewAnswers(): void {
  dropBackup(storageKey);
  $undoable.set(undefined);
}

/** Starts over with no answers; the old ones become the backup, so Undo brings them back. */
export function startAgain(): boolean {
  return replaceWith(freshState().file, -1, 'You started again.');
}
