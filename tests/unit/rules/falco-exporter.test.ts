import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { matchesCondition } from '../../../src/lib/rules/canonical.ts';
import type { CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import { effectiveCondition, ruleSchema } from '../../../src/lib/rules/model.ts';
import type { Condition, Rule, RuleInput } from '../../../src/lib/rules/model.ts';
import { exportFalco, falcoTarget } from '../../../src/lib/rules/exporters/falco.ts';
import { falcoFieldsOf, parseFalcoRulesFile } from '../../../src/lib/rules/matchers/falco.ts';

const corpora = path.resolve(process.cwd(), '../shared/corpora');
const schemaFile = path.join(corpora, 'falco', 'falco-rules-schema.json');
const fieldsFile = path.join(corpora, 'falco', 'falco-cloudtrail-fields.txt');
const haveFalco = existsSync(schemaFile) && existsSync(fieldsFile);
if (!haveFalco) console.warn(`Skipped Falco schema and field checks: ${schemaFile} or ${fieldsFile} is not there.`);

const rule = (input: Partial<RuleInput> & Pick<RuleInput, 'when'>): Rule =>
  ruleSchema.parse({
    id: 'server-outside-autoscaling',
    title: 'A server was started by hand',
    means: 'Someone started a server outside an auto-scaling group.',
    whatToDo: 'Ask who started it and why.',
    urgency: 'wake-me-up',
    notify: '#security-alerts',
    ...input,
  });
const when = (condition: Condition): Rule => rule({ when: condition });

const seed = rule({
  when: { allOf: [{ field: 'eventSource', equals: 'ec2.amazonaws.com' }, { field: 'eventName', equals: 'RunInstances' }] },
  exceptions: [{ unlessDoneByAwsService: true }, { unlessItFailed: true }],
  attack: ['T1578.002'],
});

function verdicts(r: Rule, event: CloudTrailEvent): [string, string] {
  const d = falcoTarget.detectionFor(r);
  if (!d.ok) throw new Error(d.reason);
  return [falcoTarget.match(d.text, event).kind, matchesCondition(effectiveCondition(r), event) ? 'match' : 'no-match'];
}

const samples: Rule[] = [
  seed,
  when({ field: 'userAgent', wildcard: '*S3 Browser*' }),
  when({ not: { anyOf: [{ field: 'eventName', startsWith: 'Get' }, { field: 'awsRegion', oneOf: ['eu-west-1', 'us-east-1'] }] } }),
  when({ allOf: [{ field: 'readOnly', equals: true }, { field: 'userIdentity.arn', endsWith: ':root' }] }),
  rule({
    when: { allOf: [{ field: 'eventSource', equals: 'iam.amazonaws.com' }, { field: 'eventName', equals: 'CreateRole' }, { field: 'requestParameters.roleName', wildcard: 'admin*ops' }] },
    urgency: 'fyi',
    exceptions: [{ unlessDoneByUsers: ['bob'] }],
  }),
];

describe('a Falco export', () => {
  it('writes the seed rule with plugin fields where one reads the value exactly', () => {
    const d = falcoTarget.detectionFor(seed);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    const doc = parse(d.text) as Array<Record<string, unknown>>;
    expect(doc[0]).toEqual({ required_engine_version: '0.10.0' });
    expect(doc[1]).toEqual({ required_plugin_versions: [{ name: 'cloudtrail', version: '0.10.0' }, { name: 'json', version: '0.7.0' }] });
    const entry = doc[2]!;
    expect(entry).toMatchObject({ rule: seed.title, desc: seed.means, priority: 'CRITICAL', source: 'aws_cloudtrail' });
    expect(entry.condition).toContain('ct.src = "ec2.amazonaws.com"');
    expect(entry.condition).toContain('ct.name = "RunInstances"');
    expect(entry.condition).toContain('not (json.value[/userIdentity/invokedBy] in ("autoscaling.amazonaws.com"');
    expect(entry.condition).toContain('not (json.value[/userIdentity/sessionContext/sessionIssuer/arn] contains ":role/aws-service-role/")');
    expect(entry.tags).toContain('T1578.002');
  });

  it('maps urgencies to the Falco priorities in the reference table', () => {
    const priority = (urgency: Rule['urgency']): unknown => (parse((falcoTarget.detectionFor({ ...seed, urgency }) as { text: string }).text) as Array<Record<string, unknown>>)[2]!.priority;
    expect([priority('wake-me-up'), priority('look-today'), priority('fyi')]).toEqual(['CRITICAL', 'WARNING', 'NOTICE']);
  });

  it('fires on the events the rule means, and not on a failed or auto-scaled launch', () => {
    const launch = { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', userIdentity: { type: 'IAMUser' } };
    expect(verdicts(seed, launch)).toEqual(['match', 'match']);
    expect(verdicts(seed, { ...launch, errorCode: 'Client.UnauthorizedOperation' })).toEqual(['no-match', 'no-match']);
    expect(verdicts(seed, { ...launch, userIdentity: { invokedBy: 'autoscaling.amazonaws.com' } })).toEqual(['no-match', 'no-match']);
  });

  it('relies on errorCode being text, as AWS documents it, and says so in the file', () => {
    const launch = { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances' };
    expect(verdicts(seed, { ...launch, errorCode: 'AccessDenied' })).toEqual(['no-match', 'no-match']);
    expect(verdicts(seed, launch)).toEqual(['match', 'match']);
    const text = falcoTarget.detectionFor(seed);
    expect(text.ok && text.text).toMatch(/^# server-outside-autoscaling: assumes errorCode is always text where present, as AWS documents it \(https:\/\/docs\.aws\.amazon\.com\/awscloudtrail\//m);
  });

  it('still sees an undocumented field that is not text as present, as the rule does', () => {
    const r = when({ not: { field: 'requestParameters.groupId', exists: true } });
    expect(falcoTarget.detectionFor(r).ok).toBe(false);
  });

  it('writes "is not" as not (…), so a missing field still fires it', () => {
    const notRoot = when({ not: { field: 'userIdentity.type', equals: 'Root' } });
    expect(verdicts(notRoot, {})).toEqual(['match', 'match']);
    expect(falcoTarget.detectionFor(notRoot)).toEqual({ ok: true, text: expect.not.stringContaining('!=') });
  });

  it('refuses a number, which Falco would compare as text, even where AWS documents it', () => {
    const port = when({ allOf: [{ field: 'eventSource', equals: 'ec2.amazonaws.com' }, { field: 'eventName', equals: 'AuthorizeSecurityGroupIngress' }, { field: 'requestParameters.fromPort', equals: 22 }] });
    expect(falcoTarget.detectionFor(port)).toEqual({ ok: false, reason: expect.stringContaining('as text') });
  });

  it('refuses any test on a field AWS does not document for the rule\'s calls, since Falco never reads a list by its items', () => {
    for (const test of [
      { field: 'requestParameters.fromPort', equals: 22 },
      { field: 'requestParameters.enabled', equals: false },
      { field: 'x', oneOf: ['a', 1] },
      { field: 'requestParameters.bucketName', equals: 'my-team-backups' },
    ] as Condition[])
      expect(falcoTarget.detectionFor(when(test))).toEqual({ ok: false, reason: expect.stringContaining('never by its items') });
  });

  it('compares a documented true/false field as the text json.value gives it (readOnly, enable of UpdateDetector)', () => {
    const readOnly = falcoTarget.detectionFor(when({ field: 'readOnly', equals: false }));
    expect(readOnly.ok && readOnly.text).toContain('json.value[/readOnly] = "false"');
    const gd = when({ allOf: [{ field: 'eventSource', equals: 'guardduty.amazonaws.com' }, { field: 'eventName', equals: 'UpdateDetector' }, { field: 'requestParameters.enable', equals: false }] });
    const text = falcoTarget.detectionFor(gd);
    expect(text.ok && text.text).toContain('json.value[/requestParameters/enable] = "false"');
    const event = { eventSource: 'guardduty.amazonaws.com', eventName: 'UpdateDetector', requestParameters: { enable: false } };
    expect(verdicts(gd, event)).toEqual(['match', 'match']);
    expect(verdicts(gd, { ...event, requestParameters: { enable: true } })).toEqual(['no-match', 'no-match']);
  });

  it('reads readOnly = true exactly through ct.readonly', () => {
    const readOnly = when({ field: 'readOnly', equals: true });
    expect(verdicts(readOnly, { readOnly: true })).toEqual(['match', 'match']);
    expect(verdicts(readOnly, { readOnly: 'true' })).toEqual(['no-match', 'no-match']);
    expect(verdicts(readOnly, { eventName: 'DescribeInstances' })).toEqual(['no-match', 'no-match']);
  });

  it('refuses text that json.value could confuse with a number, null or a group of fields', () => {
    for (const test of [
      { field: 'requestParameters.port', equals: '22' },
      { field: 'requestParameters.flag', equals: 'null' },
      { field: 'requestParameters.roleName', wildcard: '*admin*' },
      { field: 'requestParameters.roleName', startsWith: 'tr' },
      { field: 'requestParameters', exists: true },
      { field: 'responseElements.role', exists: false },
    ] as Condition[])
      expect(falcoTarget.detectionFor(when(test)).ok).toBe(false);
    expect(verdicts(when({ field: 'eventName', equals: '22' }), { eventName: '22' })).toEqual(['match', 'match']);
    expect(verdicts(when({ field: 'userAgent', wildcard: '*admin*' }), { userAgent: 'x-admin-y' })).toEqual(['match', 'match']);
  });

  it('refuses a glob pattern with characters a glob would read as special', () => {
    expect(falcoTarget.detectionFor(when({ field: 'userAgent', wildcard: 'a*[x]*b' }))).toEqual({ ok: false, reason: expect.stringContaining('glob') });
  });

  it('keeps user text from changing the file: quotes, backslashes, newlines, # and %', () => {
    const nasty = rule({
      title: 'Title: "quoted" # 100% ${x}',
      means: 'line\n- rule: injected',
      when: { field: 'userAgent', equals: 'say "hi" \\ # - rule: x\nnext' },
    });
    const d = falcoTarget.detectionFor(nasty);
    if (!d.ok) throw new Error(d.reason);
    const file = parseFalcoRulesFile(d.text);
    expect(file.ok && file.file.rules.map((r) => r.rule)).toEqual([nasty.title]);
    const entry = (parse(d.text) as Array<Record<string, unknown>>)[2]!;
    expect(entry.desc).toBe(nasty.means);
    expect(String(entry.output)).not.toContain('100%');
    expect(verdicts(nasty, { userAgent: 'say "hi" \\ # - rule: x\nnext' })).toEqual(['match', 'match']);
  });

  it('puts every rule of a set in one rules file with unique rule names, beside the falcosidekick configuration and its README', () => {
    const other = { ...seed, id: 'another-rule' };
    const result = exportFalco({ plainsecRules: 1, rules: [seed, other, when({ field: 'x', equals: 1 })] });
    expect(result.files.map((f) => f.path)).toEqual(['falco/plainsec_cloudtrail_rules.yaml', 'falco/falcosidekick.yaml', 'falco/README.md']);
    const file = parseFalcoRulesFile(result.files[0]!.content);
    expect(file.ok && file.file.rules.map((r) => r.rule)).toEqual([seed.title, `${seed.title} (another-rule)`]);
    expect(result.refused).toHaveLength(1);
  });
});

describe.skipIf(skipWhenMissing(haveFalco, reasons.corpora))('Falco exports against the official schema and field table', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json'));
  const validate = haveFalco ? ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8'))) : () => true;
  const knownFields = haveFalco ? new Set([...readFileSync(fieldsFile, 'utf8').matchAll(/`([a-z0-9.]+)`\|/g)].map((m) => m[1]!)) : new Set();

  it('rejects the official file\'s integer engine version, so the check can fail', () => {
    expect(validate([{ required_engine_version: 10 }])).toBe(false);
  });

  samples.forEach((sample, i) => {
    it(`export sample ${i + 1} validates and uses only known plugin fields`, () => {
      const result = exportFalco({ plainsecRules: 1, rules: [sample] });
      expect(result.refused).toEqual([]);
      const doc = parse(result.files[0]!.content);
      expect(validate(doc), JSON.stringify((validate as { errors?: unknown }).errors)).toBe(true);
      const file = parseFalcoRulesFile(result.files[0]!.content);
      if (!file.ok) throw new Error(file.reason);
      for (const field of file.file.rules.flatMap((r) => falcoFieldsOf(r.condition))) {
        const name = field.replace(/\[.*$/, '');
        expect(knownFields.has(name) || name === 'json.value', `${field} is a known field`).toBe(true);
      }
    });
  });
});
