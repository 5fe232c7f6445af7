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
 *
 * Targets (a level 1–3 per practice, optional): the gap is measured to the target, as SAMMY's
 * `(1 + target − current)² − 1` is. Within a practice with a target, a question at or below the
 * target level is aimed at "all" (g = 1 − ŝ), whatever level the practice has reached, so the
 * plan walks the whole way to the target; a question above the target has no gap to it. Such
 * questions are still listed (as candidates by the usual rule), but under Later, after the steps
 * toward a target. P_max is the largest P of the steps that are not past a target, so targets
 * never push the model's own steps down a bucket. Steps toward a set target come first within
 * a bucket. Without targets the plan is the model's, unchanged.
 */
import { practiceIds } from '../practices.ts';
import type { Targets } from './model.ts';
import type { AssessmentResult, PracticeResult, QuestionResult } from './score.ts';

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
  /** The practice has a target and this question is at or below its level: a step toward it. */
  towardTarget: boolean;
  /** The practice has a target below this question's level: the step can wait (it is in Later). */
  pastTarget: boolean;
}

/** P = w · ((1 + g)² − 1) · V / E. */
export function priorityOf(weight: number, gap: number, value: number, effort: number): number {
  return (weight * ((1 + gap) ** 2 - 1) * value) / effort;
}

/** The next steps of a result, ordered as they should be shown; `targets` puts the steps toward them first. */
export function nextSteps(result: AssessmentResult, targets: Targets = {}): NextStep[] {
  const candidates: Omit<NextStep, 'bucket'>[] = [];
  for (const practice of practiceIds) {
    const { level, questions } = result.practices[practice];
    const target = targets[practice];
    for (const r of questions) {
      const towardTarget = target !== undefined && r.question.level <= target;
      if (r.status === 'na' || (r.question.level > level + 1 && !towardTarget)) continue;
      const gap = r.status === 'answered' ? 1 - (r.value ?? 0) : 1;
      if (gap <= 0) continue;
      const { weight, value, effort } = r.question;
      candidates.push({
        result: r,
        gap,
        priority: priorityOf(weight, gap, value, effort),
        talkFirst: r.flags.discuss || r.flags.knowledgeGap,
        findOut: r.status === 'unanswered',
        towardTarget,
        pastTarget: target !== undefined && !towardTarget,
      });
    }
  }
  const max = Math.max(0, ...candidates.filter((c) => !c.pastTarget).map((c) => c.priority));
  const bucketOf = (c: Omit<NextStep, 'bucket'>): Bucket =>
    c.pastTarget ? 'later' : c.priority >= max / 2 ? 'this-sprint' : c.priority >= max / 4 ? 'this-quarter' : 'later';
  return candidates
    .map((c) => ({ ...c, bucket: bucketOf(c) }))
    .sort(
      (a, b) =>
        buckets.indexOf(a.bucket) - buckets.indexOf(b.bucket) ||
        Number(a.pastTarget) - Number(b.pastTarget) ||
        Number(b.towardTarget) - Number(a.towardTarget) ||
        Number(b.talkFirst) - Number(a.talkFirst) ||
        b.priority - a.priority ||
        a.result.question.id.localeCompare(b.result.question.id),
    );
}

/** How far a practice is from its target. */
export interface TargetGap {
  /** The level aimed for, or null when none is set. */
  target: 1 | 2 | 3 | null;
  level: number;
  /** Levels still to go (target − level, never below 0), or null without a target. */
  gapToTarget: number | null;
  /** True when the practice has reached its target. */
  reached: boolean | null;
}

/** How far one practice is from its target. */
export function targetGapOf(practice: Pick<PracticeResult, 'level'>, target: 1 | 2 | 3 | undefined): TargetGap {
  if (target === undefined) return { target: null, level: practice.level, gapToTarget: null, reached: null };
  const gapToTarget = Math.max(0, target - practice.level);
  return { target, level: practice.level, gapToTarget, reached: gapToTarget === 0 };
}

/** How far each practice is from its target (null figures where no target is set). */
export function targetGaps(result: AssessmentResult, targets: Targets = {}): Record<(typeof practiceIds)[number], TargetGap> {
  return Object.fromEntries(practiceIds.map((p) => [p, targetGapOf(result.practices[p], targets[p])])) as Record<
    (typeof practiceIds)[number],
    TargetGap
  >;
}
