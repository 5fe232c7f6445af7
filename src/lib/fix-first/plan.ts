/**
 * The order of work (../shared/reference/fix-first.md): findings grouped into upgrades by (where,
 * package, installed version); each finding in a bucket by its own facts, each upgrade in the most
 * urgent bucket of its findings; upgrades ordered by bucket, then known exploited first, higher
 * EPSS, more findings fixed, name. An image whose findings are mostly OS packages with fixes gets
 * one step first: rebuild it on a current base image.
 */
import { buckets, type Bucket, type Finding, type Plan, type Severity, type Upgrade } from './model.ts';
import { compareVersions, isOsPackage, newestVersion, schemeOf } from './versions.ts';
import { rebuildWords, upgradeWhy, upgradeWords } from './words.ts';

export type { Plan, PlanFinding, Upgrade } from './model.ts';

const order = (b: Bucket): number => buckets.indexOf(b);
/** One collator for all name comparisons: `localeCompare` with a locale builds one per call, which a 20 MB report feels. */
const byName = new Intl.Collator('en').compare;
const rank: Record<Severity, number> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1, UNKNOWN: 0 };

/** True when the finding is known to be exploited: the report says so, or its ID or an alias is in the KEV file. */
export function knownExploited(f: Pick<Finding, 'kev' | 'id' | 'aliases'>, kevIds: ReadonlySet<string>): boolean {
  return f.kev || kevIds.has(f.id.toUpperCase()) || f.aliases.some((a) => kevIds.has(a.toUpperCase()));
}

/** A finding's bucket, by the reference's table. */
export function bucketOf(f: Pick<Finding, 'severity' | 'epss' | 'fixedIn'>, exploited: boolean): Bucket {
  if (f.fixedIn.length === 0) return 'no-fix-yet';
  if (exploited) return 'today';
  const likely = f.epss !== null && f.epss >= 0.1;
  if (f.severity === 'CRITICAL' || (likely && f.severity === 'HIGH')) return 'this-week';
  if (f.severity === 'HIGH' || likely) return 'this-month';
  return 'later';
}

/**
 * The version that fixes one finding: the oldest named fix newer than what is installed (a report
 * may name one fix per release line). Undefined without a fix; a list where they cannot be ordered.
 */
export function fixOf(f: Pick<Finding, 'ecosystem' | 'installed' | 'fixedIn'>): { version: string } | { choices: string[] } | undefined {
  if (f.fixedIn.length === 0) return undefined;
  if (f.fixedIn.length === 1) return { version: f.fixedIn[0]! };
  const newer = f.fixedIn.filter((v) => {
    const c = compareVersions(f.ecosystem, v, f.installed);
    return c === undefined || c > 0;
  });
  const candidates = newer.length > 0 ? newer : f.fixedIn;
  let oldest = candidates[0]!;
  for (const v of candidates.slice(1)) {
    const c = compareVersions(f.ecosystem, v, oldest);
    if (c === undefined) return { choices: candidates };
    if (c < 0) oldest = v;
  }
  return { version: oldest };
}

/** The target of a group: the newest of its findings' fixes (so every finding with a fix is fixed), or the choices. */
function targetOf(group: readonly Finding[]): string | string[] | null {
  const fixes = group.map(fixOf).filter((x) => x !== undefined);
  if (fixes.length === 0) return null;
  const choices = fixes.flatMap((x) => ('version' in x ? [x.version] : x.choices));
  if (fixes.some((x) => 'choices' in x)) return [...new Set(choices)];
  // The same name and version from two ecosystems (a system package and a library) in one place:
  // their versions follow different rules, so they are not compared.
  if (new Set(group.map((f) => schemeOf(f.ecosystem))).size > 1) return new Set(choices).size === 1 ? choices[0]! : [...new Set(choices)];
  const newest = newestVersion(group[0]!.ecosystem, choices);
  if (!newest) return null;
  return 'version' in newest ? newest.version : newest.choices;
}

// Keys joined with a character no report puts in a name (faster than JSON.stringify on big reports).
const keyOf = (f: Pick<Finding, 'where' | 'package' | 'installed'>): string => `${f.where}\u0000${f.package}\u0000${f.installed}`;

/**
 * One finding per (where, package, installed, ID): two reports of the same image, or a scanner that
 * lists a package twice, would otherwise count the same hole twice. The merged finding keeps every
 * fix and alias named, the worst severity, the highest EPSS and any KEV mark.
 */
export function distinctFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${keyOf(f)}\u0000${f.id}`;
    const had = seen.get(key);
    if (!had) {
      seen.set(key, { ...f, aliases: [...f.aliases], fixedIn: [...f.fixedIn] });
      continue;
    }
    for (const a of f.aliases) if (!had.aliases.includes(a)) had.aliases.push(a);
    for (const v of f.fixedIn) if (!had.fixedIn.includes(v)) had.fixedIn.push(v);
    if (rank[f.severity] > rank[had.severity]) had.severity = f.severity;
    if (f.epss !== null && (had.epss === null || f.epss > had.epss)) had.epss = f.epss;
    had.kev ||= f.kev;
  }
  return [...seen.values()];
}

interface Work {
  upgrade: Upgrade;
  exploited: boolean;
  epss: number;
  size: number;
  isOs: boolean;
  whereKind: Finding['whereKind'];
}

/** Within a bucket: known exploited first, then higher EPSS, more findings fixed, then by name. */
export function compareWork(a: Pick<Work, 'exploited' | 'epss' | 'size'> & { upgrade: Pick<Upgrade, 'bucket' | 'package' | 'where' | 'installed'> }, b: typeof a): number {
  return (
    order(a.upgrade.bucket) - order(b.upgrade.bucket) ||
    Number(b.exploited) - Number(a.exploited) ||
    b.epss - a.epss ||
    b.size - a.size ||
    byName(a.upgrade.package ?? '', b.upgrade.package ?? '') ||
    byName(a.upgrade.where, b.upgrade.where) ||
    byName(a.upgrade.installed ?? '', b.upgrade.installed ?? '')
  );
}

/** The plan for the findings of one or more reports, with CISA's KEV IDs (upper case) when given. */
export function planFixes(findings: readonly Finding[], kevIds: ReadonlySet<string> = new Set()): Plan {
  const counts = Object.fromEntries(buckets.map((b) => [b, 0])) as Record<Bucket, number>;
  const groups = new Map<string, Finding[]>();
  for (const f of distinctFindings(findings)) {
    const list = groups.get(keyOf(f));
    if (list) list.push(f);
    else groups.set(keyOf(f), [f]);
  }
  const work: Work[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const rows = group.map((f) => {
      const exploited = knownExploited(f, kevIds);
      const bucket = bucketOf(f, exploited);
      counts[bucket]++;
      return { f, exploited, bucket };
    });
    rows.sort(
      (x, y) =>
        order(x.bucket) - order(y.bucket) || Number(y.exploited) - Number(x.exploited) || (y.f.epss ?? -1) - (x.f.epss ?? -1) || rank[y.f.severity] - rank[x.f.severity] || byName(x.f.id, y.f.id),
    );
    const bucket = rows[0]!.bucket;
    const upgrade: Upgrade = {
      where: first.where,
      package: first.package,
      installed: first.installed,
      target: targetOf(group),
      bucket,
      findings: rows.map(({ f, exploited }) => ({ id: f.id, aliases: f.aliases, severity: f.severity, epss: f.epss, kev: exploited, fixedIn: f.fixedIn })),
      why: '',
      line: '',
    };
    upgrade.why = upgradeWhy(upgrade);
    upgrade.line = upgradeWords(upgrade, first.whereKind);
    work.push({
      upgrade,
      exploited: rows.some((r) => r.exploited),
      epss: Math.max(-1, ...rows.map((r) => r.f.epss ?? -1)),
      size: rows.length,
      isOs: isOsPackage(first.ecosystem),
      whereKind: first.whereKind,
    });
  }
  work.sort(compareWork);
  return { upgrades: withRebuildSteps(work), counts };
}

/**
 * Puts "Rebuild IMAGE on a current base image" before the first upgrade of an image when most of
 * the image's findings are OS packages with a fix: a newer base image fixes those together.
 */
function withRebuildSteps(work: readonly Work[]): Upgrade[] {
  const perImage = new Map<string, { total: number; osFixed: number; upgrades: Set<Work> }>();
  for (const w of work) {
    if (w.whereKind !== 'image') continue;
    const entry = perImage.get(w.upgrade.where) ?? { total: 0, osFixed: 0, upgrades: new Set<Work>() };
    entry.total += w.upgrade.findings.length;
    if (w.isOs) entry.osFixed += w.upgrade.findings.filter((f) => f.fixedIn.length > 0).length;
    if (w.isOs && w.upgrade.target !== null) entry.upgrades.add(w);
    perImage.set(w.upgrade.where, entry);
  }
  const out: Upgrade[] = [];
  const done = new Set<string>();
  for (const w of work) {
    const image = perImage.get(w.upgrade.where);
    if (image && !done.has(w.upgrade.where) && image.osFixed * 2 > image.total && image.upgrades.has(w)) {
      done.add(w.upgrade.where);
      const step: Upgrade = { where: w.upgrade.where, package: null, installed: null, target: null, bucket: w.upgrade.bucket, findings: [], why: '', line: '' };
      const words = rebuildWords(w.upgrade.where, image.osFixed, image.upgrades.size);
      step.line = words.line;
      step.why = words.why;
      out.push(step);
    }
    out.push(w.upgrade);
  }
  return out;
}

/** The plan as the reference's JSON: `line` is left out, it is for the words only. */
export function planJson(plan: Plan): { upgrades: Omit<Upgrade, 'line'>[]; counts: Record<Bucket, number> } {
  return {
    upgrades: plan.upgrades.map(({ where, package: pkg, installed, target, bucket, findings, why }) => ({ where, package: pkg, installed, target, bucket, findings, why })),
    counts: plan.counts,
  };
}
