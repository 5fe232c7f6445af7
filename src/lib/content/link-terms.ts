/**
 * Links the first use of each glossary term in a page's prose to its glossary entry, with a
 * plain-words tooltip. Pure: HTML string in, HTML string out.
 */
import { compileGlossary, findTermOccurrences, type GlossaryTerm, type TermMatcher } from './first-use.ts';
import { escapeHtml, linkableEvents, parseHtml, proseRoots, replaceWithHtml } from './prose-html.ts';

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
 */
export function linkFirstUses(html: string, glossary: readonly GlossaryTerm[] | PreparedGlossary): string {
  const { matcher, definitions } = 'matcher' in glossary ? glossary : prepareGlossary(glossary);
  if (definitions.size === 0) return html;
  const root = parseHtml(html);
  const roots = proseRoots(root);
  if (roots.length === 0) return html;
  const used = new Set<string>();
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
  return changed ? root.toString() : html;
}
