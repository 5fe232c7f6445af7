/** Small question sets and people for the team tests. */
import fc from 'fast-check';
import type { AnswerValue, Question, Respondent, ResultFile } from '../../../../src/lib/assessment/model.ts';
import { workedExampleQuestions } from '../../../../src/lib/assessment/worked-example.ts';

const extra = { scale: 'frequency', checklist: [] as string[], rules: [] as string[] } as const;

/** The worked example's six questions plus two in each other practice, so every practice has a score. */
export const teamQuestions: Question[] = [
  ...workedExampleQuestions,
  { ...extra, id: 't1', practice: 'trust-but-verify', topic: 'Alerts in chat', level: 1, weight: 2, value: 3, effort: 1, question: 'Do alerts reach chat?', goodLooksLike: 'Every alert lands in one channel.', guide: 'trust-but-verify/alerts-in-chat' },
  { ...extra, id: 't2', practice: 'trust-but-verify', topic: 'Access reviews', level: 2, weight: 1, value: 2, effort: 2, question: 'Do you review access?', goodLooksLike: 'Each quarter, someone checks who has access.', guide: 'trust-but-verify/reviewing-who-has-access' },
  { ...extra, id: 'e1', practice: 'everyone-owns-security', topic: 'Leavers', level: 1, weight: 2, value: 3, effort: 1, question: 'Is access removed when people leave?', goodLooksLike: 'On their last day, every account is closed.', guide: 'everyone-owns-security/leavers' },
  { ...extra, id: 'e2', practice: 'everyone-owns-security', topic: 'Tabletop', level: 3, weight: 1, value: 1, effort: 3, question: 'Do you rehearse incidents?', goodLooksLike: 'Twice a year, a one-hour exercise.', guide: 'everyone-owns-security/tabletop-exercise' },
];

/** The question set the team tests' files are saved against. */
export const questionSet = 'test-version';
export const now = new Date('2026-11-30T12:00:00Z');

const values: AnswerValue[] = [0, 0.25, 0.5, 1, 'NA', 'DK'];
export const answerArb = fc.constantFrom(...values);

/** A person with a given id and any answers (some questions left blank), name and date. */
export function personArb(id: string): fc.Arbitrary<Respondent> {
  return fc
    .record({
      answers: fc.dictionary(fc.constantFrom(...teamQuestions.map((q) => q.id)), answerArb, { maxKeys: teamQuestions.length }),
      name: fc.option(fc.constantFrom('Ana', 'Bo', 'Cy', 'Dee'), { nil: undefined }),
      // Few dates, so the same person twice often ties and the tie-break is exercised.
      answeredAt: fc.constantFrom('2026-11-01T10:00:00Z', '2026-11-02T10:00:00Z', '2026-11-03T10:00:00Z'),
    })
    .map(({ answers, name, answeredAt }) => (name === undefined ? { id, answers, answeredAt } : { id, name, answers, answeredAt }));
}

/** One to six people with distinct ids. */
export const teamArb: fc.Arbitrary<Respondent[]> = fc
  .uniqueArray(fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6'), { minLength: 1, maxLength: 6 })
  .chain((ids) => fc.tuple(...ids.map(personArb)));

export const fileOf = (...respondents: Respondent[]): ResultFile => ({ formatVersion: 1, respondents });
