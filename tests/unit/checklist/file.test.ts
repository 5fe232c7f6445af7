import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { checkChecklistValue, checklistFileText, maxChecklistFileBytes, parseChecklistText } from '../../../src/lib/checklist/file.ts';
import { checklistFileSchema, checklistJsonSchema } from '../../../src/lib/checklist/file-schema.ts';

const now = new Date('2026-11-30T09:00:00Z');
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile(checklistJsonSchema());

const records = {
  'ss-owner-named': { done: '2026-11-01', owner: 'Ana', notes: 'Line one\nline "two", ünïcödé' },
  'tbv-alerts-reach-chat': { due: '2026-12-14' },
};

describe('the checklist file', () => {
  it('is saved with its schema link and loads back identically', () => {
    const text = checklistFileText(records, now);
    const parsed = parseChecklistText(text);
    expect(parsed).toEqual({ ok: true, file: { formatVersion: 1, exportedAt: '2026-11-30T09:00:00.000Z', items: records } });
    expect(JSON.parse(text).$schema).toBe('https://plainsec.dev/schemas/checklist.schema.json');
  });

  it('validates against the published JSON Schema', () => {
    const value = JSON.parse(checklistFileText(records, now));
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
  });

  it('leaves out items with nothing recorded and sorts by id, so saving twice gives the same text', () => {
    const text = checklistFileText({ b: { owner: 'Bo' }, a: {}, c: { done: '2026-11-01' } }, now);
    expect(Object.keys(JSON.parse(text).items)).toEqual(['b', 'c']);
    expect(checklistFileText({ c: { done: '2026-11-01' }, b: { owner: 'Bo' } }, now)).toBe(text);
  });

  it('reads a file with a byte-order mark', () => {
    expect(parseChecklistText('\uFEFF' + checklistFileText(records, now)).ok).toBe(true);
  });
});

describe('a checklist file that cannot be loaded', () => {
  const errorOf = (text: string, bytes?: number) => {
    const result = parseChecklistText(text, bytes);
    return result.ok ? 'loaded' : result.error;
  };

  it('is refused in plain words when it is over 1 MB, before it is read', () => {
    expect(errorOf('{}', maxChecklistFileBytes + 40_000)).toBe('This file is 1.04 MB; a checklist file is at most 1 MB. Check that you picked a Plainsec checklist file.');
  });

  it('is refused in plain words when it is not JSON', () => {
    expect(errorOf('{"formatVersion": 1, "items": {')).toMatch(/^This file is not readable JSON/);
  });

  it('is refused when it comes from a newer Plainsec, saying what to do', () => {
    expect(errorOf('{"formatVersion": 2, "items": {}}')).toMatch(/newer Plainsec \(format 2\).*ask whoever sent it/);
  });

  it('is refused when it is some other JSON file', () => {
    expect(errorOf('{"respondents": []}')).toMatch(/not a Plainsec checklist file/);
    expect(errorOf('[1,2]')).toMatch(/not a Plainsec checklist file/);
    expect(errorOf('{"formatVersion": "1", "items": {}}')).toMatch(/formatVersion is not 1/);
  });

  it.each([
    ['a day that does not exist', { 'ss-a': { done: '2026-02-31' } }, 'items.ss-a.done must be a day'],
    ['an unknown field', { 'ss-a': { colour: 'red' } }, 'items.ss-a.colour is not part of a checklist file'],
    ['an owner that is too long', { 'ss-a': { owner: 'x'.repeat(101) } }, 'items.ss-a.owner is longer than 100 characters'],
    ['notes that are not text', { 'ss-a': { notes: 42 } }, 'items.ss-a.notes must be text'],
    ['an id that is not an item id', { 'Not An Id': {} }, 'is not a checklist item id'],
  ])('names the damaged part: %s', (_, items, message) => {
    expect(errorOf(JSON.stringify({ formatVersion: 1, items }))).toContain(message);
  });
});

describe('the browser check and the published schema', () => {
  const candidate = fc.record(
    {
      formatVersion: fc.constantFrom(1, 2, '1'),
      exportedAt: fc.constantFrom('2026-11-30T09:00:00Z', '2026-11-30T09:00:00.123+01:00', 'yesterday', '2026-11-30'),
      items: fc.dictionary(
        fc.constantFrom('ss-a', 'tbv-b', 'x', 'Bad Id', ''),
        fc.record(
          {
            done: fc.constantFrom('2026-11-01', '2026-13-01', '2026-02-29', '2028-02-29', 'soon'),
            owner: fc.oneof(fc.string({ maxLength: 110 }), fc.integer()),
            due: fc.constantFrom('2026-12-01', '2026-12-1'),
            notes: fc.string({ maxLength: 20 }),
            extra: fc.constant(true),
          },
          { requiredKeys: [] },
        ),
      ),
      surplus: fc.constant('x'),
    },
    { requiredKeys: ['items'] },
  );

  it('reach the same verdict on good and damaged files (the hand check, zod and ajv)', () => {
    const verdicts = new Set<boolean>();
    fc.assert(
      fc.property(candidate, (value) => {
        const byHand = checkChecklistValue(value).ok;
        verdicts.add(byHand);
        expect(checklistFileSchema.safeParse(value).success).toBe(byHand);
        expect(validate(value)).toBe(byHand);
      }),
      {
        numRuns: 500,
        // Random files are rarely wholly valid, so one good file is always among those tried.
        examples: [[{ formatVersion: 1, exportedAt: '2026-11-30T09:00:00Z', items: { 'ss-a': { done: '2026-11-01', owner: 'Ana', due: '2026-12-01', notes: 'n' } } }]],
      },
    );
    // Both kinds of file were tried, or the agreement would mean little.
    expect([...verdicts].sort()).toEqual([false, true]);
  });

  it('describes itself: its id, title and draft', () => {
    const schema = checklistJsonSchema();
    expect(schema.$id).toBe('https://plainsec.dev/schemas/checklist.schema.json');
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('Plainsec checklist');
  });
});
