/**
 * The words the searches add for people: the zip README's steps for Athena and CloudTrail Lake, the
 * builder's section, and every reason a search gives for a rule it cannot say. They pass the same
 * plain-words checks as the guides.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { installReadme } from '../../../../src/lib/rules/builder/install-readme.ts';
import { exportSearches, searchEngineIds } from '../../../../src/lib/rules/search/export.ts';
import { plainWordsProblems, siteGlossary } from '../../../support/plain-words.ts';
import { loadTemplatePacks, loadTemplates } from '../support/kit.ts';

const terms = siteGlossary();
/** Product names, file names and SQL words stand for themselves. */
const masked = (text: string): string =>
  text
    .replace(/\b[\w.-]+\.sql\b/g, 'the file')
    .replace(/EVENT_DATA_STORE_ID/g, 'the ID')
    .replace(/"day >="|"eventTime >="/g, 'the first line');

describe('the words of the searches', () => {
  it('the zip README says how to run the searches in plain words', () => {
    const rule = loadTemplates().find((r) => r.id === 'server-outside-autoscaling')!;
    const set = { plainsecRules: 1 as const, rules: [rule] };
    const files = searchEngineIds.flatMap((id) => exportSearches(set, id).files);
    const readme = installReadme(files, [], set);
    const sections = readme.slice(readme.indexOf('## Amazon Athena'), readme.indexOf('## Who is told when') > 0 ? readme.indexOf('## Who is told when') : readme.indexOf('## Keep the rules'));
    expect(sections).toContain('## AWS CloudTrail Lake: the same searches (cloudtrail-lake/)');
    expect(plainWordsProblems(masked(sections), terms)).toEqual([]);
  });

  it('the builder’s section reads plainly', () => {
    const source = readFileSync('src/islands/rule-builder/SearchLogs.tsx', 'utf8');
    const sentences = [...source.matchAll(/>\s*([A-Z][^<>{}]{20,})\s*</g)].map((m) => m[1]!.replace(/\s+/g, ' '));
    expect(sentences.length).toBeGreaterThan(1);
    expect(plainWordsProblems(sentences.join('\n'), terms)).toEqual([]);
  });

  it('every reason a search gives for a template it cannot say reads plainly', () => {
    const reasons = new Set<string>();
    for (const pack of loadTemplatePacks()) for (const id of searchEngineIds) for (const r of exportSearches(pack, id).refused) reasons.add(r.reason);
    expect(reasons.size).toBeGreaterThan(0);
    const text = [...reasons].map((r) => `${r.replace(/\b[a-zA-Z]+(\.[\w[\]]+)+/g, 'the field')}.`).join('\n');
    expect(plainWordsProblems(text, terms)).toEqual([]);
  });
});
