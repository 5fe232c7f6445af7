/** The checks a saved result passes before it replaces one person's answers. */
import { describe, expect, it } from 'vitest';
import { onePersonResult, tooLargeToLoad } from '../../../src/lib/assessment/load-one.ts';

const person = (id: string) => ({ id, answers: { q1: 1 }, answeredAt: '2026-11-01T10:00:00Z' });

describe('loading one person\u2019s saved result', () => {
  it('refuses a file over 1 MB before reading it, by name', () => {
    expect(tooLargeToLoad('huge.json', 5_000_000)).toBe('"huge.json" is 5.0 MB; a result file is at most 1 MB. Nothing was changed. Check that you picked a Plainsec result file.');
    expect(tooLargeToLoad('small.json', 1_000_000)).toBeUndefined();
  });

  it('takes a file with one person and refuses one with several or none', () => {
    const one = onePersonResult('bo.json', JSON.stringify({ formatVersion: 1, respondents: [person('b')] }));
    expect(one.ok && one.file.respondents[0]!.id).toBe('b');
    expect(onePersonResult('team.json', JSON.stringify({ formatVersion: 1, respondents: [person('a'), person('b')] }))).toEqual({
      ok: false,
      error: '"team.json" holds the answers of 2 people; this page keeps one person\'s answers. Nothing was changed.',
    });
    expect(onePersonResult('empty.json', JSON.stringify({ formatVersion: 1, respondents: [] })).ok).toBe(false);
  });

  it('names the file and says nothing changed when it cannot be read', () => {
    const bad = onePersonResult('notes.json', 'not json');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^"notes\.json": This file is not readable JSON.* Nothing was changed\.$/);
  });
});
