/** The history of a result: a dated snapshot of the scores each time it is saved. */
import { practiceIds } from '../practices.ts';
import type { ResultFile, Snapshot } from './model.ts';
import type { AssessmentResult } from './score.ts';

/** The scores of a result at a moment, rounded to one decimal as people read them. */
export function snapshotOf(result: AssessmentResult, when: Date): Snapshot {
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    date: when.toISOString(),
    scores: Object.fromEntries(practiceIds.map((p) => [p, round(result.practices[p].score)])) as Snapshot['scores'],
    headlineLevel: result.headlineLevel,
  };
}

/**
 * The file with a new snapshot added. A save on the same day as the last snapshot replaces it,
 * so saving twice in a meeting leaves one point on the trend, not two.
 */
export function withSnapshot(file: ResultFile, snapshot: Snapshot): ResultFile {
  const day = snapshot.date.slice(0, 10);
  const kept = (file.snapshots ?? []).filter((s) => s.date.slice(0, 10) !== day);
  return { ...file, snapshots: [...kept, snapshot].sort((a, b) => a.date.localeCompare(b.date)) };
}
