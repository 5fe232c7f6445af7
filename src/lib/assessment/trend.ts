/**
 * The team's trend, as the assessment model has it: a series of results of the same team saved
 * on different days. Only team snapshots count (taken when the team's result is saved or
 * downloaded, naming the people scored); a person's own snapshots that came along in their file
 * are that person's trend, never the team's. Several results from one day are one point, the last
 * of the day. With fewer than two days there is no trend: the answer says when to save again (the
 * shortest time an answer stays fresh, cadenceDays).
 */
import type { Question, ResultFile, Snapshot } from './model.ts';
import { onePerDay, snapshotOf } from './snapshots.ts';
import { allQuestionResults, type AssessmentResult } from './score.ts';

const dayMs = 86_400_000;
/** When no question says how long its answer stays fresh: save again after this many days. */
export const defaultSaveAgainDays = 90;

/** Team values are kept to 4 decimals: enough to tell any two means of quarters of up to 500 people apart. */
const kept = (v: number) => Math.round(v * 10_000) / 10_000;
/** Two team values closer than this are the same value (rounding), so no change is reported. */
const sameValue = 0.0005;

/**
 * A snapshot of the team's result: the scores, the people whose answers were scored, the team's
 * name, and each question's team value (null where the team gave no number or it did not apply).
 */
export function teamSnapshotOf(result: AssessmentResult, when: Date, team: ResultFile): Snapshot {
  const values = Object.fromEntries(
    allQuestionResults(result)
      .map((q) => [q.question.id, q.status === 'answered' && q.value !== null ? kept(q.value) : null] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  const snapshot: Snapshot = { ...snapshotOf(result, when), people: team.respondents.map((r) => r.id).sort(), values };
  if (team.team !== undefined) snapshot.team = team.team;
  return snapshot;
}

/** True for a snapshot of a team's result (not one person's own). */
const isTeamSnapshot = (s: Snapshot): boolean => s.people !== undefined;

/** The team snapshots, one per day (the last of each day), oldest first. */
export const teamPoints = (snapshots: readonly Snapshot[]): Snapshot[] => onePerDay(snapshots.filter(isTeamSnapshot));

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

/**
 * The team result "what changed" compares with: the last team point from a day before `today`
 * (YYYY-MM-DD). A result saved today is today's own point, so the comparison is with the one
 * before it; undefined when there is none.
 */
export function pointBefore(points: readonly Snapshot[], today: string): Snapshot | undefined {
  return points.filter((p) => p.date.slice(0, 10) < today).at(-1);
}

/** A question whose team value moved since an earlier team result. */
export interface QuestionChange {
  question: Question;
  before: number | null;
  after: number;
  direction: 'up' | 'down';
}

/**
 * The questions whose team value went up or down between an earlier team result and now. A
 * question answered only now counts as up from nothing; one with no number now is left out
 * (nobody can say it went down). Largest moves first. A snapshot without question values (saved
 * by an older version) gives no changes.
 */
export function changesSince(result: AssessmentResult, then: Snapshot): QuestionChange[] {
  if (then.values === undefined) return [];
  const changes: QuestionChange[] = [];
  for (const r of allQuestionResults(result)) {
    if (r.status !== 'answered' || r.value === null) continue;
    const before = then.values[r.question.id] ?? null;
    const after = kept(r.value);
    if (before !== null && Math.abs(after - before) < sameValue) continue;
    changes.push({ question: r.question, before, after, direction: before === null || after > before ? 'up' : 'down' });
  }
  const size = (c: QuestionChange) => Math.abs(c.after - (c.before ?? 0));
  return changes.sort((x, y) => size(y) - size(x) || x.question.id.localeCompare(y.question.id));
}
