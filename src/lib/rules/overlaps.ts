/**
 * Rules that fire on the same events, so that a set holding both sends two alerts for one thing:
 * a rule names the others it stands in for with `replaces`. The builder's template list and
 * `plainsec rules validate` say it in plain words.
 */

interface Replacing {
  id: string;
  replaces?: readonly string[] | undefined;
}

/** The ids a rule overlaps with, either way round: those it replaces and those that replace it. */
export function overlapsOf(id: string, rules: readonly Replacing[]): string[] {
  const out = new Set<string>();
  for (const r of rules) {
    if (r.id === id) for (const other of r.replaces ?? []) out.add(other);
    else if (r.replaces?.includes(id)) out.add(r.id);
  }
  out.delete(id);
  return [...out];
}

/** One warning for each pair of rules in the set that replace one another. */
export function overlapWarnings(rules: readonly Replacing[]): string[] {
  const ids = new Set(rules.map((r) => r.id));
  const warnings: string[] = [];
  for (const r of rules)
    for (const other of r.replaces ?? [])
      if (ids.has(other) && other !== r.id)
        warnings.push(`${r.id} and ${other} fire on the same events, so each one sends a second alert for the same thing; keep one of them`);
  return warnings;
}

/** What a template's list entry says about the rules it overlaps with, or undefined when there are none. */
export function overlapHint(id: string, rules: readonly Replacing[]): string | undefined {
  const others = overlapsOf(id, rules);
  if (others.length === 0) return undefined;
  return `Use this rule or ${others.join(' or ')}, not both: they fire on the same events.`;
}
