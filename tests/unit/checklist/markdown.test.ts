import { describe, expect, it } from 'vitest';
import { marked } from 'marked';
import { parse } from 'node-html-parser';
import { checklistMarkdown, escapeMarkdown } from '../../../src/lib/checklist/markdown.ts';
import { items, origin } from './fixtures.ts';

const records = {
  'ss-owner-named': { done: '2026-11-20', owner: 'Ana' },
  'ss-first-week-plan': { owner: '[Bo](https://evil.example) *', due: '2026-12-01' },
  'ss-scan-in-ci': { done: '2026-08-01' },
};
const text = checklistMarkdown(items, records, '2026-11-30', origin);
const html = parse(marked.parse(text, { gfm: true, async: false }) as string);

describe('the checklist as a Markdown task list', () => {
  it('renders to a task list with a box per item, ticked for the done ones', () => {
    const boxes = html.querySelectorAll('li > input[type="checkbox"]');
    expect(boxes).toHaveLength(items.length);
    expect(boxes.map((b) => b.hasAttribute('checked'))).toEqual([true, false, true, false]);
  });

  it('groups items under practice and level headings with progress', () => {
    expect(html.querySelectorAll('h2').map((h) => h.text)).toEqual(['Start somewhere', 'Trust but verify']);
    expect(html.querySelectorAll('h3').map((h) => h.text)).toEqual(['Level 1 · 1 of 2 done', 'Level 2 · 1 of 1 done', 'Level 2 · 0 of 1 done']);
  });

  it('puts owner, due date, re-checks and a link to the guide in the line', () => {
    const lines = text.split('\n').filter((l) => l.startsWith('- ['));
    expect(lines[0]).toBe(`- [x] ${escapeMarkdown(items[0]!.title)} (owner: Ana · done on 2026-11-20 · re-check on 2027-02-18 · [guide](https://plainsec.dev/guides/start-somewhere/first-week/))`);
    expect(lines[2]).toContain('**due for a re-check since 2026-10-30**');
    const links = html.querySelectorAll('a').map((a) => a.getAttribute('href'));
    expect(links).toContain('https://plainsec.dev/guides/trust-but-verify/access-reviews/');
  });

  it('shows text people typed as text, never as a link or emphasis', () => {
    const second = html.querySelectorAll('li')[1]!;
    expect(second.querySelectorAll('a').map((a) => a.getAttribute('href'))).toEqual(['https://plainsec.dev/guides/start-somewhere/first-week/']);
    expect(second.text).toContain('owner: [Bo](https://evil.example) *');
  });
});

describe('escaping text for Markdown', () => {
  it('keeps bare web and mail addresses from becoming links', () => {
    const rendered = parse(marked.parse(`- [ ] ${escapeMarkdown('see www.evil.example, http://evil.example or ana@evil.example')}`, { gfm: true, async: false }) as string);
    expect(rendered.querySelectorAll('a')).toHaveLength(0);
    expect(rendered.text.trim()).toBe('see www.evil.example, http://evil.example or ana@evil.example');
  });

  it('puts a line break typed in a title on one line', () => {
    expect(escapeMarkdown('one\n  two')).toBe('one two');
  });
});
