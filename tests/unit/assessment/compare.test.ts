import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { changeOf, changeWords, compareResults, dayInWords, peopleInWords, practiceSideInWords, summaryInWords, unknownInWords, valueInWords } from '../../../src/lib/assessment/compare.ts';
import type { AnswerValue, Evidence, Question, Respondent, ResultFile } from '../../../src/lib/assessment/model.ts';
import { scoreAssessment, scoreQuestion } from '../../../src/lib/assessment/score.ts';
import { answerArb, teamArb, teamQuestions } from './support/team-fixtures.ts';
import { plainWordsProblems, siteGlossary } from '../../support/plain-words.ts';

/** The fixed day every comparison here is judged on. */
const at = new Date('2026-11-30T12:00:00Z');

// The team fixtures' questions, with a cadence on q1 so its evidence can go stale.
const questions: Question[] = teamQuestions.map((q) => (q.id === 'q1' ? { ...q, cadenceDays: 90 } : q));
const q = (id: string) => questions.find((x) => x.id === id)!;

const person = (id: string, answers: Record<string, AnswerValue>, answeredAt = '2026-11-03T10:00:00Z'): Respondent => ({ id, answers, answeredAt });
const fileOf = (respondents: Respondent[], evidence?: ResultFile['evidence']): ResultFile => ({ formatVersion: 1, respondents, ...(evidence ? { evidence } : {}) });

const runbook: Evidence = { title: 'Runbook', url: 'https://wiki.example/runbook', date: '2026-11-20' };
const oldTrail: Evidence = { title: 'CloudTrail org trail', date: '2026-06-01' };
const ticket: Evidence = { title: 'Ticket 42', date: '2026-10-01' };

describe('comparing two results', () => {
  it('says per question whether the answer got better, worse or stayed the same, in the quiz order', () => {
    const before = fileOf([person('ana', { q1: 0.25, q2: 1, q3: 0.5 })]);
    const after = fileOf([person('ana', { q1: 1, q2: 0.5, q3: 0.5 }, '2026-11-30T10:00:00Z')]);
    const c = compareResults(before, after, questions, at);
    expect(c.questions.map((x) => x.id)).toEqual(questions.map((x) => x.id));
    const byId = Object.fromEntries(c.questions.map((x) => [x.id, x]));
    expect(byId.q1).toMatchObject({ before: 0.25, after: 1, beforeWords: 'Some of it', afterWords: 'All of it', change: 'better', topic: 'Worked example', practice: 'start-somewhere' });
    expect(byId.q2).toMatchObject({ change: 'worse', beforeWords: 'All of it', afterWords: 'Most of it' });
    expect(byId.q3!.change).toBe('same');
    expect(byId.q4).toMatchObject({ before: undefined, after: undefined, beforeWords: 'no answer', afterWords: 'no answer', change: 'same' });
  });

  it('tells newly answered, no longer answered and now unknown apart', () => {
    const before = fileOf([person('ana', { q1: 1, q2: 0.5, t1: 'DK', e1: 1 })]);
    const after = fileOf([person('ana', { q1: 'DK', q3: 0, t1: 1, e1: 'NA' })]);
    const c = compareResults(before, after, questions, at);
    const change = (id: string) => c.questions.find((x) => x.id === id)!.change;
    expect(change('q1')).toBe('now unknown');
    expect(change('q2')).toBe('no longer answered');
    expect(change('q3')).toBe('newly answered');
    expect(change('t1')).toBe('newly answered');
    expect(change('e1')).toBe('no longer answered');
    expect(c.questions.find((x) => x.id === 'e1')!.afterWords).toBe("Doesn't apply");
    expect(c.questions.find((x) => x.id === 'q1')!.afterWords).toBe("I don't know");
  });

  it('uses the team value the team view computes for a file with several people', () => {
    const team = fileOf([person('a', { q1: 0, q2: 'NA', t1: 'DK' }), person('b', { q1: 0.5, q2: 'NA', t1: 'DK' }), person('c', { q1: 1, q2: 1, t1: 1 })]);
    const one = fileOf([person('a', { q1: 0.5 })]);
    const c = compareResults(one, team, questions, at);
    const q1 = c.questions.find((x) => x.id === 'q1')!;
    expect(q1.after).toBe(scoreQuestion(q('q1'), team.respondents, at).value);
    expect(q1.afterWords).toBe('Most of it');
    expect(q1.change).toBe('same');
    // Two of three say it does not apply: the team says so too.
    expect(c.questions.find((x) => x.id === 'q2')!.after).toBe('NA');
    // A mean between two answers is shown as a share.
    expect(c.questions.find((x) => x.id === 't1')!).toMatchObject({ after: 1, afterWords: 'Always' });
    const mixed = fileOf([person('a', { q1: 0 }), person('b', { q1: 0.25 }), person('c', { q1: 1 })]);
    expect(compareResults(one, mixed, questions, at).questions[0]).toMatchObject({ afterWords: '42 % on average', change: 'worse' });
    expect(c.afterPeople).toBe(3);
    expect(c.beforePeople).toBe(1);
  });

  it('gives each practice its score and level before and after, as the results page scores them', () => {
    const before = fileOf([person('ana', { q1: 0, q2: 0, q3: 0 })]);
    const after = fileOf([person('ana', { q1: 1, q2: 1, q3: 1 })]);
    const c = compareResults(before, after, questions, at);
    const start = c.practices.find((p) => p.practice === 'start-somewhere')!;
    const scored = scoreAssessment(questions, after.respondents, at).practices['start-somewhere'];
    expect(start).toEqual({ practice: 'start-somewhere', name: 'Start somewhere', before: { score: 0, level: 0 }, after: { score: Math.round(scored.score!), level: scored.level } });
    expect(start.after.level).toBe(1);
    expect(c.practices.find((p) => p.practice === 'trust-but-verify')!.before).toEqual({ score: null, level: 0 });
  });

  it('lists evidence added, removed and gone stale on the day compared', () => {
    const before = fileOf([person('ana', { q1: 1 })], { q1: [ticket, oldTrail] });
    const after = fileOf([person('ana', { q1: 1 })], { q1: [oldTrail, runbook] });
    const c = compareResults(before, after, questions, at);
    const q1 = c.questions.find((x) => x.id === 'q1')!;
    expect(q1.evidence.added).toEqual([runbook]);
    expect(q1.evidence.removed).toEqual([ticket]);
    // The trail was checked on 1 June; q1 is checked every 90 days, so on 30 November it is stale.
    expect(q1.evidence.stale).toEqual([oldTrail]);
    // The same item on another day is not stale yet.
    expect(compareResults(before, after, questions, new Date('2026-07-01T00:00:00Z')).questions[0]!.evidence.stale).toEqual([]);
  });

  it('finds evidence by title, link and date, so a note or who added it changing is not a new item', () => {
    const before = fileOf([person('ana', {})], { q2: [runbook] });
    const after = fileOf([person('ana', {})], { q2: [{ ...runbook, note: 'Updated', addedBy: 'ana' }] });
    const q2 = compareResults(before, after, questions, at).questions.find((x) => x.id === 'q2')!;
    expect(q2.evidence).toEqual({ added: [], removed: [], stale: [] });
  });

  it('lists questions only one file knows about instead of dropping them', () => {
    const before = fileOf([person('ana', { q1: 1, retired: 0.5 })]);
    const after = fileOf([person('ana', { q1: 1, 'from-a-newer-version': 1 })], { shared: [runbook] });
    const c = compareResults(fileOf(before.respondents, { shared: [ticket] }), after, questions, at);
    expect(c.unknown).toEqual([
      { id: 'from-a-newer-version', in: 'after' },
      { id: 'retired', in: 'before' },
      { id: 'shared', in: 'both' },
    ]);
  });

  it('says which file is older but keeps the order the user picked', () => {
    const early = fileOf([person('ana', { q1: 0 }, '2026-11-03T10:00:00Z')]);
    const late: ResultFile = {
      ...fileOf([person('ana', { q1: 1 }, '2026-11-10T10:00:00Z')]),
      snapshots: [{ date: '2026-11-30T09:00:00Z', scores: { 'start-somewhere': 50, 'trust-but-verify': null, 'everyone-owns-security': null } }],
    };
    const forward = compareResults(early, late, questions, at);
    expect(forward).toMatchObject({ beforeDay: '2026-11-03', afterDay: '2026-11-30', older: 'before' });
    const backward = compareResults(late, early, questions, at);
    expect(backward).toMatchObject({ beforeDay: '2026-11-30', afterDay: '2026-11-03', older: 'after' });
    expect(backward.questions[0]).toMatchObject({ before: 1, after: 0, change: 'worse' });
    expect(summaryInWords(forward)).toBe('Before is from 3 Nov 2026 and After from 30 Nov 2026. 1 of 10 answers changed.');
    expect(summaryInWords(backward)).toContain('The file picked as After was saved first.');
    expect(compareResults(early, early, questions, at).older).toBe('same');
  });

  it('reports no change and no evidence added or removed when a file is compared with itself', () => {
    const evidenceArb = fc.dictionary(
      fc.constantFrom(...questions.map((x) => x.id), 'not-asked'),
      fc.array(fc.record({ title: fc.string({ minLength: 1, maxLength: 20 }), date: fc.constantFrom('2026-01-01', '2026-11-20', '2026-11-30') }), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(teamArb, evidenceArb, (respondents, evidence) => {
        const file = fileOf(respondents, evidence);
        const c = compareResults(file, structuredClone(file), questions, at);
        expect(c.questions.every((x) => x.change === 'same')).toBe(true);
        expect(c.questions.every((x) => x.evidence.added.length === 0 && x.evidence.removed.length === 0)).toBe(true);
        expect(c.practices.every((p) => p.before.score === p.after.score && p.before.level === p.after.level)).toBe(true);
      }),
    );
  });

  it('calls a move between two answers and the move back opposite names, and no move "same"', () => {
    // A move and its way back are opposites; staying put is always "same".
    const opposite: Record<string, string> = { better: 'worse', worse: 'better', same: 'same' };
    fc.assert(
      fc.property(answerArb, answerArb, (a, b) => {
        if (typeof a === 'number' && typeof b === 'number') expect(changeOf(b, a)).toBe(opposite[changeOf(a, b)]);
        expect(changeOf(a, a)).toBe('same');
      }),
    );
  });
});

describe('the words the comparison writes', () => {
  it('are plain words', () => {
    const before = fileOf([person('ana', { q1: 0.25, q2: 'DK', t1: 1, e1: 1, gone: 1 })], { q1: [ticket] });
    const after = fileOf([person('a', { q1: 1, q2: 'NA', e1: 'DK' }, '2026-11-30T10:00:00Z'), person('b', { q1: 0, t2: 0.25 }, '2026-11-30T10:00:00Z')], { q1: [oldTrail] });
    const c = compareResults(before, after, questions, at);
    const texts = [
      summaryInWords(c),
      summaryInWords(compareResults(after, before, questions, at)),
      summaryInWords(compareResults(fileOf([{ ...person('x', {}), answeredAt: 'not a date' }]), before, questions, at)),
      ...Object.values(changeWords),
      ...c.questions.flatMap((x) => [x.beforeWords, x.afterWords]),
      ...c.practices.flatMap((p) => [practiceSideInWords(p.before), practiceSideInWords(p.after)]),
      ...c.unknown.map(unknownInWords),
      peopleInWords(1),
      peopleInWords(3),
      dayInWords('2026-11-03'),
      valueInWords(q('t1'), 0.4),
    ];
    const glossary = siteGlossary();
    expect(texts.flatMap((t) => plainWordsProblems(t, glossary))).toEqual([]);
  });
});
