/**
 * The EventBridge export's Terraform and CloudFormation resources: per rule an EventBridge rule
 * with its pattern, targeting its chat topic (its urgency's, or its urgency and channel's where
 * channels share an urgency: `chatTopics`) through an input transformer that writes
 * the alert in AWS Chatbot's custom-notification shape, and a topic policy that lets EventBridge
 * publish. The topics, Chatbot and the files themselves are shared with CloudWatch (`delivery.ts`).
 *
 * Regions (`regions.ts`): AWS delivers the events of global services (IAM, Organizations …) to
 * EventBridge in us-east-1 only, so every rule, its topic and the topic policy are made in
 * us-east-1. A rule that also hears regional services gets, in every other region, a copy of its
 * pattern that sends the matching events on to us-east-1's default event bus, where the rule
 * alerts: one place to alert from, one set of topics, and only matching events cross regions.
 * Terraform does that in one file (a provider for us-east-1, and a copy per enabled region with
 * the AWS provider's per-resource `region`); CloudFormation, whose stack lives in one region, in
 * a second template to deploy in each other region.
 */
import type { Alerting, Rule } from '../../model.ts';
import type { ExportedFile } from '../../target.ts';
import { chatbotInputPaths, chatbotInputTemplate } from './chatbot.ts';
import type { CloudFormationDetection } from './cloudformation.ts';
import { awsDeliveryFiles } from './delivery.ts';
import { chatTopics, distinctNames, pascal } from './names.ts';
import { cloudFormationTopicName, pageInputTemplate, pagerPlan, pagerTopicNames, pageTopicsOf, terraformTopicName, type PagerPlan } from './pager.ts';
import { terraformLiteral, terraformNote, terraformRuleNames, terraformTopicArn, type TerraformDetection } from './terraform.ts';
import { arrivalOf, globalRegion, hearsOtherRegions } from '../../regions.ts';

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

/** The rules whose events may also arrive outside us-east-1, which other regions forward. */
export const forwardedRules = (exported: EventBridgeRule[]): EventBridgeRule[] => exported.filter((e) => hearsOtherRegions(arrivalOf(e.rule)));

/** The Terraform provider alias every alerting resource is made with: us-east-1. */
export const terraformHomeProvider = 'aws.us_east_1';

/** EventBridge may send events on to another region's bus with this role: its trust policy. */
const eventsAssumeRole = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const putEventsPolicy = (bus: unknown) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: bus }],
});

/** The rules, their targets (a topic, with the Chatbot input transformer) and the topic policies, in Terraform JSON. */
function terraformDetection(exported: EventBridgeRule[], plan: PagerPlan): TerraformDetection {
  const home = { provider: terraformHomeProvider };
  const ruleNames = terraformRuleNames(exported.map((e) => e.rule));
  const topicPolicies: Record<string, unknown> = {};
  const chat = chatTopics(exported.map((e) => e.rule));
  for (const topic of [...chat.names, ...pagerTopicNames(plan)]) {
    const arn = `\${aws_sns_topic.${terraformTopicName(topic)}.arn}`;
    topicPolicies[terraformTopicName(topic)] = { ...home, arn, policy: JSON.stringify(topicPolicy(arn)) };
  }
  const rules: Record<string, unknown> = {};
  const targets: Record<string, unknown> = {};
  for (const e of exported) {
    const name = ruleNames.get(e.rule.id)!;
    rules[name] = {
      ...terraformNote(e.notes),
      ...home,
      name: `plainsec-${e.rule.id}`,
      description: terraformLiteral(e.rule.title),
      event_pattern: terraformLiteral(JSON.stringify(e.pattern)),
      state: e.state,
    };
    targets[name] = {
      ...home,
      rule: `\${aws_cloudwatch_event_rule.${name}.name}`,
      target_id: 'sns',
      arn: terraformTopicArn(chat.of(e.rule)),
      input_transformer: { input_paths: chatbotInputPaths, input_template: terraformLiteral(chatbotInputTemplate(e.rule)) },
    };
    // The pager gets its own target and message: its CloudWatch integration reads an alarm's fields, not Chatbot's shape.
    for (const topic of pageTopicsOf(plan, e.rule))
      targets[`${name}_${terraformTopicName(topic)}`] = {
        ...home,
        rule: `\${aws_cloudwatch_event_rule.${name}.name}`,
        target_id: topic,
        arn: `\${aws_sns_topic.${terraformTopicName(topic)}.arn}`,
        input_transformer: { input_paths: chatbotInputPaths, input_template: terraformLiteral(pageInputTemplate(e.rule)) },
      };
  }
  const forwarded = forwardedRules(exported);
  const resource: Record<string, Record<string, unknown>> = { aws_sns_topic_policy: topicPolicies, aws_cloudwatch_event_rule: rules, aws_cloudwatch_event_target: targets };
  const blocks: Record<string, unknown> = { provider: { aws: [{ alias: terraformHomeProvider.split('.')[1], region: globalRegion }] } };
  if (forwarded.length > 0) {
    // In each other region, the same pattern sends the matching events to us-east-1's default bus.
    const bus = '${data.aws_cloudwatch_event_bus.us_east_1.arn}';
    const role = 'forward_to_us_east_1';
    for (const e of forwarded) {
      const name = ruleNames.get(e.rule.id)!.replace(/^rule_/, 'forward_');
      const each = { for_each: '${local.forward_from_regions}', region: '${each.value}' };
      rules[name] = {
        ...terraformNote(e.notes),
        ...each,
        name: `plainsec-${e.rule.id}`,
        description: terraformLiteral(`Sends to us-east-1, where Plainsec alerts on them, the events of: ${e.rule.title}`.slice(0, 512)),
        event_pattern: terraformLiteral(JSON.stringify(e.pattern)),
        state: e.state,
      };
      targets[name] = {
        ...each,
        rule: `\${aws_cloudwatch_event_rule.${name}[each.key].name}`,
        target_id: 'us-east-1',
        arn: bus,
        role_arn: `\${aws_iam_role.${role}.arn}`,
      };
    }
    resource['aws_iam_role'] = { [role]: { name: 'plainsec-forward-to-us-east-1', assume_role_policy: JSON.stringify(eventsAssumeRole) } };
    resource['aws_iam_role_policy'] = { [role]: { name: 'put-events-in-us-east-1', role: `\${aws_iam_role.${role}.id}`, policy: JSON.stringify(putEventsPolicy(bus)) } };
    blocks['data'] = { aws_regions: { enabled: {} }, aws_cloudwatch_event_bus: { us_east_1: { ...home, name: 'default' } } };
    blocks['locals'] = {
      forward_from_regions: '${setsubtract(var.forward_from_regions != null ? var.forward_from_regions : data.aws_regions.enabled.names, ["us-east-1"])}',
    };
  }
  return {
    // The rule's `state` argument (needed for read-only calls) arrived in the AWS provider 5.27.0;
    // a resource's own `region` (for the copies in other regions) in 6.0.0.
    providerVersion: forwarded.length > 0 ? '>= 6.0.0' : '>= 5.27.0',
    ...(forwarded.length > 0
      ? {
          variable: {
            forward_from_regions: {
              type: 'list(string)',
              default: null,
              description:
                'The regions that send matching events on to us-east-1. Leave it unset for every region your account has turned on; list yours if your organisation blocks some.',
            },
          },
        }
      : {}),
    resource,
    blocks,
    topicArguments: home,
  };
}

/** The same as CloudFormation resources. */
function cloudFormationDetection(exported: EventBridgeRule[], plan: PagerPlan): CloudFormationDetection {
  const ruleNames = distinctNames(
    exported.map((e) => e.rule.id),
    (id) => `Rule${pascal(id)}`,
  );
  const resources: Record<string, unknown> = {};
  const chat = chatTopics(exported.map((e) => e.rule));
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
            Arn: { Ref: cloudFormationTopicName(chat.of(e.rule)) },
            InputTransformer: { InputPathsMap: chatbotInputPaths, InputTemplate: chatbotInputTemplate(e.rule) },
          },
          ...pageTopicsOf(plan, e.rule).map((topic) => ({
            Id: topic,
            Arn: { Ref: cloudFormationTopicName(topic) },
            InputTransformer: { InputPathsMap: chatbotInputPaths, InputTemplate: pageInputTemplate(e.rule) },
          })),
        ],
      },
    };
  }
  return {
    // `adaptChatbotCloudFormation` rewrites "to Slack through SNS and AWS Chatbot" for other chat tools.
    description: `Plainsec alert rules: EventBridge patterns routed to Slack through SNS and AWS Chatbot. Deploy this stack in us-east-1 (N. Virginia), the only region where EventBridge hears global services such as IAM.${
      forwardedRules(exported).length > 0 ? ` Then deploy ${forwardTemplatePath.split('/')[1]} in each other region you use, so that their events reach these rules.` : ''
    }`,
    topicResources: (topic) => ({
      [`${cloudFormationTopicName(topic)}Policy`]: {
        Type: 'AWS::SNS::TopicPolicy',
        Properties: { Topics: [{ Ref: cloudFormationTopicName(topic) }], PolicyDocument: topicPolicy({ Ref: cloudFormationTopicName(topic) }) },
      },
    }),
    resources,
  };
}

/** Where the CloudFormation template for the other regions goes. */
export const forwardTemplatePath = 'eventbridge/forward-to-us-east-1.template.json';

/**
 * The CloudFormation template for every region but us-east-1: per rule that hears regional
 * services, the same pattern sending the matching events to us-east-1's default event bus.
 */
function forwardTemplate(forwarded: EventBridgeRule[]): Record<string, unknown> {
  const ruleNames = distinctNames(
    forwarded.map((e) => e.rule.id),
    (id) => `Forward${pascal(id)}`,
  );
  const resources: Record<string, unknown> = {
    ForwardRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: eventsAssumeRole,
        Policies: [
          {
            PolicyName: 'put-events-in-us-east-1',
            PolicyDocument: putEventsPolicy({ 'Fn::Sub': 'arn:${AWS::Partition}:events:us-east-1:${AWS::AccountId}:event-bus/default' }),
          },
        ],
      },
    },
  };
  for (const e of forwarded)
    resources[ruleNames.get(e.rule.id)!] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        Name: `plainsec-${e.rule.id}`,
        Description: `Sends to us-east-1, where Plainsec alerts on them, the events of: ${e.rule.title}`.slice(0, 512),
        EventPattern: JSON.stringify(e.pattern),
        State: e.state,
        Targets: [
          {
            Id: 'us-east-1',
            Arn: { 'Fn::Sub': 'arn:${AWS::Partition}:events:us-east-1:${AWS::AccountId}:event-bus/default' },
            RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] },
          },
        ],
      },
    };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'Plainsec: sends the events these rules match to us-east-1, where template.json alerts on them. Deploy this stack in each region you use other than us-east-1 (once per region, or as a StackSet).',
    Resources: resources,
  };
}

/** The EventBridge files besides the patterns: Terraform JSON, CloudFormation, and a note where the chat tool needs one. */
export function eventbridgeDeliveryFiles(alerting: Alerting, exported: EventBridgeRule[]): ExportedFile[] {
  // Pages go through topics of their own (page-now, page-out-of-hours), whose targets write the alarm shape the pagers read.
  const plan = pagerPlan(exported.map((e) => e.rule), alerting, 'page-now');
  const files = awsDeliveryFiles({
    folder: 'eventbridge',
    exportName: 'EventBridge',
    alerting,
    plan,
    exported,
    terraform: terraformDetection(exported, plan),
    cloudFormation: cloudFormationDetection(exported, plan),
  });
  const forwarded = forwardedRules(exported);
  if (forwarded.length > 0) files.push({ path: forwardTemplatePath, content: `${JSON.stringify(forwardTemplate(forwarded), null, 2)}\n` });
  return files;
}
