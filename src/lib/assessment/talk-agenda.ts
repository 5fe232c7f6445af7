/**
 * What the team should talk about first: the questions flagged Discuss or Knowledge gap, ranked by
 * the model's priority, each with why in plain words. Its own module so the team page loads the
 * scoring code only once the answers are revealed.
 */
import type { NumericAnswer } from './model.ts';
import { priorityOf } from './next-steps.ts';
import { allQuestionResults, type AssessmentResult, type QuestionResult } from './score.ts';
import { answerText } from './team.ts';

/** How many questions "Talk about these first" shows; the rest are under "More to talk about (N)". */
export const talkFirstLimit = 5;

/** A question the team should talk about, with its priority and why, in words. */
export interface TalkItem {
  result: QuestionResult;
  /** P = w · ((1 + g)² − 1) · V / E, with g = 1 − ŝ (1 when nobody gave a number). */
  priority: number;
  /** Why, in plain words: "2 of 3 don't know", "answers range from Never to Always". */
  reasons: string[];
}

export interface TalkAgenda {
  /** At most talkFirstLimit questions, the highest priority first. */
  first: TalkItem[];
  /** The other flagged questions, in the same order: "More to talk about (N)". */
  more: TalkItem[];
}

/** Why a flagged question is worth talking about, in plain words. */
function talkReasons(r: QuestionResult): string[] {
  const reasons: string[] = [];
  if (r.flags.knowledgeGap) {
    if (r.n === 0) reasons.push(r.responded === 1 ? 'the only answer is "I don\'t know"' : `none of the ${r.responded} know`);
    else reasons.push(`${r.dk} of ${r.responded} ${r.dk === 1 ? "doesn't" : "don't"} know`);
  }
  if (r.flags.discuss && r.min !== null && r.max !== null) {
    reasons.push(`answers range from ${answerText(r.question, r.min as NumericAnswer)} to ${answerText(r.question, r.max as NumericAnswer)}`);
  }
  return reasons;
}

/** P rounded to 1e-9, so two priorities equal on paper compare as equal whatever the rounding of V / E. */
const rankable = (p: number) => Math.round(p * 1e9);

/**
 * The questions flagged Discuss or Knowledge gap, ranked as the model says: the highest priority
 * P first, then the larger spread Δ, then the larger unknown rate u (then the question id, so the
 * order never depends on anything else). The first talkFirstLimit are "Talk about these first".
 */
export function talkAgenda(result: AssessmentResult, limit = talkFirstLimit): TalkAgenda {
  const items = allQuestionResults(result)
    .filter((r) => r.flags.discuss || r.flags.knowledgeGap)
    .map((r): TalkItem => {
      const { weight, value, effort } = r.question;
      const gap = r.status === 'answered' ? 1 - (r.value ?? 0) : 1;
      return { result: r, priority: priorityOf(weight, gap, value, effort), reasons: talkReasons(r) };
    })
    .sort(
      (a, b) =>
        rankable(b.priority) - rankable(a.priority) ||
        (b.result.spread ?? 0) - (a.result.spread ?? 0) ||
        b.result.unknownRate - a.result.unknownRate ||
        a.result.question.id.localeCompare(b.result.question.id),
    );
  return { first: items.slice(0, limit), more: items.slice(limit) };
}

/**
 * Every question to talk about, in the order of talkAgenda: the first talkFirstLimit are the ones
 * to talk about first, the rest are "More to talk about".
 */
export function talkAboutFirst(result: AssessmentResult): QuestionResult[] {
  const { first, more } = talkAgenda(result);
  return [...first, ...more].map((item) => item.result);
}
