/**
 * Two rules that fire on the same events are named with `replaces`, and the builder and
 * `rules validate` warn when a set holds both; how often a rule fires is said in plain words.
 */
import { describe, expect, it } from 'vitest';
import { noiseSection, noiseWords } from '../../../src/lib/rules/noise.ts';
import { overlapHint, overlapWarnings, overlapsOf } from '../../../src/lib/rules/overlaps.ts';
import { loadTemplates } from './support/kit.ts';

const templates = loadTemplates();

describe('rules that replace one another', () => {
  it('warns once when a set holds the CIS root rule and root-account-used', () => {
    const both = templates.filter((r) => r.id === 'cis-cloudwatch-1' || r.id === 'root-account-used');
    expect(overlapWarnings(both)).toEqual([
      'cis-cloudwatch-1 and root-account-used fire on the same events, so each one sends a second alert for the same thing; keep one of them',
    ]);
  });

  it('says nothing when the set holds only one of them', () => {
    expect(overlapWarnings(templates.filter((r) => r.id === 'cis-cloudwatch-1'))).toEqual([]);
  });

  it('names the other rule on both templates in the builder list, whichever one says replaces', () => {
    expect(overlapsOf('root-account-used', templates)).toEqual(['cis-cloudwatch-1']);
    expect(overlapHint('cis-cloudwatch-1', templates)).toBe('Use this rule or root-account-used, not both: they fire on the same events.');
    expect(overlapHint('new-iam-user', templates)).toBeUndefined();
  });
});

describe('how often a rule fires', () => {
  it('tells a team with a many-a-day rule to add its exception first', () => {
    expect(noiseWords['many-a-day']).toMatch(/add the exception/);
  });

  it('lists in the README only the rules that say how often they fire', () => {
    const section = noiseSection([
      { id: 'quiet-one', title: 'A quiet rule', noise: 'rare' },
      { id: 'unsaid', title: 'A rule that does not say' },
    ]);
    expect(section).toContain(`- A quiet rule (quiet-one): ${noiseWords.rare}`);
    expect(section).not.toContain('unsaid');
    expect(noiseSection([{ id: 'unsaid', title: 'A rule that does not say' }])).toBe('');
  });
});
