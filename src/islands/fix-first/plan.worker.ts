/**
 * The Worker that reads and plans reports off the page's main thread, so a 20 MB report never
 * freezes the page. It receives the files themselves (a File crosses to a Worker without a copy
 * of its text on the page), reads their text here, and posts each step as progress, then the plan
 * or the problems. All the work is src/lib/fix-first/plan-reports.ts.
 */
import { planReports, tooLarge, type PlannedReports, type ReportText } from '../../lib/fix-first/plan-reports.ts';

/** A report as the page sends it: a chosen or dropped file, or pasted text. */
export type Source = { name: string; file: Blob } | { name: string; text: string };

export interface PlanRequest {
  id: number;
  reports: Source[];
  kev?: Source;
}

export type WorkerMessage = { id: number; kind: 'progress'; step: string } | { id: number; kind: 'done'; result: PlannedReports };

async function textOf(source: Source): Promise<ReportText | string> {
  if ('text' in source) return { name: source.name, text: source.text };
  const large = tooLarge(source.name, source.file.size);
  if (large) return large;
  try {
    return { name: source.name, text: await source.file.text() };
  } catch {
    return `${source.name}: this browser could not read the file. Save it again and choose it once more.`;
  }
}

self.onmessage = async (event: MessageEvent<PlanRequest>) => {
  const { id, reports, kev } = event.data;
  const post = (message: WorkerMessage) => (self as unknown as Worker).postMessage(message);
  const progress = (step: string) => post({ id, kind: 'progress', step });
  progress(reports.length === 1 ? 'Opening the report…' : `Opening ${reports.length} reports…`);
  const texts = await Promise.all(reports.map(textOf));
  const kevText = kev ? await textOf(kev) : undefined;
  const problems = [...texts, ...(kevText ? [kevText] : [])].filter((t): t is string => typeof t === 'string');
  if (problems.length > 0) return post({ id, kind: 'done', result: { ok: false, problems } });
  post({ id, kind: 'done', result: planReports(texts as ReportText[], kevText as ReportText | undefined, progress) });
};
