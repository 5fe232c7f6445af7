/**
 * GitHub Dependabot alerts, as the REST API lists them (`gh api repos/OWNER/REPO/dependabot/alerts`,
 * or the organisation's list, whose alerts name their repository): a JSON list of alerts. Each open
 * alert is a finding; dismissed and fixed ones are left out.
 * The API names the installed version only since October 2026 (`dependency.version_requirement`);
 * for older alerts the vulnerable range ("< 4.17.21") stands in for it.
 */
import { asList, asRecord, asText, distinctTexts, epssFrom, severityFromScore, severityFromWord, type Finding, type Severity } from '../model.ts';

export function isDependabot(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((a) => asRecord(a)?.['security_advisory'] !== undefined && asRecord(a)?.['dependency'] !== undefined);
}

export function readDependabot(value: unknown): Finding[] {
  const out: Finding[] = [];
  for (const a of asList(value)) {
    const alert = asRecord(a);
    if (!alert || (alert['state'] !== undefined && alert['state'] !== 'open')) continue;
    const dependency = asRecord(alert['dependency']) ?? {};
    const advisory = asRecord(alert['security_advisory']) ?? {};
    const vulnerability = asRecord(alert['security_vulnerability']) ?? {};
    const pkg = asRecord(dependency['package']) ?? asRecord(vulnerability['package']) ?? {};
    const name = asText(pkg['name']);
    const id = asText(advisory['cve_id']) ?? asText(advisory['ghsa_id']);
    if (!name || !id) continue;
    const repository = asText(asRecord(alert['repository'])?.['full_name']);
    const manifest = asText(dependency['manifest_path']) ?? 'the repository';
    const score = asRecord(advisory['cvss'])?.['score'];
    const severity: Severity = severityFromWord(vulnerability['severity']) ?? severityFromWord(advisory['severity']) ?? severityFromScore(score) ?? 'UNKNOWN';
    const patched = asText(asRecord(vulnerability['first_patched_version'])?.['identifier']);
    out.push({
      where: repository ? `${repository}: ${manifest}` : manifest,
      whereKind: 'files',
      package: name,
      ecosystem: asText(pkg['ecosystem']) ?? 'unknown',
      installed: asText(dependency['version_requirement']) ?? asText(vulnerability['vulnerable_version_range']) ?? '',
      id,
      aliases: distinctTexts([advisory['ghsa_id'], advisory['cve_id'], ...asList(advisory['identifiers']).map((i) => asRecord(i)?.['value'])], [id]),
      severity,
      epss: epssFrom(asRecord(advisory['epss'])?.['percentage']),
      kev: false,
      fixedIn: patched ? [patched] : [],
    });
  }
  return out;
}
