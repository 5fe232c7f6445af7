import { describe, expect, it } from 'vitest';
import { badgeSvg, escapeXml, labelColour, levelColours } from '../../../src/lib/assessment/badge.ts';
import { parseXml } from './support/xml.ts';

/** WCAG contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const v = parseInt(hex.slice(i, i + 2), 16) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('the README badge', () => {
  it.each([0, 1, 2, 3])('for level %i is an SVG image whose title and accessible name say the level', (level) => {
    const doc = parseXml(badgeSvg(level));
    const svg = doc.documentElement!;
    expect(svg.tagName).toBe('svg');
    expect(svg.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe(`security level ${level} of 3`);
    const title = svg.getElementsByTagName('title')[0]!;
    expect(title.parentNode).toBe(svg);
    expect(title.textContent).toBe(`security level ${level} of 3`);
    const texts = Array.from(svg.getElementsByTagName('text')).map((t) => t.textContent);
    expect(texts).toEqual(['security level', `${level} of 3`]);
  });

  it('colours each level differently, with the level colour on the right half', () => {
    expect(new Set(levelColours).size).toBe(4);
    for (const level of [0, 1, 2, 3]) {
      const rects = Array.from(parseXml(badgeSvg(level)).getElementsByTagName('rect'));
      expect(rects.map((r) => r.getAttribute('fill'))).toEqual([labelColour, levelColours[level]]);
    }
  });

  it('keeps its white text readable on every background (contrast at least 4.5 to 1)', () => {
    for (const colour of [labelColour, ...levelColours]) expect(contrast('#ffffff', colour)).toBeGreaterThanOrEqual(4.5);
  });

  it('escapes a label with XML characters, so the file still parses and says the label as given', () => {
    const label = `Team <ops> & "dev's"`;
    const svg = parseXml(badgeSvg(2, { label })).documentElement!;
    expect(svg.getElementsByTagName('title')[0]!.textContent).toBe(`${label} 2 of 3`);
    expect(svg.getAttribute('aria-label')).toBe(`${label} 2 of 3`);
    expect(svg.getElementsByTagName('text')[0]!.textContent).toBe(label);
  });

  it('grows with a longer label, so the text fits', () => {
    const width = (svg: string) => Number(parseXml(svg).documentElement!.getAttribute('width'));
    expect(width(badgeSvg(1, { label: 'security level of the platform team' }))).toBeGreaterThan(width(badgeSvg(1)));
  });

  it.each([-1, 4, 1.5, Number.NaN])('refuses a level that does not exist (%s)', (level) => {
    expect(() => badgeSvg(level)).toThrow(RangeError);
  });

  it('escapes the five XML characters and leaves other text alone', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(escapeXml('level 1 of 3 · ±')).toBe('level 1 of 3 · ±');
  });
});
