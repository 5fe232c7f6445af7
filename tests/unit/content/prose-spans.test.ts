import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { linkFirstUses, linkFirstUsesInWholePage, prepareGlossary, proseSpans } from '../../../src/lib/content/link-terms.ts';
import type { GlossaryTerm } from '../../../src/lib/content/first-use.ts';

const glossary = prepareGlossary([
  { slug: 'mfa', term: 'Multi-factor authentication', aliases: ['MFA'], definition: 'Two kinds of proof.' },
  { slug: 'cve', term: 'CVE', aliases: [], definition: 'An ID for one known flaw.' },
  { slug: 'key', term: 'Key', aliases: ['keys'], definition: 'Opens a lock.' },
] satisfies GlossaryTerm[]);

/** The fixture guide page as Astro writes pages: Astro closes every element, so no "/>". */
const fixture = readFileSync(path.join(import.meta.dirname, 'fixtures', 'good-guide.html'), 'utf8').replace('<path d="M0 0h10"/>', '<path d="M0 0h10"></path>');

/** Pieces of prose: well-formed ones, and the odd markup a parser repairs or writes back differently. */
const prosePieces = [
  '<p>Turn on MFA.</p>', '<p>Check each CVE and every key.</p>', '<ul><li>MFA</li><li>keys</li></ul>', '<pre><code>MFA CVE</code></pre>',
  '<!-- MFA -->', '<p>A <a href="/x/">MFA link</a> then CVE.</p>', '<p title="a > b">key</p>', '<p>x<br>MFA</p>', '<h2>MFA</h2>',
  '<p><em>MFA</em> and <code>CVE</code></p>', '<svg><path d="M0"></path></svg>', '<div><p>nested MFA</p></div>',
  // Written back differently or repaired by the parser:
  '<br/>', '<p >MFA</p>', '<p\nclass="a">CVE</p>', '<p>MFA<div>block in a paragraph</div></p>', '<li>one<li>two', '<P>MFA</P>',
  '<p>unclosed MFA', '</span>', '<pre> </pre>', '<script>let a = "</p>";</script>', '<div data-prose>inner MFA</div>', 'data-prose in text',
  '<img src="a.png" />', '<p>é<ü>MFA</ü></p>',
];
const outside = ['<DIV DATA-PROSE>Upper-case prose: MFA.</DIV>', '<nav><a href="/a/">MFA</a></nav>', '<footer>CVE</footer>', '<br />', '<div data-prose><p>Second prose: CVE, MFA.</p></div>', '<style> </style>', '<p>key</p>'];

const pageArbitrary = fc
  .tuple(fc.array(fc.constantFrom(...outside), { maxLength: 3 }), fc.array(fc.constantFrom(...prosePieces), { maxLength: 8 }), fc.array(fc.constantFrom(...outside), { maxLength: 3 }))
  .map(
    ([before, prose, after]) =>
      `<!DOCTYPE html><html lang="en"><head><title>T</title></head><body>${before.join('')}<main><div class="prose" data-prose>${prose.join('')}</div></main>${after.join('')}</body></html>`,
  );

describe('linking only the prose of a page', () => {
  it('gives the same page as parsing the whole page, whatever the markup', () => {
    fc.assert(
      fc.property(pageArbitrary, (page) => {
        expect(linkFirstUses(page, glossary)).toBe(linkFirstUsesInWholePage(page, glossary));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the prose of a well-formed guide page without parsing the rest', () => {
    const spans = proseSpans(fixture);
    expect(spans).toHaveLength(1);
    expect(fixture.slice(spans![0]!.start, spans![0]!.end)).toMatch(/^<div data-prose>[\s\S]*<\/div>$/);
    expect(linkFirstUses(fixture, glossary)).toBe(linkFirstUsesInWholePage(fixture, glossary));
  });

  it('falls back to the whole page where the parser would repair or rewrite markup', () => {
    const page = (inner: string) => `<html><body><div data-prose>${inner}</div></body></html>`;
    expect(proseSpans(page('<p>MFA</p>'))).toEqual([{ start: 12, end: 44 }]);
    expect(proseSpans(page('<p>MFA<div>x</div></p>'))).toBeUndefined();
    expect(proseSpans(page('<br/>'))).toBeUndefined();
    expect(proseSpans(page('<p >MFA</p>'))).toBeUndefined();
    expect(proseSpans(page('<p>unclosed'))).toBeUndefined();
    expect(proseSpans(page('<div data-prose>nested</div>'))).toBeUndefined();
    expect(proseSpans(page('<p>data-prose</p>'))).toBeUndefined();
  });
});
