import { describe, expect, it } from 'vitest';
import { currentModelVersion, otherModelNote, stamped, type Respondent } from '../../../src/lib/assessment/model.ts';
import { scoreAssessment } from '../../../src/lib/assessment/score.ts';
import {
  addToTeam,
  answersTo,
  emptyTeam,
  personLabel,
  refusalOf,
  knowInWords,
  spreadInWords,
} from '../../../src/lib/assessment/team.ts';
import { talkAboutFirst, talkAgenda } from '../../../src/lib/assessment/talk-agenda.ts';
import { resultFileSchema } from '../../../src/lib/assessment/result-file-schema.ts';
import { parseResultText, resultFileText } from '../../../src/lib/assessment/result-file.ts';
import { snapshotOf, withSnapshot } from '../../../src/lib/assessment/snapshots.ts';
import { decodeTeam } from '../../../src/lib/assessment/stored.ts';
import { fileOf, questionSet, now, teamQuestions } from './support/team-fixtures.ts';

const ana = { id: 'a', name: 'Ana', answers: { q1: 1, q2: 0.5, t1: 1 }, answeredAt: '2026-11-01T10:00:00Z' } as const;
const bo = { id: 'b', answers: { q1: 0, q2: 0.5, t1: 'DK' }, answeredAt: '2026-11-02T10:00:00Z' } as const;
const cy = { id: 'c', role: 'Engineer', answers: { q1: 1, q2: 0.5, t1: 1 }, answeredAt: '2026-11-03T10:00:00Z' } as const;
const q = (id: string) => teamQuestions.find((x) => x.id === id)!;

describe('adding people to a team', () => {
  it('adds the good results and lists each refused one with its source and a plain reason', () => {
    const outcome = addToTeam(
      emptyTeam(),
      [
        { source: 'Line 1', file: fileOf(ana) },
        { source: '"old.json"', file: { ...fileOf(bo), questionSet: '31-0000abcd' } },
        { source: 'Line 3', file: fileOf() },
        { source: 'Line 4', file: { ...fileOf(cy), questionSet } },
      ],
      questionSet,
    );
    expect(outcome.file.respondents.map((r) => r.id)).toEqual(['a', 'c']);
    expect(outcome.added).toEqual(['a', 'c']);
    expect(outcome.refused.map((r) => r.source)).toEqual(['"old.json"', 'Line 3']);
    expect(outcome.refused[0]!.reason).toMatch(/another version of the questions \(version 31-0000abcd; this page asks version test-version\)/);
    expect(outcome.refused[1]!.reason).toMatch(/holds nobody’s answers/);
    expect(outcome.file.questionSet).toBe(questionSet);
    expect(outcome.file.modelVersion).toBe(currentModelVersion);
  });

  it('leaves the team exactly as it was when every result is refused', () => {
    const team = addToTeam(emptyTeam(), [{ source: 'x', file: fileOf(ana, bo) }], questionSet).file;
    const outcome = addToTeam(team, [{ source: 'Line 1', file: { ...fileOf(cy), questionSet: 'other' } }], questionSet);
    expect(outcome.file).toBe(team);
    expect(outcome.added).toEqual([]);
  });

  it('keeps the later answers of the same person added twice, and says whose', () => {
    const newer: Respondent = { ...ana, answers: { q1: 0 }, answeredAt: '2026-11-20T10:00:00Z' };
    const team = addToTeam(emptyTeam(), [{ source: '1', file: fileOf(newer) }], questionSet).file;
    const outcome = addToTeam(team, [{ source: '2', file: fileOf(ana) }], questionSet);
    expect(outcome.file.respondents).toEqual([newer]);
    expect(outcome.replaced).toEqual([{ id: 'a', kept: '2026-11-20T10:00:00Z' }]);
    expect(outcome.added).toEqual([]);
  });

  it('saves the team as one result file in the same format and schema as a person\'s, which reads back unchanged', () => {
    const team = addToTeam(emptyTeam(), [{ source: 'x', file: fileOf(ana, bo, cy) }], questionSet).file;
    const saved = withSnapshot(team, snapshotOf(scoreAssessment(teamQuestions, team.respondents, now), now));
    expect(resultFileSchema.safeParse(saved).success).toBe(true);
    const read = parseResultText(resultFileText(saved));
    expect(read.ok && read.file).toEqual(saved);
  });

  it('accepts a share link made before the first save, which carries no version', () => {
    expect(refusalOf(fileOf(ana), questionSet)).toBeUndefined();
  });

  it('accepts a file saved under model version 1 with the same questions, scores it under version 2 and says the scores may differ', () => {
    const read = parseResultText(JSON.stringify({ formatVersion: 1, modelVersion: questionSet, respondents: [ana] }));
    if (!read.ok) throw new Error(read.error);
    expect(read.file.modelVersion).toBe(1);
    expect(read.file.questionSet).toBe(questionSet);
    expect(refusalOf(read.file, questionSet)).toBeUndefined();
    expect(otherModelNote(read.file, '"ana.json"')).toBe(
      '"ana.json" was saved under scoring model 1; it is scored here under model 2, so the scores may differ from the ones saved.',
    );
    const outcome = addToTeam(emptyTeam(), [{ source: '"ana.json"', file: read.file }], questionSet);
    expect(outcome.file.respondents).toEqual([ana]);
    expect(otherModelNote(outcome.file)).toBeUndefined();
    expect(otherModelNote(stamped(read.file, questionSet))).toBeUndefined();
  });
});

describe('what the team page shows', () => {
  const team = addToTeam(emptyTeam(), [{ source: 'x', file: fileOf(ana, bo, cy) }], questionSet).file;

  it('calls people by name, or "Person N" by their place in the team', () => {
    expect(team.respondents.map((r) => personLabel(team, r.id))).toEqual(['Ana', 'Person 2', 'Person 3']);
  });

  it("shows each person's answer in the question's own words", () => {
    expect(answersTo(q('q1'), team).map((a) => a.text)).toEqual(['All of it', 'Not yet', 'All of it']);
    expect(answersTo(q('t1'), team).map((a) => a.text)).toEqual(['Always', "I don't know", 'Always']);
    expect(answersTo(q('q6'), team).map((a) => a.text)).toEqual(['—', '—', '—']);
  });

  it('puts the spread of answers in words, most common first', () => {
    expect(spreadInWords(q('q1'), team.respondents)).toBe('All of it ×2, Not yet ×1');
    expect(spreadInWords(q('q6'), team.respondents)).toBe('nobody answered');
  });

  it('lists Discuss and Knowledge-gap questions to talk about first, the highest priority first', () => {
    const withSmallSpread = addToTeam(
      team,
      [{ source: 'd', file: fileOf({ id: 'd', answers: { q4: 0.5, q1: 1 }, answeredAt: '2026-11-04T10:00:00Z' }) }],
      questionSet,
    ).file;
    // q4 (weight 1) answered 0.5 by one person only, nobody saying "I don't know": no flag.
    // q1 (spread 1, ŝ 0.75): Discuss, P = 2·(1.25² − 1)·3/1 = 3.375. t1 (ŝ 1, one DK): Knowledge gap, P = 0.
    const first = talkAboutFirst(scoreAssessment(teamQuestions, withSmallSpread.respondents, now));
    expect(first.map((r) => r.question.id)).toEqual(['q1', 't1']);
    expect(first[0]!.flags.discuss).toBe(true);
    expect(first[1]!.flags.knowledgeGap).toBe(true);
  });
});

describe('"Talk about these first"', () => {
  const frequency = teamQuestions.find((x) => x.id === 't1')!;
  const many = Array.from({ length: 8 }, (_, i) => ({ ...frequency, id: `f${i}`, weight: (i % 2 ? 1 : 2) as 1 | 2, effort: ((i % 3) + 1) as 1 | 2 | 3 }));
  const three = (answers: Record<string, (0 | 0.25 | 0.5 | 1 | 'DK')[]>) =>
    [0, 1, 2].map((i) => ({ id: `p${i}`, answers: Object.fromEntries(Object.entries(answers).map(([qid, a]) => [qid, a[i]!])), answeredAt: '2026-11-01T10:00:00Z' }));

  it('shows at most five, the highest priority first, and puts the rest under "More to talk about"', () => {
    const people = three(Object.fromEntries(many.map((x): [string, (0 | 1 | 'DK')[]] => [x.id, [0, 1, 'DK']])));
    const agenda = talkAgenda(scoreAssessment(many, people, now));
    expect(agenda.first).toHaveLength(5);
    expect(agenda.more).toHaveLength(3);
    // Same answers everywhere, so P = w·((1 + 0.5)² − 1)·3/E: weight 2 and effort 1 first.
    const ranked = [...agenda.first, ...agenda.more];
    expect(ranked.map((i) => Number(i.priority.toFixed(3)))).toEqual([...ranked.map((i) => Number(i.priority.toFixed(3)))].sort((a, b) => b - a));
    expect(ranked[0]!.result.question).toMatchObject({ weight: 2, effort: 1 });
    expect(talkAboutFirst(scoreAssessment(many, people, now))).toEqual(ranked.map((i) => i.result));
  });

  it('says why in plain words', () => {
    const people = three({ t1: [1, 'DK', 'DK'], t2: [0, 1, 0.5], e1: ['DK', 'DK', 'DK'] });
    const agenda = talkAgenda(scoreAssessment(teamQuestions, people, now));
    const why = Object.fromEntries(agenda.first.map((i) => [i.result.question.id, i.reasons]));
    expect(why).toEqual({
      t1: ["2 of 3 don't know"],
      t2: ['answers range from Not yet to Always'],
      e1: ['none of the 3 know'],
    });
    const t1 = agenda.first.find((i) => i.result.question.id === 't1')!.result;
    expect(knowInWords(t1)).toBe('1 of 3 know');
    expect(t1.consensus).toBeNull();
  });

  it('breaks ties in priority by the wider spread, then by more "I don\'t know"s', () => {
    const twins = ['a', 'b', 'c', 'd'].map((id) => ({ ...frequency, id }));
    // All four have ŝ = 0.5 and the same weight, value and effort, so the same P.
    const people = three({ a: [0.5, 0.5, 'DK'], b: [0, 1, 0.5], c: [0.5, 'DK', 'DK'], d: [0.25, 0.25, 1] });
    const agenda = talkAgenda(scoreAssessment(twins, people, now));
    expect(new Set(agenda.first.map((i) => i.priority)).size).toBe(1);
    expect(agenda.first.map((i) => i.result.question.id)).toEqual(['b', 'd', 'c', 'a']);
    expect(agenda.first.find((i) => i.result.question.id === 'c')!.reasons).toEqual(["2 of 3 don't know"]);
    expect(agenda.first.find((i) => i.result.question.id === 'a')!.reasons).toEqual(["1 of 3 doesn't know"]);
  });
});

describe('the team kept in the browser', () => {
  const good = { version: 1, file: fileOf(ana) };

  it('reads back what it stored', () => {
    expect(decodeTeam(JSON.stringify(good)).state).toEqual(good);
  });

  it('never throws on damaged text, and says so in plain words', () => {
    for (const raw of ['{', '[]', 'null', '{"version":2}', '{"version":1,"file":{"formatVersion":1,"respondents":[{"id":""}]}}']) {
      const decoded = decodeTeam(raw);
      expect(decoded.state).toBeUndefined();
      expect(decoded.problem).toMatch(/^The team kept in this browser/);
    }
  });

  it('reads a team stored by an earlier version, which also kept a baseline of answers, and drops the baseline', () => {
    const decoded = decodeTeam(JSON.stringify({ ...good, baseline: { date: 'yesterday', respondents: [bo] } }));
    expect(decoded.state).toEqual(good);
  });
});
