/**
 * Each reader turns its scanner's JSON into findings as the reference defines them: the real
 * Trivy, Grype and OSV-Scanner reports of ../shared/corpora/scanner-reports (read in place), and
 * the vendors' documented examples for Inspector, Security Hub and Dependabot.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReport } from '../../../src/lib/fix-first/detect.ts';
import type { Finding } from '../../../src/lib/fix-first/model.ts';
import { readKev } from '../../../src/lib/fix-first/kev.ts';
import { fixOf } from '../../../src/lib/fix-first/plan.ts';
import { reasons, skipWhenMissing } from '../../support/skips.ts';

const corpus = path.join(process.cwd(), '..', 'shared', 'corpora', 'scanner-reports');
const fixtures = path.join(process.cwd(), 'tests', 'fixtures', 'fix-first');
const json = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

function findingsOf(value: unknown, format: string): Finding[] {
  const report = readReport(value);
  if (!report.ok) throw new Error(report.error);
  expect(report.format).toBe(format);
  return report.findings;
}
const find = (findings: Finding[], pkg: string, id: string): Finding => {
  const f = findings.find((x) => x.package === pkg && x.id === id);
  if (!f) throw new Error(`no finding ${id} on ${pkg}`);
  return f;
};

describe.skipIf(skipWhenMissing(existsSync(corpus), reasons.corpora))('the real reports of the corpus', () => {
  const corpusFile = (name: string) => json(path.join(corpus, name));

  it('Trivy: every Vulnerabilities entry is a finding, with its fixes and the image as the place', () => {
    const findings = findingsOf(corpusFile('trivy-defectdojo-issue_9333.json'), 'trivy');
    expect(findings).toHaveLength(13);
    expect(new Set(findings.map((f) => f.where))).toEqual(new Set(['noppaknopsta/example-app:main-159']));
    expect(find(findings, 'tough-cookie', 'CVE-2023-26136')).toMatchObject({ ecosystem: 'npm', installed: '2.5.0', fixedIn: ['4.1.3'], severity: 'MEDIUM' });
    expect(find(findings, 'bash', 'TEMP-0841856-B18BAF')).toMatchObject({ ecosystem: 'debian', fixedIn: [], severity: 'LOW' });
    const stretch = findingsOf(corpusFile('trivy-debian-stretch.json'), 'trivy');
    expect(stretch).toHaveLength(5);
    expect(find(stretch, 'libss2', 'CVE-2019-5094')).toMatchObject({ aliases: ['DSA-4535-1'], whereKind: 'image', fixedIn: ['1.43.4-2+deb9u1'] });
    // Status end_of_life is still a finding: the scanner does not say the package is unaffected.
    expect(find(stretch, 'bash', 'CVE-2019-18276').fixedIn).toEqual([]);
  });

  it('Grype: every match is a finding, not-fixed and wont-fix included, each with its own fixes', () => {
    const findings = findingsOf(corpusFile('grype-defectdojo-issue_9618.json'), 'grype');
    expect(findings).toHaveLength(35);
    expect(findings.filter((f) => f.fixedIn.length === 0)).toHaveLength(12);
    expect(find(findings, 'avahi-libs', 'CVE-2017-6519').fixedIn).toEqual([]);
    expect(find(findings, 'bind-libs', 'CVE-2022-3094')).toMatchObject({ ecosystem: 'rpm', installed: '32:9.11.36-5.el8_7.2', fixedIn: ['32:9.11.36-11.el8_9'] });
    expect(find(findings, 'bind-utils', 'CVE-2023-37920').aliases).toEqual(['CVE-2023-50387']);
  });

  it('Grype: a match without a severity takes the severity of its related advisory', () => {
    const findings = findingsOf(corpusFile('grype-defectdojo-issue_9618.json'), 'grype');
    expect(find(findings, 'commons-compress', 'CVE-2024-26308')).toMatchObject({ severity: 'HIGH', aliases: ['GHSA-4265-ccf5-phj5'], fixedIn: ['1.26.0'] });
  });

  it('Grype: EPSS is read from each match', () => {
    const findings = findingsOf(corpusFile('grype-defectdojo-many_vulns_with_epss_values.json'), 'grype');
    expect(findings).toHaveLength(15);
    expect(findings.every((f) => f.epss !== null && f.epss > 0 && f.epss < 1)).toBe(true);
    expect(find(findings, 'busybox', 'CVE-2022-28391').epss).toBe(0.0719);
    expect(find(findings, 'busybox', 'CVE-2021-42376').fixedIn).toEqual(['1.34.0']);
  });

  it('OSV-Scanner: one finding per group of records for the same hole', () => {
    const findings = findingsOf(corpusFile('osv-scanner-filter-some-input.json'), 'osv-scanner');
    expect(findings).toHaveLength(11);
    const time = find(findings, 'time', 'GHSA-wcg3-cvx6-7396');
    expect(time.aliases).toEqual(expect.arrayContaining(['RUSTSEC-2020-0071', 'CVE-2020-26235']));
    expect(time.severity).toBe('MEDIUM');
    // 0.2.0 is named as a fix by RustSec but still affected by GitHub's record (up to 0.2): the first version both call fixed is 0.2.1.
    expect(fixOf(time)).toEqual({ version: '0.2.1' });
    expect(time.fixedIn).not.toContain('0.2.0');
    expect(find(findings, 'unixodbc', 'CVE-2024-1013')).toMatchObject({ severity: 'LOW', fixedIn: [], ecosystem: 'Debian:10' });
    expect(find(findings, 'golang.org/x/net', 'GHSA-vvpx-j8f3-3w6h').fixedIn).toEqual(['0.7.0']);
  });
});

describe('the vendors’ documented examples', () => {
  it('Amazon Inspector: each vulnerable package of a finding, on the server it was found on', () => {
    expect(findingsOf(json(path.join(fixtures, 'inspector-findings.json')), 'inspector')).toEqual([
      {
        where: 'i-0c2a343f1948d5205',
        whereKind: 'host',
        package: 'linux-image-aws',
        ecosystem: 'debian',
        installed: '5.15.0.1026.30~20.04.16',
        id: 'CVE-2022-3303',
        aliases: [],
        severity: 'MEDIUM',
        epss: null,
        kev: false,
        fixedIn: ['0:5.15.0.1027.31~20.04.16'],
      },
    ]);
  });

  it('Amazon Inspector: closed findings are left out, and "exploit available" is not taken as known exploited', () => {
    const value = json(path.join(fixtures, 'inspector-findings.json')) as { findings: Record<string, unknown>[] };
    expect(findingsOf(value, 'inspector')[0]!.kev).toBe(false);
    value.findings[0]!['status'] = 'CLOSED';
    expect(findingsOf(value, 'inspector')).toEqual([]);
  });

  it('Security Hub: each package of each vulnerability, with epoch and release in the installed version', () => {
    expect(findingsOf(json(path.join(fixtures, 'asff-findings.json')), 'asff')).toEqual([
      {
        where: 'arn:aws:ec2:us-west-2:123456789012:instance/i-0123456789abcdef0',
        whereKind: 'host',
        package: 'openssl',
        ecosystem: 'rpm',
        installed: '1:1.0.2k-16.amzn2.0.3',
        id: 'CVE-2020-12345',
        aliases: [],
        severity: 'MEDIUM',
        epss: null,
        kev: false,
        fixedIn: [],
      },
    ]);
  });

  it('Dependabot: open alerts only, the CVE as the ID and the advisory as its alias', () => {
    const findings = findingsOf(json(path.join(fixtures, 'dependabot-alerts.json')), 'dependabot');
    expect(findings).toEqual([
      {
        where: 'package-lock.json',
        whereKind: 'files',
        package: 'lodash',
        ecosystem: 'npm',
        installed: '4.17.20',
        id: 'CVE-2021-23337',
        aliases: ['GHSA-35jh-r3h4-6jhm'],
        severity: 'HIGH',
        epss: 0.0342,
        kev: false,
        fixedIn: ['4.17.21'],
      },
    ]);
  });

  it('Dependabot: without the installed version, the vulnerable range stands in for it', () => {
    const alerts = json(path.join(fixtures, 'dependabot-alerts.json')) as { dependency: Record<string, unknown> }[];
    delete alerts[0]!.dependency['version_requirement'];
    expect(findingsOf(alerts, 'dependabot')[0]!.installed).toBe('< 4.17.21');
  });
});

describe('CISA’s KEV file', () => {
  it('an excerpt of the real catalogue gives its CVE IDs', () => {
    const kev = readKev(json(path.join(fixtures, 'kev-excerpt.json')));
    expect(kev).toEqual({ ok: true, ids: new Set(['CVE-2023-34192', 'CVE-2024-49035']) });
  });

  it('a scanner report given as the KEV file is refused with where to get the real one', () => {
    expect(readKev(json(path.join(fixtures, 'dependabot-alerts.json')))).toMatchObject({ ok: false, error: expect.stringContaining('known_exploited_vulnerabilities.json') });
  });
});

describe('what the reference says a finding is', () => {
  const trivy = (entries: Record<string, unknown>[]) => ({
    SchemaVersion: 2,
    ArtifactName: 'web:1.4',
    ArtifactType: 'container_image',
    Results: [{ Target: 'web:1.4 (debian 12.5)', Class: 'os-pkgs', Type: 'debian', Vulnerabilities: entries }],
  });

  it('a Trivy entry with Status not_affected is not a finding', () => {
    const findings = findingsOf(
      trivy([
        { VulnerabilityID: 'CVE-2024-1', PkgName: 'openssl', InstalledVersion: '3.0.2', Status: 'not_affected', Severity: 'HIGH' },
        { VulnerabilityID: 'CVE-2024-2', PkgName: 'openssl', InstalledVersion: '3.0.2', Status: 'affected', Severity: 'HIGH' },
      ]),
      'trivy',
    );
    expect(findings.map((f) => f.id)).toEqual(['CVE-2024-2']);
  });

  it('Trivy’s several fixes in one FixedVersion are each named, and a score alone gives the severity', () => {
    const [f] = findingsOf(
      trivy([{ VulnerabilityID: 'CVE-2024-3', PkgName: 'openssl', InstalledVersion: '3.0.2', FixedVersion: '3.0.13, 3.1.5', Severity: 'UNKNOWN', CVSS: { nvd: { V3Score: 9.1 } } }]),
      'trivy',
    );
    expect(f).toMatchObject({ fixedIn: ['3.0.13', '3.1.5'], severity: 'CRITICAL', where: 'web:1.4', whereKind: 'image' });
  });

  it('Grype’s knownExploited marks a finding as known exploited', () => {
    const report = {
      source: { type: 'image', target: { userInput: 'web:1.4' } },
      matches: [
        {
          vulnerability: { id: 'CVE-2024-4', severity: 'Medium', fix: { state: 'fixed', versions: ['2.0'] }, knownExploited: [{ cve: 'CVE-2024-4' }] },
          artifact: { name: 'lib', version: '1.0', type: 'deb' },
        },
      ],
    };
    expect(findingsOf(report, 'grype')[0]).toMatchObject({ kev: true, fixedIn: ['2.0'], where: 'web:1.4' });
  });

  it('a file of another kind, or CISA’s KEV file, is not read as a report', () => {
    const other = readReport({ name: 'package.json', version: '1.0.0' });
    expect(other).toEqual({ ok: false, error: expect.stringMatching(/^this is not a scanner report Plainsec reads\. It reads Trivy JSON, .* or GitHub Dependabot alerts, saved as JSON\.$/) });
    const kev = readReport({ catalogVersion: '2026.12.01', vulnerabilities: [{ cveID: 'CVE-2021-44228' }] });
    expect(kev).toMatchObject({ ok: false, kevFile: true });
  });
});
