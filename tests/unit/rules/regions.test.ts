/**
 * Where each rule's events arrive in EventBridge (`regions.ts`), and whether the EventBridge files
 * put each rule where its events are: a rule on a global service in us-east-1, a rule that also
 * hears regional services in us-east-1 with a forwarding copy in every other region.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { arrivalOf, cloudwatchRegionSentence, eventbridgeRegionSentence, regionWarnings, type Arrival } from '../../../src/lib/rules/regions.ts';
import { exportRuleSet } from '../../../src/lib/rules/targets.ts';
import { installReadme } from '../../../src/lib/rules/builder/install-readme.ts';
import type { Condition, Rule, RuleSet } from '../../../src/lib/rules/model.ts';
import { fleschKincaidGrade } from '../../../src/lib/content/readability.ts';
import { plainWordsProblems, siteGlossary } from '../../support/plain-words.ts';
import { loadTemplates } from './support/kit.ts';
import { sourceOf } from '../../../src/lib/rules/sources.ts';

// CloudTrail templates only: a cluster's audit log reaches no AWS region's EventBridge and no
// CloudTrail detonation (tests/unit/rules/k8s/ covers those templates).
const templates = loadTemplates().filter((t) => sourceOf(t) === 'cloudtrail');

/** Every template's answer, so that a change to a template or to the list of global services shows here. */
const expected: Record<string, Arrival> = {
  'cis-cloudwatch-1': 'unknown',
  'cis-cloudwatch-2': 'unknown',
  'cis-cloudwatch-3': 'unknown',
  'cis-cloudwatch-4': 'unknown',
  'cis-cloudwatch-5': 'unknown',
  'cis-cloudwatch-6': 'unknown',
  'cis-cloudwatch-7': 'every-region',
  'cis-cloudwatch-8': 'every-region',
  'cis-cloudwatch-9': 'every-region',
  'cis-cloudwatch-10': 'unknown',
  'cis-cloudwatch-11': 'unknown',
  'cis-cloudwatch-12': 'unknown',
  'cis-cloudwatch-13': 'unknown',
  'cis-cloudwatch-14': 'unknown',
  'root-account-used': 'unknown',
  'root-access-key-created': 'us-east-1',
  'console-sign-in-failed': 'both',
  'console-sign-in-without-mfa': 'both',
  'new-iam-user': 'us-east-1',
  'admin-policy-attached': 'us-east-1',
  'access-key-created': 'us-east-1',
  'console-password-set-for-user': 'us-east-1',
  'role-trust-changed': 'us-east-1',
  'federation-token-requested': 'both',
  'server-outside-autoscaling': 'every-region',
  'cloudtrail-stopped-or-deleted': 'every-region',
  'cloudtrail-logging-narrowed': 'every-region',
  'guardduty-turned-off': 'every-region',
  'config-recorder-stopped': 'every-region',
  'kms-key-scheduled-for-deletion': 'every-region',
  'secrets-read-in-bulk': 'every-region',
  'unusual-region': 'unknown',
  'security-group-open-to-internet': 'every-region',
  'bucket-made-public': 'every-region',
  'flow-logs-deleted': 'every-region',
  'dns-query-logs-deleted': 'every-region',
  'account-left-organization': 'us-east-1',
  'disk-or-image-shared': 'unknown',
  'lambda-opened-to-anyone': 'every-region',
  'command-sent-to-servers': 'every-region',
  'identity-center-access-given': 'every-region',
  'security-service-switch-off-refused': 'every-region',
  'account-public-block-loosened': 'every-region',
  'root-sign-in-failed-repeatedly': 'both',
  // Pack "Someone turned off the lights": each call is recorded in the region it was made in.
  'log-group-deleted': 'every-region',
  'log-forwarding-removed': 'every-region',
  'alarm-deleted-or-muted': 'every-region',
  'event-rule-switched-off': 'every-region',
  'plainsec-alert-rule-switched-off': 'every-region',
  'alert-topic-deleted': 'every-region',
  'security-hub-turned-off': 'every-region',
  'security-hub-findings-suppressed': 'every-region',
  'security-hub-automation-rule-changed': 'every-region',
  'bucket-access-logging-turned-off': 'every-region',
  'access-analyzer-deleted': 'every-region',
  'config-rule-deleted': 'every-region',
  'guardduty-findings-export-removed': 'every-region',
  // Quiet persistence pack: regional calls, except Route 53 domain registration, which lives in us-east-1.
  'server-startup-script-changed': 'every-region',
  'launch-template-startup-script-set': 'every-region',
  'function-code-replaced-by-a-person': 'every-region',
  'function-layer-added': 'every-region',
  'function-given-new-role': 'every-region',
  'instance-connect-key-pushed': 'every-region',
  'serial-console-turned-on': 'every-region',
  'traffic-mirroring-set-up': 'every-region',
  'network-acl-open-to-internet': 'every-region',
  'server-given-a-role': 'every-region',
  'key-pair-imported': 'every-region',
  'metadata-service-v1-turned-back-on': 'every-region',
  'domain-transfer-lock-removed': 'us-east-1',
  // Left the door open (left-the-door-open.yaml): regional services. ECR Public answers in us-east-1
  // only, which every region includes.
  'snapshot-public-sharing-unblocked': 'every-region',
  'image-public-sharing-unblocked': 'every-region',
  'database-open-to-internet': 'every-region',
  'data-warehouse-open-to-internet': 'every-region',
  'function-url-without-sign-in': 'every-region',
  'bucket-acl-opened-to-everyone': 'every-region',
  'bucket-access-lists-turned-back-on': 'every-region',
  'container-repository-opened-to-everyone': 'every-region',
  'public-container-repository-created': 'every-region',
  'secret-shared-by-its-policy': 'every-region',
  'resource-share-open-to-outside-accounts': 'every-region',
  'function-layer-shared-with-everyone': 'every-region',
  // Keys to the kingdom: IAM and the account's settings are global (us-east-1); sign-in events
  // arrive in both; Identity Center in whichever region it runs.
  'access-key-made-for-user-by-role-or-root': 'us-east-1',
  'root-password-changed-or-recovered': 'both',
  'sign-in-provider-added-or-changed': 'us-east-1',
  'identity-center-permission-set-changed': 'every-region',
  'leaked-key-quarantined-by-aws': 'us-east-1',
  'mfa-device-turned-off': 'us-east-1',
  'password-policy-deleted-or-changed': 'us-east-1',
  'new-region-turned-on': 'us-east-1',
  'access-key-turned-back-on': 'us-east-1',
  'other-sign-in-secret-made-for-user': 'us-east-1',
  'permissions-boundary-removed': 'us-east-1',
  'account-contacts-changed': 'us-east-1',
  // Ransomware's first moves: S3, AWS Backup, RDS, EC2 and KMS are regional services.
  'bucket-versioning-suspended': 'every-region',
  'backup-copies-deleted': 'every-region',
  'backup-vault-or-plan-deleted': 'every-region',
  'backup-vault-lock-removed': 'every-region',
  'database-deletion-protection-off': 'every-region',
  'database-deleted-without-final-copy': 'every-region',
  'database-snapshot-deleted': 'every-region',
  'disk-snapshot-deleted-by-hand': 'every-region',
  'disk-encryption-by-default-off': 'every-region',
  'bucket-replication-removed': 'every-region',
  'bucket-object-lock-changed': 'every-region',
  'key-material-deleted': 'every-region',
  'outside-key-material-imported': 'every-region',
};

const rule = (when: Condition, exceptions: Rule['exceptions'] = []) => ({ when, exceptions });
const source = (s: string): Condition => ({ field: 'eventSource', equals: s });

describe('where a rule’s events arrive', () => {
  it('is known for every template, and the counts are printed', () => {
    const got = Object.fromEntries(templates.map((t) => [t.id, arrivalOf(t)]));
    const counts = Object.values(got).reduce<Record<string, number>>((c, a) => ({ ...c, [a]: (c[a] ?? 0) + 1 }), {});
    console.info(`Where the templates' events arrive: ${JSON.stringify(counts)}`);
    // New templates (from other work on the templates) must be added to the list above.
    for (const id of Object.keys(got)) expect(expected, `the template ${id} is not in the list`).toHaveProperty(id);
    expect(Object.fromEntries(Object.keys(expected).filter((id) => id in got).map((id) => [id, got[id]]))).toEqual(
      Object.fromEntries(Object.keys(expected).filter((id) => id in got).map((id) => [id, expected[id]])),
    );
  });

  it('is us-east-1 for global services only, every region for regional ones, and both for a mix or for STS and sign-in', () => {
    expect(arrivalOf(rule({ allOf: [source('iam.amazonaws.com'), { field: 'eventName', equals: 'CreateUser' }] }))).toBe('us-east-1');
    expect(arrivalOf(rule({ field: 'eventSource', oneOf: ['organizations.amazonaws.com', 'cloudfront.amazonaws.com', 'route53.amazonaws.com'] }))).toBe('us-east-1');
    expect(arrivalOf(rule(source('ec2.amazonaws.com')))).toBe('every-region');
    expect(arrivalOf(rule({ anyOf: [source('iam.amazonaws.com'), source('ec2.amazonaws.com')] }))).toBe('both');
    expect(arrivalOf(rule(source('sts.amazonaws.com')))).toBe('both');
    expect(arrivalOf(rule(source('signin.amazonaws.com')))).toBe('both');
  });

  it('is unknown where the service is not named, named only as “not this one”, or named only in some alternatives', () => {
    expect(arrivalOf(rule({ field: 'eventName', equals: 'CreateUser' }))).toBe('unknown');
    expect(arrivalOf(rule({ not: source('iam.amazonaws.com') }))).toBe('unknown');
    expect(arrivalOf(rule({ anyOf: [source('iam.amazonaws.com'), { field: 'eventName', equals: 'RunInstances' }] }))).toBe('unknown');
    expect(arrivalOf(rule({ field: 'eventSource', startsWith: 'iam' }))).toBe('unknown');
  });

  it('reads names in any case, double negation, and the service an exception narrows to', () => {
    expect(arrivalOf(rule({ field: 'eventSource', equals: 'IAM.amazonaws.com', ignoreCase: true }))).toBe('us-east-1');
    expect(arrivalOf(rule({ not: { not: source('iam.amazonaws.com') } }))).toBe('us-east-1');
    expect(arrivalOf(rule({ not: { anyOf: [{ not: source('iam.amazonaws.com') }, { field: 'eventName', equals: 'x' }] } }))).toBe('us-east-1');
    expect(arrivalOf(rule({ allOf: [{ field: 'eventSource', oneOf: ['iam.amazonaws.com', 'ec2.amazonaws.com'] }, source('iam.amazonaws.com')] }))).toBe('us-east-1');
  });
});

// ---------------------------------------------------------------- the EventBridge files

type Json = Record<string, any>;

/** The region a Terraform block is made in: its provider's, its own `region`, or the default provider's. */
function regionOf(config: Json, body: Json): string {
  if (typeof body['provider'] === 'string') {
    const alias = body['provider'].replace(/^aws\./, '');
    const provider = [config['provider']?.['aws'] ?? []].flat().find((p: Json) => p['alias'] === alias);
    return provider?.['region'] ?? `an undeclared provider ${body['provider']}`;
  }
  return typeof body['region'] === 'string' ? body['region'] : 'the region Terraform is run in';
}

const exported = exportRuleSet({ plainsecRules: 1, rules: templates } satisfies RuleSet, ['eventbridge']);
const file = (path: string) => exported.files.find((f) => f.path === path);
const terraform = JSON.parse(file('eventbridge/main.tf.json')!.content) as Json;
const resources = terraform['resource'] as Record<string, Record<string, Json>>;
/** The EventBridge rule resources for one Plainsec rule, by the name each copy is given in AWS. */
const ruleResources = (id: string) => Object.entries(resources['aws_cloudwatch_event_rule']!).filter(([, body]) => body['name'] === `plainsec-${id}`);
const exportedIds = templates.map((t) => t.id).filter((id) => file(`eventbridge/${id}.pattern.json`));

describe('the EventBridge Terraform file puts each rule where its events arrive', () => {
  // EventBridge cannot count events, so a counting template has no EventBridge file (it says why).
  it('exports every template that does not count, so every one is checked below', () =>
    expect(exportedIds).toEqual(templates.filter((t) => t.count === undefined).map((t) => t.id)));

  it.each(exportedIds.filter((id) => expected[id] === 'us-east-1'))('%s (a global service): one rule, in us-east-1, alerting to a topic in us-east-1', (id) => {
    const copies = ruleResources(id);
    expect(copies).toHaveLength(1);
    const [name, body] = copies[0]!;
    expect(regionOf(terraform, body)).toBe('us-east-1');
    const target = resources['aws_cloudwatch_event_target']![name]!;
    expect(regionOf(terraform, target)).toBe('us-east-1');
    const topic = /^\$\{aws_sns_topic\.(\w+)\.arn\}$/.exec(target['arn'])![1]!;
    expect(regionOf(terraform, resources['aws_sns_topic']![topic]!)).toBe('us-east-1');
  });

  it.each(exportedIds.filter((id) => expected[id] !== 'us-east-1'))('%s (events outside us-east-1 too): the rule in us-east-1, and a copy in every other region sending its events there', (id) => {
    const copies = ruleResources(id);
    expect(copies).toHaveLength(2);
    const [home, forward] = [copies.find(([, b]) => b['for_each'] === undefined)!, copies.find(([, b]) => b['for_each'] !== undefined)!];
    expect(regionOf(terraform, home[1])).toBe('us-east-1');
    // One copy per region in the list, each made in its region; the list leaves out us-east-1.
    expect(forward[1]['for_each']).toBe('${local.forward_from_regions}');
    expect(forward[1]['region']).toBe('${each.value}');
    expect(terraform['locals']['forward_from_regions']).toMatch(/^\$\{setsubtract\(.*data\.aws_regions\.enabled\.names, \["us-east-1"\]\)\}$/);
    expect(forward[1]['event_pattern']).toBe(home[1]['event_pattern']);
    const target = resources['aws_cloudwatch_event_target']![forward[0]]!;
    expect(target['region']).toBe('${each.value}');
    expect(target['rule']).toBe(`\${aws_cloudwatch_event_rule.${forward[0]}[each.key].name}`);
    // It sends to the default event bus of us-east-1.
    const bus = /^\$\{data\.aws_cloudwatch_event_bus\.(\w+)\.arn\}$/.exec(target['arn'])![1]!;
    const busBody = terraform['data']['aws_cloudwatch_event_bus'][bus];
    expect([busBody['name'], regionOf(terraform, busBody)]).toEqual(['default', 'us-east-1']);
  });

  it('has a CloudFormation template for us-east-1, and one for the other regions with a forwarding rule for each rule that needs one', () => {
    const main = JSON.parse(file('eventbridge/template.json')!.content) as Json;
    expect(main['Description']).toMatch(/Deploy this stack in us-east-1 \(N\. Virginia\)/);
    const forward = JSON.parse(file('eventbridge/forward-to-us-east-1.template.json')!.content) as Json;
    const names = Object.values(forward['Resources'] as Record<string, Json>).filter((r) => r['Type'] === 'AWS::Events::Rule').map((r) => r['Properties']['Name']);
    expect(names.sort()).toEqual(exportedIds.filter((id) => expected[id] !== 'us-east-1').map((id) => `plainsec-${id}`).sort());
    for (const r of Object.values(forward['Resources'] as Record<string, Json>).filter((r) => r['Type'] === 'AWS::Events::Rule'))
      expect(r['Properties']['Targets'][0]['Arn']).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:events:us-east-1:${AWS::AccountId}:event-bus/default' });
  });

  it('makes no forwarding part at all for rules on global services only', () => {
    const only = exportRuleSet({ plainsecRules: 1, rules: templates.filter((t) => expected[t.id] === 'us-east-1') }, ['eventbridge']);
    expect(only.files.map((f) => f.path)).not.toContain('eventbridge/forward-to-us-east-1.template.json');
    const config = JSON.parse(only.files.find((f) => f.path === 'eventbridge/main.tf.json')!.content) as Json;
    expect(config['locals']).toBeUndefined();
    expect(Object.values(config['resource']['aws_cloudwatch_event_rule'] as Record<string, Json>).every((r) => regionOf(config, r) === 'us-east-1')).toBe(true);
  });
});

// ---------------------------------------------------------------- the words

describe('what the files, the install README and the builder say about regions', () => {
  const terms = siteGlossary();

  it('is plain for every kind of rule and for CloudWatch', () => {
    const texts = [...(['us-east-1', 'every-region', 'both', 'unknown'] as const).map(eventbridgeRegionSentence), cloudwatchRegionSentence];
    for (const text of texts) {
      expect(plainWordsProblems(text, terms), text).toEqual([]);
      expect(fleschKincaidGrade(text.replace(/\b[a-z]{2}-[a-z]+-\d\b/g, 'Sam')), text).toBeLessThanOrEqual(9);
    }
  });

  it('names each rule in the install README with where its EventBridge files put it', () => {
    const readme = installReadme(exported.files, exported.refused, { rules: templates });
    expect(readme).toContain(`- new-iam-user: ${eventbridgeRegionSentence('us-east-1')}`);
    expect(readme).toContain(`- server-outside-autoscaling: ${eventbridgeRegionSentence('every-region')}`);
    expect(readme).toContain('--region us-east-1');
    expect(readme).toContain('forward-to-us-east-1.template.json');
  });
});

describe('a rule that keeps only regions its events never reach', () => {
  const iamRule = (exceptions: Rule['exceptions']) => ({ id: 'new-user-here', ...rule({ allOf: [source('iam.amazonaws.com'), { field: 'eventName', equals: 'CreateUser' }] }, exceptions) });

  it('is named, since IAM events are recorded in us-east-1 only', () => {
    expect(regionWarnings([iamRule([{ onlyInRegions: ['eu-west-1'] }])])).toEqual([
      'new-user-here can never fire: AWS records the events it looks for in us-east-1 only, and its "only in these regions" leaves us-east-1 out; add us-east-1 to the list or remove it',
    ]);
  });

  it('is not named when the list holds us-east-1, when there is no list, or when the service is regional', () => {
    expect(regionWarnings([iamRule([{ onlyInRegions: ['eu-west-1', 'us-east-1'] }]), iamRule([])])).toEqual([]);
    expect(regionWarnings([{ id: 'ec2-here', ...rule(source('ec2.amazonaws.com'), [{ onlyInRegions: ['eu-west-1'] }]) }])).toEqual([]);
  });

  it('is a warning of plainsec rules validate, and the file still passes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plainsec-regions-'));
    const file = path.join(dir, 'rules.yaml');
    writeFileSync(file, "plainsecRules: 1\nrules:\n  - id: new-user-here\n    title: A user was made\n    means: m\n    whatToDo: w\n    when: { allOf: [{ field: eventSource, equals: iam.amazonaws.com }, { field: eventName, equals: CreateUser }] }\n    exceptions: [{ onlyInRegions: [eu-west-1] }]\n    urgency: fyi\n    notify: '#a'\n");
    const r = spawnSync(process.execPath, ['bin/plainsec.mjs', 'rules', 'validate', file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('warning: new-user-here can never fire');
    expect(r.stdout).toContain('1 rule(s), all valid, with 1 warning(s) above');
    rmSync(dir, { recursive: true, force: true });
  });
});
