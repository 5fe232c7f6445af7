import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeResults } from '../../../src/lib/assessment/merge.ts';
import type { ResultFile, Snapshot } from '../../../src/lib/assessment/model.ts';
import { parseResultText, resultFileText } from '../../../src/lib/assessment/result-file.ts';
import { resultFileSchema } from '../../../src/lib/assessment/result-file-schema.ts';
import { scoreAssessment } from '../../../src/lib/assessment/score.ts';
import { snapshotOf, withSnapshot } from '../../../src/lib/assessment/snapshots.ts';
import { changesSince, defaultSaveAgainDays, pointBefore, saveAgainAfter, teamPoints, teamSnapshotOf, teamTrend } from '../../../src/lib/assessment/trend.ts';
import type { Respondent } from '../../../src/lib/assessment/model.ts';
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

describe('what changed since the team\'s earlier result', () => {
  const scored = (...people: Respondent[]) => scoreAssessment(teamQuestions, people, now);

  it('lists the questions whose team value went up or down, largest move first, and new answers as up', () => {
    const then = teamSnapshotOf(scored(ana, bo), new Date('2026-09-06T10:00:00Z'), fileOf(ana, bo));
    const later: Respondent[] = [
      { ...ana, answers: { q1: 1, t1: 0.25 } },
      { ...bo, answers: { q1: 1, t1: 0.25, q3: 0.5 } },
    ];
    const changes = changesSince(scored(...later), then);
    expect(changes.map((c) => [c.question.id, c.direction, c.before, c.after])).toEqual([
      ['t1', 'down', 1, 0.25],
      ['q3', 'up', null, 0.5],
      ['q1', 'up', 0.75, 1],
    ]);
  });

  it('reports nothing when the answers are the same as then', () => {
    const then = teamSnapshotOf(scored(ana, bo, cy), new Date('2026-09-06T10:00:00Z'), fileOf(ana, bo, cy));
    expect(changesSince(scored(ana, bo, cy), then)).toEqual([]);
  });

  it('reports nothing from a snapshot saved without question values (an older version)', () => {
    expect(changesSince(scored(ana), snapshotOf(scored(bo), new Date('2026-09-06T10:00:00Z')))).toEqual([]);
  });

  it('compares with the last result from before today, not with a result saved today', () => {
    const result = scored(ana);
    const points = teamPoints([
      teamSnapshotOf(result, new Date('2026-06-01T10:00:00Z'), fileOf(ana)),
      teamSnapshotOf(result, new Date('2026-09-06T10:00:00Z'), fileOf(ana)),
      teamSnapshotOf(result, new Date('2026-12-05T09:00:00Z'), fileOf(ana)),
    ]);
    expect(pointBefore(points, '2026-12-05')?.date).toBe('2026-09-06T10:00:00.000Z');
    expect(pointBefore(points.slice(2), '2026-12-05')).toBeUndefined();
  });

  it('keeps each question\'s team value in a saved team file, and the file reads back the same', () => {
    const team = fileOf(ana, bo, cy);
    const saved = withSnapshot(team, teamSnapshotOf(scored(ana, bo, cy), new Date('2026-12-05T09:00:00Z'), team));
    expect(saved.snapshots![0]!.values).toMatchObject({ q1: 0.5, t1: 0.625 });
    const text = resultFileText(saved);
    const read = parseResultText(text);
    expect(read.ok && read.file).toEqual(saved);
    expect(resultFileSchema.safeParse(JSON.parse(text)).success).toBe(true);
  });

  it('refuses a snapshot whose question value is outside 0 to 1, in the reader and the published schema alike', () => {
    const bad = { ...fileOf(ana), snapshots: [{ ...teamSnapshotOf(scored(ana), now, fileOf(ana)), values: { q1: 1.5 } }] };
    const read = parseResultText(JSON.stringify(bad));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error).toMatch(/values\.q1/);
    expect(resultFileSchema.safeParse(bad).success).toBe(false);
  });
});

describe('saving twice in a day', () => {
  it("replaces the same day's snapshot of the same kind only: a person's own snapshot and the team's are both kept", () => {
    const team = fileOf(ana);
    const result = scoreAssessment(teamQuestions, team.respondents, now);
    const own = withSnapshot(team, snapshotOf(result, new Date('2026-12-05T08:00:00Z')));
    const both = withSnapshot(own, teamSnapshotOf(result, new Date('2026-12-05T09:00:00Z'), team));
    const again = withSnapshot(both, teamSnapshotOf(result, new Date('2026-12-05T10:00:00Z'), team));
    expect(again.snapshots!.map((s) => [s.date.slice(11, 13), s.people !== undefined])).toEqual([
      ['08', false],
      ['10', true],
    ]);
  });
});
