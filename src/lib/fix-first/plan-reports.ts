/**
 * The page's whole job on a set of reports, as one pure function: read each report's text (and
 * CISA's KEV file, when given), name every problem in plain words, and plan the upgrades. The
 * page runs it in a Worker so a 20 MB report never freezes the page; the progress callback says
 * which step it is on. Nothing here touches the DOM, so the unit tests run it in Node.
 */
import { parseJsonText } from '../rules/event-input.ts';
import { readReport } from './detect.ts';
import { readKev } from './kev.ts';
import { formats, type FormatId, type Finding, type Plan } from './model.ts';
import { planFixes } from './plan.ts';

/** The largest report read: a scan of a big image is tens of MB; anything near this is a wrong pick. */
export const maxReportBytes = 200 * 1024 * 1024;

export interface ReportText {
  name: string;
  text: string;
}

/** One report as the page lists it under "Read". */
export interface ReportSummary {
  name: string;
  format: FormatId;
  formatWords: string;
  findings: number;
}

export type PlannedReports =
  | { ok: true; plan: Plan; reports: ReportSummary[]; kev?: { name: string; holes: number } }
  | { ok: false; problems: string[] };

/** The size in words, for progress and errors: "20.1 MB", "312 KB". */
export function sizeWords(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** A file too large to read, said before reading it. */
export function tooLarge(name: string, bytes: number): string | undefined {
  if (bytes <= maxReportBytes) return undefined;
  return `${name}: it is ${sizeWords(bytes)}, larger than the 200 MB Plainsec reads. Check that this is the report, not an image or a log.`;
}

function parsed(file: ReportText): { ok: true; value: unknown } | { ok: false; error: string } {
  if (file.text.trim() === '') return { ok: false, error: `${file.name}: this file is empty. Save the scanner's report as JSON and try again.` };
  const json = parseJsonText(file.text);
  if (json.ok) return json;
  return { ok: false, error: `${file.name}: this is not valid JSON at ${json.error}. It may be cut short, or saved as a table instead of JSON.` };
}

/**
 * Reads the reports and the KEV file and plans them together. Every problem is named, not just the
 * first; when there is any, nothing is planned, so the page keeps what it showed before.
 */
export function planReports(reports: readonly ReportText[], kev: ReportText | undefined, progress: (step: string) => void = () => {}): PlannedReports {
  const problems: string[] = [];
  let kevIds = new Set<string>();
  let kevSummary: { name: string; holes: number } | undefined;
  if (kev) {
    progress(`Reading the KEV file ${kev.name}…`);
    const json = parsed(kev);
    if (!json.ok) problems.push(json.error);
    else {
      const read = readKev(json.value);
      if (read.ok) {
        kevIds = read.ids;
        kevSummary = { name: kev.name, holes: read.ids.size };
      } else problems.push(`${kev.name}: ${read.error}`);
    }
  }
  const findings: Finding[] = [];
  const summaries: ReportSummary[] = [];
  reports.forEach((file, i) => {
    progress(`Reading report ${i + 1} of ${reports.length}: ${file.name} (${sizeWords(file.text.length)})…`);
    const json = parsed(file);
    if (!json.ok) return void problems.push(json.error);
    const read = readReport(json.value);
    if (!read.ok) return void problems.push(`${file.name}: ${read.kevFile ? read.error.replace(/give it as the KEV file instead\.$/, 'choose it in the box for the KEV file instead.') : read.error}`);
    findings.push(...read.findings);
    summaries.push({ name: file.name, format: read.format, formatWords: formats[read.format], findings: read.findings.length });
  });
  if (problems.length > 0) return { ok: false, problems };
  progress(`Grouping ${findings.length.toLocaleString('en')} findings into upgrades…`);
  return { ok: true, plan: planFixes(findings, kevIds), reports: summaries, ...(kevSummary ? { kev: kevSummary } : {}) };
}
