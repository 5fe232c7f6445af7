/**
 * The words of the plan: the reference's example line word for word, the bucket words, and every
 * line the command prints for the corpus reports and the vendor examples checked against the
 * site's plain-words rules and glossary, as the guides are.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReport } from '../../../src/lib/fix-first/detect.ts';
import { planFixes, type Upgrade } from '../../../src/lib/fix-first/plan.ts';
import { bucketWords, planText, upgradeWhy, upgradeWords } from '../../../src/lib/fix-first/words.ts';
import { plainWordsProblems, siteGlossary } from '../../support/plain-words.ts';
import { reasons, skipWhenMissing } from '../../support/skips.ts';

const corpus = path.join(process.cwd(), '..', 'shared', 'corpora', 'scanner-reports');
const haveCorpus = existsSync(corpus);
const fixtures = path.join(process.cwd(), 'tests', 'fixtures', 'fix-first');

/**
 * The command's text for a report. The holes' IDs (GHSA-…, RUSTSEC-…, DSA-…) are the report's
 * names, not our words, so they are masked as the plain-words helper masks file paths.
 */
function textOf(file: string, kev = new Set<string>()): string {
  const report = readReport(JSON.parse(readFileSync(file, 'utf8')));
  if (!report.ok) throw new Error(report.error);
  const ids = [...new Set(report.findings.flatMap((f) => [f.id, ...f.aliases]))].sort((a, b) => b.length - a.length);
  return ids.reduce((text, id) => text.split(id).join('the-id'), planText(planFixes(report.findings, kev)));
}

describe('the words of the plan', () => {
  it('an upgrade reads as the reference’s example', () => {
    const findings: Upgrade['findings'] = Array.from({ length: 12 }, (_, i) => ({
      id: `CVE-2024-${1000 + i}`,
      aliases: [],
      severity: 'HIGH',
      epss: null,
      kev: i === 0,
      fixedIn: ['3.0.13'],
    }));
    expect(upgradeWords({ where: 'web:1.4', package: 'openssl', installed: '3.0.2', target: '3.0.13', findings }, 'image')).toBe(
      'Upgrade openssl 3.0.2 → 3.0.13 in image web:1.4 — fixes 12 known holes, 1 of them used by attackers now.',
    );
  });

  it('a hole attackers use now with no fix yet says so in its line and why', () => {
    const u = {
      where: 'web:1.4',
      package: 'openssl',
      installed: '3.0.2',
      target: null,
      bucket: 'no-fix-yet' as const,
      findings: [{ id: 'CVE-2024-1', aliases: [], severity: 'HIGH' as const, epss: null, kev: true, fixedIn: [] }],
    };
    expect(upgradeWords(u, 'image')).toBe('Watch openssl 3.0.2 in image web:1.4 — 1 known hole, used by attackers now, no fix yet.');
    expect(upgradeWhy(u)).toContain('CVE-2024-1 is on CISA’s list of holes used in real attacks, so do this today.');
  });

  it('the buckets use the reference’s words', () => {
    expect(bucketWords).toEqual({
      today: 'Attackers are using this now',
      'this-week': 'Likely to be used soon',
      'this-month': 'Serious; plan it',
      later: 'Fix with the next routine update',
      'no-fix-yet': 'No fix yet: watch it; here is how to reduce exposure',
    });
  });

  const glossary = siteGlossary();

  it('the vendor examples’ plans pass the plain-words rules', () => {
    for (const name of ['inspector-findings.json', 'asff-findings.json', 'dependabot-alerts.json']) {
      expect(plainWordsProblems(textOf(path.join(fixtures, name)), glossary), name).toEqual([]);
    }
  });

  it.skipIf(skipWhenMissing(haveCorpus, reasons.corpora))('every corpus report’s plan passes the plain-words rules, with and without a KEV file', () => {
    for (const name of readdirSync(corpus).filter((f) => f.endsWith('.json'))) {
      const file = path.join(corpus, name);
      expect(plainWordsProblems(textOf(file), glossary), name).toEqual([]);
      // Every ID listed as exploited, so the "today" words are checked too.
      const report = readReport(JSON.parse(readFileSync(file, 'utf8')));
      const all = new Set(report.ok ? report.findings.flatMap((f) => [f.id, ...f.aliases]) : []);
      expect(plainWordsProblems(textOf(file, all), glossary), `${name} with KEV`).toEqual([]);
    }
  });
});
