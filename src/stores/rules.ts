/**
 * The rule builder's "My rules", kept in this browser only.
 *
 * Keys:
 * - `plainsec:rules:v1`: the rule set, shape in src/lib/rules/builder/my-rules.ts (version 1).
 * - `plainsec:rules:v1:backup`: the rule set as it was before a loaded file or share link replaced
 *   it, for Undo.
 * - `plainsec:rules:v1:unreadable`: stored text this page could not read, kept aside before
 *   anything overwrites it, so nothing is silently lost.
 *
 * Reading never throws. A change the browser cannot keep (storage full or blocked) is not shown
 * as made: the action returns false and a plain message says what to do.
 */
import { atom } from 'nanostores';
import type { Rule, RuleSet } from '../lib/rules/model.ts';
import { duplicateId, emptyRuleSet, encodeMyRules, myRulesKey } from '../lib/rules/builder/stored-rules.ts';
import { readStored, writeStored } from './browser-storage.ts';

export const rulesKey = myRulesKey;
export const rulesBackupKey = `${rulesKey}:backup`;

export const $myRules = atom<RuleSet>(emptyRuleSet);
/** A plain-words problem with reading or saving, shown above the builder. */
export const $rulesProblem = atom<string | undefined>(undefined);
/** What the last change can be undone to: the rule set before it, and what to call the undo. */
export const $rulesUndo = atom<{ before: RuleSet; what: string } | undefined>(undefined);

const cannotSave = 'Your browser could not keep this change (its storage may be full or blocked), so nothing was changed. Save your rules as a file to keep them.';

/**
 * Loads the saved rules; called once when the builder starts in the browser. The reader (with the
 * rule-set check) loads only when there is something saved to read.
 */
export async function startMyRules(): Promise<void> {
  const raw = readStored(rulesKey);
  if (raw === undefined) {
    $rulesProblem.set('This browser does not let the page keep rules. You can still build rules and save them as a file.');
    return;
  }
  if (raw === null) return;
  const { decodeMyRules } = await import('../lib/rules/builder/my-rules.ts');
  const read = decodeMyRules(raw);
  if (read.ok) {
    $myRules.set(read.ruleSet);
    return;
  }
  const keptAside = writeStored(`${rulesKey}:unreadable`, raw);
  $rulesProblem.set(
    keptAside
      ? `${read.problem} A copy of what was saved is kept in your browser under "${rulesKey}:unreadable".`
      : `${read.problem} What was saved is left where it was until you change something.`,
  );
}

function commit(next: RuleSet, undo?: { before: RuleSet; what: string }): boolean {
  if (!writeStored(rulesKey, encodeMyRules(next))) {
    $rulesProblem.set(cannotSave);
    return false;
  }
  $myRules.set(next);
  $rulesUndo.set(undo);
  return true;
}

/** Adds a rule, or replaces the one with the id it had (`previousId`) when it is being edited. */
export function saveRule(rule: Rule, previousId?: string): boolean {
  const rules = $myRules.get().rules;
  const at = rules.findIndex((r) => r.id === (previousId ?? rule.id));
  const next = at >= 0 ? rules.map((r, i) => (i === at ? rule : r)) : [...rules, rule];
  return commit({ ...$myRules.get(), rules: next });
}

/** Removes a rule; Undo brings it back. */
export function deleteRule(id: string): boolean {
  const before = $myRules.get();
  const rule = before.rules.find((r) => r.id === id);
  if (!rule) return false;
  return commit({ ...before, rules: before.rules.filter((r) => r.id !== id) }, { before, what: `Deleted “${rule.title}”.` });
}

/** Adds a copy of a rule right after it, with its own id; returns the copy's id. */
export function duplicateRule(id: string): string | undefined {
  const before = $myRules.get();
  const at = before.rules.findIndex((r) => r.id === id);
  if (at < 0) return undefined;
  const copy = { ...before.rules[at]!, id: duplicateId(id, before.rules.map((r) => r.id)), title: `${before.rules[at]!.title} (copy)`.slice(0, 120) };
  const rules = [...before.rules.slice(0, at + 1), copy, ...before.rules.slice(at + 1)];
  return commit({ ...before, rules }) ? copy.id : undefined;
}

/** Replaces every rule with a loaded set; the old set is kept as a backup for Undo. */
export function replaceMyRules(next: RuleSet, what: string): boolean {
  const before = $myRules.get();
  if (before.rules.length > 0 && !writeStored(rulesBackupKey, encodeMyRules(before))) {
    $rulesProblem.set('Your browser could not keep a backup of your rules (its storage may be full), so they were not replaced. Save them as a file first.');
    return false;
  }
  return commit(next, before.rules.length > 0 ? { before, what } : undefined);
}

/** Puts back the rule set from before the last delete or replace. */
export function undoRulesChange(): boolean {
  const undo = $rulesUndo.get();
  if (!undo) return false;
  return commit(undo.before);
}
