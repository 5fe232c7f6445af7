/** Properties of the team view that must hold for any team (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Respondent, ResultFile } from '../../../src/lib/assessment/model.ts';
import { nextSteps } from '../../../src/lib/assessment/next-steps.ts';
import { planChat, planCsv, planMarkdown } from '../../../src/lib/assessment/plan-export.ts';
import { scoreAssessment, scoreQuestion } from '../../../src/lib/assessment/score.ts';
import { practiceIds } from '../../../src/lib/practices.ts';
import { addToTeam, answersTo, emptyTeam, removePerson } from '../../../src/lib/assessment/team.ts';
import { talkAboutFirst, talkAgenda, talkFirstLimit } from '../../../src/lib/assessment/talk-agenda.ts';
import { answerArb, fileOf, questionSet, now, personArb, teamArb, teamQuestions } from './support/team-fixtures.ts';

/** Every figure and text the team page shows, from a team file. */
function everything(team: ResultFile) {
  const result = scoreAssessment(teamQuestions, team.respondents, now);
  const steps = nextSteps(result);
  const first = talkAboutFirst(result);
  const agenda = talkAgenda(result);
  const input = { result, steps, talkFirst: first, siteUrl: 'https://plainsec.dev', date: now.toISOString(), guideTitles: {} };
  return {
    result,
    steps: steps.map((s) => [s.result.question.id, s.bucket, s.priority]),
    first: first.map((r) => r.question.id),
    agenda: [agenda.first, agenda.more].map((items) => items.map((i) => [i.result.question.id, i.priority, i.reasons])),
    answers: teamQuestions.map((q) => answersTo(q, team)),
    markdown: planMarkdown(input),
    csv: planCsv(steps, input.siteUrl),
    chat: planChat(input),
  };
}

/** Adds people one at a time, each as their own file, as someone pasting links would. */
function addOneByOne(people: readonly Respondent[]): ResultFile {
  let team = emptyTeam();
  for (const p of people) team = addToTeam(team, [{ source: p.id, file: fileOf(p) }], questionSet).file;
  return team;
}

describe('the team view, for any team', () => {
  it('gives the same figures whatever order people are added in', () => {
    fc.assert(
      fc.property(
        teamArb.chain((people) => fc.tuple(fc.constant(people), fc.shuffledSubarray(people, { minLength: people.length, maxLength: people.length }))),
        ([people, shuffled]) => {
          expect(everything(addOneByOne(shuffled))).toEqual(everything(addOneByOne(people)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives the same figures whatever order people are added in, even when someone is added twice', () => {
    fc.assert(
      fc.property(
        teamArb,
        personArb('p1'),
        fc.integer({ min: 0, max: 6 }),
        (people, again, at) => {
          const withTwice = [...people];
          withTwice.splice(Math.min(at, withTwice.length), 0, again);
          const reversed = [...withTwice].reverse();
          const all = addToTeam(emptyTeam(), withTwice.map((p) => ({ source: p.id, file: fileOf(p) })), questionSet).file;
          expect(everything(addOneByOne(withTwice))).toEqual(everything(all));
          expect(everything(addOneByOne(reversed))).toEqual(everything(all));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('changes nothing when a team file is added to itself', () => {
    fc.assert(
      fc.property(teamArb, (people) => {
        const team = addOneByOne(people);
        const again = addToTeam(team, [{ source: 'team.json', file: team }], questionSet);
        expect(again.file).toEqual(team);
        expect(again.added).toEqual([]);
        expect(everything(again.file)).toEqual(everything(team));
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same result when a person is removed and added back', () => {
    fc.assert(
      fc.property(teamArb, fc.nat(), (people, pick) => {
        const team = addOneByOne(people);
        const person = people[pick % people.length]!;
        const without = removePerson(team, person.id);
        expect(without.respondents).toHaveLength(people.length - 1);
        const back = addToTeam(without, [{ source: 'again', file: fileOf(person) }], questionSet);
        expect(back.file).toEqual(team);
        expect(everything(back.file)).toEqual(everything(team));
      }),
      { numRuns: 150 },
    );
  });
});

/**
 * The model's rules for one question (version 2), in quarters (0, 1, 2, 4) so every comparison is
 * exact: Discuss when Δ ≥ 0.5; Knowledge gap when some said DK and either ŝ ≥ 0.5 or at most one
 * person gave a number (a question that does not apply to the team is not flagged); the team says
 * "doesn't apply" when #NA > 0 and #NA ≥ ½(|R| − #DK); applicability disputed when some said NA
 * and others gave a number.
 */
function modelFlags(answers: readonly (number | 'NA' | 'DK')[]) {
  const quarters = answers.filter((a): a is number => typeof a === 'number').map((a) => a * 4);
  const dk = answers.filter((a) => a === 'DK').length;
  const na = answers.filter((a) => a === 'NA').length;
  const n = quarters.length;
  const teamNa = na > 0 && 2 * na >= answers.length - dk;
  const answered = !teamNa && n > 0;
  const sum = quarters.reduce((a, b) => a + b, 0);
  return {
    status: teamNa ? 'na' : n === 0 ? 'unanswered' : 'answered',
    discuss: answered && Math.max(...quarters) - Math.min(...quarters) >= 2,
    knowledgeGap: !teamNa && dk > 0 && (n <= 1 || sum >= 2 * n),
    applicabilityDisputed: na > 0 && n > 0,
  };
}

const question = teamQuestions[0]!;
const flagsOf = (answers: readonly (0 | 0.25 | 0.5 | 1 | 'NA' | 'DK')[]) => {
  const r = scoreQuestion(
    question,
    answers.map((a, i) => ({ id: `p${i}`, answers: { [question.id]: a }, answeredAt: '2026-11-01T10:00:00Z' })),
    now,
  );
  return { status: r.status, ...r.flags };
};

describe('the flags follow the model thresholds exactly', () => {
  it('for any set of answers', () => {
    fc.assert(
      fc.property(fc.array(answerArb, { minLength: 1, maxLength: 12 }), (answers) => {
        expect(flagsOf(answers)).toEqual(modelFlags(answers));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['answers a quarter apart are not flagged Discuss', [0.25, 0.5], { discuss: false }],
    ['answers half apart are flagged Discuss', [0.5, 1], { discuss: true }],
    ['answers from "Not yet" to "Some" are not flagged Discuss', [0, 0.25, 0.25], { discuss: false }],
    ['"I don\'t know" beside a team value of exactly one half is a knowledge gap', [0, 1, 'DK'], { knowledgeGap: true }],
    ['"I don\'t know" beside a team value just under one half is not', [0.25, 0.5, 'DK'], { knowledgeGap: false }],
    ['"I don\'t know" from everyone is unanswered, and a knowledge gap: nobody knows', ['DK', 'DK'], { status: 'unanswered', knowledgeGap: true }],
    ['"Always" with two "I don\'t know"s is a knowledge gap: one voice', [1, 'DK', 'DK'], { status: 'answered', knowledgeGap: true }],
    ['"Some" with two "I don\'t know"s is a knowledge gap, though the team value is low: one voice', ['DK', 'DK', 0.25], { knowledgeGap: true }],
    ['"I don\'t know" from a team that says it does not apply is no knowledge gap', ['NA', 'DK'], { status: 'na', knowledgeGap: false }],
    ['one "doesn\'t apply" against one answer makes it not apply to the team', ['NA', 0.5], { status: 'na', applicabilityDisputed: true }],
    ['one "doesn\'t apply" against two answers is scored, and disputed', ['NA', 0.5, 0.5], { status: 'answered', applicabilityDisputed: true }],
    ['"I don\'t know" does not count against "doesn\'t apply"', ['NA', 'DK', 0.5], { status: 'na' }],
    ['"doesn\'t apply" from everyone is not disputed', ['NA', 'NA'], { status: 'na', applicabilityDisputed: false }],
  ] as const)('%s', (_name, answers, expected) => {
    expect(flagsOf(answers)).toMatchObject(expected);
    expect(modelFlags(answers)).toMatchObject(expected);
  });
});

/** The people with one more "I don't know" to a question: from someone who left it blank, or from a newcomer. */
function withOneMoreDk(people: readonly Respondent[], questionId: string, pick: number): Respondent[] {
  const blank = people.filter((p) => p.answers[questionId] === undefined);
  const choice = pick % (blank.length + 1);
  if (choice < blank.length) return people.map((p) => (p === blank[choice] ? { ...p, answers: { ...p.answers, [questionId]: 'DK' as const } } : p));
  return [...people, { id: 'p9', answers: { [questionId]: 'DK' as const }, answeredAt: '2026-11-01T10:00:00Z' }];
}

describe('"I don\'t know" is missing knowledge, for any team', () => {
  it('adding an "I don\'t know" to any question never raises a level or the coverage, never narrows the ±, and leaves the score alone', () => {
    fc.assert(
      fc.property(teamArb, fc.constantFrom(...teamQuestions.map((q) => q.id)), fc.nat(), (people, questionId, pick) => {
        const before = scoreAssessment(teamQuestions, people, now);
        const after = scoreAssessment(teamQuestions, withOneMoreDk(people, questionId, pick), now);
        expect(after.headlineLevel).toBeLessThanOrEqual(before.headlineLevel);
        for (const p of practiceIds) {
          const [b, a] = [before.practices[p], after.practices[p]];
          expect(a.level).toBeLessThanOrEqual(b.level);
          expect(a.coverage === null).toBe(b.coverage === null);
          if (a.coverage !== null) expect(a.coverage).toBeLessThanOrEqual(b.coverage! + 1e-12);
          expect(a.uncertainty === null).toBe(b.uncertainty === null);
          if (a.uncertainty !== null) expect(a.uncertainty).toBeGreaterThanOrEqual(b.uncertainty! - 1e-9);
          // Never a "no": the score of the numbers is the same.
          expect(a.score).toBe(b.score);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never counts a level as met when less than 60 % of its weight is known', () => {
    fc.assert(
      fc.property(teamArb, (people) => {
        const result = scoreAssessment(teamQuestions, people, now);
        for (const p of practiceIds) {
          for (let level = 1; level <= result.practices[p].level; level++) {
            // Σ w·n/(n + #DK) over the level's applicable questions, in 60ths so the comparison is exact (n + #DK ≤ 6).
            let known = 0;
            let weight = 0;
            for (const q of teamQuestions.filter((x) => x.practice === p && x.level === level)) {
              const answers = people.map((x) => x.answers[q.id]).filter((a) => a !== undefined);
              const n = answers.filter((a) => typeof a === 'number').length;
              const dk = answers.filter((a) => a === 'DK').length;
              const na = answers.filter((a) => a === 'NA').length;
              if (na > 0 && 2 * na >= answers.length - dk) continue;
              weight += q.weight;
              if (n > 0) known += (60 * q.weight * n) / (n + dk);
            }
            expect(known).toBeGreaterThanOrEqual(36 * weight);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never gives an agreement figure from fewer than two numbers', () => {
    fc.assert(
      fc.property(fc.array(answerArb, { minLength: 1, maxLength: 8 }), (answers) => {
        const r = scoreQuestion(
          question,
          answers.map((a, i) => ({ id: `p${i}`, answers: { [question.id]: a }, answeredAt: '2026-11-01T10:00:00Z' })),
          now,
        );
        expect(r.consensus === null).toBe(r.status !== 'answered' || r.n < 2);
      }),
      { numRuns: 500 },
    );
  });
});

describe('"Talk about these first", for any team', () => {
  it('shows at most five, the highest priority first, and keeps every other flagged question under "More to talk about"', () => {
    fc.assert(
      fc.property(teamArb, (people) => {
        const result = scoreAssessment(teamQuestions, people, now);
        const { first, more } = talkAgenda(result);
        expect(first.length).toBeLessThanOrEqual(talkFirstLimit);
        if (more.length > 0) expect(first).toHaveLength(talkFirstLimit);
        const flagged = teamQuestions.filter((q) => {
          const r = result.practices[q.practice].questions.find((x) => x.question.id === q.id)!;
          return r.flags.discuss || r.flags.knowledgeGap;
        });
        expect([...first, ...more].map((i) => i.result.question.id).sort()).toEqual(flagged.map((q) => q.id).sort());
        const all = [...first, ...more];
        for (let i = 1; i < all.length; i++) expect(all[i]!.priority).toBeLessThanOrEqual(all[i - 1]!.priority + 1e-9);
        for (const item of all) expect(item.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
