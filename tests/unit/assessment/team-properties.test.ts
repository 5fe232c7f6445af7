/** Properties of the team view that must hold for any team (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Respondent, ResultFile } from '../../../src/lib/assessment/model.ts';
import { nextSteps } from '../../../src/lib/assessment/next-steps.ts';
import { planChat, planCsv, planMarkdown } from '../../../src/lib/assessment/plan-export.ts';
import { scoreAssessment, scoreQuestion } from '../../../src/lib/assessment/score.ts';
import { addToTeam, answersTo, emptyTeam, removePerson, talkAboutFirst } from '../../../src/lib/assessment/team.ts';
import { answerArb, fileOf, modelVersion, now, personArb, teamArb, teamQuestions } from './support/team-fixtures.ts';

/** Every figure and text the team page shows, from a team file. */
function everything(team: ResultFile) {
  const result = scoreAssessment(teamQuestions, team.respondents, now);
  const steps = nextSteps(result);
  const first = talkAboutFirst(result);
  const input = { result, steps, talkFirst: first, siteUrl: 'https://plainsec.dev', date: now.toISOString(), guideTitles: {} };
  return {
    result,
    steps: steps.map((s) => [s.result.question.id, s.bucket, s.priority]),
    first: first.map((r) => r.question.id),
    answers: teamQuestions.map((q) => answersTo(q, team)),
    markdown: planMarkdown(input),
    csv: planCsv(steps, input.siteUrl),
    chat: planChat(input),
  };
}

/** Adds people one at a time, each as their own file, as someone pasting links would. */
function addOneByOne(people: readonly Respondent[]): ResultFile {
  let team = emptyTeam();
  for (const p of people) team = addToTeam(team, [{ source: p.id, file: fileOf(p) }], modelVersion).file;
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
          const all = addToTeam(emptyTeam(), withTwice.map((p) => ({ source: p.id, file: fileOf(p) })), modelVersion).file;
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
        const again = addToTeam(team, [{ source: 'team.json', file: team }], modelVersion);
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
        const back = addToTeam(without, [{ source: 'again', file: fileOf(person) }], modelVersion);
        expect(back.file).toEqual(team);
        expect(everything(back.file)).toEqual(everything(team));
      }),
      { numRuns: 150 },
    );
  });
});

/**
 * The model's rules for one question, in quarters (0, 1, 2, 4) so every comparison is exact:
 * Discuss when Δ ≥ 0.5; Knowledge gap when some said DK and ŝ ≥ 0.5; the team says "doesn't
 * apply" when #NA > 0 and #NA ≥ ½(|R| − #DK); applicability disputed when some said NA and others
 * gave a number.
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
    knowledgeGap: answered && dk > 0 && sum >= 2 * n,
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
    ['"I don\'t know" from everyone is unanswered, not a knowledge gap', ['DK', 'DK'], { status: 'unanswered', knowledgeGap: false }],
    ['one "doesn\'t apply" against one answer makes it not apply to the team', ['NA', 0.5], { status: 'na', applicabilityDisputed: true }],
    ['one "doesn\'t apply" against two answers is scored, and disputed', ['NA', 0.5, 0.5], { status: 'answered', applicabilityDisputed: true }],
    ['"I don\'t know" does not count against "doesn\'t apply"', ['NA', 'DK', 0.5], { status: 'na' }],
    ['"doesn\'t apply" from everyone is not disputed', ['NA', 'NA'], { status: 'na', applicabilityDisputed: false }],
  ] as const)('%s', (_name, answers, expected) => {
    expect(flagsOf(answers)).toMatchObject(expected);
    expect(modelFlags(answers)).toMatchObject(expected);
  });
});
