/**
 * A worker of the post-build pool: prepares the glossary once, then rewrites the pages it is
 * sent, a batch at a time, and answers with what it did. Runs as plain Node (type stripping),
 * so it imports only modules without TypeScript-only syntax.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { GlossaryTerm } from '../lib/content/first-use.ts';
import { prepareGlossary } from '../lib/content/link-terms.ts';
import { rewritePageFile, type PageOutcome, type PageWork } from './built-page.ts';

/** What the pool sends each worker when it starts. */
export interface WorkerSetup {
  glossary: GlossaryTerm[] | undefined;
  /** Send each page's final HTML back, for the search index. */
  returnHtml: boolean;
}

/** One batch of pages to rewrite. */
export interface WorkerBatch {
  /** The position of the batch's first page in the whole list. */
  first: number;
  pages: { file: string; work: PageWork }[];
}

const setup = workerData as WorkerSetup;
const glossary = setup.glossary === undefined ? undefined : prepareGlossary(setup.glossary);

parentPort?.on('message', async (batch: WorkerBatch) => {
  try {
    const outcomes: PageOutcome[] = [];
    for (const page of batch.pages) outcomes.push(await rewritePageFile(page.file, page.work, glossary, setup.returnHtml));
    parentPort?.postMessage({ first: batch.first, outcomes });
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
