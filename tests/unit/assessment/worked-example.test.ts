import { describe, expect, it } from 'vitest';
import { nextSteps } from '../../../src/lib/assessment/next-steps.ts';
import { scoreAssessment } from '../../../src/lib/assessment/score.ts';
import { mergeResults } from '../../../src/lib/assessment/merge.ts';
import {
  uncertaintyWithoutUnknowns,
  workedExampleFiles,
  workedExampleLines,
  workedExampleQuestions,
  workedExampleResult,
} from '../../../src/lib/assessment/worked-example.ts';

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

  it('puts ± 5.1 points on the score: the standard error of the weighted mean, the unknown answer counted as anywhere from 0 to 1', () => {
    // 100 · sqrt(2²·σ²(1,1,.5)/3 + 1²·(σ²(0,.25) + 0.25·⅓)/2 + 1²·σ²(.25,0,.25)/3) / 7, σ² the population variance.
    expect(practice.uncertainty!.toFixed(2)).toBe('5.11');
  });

  it('gave ± 4.2 under model version 1, which ignored the unknown answer', () => {
    expect(uncertaintyWithoutUnknowns(practice)!.toFixed(2)).toBe('4.20');
  });

  it('covers 95.2 % of the applicable weight, because one of the three does not know q3, so the result is not preliminary', () => {
    // K = (2 + 2 + ⅔ + 1 + 1) / 7.
    expect(byId.q3!.known).toBeCloseTo(2 / 3, 12);
    expect(practice.coverage).toBeCloseTo(20 / 21, 12);
    expect((practice.coverage! * 100).toFixed(1)).toBe('95.2');
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

  it('is the result the scoring page shows, computed by the same code', () => {
    expect(workedExampleResult(now)).toEqual(result);
  });

  it('writes out the formulas with the figures the code computed, as the model page prints them', () => {
    const lines = workedExampleLines(result);
    expect(lines.score).toBe('S = 100 · (2·0.833 + 2·0.5 + 0.125 + 0.167 + 0) / 7 = 42.3');
    expect(lines.levels).toEqual(['M₁ = (2·0.833 + 2·0.5 + 0.125) / 5 = 0.558 < 0.75, so level 0, 56 % of the way to level 1']);
    expect(lines.priorities).toEqual([
      'q3: P = 1 · ((1 + 0.875)² − 1) · 2 / 1 = 5.03, this sprint',
      'q2: P = 2 · ((1 + 0.5)² − 1) · 3 / 2 = 3.75, this sprint',
      'q1: P = 2 · ((1 + 0.167)² − 1) · 3 / 1 = 2.17, this quarter',
    ]);
    expect(lines.coverage).toBe('K = (2 + 2 + ⅔ + 1 + 1) / 7 = 95.2 % (q3: 2 of 3 know)');
    expect(lines.uncertainty).toBe('± = 100 · √(2²·0.056/3 + 1²·(0.016 + 0.25·⅓)/2 + 1²·0.014/3) / 7 = 5.1');
    expect(lines.versionOne).toBe('Model version 1 ignored the unknown answers: K = 100 %, ± 4.2');
  });

  it('writes out the known share of level 1, enough for the level because two of three know q3', () => {
    expect(workedExampleLines(result).levelKnown).toEqual(['Known share of level 1 = (2 + 2 + ⅔) / 5 = 93 % ≥ 60 %: enough for level 1']);
  });
});

describe('the formula lines when one voice answers the basics and the others do not know', () => {
  // One person says "All of it" to the three level 1 questions; the other two say "I don't know".
  const oneVoice = ['p1', 'p2', 'p3'].map((id, i) => ({
    id,
    answers: Object.fromEntries(['q1', 'q2', 'q3'].map((q) => [q, i === 0 ? (1 as const) : ('DK' as const)])),
    answeredAt: '2026-11-01T10:00:00Z',
  }));
  const lines = workedExampleLines(scoreAssessment(workedExampleQuestions, oneVoice, now));

  it('says level 1 is not met although its average is 1, because only a third of its weight is known', () => {
    expect(lines.levels).toEqual(['M₁ = (2 + 2 + 1) / 5 = 1 ≥ 0.75, but only 33 % of it is known (60 % needed): level 1 is not met, so level 0']);
    expect(lines.levelKnown).toEqual(['Known share of level 1 = (2·⅓ + 2·⅓ + ⅓) / 5 = 33 % < 60 %: not enough for level 1']);
  });
});
