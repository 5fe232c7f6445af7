/**
 * The glossary made ready for linking first uses (`prepareGlossary`), from the content collection:
 * compiled once per build, every time in dev so edits to a glossary file show at once.
 */
import { getCollection } from 'astro:content';
import { prepareGlossary, type PreparedGlossary } from '../lib/content/link-terms.ts';

async function read(): Promise<PreparedGlossary> {
  const entries = await getCollection('glossary');
  // The order `parseGlossary` gives (by term): where two entries claim a spelling, the first wins.
  const terms = entries
    .map((entry) => ({ slug: entry.id, term: entry.data.term, aliases: entry.data.aliases, definition: entry.data.definition, autoLink: entry.data.autoLink }))
    .sort((a, b) => a.term.localeCompare(b.term, 'en'));
  return prepareGlossary(terms);
}

let once: Promise<PreparedGlossary> | undefined;

/** The prepared glossary; read once in a build, every time in dev. */
export function preparedGlossary(): Promise<PreparedGlossary> {
  if (!import.meta.env.PROD) return read();
  once ??= read();
  return once;
}
