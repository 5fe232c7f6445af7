import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as pagefind from 'pagefind';
import { afterEach, describe, expect, it } from 'vitest';
import { folderContents } from '../../support/folder-contents.ts';
import finishPages from '../../../src/integrations/finish-pages.ts';
import { builtPagePath, FinishedPages, finishedPagesSlot, onRequest, setFinishedPagesSlot } from '../../../src/integrations/finish-pages-middleware.ts';

const made: string[] = [];
afterEach(async () => {
  setFinishedPagesSlot(undefined);
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const sidebar = (n: number) =>
  `<nav class="guide-sidebar" aria-label="All guides" data-pagefind-ignore><ol>${Array.from({ length: 30 }, (_, m) => `<li><a href="/guides/g-${m}/"${m === n ? ' aria-current="page"' : ''}>Guide ${m} about MFA</a></li>`).join('')}</ol></nav>`;
const guide = (n: number) =>
  `<!DOCTYPE html><html lang="en"><head><title>Guide ${n}</title></head><body><main data-pagefind-body>${sidebar(n)}<div data-prose><p>Guide ${n}: turn on MFA and check each CVE${n % 3 === 0 ? ' and rotate keys' : ''}.</p></div></main></body></html>`;
const withIsland =
  '<!DOCTYPE html><html lang="en"><head><title>Quiz</title></head><body><main data-pagefind-body><p>Quiz</p><style>astro-island{display:contents}</style><astro-island>q</astro-island></main></body></html>';

type Middleware = typeof onRequest;
type Context = Parameters<Middleware>[0];
type Next = Parameters<Middleware>[1];

/** Astro rendering one page through the middleware: what it would write to disk. */
async function render(pathname: string, html: string, init: { status?: number; contentType?: string; prerendered?: boolean } = {}): Promise<string> {
  const context = { url: new URL(pathname, 'https://plainsec.dev'), isPrerendered: init.prerendered ?? true } as unknown as Context;
  const next = (async () =>
    new Response(html, { status: init.status ?? 200, headers: { 'content-type': init.contentType ?? 'text/html' } })) as unknown as Next;
  const response = (await onRequest(context, next)) as Response;
  return response.text();
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'plainsec-finish-pages-'));
  made.push(dir);
  return dir;
}

function integrationHooks() {
  const logged: string[] = [];
  const logger = { info: (message: string) => logged.push(message), warn: () => {}, error: () => {}, debug: () => {}, fork: () => logger };
  const hooks = finishPages({ searchIndex: true }).hooks;
  return { hooks, logger, logged };
}

describe('pages finished as they render', () => {
  it('have the island style moved into <head>, and other pages are written as Astro rendered them', async () => {
    setFinishedPagesSlot(new FinishedPages(undefined));
    const quiz = await render('/quiz/', withIsland);
    expect(quiz).toContain('<title>Quiz</title><style>astro-island{display:contents}</style></head>');
    expect(quiz).not.toContain('</p><style>');
    expect(await render('/guides/g-1/', guide(1))).toBe(guide(1));
    expect(finishedPagesSlot()).toMatchObject({ pages: 2, hoisted: 1 });
  });

  it('pass through untouched outside a build, and so do files that are not HTML and pages Astro does not write', async () => {
    expect(await render('/quiz/', withIsland)).toBe(withIsland);
    setFinishedPagesSlot(new FinishedPages(undefined));
    expect(await render('/rules/samples.json', withIsland, { contentType: 'application/json' })).toBe(withIsland);
    expect(await render('/quiz/', withIsland, { status: 405 })).toBe(withIsland);
    expect(await render('/quiz/', withIsland, { prerendered: false })).toBe(withIsland);
    expect(finishedPagesSlot()?.pages).toBe(0);
    expect(await render('/404', withIsland, { status: 404 })).not.toBe(withIsland);
    expect(finishedPagesSlot()?.pages).toBe(1);
  });

  it('go to the search index in the order they started, whatever order they finish in', async () => {
    const added: string[] = [];
    setFinishedPagesSlot(
      new FinishedPages({ add: (sourcePath) => added.push(sourcePath), finish: async () => ({ pageCount: 0, writeMs: 0 }), abandon: async () => {} }),
    );
    let finishFirst: (response: Response) => void = () => {};
    const slow = new Promise<Response>((resolve) => (finishFirst = resolve));
    const context = (pathname: string) => ({ url: new URL(pathname, 'https://plainsec.dev'), isPrerendered: true }) as unknown as Context;
    const first = onRequest(context('/guides/g-1/'), (() => slow) as unknown as Next);
    const skipped = onRequest(context('/rules/samples.json'), (async () => new Response('{}', { headers: { 'content-type': 'application/json' } })) as unknown as Next);
    const third = onRequest(context('/guides/g-3/'), (async () => new Response(guide(3), { headers: { 'content-type': 'text/html' } })) as unknown as Next);
    await Promise.all([skipped, third]);
    expect(added).toEqual([]);
    finishFirst(new Response(guide(1), { headers: { 'content-type': 'text/html' } }));
    await first;
    expect(added).toEqual(['guides/g-1/index.html', 'guides/g-3/index.html']);
  });

  it('give the same search index as Pagefind reading the written pages in the order they rendered', async () => {
    const site = await tempDir();
    const { hooks, logger, logged } = integrationHooks();
    await (hooks['astro:build:start'] as () => Promise<void>)();
    const order = ['/', '/quiz/', ...Array.from({ length: 40 }, (_, n) => `/guides/g-${(n * 7) % 40}/`)];
    const written: { file: string; html: string }[] = [];
    for (const pathname of order) {
      const html = pathname === '/quiz/' ? withIsland : pathname === '/' ? guide(99) : guide(Number(/g-(\d+)/.exec(pathname)![1]));
      written.push({ file: builtPagePath(pathname), html: await render(pathname, html) });
    }
    for (const page of written) {
      await mkdir(path.dirname(path.join(site, page.file)), { recursive: true });
      await writeFile(path.join(site, page.file), page.html);
    }
    await (hooks['astro:build:done'] as (options: unknown) => Promise<void>)({ dir: pathToFileURL(`${site}/`), logger, pages: [], assets: new Map() });
    expect(logged.join(' ')).toMatch(/Finished 42 pages as they rendered: moved body <style> elements into <head> on 1/);
    expect(logged.join(' ')).toMatch(/Indexed 42 pages for search as they rendered, and wrote the index in \d+ ms/);
    const { index } = await pagefind.createIndex({});
    for (const page of written) await index!.addHTMLFile({ sourcePath: page.file, content: page.html });
    const fromFiles = await tempDir();
    await index!.writeFiles({ outputPath: fromFiles });
    await pagefind.close();
    expect(await folderContents(path.join(site, 'pagefind'))).toEqual(await folderContents(fromFiles));
  });

  it('fail the build when no page went through the finishing step', async () => {
    const { hooks, logger } = integrationHooks();
    const done = hooks['astro:build:done'] as (options: unknown) => Promise<void>;
    await expect(done({ dir: pathToFileURL(`${await tempDir()}/`), logger, pages: [], assets: new Map() })).rejects.toThrow(/No page went through the finishing step/);
  });

  it('fail the build when Astro wrote a page that did not go through the finishing step', async () => {
    const site = await tempDir();
    const { hooks, logger } = integrationHooks();
    await (hooks['astro:build:start'] as () => Promise<void>)();
    await writeFile(path.join(site, 'index.html'), await render('/', guide(1)));
    await writeFile(path.join(site, '404.html'), guide(2));
    const done = hooks['astro:build:done'] as (options: unknown) => Promise<void>;
    await expect(done({ dir: pathToFileURL(`${site}/`), logger, pages: [], assets: new Map() })).rejects.toThrow(
      /2 pages were written but 1 went through the finishing step/,
    );
  });

  it('are finished only in a build: the dev server is given no middleware', () => {
    const { hooks } = integrationHooks();
    const setup = hooks['astro:config:setup'] as (options: unknown) => void;
    const added: unknown[] = [];
    setup({ command: 'dev', addMiddleware: (entry: unknown) => added.push(entry) });
    expect(added).toEqual([]);
    setup({ command: 'build', addMiddleware: (entry: unknown) => added.push(entry) });
    expect(added).toEqual([{ entrypoint: expect.any(URL), order: 'post' }]);
  });
});

describe('builtPagePath', () => {
  it('names the file Astro writes for each page', () => {
    expect(builtPagePath('/')).toBe('index.html');
    expect(builtPagePath('/guides/start-somewhere/least-privilege/')).toBe('guides/start-somewhere/least-privilege/index.html');
    expect(builtPagePath('/404')).toBe('404.html');
    expect(builtPagePath('/404/')).toBe('404.html');
    expect(builtPagePath('/500')).toBe('500.html');
    expect(builtPagePath('/quiz')).toBe('quiz/index.html');
    expect(builtPagePath('/caf%C3%A9/')).toBe('café/index.html');
  });
});
