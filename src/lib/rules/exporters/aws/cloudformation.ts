/**
 * The CloudFormation template both AWS exports write (`template.json`): one SNS topic per urgency,
 * the export's own detection resources, AWS Chatbot subscribing each channel to the topics of its
 * urgencies, and under `Metadata` the documented types each rule relies on. EventBridge and
 * CloudWatch differ only in the detection part.
 */
import type { Rule, Urgency } from '../../model.ts';
import { channelUrgencies, slackChatbotCloudFormation } from './chatbot.ts';
import { distinctNames, pascal, usedUrgencies } from './names.ts';
import { cloudFormationTopicName, pagerCloudFormation, pagerTopicNames, type PagerPlan } from './pager.ts';

type Json = Record<string, unknown>;

/** The logical id of an urgency's SNS topic: `wake-me-up` is `TopicWakeMeUp`. */
export const cloudFormationTopic = (u: Urgency): string => `Topic${pascal(u)}`;

/** What one export adds to the shared template. */
export interface CloudFormationDetection {
  description: string;
  /** Parameters the export asks for, before Chatbot's. */
  parameters?: Json;
  /** Resources that belong with a topic (by SNS name), written right after it. */
  topicResources?: (topic: string) => Json;
  /** The export's resources for its rules, written after the topics and before Chatbot's. */
  resources: Json;
}

/** The CloudFormation template for these rules, with Slack's Chatbot resources (`adaptChatbotCloudFormation` turns them into another tool's). */
export function awsCloudFormationTemplate(exported: { rule: Rule; notes: string[] }[], detection: CloudFormationDetection, plan: PagerPlan): Json {
  const rules = exported.map((e) => e.rule);
  const resources: Json = {};
  for (const topic of [...usedUrgencies(rules), ...pagerTopicNames(plan)]) {
    resources[cloudFormationTopicName(topic)] = { Type: 'AWS::SNS::Topic', Properties: { TopicName: topic } };
    Object.assign(resources, detection.topicResources?.(topic));
  }
  Object.assign(resources, detection.resources);
  const pager = pagerCloudFormation(plan);
  Object.assign(resources, pager.Resources);
  const channelNames = distinctNames(
    channelUrgencies(rules).map((c) => c.channel),
    (c) => pascal(c.slice(1)) || 'Channel',
  );
  const chat = slackChatbotCloudFormation(rules, (u) => ({ Ref: cloudFormationTopic(u) }), channelNames);
  const assumptions = Object.fromEntries(exported.filter((e) => e.notes.length > 0).map((e) => [e.rule.id, e.notes.map((n) => `Plainsec ${n}`)]));
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: detection.description,
    ...(Object.keys(assumptions).length > 0 ? { Metadata: { PlainsecAssumptions: assumptions } } : {}),
    Parameters: { ...detection.parameters, ...chat.Parameters, ...pager.Parameters },
    Resources: { ...resources, ...chat.Resources },
  };
}
