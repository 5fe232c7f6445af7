/**
 * The built site offers the plainsec command as one file with its checksum, and never tells anyone
 * to run `npx plainsec`: there is no such package in the npm registry, so that instruction would
 * fail, or run whatever someone publishes under the name.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dist as distDir, hasBuild } from './built-site.ts';
import { reasons, skipWhenMissing } from '../support/skips.ts';

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

describe.skipIf(skipWhenMissing(hasBuild, reasons.build))('the plainsec command on the built site', () => {
  it('is served as plainsec.mjs beside a checksum line that matches it', () => {
    const file = path.join(distDir, 'plainsec.mjs');
    expect(existsSync(file)).toBe(true);
    const sum = createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(readFileSync(`${file}.sha256`, 'utf8')).toBe(`${sum}  plainsec.mjs\n`);
  });

  it('is never to be run with npx, on any page, script or file of the site', () => {
    const found = allFiles(distDir)
      .filter((f) => !/\.(png|jpg|woff2?|ico|pf_[a-z]+|zip)$/.test(f))
      .filter((f) => /npx\s+plainsec/i.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(distDir, f));
    expect(found).toEqual([]);
  });

  it('the page on using it in a repository links the file, its checksum, and the lines that check it', () => {
    const html = readFileSync(path.join(distDir, 'command/index.html'), 'utf8');
    expect(html).toContain('href="/plainsec.mjs"');
    expect(html).toContain('href="/plainsec.mjs.sha256"');
    expect(html).toContain('sha256sum -c plainsec.mjs.sha256');
    for (const page of ['rules/index.html', 'assessment/index.html']) expect(readFileSync(path.join(distDir, page), 'utf8'), page).toContain('href="/command/"');
  });
});
