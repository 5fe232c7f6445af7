/**
 * Fix first in plain words: one line per upgrade ("Upgrade openssl 3.0.2 → 3.0.13 in image
 * web:1.4 — fixes 12 known holes, 1 of them used by attackers now."), why it is in its bucket, and
 * the plan as text for the command. The bucket words are the reference's own.
 */
import { buckets, type Bucket, type Plan, type Severity, type Upgrade, type WhereKind } from './model.ts';

/** The reference's words for each bucket. */
export const bucketWords: Record<Bucket, string> = {
  today: 'Attackers are using this now',
  'this-week': 'Likely to be used soon',
  'this-month': 'Serious; plan it',
  later: 'Fix with the next routine update',
  'no-fix-yet': 'No fix yet: watch it; here is how to reduce exposure',
};

/** Headings for the plan, most urgent first. */
export const bucketTitles: Record<Bucket, string> = {
  today: 'Today',
  'this-week': 'This week',
  'this-month': 'This month',
  later: 'Later',
  'no-fix-yet': 'No fix yet',
};

/** A heading with the bucket's words: "Today — attackers are using this now". */
export function bucketHeading(b: Bucket): string {
  if (b === 'no-fix-yet') return 'No fix yet — watch it and reduce exposure';
  return `${bucketTitles[b]} — ${bucketWords[b].charAt(0).toLowerCase()}${bucketWords[b].slice(1)}`;
}

const holes = (n: number): string => `${n} known hole${n === 1 ? '' : 's'}`;
const percent = (p: number): string => `${Math.round(p * 100)} %`;

function wherePhrase(where: string, kind: WhereKind): string {
  if (kind === 'image') return `in image ${where}`;
  if (kind === 'host') return `on server ${where}`;
  if (kind === 'function') return `in function ${where}`;
  return `in ${where}`;
}

/** "A, B and 3 more": at most three IDs named. */
function someIds(ids: readonly string[]): string {
  if (ids.length <= 3) return ids.length === 1 ? ids[0]! : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`;
  return `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
}

/** The upgrade as one line. */
export function upgradeWords(u: Pick<Upgrade, 'where' | 'package' | 'installed' | 'target' | 'findings'>, kind: WhereKind): string {
  const pkg = `${u.package}${u.installed ? ` ${u.installed}` : ''}`;
  const place = wherePhrase(u.where, kind);
  const fixed = u.findings.filter((f) => f.fixedIn.length > 0);
  const open = u.findings.length - fixed.length;
  if (u.target === null) {
    // Known exploited with no fix yet is still the most pressing kind of watching: say so.
    const watched = u.findings.filter((f) => f.kev).length;
    const now = watched === 0 ? '' : u.findings.length === 1 ? ', used by attackers now' : `, ${watched} of them used by attackers now`;
    return `Watch ${pkg} ${place} — ${holes(u.findings.length)}${now}, no fix yet.`;
  }
  const exploited = fixed.filter((f) => f.kev).length;
  const used = exploited === 0 ? '' : fixed.length === 1 ? ', used by attackers now' : `, ${exploited} of them used by attackers now`;
  const to = typeof u.target === 'string' ? `→ ${u.target}` : `→ one of ${u.target.join(' or ')} (pick the one for your release line)`;
  const rest = open === 0 ? '' : ` ${open} more ${open === 1 ? 'has' : 'have'} no fix yet.`;
  return `Upgrade ${pkg} ${to} ${place} — fixes ${holes(fixed.length)}${used}.${rest}`;
}

const severityWord: Record<Severity, string> = { CRITICAL: 'critical', HIGH: 'high', MEDIUM: 'medium', LOW: 'low', UNKNOWN: 'not rated' };

/** Why the upgrade is in its bucket, starting with the bucket's words. */
export function upgradeWhy(u: Pick<Upgrade, 'bucket' | 'package' | 'findings'>): string {
  const withFix = u.findings.filter((f) => f.fixedIn.length > 0);
  const noFix = u.findings.length - withFix.length;
  const tail = noFix > 0 && u.bucket !== 'no-fix-yet' ? ` ${noFix === 1 ? '1 other hole has' : `${noFix} other holes have`} no fix yet.` : '';
  switch (u.bucket) {
    case 'today': {
      const ids = withFix.filter((f) => f.kev).map((f) => f.id);
      return `${bucketWords.today}: ${someIds(ids)} ${ids.length === 1 ? 'is' : 'are'} on CISA’s list of holes used in real attacks.${tail}`;
    }
    case 'this-week': {
      const critical = withFix.filter((f) => f.severity === 'CRITICAL').map((f) => f.id);
      if (critical.length > 0) return `${bucketWords['this-week']}: ${someIds(critical)} ${critical.length === 1 ? 'is' : 'are'} rated critical.${tail}`;
      const top = withFix.filter((f) => f.severity === 'HIGH' && (f.epss ?? 0) >= 0.1).sort((a, b) => (b.epss ?? 0) - (a.epss ?? 0))[0]!;
      return `${bucketWords['this-week']}: ${top.id} is rated high, with a ${percent(top.epss!)} chance of attacks in the next 30 days.${tail}`;
    }
    case 'this-month': {
      const high = withFix.filter((f) => f.severity === 'HIGH').map((f) => f.id);
      if (high.length > 0) return `${bucketWords['this-month']}: ${someIds(high)} ${high.length === 1 ? 'is' : 'are'} rated high.${tail}`;
      const top = withFix.filter((f) => (f.epss ?? 0) >= 0.1).sort((a, b) => (b.epss ?? 0) - (a.epss ?? 0))[0]!;
      return `${bucketWords['this-month']}: ${top.id} has a ${percent(top.epss!)} chance of attacks in the next 30 days.${tail}`;
    }
    case 'later': {
      // A later upgrade's holes are, by the table, neither high nor critical, nor likely to be attacked.
      if (withFix.length === 1) {
        const rated = withFix[0]!.severity === 'UNKNOWN' ? 'not rated' : `rated ${severityWord[withFix[0]!.severity]}`;
        return `${bucketWords.later}: the hole it fixes is ${rated}, and nothing says attackers are after it.${tail}`;
      }
      return `${bucketWords.later}: none of the ${withFix.length} holes it fixes is rated high or critical, and nothing says attackers are after them.${tail}`;
    }
    case 'no-fix-yet': {
      const used = u.findings.filter((f) => f.kev).map((f) => f.id);
      const urgent = used.length === 0 ? '' : ` ${someIds(used)} ${used.length === 1 ? 'is' : 'are'} on CISA’s list of holes used in real attacks, so do this today.`;
      return `${bucketWords['no-fix-yet']}. Limit who can reach ${u.package ?? 'it'}, turn off what uses it, or remove it if nothing needs it.${urgent} Check again when a fix comes out.`;
    }
  }
}

/** The step before an image's upgrades when a newer base image fixes most of its holes at once. */
export function rebuildWords(image: string, osFixed: number, upgrades: number): { line: string; why: string } {
  return {
    line: `Rebuild ${image} on a current base image — fixes ${holes(osFixed)} in its system packages at once.`,
    why: `Rebuild ${image} on a current base image. Most of its holes are in system packages that have fixes, and a newer base image brings them together. Scan again after the rebuild, before doing the ${upgrades === 1 ? 'upgrade' : `${upgrades} upgrades`} below one by one.`,
  };
}

/** The plan as text for the command, most urgent first, with the counts. */
export function planText(plan: Plan): string {
  const total = buckets.reduce((n, b) => n + plan.counts[b], 0);
  if (total === 0) return 'No known holes in these reports: nothing to fix.';
  const upgrades = plan.upgrades.filter((u) => u.package !== null).length;
  const lines = [`Fix first: ${upgrades} upgrade${upgrades === 1 ? '' : 's'} for ${holes(total)}, most urgent first.`];
  let n = 0;
  for (const b of buckets) {
    const here = plan.upgrades.filter((u) => u.bucket === b);
    if (here.length === 0) continue;
    lines.push('', bucketHeading(b));
    for (const u of here) {
      n++;
      lines.push(`  ${n}. ${u.line}`, `     ${u.why}`);
    }
  }
  lines.push('', `Known holes by bucket: ${buckets.map((b) => `${bucketTitles[b].toLowerCase()} ${plan.counts[b]}`).join(', ')}.`);
  return lines.join('\n');
}
