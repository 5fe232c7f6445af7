import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addEvidence,
  evidenceFrom,
  evidenceKey,
  evidenceProblem,
  isStaleEvidence,
  removeEvidence,
  staleEvidence,
  teamEvidence,
} from '../../../src/lib/assessment/evidence.ts';
import { mergeResults } from '../../../src/lib/assessment/merge.ts';
import type { Evidence, ResultFile } from '../../../src/lib/assessment/model.ts';
import { checkResultValue, parseResultText, resultFileText } from '../../../src/lib/assessment/result-file.ts';
import { resultFileSchema } from '../../../src/lib/assessment/result-file-schema.ts';
import { decodeShareCode, encodeShareCode } from '../../../src/lib/assessment/share-code.ts';
import { addToTeam, emptyTeam, personLabel, sortArrivals } from '../../../src/lib/assessment/team.ts';

const person = (id: string, name?: string): ResultFile['respondents'][number] => ({ id, ...(name ? { name } : {}), answers: { q1: 1 }, answeredAt: '2026-11-01T10:00:00Z' });
const fileOf = (id: string, evidence: ResultFile['evidence'], name?: string): ResultFile => ({ formatVersion: 1, respondents: [person(id, name)], evidence });

const trail: Evidence = { title: 'CloudTrail org trail', url: 'https://github.com/acme/infra/blob/main/cloudtrail.tf', date: '2026-11-30', note: 'Checked in the console too' };

describe('evidence in a result file', () => {
  it('keeps a link, a note, a date and who added it through save and load', () => {
    const file: ResultFile = { ...fileOf('ana', { q1: [{ ...trail, addedBy: 'ana' }] }) };
    const loaded = parseResultText(resultFileText(file));
    expect(loaded).toEqual({ ok: true, file });
  });

  it('still reads evidence saved with only a title, a link and a date', () => {
    const old = { formatVersion: 1, respondents: [person('a')], evidence: { q1: [{ title: 'Runbook', url: 'https://wiki.example/runbook', date: '2026-10-01' }] } };
    expect(checkResultValue(old)).toEqual({ ok: true, file: old });
    expect(resultFileSchema.safeParse(old).success).toBe(true);
  });

  it('loads evidence from a newer Plainsec with keys it does not know, and saves those keys again', () => {
    const newer = {
      formatVersion: 1,
      respondents: [person('a')],
      evidence: { q1: [{ title: 'Runbook', date: '2026-10-01', reviewedBy: 'Bo', attachments: [{ name: 'shot.png' }] }] },
    };
    const loaded = parseResultText(JSON.stringify(newer));
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.file.evidence!.q1![0]).toEqual(newer.evidence.q1[0]);
    expect(JSON.parse(resultFileText(loaded.file))).toEqual(newer);
    expect(resultFileSchema.safeParse(newer).success).toBe(true);
  });

  it.each([
    ['a link that is not a web address', { title: 'x', url: 'javascript:alert(1)', date: '2026-11-01' }, /evidence\.q1\[0\]\.url must be a web link starting with https:\/\/ or http:\/\//],
    ['a file link', { title: 'x', url: 'file:///etc/passwd', date: '2026-11-01' }, /url must be a web link/],
    ['a link with a space', { title: 'x', url: 'https://a.example/my page', date: '2026-11-01' }, /url must be a web link/],
    ['a link longer than 2000 characters', { title: 'x', url: `https://a.example/${'a'.repeat(2000)}`, date: '2026-11-01' }, /url is longer than 2000 characters/],
    ['a title longer than 200 characters', { title: 't'.repeat(201), date: '2026-11-01' }, /title is longer than 200 characters/],
    ['a note longer than 1000 characters', { title: 'x', note: 'n'.repeat(1001), date: '2026-11-01' }, /note is longer than 1000 characters/],
    ['no date', { title: 'x' }, /evidence\.q1\[0\]\.date must be a date/],
  ])('refuses evidence with %s, in plain words', (_what, item, reason) => {
    const checked = checkResultValue({ formatVersion: 1, respondents: [], evidence: { q1: [item] } });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error).toMatch(reason);
    expect(resultFileSchema.safeParse({ formatVersion: 1, respondents: [], evidence: { q1: [item] } }).success).toBe(false);
  });

  it('refuses more than 100 items for one question', () => {
    const items = Array.from({ length: 101 }, (_, i) => ({ title: `item ${i}`, date: '2026-11-01' }));
    const checked = checkResultValue({ formatVersion: 1, respondents: [], evidence: { q1: items } });
    expect(checked).toEqual({ ok: false, error: expect.stringMatching(/evidence\.q1 lists more than 100 items/) });
  });
});

describe('the evidence form', () => {
  it('accepts a title, a web link, a day and a note, and trims them', () => {
    const input = { title: '  CloudTrail org trail ', url: ' https://github.com/acme/infra ', date: '2026-11-30', note: ' ' };
    expect(evidenceProblem(input)).toBeUndefined();
    expect(evidenceFrom(input, 'ana')).toEqual({ title: 'CloudTrail org trail', url: 'https://github.com/acme/infra', date: '2026-11-30', addedBy: 'ana' });
  });

  it.each([
    [{ title: ' ', date: '2026-11-30' }, /Give the evidence a title/],
    [{ title: 'x', url: 'ftp://files.example/a', date: '2026-11-30' }, /must be a web address starting with https:\/\/ or http:\/\//],
    [{ title: 'x', date: 'yesterday' }, /Give the day it was checked, like 2026-11-30/],
    [{ title: 'x'.repeat(201), date: '2026-11-30' }, /keep it to 200/],
  ])('says in plain words what is wrong with %j', (input, reason) => {
    expect(evidenceProblem(input)).toMatch(reason);
  });

  it('adds an item once, however often it is added, and removes it by title, link and date', () => {
    const once = addEvidence(fileOf('ana', undefined), 'q1', trail);
    expect(addEvidence(once, 'q1', { ...trail })).toEqual(once);
    expect(once.evidence).toEqual({ q1: [trail] });
    expect(removeEvidence(once, 'q1', trail).evidence).toBeUndefined();
  });
});

describe('stale evidence', () => {
  const questions = [
    { id: 'q1', cadenceDays: 90 },
    { id: 'q2' },
  ];

  it('is evidence older than its question\u2019s cadenceDays on the day given', () => {
    const file = { evidence: { q1: [{ title: 'old', date: '2026-08-01' }, { title: 'new', date: '2026-11-01' }], q2: [{ title: 'no cadence', date: '2020-01-01' }] } };
    const today = new Date('2026-11-30T00:00:00Z');
    expect(staleEvidence(file, questions, today)).toEqual([{ questionId: 'q1', item: { title: 'old', date: '2026-08-01' }, ageDays: 121, cadenceDays: 90 }]);
  });

  it('turns stale the day after the cadence runs out, judged by the day passed in', () => {
    const item = { date: '2026-09-01T00:00:00Z' };
    expect(isStaleEvidence(item, { cadenceDays: 90 }, new Date('2026-11-30T00:00:00Z'))).toBe(false);
    expect(isStaleEvidence(item, { cadenceDays: 90 }, new Date('2026-11-30T00:00:01Z'))).toBe(true);
    expect(isStaleEvidence(item, {}, new Date('2030-01-01T00:00:00Z'))).toBe(false);
  });

  it('is never stale for a question this version does not have', () => {
    expect(staleEvidence({ evidence: { gone: [{ title: 'x', date: '2000-01-01' }] } }, questions, new Date('2026-11-30'))).toEqual([]);
  });
});

describe('evidence in a team', () => {
  it('lists everyone\u2019s evidence per question with who added it, the same title, link and date once', () => {
    const ana = fileOf('ana', { q1: [trail, { title: 'Patch report', date: '2026-11-20' }] }, 'Ana');
    const bo = fileOf('bo', { q1: [{ ...trail }], q2: [{ title: 'Alert rule', url: 'http://siem.local/rules/7', date: '2026-11-02' }] }, 'Bo');
    for (const order of [[ana, bo], [bo, ana]]) {
      const team = mergeResults(order).file;
      expect(team.evidence).toEqual({
        q1: [{ title: 'Patch report', date: '2026-11-20', addedBy: 'ana' }, { ...trail, addedBy: 'ana' }],
        q2: [{ title: 'Alert rule', url: 'http://siem.local/rules/7', date: '2026-11-02', addedBy: 'bo' }],
      });
    }
  });

  it('keeps who added the evidence in a file whose person is already in the team', () => {
    const team = addToTeam(emptyTeam(), [{ source: 'ana.json', file: fileOf('ana', undefined, 'Ana') }], '1-x').file;
    const again = fileOf('ana', { q1: [trail] }, 'Ana');
    const { fresh, alreadyThere } = sortArrivals(team, [again]);
    expect(alreadyThere).toEqual(['ana']);
    // The team page joins the fresh copies with mergeResults, as here.
    expect(fresh[0]!.respondents).toEqual([]);
    expect(mergeResults([team, ...fresh]).file.evidence).toEqual({ q1: [{ ...trail, addedBy: 'ana' }] });
  });

  it('names who added each item and marks the stale ones in the team view', () => {
    const added = addToTeam(emptyTeam(), [{ source: 'ana.json', file: fileOf('ana', { q1: [trail] }, 'Ana') }, { source: 'b', file: fileOf('bo', { q1: [{ title: 'Old audit', date: '2025-01-01' }] }) }], '1-x');
    const view = teamEvidence(added.file, [{ id: 'q1', cadenceDays: 180 }], new Date('2026-12-01T00:00:00Z'), (id) => personLabel(added.file, id));
    expect(view).toEqual({
      q1: [
        { item: { title: 'Old audit', date: '2025-01-01', addedBy: 'bo' }, addedBy: 'Person 2', stale: true },
        { item: { ...trail, addedBy: 'ana' }, addedBy: 'Ana', stale: false },
      ],
    });
  });
});

// Text with quotes, backslashes, newlines, markup and characters outside ASCII.
const awkward = fc.constantFrom('a', 'Z', ' ', '"', "'", '\\', '\n', '\r\n', '<', '&', 'é', '中', '💥', '#', '%');
const titleArb = fc.string({ unit: awkward, minLength: 1, maxLength: 60 });
const urlArb = fc
  .tuple(fc.constantFrom('https://', 'http://'), fc.domain(), fc.string({ unit: fc.constantFrom('a', '/', '%', '?', '=', '&', '"', "'", '#', '-', '_', '~', '(', ')'), maxLength: 1900, size: 'large' }))
  .map(([scheme, host, rest]) => `${scheme}${host}/${rest}`.slice(0, 2000));
const dayArb = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const itemArb: fc.Arbitrary<Evidence> = fc
  .record(
    { title: titleArb, url: urlArb, date: dayArb, note: fc.string({ unit: awkward, maxLength: 300 }), fromNewerVersion: fc.string({ unit: awkward, maxLength: 20 }) },
    { requiredKeys: ['title', 'date'] },
  )
  .map((e) => JSON.parse(JSON.stringify(e)) as Evidence);
const evidenceArb = fc.dictionary(fc.constantFrom('q1', 'q2', 'q"3', 'q\n4'), fc.array(itemArb, { maxLength: 4 }), { maxKeys: 3 }).map(
  (ev) => JSON.parse(JSON.stringify(ev)) as Record<string, Evidence[]>,
);

describe('evidence property', () => {
  it('keeps every item through save, load, team merge and share link, with who added it', async () => {
    await fc.assert(
      fc.asyncProperty(evidenceArb, evidenceArb, async (anaEvidence, boEvidence) => {
        const files = [fileOf('ana', anaEvidence), fileOf('bo', boEvidence)];
        const loaded = files.map((f) => {
          const read = parseResultText(resultFileText(f));
          if (!read.ok) throw new Error(read.error);
          return read.file;
        });
        const team = mergeResults(loaded).file;
        const shared = await decodeShareCode(await encodeShareCode(team));
        if (!shared.ok) throw new Error(shared.error);
        const kept = shared.file.evidence ?? {};
        for (const [file, who] of [[files[0]!, 'ana'], [files[1]!, 'bo']] as const) {
          for (const [q, items] of Object.entries(file.evidence ?? {})) {
            for (const item of items) {
              const found = (kept[q] ?? []).find((e) => evidenceKey(e) === evidenceKey(item));
              expect(found).toBeDefined();
              const { addedBy, ...rest } = found!;
              // The copy kept is this person's or, when both added the same item, the other's.
              const same = [anaEvidence, boEvidence].some((ev) => (ev[q] ?? []).some((e) => isDeepStrictEqual(e, rest)));
              expect(same).toBe(true);
              expect(['ana', 'bo']).toContain(addedBy);
              if (!(who === 'bo' && (anaEvidence[q] ?? []).some((e) => evidenceKey(e) === evidenceKey(item)))) expect(addedBy).toBe(who);
            }
          }
        }
        const everyKey = new Set([...Object.entries(anaEvidence), ...Object.entries(boEvidence)].flatMap(([q, items]) => items.map((e) => `${q} ${evidenceKey(e)}`)));
        expect(Object.entries(kept).flatMap(([q, items]) => items.map((e) => `${q} ${evidenceKey(e)}`)).sort()).toEqual([...everyKey].sort());
      }),
      { numRuns: 60 },
    );
  });
});
