/**
 * One pass over the built pages: each page read, rewritten and written once. Above a few dozen
 * pages the work is spread over a pool of worker threads, one per core, because parsing pages
 * is CPU-bound and the main thread would otherwise use one core of several.
 */
import { opendirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { GlossaryTerm } from '../lib/content/first-use.ts';
import { prepareGlossary } from '../lib/content/link-terms.ts';
import { addTimes, noTime, rewritePageFile, type PageOutcome, type PageWork, type StepTimes } from './built-page.ts';
import type { WorkerBatch, WorkerSetup } from './post-build-worker.ts';

/** Below this many pages, starting workers costs more than it saves. */
export const defaultPoolThreshold = 48;
/** Pages sent to a worker at a time: enough to keep messages few, small enough to share work evenly. */
const batchSize = 8;

/** Every `.html` file below a folder, sorted, or none when the folder does not exist. */
export async function htmlFilesUnder(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Every `.html` file below a folder in the order Pagefind's `addDirectory` finds them: depth
 * first, each folder's entries in the order the file system lists them (not sorted). Pagefind
 * numbers pages in that order, so pages handed to it in this order give the same index.
 */
export async function htmlFilesInWalkOrder(folder: string): Promise<string[]> {
  const files: string[] = [];
  // Synchronous reads: nothing else can start before the list is complete, and awaiting each of
  // thousands of entries costs ten times the walk itself.
  const walk = (current: string): void => {
    const dir = opendirSync(current);
    try {
      for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
        const full = path.join(current, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile() && entry.name.endsWith('.html')) files.push(full);
      }
    } finally {
      dir.closeSync();
    }
  };
  walk(folder);
  return files;
}

export interface PassOptions {
  pages: readonly { file: string; work: PageWork }[];
  /** The glossary, for pages whose work links terms. */
  glossary?: readonly GlossaryTerm[];
  /** Use worker threads when there are more pages than this. */
  poolThreshold?: number;
  /** How many workers; by default one per core the process may use. */
  workers?: number;
  /**
   * Called with each page's final HTML as the search index reads it (without the navigation search
   * ignores), in the order of `pages`, as soon as it and all before it are done.
   */
  onPage?: (index: number, html: string) => void;
}

export interface PassSummary {
  pages: number;
  changed: number;
  hoisted: number;
  linked: number;
  /** 0 when the pages were rewritten on the main thread. */
  workers: number;
  wallMs: number;
  /** Time per step, summed over pages and threads. */
  ms: StepTimes;
}

/** Rewrites every page, in a worker pool when there are many; rejects on the first failure. */
export async function rewritePages(options: PassOptions): Promise<PassSummary> {
  const started = performance.now();
  const { pages } = options;
  const threshold = options.poolThreshold ?? defaultPoolThreshold;
  const workers =
    pages.length > threshold && canRunTypeScript()
      ? Math.max(1, Math.min(options.workers ?? availableParallelism(), Math.ceil(pages.length / batchSize)))
      : 0;
  const outcomes = workers === 0 ? await onMainThread(options) : await inPool(options, workers);
  const summary: PassSummary = { pages: pages.length, changed: 0, hoisted: 0, linked: 0, workers, wallMs: 0, ms: noTime() };
  for (const outcome of outcomes) {
    if (outcome.changed) summary.changed += 1;
    if (outcome.hoisted) summary.hoisted += 1;
    if (outcome.linked) summary.linked += 1;
    addTimes(summary.ms, outcome.ms);
  }
  summary.wallMs = performance.now() - started;
  return summary;
}

/**
 * Workers run `post-build-worker.ts` as it is, which needs Node's own TypeScript support (on by
 * default from Node 22.18 and 23.6); on an older Node the pages are rewritten on the main thread.
 */
function canRunTypeScript(): boolean {
  return Boolean((process.features as { typescript?: string | false }).typescript);
}

async function onMainThread(options: PassOptions): Promise<PageOutcome[]> {
  const glossary = options.glossary === undefined ? undefined : prepareGlossary(options.glossary);
  const outcomes: PageOutcome[] = [];
  for (const [index, page] of options.pages.entries()) {
    const outcome = await rewritePageFile(page.file, page.work, glossary, options.onPage !== undefined);
    if (outcome.html !== undefined) options.onPage?.(index, outcome.html);
    outcomes.push({ ...outcome, html: undefined });
  }
  return outcomes;
}

function inPool(options: PassOptions, count: number): Promise<PageOutcome[]> {
  const setup: WorkerSetup = { glossary: options.glossary === undefined ? undefined : [...options.glossary], returnHtml: options.onPage !== undefined };
  const outcomes: PageOutcome[] = [];
  let next = 0;
  // Pages finish out of order across workers; hand them on in order.
  const finishedHtml = new Map<number, string>();
  let handedOn = 0;
  const handOn = () => {
    for (let html = finishedHtml.get(handedOn); html !== undefined; html = finishedHtml.get(handedOn)) {
      finishedHtml.delete(handedOn);
      options.onPage?.(handedOn, html);
      handedOn += 1;
    }
  };
  return new Promise((resolve, reject) => {
    const pool: Worker[] = [];
    /** Workers with a batch sent and not yet answered: one that exits now has lost pages. */
    const busy = new Set<Worker>();
    let finished = 0;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      for (const worker of pool) void worker.terminate();
      reject(error);
    };
    const feed = (worker: Worker) => {
      if (next >= options.pages.length) {
        void worker.terminate().then(() => {
          finished += 1;
          if (finished === count && !failed) resolve(outcomes);
        });
        return;
      }
      const batch: WorkerBatch = { first: next, pages: options.pages.slice(next, next + batchSize).map((page) => ({ ...page })) };
      next += batch.pages.length;
      busy.add(worker);
      worker.postMessage(batch);
    };
    for (let index = 0; index < count; index += 1) {
      const worker = new Worker(new URL('./post-build-worker.ts', import.meta.url), { workerData: setup });
      pool.push(worker);
      worker.on('message', (reply: { first?: number; outcomes?: PageOutcome[]; error?: string }) => {
        busy.delete(worker);
        if (reply.error !== undefined) return fail(new Error(`Rewriting built pages failed: ${reply.error}`));
        for (const [offset, outcome] of (reply.outcomes ?? []).entries()) {
          if (outcome.html !== undefined) finishedHtml.set((reply.first ?? 0) + offset, outcome.html);
          outcomes.push({ ...outcome, html: undefined });
        }
        handOn();
        feed(worker);
      });
      worker.on('error', (error) => fail(error));
      worker.on('exit', (code) => {
        if (busy.has(worker)) fail(new Error(`A page worker stopped (exit code ${code}) before finishing its pages`));
      });
      feed(worker);
    }
  });
}
