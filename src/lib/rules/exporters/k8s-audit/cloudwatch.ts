/**
 * What the CloudWatch Logs export does differently for a rule on a cluster's audit log
 * (`source: k8s-audit`).
 *
 * EKS writes the audit log to the log group `/aws/eks/<cluster>/cluster`, in streams named
 * `kube-apiserver-audit-*`, and each log event's message is one audit event as JSON
 * (https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html). A JSON metric filter
 * reads that message, so it names the audit event's own fields by their own paths
 * (`$.objectRef.resource`), exactly as it names a CloudTrail record's: the filter is written and
 * read by the same code as for CloudTrail (`../cloudwatch.ts`, `../../matchers/cloudwatch.ts`).
 * The other streams of the group (the API server's own log, the authenticator, the scheduler, the
 * controller manager) are plain text lines, on which a JSON filter never matches.
 *
 * What differs is said here: which log group the filter is on, and the words of a refusal.
 * - A list: a filter's selector names one item by its place (`$.user.groups[0]`); the syntax has
 *   no "any item" (no `[*]`), and a selector that reaches a list matches neither `=` nor `!=`
 *   (CloudWatch Logs, "Filter and pattern syntax", JSON special considerations). A pod may have
 *   any number of containers and a user any number of groups, so "any container is privileged"
 *   or "one of the groups is system:masters" cannot be said exactly, and is refused.
 * - A request body's field (`requestObject.spec.hostNetwork`) holds one value of a known kind only
 *   on requests about the resource whose body has it; elsewhere it is refused until the rule names
 *   that resource (as a CloudTrail rule names the call whose parameter it reads).
 */
import { auditField, auditFields } from '../../sources/k8s-audit-fields.ts';

/** The log group EKS writes a cluster's audit log to, in Terraform JSON (the cluster's name is a variable). */
export const eksLogGroupTerraform = '/aws/eks/${var.eks_cluster_name}/cluster';
/** The same in CloudFormation (the cluster's name is a parameter). */
export const eksLogGroupCloudFormation = { 'Fn::Sub': '/aws/eks/${EksClusterName}/cluster' } as const;

/** The Terraform variable and the CloudFormation parameter that ask for the cluster's name. */
export const eksClusterVariable = 'eks_cluster_name';
export const eksClusterParameter = 'EksClusterName';

// A metric filter reads one log group in one region: the cluster's, where EKS writes its audit log.
export const eksClusterDescription =
  'The name of your EKS cluster. Its audit log is in the log group /aws/eks/<name>/cluster. Apply these files in the cluster’s region, and turn on the audit log in the cluster’s control plane logging first.';

/** The tools that read every item of a list, as a cluster rule does. */
const otherTools = 'the Falco, Sigma, Elastic or Splunk file for this rule';

/** Why a test on a field read through a list, or holding a list of values, cannot be written. */
export function k8sListReason(field: string): string {
  const throughList = field.includes('[]');
  const example = throughList ? `$.${field.replace('[]', '[0]').replace(/\[\]/g, '[0]')}` : `$.${field}[0]`;
  const what = throughList ? 'reads every item of a list' : 'holds a list of values';
  return `CloudWatch Logs names one item of a list by its place (${example}), never any item. So it cannot test ${field}, which ${what}. Use ${otherTools}: they read every item, as the rule does.`;
}

/** Why a test on a field with no single documented kind for this rule cannot be written. */
export function k8sUndocumentedReason(field: string): string {
  const entry = auditField(field);
  if (entry?.list === 'values') return k8sListReason(field);
  const resources = [...new Set(auditFields.filter((f) => f.path === field).flatMap((f) => f.resources ?? []))];
  if (resources.length > 0)
    return `Kubernetes says what ${field} holds only in requests about ${resources.join(' or ')}. Elsewhere it may hold a list, which CloudWatch Logs reads as no value at all. Add a test that objectRef.resource is ${resources.length === 1 ? resources[0] : `one of ${resources.join(', ')}`}, or use ${otherTools}.`;
  return `Kubernetes does not say that ${field} holds a single value, and CloudWatch Logs reads a list as no value at all. Use ${otherTools}.`;
}

/** Where to turn for a test that ignores case. */
export const k8sIgnoreCaseTools = 'use Sigma or Elastic for this rule';
