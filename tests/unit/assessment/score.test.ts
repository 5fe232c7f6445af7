import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AnswerValue, Question, Respondent } from '../../../src/lib/assessment/model.ts';
import { scoreAssessment, scorePractice, scoreQuestion } from '../../../src/lib/assessment/score.ts';
import { nextSteps, priorityOf } from '../../../src/lib/assessment/next-steps.ts';
import { mergeResults } from '../../../src/lib/assessment/merge.ts';
import { workedExampleFiles, workedExampleQuestions } from '../../../src/lib/assessment/worked-example.ts';

const now = new Date('2026-11-30T12:00:00Z');
const practices = ['start-somewhere', 'trust-but-verify', 'everyone-owns-security'] as const;

function question(id: string, over: Partial<Question> = {}): Question {
  return {
    id,
    practice: 'start-somewhere',
    topic: id,
    level: 1,
    weight: 1,
    value: 2,
    effort: 1,
    question: `${id}?`,
    goodLooksLike: `${id} done.`,
    scale: 'coverage',
    guide: 'start-somewhere/your-first-alert-rule',
    checklist: [],
    rules: [],
    ...over,
  };
}

function person(id: string, answers: Record<string, AnswerValue>, answeredAt = '2026-11-01T10:00:00Z'): Respondent {
  return { id, answers, answeredAt };
}

describe('one question, several people', () => {
  const q = question('q');

  it('leaves a question everyone answers "I don\'t know" unanswered: out of the score, and coverage drops', () => {
    const result = scoreQuestion(q, [person('a', { q: 'DK' }), person('b', { q: 'DK' })], now);
    expect(result.status).toBe('unanswered');
    expect(result.value).toBeNull();
    const practice = scorePractice('start-somewhere', [result, scoreQuestion(question('r'), [person('a', { r: 1 })], now)]);
    expect(practice.score).toBe(100);
    expect(practice.coverage).toBe(0.5);
    expect(practice.preliminary).toBe(true);
  });

  it('flags Discuss at a spread of exactly 0.5, not at 0.25', () => {
    expect(scoreQuestion(q, [person('a', { q: 0 }), person('b', { q: 0.5 })], now).flags.discuss).toBe(true);
    expect(scoreQuestion(q, [person('a', { q: 0.25 }), person('b', { q: 0.5 })], now).flags.discuss).toBe(false);
  });

  it('flags a knowledge gap when someone does not know and the team value is exactly one half, not just below', () => {
    // Two numbers each, so the "at most one person gave a number" rule does not decide it.
    expect(scoreQuestion(q, [person('a', { q: 0 }), person('b', { q: 1 }), person('c', { q: 'DK' })], now).flags.knowledgeGap).toBe(true);
    expect(scoreQuestion(q, [person('a', { q: 0.25 }), person('b', { q: 0.5 }), person('c', { q: 'DK' })], now).flags.knowledgeGap).toBe(false);
    expect(scoreQuestion(q, [person('a', { q: 0.5 }), person('b', { q: 0.5 })], now).flags.knowledgeGap).toBe(false);
  });

  it('flags a knowledge gap when at most one person gave a number, whatever the number', () => {
    const oneVoice = scoreQuestion(q, [person('a', { q: 'DK' }), person('b', { q: 'DK' }), person('c', { q: 0.25 })], now);
    expect(oneVoice.flags.knowledgeGap).toBe(true);
    expect(oneVoice.n).toBe(1);
    const nobody = scoreQuestion(q, [person('a', { q: 'DK' }), person('b', { q: 'DK' })], now);
    expect(nobody.flags.knowledgeGap).toBe(true);
    expect(scoreQuestion(q, [person('a', { q: 0.25 })], now).flags.knowledgeGap).toBe(false);
  });

  it('counts an "I don\'t know" in the known share k = n / (n + #DK) and the unknown rate u = #DK / (n + #DK), leaving "doesn\'t apply" out of both', () => {
    const r = scoreQuestion(q, [person('a', { q: 1 }), person('b', { q: 'DK' }), person('c', { q: 'DK' }), person('d', { q: 0.5 }), person('e', { q: 'NA' })], now);
    expect([r.n, r.dk, r.na, r.responded]).toEqual([2, 2, 1, 5]);
    expect(r.known).toBe(0.5);
    expect(r.unknownRate).toBe(0.5);
    const nobody = scoreQuestion(q, [person('a', { q: 'DK' })], now);
    expect([nobody.known, nobody.unknownRate]).toEqual([0, 1]);
    const blank = scoreQuestion(q, [person('a', {})], now);
    expect([blank.known, blank.unknownRate, blank.responded]).toEqual([0, 0, 0]);
  });

  it('gives no agreement figure from fewer than two numbers', () => {
    expect(scoreQuestion(q, [person('a', { q: 1 }), person('b', { q: 'DK' }), person('c', { q: 'DK' })], now).consensus).toBeNull();
    expect(scoreQuestion(q, [person('a', { q: 1 })], now).consensus).toBeNull();
    expect(scoreQuestion(q, [person('a', { q: 1 }), person('b', { q: 1 })], now).consensus).toBe(1);
  });

  it('treats the question as not applying when exactly half of those who know say so, and drops fewer NAs', () => {
    const half = scoreQuestion(q, [person('a', { q: 'NA' }), person('b', { q: 1 }), person('c', { q: 'DK' })], now);
    expect(half.status).toBe('na');
    expect(half.flags.applicabilityDisputed).toBe(true);
    const fewer = scoreQuestion(q, [person('a', { q: 'NA' }), person('b', { q: 1 }), person('c', { q: 0.5 })], now);
    expect(fewer.status).toBe('answered');
    expect(fewer.value).toBe(0.75);
    expect(fewer.flags.applicabilityDisputed).toBe(true);
  });

  it('counts consensus from 1 when all agree down to 0 when split between 0 and 1', () => {
    expect(scoreQuestion(q, [person('a', { q: 1 }), person('b', { q: 1 })], now).consensus).toBe(1);
    expect(scoreQuestion(q, [person('a', { q: 0 }), person('b', { q: 1 })], now).consensus).toBe(0);
  });

  it('gives the same spread and consensus, to the last digit, whichever order five people answered in', () => {
    // Found by the property below: summing in arrival order changed the 16th digit of the consensus.
    const answers = [0.25, 0, 1, 0.25, 0.25] as const;
    const orders = (rest: readonly number[]): number[][] =>
      rest.length <= 1 ? [[...rest]] : rest.flatMap((x, i) => orders([...rest.slice(0, i), ...rest.slice(i + 1)]).map((o) => [x, ...o]));
    const first = scoreQuestion(q, answers.map((a, i) => person(`p${i}`, { q: a as AnswerValue })), now);
    for (const order of orders(answers)) {
      const result = scoreQuestion(q, order.map((a, i) => person(`p${i}`, { q: a as AnswerValue })), now);
      expect([result.sigma, result.consensus]).toEqual([first.sigma, first.consensus]);
    }
  });

  it('marks an answer older than the cadence as stale and counts it at half value in the effective score only', () => {
    const fresh = question('q', { cadenceDays: 90 });
    const result = scoreQuestion(fresh, [person('a', { q: 1 }, '2026-08-01T00:00:00Z'), person('b', { q: 1 }, '2026-11-01T00:00:00Z')], now);
    expect(result.stale).toBe(1);
    expect(result.value).toBe(1);
    expect(result.effectiveValue).toBe(0.75);
    const exactly = scoreQuestion(fresh, [person('a', { q: 1 }, new Date(now.getTime() - 90 * 86_400_000).toISOString())], now);
    expect(exactly.stale).toBe(0);
  });
});

describe('coverage and uncertainty', () => {
  const q = question('q');

  it('lowers coverage by the known share and widens the ± when someone does not know', () => {
    const sure = scoreAssessment([q], [person('a', { q: 1 }), person('b', { q: 1 })], now).practices['start-somewhere'];
    expect([sure.coverage, sure.uncertainty]).toEqual([1, 0]);
    const unsure = scoreAssessment([q], [person('a', { q: 1 }), person('b', { q: 1 }), person('c', { q: 'DK' })], now).practices['start-somewhere'];
    expect(unsure.score).toBe(100);
    expect(unsure.coverage).toBeCloseTo(2 / 3, 12);
    // 100 · sqrt(1² · (0 + 0.25 · ⅓) / 2) / 1: the unknown answer could lie anywhere from 0 to 1.
    expect(unsure.uncertainty).toBeCloseTo(100 * Math.sqrt(0.25 / 3 / 2), 10);
  });

  it('keeps one person\'s coverage the share of the weight they answered, and their ± at 0', () => {
    const questions = [question('a', { weight: 2 }), question('b'), question('c')];
    const one = scoreAssessment(questions, [person('p', { a: 1, b: 'DK', c: 0.5 })], now).practices['start-somewhere'];
    expect(one.coverage).toBe(0.75);
    expect(one.uncertainty).toBe(0);
    expect(one.questions.map((r) => r.known)).toEqual([1, 0, 1]);
  });

  it('leaves a question that does not apply out of coverage', () => {
    const questions = [question('a'), question('b')];
    const result = scoreAssessment(questions, [person('p', { a: 1, b: 'NA' }), person('r', { a: 'DK', b: 'NA' })], now).practices['start-somewhere'];
    expect(result.coverage).toBe(0.5);
  });
});

describe('levels', () => {
  it('does not count a level with no applicable answered question as reached, so the climb stops there', () => {
    const questions = [question('l1', { level: 1 }), question('l2', { level: 2 }), question('l3', { level: 3 })];
    const result = scoreAssessment(questions, [person('a', { l1: 1, l2: 'DK', l3: 1 })], now).practices['start-somewhere'];
    expect(result.levelMeans).toEqual([1, null, 1]);
    expect(result.level).toBe(1);
    expect(result.progress).toBeNull();
  });

  it('needs 0.75 at every level up to the one reached', () => {
    const questions = [question('l1', { level: 1 }), question('l2', { level: 2 }), question('l3', { level: 3 })];
    const score = (l1: AnswerValue, l2: AnswerValue, l3: AnswerValue) =>
      scoreAssessment(questions, [person('a', { l1, l2, l3 })], now).practices['start-somewhere'].level;
    expect(score(1, 1, 1)).toBe(3);
    expect(score(0.5, 1, 1)).toBe(0);
    expect(score(1, 0.5, 1)).toBe(1);
  });

  it('does not let one voice set a level: "Always" with two "I don\'t know"s knows a third of the weight, under 60 %', () => {
    const questions = [question('l1', { level: 1 })];
    const level = (...answers: AnswerValue[]) =>
      scoreAssessment(questions, answers.map((a, i) => person(`p${i}`, { l1: a })), now).practices['start-somewhere'];
    const oneVoice = level(1, 'DK', 'DK');
    expect(oneVoice.levelMeans[0]).toBe(1);
    expect(oneVoice.levelKnown[0]).toBeCloseTo(1 / 3, 12);
    expect(oneVoice.level).toBe(0);
    expect(oneVoice.progress).toBe(1);
    expect(level(1, 1, 'DK').level).toBe(1);
    // Exactly 60 % known is enough.
    expect(level(1, 1, 1, 'DK', 'DK').levelKnown[0]).toBe(0.6);
    expect(level(1, 1, 1, 'DK', 'DK').level).toBe(1);
    expect(level(1, 1, 'DK', 'DK', 'DK').level).toBe(0);
  });

  it('weighs the known share of a level by the weight of its questions', () => {
    // l1a (weight 2) fully known, l1b (weight 1) unknown to everyone: 2/3 known, enough.
    const questions = [question('l1a', { level: 1, weight: 2 }), question('l1b', { level: 1, weight: 1 })];
    const result = scoreAssessment(questions, [person('a', { l1a: 1, l1b: 'DK' }), person('b', { l1a: 1, l1b: 'DK' })], now).practices['start-somewhere'];
    expect(result.levelKnown[0]).toBeCloseTo(2 / 3, 12);
    expect(result.level).toBe(1);
    // The other way round, 1/3 known: not enough.
    const swapped = scoreAssessment(questions, [person('a', { l1a: 'DK', l1b: 1 }), person('b', { l1a: 'DK', l1b: 1 })], now).practices['start-somewhere'];
    expect(swapped.levelKnown[0]).toBeCloseTo(1 / 3, 12);
    expect(swapped.level).toBe(0);
  });

  it('takes the headline level from the weakest practice', () => {
    const questions = practices.flatMap((p, i) => [1, 2].map((level) => question(`q${i}-${level}`, { practice: p, level: level as 1 | 2 })));
    const answers: Record<string, AnswerValue> = { 'q0-1': 1, 'q0-2': 1, 'q1-1': 0.25, 'q1-2': 1, 'q2-1': 1, 'q2-2': 0.5 };
    const result = scoreAssessment(questions, [person('a', answers)], now);
    expect(practices.map((p) => result.practices[p].level)).toEqual([2, 0, 1]);
    expect(result.headlineLevel).toBe(0);
  });
});

const answerArb = fc.constantFrom<AnswerValue>(0, 0.25, 0.5, 1, 'NA', 'DK');
const questionsArb = fc
  .array(
    fc.record({
      practice: fc.constantFrom(...practices),
      level: fc.constantFrom<1 | 2 | 3>(1, 2, 3),
      weight: fc.constantFrom<1 | 2>(1, 2),
      value: fc.constantFrom<1 | 2 | 3>(1, 2, 3),
      effort: fc.constantFrom<1 | 2 | 3>(1, 2, 3),
    }),
    { minLength: 1, maxLength: 9 },
  )
  .map((qs) => qs.map((q, i) => question(`q${i}`, q)));
const teamArb = (questions: Question[]) =>
  fc.array(
    fc.array(fc.option(answerArb, { nil: undefined }), { minLength: questions.length, maxLength: questions.length }).map((answers) =>
      Object.fromEntries(answers.flatMap((a, i) => (a === undefined ? [] : [[questions[i]!.id, a]]))),
    ),
    { minLength: 1, maxLength: 5 },
  );
const scenario = questionsArb.chain((questions) => teamArb(questions).map((answers) => ({ questions, team: answers.map((a, i) => person(`p${i}`, a)) })));

describe('properties of the scores', () => {
  it('raising one person\'s numeric answer never lowers that practice\'s score', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), fc.nat(), ({ questions, team }, pi, qi) => {
        const who = team[pi % team.length]!;
        const q = questions[qi % questions.length]!;
        const before = who.answers[q.id];
        if (typeof before !== 'number' || before === 1) return;
        const higher: AnswerValue = before === 0 ? 0.25 : before === 0.25 ? 0.5 : 1;
        const raised = team.map((p) => (p === who ? { ...p, answers: { ...p.answers, [q.id]: higher } } : p));
        const a = scoreAssessment(questions, team, now).practices[q.practice].score;
        const b = scoreAssessment(questions, raised, now).practices[q.practice].score;
        // Whether a question counts depends on the NA and DK answers alone, so a number raised never takes one out.
        expect(b === null).toBe(a === null);
        if (a !== null && b !== null) expect(b).toBeGreaterThanOrEqual(a - 1e-9);
      }),
    );
  });

  it('never counts "doesn\'t apply" or "I don\'t know" as zero: adding one never changes the score of the numeric answers', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom<AnswerValue>('NA', 'DK'), ({ questions, team }, extra) => {
        // A newcomer who answers every question with NA or DK, where everyone else gave numbers.
        const numericOnly = team.map((p) => ({ ...p, answers: Object.fromEntries(Object.entries(p.answers).filter(([, a]) => typeof a === 'number')) }));
        const base = scoreAssessment(questions, numericOnly, now);
        const withExtra = scoreAssessment(questions, [...numericOnly, person('newcomer', Object.fromEntries(questions.map((q) => [q.id, extra])))], now);
        for (const p of practices) {
          const before = base.practices[p];
          const after = withExtra.practices[p];
          // Either the extra answers take questions out (NA winning), or the score stays exactly the same: never lower as a zero would make it.
          if (extra === 'DK') expect(after.score).toBe(before.score);
          for (const r of after.questions) if (r.status === 'answered') expect(r.value).toBe(before.questions.find((b) => b.question.id === r.question.id)!.value);
        }
      }),
    );
  });

  it('gives the same result whatever the order of people and of files', () => {
    fc.assert(
      fc.property(scenario, fc.infiniteStream(fc.nat()), ({ questions, team }, randoms) => {
        const shuffled = [...team].sort(() => (randoms.next().value % 3) - 1);
        expect(scoreAssessment(questions, shuffled, now)).toEqual(scoreAssessment(questions, team, now));
        const files = team.map((p) => ({ formatVersion: 1 as const, respondents: [p] }));
        const reversed = [...files].reverse();
        expect(mergeResults(reversed)).toEqual(mergeResults(files));
      }),
    );
  });

  it('ranks next steps by the formula w·((1+g)²−1)·V/E, and buckets them by the largest priority', () => {
    fc.assert(
      fc.property(scenario, ({ questions, team }) => {
        const result = scoreAssessment(questions, team, now);
        const steps = nextSteps(result);
        const max = Math.max(0, ...steps.map((s) => s.priority));
        for (const s of steps) {
          const q = s.result.question;
          const gap = s.result.status === 'answered' ? 1 - s.result.value! : 1;
          expect(s.priority).toBeCloseTo(priorityOf(q.weight, gap, q.value, q.effort), 12);
          expect(s.priority).toBeCloseTo((q.weight * ((1 + gap) ** 2 - 1) * q.value) / q.effort, 12);
          expect(s.bucket).toBe(s.priority >= max / 2 ? 'this-sprint' : s.priority >= max / 4 ? 'this-quarter' : 'later');
          expect(q.level).toBeLessThanOrEqual(result.practices[q.practice].level + 1);
        }
      }),
    );
  });
});

describe('next steps change with the answers', () => {
  it('gives two different plans for two different sets of answers', () => {
    const files = workedExampleFiles();
    const team = mergeResults(files).file.respondents;
    const planA = nextSteps(scoreAssessment(workedExampleQuestions, team, now)).map((s) => `${s.result.question.id}:${s.bucket}`);
    const improved = team.map((p) => ({ ...p, answers: { ...p.answers, q3: 1 as const, q2: 1 as const } }));
    const planB = nextSteps(scoreAssessment(workedExampleQuestions, improved, now)).map((s) => `${s.result.question.id}:${s.bucket}`);
    expect(planA).toEqual(['q3:this-sprint', 'q2:this-sprint', 'q1:this-quarter']);
    expect(planB).not.toEqual(planA);
    expect(planB).not.toContain('q3:this-sprint');
  });
});
