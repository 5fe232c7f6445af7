/**
 * EventBridge and CloudWatch deliver the same way: each urgency has an SNS topic (one per channel
 * where channels share an urgency); AWS Chatbot posts a topic's alerts in the one channel that
 * hears it; a topic for wake-me-up pages has an HTTPS subscription to the pager; and a look-today rule with working hours also sends to a topic the pager reads with
 * its own working hours (PagerDuty support hours, an Opsgenie notification policy).
 * PagerDuty support hours are one start and a later end on the same day (the provider's
 * `support_hours` block), so hours past midnight cannot page there; Splunk On-Call's Terraform
 * provider has no working hours at all.
 */
import type { Alerting } from '../vocabulary.ts';
import { toolNames } from '../vocabulary.ts';
import type { Delivery, DeliveredRule, Hours, TargetDelivery } from './matrix.ts';
import { askedFor } from './matrix.ts';

/** Why an SNS topic cannot wait for working hours. */
const cannotHold = 'an SNS topic cannot hold a message until working hours start, so it posts at once';

function awsDeliver(rule: DeliveredRule, alerting: Alerting, hours: Hours): Delivery {
  const asked = askedFor(rule, hours);
  const via: string[] = [];
  const gaps: string[] = [];
  let chat: Delivery['chat'] = 'now';
  if (alerting.chat === 'mattermost') {
    chat = 'no';
    gaps.push(
      'AWS Chatbot does not post to Mattermost, so nothing reaches your channel from these files; use the Alertmanager file, which posts to Mattermost',
    );
  } else {
    via.push(`AWS Chatbot posts the ${rule.urgency} SNS topic of ${rule.notify} in that channel (${toolNames[alerting.chat]})`);
    if (asked.chat === 'held') gaps.push(cannotHold);
  }
  let page = false;
  if (rule.urgency === 'wake-me-up') {
    page = true;
    via.push(`an SNS topic for wake-me-up pages sends to ${toolNames[alerting.pager]} through an HTTPS subscription`);
  } else if (rule.urgency === 'look-today' && rule.workingHours) {
    if (alerting.pager === 'victorops') {
      if (hours === 'out-of-hours')
        gaps.push(
          'Splunk On-Call has no working hours these files can set, so they do not page outside working hours; use the Alertmanager file, or make the rule wake-me-up',
        );
    } else if (alerting.pager === 'pagerduty' && rule.workingHours.start >= rule.workingHours.end) {
      if (hours === 'out-of-hours')
        gaps.push(
          'PagerDuty support hours end on the day they start, so these files cannot page outside hours past midnight; use the Alertmanager file instead',
        );
    } else if (hours === 'out-of-hours') {
      page = true;
      via.push(
        alerting.pager === 'pagerduty'
          ? 'the page-out-of-hours SNS topic sends to a PagerDuty service whose support hours are your working hours; outside them its incidents are high urgency and page'
          : 'the page-out-of-hours SNS topic sends to Opsgenie, where a notification policy holds back notifications during your working hours',
      );
    }
  }
  return { chat, page, via, gaps };
}

export const eventbridgeDelivery: TargetDelivery = { deliver: awsDeliver };
export const cloudwatchDelivery: TargetDelivery = { deliver: awsDeliver };
