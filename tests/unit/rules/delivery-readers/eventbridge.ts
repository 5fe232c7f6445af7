/**
 * Reads the EventBridge files (and, through `awsReader`, the CloudWatch ones): main.tf.json from the
 * rule's EventBridge targets (or alarm actions) to SNS topics, the topics to AWS Chatbot
 * configurations (chat) and to HTTPS subscriptions (page). Where a subscription goes to a PagerDuty
 * service with support hours, or its topic's alerts are held back by an Opsgenie notification
 * policy, the hours written there are evaluated at the instant with Intl. template.json must reach
 * the same topics for the rule and subscribe the same topics to the pager, or the reader throws.
 */
import type { ExportedFile, TargetId } from '../../../../src/lib/rules/target.ts';
import type { DeliveryReader, ToldByFiles } from './reader.ts';

type Json = Record<string, any>;

const weekdayNames = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The weekday (0 = Monday) and minute of the day at `at` in the time zone, read with Intl. */
function clockIn(at: Date, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return { day: weekdayNames.indexOf(part('weekday').toLowerCase()), minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` is inside a PagerDuty service's support hours (days_of_week 1 = Monday … 7 = Sunday). */
function inSupportHours(at: Date, hours: Json): boolean {
  const { day, minute } = clockIn(at, hours['time_zone']);
  return (hours['days_of_week'] as number[]).includes(day + 1) && minute >= minutesOf(hours['start_time']) && minute < minutesOf(hours['end_time']);
}

/** Whether `at` is inside one of an Opsgenie weekday-and-time-of-day restriction's ranges, read in the given time zone. */
function inRestriction(at: Date, timeZone: string, restriction: Json): boolean {
  const { day, minute } = clockIn(at, timeZone);
  const now = day * 1440 + minute;
  const week = 7 * 1440;
  return (restriction['restrictions'] as Json[]).some((r) => {
    const start = weekdayNames.indexOf(r['start_day']) * 1440 + r['start_hour'] * 60 + r['start_min'];
    let end = weekdayNames.indexOf(r['end_day']) * 1440 + r['end_hour'] * 60 + r['end_min'];
    if (end <= start) end += week;
    return (now >= start && now < end) || (now + week >= start && now + week < end);
  });
}

const topicKeyOf = (ref: string): string => {
  const m = /^\$\{aws_sns_topic\.([a-z0-9_]+)\.arn\}$/.exec(ref);
  if (!m) throw new Error(`not an SNS topic reference: ${ref}`);
  return m[1]!;
};

function fileOf(files: readonly ExportedFile[], path: string): Json {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} among ${files.map((f) => f.path).join(', ')}`);
  return JSON.parse(file.content) as Json;
}

/** The SNS names of the topics the rule sends to, and of the topics with an HTTPS subscription, in template.json. */
function cloudFormationTopics(cfn: Json, ruleId: string): { reached: string[]; subscribed: string[] } {
  const resources = cfn['Resources'] as Record<string, Json>;
  const nameOf = (ref: Json) => resources[ref['Ref']]!['Properties']['TopicName'] as string;
  const all = Object.values(resources);
  const rule = all.find((r) => r['Type'] === 'AWS::Events::Rule' && r['Properties']['Name'] === `plainsec-${ruleId}` && r['Properties']['Targets'][0]?.Id !== 'us-east-1');
  const alarm = all.find((r) => r['Type'] === 'AWS::CloudWatch::Alarm' && r['Properties']['AlarmName'] === `plainsec-${ruleId}`);
  const refs: Json[] = rule ? rule['Properties']['Targets'].map((t: Json) => t['Arn']) : alarm ? alarm['Properties']['AlarmActions'] : [];
  const subscribed = all.filter((r) => r['Type'] === 'AWS::SNS::Subscription' && r['Properties']['Protocol'] === 'https').map((r) => nameOf(r['Properties']['TopicArn']));
  return { reached: refs.map(nameOf).sort(), subscribed: [...new Set(subscribed)].sort() };
}

/** Who the AWS files of one export tell about the rule at `at`. */
export function awsTold(folder: string, files: readonly ExportedFile[], ruleId: string, at: Date): ToldByFiles {
  const tf = fileOf(files, `${folder}/main.tf.json`);
  const resource = tf['resource'] as Record<string, Record<string, Json>>;
  const topics = resource['aws_sns_topic'] ?? {};
  let refs: string[];
  if (folder === 'eventbridge') {
    const ruleKey = Object.entries(resource['aws_cloudwatch_event_rule'] ?? {}).find(([, r]) => r['name'] === `plainsec-${ruleId}` && r['for_each'] === undefined)?.[0];
    if (!ruleKey) return { chat: 'no', page: false };
    refs = Object.values(resource['aws_cloudwatch_event_target'] ?? {})
      .filter((t) => t['rule'] === `\${aws_cloudwatch_event_rule.${ruleKey}.name}`)
      .map((t) => t['arn']);
  } else {
    const alarm = Object.values(resource['aws_cloudwatch_metric_alarm'] ?? {}).find((a) => a['alarm_name'] === `plainsec-${ruleId}`);
    if (!alarm) return { chat: 'no', page: false };
    refs = alarm['alarm_actions'];
  }
  const reached = refs.map(topicKeyOf);

  // Chat: the Chatbot configurations that hear a reached topic; the channel from the channel-id variable's description.
  const configs = [...Object.values(resource['aws_chatbot_slack_channel_configuration'] ?? {}), ...Object.values(resource['aws_chatbot_teams_channel_configuration'] ?? {})];
  const hearing = configs.filter((c) => (c['sns_topic_arns'] as string[]).some((arn) => reached.includes(topicKeyOf(arn))));
  const channels = new Set(
    hearing.map((c) => {
      const variable = /^\$\{var\.([a-z0-9_]+)\}$/.exec(c['slack_channel_id'] ?? c['channel_id'] ?? '')?.[1];
      const named = /#[a-z0-9_-]+/.exec(tf['variable']?.[variable ?? '']?.description ?? '')?.[0];
      if (!named) throw new Error(`${ruleId}: a Chatbot configuration that hears its topics names no channel`);
      return named;
    }),
  );

  // Page: an HTTPS subscription on a reached topic, unless the pager's own hours say not now.
  const subscriptions = Object.values(resource['aws_sns_topic_subscription'] ?? {});
  const pages = reached.some((key) =>
    subscriptions
      .filter((s) => s['protocol'] === 'https' && topicKeyOf(s['topic_arn']) === key)
      .some((s) => {
        const service = /\$\{pagerduty_service_integration\.([a-z0-9_]+)\.integration_key\}/.exec(s['endpoint'])?.[1];
        if (service !== undefined) {
          const integration = resource['pagerduty_service_integration']![service]!;
          const serviceKey = /^\$\{pagerduty_service\.([a-z0-9_]+)\.id\}$/.exec(integration['service'])![1]!;
          const svc = resource['pagerduty_service']![serviceKey]!;
          const rule = svc['incident_urgency_rule'];
          if (rule?.type !== 'use_support_hours') return rule?.urgency !== 'low';
          const during = inSupportHours(at, svc['support_hours']);
          return (during ? rule['during_support_hours'] : rule['outside_support_hours'])['urgency'] === 'high';
        }
        const topicName = topics[key]!['name'] as string;
        const policy = Object.values(resource['opsgenie_notification_policy'] ?? {}).find((p) =>
          (p['filter']['conditions'] as Json[]).some((c) => c['field'] === 'tags' && c['expected_value'] === `plainsec-${topicName}`),
        );
        if (!policy) return true;
        // Opsgenie reads a policy's hours in the account's time zone, which the files name in the policy's description.
        const timeZone = /\(([A-Za-z_/+-]+)\)\.$/.exec(policy['policy_description'])![1]!;
        return !(policy['suppress'] === true && inRestriction(at, timeZone, policy['time_restriction']));
      }),
  );

  // template.json must reach the same topics and subscribe the same ones.
  const cfn = cloudFormationTopics(fileOf(files, `${folder}/template.json`), ruleId);
  const tfReached = reached.map((k) => topics[k]!['name'] as string).sort();
  const tfSubscribed = [...new Set(subscriptions.filter((s) => s['protocol'] === 'https').map((s) => topics[topicKeyOf(s['topic_arn'])]!['name'] as string))].sort();
  if (JSON.stringify(cfn.reached) !== JSON.stringify(tfReached))
    throw new Error(`${ruleId}: template.json sends to ${cfn.reached.join(', ')}, main.tf.json to ${tfReached.join(', ')}`);
  if (JSON.stringify(cfn.subscribed) !== JSON.stringify(tfSubscribed))
    throw new Error(`template.json subscribes the pager to ${cfn.subscribed.join(', ')}, main.tf.json to ${tfSubscribed.join(', ')}`);

  // Every channel whose configuration hears one of the rule's topics posts its alerts. More than one
  // is wrong (the rule posts in its own channel only), so they are named together and the walk's
  // channel check fails on them.
  const channel = [...channels].sort().join(', ');
  return { chat: hearing.length > 0 ? 'now' : 'no', page: pages, ...(channel ? { channel } : {}) };
}

export function awsReader(target: TargetId, folder: string): DeliveryReader {
  return { target, told: (files, rule, _alerting, at) => awsTold(folder, files, rule.id, at) };
}

export const reader: DeliveryReader = awsReader('eventbridge', 'eventbridge');
