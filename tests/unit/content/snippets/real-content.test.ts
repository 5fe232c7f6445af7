/**
 * Every snippet check over the real content: all guides in content/guides, and the checklist
 * items and self-assessment questions whose pace is set in src/lib/content/cadences.ts.
 * Each check is one test that lists every finding at once (file:line, what, why), so a writer
 * sees the whole list, not the first problem. The full list is also printed, grouped by file.
 */
import { globSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cadences } from '../../../../src/lib/content/cadences.ts';
import { cadenceWords, agrees } from '../../../../src/lib/content/snippets/cadence-words.ts';
import { fencedBlocks } from '../../../../src/lib/content/snippets/blocks.ts';
import { checkGuide, type CheckName, type SnippetFinding, type SkippedManifest } from '../../../../src/lib/content/snippets/check-guide.ts';
import { parserFor } from '../../../../src/lib/content/snippets/languages.ts';
import { scriptOf } from '../../../../src/lib/content/snippets/shell.ts';
import { bashNAll } from '../../../support/bash-syntax.ts';
import { skipWhenMissing } from '../../../support/skips.ts';

const guideFiles = globSync('content/guides/**/*.mdx').sort();
const sources = new Map(guideFiles.map((f) => [f, readFileSync(f, 'utf8')]));

// Every shell block of every guide goes to bash in one batch (see tests/support/bash-syntax.ts).
const scripts = [...sources.values()].flatMap((s) => fencedBlocks(s).filter((b) => parserFor(b.lang) === 'shell').map((b) => scriptOf(b.body, b.lang)));
const bashN = bashNAll(scripts);

const findings: SnippetFinding[] = [];
const skipped: SkippedManifest[] = [];
for (const [file, source] of sources) {
  const report = await checkGuide(file, source, { bashN });
  findings.push(...report.findings);
  skipped.push(...report.skipped);
}

/** Checklist and quiz files: `cadenceDays` and the pace words in their text, for each topic. */
const textFields = ['title', 'why', 'howToCheck', 'doneWhen', 'question', 'goodLooksLike'];
for (const [topic, cadence] of Object.entries(cadences)) {
  for (const [folder, ids] of [['checklist', cadence.checklist], ['quiz', cadence.quiz]] as const) {
    for (const id of ids) {
      const file = `content/${folder}/${id}.yaml`;
      const text = readFileSync(file, 'utf8');
      const lineOf = (key: string) => text.split('\n').findIndex((l) => l.startsWith(`${key}:`)) + 1;
      const data = parse(text) as Record<string, unknown>;
      if (data.cadenceDays !== cadence.days) {
        findings.push({ check: 'cadence', file, line: lineOf('cadenceDays'), what: `cadenceDays: ${String(data.cadenceDays)}`, why: `the ${topic} is every ${cadence.days} days (src/lib/content/cadences.ts)` });
      }
      for (const field of textFields) {
        const value = data[field];
        if (typeof value !== 'string') continue;
        for (const word of cadenceWords(value)) {
          if (!agrees(word, cadence.days)) findings.push({ check: 'cadence', file, line: lineOf(field), what: `${field}: "${word.text}"`, why: `the ${topic} is every ${cadence.days} days: write ${cadence.words.slice(0, 3).map((w) => `"${w}"`).join(' or ')}` });
        }
      }
    }
  }
}

const format = (f: SnippetFinding) => `${f.file}:${f.line}  ${f.what}  —  ${f.why}`;
const of = (check: CheckName) => findings.filter((f) => f.check === check).map(format);

if (findings.length > 0) {
  const byFile = new Map<string, SnippetFinding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const lines = [...byFile].sort(([a], [b]) => a.localeCompare(b)).flatMap(([file, list]) => [
    file,
    ...list.sort((a, b) => a.line - b.line).map((f) => `  ${f.line}  [${f.check}] ${f.what}  —  ${f.why}`),
  ]);
  console.log(`Snippet checks: ${findings.length} findings in content/\n${lines.join('\n')}`);
}

describe('the guides, checklist and self-assessment in content/', () => {
  it('pin every container image and GitHub Action to one build (a digest or a full commit SHA)', () => {
    expect(of('pins'), 'unpinned references').toEqual([]);
  });

  it('have code blocks that parse: JSON, YAML, shell (bash -n) and HCL', () => {
    expect(of('parses'), 'blocks that do not parse').toEqual([]);
  });

  it('have Kubernetes manifests that match the schema of their kind, with no unknown fields', () => {
    expect(of('kubernetes'), 'manifests that do not match their schema').toEqual([]);
  });

  it('have IAM policies that follow the IAM policy grammar', () => {
    expect(of('iam-policy'), 'policies that break the grammar').toEqual([]);
  });

  it('link to a source in every paragraph or list item that states a statistic', () => {
    expect(of('claims'), 'claims with no source').toEqual([]);
  });

  it('give each recurring task the one pace set in src/lib/content/cadences.ts', () => {
    expect(of('cadence'), 'paces that disagree').toEqual([]);
  });

  // A manifest of a kind no schema covers (a custom resource) is shown as skipped, by name.
  for (const s of skipped) {
    it.skipIf(skipWhenMissing(false, `no schema to check ${s.reason.replace(/^no schema for /, '').replace(/ \(.*$/, '')} against (custom resource)`))(
      `has a Kubernetes manifest at ${s.file}:${s.line} that matches its schema`,
      () => {},
    );
  }
});
