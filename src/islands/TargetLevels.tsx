/**
 * The level a team aims for per practice ("by the end of Q1: Start somewhere level 2"), and how far
 * each practice is from it. Shared by the results and the team view; the plan works toward the
 * targets first (nextSteps in src/lib/assessment/next-steps.ts).
 */
import { practiceIds, practices, type PracticeId } from '../lib/practices.ts';
import type { AssessmentResult } from '../lib/assessment/score.ts';
import type { Targets } from '../lib/assessment/model.ts';
import { targetGaps } from '../lib/assessment/next-steps.ts';

interface Props {
  result: AssessmentResult;
  targets: Targets;
  onChange: (practice: PracticeId, level: 1 | 2 | 3 | undefined) => void;
  /** Prefix of the controls' ids, so two of these on one page do not clash. */
  idPrefix: string;
}

/** "Level 1 now: 1 level to go", "Level 2 now: reached", or "No target" — words that say it without colour. */
export function gapInWords(gap: { level: number; target: number | null; gapToTarget: number | null }): string {
  if (gap.target === null || gap.gapToTarget === null) return `Level ${gap.level} now. No target set.`;
  if (gap.gapToTarget === 0) return `Level ${gap.level} now: target reached.`;
  return `Level ${gap.level} now: ${gap.gapToTarget} ${gap.gapToTarget === 1 ? 'level' : 'levels'} to go.`;
}

export default function TargetLevels({ result, targets, onChange, idPrefix }: Props) {
  const gaps = targetGaps(result, targets);
  return (
    <fieldset class="targets">
      <legend>Target level per practice</legend>
      <p class="hint">Set the level you aim for, say by the end of the quarter. The plan puts the steps toward it first.</p>
      <ul class="targets__list">
        {practiceIds.map((p) => {
          const id = `${idPrefix}-target-${p}`;
          return (
            <li key={p} class="targets__row">
              <label for={id}>{practices[p].name}</label>{' '}
              <select
                id={id}
                value={String(targets[p] ?? '')}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  onChange(p, value === '' ? undefined : (Number(value) as 1 | 2 | 3));
                }}
              >
                <option value="">No target</option>
                <option value="1">Level 1</option>
                <option value="2">Level 2</option>
                <option value="3">Level 3</option>
              </select>{' '}
              <span class="targets__gap" data-practice={p}>
                {gapInWords(gaps[p])}
              </span>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
