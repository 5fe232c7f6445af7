/**
 * The sentences the results and team pages write from the answers (why to talk about a question,
 * who knows, the trend, a level out of reach, a file from an older model) pass the same
 * plain-words rules as the guides, for any team.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextLevelInWords } from '../../../src/lib/assessment/level-words.ts';
import { otherModelNote } from '../../../src/lib/assessment/model.ts';
import { allQuestionResults, scoreAssessment } from '../../../src/lib/assessment/score.ts';
import { knowInWords } from '../../../src/lib/assessment/team.ts';
import { talkAgenda } from '../../../src/lib/assessment/talk-agenda.ts';
import { teamSnapshotOf, teamTrend } from '../../../src/lib/assessment/trend.ts';
import { withSnapshot } from '../../../src/lib/assessment/snapshots.ts';
import { practiceIds } from '../../../src/lib/practices.ts';
import { plainWordsProblems, siteGlossary } from '../../support/plain-words.ts';
import { fileOf, now, teamArb, teamQuestions } from './support/team-fixtures.ts';

const terms = siteGlossary();

describe('the words the team view writes', () => {
  it('pass the plain-words rules for any team: no words to avoid, no unexplained acronyms, no sentence over 30 words', () => {
    fc.assert(
      fc.property(teamArb, (people) => {
        const file = fileOf(...people);
        const result = scoreAssessment(teamQuestions, people, now);
        const agenda = talkAgenda(result);
        const saved = withSnapshot(file, teamSnapshotOf(result, now, file));
        const sentences = [
          ...[...agenda.first, ...agenda.more].map((item) => `Why: ${item.reasons.join('; ')}.`),
          ...allQuestionResults(result).filter((r) => r.responded > 0).map((r) => `${knowInWords(r)}.`),
          ...practiceIds.map((p) => `Trust but verify: level ${result.practices[p].level}${nextLevelInWords(result.practices[p])}.`),
          teamTrend(file, teamQuestions).kind === 'none' ? (teamTrend(file, teamQuestions) as { text: string }).text : '',
          (teamTrend(saved, teamQuestions) as { text?: string }).text ?? '',
          otherModelNote({ ...file, modelVersion: 1 }, '"ana.json"') ?? '',
        ].filter((s) => s !== '');
        expect(sentences.flatMap((text) => plainWordsProblems(text, terms))).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });

  it('say why a level is out of reach when its answers are high but few people know', () => {
    const text = nextLevelInWords({ level: 0, progress: 1, levelKnown: [1 / 3, null, null] });
    expect(text).toBe('; the answers at level 1 reach 100 %, but only 33 % of it is known (60 % is needed): find out the rest first');
    expect(nextLevelInWords({ level: 0, progress: 0.8, levelKnown: [0.6, null, null] })).toBe('; 80 % of the way to level 1 (75 % is needed)');
  });
});
