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
  // Rules on a cluster's audit log (content/rules/kubernetes.yaml). EventBridge refuses every one
  // of them for the one reason sourceRefusalReason gives (it never sees the audit log), not listed here.
  {
    target: 'sigma',
    ruleId: 'privileged-pod',
    reason:
      "Sigma has no way to name every item of a list in a field, and each backend reads a dotted name through a list its own way, so it cannot test requestObject.spec.containers[].securityContext.privileged, which reads every item of a list; use the Splunk or Elastic export of this rule",
    instead: "Use the Falco or Splunk export of this rule, which read every container of the pod as the rule does.",
  },
  {
    target: 'sigma',
    ruleId: 'node-folder-mounted',
    reason:
      "Sigma has no way to name every item of a list in a field, and each backend reads a dotted name through a list its own way, so it cannot test requestObject.spec.volumes[].hostPath.path, which reads every item of a list; use the Splunk or Elastic export of this rule",
    instead: "Use the Falco or Splunk export of this rule, which read every folder the pod mounts as the rule does.",
  },
  {
    target: 'sigma',
    ruleId: 'dangerous-capability-added',
    reason:
      "Sigma has no way to name every item of a list in a field, and each backend reads a dotted name through a list its own way, so it cannot test requestObject.spec.containers[].securityContext.capabilities.add, which reads every item of a list; use the Splunk or Elastic export of this rule",
    instead: "Use the Splunk export of this rule, which reads each added power of every container as the rule does.",
  },
  {
    target: 'sigma',
    ruleId: 'role-with-wildcard-or-exec',
    reason:
      "Sigma has no way to name every item of a list in a field, and each backend reads a dotted name through a list its own way, so it cannot test requestObject.rules[].verbs, which reads every item of a list; use the Splunk or Elastic export of this rule",
    instead: "Use the Falco or Splunk export of this rule, which read every one of the role's rules as the rule does.",
  },
  {
    target: 'cloudwatch',
    ruleId: 'privileged-pod',
    reason:
      "CloudWatch Logs names one item of a list by its place ($.requestObject.spec.containers[0].securityContext.privileged), never any item. So it cannot test requestObject.spec.containers[].securityContext.privileged, which reads every item of a list. Use the Falco, Sigma, Elastic or Splunk file for this rule: they read every item, as the rule does.",
    instead: "Use the Falco or Splunk export of this rule, which read every container of the pod as the rule does.",
  },
  {
    target: 'cloudwatch',
    ruleId: 'node-folder-mounted',
    reason:
      "CloudWatch Logs names one item of a list by its place ($.requestObject.spec.volumes[0].hostPath.path), never any item. So it cannot test requestObject.spec.volumes[].hostPath.path, which reads every item of a list. Use the Falco, Sigma, Elastic or Splunk file for this rule: they read every item, as the rule does.",
    instead: "Use the Falco or Splunk export of this rule, which read every folder the pod mounts as the rule does.",
  },
  {
    target: 'cloudwatch',
    ruleId: 'dangerous-capability-added',
    reason:
      "CloudWatch Logs names one item of a list by its place ($.requestObject.spec.containers[0].securityContext.capabilities.add), never any item. So it cannot test requestObject.spec.containers[].securityContext.capabilities.add, which reads every item of a list. Use the Falco, Sigma, Elastic or Splunk file for this rule: they read every item, as the rule does.",
    instead: "Use the Splunk export of this rule, which reads each added power of every container as the rule does.",
  },
  {
    target: 'cloudwatch',
    ruleId: 'role-with-wildcard-or-exec',
    reason:
      "CloudWatch Logs names one item of a list by its place ($.requestObject.rules[0].verbs), never any item. So it cannot test requestObject.rules[].verbs, which reads every item of a list. Use the Falco, Sigma, Elastic or Splunk file for this rule: they read every item, as the rule does.",
    instead: "Use the Falco or Splunk export of this rule, which read every one of the role's rules as the rule does.",
  },
  {
    target: 'falco',
    ruleId: 'dangerous-capability-added',
    reason:
      "Falco's Kubernetes plugin reads the powers a container adds as one piece of text, not one by one. So Falco cannot test them. Use Sigma or Elastic for this rule",
    instead: "Use the Splunk export of this rule, which reads each added power of every container as the rule does.",
  },
  {
    target: 'elastic',
    ruleId: 'privileged-pod',
    reason:
      "Elastic's Kubernetes integration does not make requestObject.spec.initContainers.securityContext.privileged searchable: it keeps only the fields it lists. Use the Sigma, Falco or Splunk file for this rule",
    instead: "Use the Falco or Splunk export of this rule, which read every container of the pod as the rule does.",
  },
  {
    target: 'elastic',
    ruleId: 'dangerous-capability-added',
    reason:
      "Elastic's Kubernetes integration does not make requestObject.spec.initContainers.securityContext.capabilities.add searchable: it keeps only the fields it lists. Use the Sigma, Falco or Splunk file for this rule",
    instead: "Use the Splunk export of this rule, which reads each added power of every container as the rule does.",
  },
  {
    target: 'elastic',
    ruleId: 'cluster-admin-granted',
    reason:
      "Elastic's Kubernetes integration does not make requestObject.roleRef.name searchable: it keeps only the fields it lists. Use the Sigma, Falco or Splunk file for this rule",
    instead: "Use the Sigma, Falco, CloudWatch Logs or Splunk export of this rule.",
  },
  {
    target: 'elastic',
    ruleId: 'role-with-wildcard-or-exec',
    reason:
      "Elastic's Kubernetes integration keeps a role's rules as separate records, which a plain Kibana query does not reach. Use the Sigma, Falco or Splunk file for this rule",
    instead: "Use the Falco or Splunk export of this rule, which read every one of the role's rules as the rule does.",
  },
  {
    target: 'elastic',
    ruleId: 'node-folder-mounted',
    reason:
      "Elastic's Kubernetes integration drops empty text, and a request can hold requestObject.spec.volumes[].hostPath.path as \"\", so Elastic cannot tell an empty one from a missing one; use the Sigma, Falco or Splunk file for this rule",
    instead: 'Use the Falco or Splunk export of this rule, which read every folder the pod mounts as the rule does.',
  },
  // Quiet persistence pack (content/rules/quiet-persistence.yaml): a server's start-up script, which the
  // API reference types as a group of fields (BlobAttributeValue) though CloudTrail writes text, and a
  // function's layers, a list of layer addresses.
  {
    target: 'cloudwatch',
    ruleId: 'server-startup-script-changed',
    reason:
      "CloudWatch Logs reads a field that holds a list as no value at all ($.requestParameters.userData = \"x\" is false on [\"x\"]), and AWS does not document that requestParameters.userData holds a single value for the calls this rule looks at; use Sigma or Elastic for this rule, which read a list by its items as the rule does",
    instead: "Use the EventBridge export of this rule, which alerts through the same SNS topics; Sigma and Elastic export it too. AWS documents the start-up script as a group of fields while CloudTrail writes it as text, so these tools cannot be sure which they will meet.",
  },
  {
    target: 'falco',
    ruleId: 'server-startup-script-changed',
    reason:
      "Falco reads a field that holds a list as no value (a ct.* field) or as the list's JSON text (json.value), never by its items, and AWS does not document that requestParameters.userData holds a single value for the calls this rule looks at; use Sigma or Elastic for this rule, which read a list by its items as the rule does",
    instead: "Use the EventBridge export of this rule, which alerts through the same SNS topics; Sigma and Elastic export it too. AWS documents the start-up script as a group of fields while CloudTrail writes it as text, so these tools cannot be sure which they will meet.",
  },
  {
    target: 'splunk',
    ruleId: 'server-startup-script-changed',
    reason:
      "Splunk names the items of a list requestParameters.userData{}, so 'requestParameters.userData' has no value where a list is, and AWS does not document that requestParameters.userData holds a single value for the calls this rule looks at; use Sigma or Elastic for this rule, which read a list by its items as the rule does",
    instead: "Use the EventBridge export of this rule, which alerts through the same SNS topics; Sigma and Elastic export it too. AWS documents the start-up script as a group of fields while CloudTrail writes it as text, so these tools cannot be sure which they will meet.",
  },
  {
    target: 'cloudwatch',
    ruleId: 'function-layer-added',
    reason:
      "CloudWatch Logs reads a field that holds a list as no value at all ($.requestParameters.layers = \"x\" is false on [\"x\"]), and AWS does not document that requestParameters.layers holds a single value for the calls this rule looks at; use Sigma or Elastic for this rule, which read a list by its items as the rule does",
    instead: "Use the EventBridge export of this rule, which alerts through the same SNS topics; Sigma and Elastic export it too. A function's layers are a list, which these tools cannot test item by item.",
  },
  {
    target: 'falco',
    ruleId: 'function-layer-added',
    reason:
      "Falco reads a field that holds a list as no value (a ct.* field) or as the list's JSON text (json.value), never by its items, and AWS does not document that requestParameters.layers holds a single value for the calls this rule looks at; use Sigma or Elastic for this rule, which read a list by its items as the rule does",
    instead: "Use the EventBridge export of this rule, which alerts through the same SNS topics; Sigma and Elastic export it too. A function's layers are a list, which these tools cannot test item by item.",
  },
  {
    target: 'splunk',
    ruleId: 'function-layer-added',
    reason:
      "Splunk names the items of a list requestParameters.layers{}, so 'requestParameters.layers' has no value where a list is, and AWS does not document that requestParameters.layers holds a single value for the calls this rule looks at; use Sigma or Elastic for this rule, which read a list by its items as the rule does",
    instead: "Use the EventBridge export of this rule, which alerts through the same SNS topics; Sigma and Elastic export it too. A function's layers are a list, which these tools cannot test item by item.",
  },
  // Left the door open (left-the-door-open.yaml). A bucket's access list holds a list of grants,
  // which only EventBridge and Elastic read item by item.
  {
    target: 'sigma',
    ruleId: 'bucket-acl-opened-to-everyone',
    reason: listPathReason('Sigma', 'requestParameters.AccessControlPolicy.AccessControlList.Grant[].Grantee.URI', 'has no way to name every item of a list in a field, and each backend reads a dotted name through a list its own way'),
    instead: 'Use the EventBridge or Elastic export of this rule, which read every item of a list as the rule does; EventBridge alerts through the same SNS topics.',
  },
  {
    target: 'cloudwatch',
    ruleId: 'bucket-acl-opened-to-everyone',
    reason: listPathReason('CloudWatch Logs', 'requestParameters.AccessControlPolicy.AccessControlList.Grant[].Grantee.URI', 'names one item of a list by its place ($.a[0].b), never any item'),
    instead: 'Use the EventBridge or Elastic export of this rule, which read every item of a list as the rule does; EventBridge alerts through the same SNS topics.',
  },
  {
    target: 'falco',
    ruleId: 'bucket-acl-opened-to-everyone',
    reason: listPathReason('Falco', 'requestParameters.AccessControlPolicy.AccessControlList.Grant[].Grantee.URI', 'reads a record by a JSON pointer (json.value[/a/0/b]), which names one item of a list by its place, never any item'),
    instead: 'Use the EventBridge or Elastic export of this rule, which read every item of a list as the rule does; EventBridge alerts through the same SNS topics.',
  },
  {
    target: 'splunk',
    ruleId: 'bucket-acl-opened-to-everyone',
    reason: listPathReason('Splunk', 'requestParameters.AccessControlPolicy.AccessControlList.Grant[].Grantee.URI', 'names the values read through a list requestParameters.AccessControlPolicy.AccessControlList.Grant{}.Grantee.URI, a field this export does not write yet'),
    instead: 'Use the EventBridge or Elastic export of this rule, which read every item of a list as the rule does; EventBridge alerts through the same SNS topics.',
  },
  {
    target: 'cloudwatch',
    ruleId: 'function-layer-shared-with-everyone',
    reason: 'CloudWatch Logs has no way to write a literal * (in "*" for requestParameters.principal); it always means "anything"',
    instead: 'Use the EventBridge export of this rule, which can say a literal * and alerts through the same SNS topics; Sigma, Falco, Elastic and Splunk export it too.',
  },
  // The console lays a policy out with a space after each colon, and KQL cannot say a pattern with spaces.
  {
    target: 'elastic',
    ruleId: 'container-repository-opened-to-everyone',
    reason:
      'KQL cannot say all of this rule, and EQL, which could, cannot read requestParameters.policyText: the AWS integration keeps it in a flattened field, a type EQL does not support (elastic/elasticsearch#101985); remove "ignore case" (or the pattern with spaces) that KQL cannot say',
    instead: 'Use the Sigma, Falco or Splunk export of this rule, or the EventBridge one, which alerts through the same SNS topics.',
  },
];
