/**
 * Readability measures for guide prose: sentence and word splitting tuned for technical writing,
 * the Flesch–Kincaid grade, and long-sentence findings.
 *
 * Input is plain text. Blocks (paragraphs, list items, headings, table cells) should be separated
 * by line breaks; a block without final punctuation, such as a list item, still counts as a sentence.
 */
import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';
import { excerptOf, type Finding, type Severity } from './findings.ts';

/**
 * Abbreviations whose full stop does not end a sentence. Lower case, without the final dot.
 * Kept short on purpose: these are the ones that appear in plain technical English.
 */
const neverEndingAbbreviations = new Set([
  'e.g', 'eg', 'i.e', 'ie', 'vs', 'cf', 'approx', 'incl', 'fig', 'mr', 'mrs', 'dr', 'jr', 'sr', 'dept', 'a.k.a',
]);

/**
 * Abbreviations that often end a sentence too: they end one only when a capital letter follows.
 * Short words such as "no" and "max" are left out on purpose: "No." and "set it to max." end sentences.
 */
const sometimesEndingAbbreviations = new Set(['etc', 'ms', 'a.m', 'p.m', 'inc', 'ltd', 'co', 'corp', 'u.s', 'u.k', 'e.u']);

/** A list marker at the start of a line: `-`, `*`, `+`, `•` or `1.` / `1)`. */
const listMarker = /^\s*(?:[-*+•]|\d{1,3}[.)])\s+/;

/** A word: letters and digits, joined by an apostrophe, dot or hyphen inside ("don't", "1.5", "e.g", "two-person"). */
const wordPattern = /[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*/gu;

/**
 * Removes what is not prose: inline code in backticks, URLs, email addresses and file paths.
 * These would otherwise count as long, many-syllable "words" or break sentences at their dots.
 */
export function stripNonProse(text: string): string {
  return text
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"')\]]+/gi, ' ')
    .replace(/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, ' ')
    .replace(/(?<=^|\s)~?\/[\w.\-/]*[\w/]/g, ' ');
}

/** Splits text into blocks: blank lines always separate; single line breaks separate unless a sentence clearly continues. */
function blocks(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    let current = '';
    for (const rawLine of paragraph.split('\n')) {
      const startsListItem = listMarker.test(rawLine);
      const line = rawLine.replace(listMarker, '').trim();
      if (line === '') continue;
      // A hard-wrapped line continues the sentence when the previous line ends mid-sentence
      // (a letter, digit or comma) and this line is not a new list item.
      const continues = current !== '' && !startsListItem && /[\p{L}\p{N},]$/u.test(current) && /^[\p{Ll}\p{N}(]/u.test(line);
      if (continues) current = `${current} ${line}`;
      else {
        if (current !== '') out.push(current);
        current = line;
      }
    }
    if (current !== '') out.push(current);
  }
  return out;
}

/** Whether the full stop at the end of `before` belongs to an abbreviation rather than ending the sentence. */
function isAbbreviationStop(before: string, after: string): boolean {
  const token = /([\p{L}.]+)$/u.exec(before)?.[1]?.toLowerCase() ?? '';
  if (token === '') return false;
  if (neverEndingAbbreviations.has(token)) return true;
  if (sometimesEndingAbbreviations.has(token)) return !/^\s*["'“‘(]?\p{Lu}/u.test(after);
  // Single-letter initials ("J. Smith") are rare in guides and "plan B." is common, so a lone
  // capital letter followed by a stop ends the sentence.
  return false;
}

/** Splits one block into sentences at `.`, `!`, `?` or `…` followed by a space, skipping abbreviations. */
function splitBlock(block: string): string[] {
  const out: string[] = [];
  const boundary = /[.!?…]+["'”’)\]]*(?=\s|$)/gu;
  let start = 0;
  for (const match of block.matchAll(boundary)) {
    const end = match.index + match[0].length;
    const before = block.slice(start, match.index);
    const after = block.slice(end);
    if (match[0].startsWith('.') && match[0].length === 1 && isAbbreviationStop(before, after)) continue;
    const sentence = block.slice(start, end).trim();
    if (sentence !== '') out.push(sentence);
    start = end;
  }
  const rest = block.slice(start).trim();
  if (rest !== '') out.push(rest);
  // A "sentence" with no words at all (a lone symbol or number list marker) is not a sentence.
  return out.filter((sentence) => words(sentence).length > 0);
}

/** The sentences of a text, after removing inline code, URLs and paths. List items and headings count as sentences. */
export function sentences(text: string): string[] {
  return blocks(stripNonProse(text)).flatMap(splitBlock);
}

/** The words of a text (numbers and hyphenated words count as one word each). */
export function words(text: string): string[] {
  return text.match(wordPattern) ?? [];
}

/** Syllables in one word; every word, including numbers and acronyms, has at least one. */
function syllablesIn(word: string): number {
  return Math.max(1, syllable(word));
}

/** Counts behind a readability grade. */
export interface ReadabilityStats {
  grade: number;
  sentences: number;
  words: number;
  syllables: number;
}

/** Sentence, word and syllable counts of a text, and its Flesch–Kincaid grade (0 for text with no words). */
export function readabilityStats(text: string): ReadabilityStats {
  const all = sentences(text);
  const allWords = all.flatMap(words);
  const syllables = allWords.reduce((sum, word) => sum + syllablesIn(word), 0);
  const grade =
    allWords.length === 0 ? 0 : fleschKincaid({ sentence: all.length, word: allWords.length, syllable: syllables });
  return { grade, sentences: all.length, words: allWords.length, syllables };
}

/** The Flesch–Kincaid grade level of a text: roughly the school year a reader needs. 0 for empty text. */
export function fleschKincaidGrade(text: string): number {
  return readabilityStats(text).grade;
}

/** Word-count limits for one sentence. */
export interface SentenceLimits {
  /** More words than this is a warning. */
  warn: number;
  /** More words than this is an error. */
  error: number;
}

/** A sentence that is too long, with its word count. */
export interface LongSentenceFinding extends Finding {
  rule: 'long-sentence';
  words: number;
}

/** Sentences longer than the limits (by default over 25 words warns, over 30 words is an error). */
export function longSentences(
  text: string,
  limits: SentenceLimits = { warn: 25, error: 30 },
): LongSentenceFinding[] {
  const found: LongSentenceFinding[] = [];
  for (const sentence of sentences(text)) {
    const count = words(sentence).length;
    if (count <= limits.warn) continue;
    const severity: Severity = count > limits.error ? 'error' : 'warning';
    found.push({
      rule: 'long-sentence',
      severity,
      words: count,
      message: `This sentence has ${count} words (keep it to ${limits.warn} or fewer). Split it into two or three short sentences.`,
      excerpt: excerptOf(sentence),
    });
  }
  return found;
}
