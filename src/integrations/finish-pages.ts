/**
 * Finishes every page as Astro renders it, so the build needs no pass over the written pages:
 * the island style moves into <head> where there is one (`finish-pages-middleware.ts`), and with
 * `searchIndex` each final page goes straight to Pagefind. Pagefind is a separate process, so it
 * indexes on the second core while Astro renders on the first, and when the last page is written
 * only writing the index is left. Glossary terms are linked as the prose renders
 * (`LinkedProse.astro`).
 *
 * Pagefind numbers pages in the order they arrive, here the order in which pages reach the
 * finishing step (see `FinishedPages`), whatever order they finish in.
 */
import type { AstroIntegration } from 'astro';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FinishedPages, finishedPagesSlot, setFinishedPagesSlot } from './finish-pages-middleware.ts';
import { openSearchIndex } from './pagefind.ts';

export interface FinishPagesOptions {
  /** Build the Pagefind search index from the finished pages, into `pagefind/` (default false). */
  searchIndex?: boolean;
}

export default function finishPages(options: FinishPagesOptions = {}): AstroIntegration {
  let started = 0;
  return {
    name: 'plainsec:finish-pages',
    hooks: {
      'astro:config:setup': ({ command, addMiddleware }) => {
        // Only builds finish pages; `astro dev` serves them as they render.
        if (command === 'build') addMiddleware({ entrypoint: new URL('./finish-pages-middleware.ts', import.meta.url), order: 'post' });
      },
      'astro:build:start': async () => {
        started = performance.now();
        setFinishedPagesSlot(new FinishedPages(options.searchIndex === true ? await openSearchIndex() : undefined));
      },
      'astro:build:done': async ({ dir, logger }) => {
        const finished = finishedPagesSlot();
        setFinishedPagesSlot(undefined);
        if (finished === undefined || finished.pages === 0) {
          await finished?.searchIndex?.abandon();
          throw new Error('No page went through the finishing step as it rendered: is the finish-pages middleware registered?');
        }
        // A page Astro wrote without rendering it (restored from a cache, say) would be missing
        // its style hoist and from the search index: say so rather than ship a site without it.
        const written = await countHtmlFiles(fileURLToPath(dir));
        if (written !== finished.pages) {
          await finished.searchIndex?.abandon();
          throw new Error(
            `${written} pages were written but ${finished.pages} went through the finishing step as they rendered. ` +
              'Pages Astro skips (experimental.incrementalBuild) are not finished: turn that off, or rebuild from scratch.',
          );
        }
        logger.info(`Finished ${finished.pages} pages as they rendered: moved body <style> elements into <head> on ${finished.hoisted}`);
        if (finished.searchIndex === undefined) return;
        const { pageCount, writeMs } = await finished.searchIndex.finish(path.join(fileURLToPath(dir), 'pagefind'));
        const ms = (value: number) => `${Math.round(value)} ms`;
        // Its own label, so the bench times it as a step of its own.
        logger
          .fork('plainsec:pagefind')
          .info(`Indexed ${pageCount} pages for search as they rendered, and wrote the index in ${ms(writeMs)} (${ms(performance.now() - started)} after the build started)`);
      },
    },
  };
}

/** How many `.html` files the build wrote below a folder. */
async function countHtmlFiles(folder: string): Promise<number> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.html')).length;
}
