/**
 * After the build, links the first use of each glossary term on every guide page to its glossary
 * entry, with a plain-words tooltip. The matching and rewriting live in `src/lib/content/`; this
 * file reads the glossary and runs the page pass over the guide pages only. The site's own pages
 * link their terms as they render (`LinkedProse.astro`); this integration is for pages that do
 * not. Register it before the search indexer.
 */
import type { AstroIntegration } from 'astro';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseGlossary, type GlossaryEntry } from '../lib/content/glossary.ts';
import { htmlFilesUnder, rewritePages } from './page-pass.ts';

export { linkFirstUses } from '../lib/content/link-terms.ts';

/** Reads and validates every `*.md` file in a glossary folder; throws with every problem named. */
export async function loadGlossary(folder: string): Promise<GlossaryEntry[]> {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.md')).sort();
  const files = new Map<string, string>();
  for (const name of names) files.set(name.slice(0, -'.md'.length), await readFile(path.join(folder, name), 'utf8'));
  const result = parseGlossary(files);
  if (!result.ok) throw new Error(`The glossary has problems:\n${result.errors.join('\n')}`);
  return result.value;
}

/** The Astro integration: `glossaryLinks()` in `integrations`, before the search indexer. */
export default function glossaryLinks(options: { glossaryDir?: string } = {}): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'plainsec:glossary-links',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const glossary = await loadGlossary(options.glossaryDir ?? path.join(root, 'content', 'glossary'));
        // Guides, and the self-assessment's printable list of questions where the site has one.
        const assessment = path.join(fileURLToPath(dir), 'assessment', 'index.html');
        const files = [...(await htmlFilesUnder(path.join(fileURLToPath(dir), 'guides'))), ...(existsSync(assessment) ? [assessment] : [])];
        const pages = files.map((file) => ({ file, work: { hoistStyles: false, linkTerms: true } }));
        const summary = await rewritePages({ pages, glossary });
        logger.info(`Linked glossary terms on ${summary.linked} of ${pages.length} guide pages (${glossary.length} terms)`);
      },
    },
  };
}
