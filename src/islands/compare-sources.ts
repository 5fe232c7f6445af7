/**
 * Where the compare page's two sides come from: a picked file, or this browser's answers or team,
 * read and never written. One module the page loads on first use, so the file reader and the
 * stored-shape readers arrive together, in one request.
 */
import type { ResultFile } from '../lib/assessment/model.ts';
import { megabytes, parseResultText } from '../lib/assessment/result-file.ts';
import { decodeOwnAnswers, decodeTeam } from '../lib/assessment/stored.ts';

/** What one side holds: the result and where it came from, in words. */
export interface Chosen {
  /** Where it came from, as the user reads it: "ana.json", "your answers in this browser". */
  source: string;
  file: ResultFile;
}

/** The same limit the team page's file reader uses (maxResultBytes), kept here so the check needs no code loaded. */
const maxBytes = 1_000_000;

/** Reads a picked file with the team page's checks; the answer is the file or why not, in words. */
export async function readPicked(picked: File): Promise<Chosen | string> {
  if (picked.size > maxBytes) return `"${picked.name}" is ${megabytes(picked.size)} MB; a result file is at most 1 MB. Check that you picked a Plainsec result file.`;
  const parsed = parseResultText(await picked.text(), picked.size);
  if (!parsed.ok) return `"${picked.name}": ${parsed.error}`;
  if (parsed.file.respondents.length === 0) return `"${picked.name}" holds nobody's answers, so there is nothing to compare.`;
  return { source: picked.name, file: parsed.file };
}

/** `stored` is the text kept under the self-assessment's key, read by the page (never written). */
export async function readMine(stored: string | null | undefined): Promise<Chosen | string> {
  const { state, problem } = decodeOwnAnswers(stored ?? null);
  if (problem) return problem;
  if (!state || Object.keys(state.file.respondents[0]?.answers ?? {}).length === 0) {
    return 'This browser holds no answers of yours yet. Answer the self-assessment first, or pick a saved file.';
  }
  return { source: 'your answers in this browser', file: state.file };
}

/** `stored` is the text kept under the team view's key, read by the page (never written). */
export async function readTeam(stored: string | null | undefined): Promise<Chosen | string> {
  const { state, problem } = decodeTeam(stored ?? null);
  if (problem) return problem;
  if (!state || state.file.respondents.length === 0) return 'This browser holds no team yet. Put the team together on the team page first, or pick a saved file.';
  return { source: 'the team in this browser', file: state.file };
}

