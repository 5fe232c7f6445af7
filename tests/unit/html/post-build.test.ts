import { mkdtemp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as pagefind from 'pagefind';
import { afterEach, describe, expect, it } from 'vitest';
import { folderContents } from '../../support/folder-contents.ts';
import postBuild from '../../../src/integrations/post-build.ts';
import { mayHaveBodyStyle } from '../../../src/integrations/built-page.ts';
import { rewritePages } from '../../../src/integrations/page-pass.ts';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

type BuildDone = NonNullable<ReturnType<typeof postBuild>['hooks']['astro:build:done']>;

const guide = (n: number) =>
  `<!DOCTYPE html><html lang="en"><head><title>Guide ${n}</title></head><body><main data-pagefind-body><div data-prose><p>Guide ${n}: turn on MFA and check each CVE. MFA again.</p></div></main></body></html>`;
const withIsland =
  '<!DOCTYPE html><html lang="en"><head><title>Quiz</title></head><body><main><p>Quiz</p><style>astro-island{display:contents}</style><astro-island>q</astro-island></main></body></html>';
const plain = '<!DOCTYPE html><html lang="en"><head><title>Home</title><style>a{}</style></head><body><p>MFA</p></body></html>';

/** A built site with `guides` guide pages, one page with an island style and one plain page. */
async function site(guides: number): Promise<string> {
  const dist = await mkdtemp(path.join(tmpdir(), 'plainsec-post-build-'));
  made.push(dist);
  for (let n = 0; n < guides; n += 1) {
    await mkdir(path.join(dist, 'guides', `g-${n}`), { recursive: true });
    await writeFile(path.join(dist, 'guides', `g-${n}`, 'index.html'), guide(n));
  }
  await mkdir(path.join(dist, 'quiz'), { recursive: true });
  await writeFile(path.join(dist, 'quiz', 'index.html'), withIsland);
  await writeFile(path.join(dist, 'index.html'), plain);
  return dist;
}

async function runPostBuild(dist: string, options: Parameters<typeof postBuild>[0] = {}): Promise<string[]> {
  const logged: string[] = [];
  const logger = { info: (message: string) => logged.push(message), warn: () => {}, error: () => {}, debug: () => {}, fork: () => logger };
  const hook = postBuild({ glossaryDir: path.resolve('content/glossary'), ...options }).hooks['astro:build:done'] as BuildDone;
  await hook({ dir: pathToFileURL(`${dist}/`), logger, pages: [], assets: new Map() } as unknown as Parameters<BuildDone>[0]);
  return logged;
}

async function pagesOf(dist: string, guides: number): Promise<string[]> {
  const files = ['index.html', 'quiz/index.html', ...Array.from({ length: guides }, (_, n) => `guides/g-${n}/index.html`)];
  return Promise.all(files.map((file) => readFile(path.join(dist, file), 'utf8')));
}

describe('the post-build pass', () => {
  it('moves the island style, links glossary terms on guide pages only, and leaves other pages alone', async () => {
    const dist = await site(3);
    const logged = await runPostBuild(dist);
    const [home, quiz, first] = await pagesOf(dist, 3);
    expect(home).toBe(plain);
    expect(quiz).toContain('<title>Quiz</title><style>astro-island{display:contents}</style></head>');
    expect(quiz).not.toContain('</p><style>');
    expect(first).toContain('<a class="term" href="/glossary/#mfa" aria-describedby="tip-mfa">MFA</a>');
    expect(first!.match(/class="term"/g)).toHaveLength(2);
    expect(logged.join(' ')).toMatch(/Rewrote 4 of 5 pages in \d+ ms \(main thread\): moved body <style> elements into <head> on 1, linked glossary terms on 3 of 3 guide pages/);
  });

  it('gives the same pages from a worker pool as from the main thread', async () => {
    const pooled = await site(60);
    const single = await site(60);
    const pooledLog = await runPostBuild(pooled, { workers: 2 });
    const singleLog = await runPostBuild(single, { poolThreshold: Number.POSITIVE_INFINITY });
    expect(pooledLog.join(' ')).toMatch(/\(2 workers\)/);
    expect(singleLog.join(' ')).toMatch(/\(main thread\)/);
    expect(await pagesOf(pooled, 60)).toEqual(await pagesOf(single, 60));
    expect((await pagesOf(pooled, 60))[2]).toContain('href="/glossary/#cve"');
  });

  it('fails when a page cannot be rewritten, in the pool as on the main thread', async () => {
    const missing = Array.from({ length: 60 }, (_, n) => ({ file: path.join(tmpdir(), `plainsec-missing-${n}.html`), work: { hoistStyles: true, linkTerms: false } }));
    await expect(rewritePages({ pages: missing, workers: 2 })).rejects.toThrow(/ENOENT/);
    await expect(rewritePages({ pages: missing.slice(0, 2) })).rejects.toThrow(/ENOENT/);
  });
});

describe('the search index built from the pass', () => {
  it('is the same index Pagefind builds by reading the finished folder', async () => {
    const dist = await site(60);
    const logged = await runPostBuild(dist, { workers: 2, searchIndex: true });
    expect(logged.join(' ')).toMatch(/Indexed 62 pages for search/);
    const fromPass = `${dist}-from-pass`;
    made.push(fromPass);
    await rename(path.join(dist, 'pagefind'), fromPass);
    const { index } = await pagefind.createIndex({});
    await index!.addDirectory({ path: dist });
    const fromFolder = `${dist}-from-folder`;
    made.push(fromFolder);
    await index!.writeFiles({ outputPath: fromFolder });
    await pagefind.close();
    expect(await folderContents(fromPass)).toEqual(await folderContents(fromFolder));
  });

  it('is the same index Pagefind builds from the folder when the pages carry navigation that search ignores', async () => {
    const dist = await site(60);
    const sidebar = (n: number) =>
      `<nav class="guide-sidebar" aria-label="All guides" data-pagefind-ignore><details open><summary>All guides</summary><ol>${Array.from({ length: 60 }, (_, m) => `<li><a href="/guides/g-${m}/"${m === n ? ' aria-current="page"' : ''}>Guide ${m} about MFA</a></li>`).join('')}</ol></details></nav>`;
    for (let n = 0; n < 60; n += 1) {
      await writeFile(path.join(dist, 'guides', `g-${n}`, 'index.html'), guide(n).replace('<main data-pagefind-body>', `<main data-pagefind-body>${sidebar(n)}`));
    }
    await runPostBuild(dist, { workers: 2, searchIndex: true });
    const fromPass = `${dist}-from-pass`;
    made.push(fromPass);
    await rename(path.join(dist, 'pagefind'), fromPass);
    const { index } = await pagefind.createIndex({});
    await index!.addDirectory({ path: dist });
    const fromFolder = `${dist}-from-folder`;
    made.push(fromFolder);
    await index!.writeFiles({ outputPath: fromFolder });
    await pagefind.close();
    expect(await folderContents(fromPass)).toEqual(await folderContents(fromFolder));
  });
});

describe('mayHaveBodyStyle', () => {
  it('is true only when a style tag follows the body tag', () => {
    expect(mayHaveBodyStyle(withIsland)).toBe(true);
    expect(mayHaveBodyStyle(plain)).toBe(false);
    expect(mayHaveBodyStyle('<html><head><STYLE>a{}</STYLE></head><BODY><STYLE>b{}</STYLE></BODY></html>')).toBe(true);
    expect(mayHaveBodyStyle('<style>a{}</style>')).toBe(false);
  });
});
