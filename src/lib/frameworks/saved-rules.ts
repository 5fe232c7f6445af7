/**
 * The rule builder's My rules (localStorage `plainsec:rules:v1`, shape in
 * src/lib/rules/builder/stored-rules.ts) read for the coverage page, which shows only each rule's
 * title and ids. It checks the envelope and version as stored.ts does, but not every field with the
 * rule-set check: that check is 13 KB gz, and this page's budget is 8 KB for all its JavaScript.
 * A rule whose id, title or id lists are not there is left out and counted, never guessed.
 * Never throws; never writes.
 */
import { myRulesVersion } from '../rules/builder/stored-rules.ts';
import type { CoveringRule } from './coverage.ts';

export type SavedRules =
  | { kind: 'none' }
  | { kind: 'problem'; problem: string }
  | { kind: 'rules'; rules: Required<Omit<CoveringRule, 'securityHub'>>[]; skipped: number };

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** What the saved text holds: nothing, the rules' titles and ids, or a plain problem. */
export function savedRulesFrom(raw: string | null | undefined): SavedRules {
  if (raw === undefined) return { kind: 'problem', problem: 'This browser does not let the page read what is saved in it.' };
  if (!raw) return { kind: 'none' };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { kind: 'problem', problem: 'Your saved rules could not be read: the saved text is damaged.' };
  }
  const v = value as { version?: unknown; ruleSet?: { rules?: unknown } } | null;
  if (v === null || typeof v !== 'object' || v.version !== myRulesVersion)
    return { kind: 'problem', problem: 'Your saved rules were saved in a format this page does not know.' };
  const list = v.ruleSet?.rules;
  if (!Array.isArray(list)) return { kind: 'problem', problem: 'Your saved rules could not be read: the saved text is damaged.' };
  const rules: Required<Omit<CoveringRule, 'securityHub'>>[] = [];
  for (const r of list as Record<string, unknown>[]) {
    const attack = r?.attack ?? [];
    const cisAws = r?.cisAws ?? [];
    if (typeof r?.id === 'string' && typeof r.title === 'string' && isStrings(attack) && isStrings(cisAws)) rules.push({ id: r.id, title: r.title, attack, cisAws });
  }
  return rules.length === 0 && list.length === 0 ? { kind: 'none' } : { kind: 'rules', rules, skipped: list.length - rules.length };
}
