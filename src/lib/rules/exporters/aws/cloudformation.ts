/**
 * The CloudFormation template both AWS exports write (`template.json`): the SNS topics
 * (`chatTopics`, and the pager's), the export's own detection resources, AWS Chatbot subscribing
 * each channel to its own topics, and under `Metadata` the documented types each rule relies on.
 * EventBridge and CloudWatch differ only in the detection part.
 */
import type { Rule } from '../../model.ts';
import { slackChatbotCloudFormation } from './chatbot.ts';
import { chatTopics, distinctNames, pascal } from './names.ts';
import { cloudFormationTopicName, pagerCloudFormation, pagerTopicNames, type PagerPlan } from './pager.ts';

type Json = Record<string, unknown>;

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
  const chatTopicsOf = chatTopics(rules);
  for (const topic of [...chatTopicsOf.names, ...pagerTopicNames(plan)]) {
    resources[cloudFormationTopicName(topic)] = { Type: 'AWS::SNS::Topic', Properties: { TopicName: topic } };
    Object.assign(resources, detection.topicResources?.(topic));
  }
  Object.assign(resources, detection.resources);
  const pager = pagerCloudFormation(plan);
  Object.assign(resources, pager.Resources);
  const channelNames = distinctNames(
    chatTopicsOf.channels.map((c) => c.channel),
    (c) => pascal(c.slice(1)) || 'Channel',
  );
  const chat = slackChatbotCloudFormation(chatTopicsOf.channels, (sns) => ({ Ref: cloudFormationTopicName(sns) }), channelNames);
  const assumptions = Object.fromEntries(exported.filter((e) => e.notes.length > 0).map((e) => [e.rule.id, e.notes.map((n) => `Plainsec ${n}`)]));
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: detection.description,
    ...(Object.keys(assumptions).length > 0 ? { Metadata: { PlainsecAssumptions: assumptions } } : {}),
    Parameters: { ...detection.parameters, ...chat.Parameters, ...pager.Parameters },
    Resources: { ...resources, ...chat.Resources },
  };
}
