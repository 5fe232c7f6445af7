/**
 * Builds the search index after the site is written, with Pagefind's Node API.
 * Any indexing error fails the build: a silently broken index would pass CI and leave readers
 * with a search box that finds nothing.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

export default function pagefindIndex(): AstroIntegration {
  return {
    name: 'plainsec:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const started = performance.now();
        const { index, errors: createErrors } = await pagefind.createIndex({});
        if (!index) throw new Error(`Search index could not start: ${createErrors.join('; ')}`);
        const { errors: addErrors, page_count } = await index.addDirectory({ path: site });
        if (addErrors.length > 0) throw new Error(`Search indexing failed: ${addErrors.join('; ')}`);
        if (page_count === 0) throw new Error('Search indexing found no pages: is data-pagefind-body on <main>?');
        const { errors: writeErrors } = await index.writeFiles({ outputPath: `${site}/pagefind` });
        if (writeErrors.length > 0) throw new Error(`Search index could not be written: ${writeErrors.join('; ')}`);
        await pagefind.close();
        const ms = Math.round(performance.now() - started);
        logger.info(`Indexed ${page_count} pages for search in ${ms} ms`);
        // Read by `npm run bench`.
        process.env.PLAINSEC_INDEX_MS = String(ms);
      },
    },
  };
}
