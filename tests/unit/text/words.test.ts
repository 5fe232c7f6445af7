import { describe, expect, it } from 'vitest';
import { matchesEveryWord, namesInWords } from '../../../src/lib/text/words.ts';

describe('a list of names in words', () => {
  it('is one name, two names joined by "and", or a list ending in "and"', () => {
    expect(namesInWords([])).toBe('');
    expect(namesInWords(['Ana'])).toBe('Ana');
    expect(namesInWords(['Ana', 'Bo'])).toBe('Ana and Bo');
    expect(namesInWords(['Ana', 'Bo', 'Cy'])).toBe('Ana, Bo and Cy');
  });

  it('counts the names past the ones shown', () => {
    expect(namesInWords(['Ana', 'Bo', 'Cy', 'Dee', 'Eve'], 2)).toBe('Ana, Bo and 3 others');
    expect(namesInWords(['Ana', 'Bo', 'Cy'], 2)).toBe('Ana, Bo and 1 other');
    expect(namesInWords(['Ana', 'Bo'], 0)).toBe('2 others');
  });
});

describe('the word search of the tools’ search boxes', () => {
  it('finds a text that holds every word typed, in any order and any case', () => {
    const matches = matchesEveryWord('  ROOT sign ');
    expect(matches('Someone signed in as root')).toBe(true);
    expect(matches('Root account used')).toBe(false);
  });

  it('finds words inside longer words', () => {
    expect(matchesEveryWord('key')('Access keys created')).toBe(true);
  });

  it('finds everything when nothing but spaces is typed', () => {
    expect(matchesEveryWord('   ')('anything at all')).toBe(true);
  });
});
