/**
 * The Worker that reads and plans reports off the page's main thread, so a 20 MB report never
 * freezes the page. It receives the files themselves (a File crosses to a Worker without a copy
 * of its text on the page), reads their text here, and posts each step as progress. The whole
 * plan stays here: the page gets only what it shows (each step's key, bucket, line and why), and
 * asks for the exports, which are written here from the whole plan. Handing tens of thousands of
 * findings to the page would cost it a long pause. All the work is in src/lib/fix-first.
 */
import { planReports, tooLarge, type PlannedReports, type ReportText } from '../../lib/fix-first/plan-reports.ts';
import { fixFirstChat, fixFirstCsv, fixFirstMarkdown } from '../../lib/fix-first/exports.ts';
import { upgradeKey, type Bucket, type Plan } from '../../lib/fix-first/model.ts';

/** A report as the page sends it: a chosen or dropped file, or pasted text. */
export type Source = { name: string; file: Blob } | { name: string; text: string };

export type ExportFormat = 'markdown' | 'csv' | 'chat';

export type WorkerRequest = { id: number; kind: 'plan'; reports: Source[]; kev?: Source } | { id: number; kind: 'export'; format: ExportFormat; done: string[]; day: string };

/** One step as the page shows it. */
export interface StepView {
  key: string;
  bucket: Bucket;
  line: string;
  why: string;
}

/** The plan as the page shows it. */
export type PlanView = Omit<Extract<PlannedReports, { ok: true }>, 'plan'> & { steps: StepView[]; counts: Plan['counts'] };
export type PlanResult = { ok: true; view: PlanView } | { ok: false; problems: string[] };

export type WorkerMessage = { id: number; kind: 'progress'; step: string } | { id: number; kind: 'planned'; result: PlanResult } | { id: number; kind: 'exported'; text: string };

/** The last plan made, for the exports, and the request the page waits for (an older one finishing later is not kept). */
let last: Extract<PlannedReports, { ok: true }> | undefined;
let latest = 0;

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

const post = (message: WorkerMessage) => (self as unknown as Worker).postMessage(message);

async function plan(id: number, reports: Source[], kev: Source | undefined): Promise<PlanResult> {
  latest = id;
  const progress = (step: string) => post({ id, kind: 'progress', step });
  progress(reports.length === 1 ? 'Opening the report…' : `Opening ${reports.length} reports…`);
  const texts = await Promise.all(reports.map(textOf));
  const kevText = kev ? await textOf(kev) : undefined;
  const problems = [...texts, ...(kevText ? [kevText] : [])].filter((t): t is string => typeof t === 'string');
  if (problems.length > 0) return { ok: false, problems };
  const result = planReports(texts as ReportText[], kevText as ReportText | undefined, progress);
  if (!result.ok) return result;
  if (id === latest) last = result;
  const { plan: whole, ...rest } = result;
  return { ok: true, view: { ...rest, counts: whole.counts, steps: whole.upgrades.map((u) => ({ key: upgradeKey(u), bucket: u.bucket, line: u.line, why: u.why })) } };
}

function exported(format: ExportFormat, done: string[], day: string): string {
  if (!last) return '';
  const input = { plan: last.plan, done: new Set(done), sources: last.reports.map((r) => `${r.name} (${r.formatWords})`), kevUsed: last.kev !== undefined, day };
  return format === 'markdown' ? fixFirstMarkdown(input) : format === 'csv' ? fixFirstCsv(input) : fixFirstChat(input);
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.kind === 'plan') post({ id: request.id, kind: 'planned', result: await plan(request.id, request.reports, request.kev) });
  else post({ id: request.id, kind: 'exported', text: exported(request.format, request.done, request.day) });
};
