/**
 * A team result as the JSON that `plainsec assess score --json` prints, for CI jobs and other
 * tools. The shape is fixed; numbers are left unrounded. Scores and uncertainty are on 0–100,
 * coverage and progress on 0–1, and a value that does not exist is null (never 0). Where the file
 * sets a target level for a practice, `target` and `gapToTarget` (levels to go) say how far it is.
 */
import { practiceIds, type PracticeId } from '../practices.ts';
import type { Targets } from './model.ts';
import { nextSteps, targetGaps, type Bucket, type NextStep } from './next-steps.ts';
import type { AssessmentResult } from './score.ts';

export interface PracticeReport {
  /** 0–100, null when nothing applicable was answered. */
  score: number | null;
  /** ± points on 0–100, null when there is no score. */
  uncertainty: number | null;
  /** 0–1, null when no question of the practice applies. */
  coverage: number | null;
  /** 0–3. */
  level: number;
  /** 0–1 towards the next level; null at level 3 or when nothing at the next level was answered. */
  progress: number | null;
  preliminary: boolean;
  /** The level aimed for (1–3), null when the file sets none. */
  target: number | null;
  /** Levels still to go to the target (0 when reached), null without a target. */
  gapToTarget: number | null;
}

export interface ReportJson {
  practices: Record<PracticeId, PracticeReport>;
  overall: number | null;
  headlineLevel: number;
  respondents: number;
  nextSteps: { question: string; bucket: Bucket; priority: number }[];
}

/** The report of a result; the next steps default to the model's plan for it, toward the targets first. */
export function reportJson(result: AssessmentResult, steps?: readonly NextStep[], targets: Targets = {}): ReportJson {
  const plan = steps ?? nextSteps(result, targets);
  const gaps = targetGaps(result, targets);
  const practices = Object.fromEntries(
    practiceIds.map((id) => {
      const p = result.practices[id];
      const report: PracticeReport = {
        score: p.score,
        uncertainty: p.uncertainty,
        coverage: p.coverage,
        level: p.level,
        progress: p.progress,
        preliminary: p.preliminary,
        target: gaps[id].target,
        gapToTarget: gaps[id].gapToTarget,
      };
      return [id, report];
    }),
  ) as Record<PracticeId, PracticeReport>;
  return {
    practices,
    overall: result.overall,
    headlineLevel: result.headlineLevel,
    respondents: result.respondents,
    nextSteps: plan.map((s) => ({ question: s.result.question.id, bucket: s.bucket, priority: s.priority })),
  };
}
