import { describe, expect, it } from 'vitest';
import { loadTemplates, readConf } from './support/kit.ts';
import { confText, prefilterTerms, splFor, splunkTarget } from '../../../src/lib/rules/exporters/splunk.ts';
import { documentedKind } from '../../../src/lib/rules/fields.ts';
import { ruleSetSchema, type FieldTest, type RuleInput, type RuleSet } from '../../../src/lib/rules/model.ts';
import { sourceOf } from '../../../src/lib/rules/sources.ts';

const ruleSet = (rules: RuleInput[]): RuleSet => ruleSetSchema.parse({ plainsecRules: 1, rules });
const base = { title: 'A title', means: 'It means this.', whatToDo: 'Do that.', urgency: 'look-today', notify: '#security-alerts' } as const;

// The CloudTrail templates; the cluster templates' files are checked in k8s/.
const templates: RuleSet = { plainsecRules: 1, rules: loadTemplates().filter((t) => sourceOf(t) === 'cloudtrail') };



/** The kinds AWS documents for fields of every record, as an export of a rule reads them. */
const recordKinds = (test: FieldTest) => documentedKind(test.field);

describe('the Splunk export', () => {
  it('writes one stanza per rule with the CloudTrail search, severity, schedule and Slack channel', () => {
    const { files, refused } = splunkTarget.exportRuleSet(templates);
    const conf = readConf(files[0]!.content);
    expect(conf.size + refused.length).toBe(templates.rules.length);
    const counting = new Set(templates.rules.filter((r) => r.count).map((r) => `plainsec-${r.id}`));
    for (const [name, settings] of conf) {
      expect(name).toMatch(/^plainsec-[a-z0-9-]+$/);
      expect(settings.get('search')).toMatch(/^index=\* sourcetype=aws:cloudtrail (\S.* )?\| where /);
      // A rule that counts runs one minute after each of its windows closes (see the counting tests).
      if (!counting.has(name)) expect(settings.get('cron_schedule')).toBe('*/5 * * * *');
      else expect(settings.get('search')).toMatch(/ \| bin _time span=\d+[mh] \| stats count by _time( \S+)? \| where count>=\d+$/);
      expect(settings.get('action.slack.param.channel')).toMatch(/^#/);
    }
  });

  it('maps urgency to alert.severity 5, 4 and 2', () => {
    const set = ruleSet([
      { ...base, id: 'rule-high', urgency: 'wake-me-up', when: { field: 'eventName', equals: 'A' } },
      { ...base, id: 'rule-medium', urgency: 'look-today', when: { field: 'eventName', equals: 'A' } },
      { ...base, id: 'rule-low', urgency: 'fyi', when: { field: 'eventName', equals: 'A' } },
    ]);
    const conf = readConf(splunkTarget.exportRuleSet(set).files[0]!.content);
    expect([...conf.values()].map((s) => s.get('alert.severity'))).toEqual(['5', '4', '2']);
  });

  it('refuses a test on a field AWS does not document for the rule\'s calls, since Splunk names a list\'s items field{}', () => {
    const built = splFor({ field: 'requestParameters.bucketName', equals: 'my-team-backups' }, recordKinds);
    expect(built).toEqual({ ok: false, reason: expect.stringContaining("names the items of a list requestParameters.bucketName{}") });
  });

  it('compares exactly with where, and makes a missing field count as false so "not" means not', () => {
    expect(splFor({ not: { field: 'userIdentity.type', equals: 'Root' } }, recordKinds)).toEqual({
      ok: true,
      spl: `NOT (if(isnotnull('userIdentity.type'), 'userIdentity.type'=="Root", false()))`,
    });
  });

  it('anchors patterns at both ends and escapes regular-expression characters', () => {
    const built = splFor({ field: 'errorCode', wildcard: 'Access*.(x)' }, recordKinds);
    expect(built).toEqual({ ok: true, spl: `if(isnotnull('errorCode'), match('errorCode', "(?s)\\\\AAccess.*\\\\.\\\\(x\\\\)\\\\z"), false())` });
  });

  it('writes a value with a line break as an escaped regular expression, never as a raw line break', () => {
    const built = splFor({ field: 'errorMessage', equals: 'line one\nline two' }, recordKinds);
    expect(built.ok && built.spl).not.toContain('\n');
    expect(built.ok && built.spl).toContain('\\\\x{a}');
  });

  it('refuses numbers and true/false, since Splunk reads JSON values as text', () => {
    const set = ruleSet([
      {
        ...base,
        id: 'port-rule',
        when: { allOf: [{ field: 'eventSource', equals: 'ec2.amazonaws.com' }, { field: 'eventName', equals: 'AuthorizeSecurityGroupIngress' }, { field: 'requestParameters.fromPort', equals: 22 }] },
      },
      { ...base, id: 'fine-rule', when: { field: 'eventName', equals: 'CreateUser' } },
    ]);
    const { files, refused } = splunkTarget.exportRuleSet(set);
    expect(refused).toEqual([{ ruleId: 'port-rule', reason: expect.stringMatching(/cannot tell 22 from the text "22"/) }]);
    expect(readConf(files[0]!.content).has('plainsec-port-rule')).toBe(false);
  });

  it('narrows the scan by event source and name where every match must have them', () => {
    const seed = templates.rules.find((r) => r.id === 'server-outside-autoscaling')!;
    const conf = readConf(splunkTarget.exportRuleSet(ruleSet([seed])).files[0]!.content);
    expect(conf.get('plainsec-server-outside-autoscaling')!.get('search')).toMatch(
      /^index=\* sourcetype=aws:cloudtrail eventSource=ec2\.amazonaws\.com \(eventName=RunInstances OR eventName=CreateFleet OR eventName=RequestSpotInstances OR eventName=StartInstances\) \| where /,
    );
    expect(prefilterTerms({ field: 'eventName', oneOf: ['StopLogging', 'DeleteTrail'] })).toBe('(eventName=StopLogging OR eventName=DeleteTrail)');
    // Under "not" or "any of", a term would drop events the rule wants.
    expect(prefilterTerms({ not: { field: 'eventName', equals: 'A' } })).toBe('');
    expect(prefilterTerms({ anyOf: [{ field: 'eventName', equals: 'A' }, { field: 'errorCode', exists: true }] })).toBe('');
    expect(prefilterTerms({ field: 'eventName', equals: 'has space' })).toBe('');
  });

  it('keeps free text on one line without a trailing backslash', () => {
    expect(confText('first\nsecond\r\nthird \\')).toBe('first second third');
  });
});
