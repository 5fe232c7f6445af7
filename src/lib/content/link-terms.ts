/**
 * Links the first use of each glossary term in a page's prose to its glossary entry, with a
 * plain-words tooltip. Pure: HTML string in, HTML string out.
 */
import { compileGlossary, findTermOccurrences, type GlossaryTerm, type TermMatcher } from './first-use.ts';
import { escapeHtml, linkableEvents, parseHtml, proseRoots, replaceWithHtml, type HTMLElement } from './prose-html.ts';

/** The markup for one linked first use: the link, then its tooltip (both valid inside `<p>` and `<li>`). */
export function termLinkHtml(slug: string, text: string, definition: string): string {
  const safeSlug = escapeHtml(slug);
  return (
    `<a class="term" href="/glossary/#${safeSlug}" aria-describedby="tip-${safeSlug}">${escapeHtml(text)}</a>` +
    `<span class="term-tip" role="tooltip" id="tip-${safeSlug}" data-pagefind-ignore>${escapeHtml(definition)}</span>`
  );
}

/** A glossary made ready for linking: compiled once, then used for every page. */
export interface PreparedGlossary {
  /** Matches the entries that may be linked (not those with `autoLink: false`). */
  readonly matcher: TermMatcher;
  /** Tooltip text by slug. */
  readonly definitions: ReadonlyMap<string, string>;
}

/** Compiles a glossary for `linkFirstUses`; call once per build, not once per page. */
export function prepareGlossary(glossary: readonly GlossaryTerm[]): PreparedGlossary {
  const linkable = glossary.filter((entry) => entry.autoLink !== false);
  return {
    matcher: compileGlossary(linkable),
    definitions: new Map(linkable.map((entry) => [entry.slug, entry.definition ?? entry.term])),
  };
}

/**
 * Rewrites a built page so the first use of each glossary term inside `[data-prose]` becomes a
 * link to `/glossary/#<slug>` followed by its tooltip. Later uses stay plain text. Text in links,
 * code, headings, pictures and existing tooltips is never touched. Terms already linked on the
 * page count as used, so running this twice changes nothing. Pages without `[data-prose]` are
 * returned unchanged.
 *
 * Only the prose is parsed when the page is plainly well-formed (see `proseSpans`): a guide page
 * carries a sidebar of every guide, so on a large site the prose is a small part of the page.
 * Otherwise the whole page is parsed, with the same result.
 */
export function linkFirstUses(html: string, glossary: readonly GlossaryTerm[] | PreparedGlossary): string {
  const prepared = 'matcher' in glossary ? glossary : prepareGlossary(glossary);
  if (prepared.definitions.size === 0 || !/data-prose/i.test(html)) return html;
  const spans = proseSpans(html);
  if (spans === undefined) return linkFirstUsesInWholePage(html, prepared);
  const used = new Set<string>();
  let result = '';
  let from = 0;
  for (const span of spans) {
    const fragment = parseHtml(html.slice(span.start, span.end));
    const roots = proseRoots(fragment);
    if (roots.length !== 1 || fragment.childNodes.length !== 1 || fragment.firstChild !== roots[0]) {
      return linkFirstUsesInWholePage(html, prepared);
    }
    const changed = linkInProse(roots, prepared, used);
    result += html.slice(from, span.start) + (changed ? fragment.toString() : html.slice(span.start, span.end));
    from = span.end;
  }
  result += html.slice(from);
  return result;
}

/** The same as `linkFirstUses`, always parsing the whole page: the reference the faster path must equal. */
export function linkFirstUsesInWholePage(html: string, glossary: readonly GlossaryTerm[] | PreparedGlossary): string {
  const prepared = 'matcher' in glossary ? glossary : prepareGlossary(glossary);
  if (prepared.definitions.size === 0) return html;
  const root = parseHtml(html);
  const roots = proseRoots(root);
  if (roots.length === 0) return html;
  return linkInProse(roots, prepared, new Set<string>()) ? root.toString() : html;
}

/** Links first uses inside the prose elements, in order; `used` carries the terms seen so far. Returns whether anything changed. */
function linkInProse(roots: readonly HTMLElement[], { matcher, definitions }: PreparedGlossary, used: Set<string>): boolean {
  let changed = false;
  for (const prose of roots) {
    for (const event of linkableEvents(prose)) {
      if (event.kind === 'term-link') {
        used.add(event.slug);
        continue;
      }
      const firsts = findTermOccurrences(event.text, matcher).filter((occurrence) => {
        if (used.has(occurrence.slug)) return false;
        used.add(occurrence.slug);
        return true;
      });
      if (firsts.length === 0) continue;
      let rebuilt = '';
      let from = 0;
      for (const occurrence of firsts) {
        rebuilt += escapeHtml(event.text.slice(from, occurrence.start));
        rebuilt += termLinkHtml(occurrence.slug, occurrence.text, definitions.get(occurrence.slug) ?? occurrence.text);
        from = occurrence.end;
      }
      rebuilt += escapeHtml(event.text.slice(from));
      replaceWithHtml(event.node, rebuilt);
      changed = true;
    }
  }
  return changed;
}

/**
 * The tag pattern of node-html-parser (which `parseHtml` uses), with ASCII tag names: a comment,
 * or a start or end tag with its attributes (quoted values may hold ">") and a closing slash.
 */
const tagPattern = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][^\s/>]*)((?:\s+[^>]*?(?:'[^']*'|"[^"]*")?)*)\s*(\/?)>/g;
const asciiTagName = /^[a-zA-Z][-.:0-9_a-zA-Z]*$/;
/** Elements the parser keeps as raw text up to their end tag (the `blockTextElements` of `parseHtml`). */
const rawTextTags = new Set(['script', 'noscript', 'style', 'pre', 'textarea']);
const voidTags = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Where node-html-parser closes an open element when another opens (`<p>` then `<div>`): its repairs of bad nesting. */
const closedByOpening: Partial<Record<string, readonly string[]>> = {
  li: ['li'], p: ['p', 'div'], b: ['div'], td: ['td', 'th', 'tr', 'tbody', 'tfoot'], th: ['td', 'th', 'tr', 'tbody', 'tfoot'],
  tr: ['tr', 'tbody', 'tfoot'], thead: ['tbody', 'tfoot'], tbody: ['tbody', 'tfoot'], h1: ['h1'], h2: ['h2'], h3: ['h3'],
  h4: ['h4'], h5: ['h5'], h6: ['h6'], dt: ['dt', 'dd'], dd: ['dt', 'dd'],
};
const dataProseAttribute = /(?:^|\s)data-prose(?=\s|=|$)/i;

/**
 * Where each `[data-prose]` element starts and ends in the page's source, found by one scan of
 * its tags without building a tree; or undefined unless the page is plainly well-formed: every
 * element closed in order, no bad nesting the parser would repair, every tag written the way the
 * parser writes it back (one space before the attributes, none before ">", no "/>"), raw-text
 * elements closed and not blank, no prose element inside another, and every "data-prose" in the
 * source accounted for. Under those conditions parsing the prose alone gives the same tree as
 * parsing the page, and the rest of the page would be written back byte for byte. Astro's output
 * meets them.
 */
export function proseSpans(html: string): { start: number; end: number }[] | undefined {
  const spans: { start: number; end: number }[] = [];
  const open: string[] = [];
  let proseDepth = -1;
  let proseStart = 0;
  tagPattern.lastIndex = 0;
  for (let match = tagPattern.exec(html); match !== null; match = tagPattern.exec(html)) {
    const name = match[2];
    if (name === undefined) continue; // a comment
    const length = match[0].length;
    if (match[4] !== '' || !asciiTagName.test(name)) return undefined;
    if (match[1] !== '') {
      // "</name>" exactly: the length rules out white space before ">".
      if (length !== name.length + 3 || open.pop() !== name) return undefined;
      if (open.length === proseDepth) {
        spans.push({ start: proseStart, end: match.index + length });
        proseDepth = -1;
      }
      continue;
    }
    const attributes = match[3]!;
    // Written back as "<name" + (" " + attributes without their first character, if any) + ">".
    if (length !== name.length + attributes.length + 2 || (attributes !== '' && (attributes[0] !== ' ' || attributes.length === 1))) return undefined;
    const tag = name.toLowerCase();
    const top = open.at(-1);
    if (top !== undefined && closedByOpening[top.toLowerCase()]?.includes(tag)) return undefined;
    // Cheap test first: most tags have no such attribute. One written in capitals is caught by the count at the end.
    if (attributes.includes('data-prose') && dataProseAttribute.test(attributes)) {
      if (proseDepth !== -1 || voidTags.has(tag)) return undefined;
      proseDepth = open.length;
      proseStart = match.index;
    }
    if (voidTags.has(tag)) continue;
    if (rawTextTags.has(tag)) {
      const close = html.indexOf(`</${name}>`, tagPattern.lastIndex);
      if (close === -1) return undefined;
      if (close > tagPattern.lastIndex && !/\S/.test(html.slice(tagPattern.lastIndex, close))) return undefined;
      tagPattern.lastIndex = close + name.length + 3;
      if (open.length === proseDepth) {
        spans.push({ start: proseStart, end: tagPattern.lastIndex });
        proseDepth = -1;
      }
      continue;
    }
    open.push(name);
  }
  if (open.length !== 0 || proseDepth !== -1) return undefined;
  const mentions = html.match(/data-prose/gi)?.length ?? 0;
  return mentions === spans.length ? spans : undefined;
}
