/**
 * Finding glossary terms in prose: every occurrence, and the first use of each term.
 *
 * Matching rules, chosen so that links land on the words a reader would expect:
 * - whole words only ("key" does not match inside "keyboard");
 * - ordinary words match in any case ("Access key", "access key");
 * - acronyms written in capitals match only in capitals ("MFA", not "mfa" inside a path);
 * - a plural counts as the term ("CVEs" is "CVE", "containers" is "container", "patches" is "patch");
 * - where two terms overlap, the longest wins ("access key" beats "key"), then the leftmost.
 */

/** What the matcher needs to know about one glossary entry. */
export interface GlossaryTerm {
  /** The entry's file name without `.md`, used in `/glossary/#<slug>`. */
  slug: string;
  term: string;
  aliases: readonly string[];
  /** One plain line, shown as a tooltip where the term is first used. */
  definition?: string;
  /** Entries with `autoLink: false` are still known words, but are never linked. */
  autoLink?: boolean;
}

/** One place in the text where a glossary term or alias appears. */
export interface TermOccurrence {
  slug: string;
  /** Offset of the first character, in UTF-16 code units. */
  start: number;
  /** Offset just past the last character. */
  end: number;
  /** The text as written, e.g. "CVEs". */
  text: string;
}

/** Whether a spelling is an acronym: it has capitals and no lower-case letters ("MFA", "EC2", "CI/CD", "SOC 2"). */
export function isAcronym(spelling: string): boolean {
  return /\p{Lu}/u.test(spelling) && !/\p{Ll}/u.test(spelling);
}

/** Escapes a string for use inside a regular expression. */
function escapeRegExp(text: string): string {
  // Only syntax characters: in Unicode mode, escaping "-" or "/" outside a class is an error.
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A compiled matcher for one spelling of one term. */
interface SpellingMatcher {
  slug: string;
  pattern: RegExp;
}

/** A matcher built once for a glossary, reused for every text. */
export interface TermMatcher {
  readonly spellings: readonly SpellingMatcher[];
  /** Every spelling (term and aliases, trimmed) mapped to its entry's slug. */
  readonly slugBySpelling: ReadonlyMap<string, string>;
}

/**
 * Builds the regular expression for one spelling: spaces match any run of white space,
 * and an optional plural ending follows ("s" for acronyms, "s" or "es" for words).
 */
function spellingPattern(spelling: string): RegExp {
  const body = spelling.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  const acronym = isAcronym(spelling);
  const endsInLetter = /\p{L}$/u.test(spelling.trim());
  const plural = !endsInLetter ? '' : acronym ? '(?:s|’s|\'s)?' : '(?:e?s)?';
  // Letters, digits and underscores next to the match mean it is part of a longer word or identifier.
  return new RegExp(`(?<![\\p{L}\\p{N}_])${body}${plural}(?![\\p{L}\\p{N}_])`, acronym ? 'gu' : 'giu');
}

/** Compiles a glossary into a matcher. Call once per glossary; matching is then cheap. */
export function compileGlossary(entries: readonly GlossaryTerm[]): TermMatcher {
  const spellings: SpellingMatcher[] = [];
  const slugBySpelling = new Map<string, string>();
  for (const entry of entries) {
    for (const spelling of [entry.term, ...entry.aliases]) {
      const trimmed = spelling.trim();
      if (trimmed === '' || slugBySpelling.has(trimmed)) continue;
      slugBySpelling.set(trimmed, entry.slug);
      spellings.push({ slug: entry.slug, pattern: spellingPattern(trimmed) });
    }
  }
  return { spellings, slugBySpelling };
}

function asMatcher(glossary: readonly GlossaryTerm[] | TermMatcher): TermMatcher {
  return 'spellings' in glossary ? glossary : compileGlossary(glossary);
}

/**
 * Every occurrence of every glossary term in the text, in order, with overlaps resolved:
 * the leftmost match wins, and at the same start the longest.
 */
export function findTermOccurrences(
  text: string,
  glossary: readonly GlossaryTerm[] | TermMatcher,
): TermOccurrence[] {
  const matcher = asMatcher(glossary);
  const candidates: TermOccurrence[] = [];
  for (const { slug, pattern } of matcher.spellings) {
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      candidates.push({ slug, start: match.index, end: match.index + match[0].length, text: match[0] });
    }
  }
  // Longest first at each start, so that a greedy left-to-right pass keeps "access key" over "key".
  candidates.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const chosen: TermOccurrence[] = [];
  let coveredUpTo = 0;
  for (const candidate of candidates) {
    if (candidate.start < coveredUpTo) continue;
    // A longer match starting a little later beats a short one it overlaps ("the AWS root account"
    // should not lose "root account" to a term "root" if both existed): prefer the longer span.
    const rival = candidates.find(
      (other) =>
        other.start > candidate.start &&
        other.start < candidate.end &&
        other.end - other.start > candidate.end - candidate.start,
    );
    if (rival) continue;
    chosen.push(candidate);
    coveredUpTo = candidate.end;
  }
  return chosen;
}

/**
 * The first use of each glossary term in the text, in order of appearance.
 * Terms in `alreadyUsed` (slugs) are skipped, so a caller can carry state across several texts.
 */
export function findFirstUses(
  text: string,
  glossary: readonly GlossaryTerm[] | TermMatcher,
  alreadyUsed: ReadonlySet<string> = new Set(),
): TermOccurrence[] {
  const seen = new Set(alreadyUsed);
  const firsts: TermOccurrence[] = [];
  for (const occurrence of findTermOccurrences(text, glossary)) {
    if (seen.has(occurrence.slug)) continue;
    seen.add(occurrence.slug);
    firsts.push(occurrence);
  }
  return firsts;
}

/** Problems with a glossary as a whole, in plain words: spellings claimed by two entries, empty spellings. */
export function glossaryProblems(entries: readonly GlossaryTerm[]): string[] {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  for (const entry of entries) {
    for (const spelling of [entry.term, ...entry.aliases]) {
      const key = isAcronym(spelling) ? spelling.trim() : spelling.trim().toLowerCase();
      if (key === '') {
        problems.push(`Glossary entry "${entry.slug}" has an empty alias. Remove it.`);
        continue;
      }
      const previous = owner.get(key);
      if (previous !== undefined && previous !== entry.slug) {
        problems.push(
          `"${spelling}" is listed in both "${previous}" and "${entry.slug}". Keep it in the entry it best explains and remove it from the other.`,
        );
      } else owner.set(key, entry.slug);
    }
  }
  return problems;
}
