/**
 * The site's glossary and the plain-words rules, for tests that check words the code writes
 * (plan exports, the team view's sentences, checklist text) the way the guides are checked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseGlossary, type GlossaryEntry } from '../../src/lib/content/glossary.ts';
import type { GlossaryTerm } from '../../src/lib/content/first-use.ts';
import { errorsOf } from '../../src/lib/content/page-check.ts';
import { plainWordsFindings } from '../../src/lib/content/plain-words.ts';
import { longSentences } from '../../src/lib/content/readability.ts';

/** The glossary in content/glossary, parsed; throws with the reason when it does not parse. */
export function siteGlossary(): GlossaryEntry[] {
  const folder = path.join(process.cwd(), 'content', 'glossary');
  const parsed = parseGlossary(
    new Map(
      readdirSync(folder)
        .filter((name) => name.endsWith('.md'))
        .map((name) => [name.slice(0, -3), readFileSync(path.join(folder, name), 'utf8')]),
    ),
  );
  if (!parsed.ok) throw new Error(`The glossary does not parse: ${JSON.stringify(parsed)}`);
  return parsed.value;
}

/** What the plain-words rules find in a text: words to avoid, unexplained acronyms, sentences over 30 words. */
export function plainWordsProblems(text: string, terms: readonly GlossaryTerm[]): string[] {
  // A path the user gave (or a test's temporary folder, whose random suffix looks like an acronym) is theirs, not our words.
  text = text.replace(/(?<![\w.])(?:\/[\w.@+-]+){2,}\/?/g, 'the-file');
  return [...errorsOf(plainWordsFindings(text, terms)).map((f) => `${f.rule}: ${f.excerpt}`), ...errorsOf(longSentences(text)).map((f) => f.message)];
}
