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
 * The file with a new snapshot added. A save on the same day as an earlier snapshot of the same
 * kind (a team's, or a person's own) replaces it, so saving twice in a meeting leaves one point on
 * the trend, not two; a person's own snapshot that came along in a team file is never replaced by
 * the team's, nor the other way round.
 */
export function withSnapshot(file: ResultFile, snapshot: Snapshot): ResultFile {
  const day = snapshot.date.slice(0, 10);
  const isTeam = snapshot.people !== undefined;
  const kept = (file.snapshots ?? []).filter((s) => s.date.slice(0, 10) !== day || (s.people !== undefined) !== isTeam);
  return { ...file, snapshots: [...kept, snapshot].sort((a, b) => a.date.localeCompare(b.date)) };
}

/**
 * One snapshot per day (the last of each day), oldest first: the points of a trend. Ties in time
 * are broken by the whole snapshot's text, so the order snapshots arrive in never matters.
 */
export function onePerDay(snapshots: readonly Snapshot[]): Snapshot[] {
  const byDay = new Map<string, Snapshot>();
  const ordered = [...snapshots].sort((a, b) => a.date.localeCompare(b.date) || JSON.stringify(a).localeCompare(JSON.stringify(b)));
  for (const s of ordered) byDay.set(s.date.slice(0, 10), s);
  return [...byDay.values()];
}

/** A person's own snapshots, one per day: their own trend (a team's snapshots are the team's). */
export const ownPoints = (snapshots: readonly Snapshot[]): Snapshot[] => onePerDay(snapshots.filter((s) => s.people === undefined));
