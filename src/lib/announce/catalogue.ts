/**
 * The alerts a user can pick on /announce/, read from rule sets at build time (this module reads
 * the rule schema and the Falco export, so it stays out of the browser bundle).
 */
import { falcoRuleNames } from '../rules/exporters/falco.ts';
import { urgencyWords, type RuleSet } from '../rules/model.ts';
import type { AlertChoice } from './announcement.ts';

/** Every rule of a rule set as an alert to pick, with the Falco rule name falcosidekick will send. */
export function alertChoices(ruleSet: RuleSet, from: string): AlertChoice[] {
  const falco = falcoRuleNames(ruleSet);
  return ruleSet.rules.map((rule) => ({
    id: rule.id,
    title: rule.title,
    urgency: rule.urgency,
    urgencyWords: urgencyWords[rule.urgency],
    ...(falco.has(rule.id) ? { falcoName: falco.get(rule.id)! } : {}),
    from,
  }));
}
