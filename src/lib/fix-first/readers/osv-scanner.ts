/**
 * OSV-Scanner JSON (`osv-scanner --format json`): `results[].packages[]`, each with its
 * `vulnerabilities[]` (full OSV records) and `groups[]`. OSV lists the same hole once per database
 * (a GitHub advisory and a RustSec one, say); osv-scanner's `groups` says which records are one
 * hole, so a finding is one group: its first ID, the others as aliases.
 * A record's fixed versions are the `fixed` events of its ranges for this package; those above the
 * installed version that no record of the group still calls affected are the fixes.
 */
import { compareVersions } from '../versions.ts';
import { asList, asRecord, asText, distinctTexts, severityFromScore, severityFromWord, type Finding, type Severity } from '../model.ts';

export function isOsvScanner(value: unknown): boolean {
  const root = asRecord(value);
  const results = root?.['results'];
  return Array.isArray(results) && results.every((r) => Array.isArray(asRecord(r)?.['packages']) || asRecord(r)?.['source'] !== undefined);
}

const rank: Record<Severity, number> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1, UNKNOWN: 0 };
const worse = (a: Severity, b: Severity): Severity => (rank[b] > rank[a] ? b : a);

/** The same package in a record's `affected[]`: same name, same ecosystem family ("Debian:10" matches "Debian:11"). */
function affectedEntries(record: Record<string, unknown>, name: string, ecosystem: string): Record<string, unknown>[] {
  const family = ecosystem.split(':')[0]!.toLowerCase();
  return asList(record['affected'])
    .map(asRecord)
    .filter((a): a is Record<string, unknown> => {
      const p = asRecord(a?.['package']);
      return asText(p?.['name']) === name && (asText(p?.['ecosystem']) ?? '').split(':')[0]!.toLowerCase() === family;
    });
}

/** Version spans a record calls affected, from its ranges' events in order (OSV schema "Evaluation"). */
function affectedSpans(entry: Record<string, unknown>): { from: string; to?: string; through?: string }[] {
  const spans: { from: string; to?: string; through?: string }[] = [];
  for (const r of asList(entry['ranges'])) {
    const range = asRecord(r);
    if (!range || range['type'] === 'GIT') continue;
    let open: string | undefined;
    for (const e of asList(range['events'])) {
      const event = asRecord(e) ?? {};
      const introduced = asText(event['introduced']);
      const fixed = asText(event['fixed']);
      const lastAffected = asText(event['last_affected']);
      if (introduced !== undefined) {
        open = introduced;
      } else if (open !== undefined && fixed !== undefined) {
        spans.push({ from: open, to: fixed });
        open = undefined;
      } else if (open !== undefined && lastAffected !== undefined) {
        spans.push({ from: open, through: lastAffected });
        open = undefined;
      }
    }
    if (open !== undefined) spans.push({ from: open });
  }
  return spans;
}

/** True when `version` is inside a span; undefined when it cannot tell (versions that do not compare). */
function insideSpan(ecosystem: string, version: string, span: { from: string; to?: string; through?: string }): boolean | undefined {
  const after = span.from === '0' ? 1 : compareVersions(ecosystem, version, span.from);
  if (after === undefined) return undefined;
  if (after < 0) return false;
  if (span.to !== undefined) {
    const c = compareVersions(ecosystem, version, span.to);
    return c === undefined ? undefined : c < 0;
  }
  if (span.through !== undefined) {
    const c = compareVersions(ecosystem, version, span.through);
    return c === undefined ? undefined : c <= 0;
  }
  return true;
}

function fixesFor(records: Record<string, unknown>[], name: string, ecosystem: string, installed: string): string[] {
  const entries = records.flatMap((r) => affectedEntries(r, name, ecosystem));
  const named = distinctTexts(entries.flatMap((a) => asList(a['ranges']).flatMap((r) => asList(asRecord(r)?.['events']).map((e) => asRecord(e)?.['fixed']))));
  const spans = entries.flatMap(affectedSpans);
  const kept = named.filter((v) => {
    const above = compareVersions(ecosystem, v, installed);
    if (above === undefined) return true; // cannot tell: keep it as a choice
    if (above <= 0) return false;
    return !spans.some((s) => insideSpan(ecosystem, v, s) === true);
  });
  return kept;
}

function severityOf(records: Record<string, unknown>[], name: string, ecosystem: string, group: Record<string, unknown> | undefined): Severity {
  const score = Number(asText(group?.['max_severity']));
  const fromScore = asText(group?.['max_severity']) !== undefined && Number.isFinite(score) ? severityFromScore(score) : undefined;
  if (fromScore) return fromScore;
  // The databases' own words: GitHub's severity, else a distribution's urgency for this package.
  let found: Severity = 'UNKNOWN';
  for (const r of records) found = worse(found, severityFromWord(asRecord(r['database_specific'])?.['severity']) ?? 'UNKNOWN');
  if (found !== 'UNKNOWN') return found;
  for (const r of records)
    for (const a of affectedEntries(r, name, ecosystem)) {
      found = worse(found, severityFromWord(asRecord(a['ecosystem_specific'])?.['urgency']) ?? 'UNKNOWN');
      found = worse(found, severityFromWord(asRecord(a['database_specific'])?.['severity']) ?? 'UNKNOWN');
    }
  return found;
}

export function readOsvScanner(value: unknown): Finding[] {
  const findings: Finding[] = [];
  for (const r of asList(asRecord(value)?.['results'])) {
    const result = asRecord(r);
    const source = asRecord(result?.['source']);
    const where = asText(source?.['path']) ?? 'the scanned files';
    const whereKind = source?.['type'] === 'docker' || source?.['type'] === 'image' ? 'image' : 'files';
    for (const p of asList(result?.['packages'])) {
      const entry = asRecord(p);
      const pkg = asRecord(entry?.['package']);
      const name = asText(pkg?.['name']);
      if (!entry || !name) continue;
      const ecosystem = asText(pkg?.['ecosystem']) ?? 'unknown';
      const installed = asText(pkg?.['version']) ?? asText(pkg?.['commit']) ?? '';
      const records = asList(entry['vulnerabilities'])
        .map(asRecord)
        .filter((x): x is Record<string, unknown> => x !== undefined && asText(x['id']) !== undefined);
      const byId = new Map(records.map((x) => [asText(x['id'])!, x]));
      // One finding per group; records no group names (older osv-scanner) are a group each.
      const groups = asList(entry['groups'])
        .map(asRecord)
        .filter((g): g is Record<string, unknown> => g !== undefined && distinctTexts(asList(g['ids'])).length > 0);
      const grouped = new Set(groups.flatMap((g) => distinctTexts(asList(g['ids']))));
      const units: { ids: string[]; group?: Record<string, unknown> }[] = [
        ...groups.map((g) => ({ ids: distinctTexts(asList(g['ids'])), group: g })),
        ...[...byId.keys()].filter((id) => !grouped.has(id)).map((id) => ({ ids: [id] })),
      ];
      for (const unit of units) {
        const members = unit.ids.map((id) => byId.get(id)).filter((x): x is Record<string, unknown> => x !== undefined);
        const id = unit.ids[0]!;
        findings.push({
          where,
          whereKind,
          package: name,
          ecosystem,
          installed,
          id,
          aliases: distinctTexts([...unit.ids, ...asList(unit.group?.['aliases']), ...members.flatMap((m) => asList(m['aliases']))], [id]),
          severity: severityOf(members, name, ecosystem, unit.group),
          epss: null,
          kev: false,
          fixedIn: fixesFor(members, name, ecosystem, installed),
        });
      }
    }
  }
  return findings;
}
