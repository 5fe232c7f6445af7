import { describe, expect, it } from 'vitest';
import { nextSteps } from '../../../src/lib/assessment/next-steps.ts';
import { scoreAssessment } from '../../../src/lib/assessment/score.ts';
import { mergeResults } from '../../../src/lib/assessment/merge.ts';
import { workedExampleFiles, workedExampleQuestions } from '../../../src/lib/assessment/worked-example.ts';

const now = new Date('2026-11-30T12:00:00Z');
const team = mergeResults(workedExampleFiles()).file;
const result = scoreAssessment(workedExampleQuestions, team.respondents, now);
const practice = result.practices['start-somewhere'];
const byId = Object.fromEntries(practice.questions.map((q) => [q.question.id, q]));

describe('the worked example of the assessment model', () => {
  it('gives each question the team value, spread and flags of the model table', () => {
    expect(byId.q1!.value).toBeCloseTo(0.833, 3);
    expect(byId.q1!.spread).toBe(0.5);
    expect(byId.q1!.flags.discuss).toBe(true);
    expect(byId.q2!.value).toBe(0.5);
    expect(byId.q2!.spread).toBe(0);
    expect(byId.q3!.value).toBe(0.125);
    expect(byId.q3!.spread).toBe(0.25);
    expect(byId.q3!.dk).toBe(1);
    expect(byId.q3!.flags.knowledgeGap).toBe(false); // ŝ = 0.125 is below one half
    expect(byId.q4!.value).toBeCloseTo(0.167, 3);
    expect(byId.q5!.status).toBe('na');
    expect(byId.q5!.flags.applicabilityDisputed).toBe(true);
    expect(byId.q6!.value).toBe(0);
  });

  it('scores "Start somewhere" 42.3 at level 0, 56 % of the way to level 1', () => {
    expect(practice.score!.toFixed(1)).toBe('42.3');
    expect(practice.level).toBe(0);
    expect(practice.levelMeans[0]!.toFixed(3)).toBe('0.558');
    expect(Math.round(practice.progress! * 100)).toBe(56);
  });

  it('puts ± 4.2 points on the score: the standard error of the weighted mean, from how far the answers spread', () => {
    // sqrt(2²·σ²(1,1,.5)/3 + 1²·σ²(0,.25)/2 + 1²·σ²(.25,0,.25)/3) / 7, with σ² the population variance.
    expect(practice.uncertainty!.toFixed(2)).toBe('4.20');
  });

  it('covers every applicable question, so the result is not preliminary', () => {
    expect(practice.coverage).toBe(1);
    expect(practice.preliminary).toBe(false);
  });

  it('plans q3 and q2 for this sprint and q1 for this quarter, with the published priorities', () => {
    const steps = nextSteps(result).map((s) => ({ id: s.result.question.id, priority: Number(s.priority.toFixed(2)), bucket: s.bucket }));
    expect(steps).toEqual([
      { id: 'q3', priority: 5.03, bucket: 'this-sprint' },
      { id: 'q2', priority: 3.75, bucket: 'this-sprint' },
      { id: 'q1', priority: 2.17, bucket: 'this-quarter' },
    ]);
  });
});
