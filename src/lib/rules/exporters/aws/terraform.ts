/**
 * The Terraform JSON both AWS exports write (`main.tf.json`): the AWS provider, the SNS topics
 * (`chatTopics`, and the pager's), the export's own detection resources, and AWS Chatbot
 * subscribing each channel to its own topics. EventBridge and CloudWatch differ only in the detection part.
 */
import type { Rule } from '../../model.ts';
import { slackChatbotTerraform } from './chatbot.ts';
import { chatTopics, distinctNames } from './names.ts';
import { pagerTerraform, pagerTopicNames, terraformTopicName, type PagerPlan } from './pager.ts';

type Json = Record<string, unknown>;

/** Terraform reads `${` and `%{` in any string as a template; user text must not start one. */
export function terraformLiteral(text: string): string {
  // A replacement function, because "$$" in a replacement string would collapse to one "$".
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** The ARN of an SNS topic (by SNS name), as a Terraform reference. */
export const terraformTopicArn = (sns: string): string => `\${aws_sns_topic.${terraformTopicName(sns)}.arn}`;

/** Each rule's Terraform resource name, by rule id. */
export function terraformRuleNames(rules: Rule[]): Map<string, string> {
  return distinctNames(
    rules.map((r) => r.id),
    (id) => `rule_${id.replace(/-/g, '_')}`,
  );
}

/** The documented types a rule relies on, as a Terraform JSON comment (`//`) to spread into its resource. */
export function terraformNote(notes: string[]): Json {
  return notes.length > 0 ? { '//': terraformLiteral(`Plainsec ${notes.join('; ')}`) } : {};
}

/** What one export adds to the shared Terraform file. */
export interface TerraformDetection {
  /** The lowest AWS provider version that has every argument the export writes. */
  providerVersion: string;
  /** Variables the export asks for, before Chatbot's. */
  variable?: Json;
  /** Resources by type, written after the SNS topics and before Chatbot's. */
  resource: Json;
  /** Other top-level blocks the export needs (`provider`, `data`, `locals`), written before the resources. */
  blocks?: Json;
  /** Arguments every SNS topic takes besides its name, such as the provider (the region) it is made with. */
  topicArguments?: Json;
}

/** The Terraform file for these rules, with Slack's Chatbot resources (`adaptChatbotTerraform` turns them into another tool's). */
export function awsTerraformFile(rules: Rule[], detection: TerraformDetection, plan: PagerPlan): Json {
  const chatTopicsOf = chatTopics(rules);
  const channelNames = distinctNames(
    chatTopicsOf.channels.map((c) => c.channel),
    (c) => c.slice(1).replace(/[^a-z0-9]+/g, '_'),
  );
  const chat = slackChatbotTerraform(chatTopicsOf.channels, terraformTopicArn, channelNames);
  const pager = pagerTerraform(plan, detection.topicArguments ?? {});
  const topics = [...chatTopicsOf.names, ...pagerTopicNames(plan)];
  const resource: Json = {
    aws_sns_topic: Object.fromEntries(topics.map((t) => [terraformTopicName(t), { ...detection.topicArguments, name: t }])),
    ...detection.resource,
    ...pager.resource,
  };
  // A type both add to (an IAM role for Chatbot and one for the export) keeps the names of each.
  for (const [type, named] of Object.entries(chat.resource)) resource[type] = { ...(resource[type] as Json | undefined), ...(named as Json) };
  const blocks: Json = { ...detection.blocks };
  blocks['data'] = { ...(blocks['data'] as Json | undefined), ...pager.data };
  return {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: detection.providerVersion }, ...pager.providers } },
    variable: { ...detection.variable, ...chat.variable, ...pager.variable },
    ...blocks,
    resource,
  };
}

/**
 * The file without labelled blocks that name nothing. In Terraform JSON each key under `variable`
 * or `output` is a block's label, and under `resource` two levels are; an empty object where a
 * label belongs fails `terraform validate` ("Missing block label"), so a kind with nothing in it
 * is left out rather than written as `{}`.
 */
export function withoutEmptyBlocks(file: Json): Json {
  const out: Json = { ...file };
  for (const kind of ['resource', 'data']) {
    const byType = out[kind] as Record<string, Json> | undefined;
    if (byType) out[kind] = Object.fromEntries(Object.entries(byType).filter(([, named]) => Object.keys(named).length > 0));
  }
  for (const kind of ['variable', 'output', 'resource', 'data']) {
    const blocks = out[kind] as Json | undefined;
    if (blocks !== undefined && Object.keys(blocks).length === 0) delete out[kind];
  }
  return out;
}
