/**
 * Trivy reports for the /fix-first/ browser tests, made in the shape Trivy writes
 * (`trivy image --format json`, SchemaVersion 2; compare the real reports in
 * ../shared/corpora/scanner-reports): a small one with a hole on CISA's KEV list, and one as large
 * as asked, for the speed test. The KEV excerpt is tests/fixtures/fix-first/kev-excerpt.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

type Vulnerability = { id: string; pkg: string; installed: string; fixed?: string; severity: string };

/**
 * One entry with the fields Trivy writes for it (layer, data source, CWE, vendor severities, CVSS,
 * references, dates): about 1.5 KB, less than the real reports' 3 to 4 KB, so a report of a given
 * size holds more findings than a real one would.
 */
const entry = (v: Vulnerability, purl: string) => ({
  VulnerabilityID: v.id,
  PkgID: `${v.pkg}@${v.installed}`,
  PkgName: v.pkg,
  PkgIdentifier: { PURL: purl, UID: v.id.slice(-8) },
  InstalledVersion: v.installed,
  ...(v.fixed ? { FixedVersion: v.fixed } : {}),
  Status: v.fixed ? 'fixed' : 'affected',
  Layer: { Digest: 'sha256:9cc2ad81d40d54dcae7fa5e8e17d9c34e8bba3b7c2cc7e26fb22734608bda32e', DiffID: 'sha256:f73e7e79899a33b4b9b78da62efb71520844f8dd518f3c390e27bc3063bce307' },
  SeveritySource: 'nvd',
  PrimaryURL: `https://avd.aquasec.com/nvd/${v.id.toLowerCase()}`,
  DataSource: { ID: 'debian', Name: 'Debian Security Tracker', URL: 'https://salsa.debian.org/security-tracker-team/security-tracker' },
  Title: `${v.pkg}: a flaw in input handling`,
  Description: `A flaw was found in ${v.pkg}. A crafted input can make it read past the end of a buffer, which may let an attacker crash the process or, in some set-ups, run code of their own. Versions before the fixed one are affected. The flaw was found by fuzzing and reported to the maintainers, who published a fix.`,
  Severity: v.severity,
  CweIDs: ['CWE-125'],
  VendorSeverity: { debian: 2, nvd: 3, redhat: 2 },
  CVSS: { nvd: { V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', V3Score: 7.5 }, redhat: { V3Vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', V3Score: 5.9 } },
  References: [
    `https://access.redhat.com/security/cve/${v.id}`,
    `https://nvd.nist.gov/vuln/detail/${v.id}`,
    `https://security-tracker.debian.org/tracker/${v.id}`,
    `https://www.cve.org/CVERecord?id=${v.id}`,
  ],
  PublishedDate: '2025-03-04T17:15:00Z',
  LastModifiedDate: '2025-06-20T12:30:00Z',
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
      const p = Math.floor(i / 6);
      vulnerabilities.push({ id: `CVE-2025-${10000 + i}`, pkg: `lib-${p}`, installed: `1.${p % 7}.0`, ...(i % 9 === 0 ? {} : { fixed: `1.${p % 7}.${1 + (i % 3)}` }), severity: severities[i % 5]! });
    }
    text = JSON.stringify(trivyReport('shop/big:2.0', [], vulnerabilities));
    if (text.length >= megabytes * 1024 * 1024) return { text, findings: vulnerabilities.length };
  }
}

export const kevExcerpt = readFileSync(path.resolve('tests/fixtures/fix-first/kev-excerpt.json'), 'utf8');
