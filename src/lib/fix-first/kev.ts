/**
 * CISA's Known Exploited Vulnerabilities catalogue (known_exploited_vulnerabilities.json, from
 * cisa.gov): the holes attackers are using now. Only `vulnerabilities[].cveID` is read.
 */
import { asList, asRecord, asText } from './model.ts';

export function isKevCatalog(value: unknown): boolean {
  const root = asRecord(value);
  const list = root?.['vulnerabilities'];
  return Array.isArray(list) && ('catalogVersion' in (root ?? {}) || list.some((v) => asRecord(v)?.['cveID'] !== undefined));
}

/** The catalogue's CVE IDs in upper case, or a plain error when the file is something else. */
export function readKev(value: unknown): { ok: true; ids: Set<string> } | { ok: false; error: string } {
  if (!isKevCatalog(value))
    return {
      ok: false,
      error: 'this is not CISA’s list of known exploited vulnerabilities. Download known_exploited_vulnerabilities.json from cisa.gov (the JSON, not the CSV).',
    };
  const ids = new Set<string>();
  for (const v of asList(asRecord(value)?.['vulnerabilities'])) {
    const id = asText(asRecord(v)?.['cveID']);
    if (id) ids.add(id.toUpperCase());
  }
  return { ok: true, ids };
}
