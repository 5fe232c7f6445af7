/** How bad a content finding is: errors fail the quality check, warnings are printed. */
export type Severity = 'error' | 'warning';

/** One problem found in a page's prose, with a plain message saying what to write instead. */
export interface Finding {
  /** A short stable id for the check that found it, e.g. `long-sentence` or `word-to-avoid`. */
  rule: string;
  severity: Severity;
  /** What is wrong and what to write instead, in plain words. */
  message: string;
  /** The text that triggered the finding, shortened if long. */
  excerpt: string;
}

/** Shortens text to at most `max` characters for an excerpt, marking the cut with an ellipsis. */
export function excerptOf(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** The words around a span of text (about 40 characters each side, cut at spaces), for an excerpt. */
export function excerptAround(text: string, start: number, end: number): string {
  const from = Math.max(0, text.lastIndexOf(' ', Math.max(0, start - 40)) + 1);
  const to = text.indexOf(' ', Math.min(text.length, end + 40));
  return excerptOf(text.slice(from, to === -1 ? text.length : to));
}
