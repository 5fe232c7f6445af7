/**
 * Exported files as one zip, for a single download. Pure (fflate), so the site's build, a browser
 * island and the CLI share it. Every entry gets the same fixed date, so the same rules always give
 * the same bytes and a zip can be compared across versions.
 */
import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate';
import type { ExportedFile } from './target.ts';

const fixedDate = new Date('2026-01-01T00:00:00Z');

/** Zips files under their relative paths. Paths must be relative and must not climb out with `..`. */
export function zipFiles(files: readonly ExportedFile[]): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const file of files) {
    if (file.path.startsWith('/') || file.path.split('/').includes('..')) {
      throw new Error(`A file path must be relative and stay inside the zip: ${file.path}`);
    }
    entries[file.path] = [strToU8(file.content), { mtime: fixedDate }];
  }
  return zipSync(entries, { level: 9 });
}

/** The files inside a zip made by `zipFiles`, for tests and for reading a bundle back. */
export function unzipFiles(bytes: Uint8Array): ExportedFile[] {
  return Object.entries(unzipSync(bytes)).map(([path, data]) => ({ path, content: strFromU8(data) }));
}
