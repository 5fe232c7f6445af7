/**
 * The reviewed list of templates a detection target refuses: every one that remains after each
 * export relies on what AWS documents, with the reason a user reads and what they could do instead.
 * The differential test holds the exports to it both ways: a template not named here must export,
 * and one named here must still be refused (so the list never goes stale).
 */
import { listPathReason } from './list-paths.ts';
import { cloudwatchCountByReason, eventbridgeCountByReason, eventbridgeCountReason, falcoCountReason } from './count-refusals.ts';
import type { TargetId } from './target.ts';

export interface ReviewedRefusal {
  target: TargetId;
  ruleId: string;
  /** Why the tool cannot say the rule exactly, in plain words. */
  reason: string;
  /** What the user can do instead. */
  instead: string;
}

export const reviewedRefusals: readonly ReviewedRefusal[] = [
  {
    target: 'sigma',
    ruleId: 'security-group-open-to-internet',
    reason: listPathReason('Sigma', 'requestParameters.ipPermissions.items[].ipRanges.items[].cidrIp', 'has no way to name every item of a list in a field, and each backend reads a dotted name through a list its own way'),
    instead: 'Use the EventBridge or Elastic export of this rule, which read every item of a list as the rule does; EventBridge alerts through the same SNS topics.',
  },
  {
    target: 'sigma',
    ruleId: 'disk-or-image-shared',
    reason: listPathReason('Sigma', 'requestParameters.launchPermission.add.items[].userId', 'has no way to name every item of a list in a field, and each backend reads a dotted name through a list its own way'),
    instead: 'Use the EventBridge or Elastic export of this rule, which read every item of a list as the rule does; EventBridge alerts through the same SNS topics.',
  },
  {
    target: 'cloudwatch',
    ruleId: 'console-sign-in-failed',
    reason: cloudwatchCountByReason,
    instead: 'Use the Sigma, Elastic or Splunk export of this counting rule, which count per address.',
  },
  {
    target: 'cloudwatch',
    ruleId: 'secrets-read-in-bulk',
    reason: cloudwatchCountByReason,
    instead: 'Use the Sigma, Elastic or Splunk export of this counting rule, which count per person.',
  },
  {
    target: 'cloudwatch',
    ruleId: 'admin-policy-attached',
    reason: 'CloudWatch Logs has no way to write a literal * (in ""Action":"*","Resource":"*"}]}" for requestParameters.policyDocument); it always means "anything"',
    instead: 'Use the EventBridge export of this rule, which can say a literal * and alerts through the same SNS topics; Sigma and Elastic export it too.',
  },
  {
    target: 'cloudwatch',
    ruleId: 'security-group-open-to-internet',
    reason: listPathReason('CloudWatch Logs', 'requestParameters.ipPermissions.items[].ipRanges.items[].cidrIp', 'names one item of a list by its place ($.a[0].b), never any item'),
    instead: 'Use the EventBridge or Elastic export of this rule, which read every item of a list as the rule does; EventBridge alerts through the same SNS topics.',
  },
  {
    target: 'cloudwatch',
    ruleId: 'disk-or-image-shared',
    reason: listPathReason('CloudWatch Logs', 'requestParameters.launchPermission.add.items[].userId', 'names one item of a list by its place ($.a[0].b), never any item'),
    instead: 'Use the EventBridge or Elastic export of this rule, which read every item of a list as the rule does; EventBridge alerts through the same SNS topics.',
  },
  {
    target: 'cloudwatch',
    ruleId: 'lambda-opened-to-anyone',
    reason: 'CloudWatch Logs has no way to write a literal * (in "*" for requestParameters.principal); it always means "anything"',
    instead: 'Use the EventBridge export of this rule, which can say a literal * and alerts through the same SNS topics; Sigma, Falco, Elastic and Splunk export it too.',
  },
  {
    target: 'falco',
    ruleId: 'security-group-open-to-internet',
    reason: listPathReason('Falco', 'requestParameters.ipPermissions.items[].ipRanges.items[].cidrIp', 'reads a record by a JSON pointer (json.value[/a/0/b]), which names one item of a list by its place, never any item'),
    instead: 'Use the EventBridge or Elastic export of this rule, which read every item of a list as the rule does; EventBridge alerts through the same SNS topics.',
  },
  {
    target: 'falco',
    ruleId: 'disk-or-image-shared',
    reason: listPathReason('Falco', 'requestParameters.launchPermission.add.items[].userId', 'reads a record by a JSON pointer (json.value[/a/0/b]), which names one item of a list by its place, never any item'),
    instead: 'Use the EventBridge or Elastic export of this rule, which read every item of a list as the rule does; EventBridge alerts through the same SNS topics.',
  },
  {
    target: 'splunk',
    ruleId: 'security-group-open-to-internet',
    reason: listPathReason('Splunk', 'requestParameters.ipPermissions.items[].ipRanges.items[].cidrIp', 'names the values read through a list requestParameters.ipPermissions.items{}.ipRanges.items{}.cidrIp, a field this export does not write yet'),
    instead: 'Use the EventBridge or Elastic export of this rule, which read every item of a list as the rule does; EventBridge alerts through the same SNS topics.',
  },
  {
    target: 'splunk',
    ruleId: 'disk-or-image-shared',
    reason: listPathReason('Splunk', 'requestParameters.launchPermission.add.items[].userId', 'names the values read through a list requestParameters.launchPermission.add.items{}.userId, a field this export does not write yet'),
    instead: 'Use the EventBridge or Elastic export of this rule, which read every item of a list as the rule does; EventBridge alerts through the same SNS topics.',
  },
  // Counting rules (count.ts): EventBridge and Falco see one event at a time.
  {
    target: 'eventbridge',
    ruleId: 'cis-cloudwatch-2',
    reason: eventbridgeCountReason,
    instead: "Use the Sigma, Elastic or Splunk export of this counting rule, or the CloudWatch one.",
  },
  {
    target: 'falco',
    ruleId: 'cis-cloudwatch-2',
    reason: falcoCountReason,
    instead: "Use the Sigma, Elastic or Splunk export of this counting rule.",
  },
  {
    target: 'eventbridge',
    ruleId: 'console-sign-in-failed',
    reason: eventbridgeCountByReason,
    instead: "Use the Sigma, Elastic or Splunk export of this counting rule.",
  },
  {
    target: 'falco',
    ruleId: 'console-sign-in-failed',
    reason: falcoCountReason,
    instead: "Use the Sigma, Elastic or Splunk export of this counting rule.",
  },
  {
    target: 'eventbridge',
    ruleId: 'root-sign-in-failed-repeatedly',
    reason: eventbridgeCountReason,
    instead: "Use the Sigma, Elastic or Splunk export of this counting rule, or the CloudWatch one.",
  },
  {
    target: 'falco',
    ruleId: 'root-sign-in-failed-repeatedly',
    reason: falcoCountReason,
    instead: "Use the Sigma, Elastic or Splunk export of this counting rule.",
  },
  {
    target: 'eventbridge',
    ruleId: 'secrets-read-in-bulk',
    reason: eventbridgeCountByReason,
    instead: "Use the Sigma, Elastic or Splunk export of this counting rule.",
  },
  {
    target: 'falco',
    ruleId: 'secrets-read-in-bulk',
    reason: falcoCountReason,
    instead: "Use the Sigma, Elastic or Splunk export of this counting rule.",
  },
];
