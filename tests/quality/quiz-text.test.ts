/**
 * The self-assessment's questions are held to the guides' plain-words rules: no word to avoid, no
 * unexplained acronym, short sentences, an easy reading grade, and on the built page the first
 * use of each glossary term linked.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseGlossary } from '../../src/lib/content/glossary.ts';
import { checkGlossaryLinks } from '../../src/lib/content/page-check.ts';
import { plainWordsFindings } from '../../src/lib/content/plain-words.ts';
import { fleschKincaidGrade, longSentences } from '../../src/lib/content/readability.ts';
import { dist, hasBuild } from './built-site.ts';
import { reasons, skipWhenMissing } from '../support/skips.ts';

const root = process.cwd();
const glossaryDir = path.join(root, 'content', 'glossary');
const glossary = (() => {
  const parsed = parseGlossary(
    new Map(readdirSync(glossaryDir).filter((n) => n.endsWith('.md')).map((n) => [n.slice(0, -3), readFileSync(path.join(glossaryDir, n), 'utf8')])),
  );
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.value;
})();
const quizDir = path.join(root, 'content', 'quiz');
const questions = readdirSync(quizDir)
  .filter((n) => n.endsWith('.yaml'))
  .map((n) => ({ id: n.slice(0, -5), ...(parseYaml(readFileSync(path.join(quizDir, n), 'utf8')) as { question: string; goodLooksLike: string }) }));
const maxGrade = 9;
const maxAverageGrade = 8;

describe('the self-assessment questions', () => {
  it('number at least 24, with at least 8 per practice and 2 per level in each practice', () => {
    const all = questions as unknown as { practice: string; level: number }[];
    expect(all.length).toBeGreaterThanOrEqual(24);
    for (const practice of ['start-somewhere', 'trust-but-verify', 'everyone-owns-security']) {
      const own = all.filter((q) => q.practice === practice);
      expect(own.length, practice).toBeGreaterThanOrEqual(8);
      for (const level of [1, 2, 3]) expect(own.filter((q) => q.level === level).length, `${practice} level ${level}`).toBeGreaterThanOrEqual(2);
    }
  });

  for (const q of questions) {
    it(`${q.id} uses plain words, short sentences and an easy reading grade`, () => {
      const text = `${q.question} ${q.goodLooksLike}`;
      const problems = [...plainWordsFindings(text, glossary), ...longSentences(text, { warn: 25, error: 25 })].map(
        (f) => `${f.rule}: ${f.message} [${f.excerpt}]`,
      );
      expect(problems).toEqual([]);
      expect(fleschKincaidGrade(text)).toBeLessThanOrEqual(maxGrade);
    });
  }

  it(`reads at grade ${maxAverageGrade} or below on average`, () => {
    const grades = questions.map((q) => fleschKincaidGrade(`${q.question} ${q.goodLooksLike}`));
    const average = grades.reduce((a, b) => a + b, 0) / grades.length;
    console.info(`Self-assessment questions: average reading grade ${average.toFixed(2)}, hardest ${Math.max(...grades).toFixed(2)}`);
    expect(average).toBeLessThanOrEqual(maxAverageGrade);
  });
});

describe.skipIf(skipWhenMissing(hasBuild, reasons.build))('the printable list of questions on /assessment/', () => {
  it('links the first use of each glossary term, and only the first', () => {
    const html = readFileSync(path.join(dist, 'assessment', 'index.html'), 'utf8');
    expect(html).toContain('class="term"');
    expect(checkGlossaryLinks(html, glossary).map((f) => `${f.rule}: ${f.excerpt}`)).toEqual([]);
  });
});
