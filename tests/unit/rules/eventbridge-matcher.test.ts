import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { matchEventPattern, maxWildcardComplexity, validateEventPattern, wildcardComplexity } from '../../../src/lib/rules/matchers/eventbridge.ts';

const corpus = path.resolve(process.cwd(), '../shared/corpora/eventbridge-patterns');
const haveCorpus = existsSync(corpus);
if (!haveCorpus) console.warn(`Skipped the EventBridge pattern corpus tests: ${corpus} is absent`);

/** The label a corpus file name carries: no suffix = match, _NEG = no match, _EXC = AWS rejects the pattern. */
function expectedKind(file: string): 'match' | 'no-match' | 'invalid' {
  const stem = file.replace(/\.json5?$/, '');
  if (stem.endsWith('_EXC')) return 'invalid';
  if (stem.endsWith('_NEG')) return 'no-match';
  return 'match';
}

describe.skipIf(skipWhenMissing(haveCorpus, reasons.corpora))('EventBridge pattern corpus (validated against real AWS)', () => {
  const files = haveCorpus ? readdirSync(corpus).filter((f) => f.endsWith('.json5')).sort() : [];

  it('holds the cases the corpus promises', () => {
    expect(files.length).toBeGreaterThanOrEqual(120);
  });

  for (const file of files) {
    it(`${file} gives ${expectedKind(file)}`, () => {
      const { Event, EventPattern } = JSON5.parse(readFileSync(path.join(corpus, file), 'utf8')) as {
        Event: unknown;
        EventPattern: unknown;
      };
      const result = matchEventPattern(JSON.stringify(EventPattern), Event);
      expect(result.kind, JSON.stringify(result)).toBe(expectedKind(file));
    });
  }

  // The pattern file repeats the key "location"; it is read as raw JSON text, where the last key wins.
  it('complex_multi_key_event.json with its duplicate-key pattern gives match', () => {
    const event = JSON.parse(readFileSync(path.join(corpus, 'complex_multi_key_event.json'), 'utf8'));
    const patternText = readFileSync(path.join(corpus, 'complex_multi_key_event_pattern.json'), 'utf8');
    expect(patternText.match(/"location"/g)).toHaveLength(2);
    expect(matchEventPattern(patternText, event).kind).toBe('match');
  });
});

describe('EventBridge pattern validation', () => {
  it('rejects a pattern longer than 4096 characters', () => {
    const pattern = JSON.stringify({ detail: { eventName: Array.from({ length: 400 }, (_, i) => `Name${i}xxxxx`) } });
    expect(pattern.length).toBeGreaterThan(4096);
    const result = validateEventPattern(pattern);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/4096/);
  });

  it('accepts a pattern of exactly the limit', () => {
    const base = JSON.stringify({ detail: { eventName: [''] } });
    const pattern = JSON.stringify({ detail: { eventName: ['x'.repeat(4096 - base.length)] } });
    expect(pattern.length).toBe(4096);
    expect(validateEventPattern(pattern).ok).toBe(true);
  });

  it('says in plain words when the pattern is not JSON', () => {
    const result = matchEventPattern('{ detail: ', {});
    expect(result.kind).toBe('invalid');
  });

  it('requires both sides of a two-bound numeric range to face each other', () => {
    expect(validateEventPattern('{"a":[{"numeric":[">",0,">",5]}]}').ok).toBe(false);
    expect(validateEventPattern('{"a":[{"numeric":[">",0,"<=",5]}]}').ok).toBe(true);
  });

  it('requires values inside the same array element when two keys read one list of objects', () => {
    const event = { detail: { items: [{ name: 'a', id: 1 }, { name: 'b', id: 2 }] } };
    expect(matchEventPattern('{"detail":{"items":{"name":["a"],"id":[1]}}}', event).kind).toBe('match');
    expect(matchEventPattern('{"detail":{"items":{"name":["a"],"id":[2]}}}', event).kind).toBe('no-match');
  });

  it('treats JSON null as a present value for exists but not a missing field', () => {
    expect(matchEventPattern('{"a":[{"exists":true}]}', { a: null }).kind).toBe('match');
    expect(matchEventPattern('{"a":[{"exists":false}]}', { a: null }).kind).toBe('no-match');
    expect(matchEventPattern('{"a":[{"exists":false}]}', {}).kind).toBe('match');
  });
});

describe("EventBridge's documented limits on wildcard patterns", () => {
  it('scores wildcard complexity as event-ruler does: *a*a*a* is matched 7 ways by "aaa"', () => {
    expect(wildcardComplexity(['*a*a*a*'])).toBe(7);
    expect(wildcardComplexity(['plain'])).toBe(1);
    expect(wildcardComplexity(['/Users/*/doc.txt'])).toBeLessThanOrEqual(maxWildcardComplexity);
    expect(wildcardComplexity(['/Users/*/dir/dir/dir/dir/dir/doc.txt'])).toBeLessThanOrEqual(maxWildcardComplexity);
    expect(wildcardComplexity(['arn:aws:events:us-east-1:*:event-bus/*'])).toBeLessThanOrEqual(maxWildcardComplexity);
  });

  it('rejects a wildcard pattern AWS calls too complex, and does not evaluate it', () => {
    const pattern = '{"detail":{"userAgent":[{"wildcard":"*a*a*a*a*a*a*"}]}}';
    expect(wildcardComplexity(['*a*a*a*a*a*a*'])).toBeGreaterThan(maxWildcardComplexity);
    const result = matchEventPattern(pattern, { detail: { userAgent: 'aaaaaa' } });
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.reason).toMatch(/too complex/);
  });

  it('adds up the wildcards tested on one field, in anything-but too', () => {
    const each = '*x*x*x*';
    expect(validateEventPattern(JSON.stringify({ a: [{ wildcard: each }] })).ok).toBe(true);
    expect(validateEventPattern(JSON.stringify({ a: [{ wildcard: each }, { wildcard: `${each}y` }] })).ok).toBe(false);
    expect(validateEventPattern(JSON.stringify({ a: [{ 'anything-but': { wildcard: [each, `${each}y`] } }] })).ok).toBe(false);
    expect(validateEventPattern(JSON.stringify({ a: [{ wildcard: each }], b: [{ wildcard: each }] })).ok).toBe(true);
  });

  it('rejects two * in a row and a backslash before anything but * or \\, and reads \\* and \\\\ as literal characters', () => {
    expect(validateEventPattern('{"a":[{"wildcard":"x**y"}]}').ok).toBe(false);
    expect(validateEventPattern('{"a":[{"wildcard":"x\\\\dy"}]}').ok).toBe(false);
    expect(validateEventPattern('{"a":[{"wildcard":"x\\\\"}]}').ok).toBe(false);
    expect(matchEventPattern('{"a":[{"wildcard":"x\\\\*y"}]}', { a: 'x*y' }).kind).toBe('match');
    expect(matchEventPattern('{"a":[{"wildcard":"x\\\\*y"}]}', { a: 'xzzy' }).kind).toBe('no-match');
    expect(matchEventPattern('{"a":[{"wildcard":"x\\\\\\\\*"}]}', { a: 'x\\abc' }).kind).toBe('match');
    expect(matchEventPattern('{"a":[{"wildcard":"x\\\\*\\\\*"}]}', { a: 'x**' }).kind).toBe('match');
  });
});
