/**
 * Glossary linking time per page as the glossary grows: links the built guide pages (with their
 * glossary links taken out again) with today's glossary and with it grown to N terms by synthetic
 * entries, and prints the median time per page for each and their ratio.
 *
 * Needs a built site in dist/. Run with `npm run bench -- --terms 1000` or
 * `npx tsx scripts/bench-terms.ts 1000`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseGlossary, type GlossaryEntry } from '../src/lib/content/glossary.ts';
import { glossaryProblems, type GlossaryTerm } from '../src/lib/content/first-use.ts';
import { linkFirstUses, prepareGlossary } from '../src/lib/content/link-terms.ts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const target = Number(process.argv[2] ?? 1000);
const repeats = 9;

/** Reads and validates every `*.md` file in a glossary folder; throws with every problem named. */
function loadGlossary(folder: string): GlossaryEntry[] {
  const files = new Map<string, string>();
  for (const name of readdirSync(folder).filter((entry) => entry.endsWith('.md')).sort()) {
    files.set(name.slice(0, -'.md'.length), readFileSync(path.join(folder, name), 'utf8'));
  }
  const result = parseGlossary(files);
  if (!result.ok) throw new Error(`The glossary has problems:\n${result.errors.join('\n')}`);
  return result.value;
}

/** A small seeded generator (mulberry32), so runs are comparable. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Guide pages as Astro writes them, before glossary links: the links and tooltips taken out again. */
function unlinkedGuidePages(): string[] {
  const folder = path.join(root, 'dist', 'guides');
  return readdirSync(folder, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.html'))
    .sort()
    .map((name) =>
      readFileSync(path.join(folder, name), 'utf8').replace(
        /<a class="term" href="[^"]*" aria-describedby="[^"]*">([^<]*)<\/a><span class="term-tip"[^>]*>[^<]*<\/span>/g,
        '$1',
      ),
    );
}

/**
 * Synthetic entries in the shapes a real glossary has: two-word phrases of words that occur in
 * the guides (so candidates appear all over the text), made-up single words, and acronyms.
 */
function grownGlossary(real: readonly GlossaryTerm[], pages: readonly string[], size: number): GlossaryTerm[] {
  const random = seeded(14);
  const words = [...new Set(pages.join(' ').replace(/<[^>]*>/g, ' ').toLowerCase().match(/\b[a-z]{4,}\b/g) ?? [])].sort();
  const syllables = ['ka', 'lo', 'mi', 'ren', 'tu', 'zor', 'bel', 'quin', 'vas', 'dro'];
  const entries = [...real];
  let attempt = 0;
  while (entries.length < size) {
    attempt += 1;
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const shape = attempt % 3;
    const term =
      shape === 0
        ? `${pick(words)} ${pick(words)}`
        : shape === 1
          ? Array.from({ length: 3 }, () => pick(syllables)).join('')
          : Array.from({ length: 3 + (attempt % 2) }, () => String.fromCharCode(65 + Math.floor(random() * 26))).join('');
    const candidate: GlossaryTerm = { slug: `synthetic-${attempt}`, term, aliases: shape === 2 ? [] : [`${term}s`], definition: `A made-up term, ${term}.` };
    if (glossaryProblems([...entries, candidate]).length === 0) entries.push(candidate);
  }
  return entries;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Each page's median linking time with each glossary, in ms. The glossaries are prepared once,
 * as the build does, and timed turn about on the same page so that a busy machine slows both alike.
 */
function perPageMs(pages: readonly string[], glossaries: readonly (readonly GlossaryTerm[])[]): number[][] {
  const prepared = glossaries.map((glossary) => prepareGlossary(glossary));
  for (const glossary of prepared) for (const page of pages) linkFirstUses(page, glossary);
  return pages.map((page) => {
    const times = prepared.map(() => [] as number[]);
    for (let run = 0; run < repeats; run += 1) {
      prepared.forEach((glossary, which) => {
        const started = performance.now();
        linkFirstUses(page, glossary);
        times[which]!.push(performance.now() - started);
      });
    }
    return times.map(medianOf);
  });
}

const real = loadGlossary(path.join(root, 'content', 'glossary'));
const pages = unlinkedGuidePages();
const grown = grownGlossary(real, pages, target);
const times = perPageMs(pages, [real, grown]);
const today = medianOf(times.map(([small]) => small!));
const large = medianOf(times.map(([, big]) => big!));
console.table([
  { glossary: `today (${real.length} terms)`, pages: pages.length, median_ms_per_page: today.toFixed(2) },
  { glossary: `grown (${grown.length} terms)`, pages: pages.length, median_ms_per_page: large.toFixed(2) },
  { glossary: 'ratio of the medians', median_ms_per_page: (large / today).toFixed(2) },
  { glossary: 'median of the per-page ratios', median_ms_per_page: medianOf(times.map(([small, big]) => big! / small!)).toFixed(2) },
]);
