/** Finding the pages of the built site in dist/. */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export const dist = join(process.cwd(), 'dist');
export const hasBuild = existsSync(join(dist, 'index.html'));

/** Every HTML file of the site, except Pagefind's own bundle. */
export function htmlFiles(dir = dist): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return relative(dist, path) === 'pagefind' ? [] : htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

/** The URL path a built file is served at (a page's folder for index.html, else the file itself, as 404.html). */
export function urlPathOf(file: string): string {
  const rel = relative(dist, file).split('\\').join('/');
  return '/' + rel.replace(/index\.html$/, '');
}
