/**
 * Words never run into the next element on a built page. Astro writes HTML with the whitespace
 * between text and an inline element removed where a line break stood (compressHTML 'jsx'), so
 * "go in\n<strong>This quarter</strong>" reads "go inThis quarter"; the source needs {' '} there.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasBuild, htmlFiles, urlPathOf } from './built-site.ts';
import { reasons, skipWhenMissing } from '../support/skips.ts';

/** A letter or digit right before an inline element that starts a word, or right after one that ends it; code blocks aside. */
const runTogether = /[A-Za-z0-9,;:]<(strong|em|a|code|abbr)[ >]|<\/(strong|em|a|code|abbr)>[A-Za-z]/g;

describe.skipIf(skipWhenMissing(hasBuild, reasons.build))('spacing on the built pages', () => {
  it('never runs a word into a link, code or bold text that follows or comes before it', () => {
    const found: string[] = [];
    for (const file of htmlFiles()) {
      // Code blocks and the search dialog's hidden words are not prose.
      const html = readFileSync(file, 'utf8').replace(/<pre[\s\S]*?<\/pre>/g, '');
      for (const m of html.matchAll(runTogether)) found.push(`${urlPathOf(file)}: …${html.slice(Math.max(0, m.index! - 30), m.index! + 30)}…`);
    }
    expect(found).toEqual([]);
  });
});

describe.skipIf(skipWhenMissing(hasBuild, reasons.build))('the home page', () => {
  it('links to every tool: the guides, the self-assessment, the team view, the checklist, the rule builder and the announce page', () => {
    const home = readFileSync(htmlFiles().find((f) => urlPathOf(f) === '/')!, 'utf8');
    for (const href of ['/guides/', '/assessment/', '/assessment/team/', '/checklist/', '/rules/', '/announce/'])
      expect(home, href).toMatch(new RegExp(`<a [^>]*href="${href.replace(/\//g, '\\/')}(#[^"]*)?"`));
  });
});
