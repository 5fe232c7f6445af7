/**
 * The assessment model's worked example: "Start somewhere", three people, six questions. The
 * scoring page shows it computed by the same functions as every result, and the tests check that
 * those functions give the model's published figures (S = 42.3, M₁ = 0.558, priorities 5.03, 3.75
 * and 2.17).
 */
import type { AnswerValue, Question, ResultFile } from './model.ts';

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
