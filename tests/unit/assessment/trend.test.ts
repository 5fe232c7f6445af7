import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeResults } from '../../../src/lib/assessment/merge.ts';
import type { ResultFile, Snapshot } from '../../../src/lib/assessment/model.ts';
import { parseResultText, resultFileText } from '../../../src/lib/assessment/result-file.ts';
import { resultFileSchema } from '../../../src/lib/assessment/result-file-schema.ts';
import { scoreAssessment } from '../../../src/lib/assessment/score.ts';
import { snapshotOf, withSnapshot } from '../../../src/lib/assessment/snapshots.ts';
import { defaultSaveAgainDays, saveAgainAfter, teamPoints, teamSnapshotOf, teamTrend } from '../../../src/lib/assessment/trend.ts';
import { fileOf, now, teamQuestions } from './support/team-fixtures.ts';

const ana = { id: 'a', name: 'Ana', answers: { q1: 1, t1: 1 }, answeredAt: '2026-11-01T10:00:00Z' } as const;
const bo = { id: 'b', name: 'Bo', answers: { q1: 0.5, t1: 'DK' }, answeredAt: '2026-11-01T11:00:00Z' } as const;
const cy = { id: 'c', name: 'Cy', answers: { q1: 0, t1: 0.25 }, answeredAt: '2026-11-01T12:00:00Z' } as const;
const cadences = [{ cadenceDays: 90 }, { cadenceDays: 30 }, {}];

/** A person's own file as their results page saves it: their answers and their own snapshot. */
function ownFile(person: typeof ana | typeof bo | typeof cy, day: string): ResultFile {
  const file = fileOf(person);
  return withSnapshot(file, snapshotOf(scoreAssessment(teamQuestions, file.respondents, now), new Date(day)));
}

describe("the team's trend", () => {
  it("never counts people's own snapshots: three people's files from one day give no point at all", () => {
    const team = mergeResults([ownFile(ana, '2026-12-05T09:00:00Z'), ownFile(bo, '2026-12-05T10:00:00Z'), ownFile(cy, '2026-12-05T11:00:00Z')]).file;
    expect(team.snapshots).toHaveLength(3);
    expect(teamTrend(team, cadences)).toEqual({ kind: 'none', points: [], text: "No team result saved yet — save the team's result to start its trend." });
  });

  it('with one saved team result, says when to save again: after the shortest cadence', () => {
    const team = fileOf(ana, bo, cy);
    const saved = withSnapshot(team, teamSnapshotOf(scoreAssessment(teamQuestions, team.respondents, now), new Date('2026-12-05T15:00:00Z'), { ...team, team: 'Platform' }));
    expect(saved.snapshots![0]).toMatchObject({ people: ['a', 'b', 'c'], team: 'Platform' });
    const trend = teamTrend(saved, cadences);
    expect(trend).toMatchObject({ kind: 'one', saveAgainAfter: '2027-01-04', text: "One result so far — save the team's result again after 2027-01-04." });
  });

  it('makes one point per day, the last of the day, and a trend from two days', () => {
    const team = fileOf(ana, bo, cy);
    const result = scoreAssessment(teamQuestions, team.respondents, now);
    const at = (date: string) => teamSnapshotOf(result, new Date(date), team);
    const snapshots: Snapshot[] = [at('2026-12-05T16:00:00Z'), at('2026-09-06T10:00:00Z'), at('2026-12-05T09:00:00Z'), snapshotOf(result, new Date('2026-10-01T10:00:00Z'))];
    const points = teamPoints(snapshots);
    expect(points.map((p) => p.date)).toEqual(['2026-09-06T10:00:00.000Z', '2026-12-05T16:00:00.000Z']);
    expect(teamTrend({ ...team, snapshots }, cadences)).toEqual({ kind: 'trend', points });
  });

  it('gives the same points whatever the order of the snapshots', () => {
    const result = scoreAssessment(teamQuestions, fileOf(ana).respondents, now);
    const snapshotArb = fc
      .record({ day: fc.integer({ min: 0, max: 20 }), hour: fc.integer({ min: 0, max: 23 }), team: fc.boolean() })
      .map(({ day, hour, team }) => {
        const when = new Date(Date.UTC(2026, 10, 1 + day, hour));
        return team ? teamSnapshotOf(result, when, fileOf(ana)) : snapshotOf(result, when);
      });
    fc.assert(
      fc.property(fc.array(snapshotArb, { maxLength: 8 }), (snapshots) => {
        expect(teamPoints([...snapshots].reverse())).toEqual(teamPoints(snapshots));
        const days = teamPoints(snapshots).map((p) => p.date.slice(0, 10));
        expect(new Set(days).size).toBe(days.length);
      }),
    );
  });

  it('saves again after the default when no question has a cadence', () => {
    const snapshot = snapshotOf(scoreAssessment(teamQuestions, [], now), new Date('2026-12-05T23:30:00Z'));
    expect(saveAgainAfter(snapshot, [{}])).toBe(new Date(Date.UTC(2026, 11, 5 + defaultSaveAgainDays)).toISOString().slice(0, 10));
  });

  it('keeps a team snapshot through save and load, and the zod model accepts it', () => {
    const team = { ...fileOf(ana, bo), team: 'Platform' };
    const saved = withSnapshot(team, teamSnapshotOf(scoreAssessment(teamQuestions, team.respondents, now), now, team));
    expect(resultFileSchema.safeParse(saved).success).toBe(true);
    expect(parseResultText(resultFileText(saved))).toEqual({ ok: true, file: saved });
  });

  it('refuses a damaged list of people in a snapshot, with a plain reason', () => {
    const text = JSON.stringify({ formatVersion: 1, respondents: [], snapshots: [{ date: '2026-12-05', scores: {}, people: 'everyone' }] });
    expect(parseResultText(text)).toEqual({ ok: false, error: expect.stringMatching(/snapshots\[0\]\.people must be a list of at most 500 person ids/) });
  });
});
