/**
 * The one pass after the build: every built page is read once, rewritten once (the island
 * style moved into <head> where there is one, and on guide pages the first use of each
 * glossary term linked) and written once, in a worker pool when there are many pages.
 * Register it after the integrations that write pages and before the search indexer, so the
 * index sees the final pages.
 */
import type { AstroIntegration } from 'astro';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGlossary } from './glossary-links.ts';
import { htmlFilesUnder, rewritePages } from './page-pass.ts';

export interface PostBuildOptions {
  glossaryDir?: string;
  /** Use worker threads when there are more pages than this (default 48). */
  poolThreshold?: number;
  /** How many workers (default: one per core). */
  workers?: number;
}

export default function postBuild(options: PostBuildOptions = {}): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'plainsec:post-build',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const glossary = await loadGlossary(options.glossaryDir ?? path.join(root, 'content', 'glossary'));
        const guides = path.join(site, 'guides') + path.sep;
        const pages = (await htmlFilesUnder(site)).map((file) => ({ file, work: { hoistStyles: true, linkTerms: file.startsWith(guides) } }));
        const guideCount = pages.filter((page) => page.work.linkTerms).length;
        const summary = await rewritePages({ pages, glossary, ...options });
        const ms = (value: number) => `${Math.round(value)} ms`;
        logger.info(
          `Rewrote ${summary.changed} of ${summary.pages} pages in ${ms(summary.wallMs)} ` +
            `(${summary.workers === 0 ? 'main thread' : `${summary.workers} workers`}): ` +
            `moved body <style> elements into <head> on ${summary.hoisted}, ` +
            `linked glossary terms on ${summary.linked} of ${guideCount} guide pages (${glossary.length} terms). ` +
            `Time per step over all threads: read ${ms(summary.ms.read)}, hoist ${ms(summary.ms.hoist)}, ` +
            `link ${ms(summary.ms.link)}, write ${ms(summary.ms.write)}`,
        );
      },
    },
  };
}
