import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShareFragment, shareFragment } from '../../../src/lib/announce/share.ts';
import { hostileTexts, sampleInput } from './support.ts';

describe('the share link', () => {
  it('carries an announcement there and back, whatever the text', () => {
    for (const text of hostileTexts) {
      const input = sampleInput({ what: text, who: text });
      expect(parseShareFragment(`#${shareFragment(input)}`)).toEqual({ kind: 'ok', input });
    }
  });

  it('uses only characters that survive in a URL fragment', () => {
    expect(shareFragment(sampleInput({ what: hostileTexts.join(' ') }))).toMatch(/^change=[A-Za-z0-9_-]+$/);
  });

  it('ignores an ordinary fragment and explains a damaged link', () => {
    expect(parseShareFragment('#main')).toEqual({ kind: 'none' });
    expect(parseShareFragment('')).toEqual({ kind: 'none' });
    const cut = shareFragment(sampleInput()).slice(0, 40);
    expect(parseShareFragment(cut)).toMatchObject({ kind: 'bad', problem: expect.stringMatching(/damaged|cannot be read/) });
  });

  it('never throws, whatever follows change=', () => {
    fc.assert(
      fc.property(fc.string(), (junk) => {
        const r = parseShareFragment(`change=${junk}`);
        expect(['bad', 'ok']).toContain(r.kind);
      }),
    );
  });
});
