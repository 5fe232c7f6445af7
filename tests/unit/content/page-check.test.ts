import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkGlossaryLinks,
  checkGuidePage,
  checkLastReviewed,
  checkLinkTexts,
  errorsOf,
} from '../../../src/lib/content/page-check.ts';
import { linkFirstUses } from '../../../src/lib/content/link-terms.ts';
import type { GlossaryTerm } from '../../../src/lib/content/first-use.ts';

const goodPage = readFileSync(path.join(import.meta.dirname, 'fixtures', 'good-guide.html'), 'utf8');
const now = new Date('2026-11-26T12:00:00Z');

const glossary: GlossaryTerm[] = [
  { slug: 'admin-access', term: 'Admin access', aliases: [], definition: 'Permission to do anything at all in a system.' },
  { slug: 'mfa', term: 'Multi-factor authentication', aliases: ['MFA'], definition: 'Signing in with two kinds of proof.' },
  { slug: 'aws', term: 'Amazon Web Services', aliases: ['AWS'], definition: 'Amazon’s cloud.' },
  { slug: 'vulnerability', term: 'Vulnerability', aliases: [], definition: 'A weakness an attacker could use.' },
  { slug: 'root-account', term: 'Root account', aliases: ['root user'], definition: 'The first sign-in of a cloud account.', autoLink: false },
];

/** The good page with one paragraph of prose added before "How you know it's done". */
function withParagraph(html: string): string {
  return goodPage.replace('<h2 id="done">', `${html}<h2 id="done">`);
}

const rulesOf = (html: string) => errorsOf(checkGuidePage(html, glossary, { now }).findings).map((f) => f.rule);

describe('checkGuidePage on a good page', () => {
  const result = checkGuidePage(goodPage, glossary, { now });

  it('finds no errors', () => {
    expect(errorsOf(result.findings)).toEqual([]);
  });

  it('measures only the prose a reader reads, not code, tables, figures or tooltips', () => {
    expect(result.prose).toContain('Write down each name.');
    expect(result.prose).not.toMatch(/list-users|Organisationally|Unquestionably|code from a phone\.|two kinds of proof/);
    expect(result.stats.grade).toBeLessThanOrEqual(9);
    expect(result.stats.sentences).toBeGreaterThan(10);
  });

  it('reports when the page was last reviewed', () => {
    expect(result.lastReviewed).toBe('2026-11-20');
  });
});

describe('checkGuidePage on pages that must fail', () => {
  it('fails words to avoid, with what to write instead', () => {
    const findings = checkGuidePage(withParagraph('<p>We leverage tools in order to remediate issues.</p>'), glossary, { now }).findings;
    const avoid = findings.filter((f) => f.rule === 'word-to-avoid');
    expect(avoid.map((f) => f.severity)).toEqual(['error', 'error', 'error']);
    expect(avoid.map((f) => f.message).join(' ')).toMatch(/write fix instead/);
  });

  it('warns but does not fail on a glossary word that has a plainer choice', () => {
    const html = withParagraph('<p>Each <a class="term" href="/glossary/#vulnerability">vulnerability</a><span class="term-tip">A weakness.</span> gets fixed.</p>');
    const findings = checkGuidePage(html, glossary, { now }).findings;
    expect(findings.filter((f) => f.rule === 'word-to-avoid').map((f) => f.severity)).toEqual(['warning']);
    expect(errorsOf(findings)).toEqual([]);
  });

  it('fails an acronym nobody explained', () => {
    expect(rulesOf(withParagraph('<p>Send it to the XDR.</p>'))).toEqual(['unexplained-acronym']);
  });

  it('fails a sentence over 30 words and only warns about one over 25', () => {
    const long = (n: number) => `<p>${Array.from({ length: n }, (_, i) => (i === 0 ? 'Then' : 'we')).join(' ')}.</p>`;
    expect(rulesOf(withParagraph(long(31)))).toContain('long-sentence');
    const warned = checkGuidePage(withParagraph(long(27)), glossary, { now }).findings;
    expect(warned.filter((f) => f.rule === 'long-sentence').map((f) => f.severity)).toEqual(['warning']);
    expect(errorsOf(warned)).toEqual([]);
  });

  it('fails prose above reading grade 9', () => {
    const dense =
      '<p>Organisational accountability necessitates comprehensive documentation. Administrative authorisation requires multidimensional consideration. Infrastructure modernisation demonstrates considerable operational complexity.</p>';
    const result = checkGuidePage(withParagraph(dense.repeat(4)), glossary, { now });
    expect(result.stats.grade).toBeGreaterThan(9);
    expect(errorsOf(result.findings).map((f) => f.rule)).toEqual(['reading-grade']);
  });

  it('fails a page whose first use of a term is not linked', () => {
    const unlinked = goodPage.replace(
      /<a class="term" href="\/glossary\/#mfa"[^>]*>multi-factor authentication<\/a><span[^>]*>[^<]*<\/span>/,
      'multi-factor authentication',
    );
    const errors = errorsOf(checkGuidePage(unlinked, glossary, { now }).findings);
    expect(errors.map((f) => f.rule)).toEqual(['glossary-first-use-not-linked']);
    expect(errors[0]?.message).toMatch(/"Multi-factor authentication" is not linked/);
  });

  it('fails a page that links a later use of a term again', () => {
    const twice = goodPage.replace('MFA stops most', '<a class="term" href="/glossary/#mfa">MFA</a> stops most');
    expect(rulesOf(twice)).toEqual(['glossary-link-repeated']);
  });

  it('fails link text that does not say where it goes, anywhere on the page', () => {
    expect(rulesOf(withParagraph('<p>See <a href="/guides/">click here</a>.</p>'))).toEqual(['bad-link-text']);
    expect(rulesOf(goodPage.replace('<a href="/glossary/">Glossary</a>', '<a href="/glossary/">more</a>'))).toEqual(['bad-link-text']);
  });

  it('fails a page reviewed more than 12 months ago', () => {
    const old = goodPage.replace('datetime="2026-11-20"', 'datetime="2025-11-20"');
    expect(rulesOf(old)).toEqual(['last-reviewed']);
  });

  it('fails a page without prose', () => {
    expect(rulesOf(goodPage.replace('<div data-prose>', '<div>'))).toContain('no-prose');
  });
});

describe('checkGlossaryLinks', () => {
  it('passes any page after the first uses have been linked', () => {
    const raw = '<main><div data-prose><h2>MFA</h2><p>Use MFA on AWS. Then MFA again, and AWS again.</p><ul><li>MFA</li></ul></div></main>';
    expect(checkGlossaryLinks(raw, glossary).map((f) => f.rule)).toEqual([
      'glossary-first-use-not-linked',
      'glossary-first-use-not-linked',
    ]);
    expect(checkGlossaryLinks(linkFirstUses(raw, glossary), glossary)).toEqual([]);
  });

  it('ignores terms that opt out of auto-linking', () => {
    expect(checkGlossaryLinks('<div data-prose><p>The root user.</p></div>', glossary)).toEqual([]);
  });
});

describe('checkLinkTexts', () => {
  it('uses aria-label or image alt text as the link name when present', () => {
    expect(checkLinkTexts('<a href="/" aria-label="Plainsec home">→</a><a href="/"><img src="x.png" alt="Plainsec home"></a>')).toEqual([]);
    expect(checkLinkTexts('<a href="/"><img src="x.png" alt=""></a>')[0]?.message).toMatch(/no text/);
  });
});

describe('checkLastReviewed', () => {
  const withDate = (value: string) => `<p data-last-reviewed>Last reviewed <time datetime="${value}">x</time></p>`;

  it('accepts a date within 12 months', () => {
    expect(checkLastReviewed(withDate('2025-12-01'), now).findings).toEqual([]);
  });

  it('fails a missing or unreadable date', () => {
    expect(checkLastReviewed('<p>No date</p>', now).findings[0]?.message).toMatch(/does not show when/);
    expect(checkLastReviewed(withDate('last week'), now).findings[0]?.message).toMatch(/not a date/);
  });

  it('warns about a date in the future', () => {
    expect(checkLastReviewed(withDate('2027-02-01'), now).findings.map((f) => f.severity)).toEqual(['warning']);
  });
});
