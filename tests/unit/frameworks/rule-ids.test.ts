import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { attackTactic, attackTactics, attackTechniques } from '../../../src/lib/frameworks/attack.ts';
import { cisAwsControls } from '../../../src/lib/frameworks/cis-aws.ts';
import { securityHubControls } from '../../../src/lib/frameworks/security-hub.ts';
import { ruleSetSchema, type Rule } from '../../../src/lib/rules/model.ts';

// Cited extracts of ATT&CK v18.1 and of the Security Hub controls reference of June 2023 (SOURCES.md).
const fixtures = path.resolve(process.cwd(), 'tests/fixtures/frameworks');
interface AttackExtract {
  tactics: { id: string; name: string }[];
  techniques: { id: string; name: string; tactics: string[]; platforms: string[]; revoked?: boolean; deprecated?: boolean }[];
}
interface SecurityHubExtract {
  controls: { id: string; title: string; cisAws: string[] }[];
}
const attack = JSON.parse(readFileSync(path.join(fixtures, 'attack-enterprise-18.1.json'), 'utf8')) as AttackExtract;
const securityHub = JSON.parse(readFileSync(path.join(fixtures, 'security-hub-controls-2023-06.json'), 'utf8')) as SecurityHubExtract;
const attackById = new Map(attack.techniques.map((t) => [t.id, t]));
const controlById = new Map(securityHub.controls.map((c) => [c.id, c]));

// The platforms Plainsec watches: an AWS account, its sign-ins and a Kubernetes cluster.
const cloudPlatforms = ['IaaS', 'Identity Provider', 'SaaS', 'Office Suite', 'Containers'];

const rulesDir = path.resolve(process.cwd(), 'content/rules');
const templates: { file: string; rule: Rule }[] = readdirSync(rulesDir)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((file) => {
    const result = ruleSetSchema.safeParse(parse(readFileSync(path.join(rulesDir, file), 'utf8')));
    // An invalid pack is templates.test.ts's to report; here it simply adds no templates.
    return result.success ? result.data.rules.map((rule) => ({ file, rule })) : [];
  });

/** "file: rule id names X" for every id a template names that `known` does not hold. */
const unknownIds = (ids: (r: Rule) => readonly string[], known: (id: string) => boolean): string[] =>
  templates.flatMap(({ file, rule }) =>
    ids(rule)
      .filter((id) => !known(id))
      .map((id) => `${file}: ${rule.id} names ${id}`),
  );

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

describe('the ATT&CK list', () => {
  it('has the tactics ATT&CK has, with their names, in the matrix order', () => {
    expect(attackTactics.map((t) => ({ id: t.id, name: t.name }))).toEqual(attack.tactics);
  });

  it('gives every technique the name, tactics and platforms ATT&CK gives it', () => {
    const wrong = Object.entries(attackTechniques).flatMap(([id, t]) => {
      const real = attackById.get(id);
      if (!real) return [`${id} is not in the extract`];
      return [
        ...(real.name === t.name ? [] : [`${id} is called ${real.name}, not ${t.name}`]),
        ...(sorted(real.tactics).join() === sorted(t.tactics).join() ? [] : [`${id} sits under ${real.tactics.join(', ')}, not ${t.tactics.join(', ')}`]),
        ...(sorted(real.platforms).join() === sorted(t.platforms).join() ? [] : [`${id} is on ${real.platforms.join(', ')}, not ${t.platforms.join(', ')}`]),
      ];
    });
    expect(wrong).toEqual([]);
  });

  it('holds every technique ATT&CK lists for cloud, identity, SaaS, office and container platforms', () => {
    const expected = attack.techniques.filter((t) => !t.revoked && !t.deprecated && t.platforms.some((p) => cloudPlatforms.includes(p))).map((t) => t.id);
    expect(expected.length).toBeGreaterThan(150);
    expect(expected.filter((id) => !attackTechniques[id])).toEqual([]);
  });

  it('holds no revoked or deprecated technique', () => {
    expect(Object.keys(attackTechniques).filter((id) => attackById.get(id)?.revoked || attackById.get(id)?.deprecated)).toEqual([]);
  });
});

describe('the Security Hub and CIS AWS Foundations lists', () => {
  it('hold every control of the reference, with the title AWS gives it', () => {
    expect(Object.entries(securityHubControls).map(([id, c]) => ({ id, title: c.title }))).toEqual(securityHub.controls.map(({ id, title }) => ({ id, title })));
  });

  it('give every CIS AWS Foundations v1.4.0 id the controls the reference maps to it', () => {
    const expected: Record<string, string[]> = {};
    for (const c of securityHub.controls) for (const cis of c.cisAws) (expected[cis] ??= []).push(c.id);
    const actual = Object.fromEntries(Object.entries(cisAwsControls).map(([id, c]) => [id, [...c.securityHub]]));
    expect(actual).toEqual(expected);
  });
});

describe('every rule template', () => {
  it('is read by this test, from every pack', () => {
    expect(templates.length).toBeGreaterThanOrEqual(60);
  });

  it('names only ATT&CK techniques the site knows', () => {
    expect(
      unknownIds(
        (r) => r.attack,
        (id) => id in attackTechniques,
      ),
    ).toEqual([]);
  });

  it('names only Security Hub controls the site knows', () => {
    expect(
      unknownIds(
        (r) => r.securityHub,
        (id) => id in securityHubControls,
      ),
    ).toEqual([]);
  });

  it('names only CIS AWS Foundations ids the site knows', () => {
    expect(
      unknownIds(
        (r) => r.cisAws,
        (id) => id in cisAwsControls,
      ),
    ).toEqual([]);
  });

  it('names a CIS AWS Foundations id only beside a Security Hub control that checks it', () => {
    const loose = templates.flatMap(({ file, rule }) =>
      rule.cisAws.filter((cis) => !rule.securityHub.some((sh) => controlById.get(sh)?.cisAws.includes(cis))).map((cis) => `${file}: ${rule.id} names ${cis}`),
    );
    expect(loose).toEqual([]);
  });

  it('names at least one ATT&CK technique', () => {
    expect(templates.filter(({ rule }) => rule.attack.length === 0).map(({ file, rule }) => `${file}: ${rule.id}`)).toEqual([]);
  });

  it('names only techniques that have a tactic, so the coverage page can place them', () => {
    expect(
      unknownIds(
        (r) => r.attack,
        (id) => attackTactic(attackTechniques[id]?.tactics[0] ?? '') !== undefined,
      ),
    ).toEqual([]);
  });
});
