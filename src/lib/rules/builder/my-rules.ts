/**
 * "My rules": the rule set a person builds in the browser, as stored and as shared.
 *
 * Stored shape (localStorage `plainsec:rules:v1`), version 1:
 *   { "version": 1, "ruleSet": <a rule set, exactly as the rule-set YAML file holds it> }
 * A later version adds a migration here from 1; nothing is ever read by guessing.
 *
 * Reading never throws: text that is not JSON, a different version, or a rule set that fails the
 * rule-set check comes back as a plain-words problem, and the caller keeps the text aside.
 */
import type { RuleSet } from '../model.ts';
import { myRulesVersion, rulesShareKey } from './stored-rules.ts';

export { duplicateId, emptyRuleSet, encodeMyRules, myRulesVersion, rulesShareKey } from './stored-rules.ts';
import { checkRuleSetValue, formatRuleSetError } from '../rule-set-check.ts';
import { codeFromLink, decodeJsonCode, encodeJsonCode } from '../../share/compressed-json.ts';

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


/** A rule set unpacks to at most this many bytes: far more than hundreds of rules need. */
const maxSharedBytes = 2_000_000;

/** The fragment (without `#`) that carries a rule set. */
export async function rulesShareFragment(ruleSet: RuleSet): Promise<string> {
  return `${rulesShareKey}=${await encodeJsonCode(ruleSet)}`;
}

/** Reads a rule set from a share link, fragment or bare code; never throws. */
export async function ruleSetFromShareLink(link: string): Promise<{ ok: true; ruleSet: RuleSet } | { ok: false; problem: string }> {
  const read = await decodeJsonCode(codeFromLink(link, rulesShareKey), maxSharedBytes);
  if (!read.ok)
    return {
      ok: false,
      problem:
        read.problem === 'too-big'
          ? 'This link unpacks to more than 2 MB, more than any rule set holds. Ask for the rule file instead.'
          : 'This link is damaged: part of it may be missing or changed. Ask for the link again, or for the rule file. Your own rules are unchanged.',
    };
  const checked = checkRuleSetValue(read.value);
  if (!checked.ok)
    return { ok: false, problem: `The rules in this link are not valid: ${checked.errors.map(formatRuleSetError).join('; ')}. Your own rules are unchanged.` };
  return { ok: true, ruleSet: checked.ruleSet };
}
