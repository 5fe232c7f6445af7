/**
 * Names both AWS exports (EventBridge and CloudWatch) give what they write in Terraform JSON and
 * CloudFormation: names in PascalCase, distinct names where two rules would collide, and the
 * urgencies that get an SNS topic.
 */
import type { Rule, Urgency } from '../../model.ts';
import { urgencies } from '../../model.ts';

/** A name in PascalCase from words: `wake-me-up` becomes `WakeMeUp`. */
export const pascal = (text: string): string =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** Gives each key a distinct name built by `make`, adding a number where two would collide. */
export function distinctNames(keys: string[], make: (key: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const key of keys) {
    const base = make(key);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}${n}`;
    used.add(name);
    out.set(key, name);
  }
  return out;
}

/** The urgencies the rules use, in the documented order: each gets one SNS topic, named after it. */
export function usedUrgencies(rules: Rule[]): Urgency[] {
  return urgencies.filter((u) => rules.some((r) => r.urgency === u));
}
