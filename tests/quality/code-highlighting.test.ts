/**
 * Code examples in the built pages are coloured the same way on every build. Prism colours the
 * front matter of a Markdown example as YAML only when its YAML grammar was loaded first, which
 * used to depend on which code block a build happened to meet first.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reasons, skipWhenMissing } from '../support/skips.ts';
import { hasBuild, htmlFiles, urlPathOf } from './built-site.ts';

/** Each front matter block of a Markdown example, as Prism wrote it. */
function frontMatterBlocks(html: string): string[] {
  return [...html.matchAll(/<span class="token front-matter-block">([\s\S]*?)<span class="token punctuation">---<\/span><\/span>/g)].map((match) => match[1]!);
}

const pagesWithFrontMatter = htmlFiles()
  .map((file) => ({ path: urlPathOf(file), blocks: frontMatterBlocks(readFileSync(file, 'utf8')) }))
  .filter((page) => page.blocks.length > 0);

describe.skipIf(skipWhenMissing(hasBuild, reasons.build))('code examples', () => {
  it('include at least one Markdown example with front matter, so the check below has something to check', () => {
    expect(pagesWithFrontMatter.length).toBeGreaterThan(0);
  });

  for (const page of pagesWithFrontMatter) {
    it(`${page.path} colours the front matter of its Markdown examples as YAML`, () => {
      for (const block of page.blocks) {
        expect(block).toMatch(/<span class="token front-matter yaml language-yaml"><span class="token key atrule">/);
      }
    });
  }
});
