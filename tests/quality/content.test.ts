/**
 * Content rules over the built guide pages in dist/: reading grade, sentence length, words to
 * avoid, unexplained acronyms, glossary links on first use, link texts and review dates.
 * The checks themselves live in src/lib/content/page-check.ts; this file only finds the pages.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reasons, skipWhenMissing } from '../support/skips.ts';
import { parseGlossary, type GlossaryEntry } from '../../src/lib/content/glossary.ts';
import { checkGuidePage, checkLastReviewed, errorsOf, type PageCheckResult } from '../../src/lib/content/page-check.ts';
import type { Finding } from '../../src/lib/content/findings.ts';

const root = process.cwd();
const dist = path.join(root, 'dist');
const guidesDir = path.join(dist, 'guides');
const maxGuideGrade = 9;
const maxAverageGrade = 8;
const minGuideWords = 400;

/**
 * Review ages count back from the site's newest commit, not from the machine's clock: the same
 * commit passes or fails the same on any day, and the first change after a guide turns twelve
 * months old fails until someone reviews it. Outside a git checkout, from the newest review date.
 */
function lastChange(): Date | undefined {
  try {
    const when = execFileSync('git', ['log', '-1', '--format=%cI'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return when ? new Date(when) : undefined;
  } catch {
    return undefined;
  }
}

function loadGlossary(): GlossaryEntry[] {
  const folder = path.join(root, 'content', 'glossary');
  const files = new Map(
    readdirSync(folder)
      .filter((name) => name.endsWith('.md'))
      .map((name) => [name.slice(0, -3), readFileSync(path.join(folder, name), 'utf8')]),
  );
  const parsed = parseGlossary(files);
  if (!parsed.ok) throw new Error(`The glossary has problems:\n${parsed.errors.join('\n')}`);
  return parsed.value;
}

/** Guide pages: dist/guides/<practice>/<slug>/index.html. */
function guidePages(): { id: string; file: string }[] {
  if (!existsSync(guidesDir)) return [];
  return readdirSync(guidesDir, { withFileTypes: true })
    .filter((practice) => practice.isDirectory())
    .flatMap((practice) =>
      readdirSync(path.join(guidesDir, practice.name), { withFileTypes: true })
        .filter((guide) => guide.isDirectory())
        .map((guide) => ({
          id: `${practice.name}/${guide.name}`,
          file: path.join(guidesDir, practice.name, guide.name, 'index.html'),
        }))
        .filter((page) => existsSync(page.file)),
    )
    .sort((a, b) => a.id.localeCompare(b.id));
}

const describeFinding = (finding: Finding) => `${finding.rule}: ${finding.message} [${finding.excerpt}]`;

const glossary = loadGlossary();
const pages = guidePages();
describe.skipIf(skipWhenMissing(pages.length > 0, reasons.build))('guide pages in dist/', () => {
  const newestReview = () =>
    new Date(pages.map((page) => checkLastReviewed(readFileSync(page.file, 'utf8'), new Date(0)).lastReviewed ?? '').sort().at(-1) || 0);
  const reviewedBy = lastChange() ?? newestReview();
  const results = new Map<string, PageCheckResult>(
    pages.map((page) => [page.id, checkGuidePage(readFileSync(page.file, 'utf8'), glossary, { maxGrade: maxGuideGrade, now: reviewedBy })]),
  );

  it('every guide has real prose at a reading grade a busy engineer can follow, printed as a table', () => {
    const rows = [...results].map(([id, result]) => ({
      guide: id,
      grade: Number(result.stats.grade.toFixed(1)),
      words: result.stats.words,
      sentences: result.stats.sentences,
    }));
    const width = Math.max(5, ...rows.map((row) => row.guide.length));
    const table = [
      `${'guide'.padEnd(width)}  grade  words  sentences`,
      ...rows.map((row) => `${row.guide.padEnd(width)}  ${row.grade.toFixed(1).padStart(5)}  ${String(row.words).padStart(5)}  ${String(row.sentences).padStart(9)}`),
    ].join('\n');
    console.info(`Reading grades (at most ${maxGuideGrade} per guide, ${maxAverageGrade} on average):\n${table}`);
    const warnings = [...results].flatMap(([id, result]) =>
      result.findings.filter((finding) => finding.severity === 'warning').map((finding) => `${id}: ${describeFinding(finding)}`),
    );
    if (warnings.length > 0) console.warn(`Content warnings (${warnings.length}):\n${warnings.join('\n')}`);
    // A guide whose prose vanished (a broken layout, an empty body) would grade as "easy".
    const tooHardOrTooThin = rows.filter((row) => row.grade > maxGuideGrade || row.words < minGuideWords);
    expect(tooHardOrTooThin, `each guide reads at grade ${maxGuideGrade} or below and has at least ${minGuideWords} words of prose`).toEqual([]);
  });

  it(`keeps the average reading grade across guides at ${maxAverageGrade} or below`, () => {
    const grades = [...results.values()].map((result) => result.stats.grade);
    const average = grades.reduce((sum, grade) => sum + grade, 0) / grades.length;
    console.info(`Average reading grade over ${grades.length} guides: ${average.toFixed(2)}`);
    expect(average).toBeLessThanOrEqual(maxAverageGrade);
  });

  for (const page of pages) {
    it(`${page.id} passes the plain-words rules`, () => {
      const result = results.get(page.id);
      expect(result?.stats.words ?? 0, 'the page has prose').toBeGreaterThan(0);
      expect(errorsOf(result?.findings ?? []).map(describeFinding)).toEqual([]);
    });
  }
});

describe('the deliberately jargon-heavy sample page', () => {
  const sample = readFileSync(path.join(root, 'tests', 'quality', 'samples', 'jargon-heavy.html'), 'utf8');
  const result = checkGuidePage(sample, glossary, { maxGrade: maxGuideGrade, now: new Date('2026-11-25T10:00:00Z') });
  const errorRules = new Set(errorsOf(result.findings).map((finding) => finding.rule));

  it('is reported in full, so the checks can be seen to bite', () => {
    const counts = new Map<string, number>();
    for (const finding of result.findings) {
      const key = `${finding.rule} (${finding.severity})`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    console.info(
      `Jargon-heavy sample: grade ${result.stats.grade.toFixed(1)}, ${result.stats.words} words, ${result.stats.sentences} sentences; findings:`,
      Object.fromEntries([...counts].sort()),
    );
    expect(result.findings.length).toBeGreaterThan(0);
  });

  it.each([
    ['reading-grade', 'a reading grade above 9'],
    ['long-sentence', 'sentences over 30 words'],
    ['word-to-avoid', 'words to avoid'],
    ['unexplained-acronym', 'acronyms not in the glossary'],
    ['glossary-first-use-not-linked', 'a first use of a glossary term without a link'],
    ['glossary-link-repeated', 'a later use linked again'],
    ['bad-link-text', 'link texts such as "click here"'],
    ['last-reviewed', 'a review date over 12 months old'],
  ])('fails the %s check (%s)', (rule) => {
    expect(errorRules.has(rule)).toBe(true);
  });
});
