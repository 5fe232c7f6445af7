/**
 * Property tests over generated Trivy and Grype reports (and KEV files): whatever the mix of
 * packages, fixes, severities, EPSS and known-exploited marks, every finding lands in exactly one
 * upgrade, counts add up, buckets follow the table, the order follows the rules, and a Trivy entry
 * marked not_affected never becomes a finding. Seeds are fixed so a failure repeats.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readReport } from '../../../src/lib/fix-first/detect.ts';
import type { Finding } from '../../../src/lib/fix-first/model.ts';
import { planFixes } from '../../../src/lib/fix-first/plan.ts';
import { planText } from '../../../src/lib/fix-first/words.ts';
import { expectPlanKeepsTheRules } from './support/plan-rules.ts';

const ids = Array.from({ length: 12 }, (_, i) => `CVE-2024-${1000 + i}`);
const id = fc.constantFrom(...ids);
const version = fc.constantFrom('1.0', '1.0-1', '1.2', '1.10', '2.0', '2.0-3', '1.0~rc1', '3.0.2-r1');
const severity = fc.constantFrom('CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN', 'Negligible', 'High', 'moderate');

const trivyEntry = fc.record({
  VulnerabilityID: id,
  PkgName: fc.constantFrom('openssl', 'bash', 'zlib', 'libc6'),
  InstalledVersion: fc.constantFrom('1.0', '1.0-1', '3.0.2-r1'),
  FixedVersion: fc.option(
    fc.array(version, { minLength: 1, maxLength: 2 }).map((v) => v.join(', ')),
    { nil: undefined },
  ),
  Status: fc.constantFrom('affected', 'fixed', 'not_affected', 'will_not_fix', 'end_of_life'),
  Severity: severity,
});
const trivyReport = fc.record({
  SchemaVersion: fc.constant(2),
  ArtifactName: fc.constantFrom('web:1.4', 'api:2.0'),
  ArtifactType: fc.constantFrom('container_image', 'filesystem'),
  Results: fc.array(
    fc.record({
      Target: fc.constantFrom('web:1.4 (debian 12.5)', 'app/package-lock.json'),
      Class: fc.constantFrom('os-pkgs', 'lang-pkgs'),
      Type: fc.constantFrom('debian', 'alpine', 'npm', 'redhat'),
      Vulnerabilities: fc.array(trivyEntry, { maxLength: 12 }),
    }),
    { maxLength: 3 },
  ),
});

const grypeMatch = fc.record({
  vulnerability: fc.record({
    id,
    severity: fc.option(severity, { nil: undefined }),
    fix: fc.record({ state: fc.constantFrom('fixed', 'not-fixed', 'wont-fix', ''), versions: fc.array(version, { maxLength: 2 }) }),
    epss: fc.array(fc.record({ epss: fc.double({ min: 0, max: 1, noNaN: true }) }), { maxLength: 1 }),
    knownExploited: fc.array(fc.constant({ cve: 'x' }), { maxLength: 1 }),
  }),
  artifact: fc.record({
    name: fc.constantFrom('openssl', 'lodash', 'requests', 'zlib'),
    version: fc.constantFrom('1.0', '1.0-1', '0.9'),
    type: fc.constantFrom('deb', 'rpm', 'npm', 'python', 'apk', 'java-archive'),
  }),
  relatedVulnerabilities: fc.array(fc.record({ id }), { maxLength: 1 }),
});
const grypeReport = fc.record({
  source: fc.oneof(
    fc.record({ type: fc.constant('image'), target: fc.record({ userInput: fc.constantFrom('web:1.4', 'db:9') }) }),
    fc.record({ type: fc.constant('directory'), target: fc.constant('.') }),
  ),
  matches: fc.array(grypeMatch, { maxLength: 15 }),
});

const reports = fc.array(fc.oneof(trivyReport, grypeReport), { minLength: 1, maxLength: 3 });
const kevFile = fc.subarray(ids);

function findingsOf(list: unknown[]): Finding[] {
  return list.flatMap((r) => {
    const read = readReport(r);
    if (!read.ok) throw new Error(read.error);
    return read.findings;
  });
}

describe('plans of generated reports', () => {
  it('every finding lands in exactly one upgrade, counts add up, buckets and order follow the rules', () => {
    fc.assert(
      fc.property(reports, kevFile, (list, kev) => {
        const findings = findingsOf(list);
        const kevIds = new Set(kev);
        expectPlanKeepsTheRules(findings, kevIds, planFixes(findings, kevIds));
      }),
      { numRuns: 300, seed: 20261206 },
    );
  });

  it('a Trivy entry marked not_affected never becomes a finding, and every other one does', () => {
    fc.assert(
      fc.property(trivyReport, (report) => {
        const entries = report.Results.flatMap((r) => r.Vulnerabilities);
        expect(findingsOf([report])).toHaveLength(entries.filter((e) => e.Status !== 'not_affected').length);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('a finding named in the KEV file by an alias is known exploited, and with a fix its upgrade comes first', () => {
    fc.assert(
      fc.property(grypeReport, (report) => {
        const findings = findingsOf([report]);
        const withFix = findings.find((f) => f.fixedIn.length > 0 && f.aliases.length > 0);
        if (!withFix) return;
        const plan = planFixes(findings, new Set([withFix.aliases[0]!.toUpperCase()]));
        const first = plan.upgrades.find((u) => u.package !== null)!;
        expect(first.bucket).toBe('today');
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('the same report given twice plans the same as once', () => {
    fc.assert(
      fc.property(reports, (list) => {
        const once = planFixes(findingsOf(list));
        const twice = planFixes(findingsOf([...list, ...list]));
        expect(twice).toEqual(once);
      }),
      { numRuns: 100, seed: 5 },
    );
  });

  it('the text never throws and names every upgrade once', () => {
    fc.assert(
      fc.property(reports, kevFile, (list, kev) => {
        const plan = planFixes(findingsOf(list), new Set(kev));
        const text = planText(plan);
        for (const u of plan.upgrades) expect(text).toContain(u.line);
      }),
      { numRuns: 100, seed: 13 },
    );
  });
});
