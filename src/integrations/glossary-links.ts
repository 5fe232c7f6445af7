/**
 * After the build, links the first use of each glossary term on every guide page to its glossary
 * entry, with a plain-words tooltip. The matching and rewriting live in `src/lib/content/`; this
 * file only reads the glossary and the built pages and writes the pages back.
 * Register it before the search indexer so the index sees the final pages.
 */
import type { AstroIntegration } from 'astro';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseGlossary, type GlossaryEntry } from '../lib/content/glossary.ts';
import { linkFirstUses } from '../lib/content/link-terms.ts';

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

/** Every `.html` file below a folder, or none when the folder does not exist. */
async function htmlFilesUnder(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
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
        const pages = [...(await htmlFilesUnder(path.join(fileURLToPath(dir), 'guides'))), ...(existsSync(assessment) ? [assessment] : [])];
        let rewritten = 0;
        for (const page of pages) {
          const before = await readFile(page, 'utf8');
          const after = linkFirstUses(before, glossary);
          if (after === before) continue;
          await writeFile(page, after);
          rewritten += 1;
        }
        logger.info(`Linked glossary terms on ${rewritten} of ${pages.length} guide pages (${glossary.length} terms)`);
      },
    },
  };
}
