/**
 * Grype JSON (`grype IMAGE -o json`): every entry of `matches[]` is a finding, whatever its
 * `fix.state` ("not-fixed" and "wont-fix" included); a fix exists only where `fix.versions` names one.
 * Newer Grype adds `vulnerability.epss[]` and `vulnerability.knownExploited[]` (CISA's list).
 */
import { asList, asRecord, asText, distinctTexts, epssFrom, severityFromScore, severityFromWord, type Finding, type Severity, type WhereKind } from '../model.ts';

export function isGrype(value: unknown): boolean {
  const root = asRecord(value);
  return root !== undefined && Array.isArray(root['matches']) && ('source' in root || 'descriptor' in root || 'distro' in root);
}

function highestScore(records: readonly unknown[]): number | undefined {
  const scores = records.flatMap((r) => asList(asRecord(r)?.['cvss']).map((c) => asRecord(asRecord(c)?.['metrics'])?.['baseScore']));
  const numbers = scores.filter((s): s is number => typeof s === 'number');
  return numbers.length > 0 ? Math.max(...numbers) : undefined;
}

const rank: Record<Severity, number> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1, UNKNOWN: 0 };

/**
 * The match's own severity; where Grype gives none or "Unknown" (it happens: a CVE matched through
 * its GitHub advisory), the highest severity of the related records Grype lists with it, then scores.
 */
function severityOf(vulnerability: Record<string, unknown>, related: readonly unknown[]): Severity {
  const own = severityFromWord(vulnerability['severity']);
  if (own) return own;
  const words = related.map((r) => severityFromWord(asRecord(r)?.['severity'])).filter((s): s is Severity => s !== undefined);
  if (words.length > 0) return words.reduce((a, b) => (rank[b] > rank[a] ? b : a));
  return severityFromScore(highestScore([vulnerability]) ?? highestScore(related)) ?? 'UNKNOWN';
}

function whereOf(root: Record<string, unknown>): { where: string; whereKind: WhereKind } {
  const source = asRecord(root['source']);
  const target = source?.['target'];
  const t = asRecord(target);
  if (source?.['type'] === 'image') {
    return { where: asText(t?.['userInput']) ?? asText(asList(t?.['tags'])[0]) ?? asText(t?.['imageID']) ?? 'the scanned image', whereKind: 'image' };
  }
  return { where: asText(target) ?? asText(t?.['userInput']) ?? asText(t?.['path']) ?? 'the scanned files', whereKind: 'files' };
}

export function readGrype(value: unknown): Finding[] {
  const root = asRecord(value) ?? {};
  const { where, whereKind } = whereOf(root);
  const findings: Finding[] = [];
  for (const m of asList(root['matches'])) {
    const match = asRecord(m);
    const vulnerability = asRecord(match?.['vulnerability']);
    const artifact = asRecord(match?.['artifact']);
    const id = asText(vulnerability?.['id']);
    const pkg = asText(artifact?.['name']);
    if (!match || !vulnerability || !artifact || !id || !pkg) continue;
    const related = asList(match['relatedVulnerabilities']);
    const epss = asList(vulnerability['epss'])
      .map((e) => epssFrom(asRecord(e)?.['epss']))
      .filter((e): e is number => e !== null);
    findings.push({
      where,
      whereKind,
      package: pkg,
      ecosystem: asText(artifact['type']) ?? 'unknown',
      installed: asText(artifact['version']) ?? '',
      id,
      aliases: distinctTexts(
        related.map((r) => asRecord(r)?.['id']),
        [id],
      ),
      severity: severityOf(vulnerability, related),
      epss: epss.length > 0 ? Math.max(...epss) : null,
      kev: asList(vulnerability['knownExploited']).length > 0,
      fixedIn: distinctTexts(asList(asRecord(vulnerability['fix'])?.['versions'])),
    });
  }
  return findings;
}
