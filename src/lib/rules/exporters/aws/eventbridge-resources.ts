/**
 * The EventBridge export's Terraform and CloudFormation resources: per rule an EventBridge rule
 * with its pattern, targeting the SNS topic of its urgency through an input transformer that writes
 * the alert in AWS Chatbot's custom-notification shape, and a topic policy that lets EventBridge
 * publish. The topics, Chatbot and the files themselves are shared with CloudWatch (`delivery.ts`).
 */
import type { ChatTool, Rule } from '../../model.ts';
import type { ExportedFile } from '../../target.ts';
import { chatbotInputPaths, chatbotInputTemplate } from './chatbot.ts';
import { cloudFormationTopic, type CloudFormationDetection } from './cloudformation.ts';
import { awsDeliveryFiles } from './delivery.ts';
import { distinctNames, pascal, usedUrgencies } from './names.ts';
import { terraformLiteral, terraformNote, terraformRuleNames, terraformTopic, terraformTopicArn, type TerraformDetection } from './terraform.ts';

export interface EventBridgeRule {
  rule: Rule;
  pattern: Record<string, unknown>;
  /** The documented types the pattern relies on, said as comments in the files. */
  notes: string[];
  state: 'ENABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
}

/** EventBridge may publish to each topic: the SNS topic policy that lets it. */
function topicPolicy(topic: unknown) {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'EventBridgePublishes', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: topic }],
  };
}

/** The rules, their targets (a topic, with the Chatbot input transformer) and the topic policies, in Terraform JSON. */
function terraformDetection(exported: EventBridgeRule[]): TerraformDetection {
  const ruleNames = terraformRuleNames(exported.map((e) => e.rule));
  const topicPolicies: Record<string, unknown> = {};
  for (const u of usedUrgencies(exported.map((e) => e.rule)))
    topicPolicies[terraformTopic(u)] = { arn: terraformTopicArn(u), policy: JSON.stringify(topicPolicy(terraformTopicArn(u))) };
  const rules: Record<string, unknown> = {};
  const targets: Record<string, unknown> = {};
  for (const e of exported) {
    const name = ruleNames.get(e.rule.id)!;
    rules[name] = {
      ...terraformNote(e.notes),
      name: `plainsec-${e.rule.id}`,
      description: terraformLiteral(e.rule.title),
      event_pattern: terraformLiteral(JSON.stringify(e.pattern)),
      state: e.state,
    };
    targets[name] = {
      rule: `\${aws_cloudwatch_event_rule.${name}.name}`,
      target_id: 'sns',
      arn: terraformTopicArn(e.rule.urgency),
      input_transformer: { input_paths: chatbotInputPaths, input_template: terraformLiteral(chatbotInputTemplate(e.rule)) },
    };
  }
  return {
    // The rule's `state` argument (needed for read-only calls) arrived in the AWS provider 5.27.0.
    providerVersion: '>= 5.27.0',
    resource: { aws_sns_topic_policy: topicPolicies, aws_cloudwatch_event_rule: rules, aws_cloudwatch_event_target: targets },
  };
}

/** The same as CloudFormation resources. */
function cloudFormationDetection(exported: EventBridgeRule[]): CloudFormationDetection {
  const ruleNames = distinctNames(
    exported.map((e) => e.rule.id),
    (id) => `Rule${pascal(id)}`,
  );
  const resources: Record<string, unknown> = {};
  for (const e of exported) {
    resources[ruleNames.get(e.rule.id)!] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        Name: `plainsec-${e.rule.id}`,
        Description: e.rule.title,
        // A JSON string, because CloudFormation refuses null inside a template object.
        EventPattern: JSON.stringify(e.pattern),
        State: e.state,
        Targets: [
          {
            Id: 'sns',
            Arn: { Ref: cloudFormationTopic(e.rule.urgency) },
            InputTransformer: { InputPathsMap: chatbotInputPaths, InputTemplate: chatbotInputTemplate(e.rule) },
          },
        ],
      },
    };
  }
  return {
    // `adaptChatbotCloudFormation` rewrites "to Slack through SNS and AWS Chatbot" for other chat tools.
    description: 'Plainsec alert rules: EventBridge patterns routed to Slack through SNS and AWS Chatbot.',
    topicResources: (u) => ({
      [`${cloudFormationTopic(u)}Policy`]: {
        Type: 'AWS::SNS::TopicPolicy',
        Properties: { Topics: [{ Ref: cloudFormationTopic(u) }], PolicyDocument: topicPolicy({ Ref: cloudFormationTopic(u) }) },
      },
    }),
    resources,
  };
}

/** The EventBridge files besides the patterns: Terraform JSON, CloudFormation, and a note where the chat tool needs one. */
export function eventbridgeDeliveryFiles(chat: ChatTool, exported: EventBridgeRule[]): ExportedFile[] {
  return awsDeliveryFiles({
    folder: 'eventbridge',
    exportName: 'EventBridge',
    chat,
    exported,
    terraform: terraformDetection(exported),
    cloudFormation: cloudFormationDetection(exported),
  });
}
