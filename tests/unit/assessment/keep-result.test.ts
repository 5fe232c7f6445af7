import { describe, expect, it } from 'vitest';
import { currentModelVersion, questionSetOf } from '../../../src/lib/assessment/model.ts';
import { withResultKept } from '../../../src/lib/assessment/keep-result.ts';
import { scoreAssessment, weakestPracticeNames } from '../../../src/lib/assessment/score.ts';
import { practices } from '../../../src/lib/practices.ts';
import { fileOf, now, teamQuestions } from './support/team-fixtures.ts';

const ana = { id: 'ana', name: 'Ana', answers: { t1: 1, t2: 0.5, e1: 0 }, answeredAt: '2026-11-01T10:00:00Z' } as const;
const bo = { id: 'bo', name: 'Bo', answers: { t1: 0, e1: 1 }, answeredAt: '2026-11-02T10:00:00Z' } as const;

describe('saving a result keeps today’s scores in the file’s history', () => {
  it('a person’s save adds one snapshot of their scores and marks the file with this model and question set', () => {
    const kept = withResultKept(fileOf(ana), teamQuestions, now, 'person');
    expect(kept.modelVersion).toBe(currentModelVersion);
    expect(kept.questionSet).toBe(questionSetOf(teamQuestions));
    expect(kept.snapshots).toHaveLength(1);
    const [snapshot] = kept.snapshots!;
    expect(snapshot!.date).toBe(now.toISOString());
    expect(snapshot!.people).toBeUndefined();
    expect(snapshot!.headlineLevel).toBe(scoreAssessment(teamQuestions, [ana], now).headlineLevel);
  });

  it('a team’s save names the people scored and keeps each question’s team value', () => {
    const kept = withResultKept({ ...fileOf(ana, bo), team: 'Platform' }, teamQuestions, now, 'team');
    const [snapshot] = kept.snapshots!;
    expect(snapshot!.people).toEqual(['ana', 'bo']);
    expect(snapshot!.team).toBe('Platform');
    expect(snapshot!.values).toHaveProperty('t1');
  });

  it('saving twice on one day leaves one point, and a team’s point does not replace a person’s own', () => {
    const once = withResultKept(fileOf(ana), teamQuestions, now, 'person');
    const twice = withResultKept(once, teamQuestions, new Date(now.getTime() + 60_000), 'person');
    expect(twice.snapshots).toHaveLength(1);
    const withTeam = withResultKept(twice, teamQuestions, now, 'team');
    expect(withTeam.snapshots).toHaveLength(2);
  });
});

describe('the weakest practice', () => {
  it('names every practice at the headline level, in page order', () => {
    const result = scoreAssessment(teamQuestions, [ana, bo], now);
    const names = weakestPracticeNames(result);
    expect(names.length).toBeGreaterThan(0);
    for (const [id, practice] of Object.entries(practices)) {
      expect(names.includes(practice.name)).toBe(result.practices[id as keyof typeof practices].level === result.headlineLevel);
    }
  });
});
