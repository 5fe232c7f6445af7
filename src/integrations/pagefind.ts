/**
 * The search index, built with Pagefind's Node API. Any indexing error fails the build: a
 * silently broken index would pass CI and leave readers with a search box that finds nothing.
 *
 * `openSearchIndex` takes pages one by one as the build finishes them (`finish-pages.ts`), so
 * Pagefind (a separate process) indexes while other pages still render.
 */
import * as pagefind from 'pagefind';
import { withSpacesBetweenBlocks } from '../lib/html/search-html.ts';

/** Pages handed over one by one, then the index written. */
export interface SearchIndex {
  /**
   * Adds one built page; `sourcePath` is its path inside the site folder, e.g. `guides/x/index.html`.
   * Pagefind reads it with a space after each block element, so excerpts do not run words together.
   */
  add(sourcePath: string, html: string): void;
  /** Waits for every page, writes the index into `outputPath` and closes Pagefind. */
  finish(outputPath: string): Promise<{ pageCount: number; writeMs: number }>;
  /** Waits for the pages already handed over, writes nothing and closes Pagefind: for a build that failed. */
  abandon(): Promise<void>;
}

/**
 * Starts Pagefind for pages handed over in memory. Pagefind numbers pages in the order they
 * arrive: the same pages in the same order give the same index, byte for byte, as `addDirectory`
 * finding them in that order.
 */
export async function openSearchIndex(): Promise<SearchIndex> {
  const { index, errors: createErrors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Search index could not start: ${createErrors.join('; ')}`);
  const added: Promise<{ sourcePath: string; errors: string[] }>[] = [];
  return {
    add(sourcePath, html) {
      added.push(index.addHTMLFile({ sourcePath, content: withSpacesBetweenBlocks(html) }).then(({ errors }) => ({ sourcePath, errors })));
    },
    async finish(outputPath) {
      const problems = (await Promise.all(added)).flatMap(({ sourcePath, errors }) => errors.map((error) => `${sourcePath}: ${error}`));
      if (problems.length > 0) throw new Error(`Search indexing failed: ${problems.join('; ')}`);
      if (added.length === 0) throw new Error('Search indexing found no pages: is data-pagefind-body on <main>?');
      const started = performance.now();
      const { errors: writeErrors } = await index.writeFiles({ outputPath });
      if (writeErrors.length > 0) throw new Error(`Search index could not be written: ${writeErrors.join('; ')}`);
      await pagefind.close();
      return { pageCount: added.length, writeMs: performance.now() - started };
    },
    async abandon() {
      await Promise.allSettled(added);
      await pagefind.close();
    },
  };
}
