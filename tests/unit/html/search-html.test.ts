import { describe, expect, it } from 'vitest';
import { withSpacesBetweenBlocks, withoutIgnoredNavigation } from '../../../src/lib/html/search-html.ts';

const page = (body: string) => `<!DOCTYPE html><html lang="en"><head><title>T</title></head><body><main data-pagefind-body>${body}<p>Guide text.</p></main></body></html>`;
const sidebar =
  '<nav class="guide-sidebar" aria-label="All guides" data-pagefind-ignore><details open><summary>All guides</summary><h2 class="guide-sidebar__heading">Start somewhere</h2><ol><li><a href="/guides/a/" aria-current="page">Security is everyone&#39;s job</a></li></ol></details></nav>';

describe('the page the search index reads', () => {
  it('leaves out navigation that search ignores and keeps everything around it', () => {
    expect(withoutIgnoredNavigation(page(`<h1>Title</h1>${sidebar}<nav data-pagefind-ignore="all"><a href="/b/">Next</a></nav>`))).toBe(page('<h1>Title</h1>'));
  });

  it('keeps navigation that search reads', () => {
    const read = page('<nav aria-label="Pages"><a href="/a/">A</a></nav><nav class="not-data-pagefind-ignore"><a href="/b/">B</a></nav>');
    expect(withoutIgnoredNavigation(read)).toBe(read);
  });

  it('keeps ignored navigation whose content could still reach the index or hide where it ends', () => {
    const kept = [
      '<nav data-pagefind-ignore><span data-pagefind-filter="type:Guide"></span></nav>',
      '<nav data-pagefind-ignore><h1>Title</h1></nav>',
      '<nav data-pagefind-ignore><img src="/a.png" alt=""></nav>',
      '<nav data-pagefind-ignore><h2 id="toc-heading">On this page</h2></nav>',
      '<nav data-pagefind-ignore><nav><a href="/a/">A</a></nav></nav>',
      '<nav data-pagefind-ignore><script>let end = "</nav>";</script></nav>',
      '<nav data-pagefind-ignore><!-- </nav> --></nav>',
      '<nav data-pagefind-ignore><a title="</nav>" href="/a/">A</a></nav>',
      '<nav data-pagefind-ignore><a title="a > b" href="/a/">A</a></nav>',
      '<nav data-pagefind-ignore><a href="/a/">A</a>',
    ];
    for (const nav of kept) expect(withoutIgnoredNavigation(page(nav))).toBe(page(nav));
  });

  it('leaves out the ignored navigation after one it had to keep', () => {
    const keptNav = '<nav data-pagefind-ignore><h2 id="toc">On this page</h2></nav>';
    expect(withoutIgnoredNavigation(page(`${keptNav}${sidebar}`))).toBe(page(keptNav));
  });
});

describe('the words the search index reads', () => {
  /** The text as an index reads it: tags gone, nothing put in their place. */
  const text = (html: string) => html.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();

  it('keeps a term and what it means apart, as they read on the page', () => {
    const facts = '<dl><div><dt>How urgent</dt><dd>Wake me up.</dd></div><div><dt>Who hears about it</dt><dd><code>#security-alerts</code></dd></div></dl>';
    expect(text(facts)).toBe('How urgentWake me up.Who hears about it#security-alerts');
    expect(text(withSpacesBetweenBlocks(facts))).toBe('How urgent Wake me up. Who hears about it #security-alerts');
  });

  it('keeps table cells, list items, headings and paragraphs apart', () => {
    const page = '<h2>Steps</h2><ol><li>One</li><li>Two</li></ol><table><tr><th>Level</th><td>2</td></tr></table><p>End</p><P>Shout</P >';
    expect(text(withSpacesBetweenBlocks(page))).toBe('Steps One Two Level 2 End Shout');
  });

  it('leaves words inside a line as they are', () => {
    const line = '<p>Run <code>aws s3 ls</code> and <strong>check</strong> the <a href="/glossary/iam/">IAM</a> policy.</p>';
    expect(text(withSpacesBetweenBlocks(line))).toBe('Run aws s3 ls and check the IAM policy.');
  });
});
