/**
 * The team's trend, as the assessment model has it: a series of results of the same team saved
 * on different days. Only team snapshots count (taken when the team's result is saved or
 * downloaded, naming the people scored); a person's own snapshots that came along in their file
 * are that person's trend, never the team's. Several results from one day are one point, the last
 * of the day. With fewer than two days there is no trend: the answer says when to save again (the
 * shortest time an answer stays fresh, cadenceDays).
 */
import type { Question, ResultFile, Snapshot } from './model.ts';
import { snapshotOf } from './snapshots.ts';
import type { AssessmentResult } from './score.ts';

const dayMs = 86_400_000;
/** When no question says how long its answer stays fresh: save again after this many days. */
export const defaultSaveAgainDays = 90;

/** A snapshot of the team's result: the scores, the people whose answers were scored, and the team's name. */
export function teamSnapshotOf(result: AssessmentResult, when: Date, team: ResultFile): Snapshot {
  const snapshot: Snapshot = { ...snapshotOf(result, when), people: team.respondents.map((r) => r.id).sort() };
  if (team.team !== undefined) snapshot.team = team.team;
  return snapshot;
}

/** True for a snapshot of a team's result (not one person's own). */
export const isTeamSnapshot = (s: Snapshot): boolean => s.people !== undefined;

/** The team snapshots, one per day (the last of each day), oldest first. */
export function teamPoints(snapshots: readonly Snapshot[]): Snapshot[] {
  const byDay = new Map<string, Snapshot>();
  const ordered = snapshots.filter(isTeamSnapshot).sort((a, b) => a.date.localeCompare(b.date) || JSON.stringify(a).localeCompare(JSON.stringify(b)));
  for (const s of ordered) byDay.set(s.date.slice(0, 10), s);
  return [...byDay.values()];
}

/** The day (YYYY-MM-DD) after which saving the team's result again makes a trend. */
export function saveAgainAfter(last: Snapshot, questions: readonly Pick<Question, 'cadenceDays'>[]): string {
  const cadences = questions.map((q) => q.cadenceDays).filter((d): d is number => d !== undefined && d > 0);
  const days = cadences.length === 0 ? defaultSaveAgainDays : Math.min(...cadences);
  const day = Date.parse(`${last.date.slice(0, 10)}T00:00:00Z`);
  return new Date(day + days * dayMs).toISOString().slice(0, 10);
}

export type TeamTrend =
  | { kind: 'trend'; points: Snapshot[] }
  | { kind: 'one'; points: Snapshot[]; saveAgainAfter: string; text: string }
  | { kind: 'none'; points: []; text: string };

/** The team's trend from a team file's snapshots, or what to do to get one. */
export function teamTrend(file: ResultFile, questions: readonly Pick<Question, 'cadenceDays'>[]): TeamTrend {
  const points = teamPoints(file.snapshots ?? []);
  if (points.length >= 2) return { kind: 'trend', points };
  if (points.length === 1) {
    const after = saveAgainAfter(points[0]!, questions);
    return { kind: 'one', points, saveAgainAfter: after, text: `One result so far \u2014 save the team's result again after ${after}.` };
  }
  return { kind: 'none', points: [], text: "No team result saved yet \u2014 save the team's result to start its trend." };
}
