/**
 * The reviewed list of templates a detection target refuses: every one that remains after each
 * export relies on what AWS documents, with the reason a user reads and what they could do instead.
 * The differential test holds the exports to it both ways: a template not named here must export,
 * and one named here must still be refused (so the list never goes stale).
 */
import { undocumentedShapeReason } from './undocumented-shape.ts';
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
    target: 'cloudwatch',
    ruleId: 'security-group-open-to-internet',
    reason: undocumentedShapeReason('CloudWatch Logs', 'requestParameters.cidrIpv6', 'reads a field that holds a list as no value at all ($.requestParameters.cidrIpv6 = "x" is false on ["x"])'),
    instead: 'Use the Sigma, EventBridge or Elastic export of this rule, which read a list by its items as the rule does; EventBridge alerts through the same SNS topics.',
  },
  {
    target: 'cloudwatch',
    ruleId: 'lambda-opened-to-anyone',
    reason: undocumentedShapeReason('CloudWatch Logs', 'requestParameters.principal', 'reads a field that holds a list as no value at all ($.requestParameters.principal = "x" is false on ["x"])'),
    instead: 'Use the EventBridge export of this rule, which reads a list by its items as the rule does and alerts through the same SNS topics; Sigma and Elastic export it too.',
  },
  {
    target: 'falco',
    ruleId: 'security-group-open-to-internet',
    reason: undocumentedShapeReason('Falco', 'requestParameters.cidrIpv6', 'reads a field that holds a list as no value (a ct.* field) or as the list\'s JSON text (json.value), never by its items'),
    instead: 'Use the Sigma, EventBridge or Elastic export of this rule, which read a list by its items as the rule does; EventBridge alerts through the same SNS topics.',
  },
  {
    target: 'falco',
    ruleId: 'lambda-opened-to-anyone',
    reason: undocumentedShapeReason('Falco', 'requestParameters.principal', 'reads a field that holds a list as no value (a ct.* field) or as the list\'s JSON text (json.value), never by its items'),
    instead: 'Use the EventBridge export of this rule, which reads a list by its items as the rule does and alerts through the same SNS topics; Sigma and Elastic export it too.',
  },
  {
    target: 'splunk',
    ruleId: 'security-group-open-to-internet',
    reason: undocumentedShapeReason('Splunk', 'requestParameters.cidrIpv6', 'names the items of a list requestParameters.cidrIpv6{}, so \'requestParameters.cidrIpv6\' has no value where a list is'),
    instead: 'Use the Sigma, EventBridge or Elastic export of this rule, which read a list by its items as the rule does; EventBridge alerts through the same SNS topics.',
  },
  {
    target: 'splunk',
    ruleId: 'lambda-opened-to-anyone',
    reason: undocumentedShapeReason('Splunk', 'requestParameters.principal', 'names the items of a list requestParameters.principal{}, so \'requestParameters.principal\' has no value where a list is'),
    instead: 'Use the EventBridge export of this rule, which reads a list by its items as the rule does and alerts through the same SNS topics; Sigma and Elastic export it too.',
  },
  // Counting rules (count.ts): EventBridge and Falco see one event at a time.
  {
    target: 'eventbridge',
    ruleId: 'cis-cloudwatch-2',
    reason: "EventBridge cannot count events; use the CloudWatch file, or the per-event rule (remove the count)",
    instead: "Use the Sigma, Elastic or Splunk export of this counting rule, or the CloudWatch one.",
  },
  {
    target: 'falco',
    ruleId: 'cis-cloudwatch-2',
    reason: "Falco cannot count events; use the Sigma, Elastic or Splunk file, or the per-event rule (remove the count)",
    instead: "Use the Sigma, Elastic or Splunk export of this counting rule.",
  },
  {
    target: 'eventbridge',
    ruleId: 'console-sign-in-failed',
    reason: "EventBridge cannot count events; use the Sigma, Elastic or Splunk file, or the per-event rule (remove the count)",
    instead: "Use the Sigma, Elastic or Splunk export of this counting rule.",
  },
  {
    target: 'falco',
    ruleId: 'console-sign-in-failed',
    reason: "Falco cannot count events; use the Sigma, Elastic or Splunk file, or the per-event rule (remove the count)",
    instead: "Use the Sigma, Elastic or Splunk export of this counting rule.",
  },
  {
    target: 'eventbridge',
    ruleId: 'root-sign-in-failed-repeatedly',
    reason: "EventBridge cannot count events; use the CloudWatch file, or the per-event rule (remove the count)",
    instead: "Use the Sigma, Elastic or Splunk export of this counting rule, or the CloudWatch one.",
  },
  {
    target: 'falco',
    ruleId: 'root-sign-in-failed-repeatedly',
    reason: "Falco cannot count events; use the Sigma, Elastic or Splunk file, or the per-event rule (remove the count)",
    instead: "Use the Sigma, Elastic or Splunk export of this counting rule.",
  },
  {
    target: 'eventbridge',
    ruleId: 'secrets-read-in-bulk',
    reason: "EventBridge cannot count events; use the Sigma, Elastic or Splunk file, or the per-event rule (remove the count)",
    instead: "Use the Sigma, Elastic or Splunk export of this counting rule.",
  },
  {
    target: 'falco',
    ruleId: 'secrets-read-in-bulk',
    reason: "Falco cannot count events; use the Sigma, Elastic or Splunk file, or the per-event rule (remove the count)",
    instead: "Use the Sigma, Elastic or Splunk export of this counting rule.",
  },
];
