/**
 * For every report of the corpus (read in place) and the vendor examples: every finding lands in
 * exactly one upgrade, counts add up, and the plan keeps the reference's rules, without a KEV file
 * and with one listing every second ID. The figures (findings, upgrades) are pinned so a change in
 * reading or grouping shows.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReport } from '../../../src/lib/fix-first/detect.ts';
import { planFixes } from '../../../src/lib/fix-first/plan.ts';
import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { expectPlanKeepsTheRules } from './support/plan-rules.ts';

const corpus = path.join(process.cwd(), '..', 'shared', 'corpora', 'scanner-reports');
const fixtures = path.join(process.cwd(), 'tests', 'fixtures', 'fix-first');

/** File, findings, upgrades (rebuild steps apart), rebuild steps. */
const corpusFigures: [string, number, number, number][] = [
  ['trivy-defectdojo-issue_9333.json', 13, 4, 0],
  ['trivy-debian-stretch.json', 5, 5, 1],
  ['grype-defectdojo-many_vulns_with_epss_values.json', 15, 1, 0],
  ['grype-defectdojo-issue_9618.json', 35, 9, 1],
  ['osv-scanner-filter-some-input.json', 11, 8, 0],
];
const exampleFigures: [string, number, number, number][] = [
  ['inspector-findings.json', 1, 1, 0],
  ['asff-findings.json', 1, 1, 0],
  ['dependabot-alerts.json', 1, 1, 0],
];

function check(file: string, findingsExpected: number, upgradesExpected: number, rebuildsExpected: number): void {
  const report = readReport(JSON.parse(readFileSync(file, 'utf8')));
  if (!report.ok) throw new Error(report.error);
  for (const kev of [new Set<string>(), new Set(report.findings.filter((_, i) => i % 2 === 0).map((f) => f.id.toUpperCase()))]) {
    const plan = planFixes(report.findings, kev);
    expect(expectPlanKeepsTheRules(report.findings, kev, plan)).toBe(findingsExpected);
    expect(plan.upgrades.filter((u) => u.package !== null)).toHaveLength(upgradesExpected);
    expect(plan.upgrades.filter((u) => u.package === null)).toHaveLength(rebuildsExpected);
  }
}

describe.skipIf(skipWhenMissing(existsSync(corpus), reasons.corpora))('every corpus report', () => {
  it.each(corpusFigures)('%s: %i findings, each in exactly one of %i upgrades (%i rebuild steps), counts add up', (name, findings, upgrades, rebuilds) => {
    check(path.join(corpus, name), findings, upgrades, rebuilds);
  });

  it('all corpus reports planned together keep the rules too', () => {
    const findings = corpusFigures.flatMap(([name]) => {
      const r = readReport(JSON.parse(readFileSync(path.join(corpus, name), 'utf8')));
      return r.ok ? r.findings : [];
    });
    expect(expectPlanKeepsTheRules(findings, new Set(['CVE-2023-44981', 'CVE-2019-5094']), planFixes(findings, new Set(['CVE-2023-44981', 'CVE-2019-5094'])))).toBe(79);
  });
});

describe('the vendor examples', () => {
  it.each(exampleFigures)('%s: %i finding in %i upgrade, counts add up', (name, findings, upgrades, rebuilds) => {
    check(path.join(fixtures, name), findings, upgrades, rebuilds);
  });
});
