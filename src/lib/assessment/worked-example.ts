/**
 * The assessment model's worked example: "Start somewhere", three people, six questions. The
 * scoring page shows it computed by the same functions as every result, formula lines included,
 * and the tests check that those functions give the model's published figures (S = 42.3,
 * M₁ = 0.558, priorities 5.03, 3.75 and 2.17, coverage 95.2 %, ± 5.1; model version 1 gave
 * coverage 100 % and ± 4.2).
 */
import { mergeResults } from './merge.ts';
import type { AnswerValue, Question, ResultFile } from './model.ts';
import { bucketNames, nextSteps } from './next-steps.ts';
import { levelKnownAtLeast, scoreAssessment, unknownVariance, type AssessmentResult, type PracticeResult, type QuestionResult } from './score.ts';

const shared = { practice: 'start-somewhere', topic: 'Worked example', scale: 'coverage', guide: 'start-somewhere/your-first-alert-rule' } as const;
const base = { ...shared, checklist: [] as string[], rules: [] as string[] };

export const workedExampleQuestions: Question[] = [
  { ...base, id: 'q1', level: 1, weight: 2, value: 3, effort: 1, question: 'Question 1', goodLooksLike: 'q1 is done everywhere.' },
  { ...base, id: 'q2', level: 1, weight: 2, value: 3, effort: 2, question: 'Question 2', goodLooksLike: 'q2 is done everywhere.' },
  { ...base, id: 'q3', level: 1, weight: 1, value: 2, effort: 1, question: 'Question 3', goodLooksLike: 'q3 is done everywhere.' },
  { ...base, id: 'q4', level: 2, weight: 1, value: 1, effort: 1, question: 'Question 4', goodLooksLike: 'q4 is done everywhere.' },
  { ...base, id: 'q5', level: 2, weight: 1, value: 1, effort: 1, question: 'Question 5', goodLooksLike: 'q5 is done everywhere.' },
  { ...base, id: 'q6', level: 3, weight: 1, value: 1, effort: 1, question: 'Question 6', goodLooksLike: 'q6 is done everywhere.' },
];

/** The answers of the three people, by question, as in the model's table. */
export const workedExampleAnswers: Record<string, [AnswerValue, AnswerValue, AnswerValue]> = {
  q1: [1, 1, 0.5],
  q2: [0.5, 0.5, 0.5],
  q3: [0, 0.25, 'DK'],
  q4: [0.25, 0, 0.25],
  q5: ['NA', 'NA', 0.5],
  q6: [0, 0, 0],
};

/** The example as three result files, one per person, answered on 1 November 2026. */
export function workedExampleFiles(): ResultFile[] {
  return [0, 1, 2].map((person) => ({
    formatVersion: 1,
    respondents: [
      {
        id: `person-${person + 1}`,
        name: `Person ${person + 1}`,
        answers: Object.fromEntries(Object.entries(workedExampleAnswers).map(([q, answers]) => [q, answers[person]!])),
        ...(workedExampleAnswers.q5![person] === 'NA' ? { reasons: { q5: 'We run no servers of that kind.' } } : {}),
        answeredAt: '2026-11-01T10:00:00Z',
      },
    ],
  }));
}

/** The moment the example is scored at (no answer in it has a cadence, so it changes nothing). */
const workedExampleNow = new Date('2026-11-30T12:00:00Z');

/** The example scored by the same code as every result: the three files merged, then scored. */
export function workedExampleResult(now: Date = workedExampleNow): AssessmentResult {
  return scoreAssessment(workedExampleQuestions, mergeResults(workedExampleFiles()).file.respondents, now);
}

const vulgar: Record<string, string> = { '1/2': '½', '1/3': '⅓', '2/3': '⅔', '1/4': '¼', '3/4': '¾', '1/5': '⅕', '2/5': '⅖', '3/5': '⅗', '4/5': '⅘', '1/6': '⅙', '5/6': '⅚' };
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** a / b as people write it: "1", "⅔", "3/7". */
function fraction(a: number, b: number): string {
  if (a === 0) return '0';
  const d = gcd(a, b);
  const [n, m] = [a / d, b / d];
  return m === 1 ? String(n) : (vulgar[`${n}/${m}`] ?? `${n}/${m}`);
}

/** A number as the model's page writes it: at most three decimals, no trailing zeros. */
const short = (x: number): string => String(Number(x.toFixed(3)));
const times = (w: number, x: string): string => (w === 1 ? x : x === '1' ? String(w) : `${w}·${x}`);
const sumOf = (terms: string[]): string => (terms.length === 1 ? terms[0]! : `(${terms.join(' + ')})`);

/** ± as model version 1 had it, without the unknown answers: for the comparison on the scoring page. */
export function uncertaintyWithoutUnknowns(practice: PracticeResult): number | null {
  const answered = practice.questions.filter((q) => q.status === 'answered');
  const weights = answered.reduce((a, q) => a + q.question.weight, 0);
  if (weights === 0) return null;
  return (100 * Math.sqrt(answered.reduce((a, q) => a + (q.question.weight ** 2 * (q.sigma ?? 0) ** 2) / q.n, 0))) / weights;
}

/** The formula lines of the example, each with its figures filled in from the computed result. */
export interface WorkedExampleLines {
  score: string;
  levels: string[];
  priorities: string[];
  coverage: string;
  uncertainty: string;
  versionOne: string;
  /** The known share of each level counted so far (1 up to the next one), against the 60 % a level needs. */
  levelKnown: string[];
}

/** The worked example's formulas written out, every figure taken from the result the code computed. */
export function workedExampleLines(result: AssessmentResult = workedExampleResult()): WorkedExampleLines {
  const practice = result.practices['start-somewhere'];
  const applicable = practice.questions.filter((q) => q.status !== 'na');
  const answered = applicable.filter((q) => q.status === 'answered');
  const weightOf = (qs: readonly QuestionResult[]) => qs.reduce((a, q) => a + q.question.weight, 0);
  const score = `S = 100 · ${sumOf(answered.map((q) => times(q.question.weight, short(q.value!))))} / ${weightOf(answered)} = ${practice.score!.toFixed(1)}`;

  const levels: string[] = [];
  for (let k = 1; k <= Math.min(3, practice.level + 1); k++) {
    const at = answered.filter((q) => q.question.level === k);
    const mean = practice.levelMeans[k - 1];
    if (mean === null || mean === undefined || at.length === 0) continue;
    const known = practice.levelKnown[k - 1] ?? 0;
    const met = k <= practice.level;
    const verdict = met
      ? `≥ 0.75 and ${Math.round(known * 100)} % of it is known: level ${k} is met`
      : mean >= 0.75
        ? `≥ 0.75, but only ${Math.round(known * 100)} % of it is known (60 % needed): level ${k} is not met, so level ${practice.level}`
        : `< 0.75, so level ${practice.level}, ${Math.round(mean * 100)} % of the way to level ${k}`;
    levels.push(`M${'₀₁₂₃'[k]} = ${sumOf(at.map((q) => times(q.question.weight, short(q.value!))))} / ${weightOf(at)} = ${short(mean)} ${verdict}`);
  }

  const priorities = nextSteps(result).map((step) => {
    const { id, weight, value, effort } = step.result.question;
    return `${id}: P = ${weight} · ((1 + ${short(step.gap)})² − 1) · ${value} / ${effort} = ${step.priority.toFixed(2)}, ${bucketNames[step.bucket].toLowerCase()}`;
  });

  const knownTerms = applicable.map((q) => times(q.question.weight, fraction(q.n, q.n + q.dk)));
  const partly = applicable.filter((q) => q.known > 0 && q.known < 1).map((q) => `${q.question.id}: ${q.n} of ${q.n + q.dk} know`);
  const coverage = `K = ${sumOf(knownTerms)} / ${weightOf(applicable)} = ${(practice.coverage! * 100).toFixed(1)} %${partly.length > 0 ? ` (${partly.join('; ')})` : ''}`;

  const varianceTerms = answered
    .filter((q) => (q.sigma ?? 0) > 0 || q.unknownRate > 0)
    .map((q) => {
      const sigma2 = short((q.sigma ?? 0) ** 2);
      const inner = q.unknownRate > 0 ? `(${sigma2} + ${unknownVariance}·${fraction(q.dk, q.n + q.dk)})` : sigma2;
      return `${q.question.weight}²·${inner}/${q.n}`;
    });
  const uncertainty = `± = 100 · √(${varianceTerms.join(' + ') || '0'}) / ${weightOf(answered)} = ${practice.uncertainty!.toFixed(1)}`;

  const oldCoverage = weightOf(answered) / weightOf(applicable);
  const versionOne = `Model version 1 ignored the unknown answers: K = ${(oldCoverage * 100).toFixed(0)} %, ± ${uncertaintyWithoutUnknowns(practice)!.toFixed(1)}`;

  const levelKnown: string[] = [];
  for (let k = 1; k <= Math.min(3, practice.level + 1); k++) {
    const at = applicable.filter((q) => q.question.level === k);
    const known = practice.levelKnown[k - 1];
    if (known === null || known === undefined || at.length === 0) continue;
    const enough = known >= levelKnownAtLeast - 1e-12;
    const terms = sumOf(at.map((q) => times(q.question.weight, fraction(q.n, q.n + q.dk))));
    levelKnown.push(
      `Known share of level ${k} = ${terms} / ${weightOf(at)} = ${Math.round(known * 100)} % ${enough ? '≥' : '<'} ${Math.round(levelKnownAtLeast * 100)} %: ${enough ? 'enough' : 'not enough'} for level ${k}`,
    );
  }
  return { score, levels, priorities, coverage, uncertainty, versionOne, levelKnown };
}
