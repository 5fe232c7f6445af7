/**
 * Plain-words checks over prose: words and phrases to avoid, acronyms nobody explained,
 * and link texts that do not say where the link goes.
 */
import { excerptAround as around, type Finding } from './findings.ts';
import { asMatcher, findTermOccurrences, type GlossaryTerm, type TermMatcher } from './first-use.ts';

/** A word or phrase to avoid, how to spot its forms, and what to write instead. */
export interface WordToAvoid {
  /** The word as people know it, e.g. "utilize". */
  word: string;
  /** Matches the word and its usual forms as a whole word, case-insensitively. */
  pattern: RegExp;
  /** The plain alternative, said as advice. */
  insteadSay: string;
}

/** Builds a whole-word, case-insensitive pattern; spaces and hyphens in `body` may be written as either. */
function wholeWords(body: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${body})(?![\\p{L}\\p{N}_])`, 'giu');
}

/** The words and phrases guides must not use, with the plain words to use instead. */
export const wordsToAvoid: readonly WordToAvoid[] = [
  { word: 'leverage', pattern: wholeWords('leverag(?:e|es|ed|ing)'), insteadSay: 'use' },
  { word: 'utilize', pattern: wholeWords('utili[sz](?:e|es|ed|ing|ation)'), insteadSay: 'use' },
  { word: 'remediate', pattern: wholeWords('remediat(?:e|es|ed|ing|ion|ions)'), insteadSay: 'fix' },
  { word: 'robust', pattern: wholeWords('robust(?:ly|ness)?'), insteadSay: 'strong, reliable, or say what it survives' },
  { word: 'synergy', pattern: wholeWords('synerg(?:y|ies|istic)'), insteadSay: 'working together' },
  { word: 'holistic', pattern: wholeWords('holistic(?:ally)?'), insteadSay: 'whole or complete' },
  { word: 'paradigm', pattern: wholeWords('paradigms?'), insteadSay: 'approach or way of working' },
  { word: 'best-of-breed', pattern: wholeWords('best[- ]of[- ]breed'), insteadSay: 'good, or name what makes it good' },
  { word: 'cutting-edge', pattern: wholeWords('cutting[- ]edge'), insteadSay: 'new, or leave it out' },
  { word: 'seamless', pattern: wholeWords('seamless(?:ly)?'), insteadSay: 'smooth or easy' },
  { word: 'mitigate', pattern: wholeWords('mitigat(?:e|es|ed|ing|ion|ions)'), insteadSay: 'reduce or fix' },
  { word: 'facilitate', pattern: wholeWords('facilitat(?:e|es|ed|ing|ion)'), insteadSay: 'help or make easier' },
  { word: 'in order to', pattern: wholeWords('in\\s+order\\s+to'), insteadSay: 'to' },
  { word: 'actionable', pattern: wholeWords('actionable'), insteadSay: 'useful, or something you can act on' },
  { word: 'attack surface', pattern: wholeWords('attack[- \\s]+surfaces?'), insteadSay: 'the ways in' },
  { word: 'threat actor', pattern: wholeWords('threat[- \\s]+actors?'), insteadSay: 'attacker' },
  { word: 'posture', pattern: wholeWords('postures?'), insteadSay: 'how well protected you are' },
  { word: 'exfiltrate', pattern: wholeWords('exfiltrat(?:e|es|ed|ing|ion)'), insteadSay: 'copy out or steal' },
  { word: 'lateral movement', pattern: wholeWords('lateral[- \\s]+movement'), insteadSay: 'moving from one system to the next' },
  { word: 'weaponize', pattern: wholeWords('weaponi[sz](?:e|es|ed|ing|ation)'), insteadSay: 'use as an attack' },
  {
    word: 'vulnerability',
    pattern: wholeWords('vulnerabilit(?:y|ies)'),
    insteadSay: '"known hole" or "weakness"',
  },
];

/**
 * Acronyms everyone on a small engineering team meets outside security: in file names, on
 * invoices, in the news and in every tool's settings. Security and cloud acronyms are NOT here:
 * they must be glossary terms so that their first use links to a plain explanation.
 */
export const everydayAcronyms: ReadonlySet<string> = new Set([
  // Time, places, and units people read on any bill or clock.
  'AM', 'PM', 'UTC', 'GMT', 'UK', 'US', 'USA', 'EU', 'TV', 'KB', 'MB', 'GB', 'TB',
  // Everyday words and file types.
  'OK', 'ID', 'PDF', 'CSV', 'FAQ', 'PIN', 'USB', 'PC', 'IT', 'HR', 'CEO', 'CTO', 'ASAP', 'TODO',
  // What every web engineer reads daily, with nothing security-specific to explain.
  'URL', 'HTML', 'CSS', 'JSON', 'YAML', 'HTTP', 'HTTPS', 'CPU', 'RAM', 'OS', 'UI', 'CLI', 'README',
]);

/** A run of two or more capitals, possibly with digits ("MFA", "EC2", "SOC"), optionally plural. */
const acronymPattern = /(?<![\p{L}\p{N}_])(?=[\p{Lu}\d]*\p{Lu}[\p{Lu}\d]*\p{Lu})[\p{Lu}\d]{2,}(?:s|’s|'s)?(?![\p{L}\p{N}_])/gu;

/**
 * Words and phrases to avoid, as findings. A word that is itself a glossary term (such as
 * "vulnerability") is only a warning, because its first use links to a plain explanation.
 */
export function findWordsToAvoid(text: string, glossary: readonly GlossaryTerm[] | TermMatcher = []): Finding[] {
  const matcher = asMatcher(glossary);
  const explained = findTermOccurrences(text, matcher);
  const findings: Finding[] = [];
  for (const avoid of wordsToAvoid) {
    avoid.pattern.lastIndex = 0;
    for (const match of text.matchAll(avoid.pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      const inGlossary = explained.some((term) => term.start <= start && term.end >= end);
      findings.push({
        rule: 'word-to-avoid',
        severity: inGlossary ? 'warning' : 'error',
        message: inGlossary
          ? `"${match[0]}" is explained in the glossary, but plainer is better: try ${avoid.insteadSay}.`
          : `Avoid "${match[0]}": write ${avoid.insteadSay} instead.`,
        excerpt: around(text, start, end),
      });
    }
  }
  return findings;
}

/** NIST CSF subcategory and category ids: two letters, a dot, two letters, then -01 or nothing. */
const frameworkIdPattern = /(?<![\p{L}\p{N}])\p{Lu}{2}\.\p{Lu}{2}(?:-\d{2})?(?![\p{L}\p{N}])/gu;

function insideFrameworkId(text: string, start: number, end: number): boolean {
  const from = Math.max(0, start - 3);
  for (const m of text.slice(from, end + 6).matchAll(frameworkIdPattern)) if (from + m.index <= start && from + m.index + m[0].length >= end) return true;
  return false;
}

/**
 * Acronyms that are neither a glossary term or alias nor an everyday abbreviation. Each is an
 * error: the reader has nobody to ask what it means.
 */
export function findUnexplainedAcronyms(text: string, glossary: readonly GlossaryTerm[] | TermMatcher = []): Finding[] {
  const matcher = asMatcher(glossary);
  const explained = findTermOccurrences(text, matcher);
  const findings: Finding[] = [];
  const reported = new Set<string>();
  acronymPattern.lastIndex = 0;
  for (const match of text.matchAll(acronymPattern)) {
    const start = match.index;
    const end = start + match[0].length;
    const bare = match[0].replace(/(?:s|’s|'s)$/u, '');
    if (everydayAcronyms.has(bare) || everydayAcronyms.has(match[0])) continue;
    if (explained.some((term) => term.start <= start && term.end >= end)) continue;
    if (matcher.slugBySpelling.has(bare)) continue;
    // A framework's id, like NIST CSF's DE.CM-01, is a code to look up, not an acronym to explain.
    if (insideFrameworkId(text, start, end)) continue;
    // One finding per acronym per text is enough to act on; repeating it adds noise.
    if (reported.has(bare)) continue;
    reported.add(bare);
    findings.push({
      rule: 'unexplained-acronym',
      severity: 'error',
      message: `"${bare}" is not in the glossary. Spell it out in plain words, or add it to content/glossary as a term or alias. If it is emphasis, write it in normal case.`,
      excerpt: around(text, start, end),
    });
  }
  return findings;
}

/** Link texts that do not say where the link goes (compared after trimming, lower-cased, without end punctuation). */
export const badLinkTexts: ReadonlySet<string> = new Set([
  'click here', 'here', 'read more', 'this link', 'link', 'more', 'click', 'this', 'go', 'this page', 'more info', 'learn more',
]);

/** A finding when a link's text says nothing about where it goes, or undefined when the text is fine. */
export function checkLinkText(linkText: string): Finding | undefined {
  const normalised = linkText.replace(/\s+/g, ' ').trim().toLowerCase().replace(/[.!?:;,…»›→]+$/u, '').trim();
  if (normalised === '') {
    return {
      rule: 'bad-link-text',
      severity: 'error',
      message: 'A link has no text. Give it words that say where it goes, such as the page title.',
      excerpt: '(empty link)',
    };
  }
  if (!badLinkTexts.has(normalised)) return undefined;
  return {
    rule: 'bad-link-text',
    severity: 'error',
    message: `The link text "${linkText.trim()}" does not say where it goes. Use the name of the page instead, e.g. "how to turn on nightly updates".`,
    excerpt: linkText.trim(),
  };
}

/** All plain-words findings for a piece of prose: words to avoid and unexplained acronyms. */
export function plainWordsFindings(text: string, glossary: readonly GlossaryTerm[] | TermMatcher = []): Finding[] {
  const matcher = asMatcher(glossary);
  return [...findWordsToAvoid(text, matcher), ...findUnexplainedAcronyms(text, matcher)];
}
