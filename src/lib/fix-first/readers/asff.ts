/**
 * Security Hub findings in the AWS Security Finding Format (`aws securityhub get-findings`):
 * `Findings[]`, each with `Vulnerabilities[]` and their `VulnerablePackages[]`; each package of
 * each vulnerability is a finding here. Findings whose workflow is RESOLVED or SUPPRESSED, or whose
 * record is ARCHIVED, are left out (fixed, or set aside by the team).
 * `ExploitAvailable` is not CISA's list, so it does not mark a finding as known exploited.
 */
import { asList, asRecord, asText, distinctTexts, epssFrom, severityFromScore, severityFromWord, type Finding, type Severity } from '../model.ts';
import { ecosystemOfManager, packageVersion, whereKindOf } from './aws-shared.ts';

export function isAsff(value: unknown): boolean {
  const findings = asRecord(value)?.['Findings'];
  return Array.isArray(findings) && findings.some((f) => asRecord(f)?.['Vulnerabilities'] !== undefined || asRecord(f)?.['ProductArn'] !== undefined);
}

/** The OS family of a package from its vendor's advisory name (ALAS is Amazon Linux, and so on). */
function familyFromVendor(vendor: string | undefined): string {
  const v = (vendor ?? '').toUpperCase();
  if (/ALAS|AMAZON|REDHAT|RHSA|CENTOS|ORACLE|SUSE|ALMA|ROCKY/.test(v)) return 'rpm';
  if (/UBUNTU|DEBIAN/.test(v)) return 'debian';
  if (/ALPINE/.test(v)) return 'alpine';
  return 'os';
}

export function readAsff(value: unknown): Finding[] {
  const out: Finding[] = [];
  for (const f of asList(asRecord(value)?.['Findings'])) {
    const finding = asRecord(f);
    if (!finding) continue;
    const workflow = asText(asRecord(finding['Workflow'])?.['Status']);
    if (workflow === 'RESOLVED' || workflow === 'SUPPRESSED' || finding['RecordState'] === 'ARCHIVED') continue;
    const resource = asRecord(asList(finding['Resources'])[0]) ?? {};
    const image = asRecord(asRecord(resource['Details'])?.['AwsEcrContainerImage']);
    const tag = asText(asList(image?.['ImageTags'])[0]);
    const where = image && asText(image['RepositoryName']) ? `${asText(image['RepositoryName'])}${tag ? `:${tag}` : ''}` : (asText(resource['Id']) ?? 'an AWS resource');
    const whereKind = whereKindOf(asText(resource['Type']));
    for (const v of asList(finding['Vulnerabilities'])) {
      const vulnerability = asRecord(v);
      const id = asText(vulnerability?.['Id']);
      if (!vulnerability || !id) continue;
      const vendor = asRecord(vulnerability['Vendor']);
      const scores = asList(vulnerability['Cvss'])
        .map((c) => asRecord(c)?.['BaseScore'])
        .filter((s): s is number => typeof s === 'number');
      const severity: Severity =
        severityFromWord(asRecord(finding['Severity'])?.['Label']) ??
        severityFromWord(vendor?.['VendorSeverity']) ??
        severityFromScore(scores.length > 0 ? Math.max(...scores) : undefined) ??
        'UNKNOWN';
      for (const p of asList(vulnerability['VulnerablePackages'])) {
        const pkg = asRecord(p);
        const name = asText(pkg?.['Name']);
        if (!pkg || !name) continue;
        const manager = asText(pkg['PackageManager']);
        // An OS package's family is not named in ASFF; the vendor's advisory name tells it.
        const ecosystem = manager && manager.toUpperCase() !== 'OS' ? ecosystemOfManager(manager, undefined) : familyFromVendor(asText(vendor?.['Name']));
        const fixed = asText(pkg['FixedInVersion']);
        out.push({
          where,
          whereKind,
          package: name,
          ecosystem,
          installed: packageVersion(pkg['Epoch'], pkg['Version'], pkg['Release']),
          id,
          aliases: distinctTexts(asList(vulnerability['RelatedVulnerabilities']), [id]),
          severity,
          epss: epssFrom(vulnerability['EpssScore']),
          kev: false,
          fixedIn: fixed && fixed !== 'NotAvailable' && vulnerability['FixAvailable'] !== 'NO' ? [fixed] : [],
        });
      }
    }
  }
  return out;
}
