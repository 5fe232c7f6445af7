/**
 * Paging for the two AWS exports: how an alert reaches whoever is on call.
 *
 * - Wake me up: the pager's own SNS integration subscribes (HTTPS) to the topic that carries the
 *   page. Its URL is a secret, so it is a sensitive Terraform variable / NoEcho CloudFormation
 *   parameter, never written in the files.
 * - Look today with working hours: the rule also sends to a `page-out-of-hours` topic (one per
 *   distinct working hours), and the pager itself decides by the clock: a PagerDuty service whose
 *   support hours are the working hours (low urgency inside, high outside), or an Opsgenie
 *   notification policy that holds back notifications inside them. Terraform writes that part;
 *   CloudFormation has no PagerDuty or Opsgenie resources (only third-party types that must be
 *   registered in each account first), so there the team sets it up by hand, as the template says.
 *
 * All three pagers read these messages through their Amazon CloudWatch / Amazon SNS integrations,
 * which read a CloudWatch alarm notification (Splunk On-Call documents that other SNS messages
 * fail). A CloudWatch alarm sends exactly that. EventBridge writes each page in that shape too,
 * through its own target (`pageInputTemplate`), not the Chatbot shape its chat target writes.
 * None of them documents raw message delivery, so the subscriptions leave it off.
 *
 * Limits the pagers set, found in their Terraform providers: PagerDuty support hours are one
 * start and one end time on the same day, so working hours that run past midnight cannot be
 * support hours (delivery/aws.ts says so and these files do not page for them); Splunk On-Call's
 * provider (splunk-terraform/victorops) has no working hours at all.
 */
import type { Alerting, Rule, WorkingHours } from '../../model.ts';
import { weekdays } from '../../model.ts';
import { pascal } from './names.ts';

type Json = Record<string, unknown>;

/** Whether PagerDuty support hours can be these working hours: one start and a later end on the same day. */
export const supportHoursFit = (hours: WorkingHours): boolean => hours.start < hours.end;

/** The SNS topic a wake-me-up page goes through: the urgency's own topic (CloudWatch) or a topic for pages alone (EventBridge). */
export type PageNowTopic = 'wake-me-up' | 'page-now';

/** One working-hours schedule that some look-today rules page outside of, with its topic. */
export interface OutOfHours {
  hours: WorkingHours;
  /** The SNS topic name: `page-out-of-hours`, then `page-out-of-hours-2` … */
  topic: string;
  ruleIds: Set<string>;
}

export interface PagerPlan {
  alerting: Alerting;
  /** The topic the wake-me-up pager subscription is on, when a rule wakes someone up. */
  pageNow?: PageNowTopic;
  outOfHours: OutOfHours[];
}

/** The days, in week order, with the times: a key that is the same for the same working hours. */
const hoursKey = (h: WorkingHours): string => `${h.timeZone} ${weekdays.filter((d) => h.days.includes(d)).join(',')} ${h.start}-${h.end}`;

/** Whether the rule set's pager can page outside these working hours from a file (delivery/aws.ts says the same in words). */
function canPageOutOfHours(alerting: Alerting, hours: WorkingHours): boolean {
  if (alerting.pager === 'victorops') return false;
  return alerting.pager === 'opsgenie' || supportHoursFit(hours);
}

/** Which topics page, for these rules and this pager. */
export function pagerPlan(rules: Rule[], alerting: Alerting, pageNow: PageNowTopic): PagerPlan {
  const byKey = new Map<string, OutOfHours>();
  for (const rule of rules) {
    if (rule.urgency !== 'look-today' || !rule.workingHours || !canPageOutOfHours(alerting, rule.workingHours)) continue;
    const key = hoursKey(rule.workingHours);
    let schedule = byKey.get(key);
    if (!schedule) {
      schedule = { hours: rule.workingHours, topic: `page-out-of-hours${byKey.size === 0 ? '' : `-${byKey.size + 1}`}`, ruleIds: new Set() };
      byKey.set(key, schedule);
    }
    schedule.ruleIds.add(rule.id);
  }
  return { alerting, ...(rules.some((r) => r.urgency === 'wake-me-up') ? { pageNow } : {}), outOfHours: [...byKey.values()] };
}

/** The topics of the plan besides the urgencies' own, by SNS name. */
export function pagerTopicNames(plan: PagerPlan): string[] {
  return [...(plan.pageNow === 'page-now' ? ['page-now'] : []), ...plan.outOfHours.map((s) => s.topic)];
}

/** The topics a rule pages through, by SNS name. */
export function pageTopicsOf(plan: PagerPlan, rule: Rule): string[] {
  if (rule.urgency === 'wake-me-up' && plan.pageNow) return [plan.pageNow];
  return plan.outOfHours.filter((s) => s.ruleIds.has(rule.id)).map((s) => s.topic);
}

export const terraformTopicName = (sns: string): string => sns.replace(/-/g, '_');
export const cloudFormationTopicName = (sns: string): string => `Topic${pascal(sns)}`;

/**
 * A page as EventBridge writes it for the pager: the fields of a CloudWatch alarm notification that
 * the pagers' CloudWatch integrations read (a name, a description, the new state ALARM, why, when),
 * filled from the event. `<name>` is an EventBridge placeholder (`pageInputPaths`).
 */
export function pageInputTemplate(rule: Rule): string {
  const hideAngles = (text: string) => text.replace(/</g, '\uE000').replace(/>/g, '\uE001');
  const message = {
    AlarmName: `plainsec-${rule.id}`,
    AlarmDescription: hideAngles(`${rule.title}: ${rule.whatToDo}`),
    AWSAccountId: '<account>',
    NewStateValue: 'ALARM',
    NewStateReason: '<eventName> on <eventSource> by <actor>',
    StateChangeTime: '<time>',
    Region: '<region>',
  };
  return JSON.stringify(message).replace(/\uE000/g, '\\u003c').replace(/\uE001/g, '\\u003e');
}

/** Working hours in words, for descriptions: `monday–friday 09:00–17:00 Europe/Berlin`. */
export const hoursWords = (h: WorkingHours): string => `${weekdays.filter((d) => h.days.includes(d)).join(', ')} ${h.start}–${h.end} (${h.timeZone})`;

/** Where each pager's team finds the integration URL the wake-me-up subscription sends to. */
const pageUrlWords: Record<Alerting['pager'], { variable: string; parameter: string; words: string }> = {
  pagerduty: {
    variable: 'pagerduty_cloudwatch_url',
    parameter: 'PagerDutyCloudWatchUrl',
    words:
      'The integration URL of your PagerDuty service for wake-me-up alerts. In PagerDuty: Services, your service, Integrations, Add an integration, Amazon CloudWatch. Copy its Integration URL (https://events.pagerduty.com/integration/…/enqueue).',
  },
  opsgenie: {
    variable: 'opsgenie_sns_url',
    parameter: 'OpsgenieSnsUrl',
    words:
      'The URL of an Amazon SNS integration in Opsgenie for wake-me-up alerts. In Opsgenie: your team, Integrations, Add integration, Amazon SNS. Copy the URL it shows, with its apiKey (https://api.opsgenie.com/v1/json/amazonsns?apiKey=…).',
  },
  victorops: {
    variable: 'victorops_cloudwatch_url',
    parameter: 'VictorOpsCloudWatchUrl',
    words:
      'The AWS CloudWatch integration URL of Splunk On-Call for wake-me-up alerts. In Splunk On-Call: Integrations, AWS CloudWatch, Enable. Copy the Service API Endpoint, and put your routing key in place of $routing_key at its end.',
  },
};

/** The Opsgenie tag that marks an out-of-hours alert, for the notification policy's filter. */
export const opsgenieTag = (topic: string): string => `plainsec-${topic}`;

/** Names for the n-th schedule: `out_of_hours`, `out_of_hours_2` in Terraform; `OutOfHours`, `OutOfHours2` in CloudFormation. */
const scheduleName = (s: OutOfHours): string => s.topic.replace(/^page-/, '').replace(/-/g, '_');

/** The pager's part of the Terraform file: variables, subscriptions, and the PagerDuty service or Opsgenie policy for working hours. */
export function pagerTerraform(plan: PagerPlan, topicArguments: Json): { providers: Json; variable: Json; data: Json; resource: Json } {
  const { alerting } = plan;
  const variable: Json = {};
  const data: Json = {};
  const providers: Json = {};
  const subscriptions: Json = {};
  const resource: Json = { aws_sns_topic_subscription: subscriptions };
  const topicArn = (sns: string) => `\${aws_sns_topic.${terraformTopicName(sns)}.arn}`;
  if (plan.pageNow) {
    const url = pageUrlWords[alerting.pager];
    variable[url.variable] = { type: 'string', sensitive: true, description: url.words };
    subscriptions['page_now'] = { ...topicArguments, topic_arn: topicArn(plan.pageNow), protocol: 'https', endpoint: `\${var.${url.variable}}` };
  }
  if (plan.outOfHours.length > 0 && alerting.pager === 'pagerduty') {
    providers['pagerduty'] = { source: 'PagerDuty/pagerduty', version: '>= 3.0' };
    variable['pagerduty_escalation_policy_id'] = {
      type: 'string',
      description:
        'The ID of the PagerDuty escalation policy that pages whoever is on call outside working hours (in PagerDuty: People, Escalation Policies, your policy; the ID is the last part of its address). The provider reads your PagerDuty API token from PAGERDUTY_TOKEN.',
    };
    data['pagerduty_vendor'] = { cloudwatch: { name: 'Cloudwatch' } };
    const services: Json = {};
    const integrations: Json = {};
    plan.outOfHours.forEach((s, i) => {
      const name = scheduleName(s);
      services[name] = {
        name: `Plainsec out of hours${i === 0 ? '' : ` ${i + 1}`}`,
        description: `Plainsec look-today alerts: low urgency during working hours (${hoursWords(s.hours)}), high urgency and a page outside them.`,
        escalation_policy: '${var.pagerduty_escalation_policy_id}',
        // Support hours are the working hours; an incident inside them is low urgency (no page), outside high (pages).
        support_hours: {
          type: 'fixed_time_per_day',
          time_zone: s.hours.timeZone,
          days_of_week: weekdays.flatMap((d, n) => (s.hours.days.includes(d) ? [n + 1] : [])),
          start_time: `${s.hours.start}:00`,
          end_time: `${s.hours.end}:00`,
        },
        incident_urgency_rule: {
          type: 'use_support_hours',
          during_support_hours: { type: 'constant', urgency: 'low' },
          outside_support_hours: { type: 'constant', urgency: 'high' },
        },
      };
      integrations[name] = { name: '${data.pagerduty_vendor.cloudwatch.name}', service: `\${pagerduty_service.${name}.id}`, vendor: '${data.pagerduty_vendor.cloudwatch.id}' };
      // The CloudWatch integration's URL is made from its key, as the provider documents.
      subscriptions[`page_${name}`] = {
        ...topicArguments,
        topic_arn: topicArn(s.topic),
        protocol: 'https',
        endpoint: `https://events.pagerduty.com/integration/\${pagerduty_service_integration.${name}.integration_key}/enqueue`,
      };
    });
    resource['pagerduty_service'] = services;
    resource['pagerduty_service_integration'] = integrations;
  }
  if (plan.outOfHours.length > 0 && alerting.pager === 'opsgenie') {
    providers['opsgenie'] = { source: 'opsgenie/opsgenie', version: '>= 0.6' };
    const teamId = alerting.opsgenieTeam ? '${data.opsgenie_team.plainsec.id}' : '${var.opsgenie_team_id}';
    if (alerting.opsgenieTeam) data['opsgenie_team'] = { plainsec: { name: alerting.opsgenieTeam } };
    else variable['opsgenie_team_id'] = { type: 'string', description: 'The ID of the Opsgenie team whose notifications wait for working hours (in Opsgenie: Teams, your team; the ID is in its address).' };
    const policies: Json = {};
    for (const s of plan.outOfHours) {
      const name = scheduleName(s);
      const urlVariable = `opsgenie_${name}_sns_url`;
      variable[urlVariable] = {
        type: 'string',
        sensitive: true,
        description: `The URL of a second Amazon SNS integration in Opsgenie, for look-today alerts outside working hours: in Opsgenie, your team, Integrations, Add integration, Amazon SNS; under its alert settings add the tag ${opsgenieTag(s.topic)}; copy the URL with its apiKey. Opsgenie reads the policy's hours in your account's time zone (Settings, Account settings), which must be ${s.hours.timeZone}. The provider reads your Opsgenie API key from OPSGENIE_API_KEY.`,
      };
      subscriptions[`page_${name}`] = { ...topicArguments, topic_arn: topicArn(s.topic), protocol: 'https', endpoint: `\${var.${urlVariable}}` };
      // During working hours the policy holds back notifications of these alerts; outside them it does not apply, so they page.
      policies[name] = {
        name: `Plainsec: quiet during working hours${name === 'out_of_hours' ? '' : ` ${name.replace(/^out_of_hours_/, '')}`}`,
        team_id: teamId,
        policy_description: `Holds back notifications of Plainsec look-today alerts during working hours: ${hoursWords(s.hours)}.`,
        filter: { type: 'match-all-conditions', conditions: [{ field: 'tags', operation: 'contains', expected_value: opsgenieTag(s.topic) }] },
        time_restriction: { type: 'weekday-and-time-of-day', restrictions: opsgenieRestrictions(s.hours) },
        suppress: true,
      };
    }
    resource['opsgenie_notification_policy'] = policies;
  }
  return { providers, variable, data, resource };
}

/** Each working day as an Opsgenie restriction from its start to its end (the next day's end where the hours run past midnight). */
function opsgenieRestrictions(h: WorkingHours): Json[] {
  const [sh, sm] = h.start.split(':').map(Number);
  const [eh, em] = h.end.split(':').map(Number);
  return weekdays
    .filter((d) => h.days.includes(d))
    .map((d) => ({
      start_day: d,
      start_hour: sh,
      start_min: sm,
      end_day: h.start < h.end ? d : weekdays[(weekdays.indexOf(d) + 1) % 7],
      end_hour: eh,
      end_min: em,
    }));
}

/** What the team sets up by hand for CloudFormation, which cannot make PagerDuty or Opsgenie resources. */
function byHandWords(pager: Alerting['pager'], s: OutOfHours): string {
  if (pager === 'pagerduty')
    return `The Amazon CloudWatch integration URL of a PagerDuty service that pages only outside working hours. CloudFormation cannot set that up, so do it in PagerDuty. Services, New Service: name it, pick your escalation policy, add the Amazon CloudWatch integration. In the service's Settings, under Urgency, choose Use support hours: ${hoursWords(s.hours)}. Choose Low urgency during support hours and High urgency outside them. Copy the integration URL.`;
  return `The URL of a second Amazon SNS integration in Opsgenie whose alerts carry the tag ${opsgenieTag(s.topic)}. CloudFormation cannot set up Opsgenie, so do it in Opsgenie. Add that integration to your team. Under the team's Policies, add a notification policy for alerts with that tag. Give it the time restriction ${hoursWords(s.hours)} and turn Suppress notifications on. Opsgenie reads the hours in your account's time zone, which must be ${s.hours.timeZone}.`;
}

/** The pager's part of the CloudFormation template: NoEcho parameters and subscriptions. */
export function pagerCloudFormation(plan: PagerPlan): { Parameters: Json; Resources: Json } {
  const Parameters: Json = {};
  const Resources: Json = {};
  if (plan.pageNow) {
    const url = pageUrlWords[plan.alerting.pager];
    Parameters[url.parameter] = { Type: 'String', NoEcho: true, Description: url.words };
    Resources['PageNowSubscription'] = {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: { Ref: cloudFormationTopicName(plan.pageNow) }, Protocol: 'https', Endpoint: { Ref: url.parameter } },
    };
  }
  for (const s of plan.outOfHours) {
    const name = pascal(s.topic);
    Parameters[`${name}Url`] = { Type: 'String', NoEcho: true, Description: byHandWords(plan.alerting.pager, s) };
    Resources[`${name}Subscription`] = {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: { Ref: cloudFormationTopicName(s.topic) }, Protocol: 'https', Endpoint: { Ref: `${name}Url` } },
    };
  }
  return { Parameters, Resources };
}

/** The pager's part of the README: what to fill in, and what CloudFormation leaves to be done by hand. */
export function pagerReadme(plan: PagerPlan): string[] {
  const { pager } = plan.alerting;
  const name = { pagerduty: 'PagerDuty', opsgenie: 'Opsgenie', victorops: 'Splunk On-Call' }[pager];
  const out = [`## Paging through ${name}`, ''];
  if (!plan.pageNow && plan.outOfHours.length === 0) {
    out.push(
      pager === 'victorops' && !plan.pageNow
        ? 'No rule here pages: none is wake-me-up, and Splunk On-Call has no working hours these files can set, so look-today rules do not page outside working hours.'
        : 'No rule here pages, so these files make no subscription for your pager.',
    );
    return out;
  }
  if (plan.pageNow) {
    const url = pageUrlWords[pager];
    out.push(
      `Wake-me-up alerts go to the ${plan.pageNow} SNS topic, which sends them to ${name} over HTTPS.`,
      `Fill in ${url.variable} (Terraform) or ${url.parameter} (CloudFormation). ${url.words}`,
      '',
    );
  }
  for (const s of plan.outOfHours) {
    out.push(`Look-today alerts with the working hours ${hoursWords(s.hours)} also go to the ${s.topic} SNS topic.`);
    if (pager === 'pagerduty')
      out.push(
        'Terraform makes a PagerDuty service with those support hours and subscribes the topic to it. Inside the hours its incidents are low urgency; outside them they are high urgency and page.',
        'Fill in pagerduty_escalation_policy_id and set PAGERDUTY_TOKEN.',
        `CloudFormation cannot make PagerDuty services, so there you do it by hand and fill in ${pascal(s.topic)}Url. ${byHandWords(pager, s)}`,
        '',
      );
    else
      out.push(
        `Terraform makes an Opsgenie notification policy that holds back notifications of alerts tagged ${opsgenieTag(s.topic)} during those hours: fill in opsgenie_${scheduleName(s)}_sns_url and set OPSGENIE_API_KEY.`,
        `CloudFormation cannot make Opsgenie policies, so there you do it by hand and fill in ${pascal(s.topic)}Url. ${byHandWords(pager, s)}`,
        '',
      );
  }
  if (pager === 'victorops' && plan.outOfHours.length === 0)
    out.push('Splunk On-Call has no working hours these files can set, so look-today rules do not page outside working hours; use the Alertmanager file for that.', '');
  return out;
}
