/**
 * The content check for one built guide page: readability, sentence length, plain words,
 * acronyms, glossary links on first use, link texts and review date. Pure: HTML string in,
 * findings and figures out.
 */
import { excerptAround, type Finding } from './findings.ts';
import { compileGlossary, findTermOccurrences, type GlossaryTerm } from './first-use.ts';
import { checkLinkText, findUnexplainedAcronyms, findWordsToAvoid } from './plain-words.ts';
import { glossarySlugOf, linkableEvents, parseHtml, proseRoots, proseText } from './prose-html.ts';
import { longSentences, readabilityStats, type ReadabilityStats, type SentenceLimits } from './readability.ts';

/** Limits a guide page must meet. */
export interface PageCheckOptions {
  /** Highest Flesch–Kincaid grade allowed for one guide (default 9). */
  maxGrade?: number;
  sentenceLimits?: SentenceLimits;
  /** Oldest allowed review, in months before `now` (default 12). */
  maxReviewAgeMonths?: number;
  /**
   * The day review ages count back from. Always given by the caller, never read from the clock
   * here, so the same pages get the same verdict on any day (the quality gate passes the date of
   * the site's newest commit).
   */
  now: Date;
}

/** The result of checking one page. */
export interface PageCheckResult {
  stats: ReadabilityStats;
  /** The prose that was measured, one block per paragraph. */
  prose: string;
  findings: Finding[];
  /** The date in `[data-last-reviewed] time[datetime]`, if any. */
  lastReviewed?: string;
}

/** Adds months to a date in UTC, for "no older than 12 months". */
function monthsBefore(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  result.setUTCMonth(result.getUTCMonth() - months);
  return result;
}

/**
 * Checks that each glossary term's first use in the prose is a glossary link and no later use is.
 * Uses in headings, code and other links do not count, matching where links are added.
 */
export function checkGlossaryLinks(html: string, glossary: readonly GlossaryTerm[]): Finding[] {
  const linkable = glossary.filter((entry) => entry.autoLink !== false);
  const matcher = compileGlossary(linkable);
  const terms = new Map(linkable.map((entry) => [entry.slug, entry.term]));
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const prose of proseRoots(parseHtml(html))) {
    for (const event of linkableEvents(prose)) {
      if (event.kind === 'term-link') {
        if (seen.has(event.slug)) {
          findings.push({
            rule: 'glossary-link-repeated',
            severity: 'error',
            message: `"${event.text}" links to the glossary again. Only the first use of a term on a page should link; make this one plain text.`,
            excerpt: event.text,
          });
        }
        seen.add(event.slug);
        continue;
      }
      for (const occurrence of findTermOccurrences(event.text, matcher)) {
        if (seen.has(occurrence.slug)) continue;
        seen.add(occurrence.slug);
        findings.push({
          rule: 'glossary-first-use-not-linked',
          severity: 'error',
          message: `The first use of "${terms.get(occurrence.slug) ?? occurrence.text}" is not linked to the glossary. Put the page's prose inside <LinkedProse>, which links first uses as the page renders, or check the term is not split by markup.`,
          excerpt: excerptAround(event.text, occurrence.start, occurrence.end),
        });
      }
    }
  }
  return findings;
}

/** Every link on the page whose text does not say where it goes. */
export function checkLinkTexts(html: string): Finding[] {
  const findings: Finding[] = [];
  for (const link of parseHtml(html).querySelectorAll('a')) {
    if (glossarySlugOf(link) !== undefined) continue;
    // An image link or an icon link takes its name from aria-label or the image's alt text.
    const name = link.getAttribute('aria-label') ?? (link.text.trim() || (link.querySelector('img')?.getAttribute('alt') ?? ''));
    const finding = checkLinkText(name);
    if (finding) findings.push(finding);
  }
  return findings;
}

/** Checks the page's review date: present, a real date, and not older than the limit. */
export function checkLastReviewed(
  html: string,
  now: Date,
  maxAgeMonths = 12,
): { findings: Finding[]; lastReviewed?: string } {
  const time = parseHtml(html).querySelector('[data-last-reviewed] time[datetime]');
  const value = time?.getAttribute('datetime');
  if (value === undefined || value === '') {
    return {
      findings: [
        {
          rule: 'last-reviewed',
          severity: 'error',
          message: 'The page does not show when it was last reviewed. Add lastReviewed to the guide frontmatter.',
          excerpt: '(no <time datetime> inside [data-last-reviewed])',
        },
      ],
    };
  }
  const reviewed = new Date(value);
  if (Number.isNaN(reviewed.getTime())) {
    return {
      lastReviewed: value,
      findings: [
        {
          rule: 'last-reviewed',
          severity: 'error',
          message: `"${value}" is not a date. Write lastReviewed as YYYY-MM-DD, e.g. 2026-11-20.`,
          excerpt: value,
        },
      ],
    };
  }
  const findings: Finding[] = [];
  if (reviewed < monthsBefore(now, maxAgeMonths)) {
    findings.push({
      rule: 'last-reviewed',
      severity: 'error',
      message: `This guide was last reviewed on ${value}, more than ${maxAgeMonths} months ago. Check every step still works, then update lastReviewed.`,
      excerpt: value,
    });
  } else if (reviewed.getTime() > now.getTime() + 24 * 60 * 60 * 1000) {
    findings.push({
      rule: 'last-reviewed',
      severity: 'warning',
      message: `The review date ${value} is in the future. Use the date the guide was actually checked.`,
      excerpt: value,
    });
  }
  return { findings, lastReviewed: value };
}

/**
 * Runs every content check on one built guide page. Errors fail the quality gate; warnings are
 * reported. A page without `[data-prose]` gets one error saying so.
 */
export function checkGuidePage(
  html: string,
  glossary: readonly GlossaryTerm[],
  options: PageCheckOptions,
): PageCheckResult {
  const { maxGrade = 9, sentenceLimits = { warn: 25, error: 30 }, maxReviewAgeMonths = 12, now } = options;
  const roots = proseRoots(parseHtml(html));
  const prose = roots.map(proseText).join('\n\n');
  const stats = readabilityStats(prose);
  const findings: Finding[] = [];
  if (roots.length === 0) {
    findings.push({
      rule: 'no-prose',
      severity: 'error',
      message: 'The page has no element with data-prose, so its words cannot be checked. Wrap the guide text in <div data-prose>.',
      excerpt: '(no [data-prose])',
    });
  }
  if (stats.grade > maxGrade) {
    findings.push({
      rule: 'reading-grade',
      severity: 'error',
      message: `The reading grade is ${stats.grade.toFixed(1)} (at most ${maxGrade}). Use shorter sentences and shorter words; split long list items.`,
      excerpt: `${stats.words} words in ${stats.sentences} sentences`,
    });
  }
  const matcher = compileGlossary(glossary);
  findings.push(
    ...longSentences(prose, sentenceLimits).map(({ rule, severity, message, excerpt }) => ({ rule, severity, message, excerpt })),
    ...findWordsToAvoid(prose, matcher),
    ...findUnexplainedAcronyms(prose, matcher),
    ...checkGlossaryLinks(html, glossary),
    ...checkLinkTexts(html),
  );
  const review = checkLastReviewed(html, now, maxReviewAgeMonths);
  findings.push(...review.findings);
  return review.lastReviewed === undefined
    ? { stats, prose, findings }
    : { stats, prose, findings, lastReviewed: review.lastReviewed };
}

/** Only the findings that fail the gate. */
export function errorsOf(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.severity === 'error');
}
