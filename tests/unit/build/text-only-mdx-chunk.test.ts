import { describe, expect, it } from 'vitest';
import { isAstroHeadInjectWarning, TextOnlyMdx } from '../../../src/integrations/text-only-mdx-chunk.ts';

const root = '/site';
const runtime = ['/site/node_modules/astro/dist/jsx-runtime/index.js', '/site/node_modules/astro/dist/runtime/server/index.js'];

describe('the shared chunk for MDX entries that import nothing of their own', () => {
  it('takes a guide that imports only Astro’s runtime, and its style wrapper', () => {
    const textOnly = new TextOnlyMdx(`${root}/content`);
    textOnly.record('/site/content/guides/a/plain.mdx', runtime, []);
    expect(textOnly.includes('/site/content/guides/a/plain.mdx')).toBe(true);
    expect(textOnly.includes('/site/content/guides/a/plain.mdx?astroPropagatedAssets')).toBe(true);
    expect(textOnly.count).toBe(1);
  });

  it('leaves out a guide that imports a component, and its style wrapper, so its styles stay with it', () => {
    const textOnly = new TextOnlyMdx(`${root}/content/`);
    textOnly.record('/site/content/guides/a/diagram.mdx', [...runtime, '/site/src/components/diagrams/AlertPath.astro'], []);
    expect(textOnly.includes('/site/content/guides/a/diagram.mdx')).toBe(false);
    expect(textOnly.includes('/site/content/guides/a/diagram.mdx?astroPropagatedAssets')).toBe(false);
    expect(textOnly.count).toBe(0);
  });

  it('leaves out a guide that imports a picture or loads anything later', () => {
    const textOnly = new TextOnlyMdx(`${root}/content`);
    textOnly.record('/site/content/guides/a/picture.mdx', [...runtime, '/site/content/guides/a/picture.png'], []);
    textOnly.record('/site/content/guides/a/later.mdx', runtime, ['/site/src/components/Widget.astro']);
    expect(textOnly.includes('/site/content/guides/a/picture.mdx')).toBe(false);
    expect(textOnly.includes('/site/content/guides/a/later.mdx')).toBe(false);
  });

  it('leaves out MDX outside the content folder, other files, and modules it never saw', () => {
    const textOnly = new TextOnlyMdx(`${root}/content`);
    textOnly.record('/site/src/pages/about.mdx', runtime, []);
    textOnly.record('/site/content/guides/a/notes.md', runtime, []);
    textOnly.record('/site/content-extra/guide.mdx', runtime, []);
    expect(textOnly.includes('/site/src/pages/about.mdx')).toBe(false);
    expect(textOnly.includes('/site/content/guides/a/notes.md')).toBe(false);
    expect(textOnly.includes('/site/content-extra/guide.mdx')).toBe(false);
    expect(textOnly.includes('/site/content/guides/a/never-parsed.mdx')).toBe(false);
  });
});

describe('the build log', () => {
  it('drops Rolldown’s report of Astro’s own head-inject marker and keeps every other warning', () => {
    const message = (directive: string) =>
      `The semantics of the module level directive "${directive}" in "content/guides/a.mdx?astroPropagatedAssets" may not be preserved when bundling.`;
    expect(isAstroHeadInjectWarning({ code: 'MODULE_LEVEL_DIRECTIVE', message: message('use astro:head-inject') })).toBe(true);
    expect(isAstroHeadInjectWarning({ code: 'MODULE_LEVEL_DIRECTIVE', message: message('use client') })).toBe(false);
    expect(isAstroHeadInjectWarning({ code: 'CIRCULAR_DEPENDENCY', message: 'use astro:head-inject' })).toBe(false);
  });
});
