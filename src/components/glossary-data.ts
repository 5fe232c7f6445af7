/**
 * The glossary made ready for linking first uses (`prepareGlossary`), from the content collection:
 * compiled once per build, every time in dev so edits to a glossary file show at once.
 */
import { getCollection } from 'astro:content';
import { byTerm } from '../lib/content/glossary.ts';
import { prepareGlossary, type PreparedGlossary } from '../lib/content/link-terms.ts';
import { oncePerBuild } from './once-per-build.ts';

async function read(): Promise<PreparedGlossary> {
  const entries = await getCollection('glossary');
  // The order `parseGlossary` gives (by term): where two entries claim a spelling, the first wins.
  const terms = entries
    .map((entry) => ({ slug: entry.id, term: entry.data.term, aliases: entry.data.aliases, definition: entry.data.definition, autoLink: entry.data.autoLink }))
    .sort(byTerm);
  return prepareGlossary(terms);
}

/** The prepared glossary; read once in a build, every time in dev. */
export const preparedGlossary = oncePerBuild(read);
