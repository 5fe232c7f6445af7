/**
 * Every component's own styles reach every page it appears on. Astro marks the elements of a
 * component that has a scoped <style> with `data-astro-cid-…`, and its rules select on that mark;
 * if the page links no stylesheet with those rules (as happens when the server bundle puts a
 * guide in the wrong chunk), the diagram or widget shows unstyled.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { reasons, skipWhenMissing } from '../support/skips.ts';
import { dist, hasBuild, htmlFiles, urlPathOf } from './built-site.ts';

/** The scope marks used on a page, and all the CSS the page loads: linked stylesheets and <style> elements. */
function scopesAndStyles(file: string): { scopes: string[]; css: string } {
  const page = parse(readFileSync(file, 'utf8'));
  const scopes = new Set<string>();
  for (const element of page.querySelectorAll('*')) {
    for (const name of Object.keys(element.attributes)) {
      if (name.startsWith('data-astro-cid-')) scopes.add(name);
    }
  }
  const linked = page
    .querySelectorAll('link[rel="stylesheet"]')
    .map((link) => link.getAttribute('href'))
    .filter((href): href is string => href !== undefined && href.startsWith('/'))
    .map((href) => readFileSync(join(dist, href), 'utf8'));
  const inline = page.querySelectorAll('style').map((style) => style.textContent);
  return { scopes: [...scopes].sort(), css: [...linked, ...inline].join('\n') };
}

const pagesWithScopes = htmlFiles()
  .map((file) => ({ path: urlPathOf(file), ...scopesAndStyles(file) }))
  .filter((page) => page.scopes.length > 0);

describe.skipIf(skipWhenMissing(hasBuild, reasons.build))('component styles', () => {
  it('are used on some pages, so the check below has something to check', () => {
    expect(pagesWithScopes.length).toBeGreaterThan(0);
  });

  for (const page of pagesWithScopes) {
    it(`${page.path} loads the styles of every component on it`, () => {
      const unstyled = page.scopes.filter((scope) => !page.css.includes(`[${scope}]`));
      expect(unstyled, `no stylesheet the page loads styles ${unstyled.join(', ')}`).toEqual([]);
    });
  }
});
