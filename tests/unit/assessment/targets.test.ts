import { describe, expect, it } from 'vitest';
import { mergeResults } from '../../../src/lib/assessment/merge.ts';
import type { ResultFile } from '../../../src/lib/assessment/model.ts';
import { nextSteps, priorityOf, targetGapOf, targetGaps } from '../../../src/lib/assessment/next-steps.ts';
import { reportJson } from '../../../src/lib/assessment/report-json.ts';
import { checkResultValue } from '../../../src/lib/assessment/result-file.ts';
import { resultFileSchema } from '../../../src/lib/assessment/result-file-schema.ts';
import { scoreAssessment } from '../../../src/lib/assessment/score.ts';
import { workedExampleFiles, workedExampleQuestions } from '../../../src/lib/assessment/worked-example.ts';

const now = new Date('2026-11-30T12:00:00Z');
const team = mergeResults(workedExampleFiles()).file;
const result = scoreAssessment(workedExampleQuestions, team.respondents, now);
const plan = (targets: ResultFile['targets']) => nextSteps(result, targets).map((s) => [s.result.question.id, s.bucket, s.priority.toFixed(2)]);

describe('target levels in a result file', () => {
  it('reads a target level from 1 to 3 per practice, and a file without targets as before', () => {
    const file = { formatVersion: 1, respondents: [], targets: { 'start-somewhere': 2, 'everyone-owns-security': 1 } };
    expect(checkResultValue(file)).toEqual({ ok: true, file });
    expect(checkResultValue({ formatVersion: 1, respondents: [] })).toEqual({ ok: true, file: { formatVersion: 1, respondents: [] } });
  });

  it.each([
    [{ 'start-somewhere': 4 }, /targets\.start-somewhere must be a level: 1, 2 or 3/],
    [{ 'start-somewhere': 0 }, /targets\.start-somewhere must be a level: 1, 2 or 3/],
    [{ elsewhere: 1 }, /targets\.elsewhere is not part of a result file/],
    [[2], /targets must be an object of practices and target levels/],
  ])('refuses targets %j in plain words, as the published schema does', (targets, reason) => {
    const value = { formatVersion: 1, respondents: [], targets };
    const checked = checkResultValue(value);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error).toMatch(reason);
    expect(resultFileSchema.safeParse(value).success).toBe(false);
  });

  it('keeps the highest target anyone set when files are put together, whatever the order', () => {
    const a: ResultFile = { formatVersion: 1, respondents: [], targets: { 'start-somewhere': 1, 'trust-but-verify': 3 } };
    const b: ResultFile = { formatVersion: 1, respondents: [], targets: { 'start-somewhere': 2 } };
    expect(mergeResults([a, b]).file.targets).toEqual({ 'start-somewhere': 2, 'trust-but-verify': 3 });
    expect(mergeResults([b, a]).file.targets).toEqual(mergeResults([a, b]).file.targets);
  });
});

describe('the plan toward target levels (worked example of the model)', () => {
  it('is the model\u2019s plan when no target is set: q3 5.03 and q2 3.75 this sprint, q1 2.17 this quarter', () => {
    expect(plan(undefined)).toEqual([
      ['q3', 'this-sprint', '5.03'],
      ['q2', 'this-sprint', '3.75'],
      ['q1', 'this-quarter', '2.17'],
    ]);
    expect(plan({})).toEqual(plan(undefined));
  });

  it('agrees with the model\u2019s worked example when the target is the next level, and says the practice is one level from it', () => {
    expect(plan({ 'start-somewhere': 1 })).toEqual(plan(undefined));
    const gaps = targetGaps(result, { 'start-somewhere': 1 });
    expect(gaps['start-somewhere']).toEqual({ target: 1, level: 0, gapToTarget: 1, reached: false });
    expect(gaps['trust-but-verify']).toEqual({ target: null, level: 0, gapToTarget: null, reached: null });
  });

  it('measures the gap to the target: with level 2 aimed for, q4 (level 2) joins the plan with P = (1 + 5/6)² − 1', () => {
    expect(plan({ 'start-somewhere': 2 })).toEqual([
      ['q3', 'this-sprint', '5.03'],
      ['q2', 'this-sprint', '3.75'],
      ['q1', 'this-quarter', '2.17'], // Discuss: talk first within its bucket
      ['q4', 'this-quarter', '2.36'],
    ]);
    expect(nextSteps(result, { 'start-somewhere': 2 }).find((s) => s.result.question.id === 'q4')!.priority).toBeCloseTo(priorityOf(1, 5 / 6, 1, 1), 12);
    expect(targetGaps(result, { 'start-somewhere': 3 })['start-somewhere'].gapToTarget).toBe(3);
    expect(plan({ 'start-somewhere': 3 }).map((s) => s[0])).toEqual(['q3', 'q2', 'q6', 'q1', 'q4']);
  });

  it('puts the steps toward a target before the steps of practices without one in the same bucket', () => {
    const questions = [
      ...workedExampleQuestions,
      { ...workedExampleQuestions[0]!, id: 't1', practice: 'trust-but-verify' as const, weight: 1 as const, value: 2 as const, effort: 1 as const },
    ];
    const respondents = team.respondents.map((r) => ({ ...r, answers: { ...r.answers, t1: 0 as const } }));
    const scored = scoreAssessment(questions, respondents, now);
    const ids = (targets: ResultFile['targets']) => nextSteps(scored, targets).map((s) => s.result.question.id);
    // t1: P = 1 · 3 · 2 / 1 = 6, the largest; q3 5.03 and q2 3.75 are this sprint too (≥ 3).
    expect(ids({}).slice(0, 3)).toEqual(['t1', 'q3', 'q2']);
    expect(ids({ 'start-somewhere': 1 }).slice(0, 3)).toEqual(['q3', 'q2', 't1']);
    expect(nextSteps(scored, { 'start-somewhere': 1 }).slice(0, 3).map((s) => s.bucket)).toEqual(['this-sprint', 'this-sprint', 'this-sprint']);
  });

  it('leaves steps past a reached target for later, after the steps toward it', () => {
    const everyoneAll = team.respondents.map((r) => ({ ...r, answers: { ...r.answers, q1: 1 as const, q2: 1 as const, q3: 1 as const } }));
    const scored = scoreAssessment(workedExampleQuestions, everyoneAll, now);
    expect(scored.practices['start-somewhere'].level).toBe(1);
    const steps = nextSteps(scored, { 'start-somewhere': 1 });
    expect(steps.map((s) => [s.result.question.id, s.bucket, s.pastTarget])).toEqual([['q4', 'later', true]]);
    expect(nextSteps(scored).map((s) => [s.result.question.id, s.bucket])).toEqual([['q4', 'this-sprint']]);
    expect(targetGaps(scored, { 'start-somewhere': 1 })['start-somewhere']).toEqual({ target: 1, level: 1, gapToTarget: 0, reached: true });
  });

  it('says a practice above its target has no levels to go, never a negative number', () => {
    expect(targetGapOf({ level: 3 }, 1)).toEqual({ target: 1, level: 3, gapToTarget: 0, reached: true });
    expect(targetGapOf({ level: 1 }, 3)).toEqual({ target: 3, level: 1, gapToTarget: 2, reached: false });
  });

  it('gives target and gapToTarget per practice in the JSON report, null where no target is set', () => {
    const report = reportJson(result, undefined, { 'start-somewhere': 2 });
    expect(report.practices['start-somewhere']).toMatchObject({ level: 0, target: 2, gapToTarget: 2 });
    expect(report.practices['everyone-owns-security']).toMatchObject({ target: null, gapToTarget: null });
    expect(report.nextSteps.map((s) => s.question)).toEqual(['q3', 'q2', 'q1', 'q4']);
  });
});
