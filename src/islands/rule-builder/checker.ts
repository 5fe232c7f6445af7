/**
 * The builder's rule check, loaded once editing starts: the same rule-set check the CLI runs on a
 * file, so the builder and `plainsec rules validate` say the same words for the same mistake.
 */
import type { Alerting, Rule } from '../../lib/rules/model.ts';
import { checkRuleSetValue, type RuleSetError } from '../../lib/rules/rule-set-check.ts';

/** The errors of one rule, checked as the only rule of a rule set (paths start `rules[0]`). */
export function checkRule(rule: Rule, alerting: Partial<Alerting> | undefined): { errors: RuleSetError[] } {
  const checked = checkRuleSetValue({ plainsecRules: 1, ...(alerting ? { alerting } : {}), rules: [rule] });
  return { errors: checked.ok ? [] : checked.errors };
}
