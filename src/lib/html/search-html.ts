/**
 * The part of a built page the search index reads. Pagefind skips the text of an element marked
 * `data-pagefind-ignore`, yet still has to be sent and parse it: a guide page carries a sidebar of
 * every guide, which on a large site is most of the page. Taking such navigation out before the
 * page goes to Pagefind gives it far less to read and the same index.
 */

/** A `<nav>` start tag with a `data-pagefind-ignore` attribute (with or without a value). */
const ignoredNavStart = /<nav(?:\s[^<>]*?)?\sdata-pagefind-ignore(?=[\s=>])[^<>]*>/gi;
const navEnd = /<\/nav\s*>/gi;
/** Plain start and end tags, with no "<" or ">" inside their attributes. */
const plainTag = /<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?>/g;
/**
 * What inside a skipped element may still reach the index or hide its end: Pagefind attributes
 * (a filter or metadata inside an ignored element still counts), an `h1` or `img` (Pagefind's
 * default title and image), an `id` (an anchor), a nested `nav`, and raw text or comments that
 * could hold a "</nav>" of their own.
 */
const mayMatter = /data-pagefind|<h1[\s>]|<img[\s>]|\sid\s*=|<nav[\s>]|<script|<style|<template|<textarea|<!--/i;

/**
 * The page without the `<nav data-pagefind-ignore>` elements whose content cannot reach the search
 * index: only plain tags and text, and none of the things listed in `mayMatter`. Any other
 * ignored navigation stays, so the index is always the one the whole page gives.
 */
export function withoutIgnoredNavigation(html: string): string {
  let result = '';
  let from = 0;
  ignoredNavStart.lastIndex = 0;
  for (let start = ignoredNavStart.exec(html); start !== null; start = ignoredNavStart.exec(html)) {
    const contentStart = start.index + start[0].length;
    navEnd.lastIndex = contentStart;
    const close = navEnd.exec(html);
    if (close === null) break;
    const content = html.slice(contentStart, close.index);
    if (mayMatter.test(content) || /[<>]/.test(content.replace(plainTag, ''))) continue;
    result += html.slice(from, start.index);
    from = navEnd.lastIndex;
    ignoredNavStart.lastIndex = from;
  }
  return from === 0 ? html : result + html.slice(from);
}

/**
 * The end tags of elements a reader sees as separate lines or cells, but whose text Pagefind runs
 * into the next element's: `<dt>How urgent</dt><dd>Wake me up.</dd>` becomes "How urgentWake me
 * up." in an excerpt. Inline elements (code, strong, a) are left alone: a space there would split
 * "IAM's" or a word and its full stop.
 */
const blockEnd = /<\/(?:dt|dd|li|p|h[1-6]|td|th|caption|figcaption|summary|blockquote|pre|div|section|article|header|footer|label|legend|option)\s*>/gi;

/**
 * The page with a space after each block element's end tag, so the words on either side stay
 * apart in the search index and its excerpts. Only the copy handed to the index changes; the
 * page as served keeps its markup. A space between elements changes nothing a reader sees.
 */
export function withSpacesBetweenBlocks(html: string): string {
  return html.replace(blockEnd, '$& ');
}
