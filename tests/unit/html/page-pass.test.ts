import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadGlossary } from '../../../src/integrations/glossary-links.ts';
import { mayHaveBodyStyle } from '../../../src/integrations/built-page.ts';
import { rewritePages } from '../../../src/integrations/page-pass.ts';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

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

/** The pass over a built site: the island style hoisted everywhere, glossary terms linked on guide pages. */
async function runPass(dist: string, options: { workers?: number; poolThreshold?: number } = {}) {
  const glossary = await loadGlossary(path.resolve('content/glossary'));
  const files = ['index.html', 'quiz/index.html', ...Array.from({ length: 60 }, (_, n) => `guides/g-${n}/index.html`)].map((file) => path.join(dist, file));
  const pages = files.map((file) => ({ file, work: { hoistStyles: true, linkTerms: file.includes(`${path.sep}guides${path.sep}`) } }));
  return rewritePages({ pages, glossary, ...options });
}

async function pagesOf(dist: string, guides: number): Promise<string[]> {
  const files = ['index.html', 'quiz/index.html', ...Array.from({ length: guides }, (_, n) => `guides/g-${n}/index.html`)];
  return Promise.all(files.map((file) => readFile(path.join(dist, file), 'utf8')));
}

describe('the pass over built pages', () => {
  it('gives the same pages from a worker pool as from the main thread', async () => {
    const pooled = await site(60);
    const single = await site(60);
    expect((await runPass(pooled, { workers: 2 })).workers).toBe(2);
    expect((await runPass(single, { poolThreshold: Number.POSITIVE_INFINITY })).workers).toBe(0);
    expect(await pagesOf(pooled, 60)).toEqual(await pagesOf(single, 60));
    const [home, quiz, first] = await pagesOf(pooled, 60);
    expect(home).toBe(plain);
    expect(quiz).toContain('<title>Quiz</title><style>astro-island{display:contents}</style></head>');
    expect(first).toContain('href="/glossary/#cve"');
  });

  it('fails when a page cannot be rewritten, in the pool as on the main thread', async () => {
    const missing = Array.from({ length: 60 }, (_, n) => ({ file: path.join(tmpdir(), `plainsec-missing-${n}.html`), work: { hoistStyles: true, linkTerms: false } }));
    await expect(rewritePages({ pages: missing, workers: 2 })).rejects.toThrow(/ENOENT/);
    await expect(rewritePages({ pages: missing.slice(0, 2) })).rejects.toThrow(/ENOENT/);
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
