/**
 * The plan: which questions to work on first, from the model's priority formula
 * P = w · ((1 + g)² − 1) · V / E, with g = 1 − ŝ the gap.
 *
 * Candidates are the applicable questions at or below the level after the one a practice has
 * reached (a team cannot skip the basics). A question nobody could answer ("I don't know" from
 * everyone, or left blank) is a candidate with the full gap: finding out is the first step. It
 * never counts as zero in a score, only in the plan. Buckets compare P with the largest P in the
 * result: This sprint ≥ ½, This quarter ≥ ¼, Later below. Within a bucket, questions the team
 * should talk about (Discuss, Knowledge gap) come first, then by priority.
 */
import { practiceIds } from '../practices.ts';
import type { AssessmentResult, QuestionResult } from './score.ts';

export type Bucket = 'this-sprint' | 'this-quarter' | 'later';
export const bucketNames: Record<Bucket, string> = {
  'this-sprint': 'This sprint',
  'this-quarter': 'This quarter',
  later: 'Later',
};
export const buckets: readonly Bucket[] = ['this-sprint', 'this-quarter', 'later'];

/**
 * A question's effort (1 to 3, the E of the formula) in words. Not the guides' and checklist
 * items' effort levels ("an hour or less"…): those are `effortLevelWords` in src/lib/practices.ts.
 */
export const questionEffortWords = { 1: 'hours', 2: 'days', 3: 'weeks' } as const;

export interface NextStep {
  result: QuestionResult;
  /** The gap g = 1 − ŝ (1 for a question nobody could answer). */
  gap: number;
  priority: number;
  bucket: Bucket;
  /** Discuss or Knowledge gap: talk before doing. */
  talkFirst: boolean;
  /** Nobody could answer: find out where you stand first. */
  findOut: boolean;
}

/** P = w · ((1 + g)² − 1) · V / E. */
export function priorityOf(weight: number, gap: number, value: number, effort: number): number {
  return (weight * ((1 + gap) ** 2 - 1) * value) / effort;
}

/** The next steps of a result, ordered as they should be shown. */
export function nextSteps(result: AssessmentResult): NextStep[] {
  const candidates: Omit<NextStep, 'bucket'>[] = [];
  for (const practice of practiceIds) {
    const { level, questions } = result.practices[practice];
    for (const r of questions) {
      if (r.status === 'na' || r.question.level > level + 1) continue;
      const gap = r.status === 'answered' ? 1 - (r.value ?? 0) : 1;
      if (gap <= 0) continue;
      const { weight, value, effort } = r.question;
      candidates.push({
        result: r,
        gap,
        priority: priorityOf(weight, gap, value, effort),
        talkFirst: r.flags.discuss || r.flags.knowledgeGap,
        findOut: r.status === 'unanswered',
      });
    }
  }
  const max = Math.max(0, ...candidates.map((c) => c.priority));
  const bucketOf = (p: number): Bucket => (p >= max / 2 ? 'this-sprint' : p >= max / 4 ? 'this-quarter' : 'later');
  return candidates
    .map((c) => ({ ...c, bucket: bucketOf(c.priority) }))
    .sort(
      (a, b) =>
        buckets.indexOf(a.bucket) - buckets.indexOf(b.bucket) ||
        Number(b.talkFirst) - Number(a.talkFirst) ||
        b.priority - a.priority ||
        a.result.question.id.localeCompare(b.result.question.id),
    );
}
