/**
 * What happens to one built page after Astro writes it: the island style moved into <head>, then
 * the first use of each glossary term linked. The same steps, in the same order, as the two
 * separate passes did, so the output is the same; here the page is read and written only once.
 * Used on the main thread and in the worker pool alike.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { linkFirstUses, type PreparedGlossary } from '../lib/content/link-terms.ts';
import { hoistBodyStyles } from '../lib/html/hoist-styles.ts';
import { withoutIgnoredNavigation } from '../lib/html/search-html.ts';

/** What to do to a page. */
export interface PageWork {
  /** Move every <style> in <body> to the end of <head>. */
  hoistStyles: boolean;
  /** Link the first use of each glossary term in the page's prose. */
  linkTerms: boolean;
}

/** What was done to a page, and how long each step took. */
export interface PageOutcome {
  /**
   * The page as written, less the navigation search ignores (see `withoutIgnoredNavigation`), when
   * the caller asked for it: what the search index reads, at a fraction of the size on a large site.
   */
  html?: string;
  changed: boolean;
  hoisted: boolean;
  linked: boolean;
  ms: StepTimes;
}

/** Time spent in each step, in milliseconds (summed over pages, and over threads in a pool). */
export interface StepTimes {
  read: number;
  hoist: number;
  link: number;
  write: number;
}

export const noTime = (): StepTimes => ({ read: 0, hoist: 0, link: 0, write: 0 });

export function addTimes(total: StepTimes, more: StepTimes): void {
  total.read += more.read;
  total.hoist += more.hoist;
  total.link += more.link;
  total.write += more.write;
}

/**
 * Whether a page may have a <style> inside <body>. False only when no "<style" follows the
 * first "<body": an element's start tag comes after its ancestors' in the source, so such a
 * page has no style in its body and the full parse (the costly part) can be skipped.
 */
export function mayHaveBodyStyle(html: string): boolean {
  const body = html.search(/<body/i);
  return body !== -1 && /<style/i.test(html.slice(body));
}

/** Rewrites one page's HTML; returns it unchanged when there is nothing to do. */
export function rewritePageHtml(
  html: string,
  work: PageWork,
  glossary: PreparedGlossary | undefined,
  ms: StepTimes = noTime(),
): { html: string; hoisted: boolean; linked: boolean } {
  let result = html;
  let hoisted = false;
  let linked = false;
  if (work.hoistStyles && mayHaveBodyStyle(result)) {
    const started = performance.now();
    const moved = hoistBodyStyles(result);
    hoisted = moved !== result;
    result = moved;
    ms.hoist += performance.now() - started;
  }
  if (work.linkTerms && glossary !== undefined) {
    const started = performance.now();
    const withLinks = linkFirstUses(result, glossary);
    linked = withLinks !== result;
    result = withLinks;
    ms.link += performance.now() - started;
  }
  return { html: result, hoisted, linked };
}

/**
 * Reads a built page, rewrites it and writes it back only if it changed. The file calls are
 * synchronous: in a worker they hold nothing else up, and they skip a round trip through
 * libuv's small thread pool, which the workers would otherwise share.
 */
export async function rewritePageFile(
  file: string,
  work: PageWork,
  glossary: PreparedGlossary | undefined,
  keepHtml = false,
): Promise<PageOutcome> {
  const ms = noTime();
  let started = performance.now();
  const before = readFileSync(file, 'utf8');
  ms.read += performance.now() - started;
  const { html, hoisted, linked } = rewritePageHtml(before, work, glossary, ms);
  const changed = html !== before;
  if (changed) {
    started = performance.now();
    writeFileSync(file, html);
    ms.write += performance.now() - started;
  }
  return { ...(keepHtml ? { html: withoutIgnoredNavigation(html) } : {}), changed, hoisted, linked, ms };
}
