import { describe, expect, it } from 'vitest';
import { loadTemplates } from './support/kit.ts';
import { elasticField, elasticTarget, kqlFor, kqlQuoted } from '../../../src/lib/rules/exporters/elastic.ts';
import { ruleSetSchema, type RuleInput, type RuleSet } from '../../../src/lib/rules/model.ts';
import type { CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import { sourceOf } from '../../../src/lib/rules/sources.ts';

const ruleSet = (rules: RuleInput[]): RuleSet => ruleSetSchema.parse({ plainsecRules: 1, rules });
const base = { title: 'A title', means: 'It means this.', whatToDo: 'Do that.', urgency: 'look-today', notify: '#security-alerts' } as const;

// The CloudTrail templates; the cluster templates' files are checked in k8s/.
const templates: RuleSet = { plainsecRules: 1, rules: loadTemplates().filter((t) => sourceOf(t) === 'cloudtrail') };

/** The Kibana rules in an export file: the lines with a rule_id (the connectors follow them). */
type KibanaRule = { rule_id: string; [key: string]: unknown };
const kibanaRules = (content: string): KibanaRule[] =>
  content
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((o): o is KibanaRule => 'rule_id' in o);

describe('the Elastic export', () => {
  it('writes one Kibana rule per line, each a JSON object with the query type and KQL (a threshold rule for a rule that counts)', () => {
    const { files, refused } = elasticTarget.exportRuleSet(templates);
    expect(files).toHaveLength(1);
    const rules = kibanaRules(files[0]!.content);
    expect(rules.length + refused.length).toBe(templates.rules.length);
    const counting = new Set(templates.rules.filter((r) => r.count).map((r) => `plainsec-${r.id}`));
    for (const rule of rules) {
      expect(rule).toMatchObject({ type: counting.has(rule.rule_id) ? 'threshold' : 'query', language: 'kuery', index: ['logs-aws.cloudtrail-*', 'filebeat-*'] });
      expect(rule.rule_id).toMatch(/^plainsec-[a-z0-9-]+$/);
    }
  });

  it('maps urgency to severity and risk score as the reference table says', () => {
    const set = ruleSet([
      { ...base, id: 'rule-high', urgency: 'wake-me-up', when: { field: 'eventName', equals: 'A' } },
      { ...base, id: 'rule-medium', urgency: 'look-today', when: { field: 'eventName', equals: 'A' } },
      { ...base, id: 'rule-low', urgency: 'fyi', when: { field: 'eventName', equals: 'A' } },
    ]);
    const rules = kibanaRules(elasticTarget.exportRuleSet(set).files[0]!.content);
    expect(rules.map((r) => [r.severity, r.risk_score])).toEqual([
      ['high', 73],
      ['medium', 47],
      ['low', 21],
    ]);
  });

  it('gives each Kibana rule the id plainsec-<rule id>, so importing a new export updates the rules instead of adding copies', () => {
    const { files, refused } = elasticTarget.exportRuleSet(templates);
    const ids = kibanaRules(files[0]!.content).map((r) => r.rule_id);
    const exported = templates.rules.filter((r) => !refused.some((x) => x.ruleId === r.id));
    expect(ids).toEqual(exported.map((r) => `plainsec-${r.id}`));
  });

  it('writes the seed rule on the ECS names of the AWS integration', () => {
    const seed = templates.rules.find((r) => r.id === 'server-outside-autoscaling')!;
    const exported = kibanaRules(elasticTarget.exportRuleSet(ruleSet([seed])).files[0]!.content)[0]!;
    expect(exported.query).toBe(
      '((event.provider: "ec2.amazonaws.com" and event.action: ("RunInstances" or "CreateFleet" or "RequestSpotInstances" or "StartInstances")) and (not (aws.cloudtrail.user_identity.invoked_by: ("autoscaling.amazonaws.com" or "eks.amazonaws.com" or "eks-nodegroup.amazonaws.com" or "ec2fleet.amazonaws.com" or "spotfleet.amazonaws.com" or "batch.amazonaws.com" or "elasticmapreduce.amazonaws.com" or "ecs.amazonaws.com" or "ssm.amazonaws.com")) and not (aws.cloudtrail.user_identity.session_context.session_issuer.arn: *\\:role/aws-service-role/*)))',
    );
  });

  it('files ATT&CK techniques under their tactic, with sub-techniques under their parent', () => {
    const rule = templates.rules.find((r) => r.id === 'cloudtrail-stopped-or-deleted')!;
    const exported = kibanaRules(elasticTarget.exportRuleSet(ruleSet([rule])).files[0]!.content)[0]!;
    expect(exported.threat).toEqual([
      {
        framework: 'MITRE ATT&CK',
        tactic: { id: 'TA0005', name: 'Defense Evasion', reference: 'https://attack.mitre.org/tactics/TA0005/' },
        technique: [
          {
            id: 'T1562',
            name: 'Impair Defenses',
            reference: 'https://attack.mitre.org/techniques/T1562/',
            subtechnique: [{ id: 'T1562.008', name: 'Disable or Modify Cloud Logs', reference: 'https://attack.mitre.org/techniques/T1562/008/' }],
          },
        ],
      },
    ]);
  });

  it('quotes exact values and escapes backslashes, quotes and line breaks inside them', () => {
    expect(kqlQuoted('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(kqlFor({ field: 'errorMessage', equals: 'say "no"' })).toEqual({ ok: true, kql: 'aws.cloudtrail.error_message: "say \\"no\\""' });
  });

  it('writes patterns unquoted, escaping the characters KQL treats as syntax', () => {
    expect(kqlFor({ field: 'errorCode', startsWith: 'Access(Denied):' })).toEqual({ ok: true, kql: 'aws.cloudtrail.error_code: Access\\(Denied\\)\\:*' });
    expect(kqlFor({ field: 'errorCode', endsWith: 'Operation' })).toEqual({ ok: true, kql: 'aws.cloudtrail.error_code: *Operation' });
  });

  it('keeps request parameters under the flattened field with their original keys', () => {
    expect(elasticField('requestParameters.policyArn')).toEqual({ name: 'aws.cloudtrail.flattened.request_parameters.policyArn', kind: 'flattened' });
    expect(elasticField('additionalEventData.MFAUsed')).toEqual({ name: 'aws.cloudtrail.flattened.additional_eventdata.MFAUsed', kind: 'flattened' });
  });

  it('refuses in plain words what Elastic cannot say faithfully, and emits nothing for it', () => {
    const set = ruleSet([
      { ...base, id: 'by-role-prefix', when: { field: 'userIdentity.sessionContext.sessionIssuer.userName', startsWith: 'deploy me' } },
      { ...base, id: 'number-in-text', when: { field: 'requestParameters.fromPort', equals: 22 } },
      { ...base, id: 'pattern-with-space', when: { field: 'errorMessage', startsWith: 'Failed auth' } },
      { ...base, id: 'fine-rule', when: { field: 'eventName', equals: 'CreateUser' } },
    ]);
    const { files, refused } = elasticTarget.exportRuleSet(set);
    expect(refused.map((r) => r.ruleId)).toEqual(['by-role-prefix', 'number-in-text']);
    expect(refused[0]!.reason).toMatch(/no IAM role or user name matches "deploy me\*"/);
    expect(refused[1]!.reason).toMatch(/cannot tell 22 from the text "22"/);
    expect(files[0]!.content).not.toMatch(/by-role-prefix|number-in-text/);
    // KQL cannot write a pattern with a space; EQL's `like` can.
    const spaced = files[0]!.content.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { rule_id: string; type: string; query: string }).find((r) => r.rule_id === 'plainsec-pattern-with-space');
    expect(spaced).toMatchObject({ type: 'eql', query: 'any where aws.cloudtrail.error_message like "Failed auth*"' });
  });

  // The integration renames userIdentity.userName, else sessionIssuer.userName, into user.name, and
  // keeps the issuer's ARN and type apart (its ingest pipeline and fields.yml).
  const role = (name: string, userName?: string): CloudTrailEvent => ({
    eventName: 'RunInstances',
    userIdentity: {
      type: 'AssumedRole',
      ...(userName ? { userName } : {}),
      sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::111122223333:role/ops/${name}`, userName: name } },
    },
  });
  const user = (name: string): CloudTrailEvent => ({ eventName: 'RunInstances', userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/${name}`, userName: name } });
  const exported = (rules: RuleInput[]): { rule_id: string; type: string; language: string; query: string }[] =>
    elasticTarget
      .exportRuleSet(ruleSet(rules))
      .files[0]!.content.split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { rule_id: string; type: string; language: string; query: string });
  const fires = (rule: RuleInput, event: CloudTrailEvent): boolean => {
    const d = elasticTarget.detectionFor(ruleSet([rule]).rules[0]!);
    if (!d.ok) throw new Error(d.reason);
    return elasticTarget.match(d.text, event).kind === 'match';
  };

  it('tells a role from a user of the same name in "unless done by these roles": the role by the end of its ARN', () => {
    const rule: RuleInput = { ...base, id: 'no-deploy-role', when: { field: 'eventName', equals: 'RunInstances' }, exceptions: [{ unlessDoneByRoles: ['deploy'] }] };
    expect(fires(rule, role('deploy'))).toBe(false);
    expect(fires(rule, role('deployer'))).toBe(true);
    expect(fires(rule, user('deploy'))).toBe(true);
    const d = elasticTarget.detectionFor(ruleSet([rule]).rules[0]!);
    expect(d.ok && d.text).toContain('aws.cloudtrail.user_identity.session_context.session_issuer.arn: */deploy');
  });

  it('finds a role by a pattern on the end of its ARN, in EQL, and not by a folder in its path', () => {
    const rule: RuleInput = { ...base, id: 'deploy-roles', when: { field: 'userIdentity.sessionContext.sessionIssuer.userName', startsWith: 'deploy' } };
    expect(fires(rule, role('deployer'))).toBe(true);
    expect(fires(rule, { ...role('other'), userIdentity: { type: 'AssumedRole', sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/deploy/other', userName: 'other' } } } })).toBe(false);
    expect(exported([rule])[0]).toMatchObject({ type: 'eql', query: expect.stringContaining('session_issuer.arn regex ".*/deploy[^/]*"') });
  });

  it('tells a user from a role of the same name in "unless done by these users"', () => {
    const rule: RuleInput = { ...base, id: 'no-alice', when: { field: 'eventName', equals: 'RunInstances' }, exceptions: [{ unlessDoneByUsers: ['alice'] }] };
    expect(fires(rule, user('alice'))).toBe(false);
    expect(fires(rule, user('bob'))).toBe(true);
    expect(fires(rule, role('alice'))).toBe(true);
  });

  it('ignores case by listing every spelling of a short text, and refuses a text with too many', () => {
    const region = { ...base, id: 'region', when: { field: 'awsRegion', equals: 'US-east-1', ignoreCase: true } } as const;
    expect(fires(region, { awsRegion: 'us-east-1' })).toBe(true);
    expect(fires(region, { awsRegion: 'Us-EaSt-1' })).toBe(true);
    expect(fires(region, { awsRegion: 'us-east-2' })).toBe(false);
    // The Kelvin sign lower-cases to k, so a rule ignoring case must find it too.
    expect(fires({ ...base, id: 'kelvin', when: { field: 'eventName', endsWith: 'k', ignoreCase: true } }, { eventName: 'Bac\u212A' })).toBe(true);
    // Each of these has 256 spellings; five of them pass what Elasticsearch takes in one query. In a
    // flattened field EQL cannot help (it cannot read one), so the rule is refused.
    const many = ['abcdefgh', 'bcdefghl', 'cdefghlm', 'defghlmn', 'efghlmno'].map((t) => ({ field: 'requestParameters.bucketName', equals: t, ignoreCase: true }));
    const huge = elasticTarget.detectionFor(ruleSet([{ ...base, id: 'huge', when: { anyOf: many } }]).rules[0]!);
    expect(huge.ok ? huge.text : huge.reason).toMatch(/more than the 1,024 Elasticsearch accepts/);
  });

  it('writes an EQL rule where only EQL can ignore case, and keeps KQL for every rule KQL can say', () => {
    const long = { ...base, id: 'long', when: { field: 'userAgent', equals: 'TruffleHog', ignoreCase: true } } as const;
    const short = { ...base, id: 'short', when: { field: 'awsRegion', equals: 'US-east-1', ignoreCase: true } } as const;
    const [eql, kql] = exported([long, short]);
    expect(eql).toMatchObject({ rule_id: 'plainsec-long', type: 'eql', language: 'eql', query: 'any where user_agent.original : "TruffleHog"' });
    expect(kql).toMatchObject({ rule_id: 'plainsec-short', type: 'query', language: 'kuery' });
    expect(fires(long, { userAgent: 'TRUFFLEHOG' })).toBe(true);
    expect(fires(long, { userAgent: 'TruffleHogs' })).toBe(false);
  });

  it('in EQL, also finds the Kelvin sign where a text ignoring case has a k, and "İ" before a *', () => {
    const kms = { ...base, id: 'kms', when: { field: 'eventSource', equals: 'Kms.amazonaws.com', ignoreCase: true } } as const;
    expect(exported([kms])[0]!.query).toBe('any where event.provider : ("Kms.amazonaws.com", "\\u{212a}ms.amazonaws.com")');
    expect(fires(kms, { eventSource: '\u212AMS.amazonaws.com' })).toBe(true);
    const prefix = { ...base, id: 'prefix', when: { field: 'userAgent', startsWith: 'Mozilla/5.0 (Wi', ignoreCase: true } } as const;
    expect(fires(prefix, { userAgent: 'mozilla/5.0 (wİndows)' })).toBe(true);
    expect(fires(prefix, { userAgent: 'mozilla/5.0 (windows)' })).toBe(true);
  });

  it('in EQL, "not" is plain negation: a record without the field is not an unknown', () => {
    const rule = { ...base, id: 'not-denied', when: { not: { field: 'userAgent', wildcard: 'aws cl*', ignoreCase: true } } } as const;
    expect(exported([rule])[0]!.query).toBe('any where not (user_agent.original != null and user_agent.original like~ "aws cl*")');
    expect(fires(rule, { eventName: 'GetObject' })).toBe(true);
    expect(fires(rule, { userAgent: 'AWS CLI/2' })).toBe(false);
  });

  it('refuses, in EQL too, to ignore case for letters beyond A to Z, which Elasticsearch compares as written', () => {
    const d = elasticTarget.detectionFor(ruleSet([{ ...base, id: 'accent', when: { field: 'userAgent', equals: 'Élan-client-tool', ignoreCase: true } }]).rules[0]!);
    expect(d.ok ? d.text : d.reason).toMatch(/only for the letters A to Z/);
  });

  it('exports most templates', () => {
    const { refused } = elasticTarget.exportRuleSet(templates);
    expect(refused.length).toBeLessThanOrEqual(templates.rules.length / 4);
  });
});
