/**
 * What the build does to each page as Astro renders it, before the page is written: the island
 * style moved into <head> where there is one, Markdown tables put in a scroll region, and the
 * final page handed to the search index, so Pagefind (a separate process, on the other core)
 * indexes while the rest of the site renders.
 * The `finish-pages` integration registers this middleware for builds and opens the index it feeds.
 *
 * Middleware is bundled with the pages, apart from the integration that opens the index, so the
 * two meet through one global slot (`finishedPagesSlot`). Without it (outside a build) pages pass
 * through untouched.
 */
import type { MiddlewareHandler } from 'astro';
import { hoistBodyStyles, mayHaveBodyStyle } from '../lib/html/hoist-styles.ts';
import { withoutIgnoredNavigation } from '../lib/html/search-html.ts';
import { wrapTables } from '../lib/html/table-scroll.ts';
import type { SearchIndex } from './pagefind.ts';

/** One finished page on its way to the search index. */
interface FinishedPage {
  /** Where Astro writes it, inside the site folder (see `builtPagePath`). */
  path: string;
  /** The page as written, less the navigation search ignores (`withoutIgnoredNavigation`). */
  html: string;
}

/**
 * What a build collects while pages render. Pagefind numbers pages in the order it is given them.
 * With several pages rendering at once they may finish in any order, so each page takes a turn
 * when it starts, and pages go to the index in the order of their turns: the same order, and so
 * the same index, on every build.
 */
export class FinishedPages {
  /** How many pages were finished, and on how many the island style moved into <head>. */
  pages = 0;
  hoisted = 0;
  private turnsGiven = 0;
  private nextTurn = 0;
  private readonly waiting = new Map<number, FinishedPage | undefined>();

  /** @param searchIndex where finished pages go to be indexed, when the build has a search index */
  constructor(readonly searchIndex: SearchIndex | undefined) {}

  /** The next turn, for a page starting to render. */
  takeTurn(): number {
    return this.turnsGiven++;
  }

  /** Ends a turn, with the page to index or none, and hands on every page whose turn has come. */
  endTurn(turn: number, page: FinishedPage | undefined): void {
    this.waiting.set(turn, page);
    while (this.waiting.has(this.nextTurn)) {
      const next = this.waiting.get(this.nextTurn);
      this.waiting.delete(this.nextTurn);
      this.nextTurn += 1;
      if (next !== undefined) this.searchIndex?.add(next.path, next.html);
    }
  }
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
  const finished = finishedPagesSlot();
  if (finished === undefined || !context.isPrerendered) return next();
  // Taken before anything is awaited, so turns follow the order in which pages start.
  const turn = finished.takeTurn();
  let page: FinishedPage | undefined;
  try {
    const response = await next();
    // Astro writes an HTML page for a success, and for the error pages whatever their status.
    const isPage = (response.headers.get('content-type') ?? '').startsWith('text/html') && (response.status === 200 || errorPage.test(context.url.pathname));
    if (!isPage) return response;
    let html = await response.text();
    finished.pages += 1;
    if (mayHaveBodyStyle(html)) {
      const moved = hoistBodyStyles(html);
      if (moved !== html) finished.hoisted += 1;
      html = moved;
    }
    // Markdown tables scroll in their own labelled region on a narrow screen (table-scroll.ts).
    html = wrapTables(html);
    page = { path: builtPagePath(context.url.pathname), html: withoutIgnoredNavigation(html) };
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(html, { status: response.status, statusText: response.statusText, headers });
  } finally {
    // Always, so a page that is not indexed (or failed) does not hold up the pages after it.
    finished.endTurn(turn, page);
  }
};
