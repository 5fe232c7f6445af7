/**
 * Comparing two saved results (a person's or a team's): what changed per question, per practice,
 * and which evidence was added, removed or has gone stale. The page /assessment/compare/ loads
 * this only once both sides are chosen.
 *
 * Pure: no page, no storage, no clock. The day to judge staleness and scores by is passed in.
 * A team's value per question and every score and level come from score.ts, as the team view
 * shows them, so the two pages never disagree.
 */
import { practiceIds, practices, type PracticeId } from '../practices.ts';
import { evidenceKey, isStaleEvidence, sortEvidence } from './evidence.ts';
import type { Evidence, Question, ResultFile } from './model.ts';
import { scoreAssessment, type QuestionResult } from './score.ts';
import { answerText, percent } from './team.ts';

/** A team value closer than this to another is the same value (as trend.ts rounds team values). */
const sameValue = 0.0005;

/** What one side says about a question: a number 0–1 (an answer or the team's value), "NA", "DK", or nothing. */
export type SideValue = number | 'NA' | 'DK' | undefined;

export type Change = 'better' | 'worse' | 'same' | 'newly answered' | 'no longer answered' | 'now unknown';

/** Each change as the page shows it, in words (never only a colour). */
export const changeWords: Record<Change, string> = {
  better: 'Better',
  worse: 'Worse',
  same: 'Same',
  'newly answered': 'Newly answered',
  'no longer answered': 'No longer answered',
  'now unknown': 'Now unknown',
};

export interface EvidenceChanges {
  /** In the after file, not in the before file (by title, link and date). */
  added: Evidence[];
  /** In the before file, not in the after file. */
  removed: Evidence[];
  /** In the after file and older than the question's cadence on the day compared. */
  stale: Evidence[];
}

export interface QuestionChange {
  id: string;
  practice: PracticeId;
  topic: string;
  before: SideValue;
  after: SideValue;
  beforeWords: string;
  afterWords: string;
  change: Change;
  evidence: EvidenceChanges;
}

/** A question id one or both files hold that this version's questions do not have. */
export interface UnknownQuestion {
  id: string;
  /** Which of the two files hold answers or evidence for it. */
  in: 'before' | 'after' | 'both';
}

export interface PracticeSide {
  /** 0–100 rounded, or null when nothing was answered. */
  score: number | null;
  level: number;
}

export interface PracticeChange {
  practice: PracticeId;
  name: string;
  before: PracticeSide;
  after: PracticeSide;
}

export interface Comparison {
  /** Every question of this version, in the quiz's order (the order `questions` is given in). */
  questions: QuestionChange[];
  practices: PracticeChange[];
  /** Question ids the files hold that this version does not ask, sorted: listed, never dropped. */
  unknown: UnknownQuestion[];
  /** The day each file was last saved (YYYY-MM-DD), when it says. */
  beforeDay?: string;
  afterDay?: string;
  /** Which file was saved on the earlier day; "same" for one day; undefined when a file has no date. The order picked is kept. */
  older?: 'before' | 'after' | 'same';
  /** How many people each file holds. */
  beforePeople: number;
  afterPeople: number;
}

/** The latest moment a file knows of: its people's answeredAt and its snapshots' dates (ISO 8601), or undefined. */
export function lastSaved(file: ResultFile): string | undefined {
  const dates = [...file.respondents.map((r) => r.answeredAt), ...(file.snapshots ?? []).map((s) => s.date)].filter((d) => !Number.isNaN(Date.parse(d)));
  if (dates.length === 0) return undefined;
  return dates.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "3 Nov 2026" for a day YYYY-MM-DD, read as written (no time zone moves it). */
export function dayInWords(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${d} ${months[(m ?? 1) - 1]} ${y}`;
}

/** The question's value on one side: the person's answer, or the team's as score.ts computes it. */
function sideValue(r: QuestionResult): SideValue {
  if (r.status === 'na') return 'NA';
  if (r.status === 'answered') return r.value ?? undefined;
  return r.dk > 0 ? 'DK' : undefined;
}

/** A side's value in words: the question's own answer words, or a team's mean as a percentage. */
export function valueInWords(question: Question, value: SideValue): string {
  if (value === undefined) return 'no answer';
  if (value === 'NA') return "Doesn't apply";
  if (value === 'DK') return "I don't know";
  const exact = ([0, 0.25, 0.5, 1] as const).find((v) => Math.abs(v - value) < sameValue);
  return exact !== undefined ? answerText(question, exact) : `${percent(value)} on average`;
}

/** What kind of change leads from one side's value to the other's. */
export function changeOf(before: SideValue, after: SideValue): Change {
  if (typeof before === 'number' && typeof after === 'number') {
    if (Math.abs(after - before) < sameValue) return 'same';
    return after > before ? 'better' : 'worse';
  }
  if (before === after) return 'same';
  if (after === undefined) return 'no longer answered';
  if (before === undefined) return 'newly answered';
  if (after === 'DK') return 'now unknown';
  // A number after "I don't know" or "Doesn't apply", or "Doesn't apply" after "I don't know": now it is known.
  if (typeof after === 'number' || before === 'DK') return 'newly answered';
  // "Doesn't apply" after a number: the question no longer counts in the score.
  return 'no longer answered';
}

function evidenceChanges(question: Question, before: readonly Evidence[], after: readonly Evidence[], at: Date): EvidenceChanges {
  const beforeKeys = new Set(before.map(evidenceKey));
  const afterKeys = new Set(after.map(evidenceKey));
  return {
    added: sortEvidence(after.filter((e) => !beforeKeys.has(evidenceKey(e)))),
    removed: sortEvidence(before.filter((e) => !afterKeys.has(evidenceKey(e)))),
    stale: sortEvidence(after.filter((e) => isStaleEvidence(e, question, at))),
  };
}

function questionIdsIn(file: ResultFile): Set<string> {
  return new Set([...file.respondents.flatMap((r) => Object.keys(r.answers)), ...Object.keys(file.evidence ?? {})]);
}

const rounded = (score: number | null) => (score === null ? null : Math.round(score));

/**
 * What changed from `before` to `after`, as the user picked them (the older file may be either):
 * per question in `questions`' order, per practice, and the evidence. `at` is the day to judge
 * staleness and score by.
 */
export function compareResults(before: ResultFile, after: ResultFile, questions: readonly Question[], at: Date): Comparison {
  const beforeResult = scoreAssessment(questions, before.respondents, at);
  const afterResult = scoreAssessment(questions, after.respondents, at);
  const resultsOf = (r: typeof beforeResult) => new Map(practiceIds.flatMap((p) => r.practices[p].questions).map((q) => [q.question.id, q]));
  const beforeById = resultsOf(beforeResult);
  const afterById = resultsOf(afterResult);

  const changes = questions.map((question): QuestionChange => {
    const b = sideValue(beforeById.get(question.id)!);
    const a = sideValue(afterById.get(question.id)!);
    return {
      id: question.id,
      practice: question.practice,
      topic: question.topic,
      before: b,
      after: a,
      beforeWords: valueInWords(question, b),
      afterWords: valueInWords(question, a),
      change: changeOf(b, a),
      evidence: evidenceChanges(question, before.evidence?.[question.id] ?? [], after.evidence?.[question.id] ?? [], at),
    };
  });

  const side = (r: typeof beforeResult, p: PracticeId): PracticeSide => ({ score: rounded(r.practices[p].score), level: r.practices[p].level });
  const practiceChanges = practiceIds.map((p) => ({ practice: p, name: practices[p].name, before: side(beforeResult, p), after: side(afterResult, p) }));

  const known = new Set(questions.map((q) => q.id));
  const inBefore = questionIdsIn(before);
  const inAfter = questionIdsIn(after);
  const unknown = [...new Set([...inBefore, ...inAfter])]
    .filter((id) => !known.has(id))
    .sort()
    .map((id): UnknownQuestion => ({ id, in: inBefore.has(id) && inAfter.has(id) ? 'both' : inBefore.has(id) ? 'before' : 'after' }));

  const comparison: Comparison = { questions: changes, practices: practiceChanges, unknown, beforePeople: before.respondents.length, afterPeople: after.respondents.length };
  const beforeSaved = lastSaved(before);
  const afterSaved = lastSaved(after);
  if (beforeSaved !== undefined) comparison.beforeDay = new Date(beforeSaved).toISOString().slice(0, 10);
  if (afterSaved !== undefined) comparison.afterDay = new Date(afterSaved).toISOString().slice(0, 10);
  if (comparison.beforeDay !== undefined && comparison.afterDay !== undefined) {
    // By day, as the page says it: two saves on one day are "the same day", whichever came first.
    const order = comparison.beforeDay.localeCompare(comparison.afterDay);
    comparison.older = order < 0 ? 'before' : order > 0 ? 'after' : 'same';
  }
  return comparison;
}

/** True when something about the question changed: its value, or its evidence added, removed or stale. */
export function hasNews(q: QuestionChange): boolean {
  return q.change !== 'same' || q.evidence.added.length > 0 || q.evidence.removed.length > 0 || q.evidence.stale.length > 0;
}

/** A score and level in words: "45 of 100, level 1", or "no score yet, level 0". */
export function practiceSideInWords(side: PracticeSide): string {
  return `${side.score === null ? 'no score yet' : `${side.score} of 100`}, level ${side.level}`;
}

/**
 * The sentence that heads the comparison: when each file was saved, in the order picked, and how
 * many questions changed. "Before is from 3 Nov 2026 and After from 30 Nov 2026. 4 of 38 answers changed."
 */
export function summaryInWords(c: Comparison): string {
  const when = (day: string | undefined) => (day === undefined ? 'has no date' : `is from ${dayInWords(day)}`);
  const changed = c.questions.filter((q) => q.change !== 'same').length;
  const order = c.older === 'after' ? ' The file picked as After was saved first.' : c.older === 'same' ? ' Both were saved on the same day.' : '';
  const answers = c.questions.length === 1 ? 'answer' : 'answers';
  return `Before ${when(c.beforeDay)} and After ${when(c.afterDay).replace(/^is /, '')}.${order} ${changed} of ${c.questions.length} ${answers} changed.`;
}

/** Who a file holds: "one person", or "a team of 3 people (the team's value is shown)". */
export function peopleInWords(count: number): string {
  if (count === 1) return 'one person';
  return `a team of ${count} people (the team's value is shown)`;
}

/** Where an unknown question's answers are, in words. */
export function unknownInWords(u: UnknownQuestion): string {
  const where = u.in === 'both' ? 'both files' : u.in === 'before' ? 'only the Before file' : 'only the After file';
  return `${u.id}: in ${where}. This version of the questions does not ask it, so it is not compared.`;
}
