import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileGlossary, findTermOccurrences, isAcronym, type GlossaryTerm, type TermOccurrence } from '../../../src/lib/content/first-use.ts';

/**
 * The matcher as it was first written: one regular expression per kind of spelling, every
 * spelling an alternative. The indexed matcher must find exactly what this finds.
 */
function referenceOccurrences(text: string, entries: readonly GlossaryTerm[]): TermOccurrence[] {
  const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const keyOf = (value: string, acronym: boolean) => {
    const flat = value.trim().replace(/\s+/g, ' ');
    return acronym ? flat : flat.toLowerCase();
  };
  const slugByKey = new Map<string, string>();
  const seen = new Set<string>();
  const spellings = { acronyms: [] as string[], words: [] as string[] };
  for (const entry of entries) {
    for (const spelling of [entry.term, ...entry.aliases]) {
      const trimmed = spelling.trim();
      if (trimmed === '' || seen.has(trimmed)) continue;
      seen.add(trimmed);
      const acronym = isAcronym(trimmed);
      const key = keyOf(trimmed, acronym);
      if (slugByKey.has(key)) continue;
      slugByKey.set(key, entry.slug);
      (acronym ? spellings.acronyms : spellings.words).push(trimmed);
    }
  }
  const combined = (list: string[], acronyms: boolean) => {
    const sorted = [...list].sort((a, b) => b.length - a.length || a.localeCompare(b));
    const plural = acronyms ? "(?:s|’s|'s)?" : '(?:e?s)?';
    const alternatives = sorted.map((s) => s.trim().split(/\s+/).map(escape).join('\\s+') + (/\p{L}$/u.test(s) ? plural : ''));
    return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, acronyms ? 'gu' : 'giu');
  };
  const slugOf = (matched: string, acronyms: boolean) => {
    const key = keyOf(matched, acronyms);
    const endings = acronyms ? [/(?:’s|'s|s)$/u] : [/es$/u, /s$/u];
    for (const candidate of [key, ...endings.map((ending) => key.replace(ending, ''))]) {
      const slug = slugByKey.get(candidate);
      if (slug !== undefined) return slug;
    }
    return undefined;
  };
  const find = (part: string): TermOccurrence[] => {
    const candidates: TermOccurrence[] = [];
    for (const [list, acronyms] of [[spellings.acronyms, true], [spellings.words, false]] as const) {
      if (list.length === 0) continue;
      for (const match of part.matchAll(combined(list, acronyms))) {
        const slug = slugOf(match[0], acronyms);
        if (slug !== undefined) candidates.push({ slug, start: match.index, end: match.index + match[0].length, text: match[0] });
      }
    }
    candidates.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
    const chosen: TermOccurrence[] = [];
    let coveredUpTo = 0;
    for (const candidate of candidates) {
      if (candidate.start < coveredUpTo) continue;
      const length = candidate.end - candidate.start;
      const rival = candidates.find((o) => o.start > candidate.start && o.start < candidate.end && o.end - o.start > length);
      if (rival) {
        for (const inner of find(part.slice(candidate.start, rival.start))) {
          chosen.push({ ...inner, start: inner.start + candidate.start, end: inner.end + candidate.start });
        }
        coveredUpTo = rival.start;
        continue;
      }
      chosen.push(candidate);
      coveredUpTo = candidate.end;
    }
    return chosen;
  };
  return find(text);
}

/** Spellings with the traps of real glossaries: shared starts, plurals, punctuation, digits, odd letters. */
const spellingPool = [
  'key', 'access key', 'access keys', 'Key rotation', 'keystore', 'CVE', 'CVEs', 'CI', 'CI/CD', 'CD', 'S3', 'EC2', 'SOC 2',
  'AWS', 'AWS IAM', 'IAM', 'IAM Identity Center', 'Identity', 'patch', 'Patch Tuesday', 'multi-factor authentication',
  'MFA', '2FA', 'root user', 'root', 'Stuff', 'ſtuff', 'Kelvin', 'café', 'Éclair', 'naïve user', 'AL2', 'AL2023',
  'on call', 'on-call', 'e.g. list', 'a+b', '(paren)', 'x', 'X', 'Ω', 'ΣΑΣ', 'δ',
];
const textPieces = [
  ...spellingPool, ' ', '  ', '\n', ',', '.', "'s", '’s', 's', 'es', '_', '-', '/', '2', 'ing', 'KEY', 'Key', 'kEy',
  'Access  Key', 'ACCESS KEY', 'STUFF', 'ſ', 'K', 'CAFÉ', 'ÉCLAIR', '😀', '\u00a0', 'σας', 'Δ', 'aws', 'iam', 'cI/cD',
];

const glossaryArbitrary = fc
  .uniqueArray(fc.constantFrom(...spellingPool), { minLength: 1, maxLength: 25, size: 'large' })
  .chain((spellings) =>
    fc.array(fc.integer({ min: 0, max: 5 }), { minLength: spellings.length, maxLength: spellings.length }).map((groups) => {
      // Spellings grouped into a few entries, so aliases and terms mix.
      const entries = new Map<number, string[]>();
      spellings.forEach((spelling, i) => entries.set(groups[i]!, [...(entries.get(groups[i]!) ?? []), spelling]));
      return [...entries].map(([group, [term, ...aliases]]): GlossaryTerm => ({ slug: `entry-${group}`, term: term!, aliases }));
    }),
  );

/** Text made mostly of the glossary's own spellings, in several cases, between separators and look-alikes. */
function textFrom(glossary: readonly GlossaryTerm[]): fc.Arbitrary<string> {
  const own = glossary.flatMap((entry) => [entry.term, ...entry.aliases]).flatMap((s) => [s, s.toUpperCase(), s.toLowerCase()]);
  return fc
    .array(fc.oneof({ arbitrary: fc.constantFrom(...own), weight: 2 }, { arbitrary: fc.constantFrom(...textPieces), weight: 3 }), { maxLength: 40 })
    .map((pieces) => pieces.join(''));
}

describe('the indexed glossary matcher', () => {
  it('finds exactly what one combined regular expression finds, whatever the glossary and text', () => {
    fc.assert(
      fc.property(glossaryArbitrary.chain((glossary) => fc.tuple(fc.constant(glossary), textFrom(glossary))), ([glossary, text]) => {
        expect(findTermOccurrences(text, compileGlossary(glossary))).toEqual(referenceOccurrences(text, glossary));
      }),
      { numRuns: 1500 },
    );
  });

  it('matches a first letter written in another case form, as case-insensitive regular expressions do', () => {
    // U+212A KELVIN SIGN is a capital K under Unicode case folding.
    const glossary: GlossaryTerm[] = [{ slug: 'kelvin', term: 'kelvin', aliases: [] }];
    expect(findTermOccurrences('\u212Aelvin and KELVIN', glossary).map((o) => o.text)).toEqual(['\u212Aelvin', 'KELVIN']);
  });

  it('finds terms that start with a character outside the basic plane', () => {
    const glossary: GlossaryTerm[] = [{ slug: 'smile', term: '😀 face', aliases: [] }];
    expect(findTermOccurrences('a 😀 face here', glossary)).toEqual([{ slug: 'smile', start: 2, end: 9, text: '😀 face' }]);
  });
});
