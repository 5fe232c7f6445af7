/**
 * Which rules watch for which ATT&CK techniques, CIS AWS Foundations controls and Security Hub
 * controls, and what none of them watches for yet. Pure, so the coverage page builds it from the
 * templates and the "Your own rules" island from the rules saved in the browser, the same way.
 */
import { attackTactics, attackTechniques, onWatchedPlatform } from './attack.ts';
import { byCisOrder, cisAwsControls } from './cis-aws.ts';

/** The parts of a rule coverage needs. */
export interface CoveringRule {
  id: string;
  title: string;
  attack?: readonly string[];
  cisAws?: readonly string[];
  securityHub?: readonly string[];
}

export interface TechniqueCoverage {
  id: string;
  /** ATT&CK's name for it; the id when the frameworks module does not know it yet. */
  name: string;
  rules: CoveringRule[];
}

export interface TacticCoverage {
  id: string;
  name: string;
  techniques: TechniqueCoverage[];
}

export interface ControlCoverage {
  id: string;
  rules: CoveringRule[];
}

export interface Coverage {
  /** Every tactic in the matrix's order, each with the named techniques filed under it (maybe none). */
  tactics: TacticCoverage[];
  /**
   * Techniques the rules name that the frameworks module files under no tactic. The ids test keeps
   * this empty for the templates; it is here so that no id a rule names is ever left off a page.
   */
  unfiled: TechniqueCoverage[];
  /** CIS AWS Foundations ids the rules name, in the benchmark's order. */
  cisAws: ControlCoverage[];
  /** Security Hub control ids the rules name, by service then number. */
  securityHub: ControlCoverage[];
}

/** By the text before the dot, then the number after it: IAM.3 before IAM.22. */
export const bySecurityHubOrder = (a: string, b: string): number => {
  const [sa = '', na = '0'] = a.split('.');
  const [sb = '', nb = '0'] = b.split('.');
  return sa.localeCompare(sb) || Number(na) - Number(nb);
};

const byTechnique = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/** For each id, the rules naming it, in the rules' order. */
function index(rules: readonly CoveringRule[], ids: (rule: CoveringRule) => readonly string[] | undefined): Map<string, CoveringRule[]> {
  const out = new Map<string, CoveringRule[]>();
  for (const rule of rules) for (const id of new Set(ids(rule) ?? [])) out.set(id, [...(out.get(id) ?? []), rule]);
  return out;
}

/** What these rules cover, by tactic and technique, by CIS AWS control and by Security Hub control. */
export function coverageOf(rules: readonly CoveringRule[]): Coverage {
  const techniques = index(rules, (r) => r.attack);
  const named = [...techniques.keys()].sort(byTechnique);
  const entry = (id: string): TechniqueCoverage => ({
    id,
    name: attackTechniques[id]?.name ?? id,
    rules: techniques.get(id) ?? [],
  });
  const cis = index(rules, (r) => r.cisAws);
  const hub = index(rules, (r) => r.securityHub);
  return {
    tactics: attackTactics.map((t) => ({
      ...t,
      techniques: named.filter((id) => attackTechniques[id]?.tactics.includes(t.id)).map(entry),
    })),
    unfiled: named.filter((id) => !attackTactics.some((t) => attackTechniques[id]?.tactics.includes(t.id))).map(entry),
    cisAws: [...cis.keys()].sort(byCisOrder).map((id) => ({ id, rules: cis.get(id)! })),
    securityHub: [...hub.keys()].sort(bySecurityHubOrder).map((id) => ({ id, rules: hub.get(id)! })),
  };
}

/**
 * The techniques the frameworks module lists that none of these rules names, in id order. Once the
 * module lists every cloud technique, this is "what no template covers yet".
 */
export function uncoveredTechniques(rules: readonly CoveringRule[], among: readonly string[] = Object.keys(attackTechniques).filter(onWatchedPlatform)): string[] {
  const named = new Set(rules.flatMap((r) => r.attack ?? []));
  return among.filter((id) => !named.has(id)).sort(byTechnique);
}

/** The CIS AWS Foundations v1.4.0 ids none of these rules names, in the benchmark's order. */
export function uncoveredCisAws(rules: readonly CoveringRule[]): string[] {
  const named = new Set(rules.flatMap((r) => r.cisAws ?? []));
  return Object.keys(cisAwsControls)
    .filter((id) => !named.has(id))
    .sort(byCisOrder);
}
