/**
 * What the build does to each page as Astro renders it, before the page is written: the island
 * style moved into <head> where there is one, and the final page handed to the search index, so
 * Pagefind (a separate process, on the other core) indexes while the rest of the site renders.
 * The `finish-pages` integration registers this middleware for builds and opens the index it feeds.
 *
 * Middleware is bundled with the pages, apart from the integration that opens the index, so the
 * two meet through one global slot (`finishedPagesSlot`). Without it (outside a build) pages pass
 * through untouched. The steps are the post-build pass's (`built-page.ts`), in the same order.
 */
import type { MiddlewareHandler } from 'astro';
import { hoistBodyStyles } from '../lib/html/hoist-styles.ts';
import { withoutIgnoredNavigation } from '../lib/html/search-html.ts';
import { mayHaveBodyStyle } from './built-page.ts';
import type { SearchIndex } from './pagefind.ts';

/** What a build collects while pages render. */
export interface FinishedPages {
  /** Where each finished page goes to be indexed, when the build has a search index. */
  searchIndex: SearchIndex | undefined;
  /** How many pages were finished, and on how many the island style moved into <head>. */
  pages: number;
  hoisted: number;
}

const slot = Symbol.for('plainsec.finished-pages');

/** The build's collector, or undefined outside a build. */
export function finishedPagesSlot(): FinishedPages | undefined {
  return (globalThis as { [slot]?: FinishedPages })[slot];
}

/** Opens (with a value) or closes (with undefined) the build's collector. */
export function setFinishedPagesSlot(value: FinishedPages | undefined): void {
  (globalThis as { [slot]?: FinishedPages })[slot] = value;
}

/**
 * Where Astro writes a page, as a path inside the site folder (the `build.format: 'directory'`
 * the site uses): `/guides/x/` is `guides/x/index.html`, and the error pages `/404` and `/500`
 * are `404.html` and `500.html`.
 */
export function builtPagePath(pathname: string): string {
  const path = decodeURI(pathname).replace(/^\/+/, '');
  if (/^(404|500)\/?$/.test(path)) return `${path.replace(/\/$/, '')}.html`;
  if (path === '') return 'index.html';
  return path.endsWith('/') ? `${path}index.html` : path.endsWith('.html') ? path : `${path}/index.html`;
}

const errorPage = /^\/(?:404|500)(?:\/|\.html)?$/;

export const onRequest: MiddlewareHandler = async (context, next) => {
  const response = await next();
  const finished = finishedPagesSlot();
  if (finished === undefined || !context.isPrerendered || !(response.headers.get('content-type') ?? '').startsWith('text/html')) return response;
  // Astro writes a page for a success, and for the error pages whatever their status.
  if (response.status !== 200 && !errorPage.test(context.url.pathname)) return response;
  let html = await response.text();
  finished.pages += 1;
  if (mayHaveBodyStyle(html)) {
    const moved = hoistBodyStyles(html);
    if (moved !== html) finished.hoisted += 1;
    html = moved;
  }
  finished.searchIndex?.add(builtPagePath(context.url.pathname), withoutIgnoredNavigation(html));
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(html, { status: response.status, statusText: response.statusText, headers });
};
