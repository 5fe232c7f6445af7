/**
 * One person's self-assessment, kept in their browser only. Reads and writes go through
 * browser-storage.ts; the stored shape, its reader and migrations are in
 * src/lib/assessment/stored.ts.
 *
 * Keys:
 * - `plainsec:assessment:v1`: `{ "version": 1, "step": <number>, "file": <result file, format 1,
 *   with this person as the only respondent> }` (`decodeOwnAnswers`).
 * - `plainsec:assessment:v1:backup`: the answers as they were before a load, "Keep a copy" of a
 *   shared result or "Start again" replaced them, for Undo, in the backup envelope of
 *   src/lib/storage/backup.ts (`{ "backup": 1, "takenAt", "what", "text" }`, `text` being this
 *   store's own text). Backups written before the envelope are the stored text alone and still undo.
 * - `plainsec:assessment:v1:unreadable`: stored text this page could not read, kept aside before
 *   anything overwrites it, so nothing is silently lost.
 *
 * Migrations: none yet (version 1 is the first shape); a later shape gets a new version and a
 * reader in src/lib/assessment/stored.ts.
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
import { decodeOwnAnswers, type AssessmentState } from '../lib/assessment/stored.ts';
import type { Backup } from '../lib/storage/backup.ts';
import { readStored, writeStored, watchOtherTabs } from './browser-storage.ts';
import { dropBackup, keepBackup, readBackup } from './backups.ts';
import { now } from './clock.ts';

export const storageKey = 'plainsec:assessment:v1';
export const backupKey = `${storageKey}:backup`;
const unreadableKey = `${storageKey}:unreadable`;

export { answeredCount, type AssessmentState } from '../lib/assessment/stored.ts';

/** A plain-words problem with reading or saving, shown at the top of the tool. */
export const $assessmentProblem = atom<string | undefined>(undefined);
/** The backup kept before the answers were last replaced, for the Undo notice (also after a reload). */
export const $undo = atom<Backup | undefined>(undefined);
/** False until this browser's copy has been read: until then the page shows neither answers nor an empty start. */
export const $assessmentReady = atom(false);

function newId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `p-${now().getTime().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function freshState(at: Date = now()): AssessmentState {
  return { version: 1, step: -1, file: { formatVersion: 1, respondents: [{ id: newId(), answers: {}, answeredAt: at.toISOString() }] } };
}

const notKept =
  'Your browser is not keeping your answers (its storage is full or blocked for this site). They stay on this page until you leave it: use "Save as a file" to keep them.';

function load(): AssessmentState {
  const raw = readStored(storageKey);
  if (raw === undefined) {
    if (typeof window !== 'undefined') $assessmentProblem.set(notKept);
    return freshState();
  }
  const { state, problem } = decodeOwnAnswers(raw);
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
  const { state } = decodeOwnAnswers(readStored(storageKey) ?? null);
  return state ?? $assessment.get();
}

/** Re-reads the stored answers and backup into the page. */
function refresh(): void {
  const { state } = decodeOwnAnswers(readStored(storageKey) ?? null);
  if (state) $assessment.set(state);
  $undo.set(readBackup(storageKey));
}

let stopWatching: (() => void) | undefined;

/**
 * Reads the browser's copy; called once when the tool starts in the browser. From then on a change
 * another tab makes is read at once. Returns a function that stops watching.
 */
export function startAssessment(): () => void {
  $assessment.set(load());
  $undo.set(readBackup(storageKey));
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

/**
 * Changes the file as stored now with `keep` (today's result added to the history on save, say:
 * `withResultKept` in src/lib/assessment/keep-result.ts); returns the file as kept.
 */
export function keepFile(keep: (file: ResultFile) => ResultFile): ResultFile {
  update((state) => ({ ...state, file: keep(state.file) }));
  return $assessment.get().file;
}

/**
 * This person's answers as stored now, for the team page's "Add my own answers": undefined with no
 * problem when none are stored (or the browser will not let the page read them).
 */
export function storedOwnAnswers(): { state?: AssessmentState; problem?: string } {
  return decodeOwnAnswers(readStored(storageKey) ?? null);
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
  $undo.set(backup);
  persist({ version: 1, step, file });
  return true;
}

/**
 * Puts back the answers as they were before the last replace (a backup from before the envelope
 * too). Undo swaps: the answers as they are now (with any given since) become the backup, so a
 * second Undo brings them back and nothing is lost.
 */
export function undoReplace(): boolean {
  const backup = readBackup(storageKey) ?? $undo.get();
  const { state } = decodeOwnAnswers(backup?.text ?? null);
  if (!state) {
    $assessmentProblem.set('The backup could not be read, so your answers were left as they are.');
    return false;
  }
  return replaceWith(state.file, state.step, 'Undo put back your earlier answers.');
}

/** Keeps the answers as they are now and forgets the backup. */
export function keepNewAnswers(): void {
  dropBackup(storageKey);
  $undo.set(undefined);
}

/** Starts over with no answers; the old ones become the backup, so Undo brings them back. */
export function startAgain(): boolean {
  return replaceWith(freshState().file, -1, 'You started again.');
}
