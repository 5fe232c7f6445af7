/**
 * The CloudWatch export's Terraform and CloudFormation resources: per rule a metric filter on the
 * CloudTrail log group and an alarm on its metric that notifies the rule's chat topic (its
 * urgency's, or its urgency and channel's where channels share an urgency: `chatTopics`) and the
 * pager's topic where the rule pages. The topics, Chatbot and the files themselves are shared
 * with EventBridge (`delivery.ts`).
 */
import type { Alerting, Rule } from '../../model.ts';
import type { ExportedFile } from '../../target.ts';
import type { CloudFormationDetection } from './cloudformation.ts';
import { awsDeliveryFiles } from './delivery.ts';
import { chatTopics, distinctNames, pascal, type ChatTopics } from './names.ts';
import { cloudFormationTopicName, pagerPlan, pageTopicsOf, terraformTopicName, type PagerPlan } from './pager.ts';
import { terraformLiteral, terraformNote, terraformRuleNames, type TerraformDetection } from './terraform.ts';
import { sourceOf } from '../../sources.ts';
import {
  eksClusterDescription,
  eksClusterParameter,
  eksClusterVariable,
  eksLogGroupCloudFormation,
  eksLogGroupTerraform,
} from '../k8s-audit/cloudwatch.ts';

const metricNamespace = 'Plainsec';
const alarmDescription = (rule: Rule) => `${rule.title}: ${rule.means}`.slice(0, 1024);
// A metric filter reads one log group in one region: these files go where the trail's log group is,
// which for a trail that logs all regions holds every region's events and the global services'.
const logGroupDescription =
  'The CloudWatch Logs log group your CloudTrail trail delivers to. Apply these files in the region of that log group: a trail that logs all regions writes every region’s events there, global services such as IAM included.';
// A counting rule's alarm sums its window and needs the count; any other rule alarms on one event in five minutes.
const alarmPeriod = (rule: Rule) => (rule.count ? rule.count.withinMinutes * 60 : 300);
const alarmThreshold = (rule: Rule) => rule.count?.atLeast ?? 1;

export interface CloudWatchRule {
  rule: Rule;
  filter: string;
  /** The documented types the filter relies on, said as comments in the files. */
  notes: string[];
}

/**
 * The topics an alarm notifies, by SNS name: its chat topic, and the pager's where the rule pages
 * (page-now, or page-out-of-hours where it pages outside working hours). Where the wake-me-up
 * chat topic is the page-now one, the set keeps one.
 */
const alarmTopics = (plan: PagerPlan, chat: ChatTopics, rule: Rule): string[] => [...new Set([chat.of(rule), ...pageTopicsOf(plan, rule)])];

/** Whether the rules read a cluster's audit log, and whether they read CloudTrail: each asks for its own log group. */
const readsOf = (exported: CloudWatchRule[]) => ({
  cluster: exported.some((e) => sourceOf(e.rule) === 'k8s-audit'),
  cloudTrail: exported.some((e) => sourceOf(e.rule) === 'cloudtrail'),
});

/** A metric filter and an alarm on its metric per rule, in Terraform JSON. */
function terraformDetection(exported: CloudWatchRule[], plan: PagerPlan): TerraformDetection {
  const names = terraformRuleNames(exported.map((e) => e.rule));
  const filters: Record<string, unknown> = {};
  const alarms: Record<string, unknown> = {};
  const chat = chatTopics(exported.map((e) => e.rule));
  for (const e of exported) {
    const name = names.get(e.rule.id)!;
    filters[name] = {
      ...terraformNote(e.notes),
      name: `plainsec-${e.rule.id}`,
      log_group_name: sourceOf(e.rule) === 'k8s-audit' ? eksLogGroupTerraform : '${var.cloudtrail_log_group_name}',
      pattern: terraformLiteral(e.filter),
      metric_transformation: { name: e.rule.id, namespace: metricNamespace, value: '1' },
    };
    alarms[name] = {
      alarm_name: `plainsec-${e.rule.id}`,
      alarm_description: terraformLiteral(alarmDescription(e.rule)),
      namespace: metricNamespace,
      metric_name: e.rule.id,
      statistic: 'Sum',
      period: alarmPeriod(e.rule),
      evaluation_periods: 1,
      threshold: alarmThreshold(e.rule),
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      treat_missing_data: 'notBreaching',
      alarm_actions: alarmTopics(plan, chat, e.rule).map((t) => `\${aws_sns_topic.${terraformTopicName(t)}.arn}`),
      depends_on: [`aws_cloudwatch_log_metric_filter.${name}`],
    };
  }
  // Each log group is asked for only where a rule reads it, so a CloudTrail-only file reads as it always has.
  const reads = readsOf(exported);
  return {
    providerVersion: '>= 5.0',
    variable: {
      ...(reads.cloudTrail ? { cloudtrail_log_group_name: { type: 'string', description: logGroupDescription } } : {}),
      ...(reads.cluster ? { [eksClusterVariable]: { type: 'string', description: eksClusterDescription } } : {}),
    },
    resource: { aws_cloudwatch_log_metric_filter: filters, aws_cloudwatch_metric_alarm: alarms },
  };
}

/** The same as CloudFormation resources. */
function cloudFormationDetection(exported: CloudWatchRule[], plan: PagerPlan): CloudFormationDetection {
  const names = distinctNames(
    exported.map((e) => e.rule.id),
    (id) => pascal(id),
  );
  const resources: Record<string, unknown> = {};
  const chat = chatTopics(exported.map((e) => e.rule));
  for (const e of exported) {
    const name = names.get(e.rule.id)!;
    resources[`Filter${name}`] = {
      Type: 'AWS::Logs::MetricFilter',
      Properties: {
        FilterName: `plainsec-${e.rule.id}`,
        FilterPattern: e.filter,
        LogGroupName: sourceOf(e.rule) === 'k8s-audit' ? eksLogGroupCloudFormation : { Ref: 'CloudTrailLogGroupName' },
        MetricTransformations: [{ MetricName: e.rule.id, MetricNamespace: metricNamespace, MetricValue: '1' }],
      },
    };
    resources[`Alarm${name}`] = {
      Type: 'AWS::CloudWatch::Alarm',
      DependsOn: `Filter${name}`,
      Properties: {
        AlarmName: `plainsec-${e.rule.id}`,
        AlarmDescription: alarmDescription(e.rule),
        Namespace: metricNamespace,
        MetricName: e.rule.id,
        Statistic: 'Sum',
        Period: alarmPeriod(e.rule),
        EvaluationPeriods: 1,
        Threshold: alarmThreshold(e.rule),
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: alarmTopics(plan, chat, e.rule).map((t) => ({ Ref: cloudFormationTopicName(t) })),
      },
    };
  }
  const reads = readsOf(exported);
  const groups = [...(reads.cloudTrail ? ['the CloudTrail log group'] : []), ...(reads.cluster ? ['the EKS cluster’s audit log'] : [])];
  return {
    description: `Plainsec alert rules: CloudWatch Logs metric filters on ${groups.join(' and ')}, with alarms to SNS. Deploy this stack in the region of ${groups.length > 1 ? 'both' : 'that log group'}.`,
    parameters: {
      ...(reads.cloudTrail ? { CloudTrailLogGroupName: { Type: 'String', Description: logGroupDescription } } : {}),
      ...(reads.cluster ? { [eksClusterParameter]: { Type: 'String', Description: eksClusterDescription } } : {}),
    },
    resources,
  };
}

/** The CloudWatch files: Terraform JSON, CloudFormation, and a note where the chat tool needs one. */
export function cloudwatchDeliveryFiles(alerting: Alerting, exported: CloudWatchRule[]): ExportedFile[] {
  // An alarm's notification is the message the pagers' CloudWatch integrations read, so the wake-me-up
  // topic itself pages. Where several channels hear wake-me-up, its topic is one per channel; rather
  // than subscribe the pager to each, those alarms also notify one page-now topic, which pages.
  const rules = exported.map((e) => e.rule);
  const wakeTopics = chatTopics(rules).names.filter((t) => t.startsWith('wake-me-up'));
  const plan = pagerPlan(rules, alerting, wakeTopics.length > 1 ? 'page-now' : 'wake-me-up');
  return awsDeliveryFiles({
    folder: 'cloudwatch',
    exportName: 'CloudWatch',
    alerting,
    plan,
    exported,
    terraform: terraformDetection(exported, plan),
    cloudFormation: cloudFormationDetection(exported, plan),
  });
}
