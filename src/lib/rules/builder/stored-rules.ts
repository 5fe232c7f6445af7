/**
 * The stored shape of "My rules" (see stored.ts for reading it back) and the small pure helpers
 * the store needs on every change. Kept apart from the reader so the page can save without
 * loading the rule-set check before anyone edits.
 */
import type { RuleSet } from '../model.ts';

/** Where the browser keeps them (localStorage); the version is in the key and in the value. */
export const myRulesKey = 'plainsec:rules:v1';

export const myRulesVersion = 1;

export const emptyRuleSet: RuleSet = { plainsecRules: 1, rules: [] };

/** The text kept in the browser for a rule set. */
export function encodeMyRules(ruleSet: RuleSet): string {
  return JSON.stringify({ version: myRulesVersion, ruleSet });
}

/**
 * A copy of a rule with an id no other rule has: `<id>-copy`, `<id>-copy-2`, … The original id is
 * cut where needed so the new one stays within the 63 characters an id may have.
 */
export function duplicateId(id: string, taken: readonly string[]): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '-copy' : `-copy-${n}`;
    const candidate = `${id.slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

/** The fragment key of a rule set's share link: `/rules/#rules=<code>`. */
export const rulesShareKey = 'rules';
