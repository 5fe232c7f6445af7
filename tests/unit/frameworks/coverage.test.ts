/**
 * What the coverage page (/rules/coverage/) and its "Your own rules" part are built from: every
 * technique and control a rule names lands in a table with that rule, in the order a reader expects.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ruleSetSchema } from '../../../src/lib/rules/model.ts';
import { attackTechniques } from '../../../src/lib/frameworks/attack.ts';
import { cisAwsControls } from '../../../src/lib/frameworks/cis-aws.ts';
import { savedRulesFrom } from '../../../src/lib/frameworks/saved-rules.ts';
import { bySecurityHubOrder, coverageOf, uncoveredCisAws, uncoveredTechniques, type CoveringRule } from '../../../src/lib/frameworks/coverage.ts';

const dir = path.resolve('content/rules');
const templates = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => ruleSetSchema.parse(parse(readFileSync(path.join(dir, f), 'utf8'))).rules);

/** Every (id, rule) pair the coverage shows, whatever table it is in. */
function shownPairs(rules: readonly CoveringRule[]): Set<string> {
  const c = coverageOf(rules);
  const pairs = new Set<string>();
  for (const t of [...c.tactics.flatMap((t) => t.techniques), ...c.unfiled]) for (const r of t.rules) pairs.add(`${t.id} ${r.id}`);
  for (const c2 of [...c.cisAws, ...c.securityHub]) for (const r of c2.rules) pairs.add(`${c2.id} ${r.id}`);
  return pairs;
}

describe('the coverage of the templates', () => {
  it('shows every ATT&CK, CIS AWS and Security Hub id a template names, each with that template', () => {
    const expected = new Set(templates.flatMap((r) => [...r.attack, ...r.cisAws, ...r.securityHub].map((id) => `${id} ${r.id}`)));
    const shown = shownPairs(templates);
    expect([...expected].filter((p) => !shown.has(p))).toEqual([]);
    expect([...shown].filter((p) => !expected.has(p))).toEqual([]);
  });

  it('files every technique a template names under a step of the attack', () => {
    expect(coverageOf(templates).unfiled.map((t) => t.id)).toEqual([]);
  });

  it('names no technique as missing that a template watches for', () => {
    const named = new Set(templates.flatMap((r) => r.attack));
    expect(uncoveredTechniques(templates).filter((id) => named.has(id))).toEqual([]);
  });
});

describe('coverage of any rules', () => {
  const rules: CoveringRule[] = [
    {
      id: 'b',
      title: 'B',
      attack: ['T1562.008'],
      cisAws: ['4.10', '3.1'],
      securityHub: ['IAM.22', 'CloudWatch.1'],
    },
    {
      id: 'a',
      title: 'A',
      attack: ['T1562.008', 'T9999'],
      cisAws: ['4.4'],
      securityHub: ['IAM.3'],
    },
    { id: 'c', title: 'C' },
  ];

  it('lists the tactics in the matrix order, a technique under each tactic it belongs to, with its rules in their order', () => {
    const c = coverageOf(rules);
    expect(c.tactics[0]!.name).toBe('Reconnaissance');
    const evasion = c.tactics.find((t) => t.name === 'Defense Evasion')!;
    expect(evasion.techniques).toEqual([
      {
        id: 'T1562.008',
        name: attackTechniques['T1562.008']!.name,
        rules: [rules[0], rules[1]],
      },
    ]);
  });

  it('keeps a technique it cannot file under a step apart, by its id, rather than dropping it', () => {
    expect(coverageOf(rules).unfiled).toEqual([{ id: 'T9999', name: 'T9999', rules: [rules[1]] }]);
  });

  it("puts CIS ids in the benchmark's order and Security Hub ids by service, then number", () => {
    const c = coverageOf(rules);
    expect(c.cisAws.map((x) => x.id)).toEqual(['3.1', '4.4', '4.10']);
    expect(c.securityHub.map((x) => x.id)).toEqual(['CloudWatch.1', 'IAM.3', 'IAM.22']);
    expect(['IAM.22', 'IAM.3'].sort(bySecurityHubOrder)).toEqual(['IAM.3', 'IAM.22']);
  });

  it('says which CIS ids and techniques no rule names', () => {
    expect(uncoveredCisAws(rules)).not.toContain('4.4');
    expect(uncoveredCisAws(rules)).toContain('1.4');
    expect(uncoveredCisAws([])).toHaveLength(Object.keys(cisAwsControls).length);
    expect(uncoveredTechniques(rules, ['T1562.008', 'T1530'])).toEqual(['T1530']);
  });

  it('counts as not yet watched only techniques on cloud servers, sign-in providers and containers, never mail or office-only ones', () => {
    const gaps = uncoveredTechniques([]);
    // T1114.003 (email forwarding rule) happens in Office Suite only; T1578.002 (create cloud instance) on IaaS.
    expect(gaps).not.toContain('T1114.003');
    expect(gaps).toContain('T1578.002');
    for (const id of gaps) expect(attackTechniques[id]!.platforms.some((p) => ['IaaS', 'Identity Provider', 'Containers'].includes(p)), id).toBe(true);
  });
});

describe('My rules as the coverage page reads them', () => {
  const saved = (rules: unknown, version = 1) => JSON.stringify({ version, ruleSet: { plainsecRules: 1, rules } });

  it('takes each saved rule with its title and ids', () => {
    const rule = { ...templates.find((r) => r.attack.length > 0)! };
    expect(savedRulesFrom(saved([rule]))).toEqual({ kind: 'rules', rules: [{ id: rule.id, title: rule.title, attack: rule.attack, cisAws: rule.cisAws }], skipped: 0 });
  });

  it('says there are none when nothing or an empty set is saved', () => {
    expect(savedRulesFrom(null)).toEqual({ kind: 'none' });
    expect(savedRulesFrom(saved([]))).toEqual({ kind: 'none' });
  });

  it('leaves out and counts a rule it cannot read, rather than guessing', () => {
    expect(savedRulesFrom(saved([{ id: 'a', title: 'A', attack: 'T1078' }, { id: 'b', title: 'B' }]))).toEqual({
      kind: 'rules',
      rules: [{ id: 'b', title: 'B', attack: [], cisAws: [] }],
      skipped: 1,
    });
  });

  it('says in plain words when the saved text is damaged, of another version, or cannot be read at all', () => {
    expect(savedRulesFrom('{')).toEqual({ kind: 'problem', problem: 'Your saved rules could not be read: the saved text is damaged.' });
    expect(savedRulesFrom(saved([], 2))).toEqual({ kind: 'problem', problem: 'Your saved rules were saved in a format this page does not know.' });
    expect(savedRulesFrom(undefined)).toMatchObject({ kind: 'problem' });
  });
});
