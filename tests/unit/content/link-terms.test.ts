import { describe, expect, it } from 'vitest';
import { HtmlValidate } from 'html-validate';
import { parse } from 'node-html-parser';
import { linkFirstUses, termLinkHtml } from '../../../src/lib/content/link-terms.ts';
import type { GlossaryTerm } from '../../../src/lib/content/first-use.ts';

const glossary: GlossaryTerm[] = [
  { slug: 'access-key', term: 'Access key', aliases: ['access keys'], definition: 'A password for programs.' },
  { slug: 'key', term: 'Key', aliases: [], definition: 'Something that opens a lock.' },
  { slug: 'cve', term: 'CVE', aliases: [], definition: 'An ID for one known flaw & its fix <b>.' },
  { slug: 'mfa', term: 'Multi-factor authentication', aliases: ['MFA'], definition: 'Two kinds of proof.' },
  { slug: 'audit', term: 'Audit', aliases: [], definition: 'A planned check.', autoLink: false },
];

/** A page in the shape the site's guide layout produces. */
function page(prose: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Guide</title></head><body><main data-pagefind-body><h1>Turn on MFA</h1><div data-prose>${prose}</div><p data-last-reviewed>Last reviewed <time datetime="2026-11-20">20 November 2026</time></p></main></body></html>`;
}

const prose = (html: string) => parse(html).querySelector('[data-prose]')!;
const termLinks = (html: string) => prose(html).querySelectorAll('a.term').map((a) => `${a.getAttribute('href')}|${a.text}`);

describe('linkFirstUses', () => {
  it('links the first use of a term and leaves the second plain', () => {
    const out = linkFirstUses(page('<p>Turn on MFA now.</p><p>MFA stops most takeovers.</p>'), glossary);
    expect(termLinks(out)).toEqual(['/glossary/#mfa|MFA']);
    expect(prose(out).querySelectorAll('p')[1]!.toString()).toBe('<p>MFA stops most takeovers.</p>');
  });

  it('writes the link and its tooltip in the agreed markup', () => {
    const out = linkFirstUses(page('<p>Turn on MFA.</p>'), glossary);
    const link = prose(out).querySelector('a.term')!;
    expect(link.getAttribute('aria-describedby')).toBe('tip-mfa');
    const tip = link.nextElementSibling!;
    expect(tip.rawTagName).toBe('span');
    expect(tip.getAttribute('class')).toBe('term-tip');
    expect(tip.getAttribute('role')).toBe('tooltip');
    expect(tip.id).toBe('tip-mfa');
    expect(tip.text).toBe('Two kinds of proof.');
  });

  it('never links inside code, pre, existing links, headings, keyboard keys or figure pictures', () => {
    const out = linkFirstUses(
      page(
        '<h2>MFA first</h2><p><code>MFA</code> <a href="/guides/x/">MFA guide</a> <kbd>MFA</kbd></p>' +
          '<pre><code>CVE MFA</code></pre><figure><svg role="img" aria-labelledby="t"><title id="t">MFA</title><text>CVE</text></svg><figcaption>Later MFA</figcaption></figure>',
      ),
      glossary,
    );
    // The only linkable use is the figure caption, after everything that must stay untouched.
    expect(termLinks(out)).toEqual(['/glossary/#mfa|MFA']);
    expect(prose(out).querySelector('h2')!.text).toBe('MFA first');
    expect(prose(out).querySelector('figcaption a.term')).not.toBeNull();
    expect(prose(out).querySelector('pre')!.toString()).toBe('<pre><code>CVE MFA</code></pre>');
  });

  it('links aliases, plural acronyms and the longest term', () => {
    const out = linkFirstUses(page('<p>Two CVEs were found.</p><ul><li>Rotate the access keys, then every key.</li></ul>'), glossary);
    expect(termLinks(out)).toEqual(['/glossary/#cve|CVEs', '/glossary/#access-key|access keys', '/glossary/#key|key']);
  });

  it('links several terms in one text node and keeps the text around them', () => {
    const out = linkFirstUses(page('<p>A CVE, then MFA, then the end.</p>'), glossary);
    expect(prose(out).querySelector('p')!.text).toBe(
      'A CVEAn ID for one known flaw & its fix <b>., then MFATwo kinds of proof., then the end.',
    );
    expect(termLinks(out)).toHaveLength(2);
  });

  it('escapes text and definitions so no new markup appears', () => {
    const out = linkFirstUses(page('<p>Fish &amp; chips &lt;b&gt; CVE</p>'), glossary);
    const p = prose(out).querySelector('p')!;
    expect(p.querySelectorAll('b')).toHaveLength(0);
    expect(p.toString()).toContain('Fish &amp; chips &lt;b&gt; ');
    expect(p.toString()).toContain('its fix &lt;b&gt;.');
  });

  it('does not link terms that opt out of auto-linking', () => {
    expect(termLinks(linkFirstUses(page('<p>Plan an audit.</p>'), glossary))).toEqual([]);
  });

  it('changes nothing when run a second time', () => {
    const once = linkFirstUses(page('<p>MFA and a CVE.</p><p>MFA again.</p>'), glossary);
    expect(linkFirstUses(once, glossary)).toBe(once);
  });

  it('treats a term already linked to the glossary as used', () => {
    const out = linkFirstUses(page('<p><a class="term" href="/glossary/#mfa">MFA</a> then MFA.</p>'), glossary);
    expect(termLinks(out)).toEqual(['/glossary/#mfa|MFA']);
  });

  it('returns pages without prose or without terms unchanged', () => {
    const noProse = '<!DOCTYPE html><html lang="en"><body><p>MFA</p></body></html>';
    expect(linkFirstUses(noProse, glossary)).toBe(noProse);
    const plain = page('<p>Nothing here.</p>');
    expect(linkFirstUses(plain, glossary)).toBe(plain);
    expect(linkFirstUses(plain, [])).toBe(plain);
  });

  it('keeps the rest of the page byte for byte', () => {
    const before = page('<p>MFA</p>');
    const after = linkFirstUses(before, glossary);
    expect(after.startsWith('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Guide</title></head>')).toBe(true);
    expect(after.endsWith('<p data-last-reviewed>Last reviewed <time datetime="2026-11-20">20 November 2026</time></p></main></body></html>')).toBe(true);
  });

  it('produces HTML that passes html-validate recommended rules, inside paragraphs and list items', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
    const before = page('<p>Turn on MFA and rotate each <em>access key</em>.</p><ul><li>Check every CVE.</li></ul>');
    const beforeReport = await validator.validateString(before);
    expect(beforeReport.valid).toBe(true);
    const report = await validator.validateString(linkFirstUses(before, glossary));
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
  });
});

describe('termLinkHtml', () => {
  it('builds the link and the tooltip from slug, text and definition', () => {
    const html = termLinkHtml('mfa', 'MFA', 'Two "kinds" of proof');
    expect(html).toBe(
      '<a class="term" href="/glossary/#mfa" aria-describedby="tip-mfa">MFA</a><span class="term-tip" role="tooltip" id="tip-mfa" data-pagefind-ignore>Two &quot;kinds&quot; of proof</span>',
    );
  });
});
