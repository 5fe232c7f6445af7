import { reasons, skipWhenMissing } from '../support/skips.ts';
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { dist, hasBuild, htmlFiles, urlPathOf } from './built-site.ts';

/** The ids in each built page, read once. */
const idsByPath = new Map<string, Set<string>>();
function idsOf(path: string): Set<string> | undefined {
  if (!idsByPath.has(path)) {
    const file = join(dist, decodeURIComponent(path), path.endsWith('/') ? 'index.html' : '');
    if (!file.endsWith('.html')) return undefined;
    if (!existsSync(file) || statSync(file).isDirectory()) return undefined;
    const root = parse(readFileSync(file, 'utf8'));
    idsByPath.set(path, new Set(root.querySelectorAll('[id]').map((el) => el.id)));
  }
  return idsByPath.get(path);
}

function targetExists(path: string): boolean {
  const file = join(dist, decodeURIComponent(path));
  if (path.endsWith('/')) return existsSync(join(file, 'index.html'));
  return existsSync(file) && statSync(file).isFile();
}

describe.skipIf(skipWhenMissing(hasBuild, reasons.build))('internal links', () => {
  for (const file of htmlFiles()) {
    const here = urlPathOf(file);
    it(`${here} has no broken internal link or #fragment`, () => {
      const root = parse(readFileSync(file, 'utf8'));
      const broken: string[] = [];
      for (const el of root.querySelectorAll('a[href], link[href], script[src], img[src]')) {
        const raw = el.getAttribute('href') ?? el.getAttribute('src')!;
        if (/^(https?:|mailto:|data:)/.test(raw)) continue;
        const url = new URL(raw, `http://site${here}`);
        const path = url.pathname;
        if (!targetExists(path)) {
          broken.push(`${raw} (no such page or file)`);
          continue;
        }
        const fragment = decodeURIComponent(url.hash.slice(1));
        if (fragment && !idsOf(path)?.has(fragment)) broken.push(`${raw} (no element with id "${fragment}")`);
      }
      expect(broken).toEqual([]);
    });
  }
});
