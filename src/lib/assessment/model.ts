/**
 * The self-assessment's data: questions as the content defines them, answers as people give them,
 * and the result file that carries answers between browsers, people and the `plainsec` command.
 * The scoring math lives in score.ts; the plan in next-steps.ts.
 */
import type { PracticeId } from '../practices.ts';
import type { Scale } from './answers.ts';

/** How far a team has got with a question: not yet, some, most, all. */
export type NumericAnswer = 0 | 0.25 | 0.5 | 1;
/** A numeric answer, "Doesn't apply to us" (NA) or "I don't know" (DK). */
export type AnswerValue = NumericAnswer | 'NA' | 'DK';

const numericAnswers: readonly NumericAnswer[] = [0, 0.25, 0.5, 1];
export const answerValues: readonly AnswerValue[] = [...numericAnswers, 'NA', 'DK'];

/** One maturity question, as written in content/quiz/<id>.yaml. */
export interface Question {
  /** The file name; stable forever, never reused. */
  id: string;
  practice: PracticeId;
  topic: string;
  level: 1 | 2 | 3;
  /** 2 for foundations, which count double. */
  weight: 1 | 2;
  /** How much risk doing it removes, 1 to 3. */
  value: 1 | 2 | 3;
  /** 1 hours, 2 days, 3 weeks. */
  effort: 1 | 2 | 3;
  /** How many days an answer stays true before it should be checked again. */
  cadenceDays?: number;
  question: string;
  goodLooksLike: string;
  scale: Scale;
  /** `practice/slug` of the guide that helps. */
  guide: string;
  checklist: string[];
  rules: string[];
}

/** One person's answers. */
export interface Respondent {
  /** A random id made when the person starts; the same person keeps it across saves. */
  id: string;
  name?: string;
  role?: string;
  answers: Record<string, AnswerValue>;
  /** Why a question does not apply, by question id (asked for with every NA). */
  reasons?: Record<string, string>;
  /** When the answers were last changed (ISO 8601). */
  answeredAt: string;
  /** When each answer was given (ISO 8601), so an old answer can be marked stale on its own. */
  answerDates?: Record<string, string>;
}

/** The scores at one moment, kept each time a result is saved, to show a trend. */
export interface Snapshot {
  /** ISO 8601. */
  date: string;
  /** Score 0–100 per practice, or null where nothing was answered. */
  scores: Record<PracticeId, number | null>;
  headlineLevel?: number;
  /**
   * Present on a snapshot of a team's result (saved or downloaded from the team page): the ids of
   * the people whose answers it scored. A snapshot without it is one person's own.
   */
  people?: string[];
  /** The team's name when the team snapshot was taken. */
  team?: string;
  /**
   * On a team snapshot: each question's team value then (0–1), null where the team gave no number
   * or it did not apply. "What changed" compares today's answers with these, so a saved team file
   * alone says what moved, whatever order files are loaded in.
   */
  values?: Record<string, number | null>;
}

/**
 * Something that backs an answer up: a link to a runbook, a ticket, a screenshot's place, with a
 * note and the day it was checked ("CloudTrail org trail: <link to the Terraform>, checked
 * 2026-11-30"). The same title, link and date is the same item (see evidenceKey in evidence.ts).
 * Keys a newer Plainsec adds to an item are read, kept as they are and saved again.
 */
export interface Evidence {
  title: string;
  /** A web link (https:// or http://). */
  url?: string;
  /** When the evidence was checked (ISO 8601); it goes stale after the question's cadenceDays. */
  date: string;
  /** A few words on what it shows. */
  note?: string;
  /** The id of the person who added it (a respondent's id); set when a team is put together. */
  addedBy?: string;
  /** Keys from a newer version of the file, kept untouched. */
  [newer: string]: unknown;
}

/** The level a team aims for per practice (1 to 3), e.g. "by the end of Q1: Start somewhere level 2". */
export type Targets = Partial<Record<PracticeId, 1 | 2 | 3>>;

/**
 * The version of the assessment model (../shared/reference/assessment-model.md) that score.ts
 * follows. Version 2: an "I don't know" lowers coverage and widens the ±, and a level needs at
 * least 60 % of its weight known. Version 1 ignored "I don't know" in both.
 */
export const currentModelVersion = 2;

/** A result file (format 1): one or more people's answers, with the history of scores. */
export interface ResultFile {
  formatVersion: 1;
  /**
   * The model version the file's scores (its snapshots) were computed under. Files saved before
   * model version 2 held the question set here, as text; they are read as model version 1, with
   * that text moved to `questionSet`.
   */
  modelVersion?: number;
  /** The question set the answers were given against, as made by questionSetOf. */
  questionSet?: string;
  team?: string;
  respondents: Respondent[];
  snapshots?: Snapshot[];
  /** What backs the answers up, by question id. */
  evidence?: Record<string, Evidence[]>;
  /** The level the team aims for, per practice; the plan works toward it first. */
  targets?: Targets;
}

/**
 * The question set's version, `<count>-<hash of the sorted ids>`: it changes whenever a question is
 * added or retired, so a file says which questions its answers were given against.
 */
export function questionSetOf(questions: readonly Pick<Question, 'id'>[]): string {
  const ids = questions.map((q) => q.id).sort().join('\n');
  // FNV-1a, 32 bits: a short, stable fingerprint (not a security measure).
  let hash = 0x811c9dc5;
  for (let i = 0; i < ids.length; i++) {
    hash ^= ids.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${questions.length}-${hash.toString(16).padStart(8, '0')}`;
}

/** The file as this version saves or shares it: marked with this model version and the question set. */
export function stamped(file: ResultFile, questionSet: string): ResultFile {
  return { ...file, modelVersion: currentModelVersion, questionSet };
}

/**
 * True when the file says it was scored under another model version than this one (files saved
 * before version 2 read as version 1). A file that names no version (written by hand or by
 * another tool) is taken as this version.
 */
export function savedUnderOtherModel(file: ResultFile): boolean {
  return file.modelVersion !== undefined && file.modelVersion !== currentModelVersion;
}

/**
 * The one-line note for a result saved under another model version, or undefined. `what` names
 * it ("This result", "ana.json"); the note says it is scored now under this version.
 */
export function otherModelNote(file: ResultFile, what = 'This result'): string | undefined {
  if (!savedUnderOtherModel(file)) return undefined;
  return `${what} was saved under scoring model ${file.modelVersion}; it is scored here under model ${currentModelVersion}, so the scores may differ from the ones saved.`;
}

export const isNumeric = (value: AnswerValue | undefined): value is NumericAnswer => typeof value === 'number';
