/**
 * Amazon Inspector (v2) findings, as `aws inspector2 list-findings` prints them or an export saves
 * them: `findings[]`, each with `packageVulnerabilityDetails` naming the vulnerable packages. Each
 * package of a finding is a finding here. Findings Inspector has closed or that were suppressed
 * are left out: Inspector no longer sees them, or the team chose to.
 * `exploitAvailable` is not CISA's list (a public exploit is not proof of attacks), so it does
 * not mark a finding as known exploited; give the KEV file for that.
 */
import { asList, asRecord, asText, distinctTexts, epssFrom, severityFromScore, severityFromWord, type Finding, type Severity } from '../model.ts';
import { ecosystemOfManager, packageVersion, whereKindOf } from './aws-shared.ts';

export function isInspector(value: unknown): boolean {
  const findings = asRecord(value)?.['findings'];
  return Array.isArray(findings) && findings.some((f) => asRecord(f)?.['packageVulnerabilityDetails'] !== undefined || asRecord(f)?.['findingArn'] !== undefined);
}

function whereOf(finding: Record<string, unknown>): { where: string; kind: ReturnType<typeof whereKindOf>; platform: string | undefined } {
  const resource = asRecord(asList(finding['resources'])[0]) ?? {};
  const details = asRecord(resource['details']) ?? {};
  const kind = whereKindOf(asText(resource['type']));
  const image = asRecord(details['awsEcrContainerImage']);
  const instance = asRecord(details['awsEc2Instance']);
  const lambda = asRecord(details['awsLambdaFunction']);
  const id = asText(resource['id']) ?? 'an AWS resource';
  if (image) {
    const name = asText(image['repositoryName']);
    const tag = asText(asList(image['imageTags'])[0]);
    return { where: name ? `${name}${tag ? `:${tag}` : ''}` : id, kind, platform: asText(image['platform']) };
  }
  if (lambda) return { where: asText(lambda['functionName']) ?? id, kind, platform: asText(lambda['runtime']) };
  return { where: id, kind, platform: asText(instance?.['platform']) };
}

export function readInspector(value: unknown): Finding[] {
  const out: Finding[] = [];
  for (const f of asList(asRecord(value)?.['findings'])) {
    const finding = asRecord(f);
    const details = asRecord(finding?.['packageVulnerabilityDetails']);
    if (!finding || !details) continue;
    if (finding['status'] === 'CLOSED' || finding['status'] === 'SUPPRESSED') continue;
    const id = asText(details['vulnerabilityId']);
    if (!id) continue;
    const { where, kind, platform } = whereOf(finding);
    const scores = asList(details['cvss'])
      .map((c) => asRecord(c)?.['baseScore'])
      .filter((s): s is number => typeof s === 'number');
    // Inspector's own severity; UNTRIAGED means it has none yet, then the vendor's word or the score.
    const severity: Severity =
      severityFromWord(finding['severity']) ?? severityFromWord(details['vendorSeverity']) ?? severityFromScore(scores.length > 0 ? Math.max(...scores) : undefined) ?? 'UNKNOWN';
    for (const p of asList(details['vulnerablePackages'])) {
      const pkg = asRecord(p);
      const name = asText(pkg?.['name']);
      if (!pkg || !name) continue;
      const fixed = asText(pkg['fixedInVersion']);
      out.push({
        where,
        whereKind: kind,
        package: name,
        ecosystem: ecosystemOfManager(asText(pkg['packageManager']), platform),
        installed: packageVersion(pkg['epoch'], pkg['version'], pkg['release']),
        id,
        aliases: distinctTexts(asList(details['relatedVulnerabilities']), [id]),
        severity,
        epss: epssFrom(asRecord(finding['epss'])?.['score']),
        kev: false,
        // Inspector writes "NotAvailable" where it knows of no fix.
        fixedIn: fixed && fixed !== 'NotAvailable' && finding['fixAvailable'] !== 'NO' ? [fixed] : [],
      });
    }
  }
  return out;
}
