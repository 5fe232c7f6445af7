import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { corporaDir, haveStratus, loadStratusFiles } from './support/kit.ts';
import { matchesCondition, type CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import { cloudTrailFields } from '../../../src/lib/rules/fields.ts';
import { effectiveCondition, fieldPathSchema, fieldsOf, ruleSetSchema, type Rule } from '../../../src/lib/rules/model.ts';
import { countFirings } from '../../../src/lib/rules/count.ts';
import { sourceOf } from '../../../src/lib/rules/sources.ts';
import { auditFields } from '../../../src/lib/rules/sources/k8s-audit-fields.ts';

const rulesDir = path.resolve(process.cwd(), 'content/rules');
const corpora = corporaDir;
const cisFile = path.join(corpora, 'securityhub-cloudwatch-controls-2023-03.txt');

const files = readdirSync(rulesDir).filter((f) => f.endsWith('.yaml'));
const parsed = files.map((file) => ({ file, result: ruleSetSchema.safeParse(parse(readFileSync(path.join(rulesDir, file), 'utf8'))) }));
const templates: Rule[] = parsed.flatMap((p) => (p.result.success ? p.result.data.rules : []));
const byId = new Map(templates.map((r) => [r.id, r]));

describe('the rule templates', () => {
  it.each(files)('%s is a valid rule set', (file) => {
    const p = parsed.find((x) => x.file === file)!;
    expect(p.result.success ? [] : p.result.error.issues).toEqual([]);
  });

  it('offer at least 30 rules, each with a unique id', () => {
    expect(templates.length).toBeGreaterThanOrEqual(30);
    expect(new Set(templates.map((r) => r.id)).size).toBe(templates.length);
  });

  const linkedFromGuides = [
    'server-outside-autoscaling',
    'cloudtrail-stopped-or-deleted',
    'root-account-used',
    'root-access-key-created',
    'console-sign-in-failed',
    'console-sign-in-without-mfa',
    'new-iam-user',
    'admin-policy-attached',
    'access-key-created',
    'security-group-open-to-internet',
    'bucket-made-public',
    'guardduty-turned-off',
    'config-recorder-stopped',
    'kms-key-scheduled-for-deletion',
    'secrets-read-in-bulk',
    'unusual-region',
    ...Array.from({ length: 14 }, (_, i) => `cis-cloudwatch-${i + 1}`),
  ];
  it.each(linkedFromGuides)('include the rule %s that the guides link to', (id) => {
    expect(byId.has(id)).toBe(true);
  });

  it('keep the seed rule as the guides describe it', () => {
    const seed = byId.get('server-outside-autoscaling')!;
    expect(seed.urgency).toBe('look-today');
    expect(seed.notify).toBe('#security-alerts');
    // A refused launch counts (a stolen key being tried), so the seed no longer ignores failed calls.
    expect(seed.exceptions).toEqual([{ unlessDoneByAwsService: true }]);
    const byHand = { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', userIdentity: { type: 'IAMUser' } };
    expect(matchesCondition(effectiveCondition(seed), byHand)).toBe(true);
    const byAutoScaling = { ...byHand, userIdentity: { type: 'AssumedRole', invokedBy: 'autoscaling.amazonaws.com' } };
    expect(matchesCondition(effectiveCondition(seed), byAutoScaling)).toBe(false);
  });

  // A rule page's title is the template's title and " · Plainsec"; html-validate allows 70 characters.
  it.each(templates.map((r) => [r.id, r] as const))('%s has a title short enough for its page title', (_id, rule) => {
    expect(`${rule.title} · Plainsec`.length).toBeLessThanOrEqual(70);
  });

  it.each(templates.map((r) => [r.id, r] as const))('%s says how often it fires for a small team', (_id, rule) => {
    expect(rule.noise).toMatch(/^(rare|a-few-a-week|many-a-day)$/);
  });

  it('name only templates that exist among those they replace, and each pair once', () => {
    for (const rule of templates) for (const other of rule.replaces ?? []) {
      expect(byId.has(other), `${rule.id} replaces ${other}`).toBe(true);
      expect(byId.get(other)!.replaces ?? []).not.toContain(rule.id);
    }
  });

  it.each(templates.map((r) => [r.id, r] as const))('%s speaks in short sentences, cites the docs of what it reads (AWS or Kubernetes) and ATT&CK', (_id, rule) => {
    for (const text of [rule.title, rule.means, rule.whatToDo]) {
      for (const sentence of text.split(/(?<=[.!?])\s+/)) expect(sentence.split(/\s+/).length).toBeLessThanOrEqual(30);
    }
    expect(rule.references.length).toBeGreaterThan(0);
    const docs = sourceOf(rule) === 'k8s-audit' ? /^https:\/\/(kubernetes\.io|docs\.aws\.amazon\.com)\// : /^https:\/\/docs\.aws\.amazon\.com\//;
    for (const ref of rule.references) expect(ref).toMatch(docs);
    expect(rule.attack.length).toBeGreaterThan(0);
  });
});

describe('the field catalogue the builder offers', () => {
  it.each(cloudTrailFields.map((f) => [f.path, f] as const))('offers %s as a valid path with examples of its kind', (_path, field) => {
    expect(fieldPathSchema.safeParse(field.path).success).toBe(true);
    expect(field.plainName.length).toBeGreaterThan(3);
    expect(field.examples.length).toBeGreaterThan(0);
    for (const example of field.examples) expect(typeof example).toBe(field.kind);
  });

  it('covers every field the templates read in their conditions', () => {
    const offered = new Set(cloudTrailFields.map((f) => f.path));
    const read = new Set(
      templates
        .filter((r) => sourceOf(r) === 'cloudtrail')
        .flatMap((r) => fieldsOf(r.when))
        .filter((f) => !f.startsWith('requestParameters.') && !f.startsWith('responseElements.')),
    );
    expect([...read].filter((f) => !offered.has(f))).toEqual([]);
  });

  it('covers every field the cluster templates read, in the audit-event catalogue', () => {
    const offered = new Set(auditFields.map((f) => f.path));
    const read = new Set(templates.filter((r) => sourceOf(r) === 'k8s-audit').flatMap((r) => fieldsOf(effectiveCondition(r))));
    expect(read.size).toBeGreaterThan(10);
    expect([...read].filter((f) => !offered.has(f))).toEqual([]);
  });
});

const haveCis = existsSync(cisFile);
if (!haveCis) console.warn(`Skipped: the CIS pattern comparison needs ${cisFile}, which is absent.`);

describe.skipIf(skipWhenMissing(haveCis, reasons.corpora))('the CIS AWS Foundations pack', () => {
  const patterns = new Map<number, string>();
  if (haveCis) {
    let control = 0;
    for (const line of readFileSync(cisFile, 'utf8').split('\n')) {
      const heading = /^## \[CloudWatch\.(\d+)\]/.exec(line);
      if (heading) control = Number(heading[1]);
      const pattern = /^ {2}pattern: (.*)$/.exec(line);
      if (pattern) patterns.set(control, pattern[1]!);
    }
  }

  it.each(Array.from({ length: 14 }, (_, i) => i + 1))('pins CloudWatch.%i to the Security Hub pattern byte for byte', (n) => {
    expect(patterns.get(n)).toBeDefined();
    expect(byId.get(`cis-cloudwatch-${n}`)?.pinned?.cloudwatch).toBe(patterns.get(n));
  });
});

const stratusFiles = loadStratusFiles('the templates on real attack events');

describe.skipIf(skipWhenMissing(haveStratus, reasons.corpora))('the templates on real attack events', () => {
  const eventsOf = (file: string): CloudTrailEvent[] => stratusFiles.find((f) => f.file === file)?.events ?? [];
  const firesOn = (id: string, file: string): boolean => {
    const rule = byId.get(id);
    if (!rule) throw new Error(`no template ${id}`);
    // A counting rule fires when the file's events reach its count in some window.
    if (rule.count) return countFirings(rule.count, effectiveCondition(rule), eventsOf(file)).length > 0;
    return eventsOf(file).some((e) => matchesCondition(effectiveCondition(rule), e));
  };

  it.each([
    ['console-sign-in-without-mfa', 'aws.initial-access.console-login-without-mfa.json'],
    ['cis-cloudwatch-3', 'aws.initial-access.console-login-without-mfa.json'],
    // Twenty GetSecretValue calls by one user within seconds: the count of 20 in 5 minutes is reached.
    ['secrets-read-in-bulk', 'aws.credential-access.secretsmanager-retrieve-secrets.json'],
    ['cloudtrail-stopped-or-deleted', 'aws.defense-evasion.cloudtrail-stop.json'],
    ['cloudtrail-stopped-or-deleted', 'aws.defense-evasion.cloudtrail-delete.json'],
    ['cis-cloudwatch-5', 'aws.defense-evasion.cloudtrail-stop.json'],
    ['cloudtrail-logging-narrowed', 'aws.defense-evasion.cloudtrail-event-selectors.json'],
    ['new-iam-user', 'aws.persistence.iam-create-admin-user.json'],
    ['admin-policy-attached', 'aws.persistence.iam-create-admin-user.json'],
    ['admin-policy-attached', 'aws.persistence.iam-create-backdoor-role.json'],
    ['access-key-created', 'aws.persistence.iam-backdoor-user.json'],
    ['security-group-open-to-internet', 'aws.exfiltration.ec2-security-group-open-port-22-ingress.json'],
    ['cis-cloudwatch-10', 'aws.exfiltration.ec2-security-group-open-port-22-ingress.json'],
    ['cis-cloudwatch-2', 'aws.credential-access.ec2-get-password-data.json'],
    ['cis-cloudwatch-4', 'aws.persistence.iam-create-admin-user.json'],
    ['flow-logs-deleted', 'aws.defense-evasion.vpc-remove-flow-logs.json'],
    ['dns-query-logs-deleted', 'aws.defense-evasion.dns-delete-logs.json'],
    ['account-left-organization', 'aws.defense-evasion.organizations-leave.json'],
    ['disk-or-image-shared', 'aws.exfiltration.ec2-share-ami.json'],
    ['disk-or-image-shared', 'aws.exfiltration.ec2-share-ebs-snapshot.json'],
    ['disk-or-image-shared', 'aws.exfiltration.rds-share-snapshot.json'],
    ['lambda-opened-to-anyone', 'aws.persistence.lambda-backdoor-function.json'],
    ['command-sent-to-servers', 'aws.execution.ssm-send-command.json'],
    // The launch of ten GPU servers in this detonation was refused: a stolen key being tried.
    ['server-outside-autoscaling', 'aws.execution.ec2-launch-unusual-instances.json'],
    ['console-password-set-for-user', 'aws.persistence.iam-create-user-login-profile.json'],
    ['console-password-set-for-user', 'aws.privilege-escalation.iam-update-user-login-profile.json'],
    ['role-trust-changed', 'aws.persistence.iam-backdoor-role.json'],
    ['federation-token-requested', 'aws.persistence.sts-federation-token.json'],
  ])('%s fires on %s', (id, file) => {
    expect(firesOn(id, file)).toBe(true);
  });

  it.each([
    ['root-account-used', 'aws.initial-access.console-login-without-mfa.json'],
    ['console-sign-in-failed', 'aws.initial-access.console-login-without-mfa.json'],
    ['new-iam-user', 'aws.persistence.iam-backdoor-user.json'],
    // This file holds only the five BatchGetSecretValue calls; AWS also records a GetSecretValue for
    // each secret a batch reads, and those are what the rule counts.
    ['secrets-read-in-bulk', 'aws.credential-access.secretsmanager-batch-retrieve-secrets.json'],
  ])('%s stays quiet on %s', (id, file) => {
    expect(firesOn(id, file)).toBe(false);
  });

  it('keeps the root access-key rule quiet on every real event, since no detonation used root', () => {
    const all = stratusFiles.flatMap((f) => f.events);
    const rootKey = byId.get('root-access-key-created')!;
    expect(all.filter((e) => matchesCondition(effectiveCondition(rootKey), e))).toEqual([]);
  });
});
