/**
 * The checklist content in content/checklist/*.yaml: every item says when it is done in one plain
 * sentence, has an effort and an order, and passes the plain-words rules the guides follow.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseGlossary } from '../../../src/lib/content/glossary.ts';
import { errorsOf } from '../../../src/lib/content/page-check.ts';
import { plainWordsFindings } from '../../../src/lib/content/plain-words.ts';
import { longSentences, sentences } from '../../../src/lib/content/readability.ts';
import { effortLevels } from '../../../src/lib/practices.ts';

const root = process.cwd();
const folder = path.join(root, 'content', 'checklist');
type RawItem = Record<string, unknown> & { id: string };
const items: RawItem[] = readdirSync(folder)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ ...(parse(readFileSync(path.join(folder, name), 'utf8')) as Record<string, unknown>), id: name.slice(0, -5) }));

const glossaryFolder = path.join(root, 'content', 'glossary');
const glossary = parseGlossary(
  new Map(
    readdirSync(glossaryFolder)
      .filter((name) => name.endsWith('.md'))
      .map((name) => [name.slice(0, -3), readFileSync(path.join(glossaryFolder, name), 'utf8')]),
  ),
);

describe('checklist content', () => {
  it('keeps at least the 61 items the checklist started with, each listed by the guide it names', () => {
    expect(items.length).toBeGreaterThanOrEqual(61);
    const guidesFolder = path.join(root, 'content', 'guides');
    const unlisted = items.filter((i) => {
      const file = path.join(guidesFolder, `${String(i.guide)}.mdx`);
      let frontmatter = '';
      try {
        frontmatter = readFileSync(file, 'utf8').split(/^---$/m)[1] ?? '';
      } catch {
        return true;
      }
      return !new RegExp(`(^|[\\s\\[,])${i.id}([\\s\\],]|$)`, 'm').test(frontmatter);
    });
    expect(unlisted.map((i) => `${i.id} -> ${String(i.guide)}`)).toEqual([]);
  });

  it('says for every item, in one sentence, when it counts as done', () => {
    const bad = items.filter((i) => typeof i.doneWhen !== 'string' || sentences(i.doneWhen).length !== 1 || !i.doneWhen.endsWith('.'));
    expect(bad.map((i) => i.id)).toEqual([]);
  });

  it('gives every item an effort in the words the guides use', () => {
    expect(items.filter((i) => !(effortLevels as readonly unknown[]).includes(i.effort)).map((i) => i.id)).toEqual([]);
  });

  it('orders items within a practice and level explicitly, with no two in the same place', () => {
    const places = items.map((i) => `${String(i.practice)}/${String(i.level)}/${String(i.order)}`);
    expect(items.filter((i) => !Number.isInteger(i.order)).map((i) => i.id)).toEqual([]);
    expect(places.filter((p, n) => places.indexOf(p) !== n)).toEqual([]);
  });

  it('asks for re-checks on a sensible cadence, from a week to two years', () => {
    const withCadence = items.filter((i) => i.cadenceDays !== undefined);
    expect(withCadence.length).toBeGreaterThan(40);
    expect(withCadence.filter((i) => !(Number(i.cadenceDays) >= 7 && Number(i.cadenceDays) <= 730)).map((i) => i.id)).toEqual([]);
  });

  it('passes the plain-words rules: no words to avoid, no unexplained acronyms, no sentence over 30 words', () => {
    expect(glossary.ok).toBe(true);
    const terms = glossary.ok ? glossary.value : [];
    const findings = items.flatMap((i) =>
      (['title', 'why', 'howToCheck', 'doneWhen'] as const).flatMap((field) => {
        const text = String(i[field]);
        const words = errorsOf(plainWordsFindings(text, terms)).map((f) => `${i.id}.${field}: ${f.rule} ${f.excerpt}`);
        const long = errorsOf(longSentences(text)).map((f) => `${i.id}.${field}: ${f.message}`);
        return [...words, ...long];
      }),
    );
    expect(findings).toEqual([]);
  });
});
