/**
 * The one pass after the build: every built page is read once, rewritten once (the island
 * style moved into <head> where there is one, and on guide pages the first use of each
 * glossary term linked) and written once, in a worker pool when there are many pages.
 * With `searchIndex`, each final page also goes straight to Pagefind, which indexes while the
 * pass goes on, and the index is written at the end. Register it after the integrations that
 * write pages.
 */
import type { AstroIntegration } from 'astro';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGlossary } from './glossary-links.ts';
import { htmlFilesInWalkOrder, rewritePages } from './page-pass.ts';
import { openSearchIndex } from './pagefind.ts';

export interface PostBuildOptions {
  glossaryDir?: string;
  /** Use worker threads when there are more pages than this (default 48). */
  poolThreshold?: number;
  /** How many workers (default: one per core). */
  workers?: number;
  /** Build the Pagefind search index from the final pages, into `pagefind/` (default false). */
  searchIndex?: boolean;
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
        // Guides, and the self-assessment's printable list of questions, which is prose too.
        const questionList = path.join(site, 'assessment', 'index.html');
        const files = await htmlFilesInWalkOrder(site);
        const pages = files.map((file) => ({ file, work: { hoistStyles: true, linkTerms: file.startsWith(guides) || file === questionList } }));
        const guideCount = pages.filter((page) => page.work.linkTerms).length;
        const search = options.searchIndex === true ? await openSearchIndex() : undefined;
        const searchStarted = performance.now();
        const summary = await rewritePages({
          pages,
          glossary,
          ...(options.poolThreshold !== undefined ? { poolThreshold: options.poolThreshold } : {}),
          ...(options.workers !== undefined ? { workers: options.workers } : {}),
          ...(search !== undefined
            ? { onPage: (index: number, html: string) => search.add(path.relative(site, files[index]!).split(path.sep).join('/'), html) }
            : {}),
        });
        const ms = (value: number) => `${Math.round(value)} ms`;
        logger.info(
          `Rewrote ${summary.changed} of ${summary.pages} pages in ${ms(summary.wallMs)} ` +
            `(${summary.workers === 0 ? 'main thread' : `${summary.workers} workers`}): ` +
            `moved body <style> elements into <head> on ${summary.hoisted}, ` +
            `linked glossary terms on ${summary.linked} of ${guideCount} guide pages (${glossary.length} terms). ` +
            `Time per step over all threads: read ${ms(summary.ms.read)}, hoist ${ms(summary.ms.hoist)}, ` +
            `link ${ms(summary.ms.link)}, write ${ms(summary.ms.write)}`,
        );
        if (search !== undefined) {
          const { pageCount, writeMs } = await search.finish(path.join(site, 'pagefind'));
          // Its own label, so the bench times it as a step of its own.
          logger
            .fork('plainsec:pagefind')
            .info(`Indexed ${pageCount} pages for search in ${ms(performance.now() - searchStarted)} (writing the index ${ms(writeMs)}; indexing ran alongside the pass)`);
        }
      },
    },
  };
}
