import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it, vi } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { matchesCondition } from '../../../src/lib/rules/canonical.ts';
import type { CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import { effectiveCondition, ruleSchema } from '../../../src/lib/rules/model.ts';
import type { Condition, Rule, RuleInput } from '../../../src/lib/rules/model.ts';
import { exportSigma, sigmaFileName, sigmaTarget, uuidV5 } from '../../../src/lib/rules/exporters/sigma.ts';
import fc from 'fast-check';
import { loadStratusEvents, loadTemplates } from './support/kit.ts';
import { randomRuleGenerator } from './support/random-rules.ts';

const corpora = path.resolve(process.cwd(), '../shared/corpora');
const schemaFile = path.join(corpora, 'sigma-schema', 'sigma-detection-rule-schema.json');
const haveSchema = existsSync(schemaFile);
if (!haveSchema) console.warn(`Skipped Sigma schema validation: ${schemaFile} is not there.`);

const rule = (input: Partial<RuleInput> & Pick<RuleInput, 'when'>): Rule =>
  ruleSchema.parse({
    id: 'server-outside-autoscaling',
    title: 'A server was started by hand',
    means: 'Someone started a server outside an auto-scaling group.',
    whatToDo: 'Ask who started it and why.',
    urgency: 'look-today',
    notify: '#security-alerts',
    ...input,
  });

const seed = rule({
  when: { allOf: [{ field: 'eventSource', equals: 'ec2.amazonaws.com' }, { field: 'eventName', equals: 'RunInstances' }] },
  exceptions: [{ unlessDoneByAwsService: true }, { unlessItFailed: true }],
  references: ['https://docs.aws.amazon.com/autoscaling/'],
  attack: ['T1578.002', 'T1078'],
  urgency: 'wake-me-up',
});

const detectionOf = (r: Rule): Record<string, unknown> => {
  const d = sigmaTarget.detectionFor(r);
  if (!d.ok) throw new Error(d.reason);
  return parse(d.text) as Record<string, unknown>;
};

/** The Sigma export's verdict next to the canonical one. */
function verdicts(r: Rule, event: CloudTrailEvent): [string, string] {
  const d = sigmaTarget.detectionFor(r);
  if (!d.ok) throw new Error(d.reason);
  return [sigmaTarget.match(d.text, event).kind, matchesCondition(effectiveCondition(r), event) ? 'match' : 'no-match'];
}

const when = (condition: Condition): Rule => rule({ when: condition });

describe('a Sigma export', () => {
  it('writes the seed rule with its title, level, tags, log source and plain-words extras', () => {
    const doc = detectionOf(seed);
    expect(doc).toMatchObject({
      title: 'A server was started by hand',
      status: 'experimental',
      description: 'Someone started a server outside an auto-scaling group.',
      level: 'high',
      tags: ['attack.t1578.002', 'attack.t1078'],
      logsource: { product: 'aws', service: 'cloudtrail' },
      references: ['https://docs.aws.amazon.com/autoscaling/'],
      plainsec: { rule: 'server-outside-autoscaling', urgency: 'wake-me-up', notify: '#security-alerts', whatToDo: 'Ask who started it and why.' },
    });
    expect(doc.date).toBeUndefined();
  });

  it('maps each urgency to the Sigma level in the reference table', () => {
    expect(detectionOf({ ...seed, urgency: 'look-today' }).level).toBe('medium');
    expect(detectionOf({ ...seed, urgency: 'fyi' }).level).toBe('low');
  });

  it('keeps a rule\'s Sigma id from one version to the next (a SIEM updates the rule rather than adding a copy), and gives different rules different ids', () => {
    // Pinned: the name-based UUID of the rule id under Plainsec's namespace, as every earlier export wrote it.
    expect(detectionOf(seed).id).toBe('dd4d00f1-2912-58f1-b630-a30fa08b609a');
    expect(detectionOf({ ...seed, id: 'another-rule' }).id).toBe('f7b48d93-bdf1-5d22-aee4-b1f5b53870ef');
    expect(detectionOf(seed).id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('computes name-based UUIDs as RFC 4122 does (the DNS example)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('reads no clock and no randomness: the files made on two different days, with different random numbers, are the same; a date appears only when given', () => {
    const set = { plainsecRules: 1 as const, rules: [seed] };
    vi.useFakeTimers();
    const random = vi.spyOn(Math, 'random');
    try {
      vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
      random.mockReturnValue(0.1);
      const first = exportSigma(set);
      vi.setSystemTime(new Date('2027-11-30T23:59:00Z'));
      random.mockReturnValue(0.9);
      expect(exportSigma(set)).toEqual(first);
      expect(first.files[0]!.content).not.toMatch(/^(date|modified):/m);
    } finally {
      random.mockRestore();
      vi.useRealTimers();
    }
    const dated = exportSigma(set, { date: '2026-01-31' });
    expect(parse(dated.files[0]!.content).date).toBe('2026-01-31');
  });

  it('names files after the rule id, within Sigma file-name rules', () => {
    expect(sigmaFileName('server-outside-autoscaling')).toBe('server_outside_autoscaling.yml');
    expect(sigmaFileName('abc')).toMatch(/^[a-z0-9_]{10,70}\.yml$/);
    expect(sigmaFileName('a'.repeat(63))).toMatch(/^[a-z0-9_]{10,70}\.yml$/);
    expect(exportSigma({ plainsecRules: 1, rules: [seed] }).files.map((f) => f.path)).toEqual(['sigma/server_outside_autoscaling.yml', 'sigma/README.md']);
  });

  it('refuses a second rule with the same id rather than overwrite the first', () => {
    const result = exportSigma({ plainsecRules: 1, rules: [seed, seed] });
    expect(result.files.map((f) => f.path)).toEqual(['sigma/server_outside_autoscaling.yml', 'sigma/README.md']);
    expect(result.refused).toEqual([{ ruleId: seed.id, reason: expect.stringContaining('own id') }]);
  });

  it('compares text with |cased, so "NO" does not fire a rule about "No"', () => {
    const mfa = when({ field: 'additionalEventData.MFAUsed', equals: 'No' });
    expect(JSON.stringify(detectionOf(mfa).detection)).toContain('additionalEventData.MFAUsed|cased');
    expect(verdicts(mfa, { additionalEventData: { MFAUsed: 'NO' } })).toEqual(['no-match', 'no-match']);
    expect(verdicts(mfa, { additionalEventData: { MFAUsed: 'No' } })).toEqual(['match', 'match']);
  });

  it('escapes *, ? and \\ in values that are not wildcards', () => {
    const odd = when({ field: 'userAgent', equals: 'a*b?c\\d' });
    expect(verdicts(odd, { userAgent: 'a*b?c\\d' })).toEqual(['match', 'match']);
    expect(verdicts(odd, { userAgent: 'aXXbYc\\d' })).toEqual(['no-match', 'no-match']);
    const star = when({ field: 'userAgent', wildcard: 'a\\*z' });
    expect(verdicts(star, { userAgent: 'a\\ anything z' })).toEqual(['match', 'match']);
    expect(verdicts(star, { userAgent: 'a anything z' })).toEqual(['no-match', 'no-match']);
  });

  // Sigma reads every value as text (the specification: "All values are treated as case-insensitive
  // strings"), so only where AWS documents a field's kind can a test tell 22 from "22".
  it('refuses to tell a number or true/false from the same text where AWS does not document the field', () => {
    for (const [test, words] of [
      [{ field: 'requestParameters.fromPort', equals: 22 }, 'the number 22 in the test on requestParameters.fromPort would also match the text "22"'],
      [{ field: 'requestParameters.flag', equals: true }, 'true in the test on requestParameters.flag would also match the text "true" in any case'],
      [{ field: 'requestParameters.principal', equals: '123456789012' }, 'the text "123456789012" in the test on requestParameters.principal would also match the number 123456789012'],
      [{ field: 'requestParameters.flag', oneOf: ['yes', 'TRUE'], ignoreCase: true }, 'the text "TRUE" in the test on requestParameters.flag would also match true'],
    ] as Array<[Condition, string]>) {
      const result = sigmaTarget.detectionFor(when(test));
      expect(result).toEqual({ ok: false, reason: `Sigma compares every value as text, so ${words} there, which the rule does not mean; Sigma cannot test for ${words.startsWith('the text') ? 'text only' : 'a number or true/false only'}` });
    }
  });

  it('writes a number or true/false with the same text beside it as the one value it is in Sigma', () => {
    const both = when({ field: 'requestParameters.fromPort', oneOf: [22, '22'] });
    for (const fromPort of [22, '22']) expect(verdicts(both, { requestParameters: { fromPort } })).toEqual(['match', 'match']);
    expect(verdicts(both, { requestParameters: { fromPort: 23 } })).toEqual(['no-match', 'no-match']);
  });

  it('writes text on a field AWS documents as text, and true/false on one documented as true/false, as they stand', () => {
    const account = when({ field: 'recipientAccountId', equals: '123456789012' });
    const d = detectionOf(account);
    expect(d.detection).toEqual({ selection_1: { 'recipientAccountId|cased': '123456789012' }, condition: 'selection_1' });
    expect(verdicts(account, { recipientAccountId: '123456789012' })).toEqual(['match', 'match']);
    const readOnly = when({ field: 'readOnly', equals: false });
    expect(detectionOf(readOnly).detection).toEqual({ selection_1: { readOnly: false }, condition: 'selection_1' });
    expect(verdicts(readOnly, { readOnly: false })).toEqual(['match', 'match']);
    expect(verdicts(readOnly, { readOnly: true })).toEqual(['no-match', 'no-match']);
  });

  it('fires on a missing field under "not", as a Plainsec rule does', () => {
    const notRoot = when({ not: { field: 'userIdentity.type', equals: 'Root' } });
    expect(verdicts(notRoot, {})).toEqual(['match', 'match']);
    expect(verdicts(seed, { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', userIdentity: { invokedBy: null } })).toEqual(['match', 'match']);
  });

  it('refuses a start, end or pattern that could also match a number or true/false written as text', () => {
    for (const test of [
      { field: 'requestParameters.maxResults', startsWith: '1' },
      { field: 'x', endsWith: 'ue' },
      { field: 'x', wildcard: '*' },
    ] as Condition[]) {
      const result = sigmaTarget.detectionFor(when(test));
      expect(result).toEqual({ ok: false, reason: expect.stringContaining('number or true/false') });
    }
  });

  it('never writes "not not": two negations cancel, in the templates, in generated rules and when nested', () => {
    const nested = when({ not: { allOf: [{ not: { field: 'eventName', equals: 'A' } }] } });
    expect((detectionOf(nested).detection as Record<string, unknown>).condition).toBe('filter_1');
    expect(verdicts(nested, { eventName: 'A' })).toEqual(['match', 'match']);
    const { ruleArb } = randomRuleGenerator(loadStratusEvents('real values in the generated rules scanned for "not not"'));
    const rules = [...loadTemplates(), ...fc.sample(ruleArb, { numRuns: 400, seed: 20261205 })];
    const conditions = exportSigma({ plainsecRules: 1, rules: rules.map((r, i) => ({ ...r, id: `rule-${i}` })) })
      .files.filter((f) => f.path.endsWith('.yml'))
      .map(
        // A counting rule's file holds the rule, then its correlation; the rule is the first document.
        (f) => (parseAllDocuments(f.content)[0]!.toJSON() as { detection: { condition: string } }).detection.condition,
      );
    expect(conditions.length).toBeGreaterThan(250);
    expect(conditions.filter((c) => /\bnot\s+(\(\s*)*not\b/.test(c))).toEqual([]);
  });

  it('uses "1 of" and "all of" where a group of searches reads better that way', () => {
    const d = detectionOf(when({ anyOf: [{ field: 'eventName', equals: 'A' }, { field: 'eventSource', equals: 'b' }] }));
    expect((d.detection as Record<string, unknown>).condition).toBe('1 of selection_*');
  });

  it('keeps user text from changing the file: quotes, colons, newlines, # and ${}', () => {
    const nasty = rule({
      title: 'Title: with "quotes" # and ${x}',
      means: 'line one\nline two: detection: {condition: x}',
      when: { field: 'userAgent', equals: "it's: \"#{x}\"\n- item" },
    });
    const doc = detectionOf(nasty);
    expect(doc.title).toBe(nasty.title);
    expect(doc.description).toBe(nasty.means);
    expect(verdicts(nasty, { userAgent: "it's: \"#{x}\"\n- item" })).toEqual(['match', 'match']);
  });
});

describe.skipIf(skipWhenMissing(haveSchema, reasons.corpora))('the Sigma JSON schema', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = haveSchema ? ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8'))) : () => true;
  const samples: Rule[] = [
    seed,
    when({ field: 'eventName', oneOf: ['A', 'B', 5, true] }),
    when({ not: { anyOf: [{ field: 'a', exists: true }, { field: 'b', startsWith: 'arn:' }, { field: 'c', wildcard: 'x*y*z' }] } }),
    rule({ when: { field: 'eventName', equals: 'x' }, attack: [], references: [], exceptions: [{ onlyInRegions: ['eu-west-1'] }, { unlessDoneByRoles: ['deploy'] }] }),
  ];
  samples.forEach((sample, i) => {
    it(`accepts export sample ${i + 1}`, () => {
      const result = exportSigma({ plainsecRules: 1, rules: [sample] }, { date: '2026-11-26' });
      expect(result.refused).toEqual([]);
      const doc = parse(result.files[0]!.content);
      expect(validate(doc), JSON.stringify((validate as { errors?: unknown }).errors)).toBe(true);
    });
  });
});
