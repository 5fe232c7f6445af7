/**
 * Claims carry sources: a paragraph or list item that states a statistic must link to where it
 * comes from, in that same paragraph or item. A reader deciding what to fix first is moved by
 * "80 % of break-ins…"; if that number is made up or stale, the guide steers them wrong.
 *
 * What counts as a statistical claim (each rule is one regular expression below):
 * - a percentage: `80 %`, `80%`, `80 percent`;
 * - a ratio: `1 in 5`, `one in four`, `3 out of 10`;
 * - a multiple compared with something: `10 times more`, `three times as likely`, `10x faster`;
 * - a share of a population: `most <plural noun>`, `most of …`, `the (vast) majority`,
 *   `nearly all`, `almost all`.
 *
 * What is not (the exceptions, kept short on purpose):
 * - time and the reader's own routine: `most of the time/day/week`, `wait 90 days`, `step 3`,
 *   `run it three times` (a number with no comparison after `times` is a count, not a claim);
 * - superlatives and limits: `the most important`, `at most`, `most likely`, `most <adjective>`,
 *   and "most" with no noun after it ("what matters most");
 * - the scope of a piece of advice: `for most teams` ("two rules is plenty for most teams") says
 *   who the advice suits, not how many teams do something;
 * - percentages that are a setting the reader picks: a percentage right after `to`, `at`,
 *   `above`, `below`, `over`, `under` or before `full`/`CPU`/`of the budget` reads as a threshold
 *   ("alert at 80 % disk"), not as a fact about the world.
 * A link counts as a source only when it leaves the site (`http://` or `https://`): a link to
 * another guide is not evidence.
 */
import type { ProseBlock } from './blocks.ts';

export interface ClaimFinding {
  line: number;
  /** The sentence holding the claim. */
  sentence: string;
  /** What made it a claim, e.g. `percentage "80 %"`. */
  claim: string;
}

const small = '(?:one|two|three|four|five|six|seven|eight|nine|ten|\\d+(?:[.,]\\d+)?)';
const big = '(?:two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand|\\d+(?:[.,]\\d+)?)';

const percentage = /(?<!\w)(\d+(?:[.,]\d+)?)\s?(?:%|percent\b|per cent\b)/gi;
const ratio = new RegExp(`\\b${small}\\s+(?:in|out of)\\s+(?:every\\s+)?${big}\\b(?!\\s*(?:minutes|hours|days|weeks|months|years)\\b)`, 'gi');
const multiple = new RegExp(
  `\\b(?:${big}|\\d+)\\s*(?:times|x)\\s+(?:more|less|fewer|as|faster|slower|higher|lower|likelier|bigger|larger|smaller|cheaper|longer|shorter|greater|the)\\b`,
  'gi',
);
const share = /\b(?:the\s+(?:vast\s+)?majority|nearly\s+all|almost\s+all|most)\b/gi;

/** A percentage that reads as a setting the reader chooses (a threshold), not a fact. */
function isSetting(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 12), start).toLowerCase();
  const after = text.slice(end, end + 16).toLowerCase();
  return /\b(?:to|at|above|below|over|under|reaches|hits)\s+$/.test(before) || /^\s*(?:full|cpu|disk|memory|of the budget)\b/.test(after);
}

/** Words after "most" that make it a superlative or a hedge, not a share of a population. */
const superlative = /^(?:important|common|likely|useful|urgent|serious|dangerous|sensitive|powerful|expensive|popular|effective|valuable|critical|basic|obvious|frequent|recent|secure|risky|private|senior|trusted|widely|often|people's)$/;
const notPopulation = /^(?:time|times|day|days|week|weeks|month|months|year|years|nights|mornings|work|it|this|that)$/;

/** True when this "most"/"majority"/"nearly all" speaks of a share of a population. */
function isShare(text: string, start: number, end: number, word: string): boolean {
  const before = text.slice(Math.max(0, start - 12), start).toLowerCase();
  // Only the words up to the end of the clause: "matters most. Then…" has nothing after "most".
  const next = (text.slice(end).toLowerCase().split(/[.!?:;]/)[0] ?? '').match(/[a-z'-]+/g)?.slice(0, 4) ?? [];
  if (next[0] === 'of' && (next[1] === 'the' || next[1] === 'your' || next[1] === 'our') && notPopulation.test(next[2] ?? '')) return false;
  if (next[0] === 'of' && notPopulation.test(next[1] ?? '')) return false;
  if (!/^most$/i.test(word)) return true;
  if (/\b(?:the|at|a|for|the very|your|their|its|our)\s+$/.test(before)) return false;
  if (notPopulation.test(next[0] ?? '')) return false;
  if (next[0] === undefined || superlative.test(next[0]) || /(?:ly|est)$/.test(next[0])) return false;
  if (next[0] === 'of') return true;
  // A plural noun within the next two words: "most teams", "most cloud break-ins".
  return next.slice(0, 2).some((w) => /^(?:people|software|malware|code|damage)$/.test(w) || (/[^s']s$/.test(w) && !/(?:ous|ss|is|us)$/.test(w) && w.length > 3));
}

/** The sentence of `text` around a position. */
function sentenceAt(text: string, position: number): string {
  const starts = [...text.matchAll(/(?<=[.!?])\s+(?=[A-Z0-9"*[(`])/g)].map((m) => m.index! + m[0].length);
  const start = [0, ...starts].filter((s) => s <= position).pop() ?? 0;
  const end = starts.find((s) => s > position) ?? text.length;
  return text.slice(start, end).trim();
}

/** Text of a block with link targets and inline code removed, so URLs and commands do not count as claims. */
function readable(text: string): string {
  return text.replace(/\]\([^)]*\)/g, ']').replace(/`[^`]*`/g, (m) => ' '.repeat(m.length)).replace(/<[^>]+>/g, (m) => ' '.repeat(m.length));
}

/** True when the block links to a page outside the site. */
export function hasSource(text: string): boolean {
  return /\]\(\s*https?:\/\/[^)\s]+[^)]*\)/.test(text) || /<https?:\/\/[^>\s]+>/.test(text) || /href=["']https?:\/\//.test(text);
}

/** The statistical claims in a piece of text: what each is and where it starts. */
export function claimsIn(rawText: string): { claim: string; index: number }[] {
  const text = readable(rawText);
  const found: { claim: string; index: number }[] = [];
  for (const m of text.matchAll(percentage)) if (!isSetting(text, m.index!, m.index! + m[0].length)) found.push({ claim: `percentage "${m[0]}"`, index: m.index! });
  for (const m of text.matchAll(ratio)) found.push({ claim: `ratio "${m[0]}"`, index: m.index! });
  for (const m of text.matchAll(multiple)) found.push({ claim: `multiple "${m[0]}"`, index: m.index! });
  for (const m of text.matchAll(share)) if (isShare(text, m.index!, m.index! + m[0].length, m[0])) found.push({ claim: `share "${m[0]}"`, index: m.index! });
  return found.sort((a, b) => a.index - b.index);
}

/** Every claim in prose blocks that have no outside link, one finding per sentence. */
export function findUnsourcedClaims(blocks: ProseBlock[]): ClaimFinding[] {
  return blocks.flatMap((block) => {
    if (hasSource(block.text)) return [];
    const text = readable(block.text);
    const bySentence = new Map<string, string[]>();
    for (const { claim, index } of claimsIn(block.text)) {
      const sentence = sentenceAt(text, index).replace(/\s+/g, ' ');
      bySentence.set(sentence, [...(bySentence.get(sentence) ?? []), claim]);
    }
    return [...bySentence].map(([sentence, claims]) => ({ line: block.line, sentence, claim: claims.join(', ') }));
  });
}
