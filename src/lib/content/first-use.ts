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

/**
 * The spellings of one kind (acronyms, matched as written, or words, matched in any case),
 * indexed by how they start. Matching is the same as one regular expression
 *   (?<![\p{L}\p{N}_])(?:spelling1|spelling2|…)(?![\p{L}\p{N}_])
 * with the spellings in order, but a single pattern with a thousand alternatives tries every
 * one of them at every position, so its cost grows with the glossary. Here each spelling has
 * its own small pattern, tried in the same order, and only where the text starts like it.
 */
interface SpellingIndex {
  readonly acronyms: boolean;
  /**
   * Spellings by the canonical form of their first few characters, as a tree with one level per
   * character, so the text is followed character by character without building keys.
   */
  readonly prefixTree: PrefixNode;
  /** Maps a character to the form used in prefix keys: all case variants of a letter to one. */
  readonly canonical: (codePoint: number) => string;
  /**
   * Finds the next place a spelling may start: a character some spelling starts with (in any
   * case for words), with no letter, digit or underscore just before it. The regular-expression
   * engine skips the rest of the text far faster than a loop over its characters.
   */
  readonly startPattern: RegExp;
}

/** A node of the prefix tree: the spellings whose key ends here (in pattern order), and the keys that go on. */
interface PrefixNode {
  readonly next: Map<string, PrefixNode>;
  spellings?: Spelling[];
}

/** One spelling: its place in the pattern order and a sticky pattern for the spelling, plural and end check. */
interface Spelling {
  readonly order: number;
  readonly pattern: RegExp;
}

/** A matcher built once for a glossary, reused for every text. */
export interface TermMatcher {
  /** Acronyms (case-sensitive) and words (any case); either may be absent. */
  readonly indexes: readonly SpellingIndex[];
  /** Every spelling (term and aliases, trimmed, exactly as written) mapped to its entry's slug. */
  readonly slugBySpelling: ReadonlyMap<string, string>;
  /** Lookup keys for matched text: acronyms as written, words in lower case, spaces collapsed. */
  readonly slugByKey: ReadonlyMap<string, string>;
}

/** The lookup key of a spelling or a matched text: single spaces, and lower case unless an acronym. */
function keyOf(text: string, acronym: boolean): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  return acronym ? flat : flat.toLowerCase();
}

/** The regular-expression body for one spelling: spaces match any run of white space. */
function spellingBody(spelling: string): string {
  return spelling.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
}

/** How many leading characters of a spelling its index key holds: more means fewer patterns tried per position. */
const prefixLength = 4;

/** Remembers a function's answers per character: a page uses few distinct characters. */
function perCharacter<T>(compute: (codePoint: number) => T): (codePoint: number) => T {
  const known = new Map<number, T>();
  return (codePoint) => {
    let answer = known.get(codePoint);
    if (answer === undefined) {
      answer = compute(codePoint);
      known.set(codePoint, answer);
    }
    return answer;
  };
}

/**
 * Indexes many spellings of one kind. Longer spellings come first so that, at any position,
 * the longest spelling wins ("access key" before "key"). An optional plural ending follows
 * spellings that end in a letter: "s" for acronyms, "s" or "es" for words.
 */
function indexSpellings(spellings: readonly string[], acronyms: boolean): SpellingIndex {
  const sorted = [...spellings].sort((a, b) => b.length - a.length || a.localeCompare(b));
  const plural = acronyms ? "(?:s|’s|'s)?" : '(?:e?s)?';
  const flags = acronyms ? 'uy' : 'iuy';
  const prefixes = sorted.map((spelling) => [...spelling.trim().split(/\s+/)[0]!].slice(0, prefixLength));
  // Case-insensitive matching is the regular-expression engine's own (Unicode simple case
  // folding, where "ſ" is an "s"), so the canonical form of a character is found by asking it:
  // the first prefix character that matches it, in a fixed order.
  const prefixCharacters = [...new Set(prefixes.flat())].sort();
  const sameCharacter = prefixCharacters.map((character) => ({ character, pattern: new RegExp(`^${escapeRegExp(character)}$`, 'iu') }));
  const canonical = acronyms
    ? (codePoint: number) => String.fromCodePoint(codePoint)
    : perCharacter((codePoint) => {
        const text = String.fromCodePoint(codePoint);
        return sameCharacter.find(({ pattern }) => pattern.test(text))?.character ?? text;
      });
  const byPrefix = new Map<string, Spelling[]>();
  sorted.forEach((spelling, order) => {
    const body = spellingBody(spelling) + (/\p{L}$/u.test(spelling) ? plural : '');
    // Letters, digits and underscores next to the match mean it is part of a longer word or identifier.
    const pattern = new RegExp(`(?:${body})(?![\\p{L}\\p{N}_])`, flags);
    const key = prefixes[order]!.map((character) => canonical(character.codePointAt(0)!)).join('');
    const list = byPrefix.get(key) ?? [];
    list.push({ order, pattern });
    byPrefix.set(key, list);
  });
  const prefixTree: PrefixNode = { next: new Map() };
  for (const [key, list] of byPrefix) {
    let node = prefixTree;
    for (const character of key) {
      let child = node.next.get(character);
      if (child === undefined) {
        child = { next: new Map() };
        node.next.set(character, child);
      }
      node = child;
    }
    node.spellings = list;
  }
  // A character starts the tree's walk exactly when it matches (in the index's case rule) the
  // first character of some spelling: case-insensitive matching is an equivalence, so its
  // canonical form is then one of the tree's first keys.
  const firstCharacters = [...new Set(prefixes.map((prefix) => prefix[0]!))].map((character) => character.replace(/[\\\]\[^-]/g, '\\$&'));
  const startPattern = new RegExp(`(?<![\\p{L}\\p{N}_])[${firstCharacters.join('')}]`, acronyms ? 'gu' : 'giu');
  return { acronyms, prefixTree, canonical, startPattern };
}

/**
 * Every match of one kind of spelling, left to right without overlaps, exactly as a global
 * match of the combined pattern would find them.
 */
function* matchesOf(text: string, index: SpellingIndex): Generator<{ index: number; text: string }> {
  const { startPattern } = index;
  let position = 0;
  while (position < text.length) {
    // Straight to the next place a spelling may start; `lastIndex` is set before every search,
    // so two scans over the same index cannot disturb each other.
    startPattern.lastIndex = position;
    const start = startPattern.exec(text);
    if (start === null) return;
    position = start.index;
    const width = start[0].length;
    // The spellings whose key the text starts with, shorter keys first.
    const candidates: Spelling[] = [];
    let node: PrefixNode | undefined = index.prefixTree;
    let at = position;
    while (at < text.length && node.next.size > 0) {
      const next = text.codePointAt(at)!;
      node = node.next.get(index.canonical(next));
      if (node === undefined) break;
      if (node.spellings !== undefined) candidates.push(...node.spellings);
      at += next > 0xffff ? 2 : 1;
    }
    if (candidates.length > 1) candidates.sort((a, b) => a.order - b.order);
    let matched: string | undefined;
    for (const { pattern } of candidates) {
      pattern.lastIndex = position;
      matched = pattern.exec(text)?.[0];
      if (matched !== undefined) break;
    }
    if (matched !== undefined) {
      yield { index: position, text: matched };
      position += matched.length;
      continue;
    }
    position += width;
  }
}

/** Compiles a glossary into a matcher. Call once per glossary; matching is then cheap. */
export function compileGlossary(entries: readonly GlossaryTerm[]): TermMatcher {
  const slugBySpelling = new Map<string, string>();
  const slugByKey = new Map<string, string>();
  const acronymSpellings: string[] = [];
  const wordSpellings: string[] = [];
  for (const entry of entries) {
    for (const spelling of [entry.term, ...entry.aliases]) {
      const trimmed = spelling.trim();
      if (trimmed === '' || slugBySpelling.has(trimmed)) continue;
      const acronym = isAcronym(trimmed);
      const key = keyOf(trimmed, acronym);
      slugBySpelling.set(trimmed, entry.slug);
      if (slugByKey.has(key)) continue;
      slugByKey.set(key, entry.slug);
      (acronym ? acronymSpellings : wordSpellings).push(trimmed);
    }
  }
  const indexes = [
    ...(acronymSpellings.length > 0 ? [indexSpellings(acronymSpellings, true)] : []),
    ...(wordSpellings.length > 0 ? [indexSpellings(wordSpellings, false)] : []),
  ];
  return { indexes, slugBySpelling, slugByKey };
}

/** Accepts either a compiled matcher or a list of entries, compiling the list. */
export function asMatcher(glossary: readonly GlossaryTerm[] | TermMatcher): TermMatcher {
  return 'indexes' in glossary ? glossary : compileGlossary(glossary);
}

/** The slug a matched text belongs to, trying it as written and then without a plural ending. */
function slugOfMatch(matcher: TermMatcher, text: string, acronyms: boolean): string | undefined {
  const key = keyOf(text, acronyms);
  const endings = acronyms ? [/(?:’s|'s|s)$/u] : [/es$/u, /s$/u];
  for (const candidate of [key, ...endings.map((ending) => key.replace(ending, ''))]) {
    const slug = matcher.slugByKey.get(candidate);
    if (slug !== undefined) return slug;
  }
  return undefined;
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
  for (const index of matcher.indexes) {
    for (const match of matchesOf(text, index)) {
      const slug = slugOfMatch(matcher, match.text, index.acronyms);
      if (slug === undefined) continue;
      candidates.push({ slug, start: match.index, end: match.index + match.text.length, text: match.text });
    }
  }
  // The acronym and word patterns can overlap each other: in "AWS IAM Identity Center" the
  // acronym "AWS IAM" overlaps the name "IAM Identity Center". The longer one wins; when they
  // are the same length, the leftmost.
  candidates.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const chosen: TermOccurrence[] = [];
  let coveredUpTo = 0;
  for (const candidate of candidates) {
    if (candidate.start < coveredUpTo) continue;
    const length = candidate.end - candidate.start;
    const longerRival = candidates.find(
      (other) => other.start > candidate.start && other.start < candidate.end && other.end - other.start > length,
    );
    if (longerRival) {
      // The text before the rival may still hold a shorter term ("AWS" in "AWS IAM Identity Center").
      const before = text.slice(candidate.start, longerRival.start);
      for (const inner of findTermOccurrences(before, matcher)) {
        chosen.push({ ...inner, start: inner.start + candidate.start, end: inner.end + candidate.start });
      }
      coveredUpTo = longerRival.start;
      continue;
    }
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
