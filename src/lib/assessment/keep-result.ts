/**
 * "Save": today's result kept in a result file's history, the same way for one person's answers
 * and for a team's. The stores apply it to the file as stored now (`keepFile` in
 * src/stores/assessment.ts, `keepTeamFile` in src/stores/team.ts).
 */
import { questionSetOf, stamped, type Question, type ResultFile } from './model.ts';
import { scoreAssessment } from './score.ts';
import { snapshotOf, withSnapshot } from './snapshots.ts';
import { teamSnapshotOf } from './trend.ts';

/**
 * The file scored at `at` with its snapshot added (a team's snapshot also names the people and
 * each question's team value), marked with this page's model version and question set. A
 * snapshot kept earlier the same day, of the same kind, is replaced.
 */
export function withResultKept(file: ResultFile, questions: readonly Question[], at: Date, whose: 'person' | 'team'): ResultFile {
  const result = scoreAssessment(questions, file.respondents, at);
  const snapshot = whose === 'team' ? teamSnapshotOf(result, at, file) : snapshotOf(result, at);
  return withSnapshot(stamped(file, questionSetOf(questions)), snapshot);
}
