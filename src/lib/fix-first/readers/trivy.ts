/**
 * Trivy JSON (`trivy image|fs|repo --format json`, SchemaVersion 2): every entry of
 * `Results[].Vulnerabilities[]` is a finding, except those Trivy marks `Status: "not_affected"`.
 * Trivy names several fixes in one `FixedVersion`, separated by commas (one per release line).
 */
import { asList, asRecord, asText, distinctTexts, severityFromScore, severityFromWord, type Finding, type Severity, type WhereKind } from '../model.ts';

/** A Trivy report: SchemaVersion 2 with Results (absent when nothing was found) or an ArtifactName. */
export function isTrivy(value: unknown): boolean {
  const root = asRecord(value);
  return root !== undefined && typeof root['SchemaVersion'] === 'number' && ('Results' in root || 'ArtifactName' in root);
}

/** The ecosystem of a language package, from its package URL or the file Trivy found it in. */
function ecosystemOf(entry: Record<string, unknown>, resultType: string): string {
  const purl = asText(asRecord(entry['PkgIdentifier'])?.['PURL']);
  const type = purl ? /^pkg:([^/]+)\//.exec(purl)?.[1] : undefined;
  if (type) return type === 'deb' ? 'debian' : type === 'apk' ? 'alpine' : type === 'golang' ? 'go' : type;
  // Older reports have no package URL; a package found in a file (PkgPath) is a language package
  // even inside an OS result (Trivy 0.4x listed npm's own modules so).
  const pkgPath = asText(entry['PkgPath']);
  if (pkgPath) {
    if (/node_modules|package(-lock)?\.json$/.test(pkgPath)) return 'npm';
    if (/\.(jar|war|ear)$/.test(pkgPath)) return 'maven';
    if (/site-packages|dist-packages|\.dist-info|\.egg-info/.test(pkgPath)) return 'pypi';
    if (/\.gemspec$/.test(pkgPath)) return 'rubygems';
    return 'binary';
  }
  return resultType.toLowerCase();
}

/** The report's severity; where it says UNKNOWN, the highest CVSS score any source gives. */
function severityOf(entry: Record<string, unknown>): Severity {
  const word = severityFromWord(entry['Severity']);
  if (word) return word;
  const scores = Object.values(asRecord(entry['CVSS']) ?? {}).flatMap((s) => {
    const r = asRecord(s);
    return [r?.['V3Score'], r?.['V40Score'], r?.['V2Score']].filter((x): x is number => typeof x === 'number');
  });
  return severityFromScore(scores.length > 0 ? Math.max(...scores) : undefined) ?? 'UNKNOWN';
}

export function readTrivy(value: unknown): Finding[] {
  const root = asRecord(value) ?? {};
  const artifactType = asText(root['ArtifactType']) ?? '';
  const metadata = asRecord(root['Metadata']);
  const whereKind: WhereKind = artifactType === 'container_image' ? 'image' : artifactType === 'vm' ? 'host' : 'files';
  // The image as the user named it; some reports have it blanked, then the tag or the OS result's target.
  const imageName = asText(root['ArtifactName']) ?? asText(asList(metadata?.['RepoTags'])[0]) ?? asText(metadata?.['Reference']);
  const findings: Finding[] = [];
  for (const r of asList(root['Results'])) {
    const result = asRecord(r);
    if (!result) continue;
    const target = asText(result['Target']) ?? '';
    const where = whereKind === 'files' && result['Class'] === 'lang-pkgs' ? target : (imageName ?? target.replace(/\s*\([^)]*\)\s*$/, '')) || 'the scanned files';
    for (const v of asList(result['Vulnerabilities'])) {
      const entry = asRecord(v);
      if (!entry || entry['Status'] === 'not_affected') continue;
      const id = asText(entry['VulnerabilityID']);
      const pkg = asText(entry['PkgName']);
      if (!id || !pkg) continue;
      findings.push({
        where,
        whereKind,
        package: pkg,
        ecosystem: ecosystemOf(entry, asText(result['Type']) ?? ''),
        installed: asText(entry['InstalledVersion']) ?? '',
        id,
        aliases: distinctTexts(asList(entry['VendorIDs']), [id]),
        severity: severityOf(entry),
        epss: null,
        kev: false,
        fixedIn: distinctTexts((asText(entry['FixedVersion']) ?? '').split(',')),
      });
    }
  }
  return findings;
}
