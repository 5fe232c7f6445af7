import { describe, expect, it } from 'vitest';
import { practiceIds } from '../../../src/lib/practices.ts';
import { mergeResults } from '../../../src/lib/assessment/merge.ts';
import type { Question, Respondent } from '../../../src/lib/assessment/model.ts';
import { nextSteps } from '../../../src/lib/assessment/next-steps.ts';
import { reportJson } from '../../../src/lib/assessment/report-json.ts';
import { scoreAssessment } from '../../../src/lib/assessment/score.ts';
import { workedExampleFiles, workedExampleQuestions } from '../../../src/lib/assessment/worked-example.ts';

const now = new Date('2026-11-30T12:00:00Z');
const team = mergeResults(workedExampleFiles()).file.respondents;
const result = scoreAssessment(workedExampleQuestions, team, now);

describe('the JSON report of a result', () => {
  it('has exactly the published shape', () => {
    const report = reportJson(result);
    expect(Object.keys(report)).toEqual(['practices', 'overall', 'headlineLevel', 'respondents', 'nextSteps']);
    expect(Object.keys(report.practices)).toEqual([...practiceIds]);
    for (const p of practiceIds) {
      expect(Object.keys(report.practices[p])).toEqual(['score', 'uncertainty', 'coverage', 'level', 'progress', 'preliminary', 'target', 'gapToTarget']);
    }
    for (const step of report.nextSteps) expect(Object.keys(step)).toEqual(['question', 'bucket', 'priority']);
  });

  it("gives the worked example's figures unrounded, scores on 0–100 and coverage and progress on 0–1", () => {
    const report = reportJson(result);
    const s = report.practices['start-somewhere'];
    expect(s.score).toBe(result.practices['start-somewhere'].score);
    expect(s.score).toBeCloseTo((100 * (2 * (2.5 / 3) + 2 * 0.5 + 0.125 + 0.5 / 3)) / 7, 10);
    expect(s.score!.toFixed(1)).toBe('42.3');
    expect(s.progress).toBeCloseTo(0.5583333, 6);
    expect(s.coverage).toBeCloseTo(20 / 21, 12);
    expect(s.level).toBe(0);
    expect(s.preliminary).toBe(false);
    expect(s.uncertainty).toBe(result.practices['start-somewhere'].uncertainty);
    expect(s.uncertainty).toBeGreaterThan(0);
    expect(report.overall).toBe(s.score);
    expect(report.headlineLevel).toBe(0);
    expect(report.respondents).toBe(3);
  });

  it('lists the next steps in plan order with their bucket and unrounded priority', () => {
    const report = reportJson(result);
    expect(report.nextSteps.map((s) => [s.question, s.bucket])).toEqual([
      ['q3', 'this-sprint'],
      ['q2', 'this-sprint'],
      ['q1', 'this-quarter'],
    ]);
    expect(report.nextSteps[0]!.priority).toBe(5.03125);
    expect(report.nextSteps[1]!.priority).toBe(3.75);
    expect(report.nextSteps[2]!.priority).toBeCloseTo(13 / 6, 10);
    expect(report.nextSteps).toEqual(nextSteps(result).map((s) => ({ question: s.result.question.id, bucket: s.bucket, priority: s.priority })));
  });

  it('uses null where a value does not exist, never 0', () => {
    const report = reportJson(result);
    // No question of these practices is in the worked example.
    for (const p of ['trust-but-verify', 'everyone-owns-security'] as const) {
      expect(report.practices[p]).toEqual({ score: null, uncertainty: null, coverage: null, level: 0, progress: null, preliminary: true, target: null, gapToTarget: null });
    }
    // Everyone says "I don't know": applicable but unanswered, so coverage 0 and no score.
    const dk: Respondent[] = [{ id: 'a', answers: Object.fromEntries(workedExampleQuestions.map((q) => [q.id, 'DK'])), answeredAt: '2026-11-01T10:00:00Z' }];
    const unknown = reportJson(scoreAssessment(workedExampleQuestions, dk, now)).practices['start-somewhere'];
    expect(unknown).toEqual({ score: null, uncertainty: null, coverage: 0, level: 0, progress: null, preliminary: true, target: null, gapToTarget: null });
  });

  it('has no progress at the top level', () => {
    const all: Question[] = workedExampleQuestions;
    const best: Respondent[] = [{ id: 'a', answers: Object.fromEntries(all.map((q) => [q.id, 1])), answeredAt: '2026-11-01T10:00:00Z' }];
    const top = reportJson(scoreAssessment(all, best, now));
    expect(top.practices['start-somewhere']).toEqual({ score: 100, uncertainty: 0, coverage: 1, level: 3, progress: null, preliminary: false, target: null, gapToTarget: null });
    expect(top.nextSteps).toEqual([]);
  });

  it('survives JSON text unchanged (no undefined, NaN or Infinity inside)', () => {
    const report = reportJson(result);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
