/**
 * "My rules" in a share link (`/rules/#rules=<code>`): the rule set a person builds in the browser,
 * packed into the link and read back with the rule-set check. How it is kept in the browser is in
 * stored-rules.ts (the key and the writer) and stored.ts (the reader).
 */
import type { RuleSet } from '../model.ts';
import { rulesShareKey } from './stored-rules.ts';
import { checkRuleSetValue, formatRuleSetError } from '../rule-set-check.ts';
import { codeFromLink, decodeJsonCode, encodeJsonCode } from '../../share/compressed-json.ts';

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
