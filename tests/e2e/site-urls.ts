/** Every page in the built sitemap, as a path on the local preview server. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dist = join(process.cwd(), 'dist');

export function sitemapPaths(): string[] {
  const files = readdirSync(dist).filter((f) => /^sitemap-\d+\.xml$/.test(f));
  if (files.length === 0) throw new Error('No sitemap in dist/. Run `npx astro build` before the browser tests.');
  const paths = files.flatMap((f) =>
    [...readFileSync(join(dist, f), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname),
  );
  return [...new Set(paths)].sort();
}

/** A guide page that exists in this build, for journeys that need one. */
export function aGuidePath(): string {
  const guide = sitemapPaths().find((p) => /^\/guides\/[^/]+\/[^/]+\/$/.test(p));
  if (!guide) throw new Error('The sitemap lists no guide pages.');
  return guide;
}
