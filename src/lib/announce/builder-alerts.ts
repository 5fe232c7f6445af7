/**
 * The rules a person built in the rule builder ("My rules", kept in this browser) as alerts to
 * announce. Loaded by /announce/ only when there are saved rules: it reads them with the rule-set
 * check and names the Falco rules the way the Falco export does.
 */
import { decodeMyRules } from '../rules/builder/stored.ts';
import type { AlertChoice } from './announcement.ts';
import { alertChoices } from './catalogue.ts';

/** What the page calls the rule builder's rules. */
const myRulesFrom = 'My rules (the rule builder)';

/** The saved rules as alerts, or a plain problem when the saved text cannot be read. */
export function alertsFromMyRules(raw: string): { ok: true; alerts: AlertChoice[] } | { ok: false; problem: string } {
  const read = decodeMyRules(raw);
  return read.ok ? { ok: true, alerts: alertChoices(read.ruleSet, myRulesFrom) } : read;
}
