/**
 * The checks a saved result file passes before it replaces one person's answers on the
 * self-assessment page, with the reason in plain words when it does not. The results page and the
 * start screen load files through the same checks, so they refuse the same files the same way.
 */
import type { ResultFile } from './model.ts';
import { maxResultBytes, megabytes, parseResultText } from './result-file.ts';

export type OnePerson = { ok: true; file: ResultFile } | { ok: false; error: string };

/** Why a file of this size is not read at all, or undefined when it may be read. */
export function tooLargeToLoad(name: string, bytes: number): string | undefined {
  if (bytes <= maxResultBytes) return undefined;
  return `"${name}" is ${megabytes(bytes)} MB; a result file is at most 1 MB. Nothing was changed. Check that you picked a Plainsec result file.`;
}

/** The file's result when it holds exactly one person's answers; otherwise why not. */
export function onePersonResult(name: string, text: string, bytes?: number): OnePerson {
  const parsed = parseResultText(text, bytes);
  if (!parsed.ok) return { ok: false, error: `"${name}": ${parsed.error} Nothing was changed.` };
  if (parsed.file.respondents.length !== 1) {
    return {
      ok: false,
      error: `"${name}" holds the answers of ${parsed.file.respondents.length} people; this page keeps one person's answers. Nothing was changed.`,
    };
  }
  return { ok: true, file: parsed.file };
}
