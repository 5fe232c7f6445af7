/**
 * A team result as the JSON that `plainsec assess score --json` prints, for CI jobs and other
 * tools. The shape is fixed; numbers are left unrounded. Scores and uncertainty are on 0–100,
 * coverage and progress on 0–1, and a value that does not exist is null (never 0).
 */
import { practiceIds, type PracticeId } from '../practices.ts';
import { nextSteps, type Bucket, type NextStep } from './next-steps.ts';
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
}

export interface ReportJson {
  practices: Record<PracticeId, PracticeReport>;
  overall: number | null;
  headlineLevel: number;
  respondents: number;
  nextSteps: { question: string; bucket: Bucket; priority: number }[];
}

/** The report of a result; the next steps default to the model's plan for it. */
export function reportJson(result: AssessmentResult, steps: readonly NextStep[] = nextSteps(result)): ReportJson {
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
      };
      return [id, report];
    }),
  ) as Record<PracticeId, PracticeReport>;
  return {
    practices,
    overall: result.overall,
    headlineLevel: result.headlineLevel,
    respondents: result.respondents,
    nextSteps: steps.map((s) => ({ question: s.result.question.id, bucket: s.bucket, priority: s.priority })),
  };
}
