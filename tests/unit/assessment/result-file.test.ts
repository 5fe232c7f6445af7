import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { currentModelVersion, otherModelNote, stamped, type AnswerValue, type ResultFile } from '../../../src/lib/assessment/model.ts';
import { checkResultValue, parseResultText, resultFileText, unknownQuestionIds } from '../../../src/lib/assessment/result-file.ts';
import { assessmentJsonSchema, resultFileSchema } from '../../../src/lib/assessment/result-file-schema.ts';
import { decodeShareCode, encodeShareCode, shareCodeFrom } from '../../../src/lib/assessment/share-code.ts';
import { snapshotOf, withSnapshot } from '../../../src/lib/assessment/snapshots.ts';
import { scoreAssessment } from '../../../src/lib/assessment/score.ts';
import { freshState } from '../../../src/stores/assessment.ts';
import { decodeOwnAnswers } from '../../../src/lib/assessment/stored.ts';
import { workedExampleFiles, workedExampleQuestions } from '../../../src/lib/assessment/worked-example.ts';

const answerArb = fc.constantFrom<AnswerValue>(0, 0.25, 0.5, 1, 'NA', 'DK');
const dateArb = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const textArb = fc.string({ maxLength: 40 });
const fileArb: fc.Arbitrary<ResultFile> = fc
  .record(
    {
      formatVersion: fc.constant(1 as const),
      modelVersion: fc.integer({ min: 1, max: 999 }),
      questionSet: fc.string({ minLength: 1, maxLength: 20 }),
      team: textArb,
      respondents: fc.array(
        fc.record(
          {
            id: fc.string({ minLength: 1, maxLength: 30 }),
            name: textArb,
            role: textArb,
            answers: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), answerArb, { maxKeys: 8 }),
            reasons: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 80 }), { maxKeys: 3 }),
            answeredAt: dateArb,
            answerDates: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), dateArb, { maxKeys: 3 }),
          },
          { requiredKeys: ['id', 'answers', 'answeredAt'] },
        ),
        { maxLength: 4 },
      ),
      snapshots: fc.array(
        fc.record({
          date: dateArb,
          scores: fc.record({
            'start-somewhere': fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
            'trust-but-verify': fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
            'everyone-owns-security': fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
          }),
        }),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: ['formatVersion', 'respondents'] },
  )
  .map((f) => JSON.parse(JSON.stringify(f)) as ResultFile);

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(assessmentJsonSchema());

describe('result files', () => {
  it('come back unchanged through save and load', () => {
    fc.assert(
      fc.property(fileArb, (file) => {
        const parsed = parseResultText(resultFileText(file));
        expect(parsed).toEqual({ ok: true, file });
      }),
    );
  });

  it('come back unchanged through a share link', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, async (file) => {
        const code = await encodeShareCode(file);
        expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(await decodeShareCode(shareCodeFrom(`https://plainsec.dev/assessment/#r=${code}`))).toEqual({ ok: true, file });
      }),
      { numRuns: 60 },
    );
  });

  it('give the same scores after a round trip through a file and a link', async () => {
    const [file] = workedExampleFiles();
    const now = new Date('2026-11-30T00:00:00Z');
    const viaLink = await decodeShareCode(await encodeShareCode(file!));
    const viaFile = parseResultText(resultFileText(file!));
    if (!viaLink.ok || !viaFile.ok) throw new Error('round trip failed');
    const direct = scoreAssessment(workedExampleQuestions, file!.respondents, now);
    expect(scoreAssessment(workedExampleQuestions, viaLink.file.respondents, now)).toEqual(direct);
    expect(scoreAssessment(workedExampleQuestions, viaFile.file.respondents, now)).toEqual(direct);
  });

  it('are accepted and refused alike by the page\'s check, the zod model and the published JSON Schema', () => {
    const mutate = fc.oneof(
      fc.constant((f: any) => ({ ...f, formatVersion: '1' })),
      fc.constant((f: any) => ({ ...f, respondents: 'everyone' })),
      fc.constant((f: any) => ({ ...f, extra: true })),
      fc.constant((f: any) => ({ ...f, respondents: [{ id: 'a', answers: { q: 0.3 }, answeredAt: '2026-11-01' }] })),
      fc.constant((f: any) => ({ ...f, respondents: [{ id: 'a', answers: { q: 'maybe' }, answeredAt: '2026-11-01' }] })),
      fc.constant((f: any) => ({ ...f, respondents: [{ id: '', answers: {}, answeredAt: '2026-11-01' }] })),
      fc.constant((f: any) => ({ ...f, respondents: [{ id: 'a', answers: {}, answeredAt: 'last Tuesday' }] })),
      fc.constant((f: any) => ({ ...f, respondents: [{ id: 'a', answers: {}, answeredAt: '2026-11-01', mood: 'good' }] })),
      fc.constant((f: any) => ({ ...f, snapshots: [{ date: '2026-11-01', scores: { 'start-somewhere': 120 } }] })),
      fc.constant((f: any) => ({ ...f, snapshots: [{ date: '2026-11-01', scores: { 'start-somewhere': 10, elsewhere: 3 } }] })),
      fc.constant((f: any) => ({ ...f, team: 7 })),
      fc.constant((f: any) => ({ ...f, evidence: { q: [{ title: 'runbook' }] } })),
      fc.constant((f: any) => ({ ...f, evidence: { q: [{ title: 'runbook', date: '2026-11-01', url: 'https://wiki.example/run', note: 'ok', addedBy: 'a' }] } })),
      fc.constant((f: any) => ({ ...f, evidence: { q: [{ title: 'runbook', date: '2026-11-01', fromNewerVersion: { any: 'thing' } }] } })),
      fc.constant((f: any) => ({ ...f, evidence: { q: [{ title: 'runbook', date: '2026-11-01', url: 'mailto:a@b.example' }] } })),
      fc.constant((f: any) => ({ ...f, evidence: { q: [{ title: 'runbook', date: '2026-11-01', url: 'https://a.example/x y' }] } })),
      fc.constant((f: any) => ({ ...f, evidence: { q: [{ title: 'runbook', date: '2026-11-01', note: 7 }] } })),
      fc.constant((f: any) => ({ ...f, evidence: { q: Array.from({ length: 101 }, () => ({ title: 'r', date: '2026-11-01' })) } })),
      fc.constant((f: any) => ({ ...f, targets: { 'start-somewhere': 2, 'trust-but-verify': 3 } })),
      fc.constant((f: any) => ({ ...f, targets: { 'start-somewhere': 0 } })),
      fc.constant((f: any) => ({ ...f, targets: { 'start-somewhere': 2.5 } })),
      fc.constant((f: any) => ({ ...f, targets: { elsewhere: 1 } })),
      fc.constant((f: any) => ({ ...f, modelVersion: '31-0000abcd' })),
      fc.constant((f: any) => ({ ...f, modelVersion: 2.5 })),
      fc.constant((f: any) => ({ ...f, modelVersion: 0 })),
      fc.constant((f: any) => ({ ...f, modelVersion: 1000 })),
      fc.constant((f: any) => ({ ...f, questionSet: 31 })),
      fc.constant((f: any) => ({ ...f, snapshots: [{ date: '2026-11-01', scores: {}, people: ['a', 'b'], team: 'Platform' }] })),
      fc.constant((f: any) => ({ ...f, snapshots: [{ date: '2026-11-01', scores: {}, people: 'everyone' }] })),
      fc.constant((f: any) => ({ ...f, snapshots: [{ date: '2026-11-01', scores: {}, people: [7] }] })),
      fc.constant((f: any) => f),
    );
    fc.assert(
      fc.property(fileArb, mutate, (file, change) => {
        const value = change(file);
        const page = checkResultValue(value).ok;
        const zod = resultFileSchema.safeParse(value).success;
        const schema = validate(value) as boolean;
        expect({ zod, schema }).toEqual({ zod: page, schema: page });
      }),
    );
  });

  it.each([
    ['not JSON', '{"formatVersion": 1, "respondents": [', /not readable JSON: it may be cut short/],
    ['from another tool', '{"version": 3, "items": []}', /not a Plainsec result file \(it has no formatVersion\)/],
    ['from a newer version', '{"formatVersion": 2, "respondents": []}', /saved by a newer Plainsec \(format 2\)/],
    ['with an answer outside the scale', '{"formatVersion":1,"respondents":[{"id":"a","answers":{"q":0.3},"answeredAt":"2026-11-01"}]}', /respondents\[0\]\.answers\.q must be one of 0, 0\.25, 0\.5, 1, "NA" or "DK"/],
    ['with a date nobody can read', '{"formatVersion":1,"respondents":[{"id":"a","answers":{},"answeredAt":"soon"}]}', /respondents\[0\]\.answeredAt must be a date/],
  ])('refuses a file %s with a plain reason', (_what, text, reason) => {
    const parsed = parseResultText(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(reason);
  });

  it('read a file saved before model version 2 as model version 1, its question set moved to questionSet', () => {
    const text = JSON.stringify({ formatVersion: 1, modelVersion: '32-0badc0de', respondents: [{ id: 'a', answers: { q1: 1 }, answeredAt: '2026-11-01' }] });
    const parsed = parseResultText(text);
    expect(parsed).toEqual({
      ok: true,
      file: { formatVersion: 1, modelVersion: 1, questionSet: '32-0badc0de', respondents: [{ id: 'a', answers: { q1: 1 }, answeredAt: '2026-11-01' }] },
    });
    expect(parsed.ok && otherModelNote(parsed.file)).toBe(
      'This result was saved under scoring model 1; it is scored here under model 2, so the scores may differ from the ones saved.',
    );
  });

  it('say nothing about the model of a file saved under this one, or of a file that names none', () => {
    const file: ResultFile = { formatVersion: 1, respondents: [] };
    expect(otherModelNote(file)).toBeUndefined();
    expect(otherModelNote(stamped(file, '6-00000000'))).toBeUndefined();
    expect(stamped(file, '6-00000000')).toEqual({ formatVersion: 1, respondents: [], modelVersion: currentModelVersion, questionSet: '6-00000000' });
    expect(currentModelVersion).toBe(2);
  });

  it('refuse a model version that is not a whole number from 1 to 999, with a plain reason', () => {
    for (const modelVersion of [0, 2.5, 1000, -1, null]) {
      const parsed = parseResultText(JSON.stringify({ formatVersion: 1, modelVersion, respondents: [] }));
      expect(parsed).toEqual({ ok: false, error: expect.stringMatching(/modelVersion must be a whole number from 1 to 999/) });
    }
  });

  it('refuses more than 1 MB before reading it', () => {
    const parsed = parseResultText('{}', 5_000_000);
    expect(parsed).toEqual({ ok: false, error: expect.stringMatching(/^This file is 5\.0 MB; a result file is at most 1 MB/) });
    expect(parseResultText('{}', 1_040_000)).toEqual({ ok: false, error: expect.stringMatching(/^This file is 1\.04 MB/) });
  });

  it('keeps answers to questions this version no longer asks, and names them', () => {
    const file: ResultFile = { formatVersion: 1, respondents: [{ id: 'a', answers: { 'retired-question': 1, q1: 0 }, answeredAt: '2026-11-01' }] };
    const parsed = parseResultText(resultFileText(file));
    expect(parsed.ok && parsed.file.respondents[0]!.answers['retired-question']).toBe(1);
    expect(unknownQuestionIds(file, new Set(['q1']))).toEqual(['retired-question']);
  });
});

describe('share links', () => {
  it('refuses a link whose code was changed, in plain words', async () => {
    const code = await encodeShareCode(workedExampleFiles()[0]!);
    const tampered = code.slice(0, 10) + (code[10] === 'A' ? 'B' : 'A') + code.slice(11, -4);
    const decoded = await decodeShareCode(tampered);
    expect(decoded).toEqual({ ok: false, error: expect.stringMatching(/share link is damaged|result in this link/) });
  });

  it('refuses text that is not a code at all', async () => {
    expect(await decodeShareCode('not a code!')).toEqual({ ok: false, error: expect.stringMatching(/damaged/) });
    expect(await decodeShareCode('')).toEqual({ ok: false, error: expect.stringMatching(/damaged/) });
  });

  it('stops unpacking a link that would grow past 1 MB', async () => {
    const huge = new TextEncoder().encode(JSON.stringify({ formatVersion: 1, respondents: [], team: 'x'.repeat(3_000_000) }));
    const packed = new Uint8Array(await new Response(new Blob([huge]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
    let binary = '';
    for (const byte of packed) binary += String.fromCharCode(byte);
    const code = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(code.length).toBeLessThan(10_000);
    expect(await decodeShareCode(code)).toEqual({ ok: false, error: expect.stringMatching(/more than 1 MB/) });
  });

  it('finds the code in a whole link, a fragment or on its own', () => {
    expect(shareCodeFrom('https://plainsec.dev/assessment/#r=abc_-1')).toBe('abc_-1');
    expect(shareCodeFrom('#r=abc')).toBe('abc');
    expect(shareCodeFrom('  abc  ')).toBe('abc');
  });
});

describe('history', () => {
  it('keeps one snapshot a day, the latest, in date order', () => {
    const result = scoreAssessment(workedExampleQuestions, workedExampleFiles()[0]!.respondents, new Date('2026-11-30T00:00:00Z'));
    let file: ResultFile = { formatVersion: 1, respondents: [] };
    file = withSnapshot(file, snapshotOf(result, new Date('2026-11-02T09:00:00Z')));
    file = withSnapshot(file, snapshotOf(result, new Date('2026-10-01T09:00:00Z')));
    file = withSnapshot(file, snapshotOf(result, new Date('2026-11-02T17:00:00Z')));
    expect(file.snapshots!.map((s) => s.date)).toEqual(['2026-10-01T09:00:00.000Z', '2026-11-02T17:00:00.000Z']);
    expect(file.snapshots![0]!.scores['start-somewhere']).toBe(Math.round(result.practices['start-somewhere'].score! * 10) / 10);
  });
});

describe('answers kept in the browser', () => {
  it('read back what was stored', () => {
    const state = { ...freshState(new Date('2026-11-01T00:00:00Z')), step: 4 };
    expect(decodeOwnAnswers(JSON.stringify(state))).toEqual({ state });
  });

  it.each([
    ['not JSON', '{"version":1,', /not valid JSON/],
    ['another shape', '{"version":2}', /shape this page does not know/],
    ['a damaged file inside', '{"version":1,"step":0,"file":{"formatVersion":1,"respondents":[{"id":"a","answers":{"q":7},"answeredAt":"2026-11-01"}]}}', /could not be read/],
  ])('say in plain words when what was stored is %s, without throwing', (_what, raw, problem) => {
    const decoded = decodeOwnAnswers(raw);
    expect(decoded.state).toBeUndefined();
    expect(decoded.problem).toMatch(problem);
  });

  it('never throw, whatever is stored', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (raw) => void decodeOwnAnswers(raw)));
  });
});
