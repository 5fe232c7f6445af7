/**
 * The reference's rules (../shared/reference/fix-first.md), restated independently of
 * src/lib/fix-first/plan.ts, and a check that a plan keeps them: every finding in exactly one
 * upgrade, counts that add up, buckets by the table, the order within buckets, the rebuild step's
 * place, and a target that fixes every finding with a fix.
 */
import { expect } from 'vitest';
import type { Bucket, Finding } from '../../../../src/lib/fix-first/model.ts';
import { distinctFindings, fixOf, type Plan } from '../../../../src/lib/fix-first/plan.ts';
import { compareVersions } from '../../../../src/lib/fix-first/versions.ts';

const order: Bucket[] = ['today', 'this-week', 'this-month', 'later', 'no-fix-yet'];

/** The bucket table of the reference, written out again. */
export function expectedBucket(f: Finding, kev: ReadonlySet<string>): Bucket {
  const exploited = f.kev || [f.id, ...f.aliases].some((id) => kev.has(id.toUpperCase()));
  const fix = f.fixedIn.length > 0;
  if (!fix) return 'no-fix-yet';
  if (exploited) return 'today';
  const epss = f.epss ?? 0;
  if (f.severity === 'CRITICAL' || (epss >= 0.1 && f.severity === 'HIGH')) return 'this-week';
  if (f.severity === 'HIGH' || epss >= 0.1) return 'this-month';
  return 'later';
}

const key = (where: string, pkg: string, installed: string, id: string) => JSON.stringify([where, pkg, installed, id]);

/** Checks every rule on a plan made from `findings`; returns the number of distinct findings. */
export function expectPlanKeepsTheRules(findings: readonly Finding[], kev: ReadonlySet<string>, plan: Plan): number {
  const distinct = distinctFindings(findings);
  // Every finding lands in exactly one upgrade.
  const placed = new Map<string, number>();
  for (const u of plan.upgrades)
    for (const f of u.findings) placed.set(key(u.where, u.package ?? '', u.installed ?? '', f.id), (placed.get(key(u.where, u.package ?? '', u.installed ?? '', f.id)) ?? 0) + 1);
  expect(placed.size).toBe(distinct.length);
  for (const f of distinct) expect(placed.get(key(f.where, f.package, f.installed, f.id)), `${f.id} on ${f.package} in ${f.where}`).toBe(1);

  // Counts are findings per their own bucket and add up.
  const counts = Object.fromEntries(order.map((b) => [b, 0])) as Record<Bucket, number>;
  for (const f of distinct) counts[expectedBucket(f, kev)]++;
  expect(plan.counts).toEqual(counts);
  expect(Object.values(plan.counts).reduce((a, b) => a + b, 0)).toBe(distinct.length);

  const byKey = new Map(distinct.map((f) => [key(f.where, f.package, f.installed, f.id), f]));
  const real = plan.upgrades.filter((u) => u.package !== null);
  for (const u of real) {
    const own = u.findings.map((pf) => byKey.get(key(u.where, u.package!, u.installed!, pf.id))!);
    // An upgrade takes the most urgent bucket of its findings.
    expect(u.bucket).toBe(order[Math.min(...own.map((f) => order.indexOf(expectedBucket(f, kev))))]);
    // The target fixes every finding that has a fix; no fix at all means no target.
    if (own.every((f) => f.fixedIn.length === 0)) expect(u.target).toBeNull();
    else expect(u.target).not.toBeNull();
    if (typeof u.target === 'string')
      for (const f of own) {
        const fix = fixOf(f);
        if (fix && 'version' in fix) {
          const c = compareVersions(f.ecosystem, u.target, fix.version);
          if (c !== undefined) expect(c, `${u.target} fixes ${f.id} (fixed in ${fix.version})`).toBeGreaterThanOrEqual(0);
        }
      }
  }

  // Order: by bucket; within one, known exploited first, then higher EPSS, more findings, then name.
  for (let i = 1; i < real.length; i++) {
    const a = real[i - 1]!;
    const b = real[i]!;
    expect(order.indexOf(a.bucket)).toBeLessThanOrEqual(order.indexOf(b.bucket));
    if (a.bucket !== b.bucket) continue;
    const facts = (u: typeof a) => ({ kev: u.findings.some((f) => f.kev), epss: Math.max(-1, ...u.findings.map((f) => f.epss ?? -1)), n: u.findings.length, name: u.package! });
    const x = facts(a);
    const y = facts(b);
    const inOrder = (x.kev && !y.kev) || (x.kev === y.kev && (x.epss > y.epss || (x.epss === y.epss && (x.n > y.n || (x.n === y.n && x.name.localeCompare(y.name, 'en') <= 0)))));
    expect(inOrder, `${a.package} before ${b.package} in ${a.bucket}`).toBe(true);
  }

  // A rebuild step: once per image, no findings of its own, just before an upgrade of that image in its bucket.
  plan.upgrades.forEach((u, i) => {
    if (u.package !== null) return;
    const next = plan.upgrades[i + 1];
    expect(u.findings).toEqual([]);
    expect(next?.where).toBe(u.where);
    expect(next?.bucket).toBe(u.bucket);
  });
  const rebuilt = plan.upgrades.filter((u) => u.package === null).map((u) => u.where);
  expect(new Set(rebuilt).size).toBe(rebuilt.length);
  return distinct.length;
}
