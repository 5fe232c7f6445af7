/** Reading a folder whole, to compare two outputs byte for byte. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Every file below a folder with its contents (base64), by path relative to the folder. */
export async function folderContents(folder: string): Promise<Record<string, string>> {
  const names = (await readdir(folder, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  const entries = await Promise.all(
    names.map(async (entry) => {
      const full = path.join(entry.parentPath, entry.name);
      return [path.relative(folder, full), (await readFile(full)).toString('base64')] as const;
    }),
  );
  return Object.fromEntries(entries);
}
