/**
 * "My rules" as kept in the browser (src/stores/rules.ts), read back.
 *
 * Stored shape (localStorage `plainsec:rules:v1`, written by `encodeMyRules` in stored-rules.ts),
 * version 1:
 *   { "version": 1, "ruleSet": <a rule set, exactly as the rule-set YAML file holds it> }
 * Migrations: none yet. A later version adds a reader here that takes version 1; nothing is ever
 * read by guessing.
 *
 * Apart from stored-rules.ts because this needs the rule-set check, which the builder page loads
 * only once there is something saved to read. Reading never throws: text that is not JSON, a
 * different version, or a rule set that fails the rule-set check comes back as a plain-words
 * problem, and the caller keeps the text aside.
 */
import type { RuleSet } from '../model.ts';
import { checkRuleSetValue, formatRuleSetError } from '../rule-set-check.ts';
import { myRulesVersion } from './stored-rules.ts';

export type MyRulesRead = { ok: true; ruleSet: RuleSet } | { ok: false; problem: string };

/** Reads stored text back; never throws. */
export function decodeMyRules(raw: string): MyRulesRead {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, problem: 'Your saved rules could not be read: the saved text is damaged.' };
  }
  if (value === null || typeof value !== 'object' || (value as { version?: unknown }).version !== myRulesVersion)
    return { ok: false, problem: 'Your saved rules were saved in a format this page does not know.' };
  const checked = checkRuleSetValue((value as { ruleSet?: unknown }).ruleSet);
  if (!checked.ok) return { ok: false, problem: `Your saved rules could not be read: ${checked.errors.map(formatRuleSetError).join('; ')}.` };
  return { ok: true, ruleSet: checked.ruleSet };
}
