import { describe, expect, it } from 'vitest';
import { hoistBodyStyles, mayHaveBodyStyle } from '../../../src/lib/html/hoist-styles.ts';

describe('moving body styles into the head', () => {
  const page =
    '<!doctype html><html><head><title>x</title></head><body><main><p>a</p><style>astro-island{display:contents}</style><astro-island>b</astro-island></main></body></html>';

  it('puts the style at the end of the head and leaves the body content in order', () => {
    const out = hoistBodyStyles(page);
    expect(out).toContain('<title>x</title><style>astro-island{display:contents}</style></head>');
    expect(out).toContain('<main><p>a</p><astro-island>b</astro-island></main>');
  });

  it('leaves a page without body styles byte for byte alone', () => {
    const plain = '<!doctype html><html><head><style>a{}</style></head><body><p>x &amp; y</p></body></html>';
    expect(hoistBodyStyles(plain)).toBe(plain);
  });
});

describe('mayHaveBodyStyle', () => {
  const withIsland =
    '<!DOCTYPE html><html lang="en"><head><title>Quiz</title></head><body><main><p>Quiz</p><style>astro-island{display:contents}</style><astro-island>q</astro-island></main></body></html>';
  const plain = '<!DOCTYPE html><html lang="en"><head><title>Home</title><style>a{}</style></head><body><p>MFA</p></body></html>';

  it('is true only when a style tag follows the body tag', () => {
    expect(mayHaveBodyStyle(withIsland)).toBe(true);
    expect(mayHaveBodyStyle(plain)).toBe(false);
    expect(mayHaveBodyStyle('<html><head><STYLE>a{}</STYLE></head><BODY><STYLE>b{}</STYLE></BODY></html>')).toBe(true);
    expect(mayHaveBodyStyle('<style>a{}</style>')).toBe(false);
  });
});
