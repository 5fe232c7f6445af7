/** People who arrive at the team again: told apart from newcomers, and never replaced without asking. */
import { describe, expect, it } from 'vitest';
import type { Respondent } from '../../../src/lib/assessment/model.ts';
import { addAsAnotherPerson, replacePerson, samePerson, sortArrivals } from '../../../src/lib/assessment/team.ts';
import { fileOf } from './support/team-fixtures.ts';

const ana: Respondent = { id: 'a', name: 'Ana', answers: { q1: 1, q2: 0.5 }, answeredAt: '2026-11-01T10:00:00Z' };
const anaLater: Respondent = { ...ana, answers: { q1: 0, q2: 0.5 }, answeredAt: '2026-11-20T10:00:00Z' };
const bo: Respondent = { id: 'b', answers: { q1: 0 }, answeredAt: '2026-11-02T10:00:00Z' };

describe('sorting the people who arrive', () => {
  it('tells newcomers, people already there with the same answers, and people with other answers apart', () => {
    const team = fileOf(ana);
    const sorted = sortArrivals(team, [fileOf(bo), fileOf({ ...ana }), fileOf(anaLater)]);
    expect(sorted.fresh.map((f) => f.respondents.map((r) => r.id))).toEqual([['b'], [], []]);
    expect(sorted.alreadyThere).toEqual(['a']);
    expect(sorted.conflicts).toEqual([{ earlier: ana, incoming: anaLater }]);
  });

  it('counts the same answers as the same person whatever the order of their keys', () => {
    const reordered = { answeredAt: ana.answeredAt, answers: { q2: 0.5, q1: 1 }, name: 'Ana', id: 'a' } as Respondent;
    expect(samePerson(ana, reordered)).toBe(true);
    expect(samePerson(ana, anaLater)).toBe(false);
    expect(samePerson(ana, { ...ana, role: 'Engineer' })).toBe(false);
  });

  it('asks once about the same other answers found in two files', () => {
    expect(sortArrivals(fileOf(ana), [fileOf(anaLater), fileOf({ ...anaLater })]).conflicts).toHaveLength(1);
  });

  it('keeps a file with nobody new, so its snapshots can still join', () => {
    const saved = { ...fileOf(ana), snapshots: [{ date: '2026-11-01T10:00:00Z', scores: { 'start-somewhere': 50, 'trust-but-verify': null, 'everyone-owns-security': null } }] };
    const sorted = sortArrivals(fileOf(ana), [saved]);
    expect(sorted.fresh).toEqual([{ ...saved, respondents: [] }]);
  });
});

describe('settling a person who arrived with other answers', () => {
  it('replaces them in their place, or adds them back when they were removed meanwhile', () => {
    expect(replacePerson(fileOf(ana, bo), anaLater).respondents).toEqual([anaLater, bo]);
    expect(replacePerson(fileOf(bo), anaLater).respondents).toEqual([anaLater, bo]);
  });

  it('adds them as another person with a new id and a name that tells the two apart', () => {
    const once = addAsAnotherPerson(fileOf(ana, bo), anaLater, 'z1');
    expect(once.id).toBe('z1');
    expect(once.file.respondents.map((r) => [r.id, r.name])).toEqual([
      ['a', 'Ana'],
      ['b', undefined],
      ['z1', 'Ana (2)'],
    ]);
    const twice = addAsAnotherPerson(once.file, anaLater, 'z2');
    expect(twice.file.respondents.find((r) => r.id === 'z2')?.name).toBe('Ana (3)');
    expect(addAsAnotherPerson(fileOf(bo), { ...bo, answers: {} }, 'z3').file.respondents.find((r) => r.id === 'z3')?.name).toBeUndefined();
  });

  it('never makes a name longer than a result file allows', () => {
    const long = { ...ana, name: 'x'.repeat(100) };
    const name = addAsAnotherPerson(fileOf(long), long, 'z').file.respondents.find((r) => r.id === 'z')!.name!;
    expect(name).toHaveLength(100);
    expect(name.endsWith(' (2)')).toBe(true);
  });
});
