/**
 * Fix first: the shapes shared by the readers, the plan and the words. The method is
 * ../shared/reference/fix-first.md: a finding is one vulnerability on one package at one place;
 * work is grouped into upgrades (where, package, installed version), each in the most urgent
 * bucket of its findings. Pure data and functions: no DOM, no Node, so the page's Worker can use it.
 */

/** The report's own severity, in the reference's words (CVSS scores are turned into these). */
export const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type Severity = (typeof severities)[number];

/** Most urgent first. */
export const buckets = ['today', 'this-week', 'this-month', 'later', 'no-fix-yet'] as const;
export type Bucket = (typeof buckets)[number];

/**
 * What kind of place `where` names. It decides whether "rebuild on a current base image" can fix
 * the OS packages there: only for an image, never for a running server or a folder of lockfiles.
 */
export type WhereKind = 'image' | 'host' | 'function' | 'files';

/** One vulnerability ID on one package at one place, as a scanner reported it. */
export interface Finding {
  /** The image, server, function or lockfile folder the package is in, as the report names it. */
  where: string;
  whereKind: WhereKind;
  package: string;
  /** The package's ecosystem in lower case ("debian", "rpm", "alpine", "npm", "go", "pypi", ...); decides how versions compare. */
  ecosystem: string;
  installed: string;
  id: string;
  /** Other IDs for the same hole (a CVE for a GHSA, and so on); the KEV file is matched against these too. */
  aliases: string[];
  severity: Severity;
  /** The report's probability that it is exploited in the next 30 days (0-1), or null where it gives none. */
  epss: number | null;
  /** The report itself says it is known to be exploited. */
  kev: boolean;
  /** Versions the report names as fixing it; empty when none is named (then there is no fix yet). */
  fixedIn: string[];
}

/** A finding as the output shows it; `kev` is true when the report or the KEV file says so. */
export interface PlanFinding {
  id: string;
  aliases: string[];
  severity: Severity;
  epss: number | null;
  kev: boolean;
  fixedIn: string[];
}

/**
 * One unit of work. `target` is the version to upgrade to, a list of choices where the versions
 * cannot be put in order, or null when nothing fixes it yet. A rebuild step has `package`,
 * `installed` and `target` null and no findings of its own (its upgrades follow it and hold them).
 */
export interface Upgrade {
  where: string;
  package: string | null;
  installed: string | null;
  target: string | string[] | null;
  bucket: Bucket;
  findings: PlanFinding[];
  why: string;
  /** The upgrade as one plain line ("Upgrade openssl 3.0.2 → 3.0.13 in image web:1.4 — fixes ..."). */
  line: string;
}

export interface Plan {
  upgrades: Upgrade[];
  /** Findings per bucket, each counted in its own bucket (not its upgrade's). */
  counts: Record<Bucket, number>;
}

/** The scanner formats read, with the words used for them in messages. */
export const formats = {
  trivy: 'Trivy JSON',
  grype: 'Grype JSON',
  'osv-scanner': 'OSV-Scanner JSON',
  inspector: 'Amazon Inspector findings',
  asff: 'Security Hub findings (ASFF)',
  dependabot: 'GitHub Dependabot alerts',
} as const;
export type FormatId = keyof typeof formats;

/** Severity from a word in any case; GitHub's "moderate" is medium. Unknown words are UNKNOWN. */
export function severityFromWord(word: unknown): Severity | undefined {
  if (typeof word !== 'string') return undefined;
  const w = word.trim().toUpperCase();
  if (w === 'MODERATE') return 'MEDIUM';
  if (w === 'IMPORTANT') return 'HIGH';
  if (w === 'NEGLIGIBLE' || w === 'UNIMPORTANT' || w === 'INFORMATIONAL') return 'LOW';
  return (severities as readonly string[]).includes(w) && w !== 'UNKNOWN' ? (w as Severity) : undefined;
}

/** The reference's rule for a score alone: 9.0 or more is critical, 7.0 or more high; lower scores give medium or low as CVSS names them. */
export function severityFromScore(score: unknown): Severity | undefined {
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0) return undefined;
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  if (score > 0) return 'LOW';
  return undefined;
}

/** An EPSS probability if the value is one (0-1), else null. */
export function epssFrom(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 1 ? n : null;
}

/** A record (plain object) or undefined; the readers walk untrusted JSON with it. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A list or an empty list. */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A non-empty trimmed string or undefined. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The distinct non-empty strings of a list, in first-seen order, leaving out `except`. */
export function distinctTexts(values: readonly unknown[], except: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const v of values) {
    const t = asText(v);
    if (t !== undefined && !out.includes(t) && !except.includes(t)) out.push(t);
  }
  return out;
}

/**
 * One upgrade's lasting name, for ticks kept in the browser and for exports: the same report
 * planned again gives the same key, and a rebuild step is keyed by its image alone.
 */
export function upgradeKey(u: Pick<Upgrade, 'where' | 'package' | 'installed'>): string {
  return u.package === null ? `rebuild\u0000${u.where}` : `${u.where}\u0000${u.package}\u0000${u.installed ?? ''}`;
}
