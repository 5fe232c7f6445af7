/**
 * Scores, levels and uncertainty for one person or a whole team, as set out in the assessment
 * model, version 2 (../shared/reference/assessment-model.md) and explained on
 * /assessment/how-scoring-works/.
 *
 * Decisions where the model leaves room (each is tested and written on the scoring page):
 * - "I don't know" is never a zero: it is missing knowledge. A question's known share is
 *   k = n / (n + #DK) (0 when nobody gave a number), so an "I don't know" lowers coverage and,
 *   through u = #DK / (n + #DK), widens the ±. A question everyone answers with it is unanswered:
 *   left out of the score, k = 0.
 * - "Doesn't apply" wins for the team when at least half of those who know (everyone but the DKs)
 *   say so; then the question is left out of score and coverage. Whenever some say it does not
 *   apply while others answer it, the question is flagged "applicability disputed", whichever wins.
 * - A level counts as reached only when the weighted mean of its answered questions is at least
 *   0.75 and at least 60 % of its applicable weight is known (Σ w·k / Σ w), so no level rests on
 *   one voice. A level with no answered applicable question cannot be shown to be reached, so it
 *   stops the climb; progress towards it is then unknown (null).
 * - A practice with no answered question has no score (null); the overall score is the mean of the
 *   practices that have one. The headline level is the weakest practice's level.
 * - With one person the uncertainty is 0: each of their questions is either known (a number) or
 *   unanswered (an "I don't know"), and what is unanswered shows in coverage instead.
 * - Knowledge gap: someone said "I don't know" and either the team value is at least one half or at
 *   most one person gave a number (everyone "I don't know" included). Agreement (consensus) needs
 *   two numbers; with fewer it is null, never 100 %.
 * - An answer is stale when it is older than the question's cadence; the effective score counts a
 *   stale answer at half its value. Both scores are always shown.
 */
import { practiceIds, practices, type PracticeId } from '../practices.ts';
import { isNumeric, type AnswerValue, type Question, type Respondent } from './model.ts';

const dayMs = 86_400_000;
/** Below this coverage a practice's result is preliminary. */
export const preliminaryBelow = 0.6;
/** The weighted mean a level needs to count as reached. */
export const levelThreshold = 0.75;
/** A spread of answers at least this wide means the team should talk. */
export const discussSpread = 0.5;
/** The known share of a level's weight it needs before it can count as reached. */
export const levelKnownAtLeast = 0.6;
/** The largest variance of an answer that could lie anywhere from 0 to 1: what an unknown adds. */
export const unknownVariance = 0.25;

/** What a team's answers say about one question. */
export interface QuestionResult {
  question: Question;
  /** answered: at least one numeric answer; na: the team says it does not apply; unanswered: no number. */
  status: 'answered' | 'na' | 'unanswered';
  /** People who gave any answer (a number, NA or DK). */
  responded: number;
  /** How many gave a number. */
  n: number;
  dk: number;
  na: number;
  /** Mean of the numeric answers (ŝ), or null. */
  value: number | null;
  /** The same with stale answers at half value. */
  effectiveValue: number | null;
  min: number | null;
  max: number | null;
  spread: number | null;
  /** Population standard deviation of the numeric answers. */
  sigma: number | null;
  /** 1 − σ / 0.5, from 0 (split down the middle) to 1 (all agree); null with fewer than two numbers. */
  consensus: number | null;
  /** u = #DK / (n + #DK): the share of "I don't know" among those who gave a number or said it; 0 when neither. */
  unknownRate: number;
  /** k = n / (n + #DK): the known share, 0 when nobody gave a number (for one person, 1 or 0). */
  known: number;
  /** How many of the numeric answers are older than the question's cadence. */
  stale: number;
  flags: { discuss: boolean; knowledgeGap: boolean; applicabilityDisputed: boolean };
}

/** What the answers say about one practice. */
export interface PracticeResult {
  practice: PracticeId;
  /** 0–100, or null when nothing applicable was answered. */
  score: number | null;
  /** The score with stale answers at half value. */
  effectiveScore: number | null;
  /** ± points on the 0–100 scale: the standard error of the weighted mean. */
  uncertainty: number | null;
  /** K = Σ w·k / Σ w over the applicable questions, 0–1; null if none applies. */
  coverage: number | null;
  preliminary: boolean;
  /** Highest level reached, 0–3. */
  level: number;
  /** Weighted mean at the next level (0–1), null at level 3 or when nothing there was answered. */
  progress: number | null;
  /** Weighted mean per level 1–3 (index 0 is level 1), null where nothing was answered. */
  levelMeans: (number | null)[];
  /** Known share per level 1–3 (Σ w·k / Σ w over its applicable questions), null where none applies. */
  levelKnown: (number | null)[];
  questions: QuestionResult[];
}

export interface AssessmentResult {
  practices: Record<PracticeId, PracticeResult>;
  /** Mean of the practice scores that exist, or null. */
  overall: number | null;
  /** The weakest practice's level. */
  headlineLevel: number;
  respondents: number;
}

function answerDate(respondent: Respondent, questionId: string): number {
  const when = respondent.answerDates?.[questionId] ?? respondent.answeredAt;
  const time = Date.parse(when);
  return Number.isNaN(time) ? 0 : time;
}

/** How a team's answers to one question combine (the model's "one team, several people"). */
export function scoreQuestion(question: Question, respondents: readonly Respondent[], now: Date): QuestionResult {
  const given: { value: AnswerValue; stale: boolean }[] = [];
  for (const respondent of respondents) {
    const value = respondent.answers[question.id];
    if (value === undefined) continue;
    const stale =
      question.cadenceDays !== undefined && now.getTime() - answerDate(respondent, question.id) > question.cadenceDays * dayMs;
    given.push({ value, stale });
  }
  const numbers = given.filter((g): g is { value: 0 | 0.25 | 0.5 | 1; stale: boolean } => isNumeric(g.value));
  const dk = given.filter((g) => g.value === 'DK').length;
  const na = given.filter((g) => g.value === 'NA').length;
  const n = numbers.length;
  // NA for the team when at least half of those who know say so (compared as 2·NA ≥ known, exactly).
  const teamNa = na > 0 && 2 * na >= given.length - dk;
  const applicabilityDisputed = na > 0 && n > 0;
  const status = teamNa ? 'na' : n === 0 ? 'unanswered' : 'answered';
  const unknownRate = n + dk === 0 ? 0 : dk / (n + dk);
  const known = n === 0 ? 0 : n / (n + dk);
  const stale = numbers.filter((g) => g.stale).length;
  const counts = { question, status, responded: given.length, n, dk, na, unknownRate, known, stale } as const;
  if (status !== 'answered') {
    const none = { value: null, effectiveValue: null, min: null, max: null, spread: null, sigma: null, consensus: null };
    // Nobody gave a number: if someone said "I don't know", the team does not know (a knowledge gap).
    return { ...counts, ...none, flags: { discuss: false, knowledgeGap: status === 'unanswered' && dk > 0, applicabilityDisputed } };
  }
  // Sorted so the floating-point sums below do not depend on the order people were merged in:
  // the same team gives the same report, byte for byte, whichever file was dropped first.
  const values: number[] = numbers.map((g) => g.value).sort((a, b) => a - b);
  const sum = values.reduce((a, b) => a + b, 0);
  const mean = sum / n;
  const effectiveSum = numbers.reduce((a, g) => a + (g.stale ? g.value / 2 : g.value), 0);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
  const sigma = Math.sqrt(variance);
  return {
    ...counts,
    value: mean,
    effectiveValue: effectiveSum / n,
    min,
    max,
    // Answers are multiples of 0.25, so the spread is exact and its comparison safe.
    spread: max - min,
    sigma,
    // Agreement needs at least two numbers: one answer agrees with nobody.
    consensus: n < 2 ? null : Math.min(1, Math.max(0, 1 - sigma / 0.5)),
    flags: {
      discuss: max - min >= discussSpread,
      // ŝ ≥ 0.5 compared on the exact sum, so a mean of exactly one half is never lost to rounding.
      knowledgeGap: dk > 0 && (sum >= 0.5 * n || n <= 1),
      applicabilityDisputed,
    },
  };
}

function weightedMean(results: readonly QuestionResult[], pick: (r: QuestionResult) => number | null): number | null {
  let weights = 0;
  let total = 0;
  for (const r of results) {
    const v = pick(r);
    if (v === null) continue;
    weights += r.question.weight;
    total += r.question.weight * v;
  }
  return weights === 0 ? null : total / weights;
}

/** Σ w·k / Σ w over these questions (the known share by weight), or null when there are none. */
function knownShare(results: readonly QuestionResult[]): number | null {
  return weightedMean(results, (q) => q.known);
}

/**
 * ± on 0–100: 100 · sqrt(Σ w² (σ² + 0.25·u) / n) / Σ w over the answered questions, the standard
 * error of the weighted mean, where each unknown answer could lie anywhere from 0 to 1.
 */
function uncertaintyOf(answered: readonly QuestionResult[]): number | null {
  const weights = answered.reduce((a, q) => a + q.question.weight, 0);
  if (weights === 0) return null;
  const variance = answered.reduce((a, q) => a + (q.question.weight ** 2 * ((q.sigma ?? 0) ** 2 + unknownVariance * q.unknownRate)) / q.n, 0);
  return (100 * Math.sqrt(variance)) / weights;
}

/** Score, coverage, uncertainty and level of one practice from its questions' results. */
export function scorePractice(practice: PracticeId, questions: readonly QuestionResult[]): PracticeResult {
  const own = questions.filter((q) => q.question.practice === practice);
  const applicable = own.filter((q) => q.status !== 'na');
  const answered = applicable.filter((q) => q.status === 'answered');
  const mean = weightedMean(answered, (q) => q.value);
  const effective = weightedMean(answered, (q) => q.effectiveValue);
  const levels = [1, 2, 3] as const;
  const levelMeans = levels.map((level) => weightedMean(answered.filter((q) => q.question.level === level), (q) => q.value));
  const levelKnown = levels.map((level) => knownShare(applicable.filter((q) => q.question.level === level)));
  // The known share is a ratio of small whole numbers; the margin only keeps exactly 60 % from being lost to rounding.
  const met = (i: number) => (levelMeans[i] ?? -1) >= levelThreshold && (levelKnown[i] ?? 0) >= levelKnownAtLeast - 1e-12;
  let level = 0;
  while (level < 3 && met(level)) level++;
  const coverage = knownShare(applicable);
  return {
    practice,
    score: mean === null ? null : 100 * mean,
    effectiveScore: effective === null ? null : 100 * effective,
    uncertainty: uncertaintyOf(answered),
    coverage,
    preliminary: coverage === null || coverage < preliminaryBelow,
    level,
    progress: level === 3 ? null : (levelMeans[level] ?? null),
    levelMeans,
    levelKnown,
    questions: own,
  };
}

/** The whole result: every practice, the overall score and the headline level. */
export function scoreAssessment(questions: readonly Question[], respondents: readonly Respondent[], now: Date): AssessmentResult {
  const results = questions.map((q) => scoreQuestion(q, respondents, now));
  const practices = Object.fromEntries(practiceIds.map((p) => [p, scorePractice(p, results)])) as Record<PracticeId, PracticeResult>;
  const scores = practiceIds.map((p) => practices[p].score).filter((s): s is number => s !== null);
  return {
    practices,
    overall: scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length,
    headlineLevel: Math.min(...practiceIds.map((p) => practices[p].level)),
    respondents: respondents.length,
  };
}

/** Every question result of an assessment, in practice order. */
export function allQuestionResults(result: AssessmentResult): QuestionResult[] {
  return practiceIds.flatMap((p) => result.practices[p].questions);
}

/**
 * The names of the practices whose level is the headline level: the weakest, which set the level
 * overall (more than one when they tie), in page order.
 */
export function weakestPracticeNames(result: AssessmentResult): string[] {
  return practiceIds.filter((p) => result.practices[p].level === result.headlineLevel).map((p) => practices[p].name);
}
