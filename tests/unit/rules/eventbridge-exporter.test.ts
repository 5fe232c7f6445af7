import { reasons, skipWhenMissing } from '../../support/skips.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haveStratus, loadStratusEvents, randomConditions, variants, withValue } from './support/kit.ts';
import { matchesCondition, type CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import { eventbridgeTarget, eventPatternFor, wrapCloudTrailRecord } from '../../../src/lib/rules/exporters/eventbridge.ts';
import { matchEventPattern, validateEventPattern } from '../../../src/lib/rules/matchers/eventbridge.ts';
import { effectiveCondition, ruleSchema, type Rule, type RuleInput, type RuleSet } from '../../../src/lib/rules/model.ts';

const stratus: CloudTrailEvent[] = loadStratusEvents('the EventBridge tests on real CloudTrail records');

const rule = (input: Partial<RuleInput>): Rule =>
  ruleSchema.parse({
    id: 'test-rule',
    title: 'A test rule',
    means: 'Something happened.',
    whatToDo: 'Look at it.',
    urgency: 'look-today',
    notify: '#security-alerts',
    when: { field: 'eventName', equals: 'RunInstances' },
    ...input,
  });

const seed = rule({
  id: 'server-outside-autoscaling',
  title: 'A server was created outside an auto-scaling group',
  when: {
    allOf: [
      { field: 'eventSource', equals: 'ec2.amazonaws.com' },
      { field: 'eventName', equals: 'RunInstances' },
    ],
  },
  exceptions: [{ unlessDoneByAwsService: true }, { unlessItFailed: true }],
});

const pattern = (r: Rule) => {
  const result = eventbridgeTarget.detectionFor(r);
  if (!result.ok) throw new Error(result.reason);
  return result.text;
};
const fires = (r: Rule, event: CloudTrailEvent) => eventbridgeTarget.match(pattern(r), event).kind === 'match';

describe('the seed rule: a server created outside an auto-scaling group', () => {
  it('keys the pattern on the CloudTrail detail-type, the event source and the event name', () => {
    const p = JSON.parse(pattern(seed));
    expect(p.source).toEqual(['aws.ec2']);
    expect(p['detail-type']).toContain('AWS API Call via CloudTrail');
    expect(p.detail.eventSource).toEqual(['ec2.amazonaws.com']);
    expect(p.detail.eventName).toEqual(['RunInstances']);
    expect(p.detail.errorCode).toContainEqual({ exists: false });
    expect(p.detail.userIdentity.invokedBy).toContainEqual({ exists: false });
  });

  it('means the same as the pattern in rule-targets.md on launches by people, by auto-scaling and failed ones', () => {
    const documented = JSON.stringify({
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        eventSource: ['ec2.amazonaws.com'],
        eventName: ['RunInstances'],
        errorCode: [{ exists: false }],
        userIdentity: { invokedBy: [{ exists: false }] },
      },
    });
    const base = { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', eventType: 'AwsApiCall', userIdentity: { type: 'IAMUser' } };
    const cases: CloudTrailEvent[] = [
      base,
      { ...base, userIdentity: { type: 'AWSService', invokedBy: 'autoscaling.amazonaws.com' } },
      { ...base, errorCode: 'Client.UnauthorizedOperation' },
    ];
    for (const event of cases)
      expect(fires(seed, event)).toBe(matchEventPattern(documented, wrapCloudTrailRecord(event)).kind === 'match');
  });

  describe.skipIf(skipWhenMissing(haveStratus, reasons.corpora))('on the real RunInstances record from Stratus Red Team', () => {
    const failed = stratus.find((e) => e['eventName'] === 'RunInstances' && e['errorCode'] !== undefined);
    it('finds the failed launch in the corpus', () => expect(failed).toBeDefined());
    const launch = (): CloudTrailEvent => {
      return withValue(withValue(failed!, 'errorCode', undefined), 'errorMessage', undefined);
    };

    it('fires on a launch by a person', () => {
      expect(fires(seed, launch())).toBe(true);
      expect(matchesCondition(effectiveCondition(seed), launch())).toBe(true);
    });

    it('stays quiet on a launch by auto-scaling', () => {
      const event = withValue(launch(), 'userIdentity.invokedBy', 'autoscaling.amazonaws.com');
      expect(fires(seed, event)).toBe(false);
    });

    it('stays quiet on the failed launch', () => {
      expect(fires(seed, failed!)).toBe(false);
    });
  });
});

describe('translating conditions', () => {
  const base: CloudTrailEvent = { eventName: 'ConsoleLogin', eventType: 'AwsConsoleSignIn', eventSource: 'signin.amazonaws.com' };

  it('fires "not equals" when the field is missing, as the rule means', () => {
    const r = rule({ when: { not: { field: 'errorCode', equals: 'AccessDenied' } } });
    expect(fires(r, base)).toBe(true);
    expect(fires(r, { ...base, errorCode: 'ThrottlingException' })).toBe(true);
    expect(fires(r, { ...base, errorCode: 'AccessDenied' })).toBe(false);
  });

  it('reads a list by any item where the rule must find a value, and refuses "not" on a field that may hold a list', () => {
    const bucket = rule({ when: { field: 'requestParameters.bucketName', equals: 'my-team-backups' } });
    expect(fires(bucket, { ...base, requestParameters: { bucketName: ['other', 'my-team-backups'] } })).toBe(true);
    expect(fires(bucket, { ...base, requestParameters: { bucketName: ['other'] } })).toBe(false);
    // EventBridge's anything-but fires on ["my-team-backups", "other"] (one item differs); the rule does not.
    const notBucket = eventbridgeTarget.detectionFor(rule({ when: { not: { field: 'requestParameters.bucketName', equals: 'my-team-backups' } } }));
    expect(notBucket.ok).toBe(false);
    if (!notBucket.ok) expect(notBucket.reason).toMatch(/cannot say that no item does/);
  });

  it('does not fire "exists" on JSON null, though EventBridge counts null as present', () => {
    const r = rule({ when: { field: 'errorCode', exists: true } });
    expect(fires(r, { ...base, errorCode: null })).toBe(false);
    expect(fires(r, { ...base, errorCode: 'AccessDenied' })).toBe(true);
    expect(fires(r, base)).toBe(false);
  });

  it('writes anyOf over different fields as "$or"', () => {
    const r = rule({
      when: { anyOf: [{ field: 'eventName', equals: 'StopLogging' }, { field: 'userIdentity.type', equals: 'Root' }] },
    });
    const p = JSON.parse(pattern(r));
    expect(p.detail.$or).toHaveLength(2);
    expect(fires(r, { eventName: 'StopLogging' })).toBe(true);
    expect(fires(r, { eventName: 'X', userIdentity: { type: 'Root' } })).toBe(true);
    expect(fires(r, { eventName: 'X', userIdentity: { type: 'IAMUser' } })).toBe(false);
  });

  it('uses the Console Sign In detail-type when the rule is about ConsoleLogin', () => {
    const r = rule({ when: { allOf: [{ field: 'eventType', equals: 'AwsConsoleSignIn' }, { field: 'eventName', equals: 'ConsoleLogin' }] } });
    expect(JSON.parse(pattern(r))['detail-type']).toEqual(['AWS Console Sign In via CloudTrail', 'AWS Console Signin via CloudTrail']);
    expect(fires(r, base)).toBe(true);
  });

  it('refuses in plain words a field tested two ways at once', () => {
    const r = rule({ when: { allOf: [{ field: 'eventName', startsWith: 'Get' }, { field: 'eventName', endsWith: 'Policy' }] } });
    const result = eventbridgeTarget.detectionFor(r);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/eventName|two ways/);
  });

  it('refuses, with the reason, a wildcard EventBridge would reject as too complex', () => {
    const result = eventbridgeTarget.detectionFor(rule({ when: { field: 'userAgent', wildcard: '*a*a*a*a*a*a*' } }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/too complex for EventBridge/);
  });

  it('writes a backslash or a star inside a value with the escape EventBridge documents, so it matches itself only', () => {
    const r = rule({ when: { field: 'userAgent', wildcard: 'C:\\tools\\*.exe' } });
    const text = pattern(r);
    expect(text).toContain('"C:\\\\\\\\tools\\\\\\\\*.exe"');
    expect(fires(r, { ...base, userAgent: 'C:\\tools\\x.exe' })).toBe(true);
    expect(fires(r, { ...base, userAgent: 'C:/tools/x.exe' })).toBe(false);
  });

  it('writes "is there and does not start with" as anything-but where AWS documents the field as text, and refuses it where null could be there', () => {
    const documented = rule({ when: { allOf: [{ field: 'eventName', exists: true }, { not: { field: 'eventName', startsWith: 'Get' } }] } });
    expect(JSON.parse(pattern(documented)).detail.eventName).toEqual([{ 'anything-but': { prefix: 'Get' } }]);
    expect(fires(documented, { ...base, eventName: 'RunInstances' })).toBe(true);
    expect(fires(documented, { ...base, eventName: 'GetObject' })).toBe(false);
    const open = rule({ when: { allOf: [{ field: 'requestParameters.name', exists: true }, { not: { field: 'requestParameters.name', startsWith: 'Get' } }] } });
    expect(eventbridgeTarget.detectionFor(open).ok).toBe(false);
  });


  it('asks for all management events when the rule can fire on read-only calls', () => {
    const readOnly = rule({ when: { field: 'eventName', oneOf: ['GetSecretValue', 'ListSecrets'] } });
    const writes = rule({ when: { field: 'eventName', equals: 'RunInstances' } });
    const find = (r: Rule) => {
      const result = eventPatternFor(r);
      if (!result.ok) throw new Error(result.reason);
      return result.needsReadOnlyEvents;
    };
    expect(find(readOnly)).toBe(true);
    expect(find(writes)).toBe(false);
    expect(find(rule({ when: { field: 'errorCode', exists: true } }))).toBe(true);
  });
});

describe('exported files', () => {
  const tricky = rule({
    id: 'tricky-words',
    title: 'Title with "quotes", ${var.x}, ${x}, %{ if } and <eventName>',
    means: 'Line one\nLine two # not a comment: really',
    whatToDo: 'Check ${aws_iam_role.x.arn} and <actor>',
    urgency: 'wake-me-up',
    notify: '#ops_alerts',
    when: { field: 'requestParameters.bucketName', equals: '${x} %{y}' },
  });
  const ruleSet: RuleSet = { plainsecRules: 1, rules: [seed, tricky, rule({ id: 'console-root', urgency: 'fyi', when: { field: 'userIdentity.type', equals: 'Root' } })] };
  const result = eventbridgeTarget.exportRuleSet(ruleSet);
  const file = (p: string) => {
    const found = result.files.find((f) => f.path === p);
    if (!found) throw new Error(`no ${p}`);
    return JSON.parse(found.content);
  };

  it('writes one pattern file per rule, plus Terraform, CloudFormation and a README of what to fill in', () => {
    expect(result.refused).toEqual([]);
    expect(result.files.map((f) => f.path).sort()).toEqual(
      [
        'eventbridge/README.md',
        'eventbridge/console-root.pattern.json',
        // These rules hear regional services: the other regions send their events to us-east-1.
        'eventbridge/forward-to-us-east-1.template.json',
        'eventbridge/main.tf.json',
        'eventbridge/server-outside-autoscaling.pattern.json',
        'eventbridge/template.json',
        'eventbridge/tricky-words.pattern.json',
      ].sort(),
    );
  });

  it('builds one SNS topic per urgency used, with the plain urgency names, and one for pages', () => {
    const tf = file('eventbridge/main.tf.json');
    // page-now carries wake-me-up alerts to the pager in the alarm shape its integration reads.
    expect(Object.values(tf.resource.aws_sns_topic).map((t) => (t as { name: string }).name).sort()).toEqual(['fyi', 'look-today', 'page-now', 'wake-me-up']);
    const cfn = file('eventbridge/template.json');
    const topics = Object.values(cfn.Resources).filter((r) => (r as { Type: string }).Type === 'AWS::SNS::Topic');
    expect(topics).toHaveLength(4);
  });

  it('gives every rule an EventBridge rule and a target whose pattern is the pattern file', () => {
    const tf = file('eventbridge/main.tf.json');
    // Each rule alerts from us-east-1, and has a copy in every other region (`for_each`) sending its events there.
    const all = Object.values(tf.resource.aws_cloudwatch_event_rule) as { name: string; event_pattern: string; state: string; for_each?: string }[];
    const rules = all.filter((r) => r.for_each === undefined);
    expect(rules).toHaveLength(3);
    expect(all.filter((r) => r.for_each !== undefined).map((r) => r.name).sort()).toEqual(rules.map((r) => r.name).sort());
    const seedRule = rules.find((r) => r.name === 'plainsec-server-outside-autoscaling')!;
    expect(JSON.parse(seedRule.event_pattern)).toEqual(file('eventbridge/server-outside-autoscaling.pattern.json'));
    expect(seedRule.state).toBe('ENABLED');
    // One target per rule to its urgency's topic, one per copy in other regions, and the wake-me-up rule's page.
    expect(Object.keys(tf.resource.aws_cloudwatch_event_target)).toHaveLength(7);
    const cfnRules = Object.values(file('eventbridge/template.json').Resources).filter(
      (r) => (r as { Type: string }).Type === 'AWS::Events::Rule',
    ) as { Properties: { EventPattern: string; Targets: unknown[] } }[];
    expect(cfnRules).toHaveLength(3);
    for (const r of cfnRules) expect(validateEventPattern(r.Properties.EventPattern).ok).toBe(true);
  });

  it('sends the AWS Chatbot custom-notification shape, with the rule words intact', () => {
    const tf = file('eventbridge/main.tf.json');
    const target = Object.values(tf.resource.aws_cloudwatch_event_target).find((t) =>
      (t as { rule: string }).rule.includes('tricky_words'),
    ) as { input_transformer: { input_template: string; input_paths: Record<string, string> } };
    // Terraform turns $${ back into ${; then EventBridge fills the placeholders.
    const template = target.input_transformer.input_template.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
    const filled = Object.keys(target.input_transformer.input_paths).reduce((t, k) => t.split(`<${k}>`).join(`value-of-${k}`), template);
    const message = JSON.parse(filled);
    expect(message.version).toBe('1.0');
    expect(message.source).toBe('custom');
    expect(message.content.title).toBe(tricky.title);
    expect(message.content.description.startsWith(tricky.means)).toBe(true);
    expect(message.content.description).toContain('value-of-eventName');
    expect(message.content.nextSteps).toEqual([tricky.whatToDo]);
  });

  it('keeps user text from starting a Terraform template, and Terraform reads it back unchanged', () => {
    const tf = file('eventbridge/main.tf.json');
    const unescape = (s: string) => s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
    const name = 'rule_tricky_words';
    const rule = tf.resource.aws_cloudwatch_event_rule[name];
    const target = tf.resource.aws_cloudwatch_event_target[name];
    for (const text of [rule.description, rule.event_pattern, target.input_transformer.input_template] as string[]) {
      expect(text).not.toMatch(/(^|[^$])\$\{/);
      expect(text).not.toMatch(/(^|[^%])%\{/);
    }
    expect(unescape(rule.description)).toBe(tricky.title);
    expect(JSON.parse(unescape(rule.event_pattern))).toEqual(file('eventbridge/tricky-words.pattern.json'));
  });

  it('configures one Chatbot Slack channel per channel named, with variables for the IDs', () => {
    const tf = file('eventbridge/main.tf.json');
    expect(Object.keys(tf.resource.aws_chatbot_slack_channel_configuration).sort()).toEqual(['ops_alerts', 'security_alerts']);
    expect(tf.variable.slack_workspace_id).toBeDefined();
    expect(tf.variable.slack_channel_id_ops_alerts).toBeDefined();
    const cfn = file('eventbridge/template.json');
    const chatbot = Object.values(cfn.Resources).filter((r) => (r as { Type: string }).Type === 'AWS::Chatbot::SlackChannelConfiguration');
    expect(chatbot).toHaveLength(2);
  });

  it('sets the rule state that receives read-only calls only on rules that need it', () => {
    const reads = rule({ id: 'secret-read', when: { field: 'eventName', equals: 'GetSecretValue' } });
    const out = eventbridgeTarget.exportRuleSet({ plainsecRules: 1, rules: [reads, seed] });
    const tf = JSON.parse(out.files.find((f) => f.path === 'eventbridge/main.tf.json')!.content);
    expect(tf.resource.aws_cloudwatch_event_rule.rule_secret_read.state).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(tf.resource.aws_cloudwatch_event_rule.rule_server_outside_autoscaling.state).toBe('ENABLED');
    const cfn = JSON.parse(out.files.find((f) => f.path === 'eventbridge/template.json')!.content);
    expect(cfn.Resources.RuleSecretRead.Properties.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
  });

  it('emits nothing for a refused rule and says why', () => {
    const bad = rule({ id: 'both-ends', when: { allOf: [{ field: 'eventName', startsWith: 'Get' }, { field: 'eventName', endsWith: 'Policy' }] } });
    const out = eventbridgeTarget.exportRuleSet({ plainsecRules: 1, rules: [bad, seed] });
    expect(out.refused.map((r) => r.ruleId)).toEqual(['both-ends']);
    expect(out.files.some((f) => f.path.includes('both-ends'))).toBe(false);
    expect(out.files.find((f) => f.path === 'eventbridge/main.tf.json')!.content).not.toContain('both-ends');
  });
});

// ---------------------------------------------------------------- random rules against the canonical model

const condition = randomConditions(stratus);

describe.skipIf(skipWhenMissing(haveStratus, reasons.corpora))('random rules: the EventBridge export fires exactly when the rule does', () => {
  it('agrees with the canonical model on real and altered CloudTrail records, or refuses', () => {
    let exported = 0;
    let refused = 0;
    fc.assert(
      fc.property(condition, fc.constantFrom(...stratus), (when, sample) => {
        const r = rule({ when });
        const detection = eventbridgeTarget.detectionFor(r);
        if (!detection.ok) {
          refused++;
          expect(detection.reason.length).toBeGreaterThan(10);
          return;
        }
        exported++;
        expect(validateEventPattern(detection.text)).toEqual({ ok: true });
        const events = [...variants(sample, when), ...stratus.slice(0, 40)];
        for (const event of events)
          expect(eventbridgeTarget.match(detection.text, event).kind === 'match', JSON.stringify({ when, event })).toBe(
            matchesCondition(effectiveCondition(r), event),
          );
      }),
      { numRuns: 400, seed: 20261126 },
    );
    console.info(`EventBridge random rules: ${exported} exported, ${refused} refused`);
    expect(exported).toBeGreaterThan(refused);
  });
});
