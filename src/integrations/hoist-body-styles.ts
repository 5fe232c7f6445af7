/**
 * Astro writes its island prelude (`<style>astro-island,…{display:contents}</style>`) where the
 * first island appears, inside <body>. HTML allows <style> only in <head>, so after the build this
 * moves every <style> found in <body> to the end of <head>. The CSP already carries its hash.
 */
import type { AstroIntegration } from 'astro';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hoistBodyStyles } from '../lib/html/hoist-styles.ts';

export default function hoistBodyStylesIntegration(): AstroIntegration {
  return {
    name: 'plainsec:hoist-body-styles',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const entries = await readdir(root, { recursive: true, withFileTypes: true });
        let moved = 0;
        for (const entry of entries) {
          if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
          const file = path.join(entry.parentPath, entry.name);
          const before = await readFile(file, 'utf8');
          const after = hoistBodyStyles(before);
          if (after !== before) {
            await writeFile(file, after);
            moved++;
          }
        }
        logger.info(`Moved body <style> elements into <head> on ${moved} pages`);
      },
    },
  };
}
