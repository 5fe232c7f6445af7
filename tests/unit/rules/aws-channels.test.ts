/**
 * Each rule's alerts reach its own channel only, in the EventBridge and CloudWatch files. AWS
 * Chatbot posts every message of a topic in each channel whose configuration subscribes to it, so
 * where rules of one urgency go to different channels each channel needs topics of its own; where
 * one channel hears an urgency, the topic stays named after the urgency alone.
 */
import { describe, expect, it } from 'vitest';
import { ruleSetSchema, type ChatTool, type RuleSet } from '../../../src/lib/rules/model.ts';
import type { ExportedFile } from '../../../src/lib/rules/target.ts';
import { exportRuleSet } from '../../../src/lib/rules/targets.ts';
import { plainWordsProblems, siteGlossary } from '../../support/plain-words.ts';
import { awsTold } from './delivery-readers/eventbridge.ts';
import { deliveryRule } from './support/kit.ts';

type Json = Record<string, any>;
type AwsTarget = 'eventbridge' | 'cloudwatch';

const rule = (id: string, urgency: string, notify: string) => deliveryRule(id, urgency, notify);

const setOf = (chat: ChatTool, rules: ReturnType<typeof rule>[]): RuleSet =>
  ruleSetSchema.parse({ plainsecRules: 1, alerting: { chat, pager: 'pagerduty' }, rules });

/** Two channels share look-today and wake-me-up; only #team-infra hears fyi. */
const shared = [
  rule('infra-today', 'look-today', '#team-infra'),
  rule('app-today', 'look-today', '#team-app'),
  rule('infra-wake', 'wake-me-up', '#team-infra'),
  rule('app-wake', 'wake-me-up', '#team-app'),
  rule('infra-fyi', 'fyi', '#team-infra'),
];

const fileOf = (files: readonly ExportedFile[], target: AwsTarget, name: string): Json =>
  JSON.parse(files.find((f) => f.path === `${target}/${name}`)!.content) as Json;

/** The SNS names of the topics the rule's own EventBridge rule or alarm sends to, in template.json. */
function cloudFormationReached(cfn: Json, ruleId: string): string[] {
  const resources = cfn['Resources'] as Record<string, Json>;
  const mine = Object.values(resources).find(
    (r) => (r['Type'] === 'AWS::Events::Rule' && r['Properties']['Name'] === `plainsec-${ruleId}`) || (r['Type'] === 'AWS::CloudWatch::Alarm' && r['Properties']['AlarmName'] === `plainsec-${ruleId}`),
  )!;
  const refs: Json[] = mine['Type'] === 'AWS::Events::Rule' ? mine['Properties']['Targets'].map((t: Json) => t['Arn']) : mine['Properties']['AlarmActions'];
  return refs.map((ref) => resources[ref['Ref']]!['Properties']['TopicName'] as string);
}

/** The channels whose Chatbot configuration in template.json hears one of these topics, from the channel parameter's description. */
function cloudFormationChannels(cfn: Json, topics: string[]): string[] {
  const resources = cfn['Resources'] as Record<string, Json>;
  const channels = Object.values(resources)
    .filter((r) => /^AWS::Chatbot::/.test(r['Type']))
    .filter((r) => (r['Properties']['SnsTopicArns'] as Json[]).some((ref) => topics.includes(resources[ref['Ref']]!['Properties']['TopicName'])))
    .map((r) => {
      const parameter = r['Properties']['SlackChannelId'] ?? r['Properties']['TeamsChannelId'];
      return /#[a-z0-9_-]+/.exec(cfn['Parameters'][parameter['Ref']]['Description'])![0];
    });
  return [...new Set(channels)].sort();
}

const cases = (['eventbridge', 'cloudwatch'] as const).flatMap((target) => (['slack', 'msteams'] as const).map((chat) => [`${target} to ${chat}`, target, chat] as const));

describe('AWS alerts and their channels', () => {
  it.each(cases)('%s: two rules of one urgency for two channels each post only in their own channel, in both file formats', (_name, target, chat) => {
    const set = setOf(chat, shared);
    const { files, refused } = exportRuleSet(set, [target]);
    expect(refused).toEqual([]);
    const cfn = fileOf(files, target, 'template.json');
    const wednesdayNight = new Date('2026-12-09T03:00:00+01:00');
    for (const r of set.rules) {
      // main.tf.json, read as the delivery walk reads it (it also checks template.json reaches the same topics).
      const told = awsTold(target, files, r.id, wednesdayNight);
      expect(told).toEqual({ chat: 'now', page: r.urgency === 'wake-me-up', channel: r.notify });
      // template.json, its own Chatbot configurations.
      expect(cloudFormationChannels(cfn, cloudFormationReached(cfn, r.id))).toEqual([r.notify]);
    }
  });

  it.each(cases)('%s: topics are split by channel only for an urgency that several channels hear', (_name, target, chat) => {
    const files = exportRuleSet(setOf(chat, shared), [target]).files;
    const tf = fileOf(files, target, 'main.tf.json');
    const tfTopics = (Object.values(tf['resource']['aws_sns_topic']) as Json[]).map((t) => t['name']).sort();
    const cfnTopics = (Object.values(fileOf(files, target, 'template.json')['Resources']) as Json[])
      .filter((r) => r['Type'] === 'AWS::SNS::Topic')
      .map((r) => r['Properties']['TopicName'])
      .sort();
    // EventBridge pages through page-now; CloudWatch too once wake-me-up is split, rather than subscribing the pager to each channel's topic.
    const expected = ['fyi', 'look-today-team-app', 'look-today-team-infra', 'page-now', 'wake-me-up-team-app', 'wake-me-up-team-infra'];
    expect(tfTopics).toEqual(expected);
    expect(cfnTopics).toEqual(expected);
    const pagerTopics = (Object.values(tf['resource']['aws_sns_topic_subscription']) as Json[]).map((s) => /aws_sns_topic\.([a-z0-9_]+)\.arn/.exec(s['topic_arn'])![1]);
    expect(pagerTopics).toEqual(['page_now']);
  });

  it.each(cases)('%s: one channel keeps one topic per urgency, named after the urgency', (_name, target, chat) => {
    const files = exportRuleSet(setOf(chat, shared.map((r) => ({ ...r, notify: '#security' }))), [target]).files;
    const tf = fileOf(files, target, 'main.tf.json');
    const topics = (Object.values(tf['resource']['aws_sns_topic']) as Json[]).map((t) => t['name']).sort();
    expect(topics).toEqual(target === 'cloudwatch' ? ['fyi', 'look-today', 'wake-me-up'] : ['fyi', 'look-today', 'page-now', 'wake-me-up']);
  });

  it.each(['eventbridge', 'cloudwatch'] as const)('%s: channels whose names differ only in - and _ get topics with distinct valid names in both files', (target) => {
    const rules = [rule('dash', 'look-today', '#ops-team'), rule('underscore', 'look-today', '#ops_team'), rule('plain', 'look-today', '#opsteam')];
    const set = setOf('slack', rules);
    const files = exportRuleSet(set, [target]).files;
    const tf = fileOf(files, target, 'main.tf.json');
    const cfn = fileOf(files, target, 'template.json');
    const names = (Object.values(tf['resource']['aws_sns_topic']) as Json[]).map((t) => t['name'] as string);
    expect(names).toHaveLength(3);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    // Distinct as SNS names, as Terraform names and as CloudFormation logical ids.
    expect(new Set(names).size).toBe(3);
    expect(Object.keys(tf['resource']['aws_sns_topic'])).toHaveLength(3);
    expect(Object.values(cfn['Resources'] as Record<string, Json>).filter((r) => r['Type'] === 'AWS::SNS::Topic')).toHaveLength(3);
    for (const r of set.rules) expect(awsTold(target, files, r.id, new Date('2026-12-09T10:30:00+01:00')).channel).toBe(r.notify);
  });

  it.each(['eventbridge', 'cloudwatch'] as const)('%s: no rule has more than the five targets or alarm actions AWS allows', (target) => {
    const tf = fileOf(exportRuleSet(setOf('slack', shared), [target]).files, target, 'main.tf.json');
    const perRule = new Map<string, number>();
    if (target === 'eventbridge') {
      // The copies in other regions (for_each) only send events on to us-east-1, one target each.
      for (const t of Object.values(tf['resource']['aws_cloudwatch_event_target']) as Json[])
        if (t['for_each'] === undefined) perRule.set(t['rule'], (perRule.get(t['rule']) ?? 0) + 1);
    } else for (const a of Object.values(tf['resource']['aws_cloudwatch_metric_alarm']) as Json[]) perRule.set(a['alarm_name'], a['alarm_actions'].length);
    expect(perRule.size).toBe(shared.length);
    expect(Math.max(...perRule.values())).toBeLessThanOrEqual(5);
  });

  it.each(cases)('%s: the README says, in plain words, that each channel has topics of its own, and only where it does', (_name, target, chat) => {
    const readmeOf = (set: RuleSet) => exportRuleSet(set, [target]).files.find((f) => f.path === `${target}/README.md`)!.content;
    const split = readmeOf(setOf(chat, shared));
    const sentence = split.split('\n').find((l) => l.includes('a topic of its own'));
    expect(sentence).toBeDefined();
    expect(plainWordsProblems(sentence!, siteGlossary())).toEqual([]);
    expect(readmeOf(setOf(chat, shared.map((r) => ({ ...r, notify: '#security' }))))).not.toContain('a topic of its own');
  });
});
