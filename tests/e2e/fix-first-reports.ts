/**
 * Trivy reports for the /fix-first/ browser tests, made in the shape Trivy writes
 * (`trivy image --format json`, SchemaVersion 2; compare the real reports in
 * ../shared/corpora/scanner-reports): a small one with a hole on CISA's KEV list, and one as large
 * as asked, for the speed test. The KEV excerpt is tests/fixtures/fix-first/kev-excerpt.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

type Vulnerability = { id: string; pkg: string; installed: string; fixed?: string; severity: string };

const entry = (v: Vulnerability, purl: string) => ({
  VulnerabilityID: v.id,
  PkgName: v.pkg,
  PkgIdentifier: { PURL: purl },
  InstalledVersion: v.installed,
  ...(v.fixed ? { FixedVersion: v.fixed } : {}),
  Status: v.fixed ? 'fixed' : 'affected',
  SeveritySource: 'nvd',
  PrimaryURL: `https://avd.aquasec.com/nvd/${v.id.toLowerCase()}`,
  Title: `${v.pkg}: a flaw`,
  Description: 'A flaw was found. An attacker could use it to do harm.',
  Severity: v.severity,
});

/** An image report: its system packages (Debian) and the npm packages of its app. */
function trivyReport(image: string, system: Vulnerability[], npm: Vulnerability[] = []): object {
  return {
    SchemaVersion: 2,
    CreatedAt: '2026-11-24T09:00:00Z',
    ArtifactName: image,
    ArtifactType: 'container_image',
    Metadata: { OS: { Family: 'debian', Name: '12.5' }, RepoTags: [image] },
    Results: [
      {
        Target: `${image} (debian 12.5)`,
        Class: 'os-pkgs',
        Type: 'debian',
        Vulnerabilities: system.map((v) => entry(v, `pkg:deb/debian/${v.pkg}@${v.installed}?arch=amd64&distro=debian-12.5`)),
      },
      ...(npm.length === 0
        ? []
        : [{ Target: 'app/package-lock.json', Class: 'lang-pkgs', Type: 'npm', Vulnerabilities: npm.map((v) => entry(v, `pkg:npm/${v.pkg}@${v.installed}`)) }]),
    ],
  };
}

/**
 * CVE-2024-49035 is on the KEV excerpt: its upgrade (curl) must come first, though only rated
 * medium. Most holes are in the app's npm packages, so rebuilding on a new base image is not the
 * first step here.
 */
export const smallTrivy = trivyReport(
  'shop/web:1.4',
  [
    { id: 'CVE-2024-49035', pkg: 'curl', installed: '7.88.1-10', fixed: '7.88.1-10+deb12u8', severity: 'MEDIUM' },
    { id: 'CVE-2026-1005', pkg: 'libxml2', installed: '2.9.14+dfsg-1.3', severity: 'HIGH' },
  ],
  [
    { id: 'CVE-2026-1001', pkg: 'express', installed: '4.18.2', fixed: '4.19.2', severity: 'CRITICAL' },
    { id: 'CVE-2026-1002', pkg: 'express', installed: '4.18.2', fixed: '4.18.3', severity: 'HIGH' },
    { id: 'CVE-2026-1004', pkg: 'lodash', installed: '4.17.20', fixed: '4.17.21', severity: 'LOW' },
  ],
);

/** A report of about `megabytes` MB: many packages, each with several holes, most with a fix. */
export function largeTrivy(megabytes: number): { text: string; findings: number } {
  const vulnerabilities: Vulnerability[] = [];
  const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
  let text = '';
  for (let n = 0; ; n += 500) {
    for (let i = n; i < n + 500; i++) {
      vulnerabilities.push({ id: `CVE-2025-${10000 + i}`, pkg: `lib-${Math.floor(i / 6)}`, installed: `1.${i % 7}.0-1`, ...(i % 9 === 0 ? {} : { fixed: `1.${i % 7}.${1 + (i % 3)}-1` }), severity: severities[i % 5]! });
    }
    text = JSON.stringify(trivyReport('shop/big:2.0', [], vulnerabilities));
    if (text.length >= megabytes * 1024 * 1024) return { text, findings: vulnerabilities.length };
  }
}

export const kevExcerpt = readFileSync(path.resolve('tests/fixtures/fix-first/kev-excerpt.json'), 'utf8');
