/** The static paths shared by a rule's page and its downloads: one per rule template. */
import { getCollection } from 'astro:content';
import type { Rule, RuleSet } from '../../lib/rules/model.ts';

export async function ruleTemplatePaths() {
  const sets = await getCollection('rules');
  return sets.flatMap((set) => set.data.rules.map((rule) => ({ params: { id: rule.id }, props: { rule } })));
}

/** A rule on its own, as a rule set, the form every exporter and the CLI read. */
export function ruleSetOf(rule: Rule): RuleSet {
  return { plainsecRules: 1, rules: [rule] };
}
