/**
 * What a rule's exceptions mean as conditions, and the condition a rule fires on.
 *
 * Kept apart from `model.ts` (which builds the zod schemas) so that the browser code that explains
 * and writes rules can use them without loading zod; `model.ts` re-exports everything here.
 * Its types come from `condition-schema.ts`, not from `model.ts`, so the two do not import each other.
 */
import type { Condition, RuleException } from './condition-schema.ts';
import type { RuleSource } from './sources.ts';

/** The field paths these exceptions read; exported so that the builder can explain them. */
export const exceptionFields = {
  invokedBy: 'userIdentity.invokedBy',
  roleArn: 'userIdentity.sessionContext.sessionIssuer.arn',
  roleName: 'userIdentity.sessionContext.sessionIssuer.userName',
  userName: 'userIdentity.userName',
  region: 'awsRegion',
  errorCode: 'errorCode',
} as const;

/**
 * The AWS services that start servers or run commands for a team on their own (`userIdentity.invokedBy`
 * in the calls they make), which `unlessDoneByAwsService` leaves out. CloudFormation is not one of
 * them: a stack does only what a person wrote into it, so a server a stack starts is a server started
 * by hand. Each name is the one the service's CloudTrail page shows:
 * - autoscaling.amazonaws.com: https://docs.aws.amazon.com/autoscaling/ec2/userguide/logging-using-cloudtrail.html
 * - eks.amazonaws.com, eks-nodegroup.amazonaws.com (managed node groups): https://docs.aws.amazon.com/eks/latest/userguide/logging-using-cloudtrail.html
 * - ec2fleet.amazonaws.com, spotfleet.amazonaws.com (EC2 Fleet and Spot Fleet): https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitor-ec2-fleet-using-eventbridge.html
 * - batch.amazonaws.com (Batch compute environments): https://docs.aws.amazon.com/batch/latest/userguide/using_cloudtrail.html
 * - elasticmapreduce.amazonaws.com (EMR clusters): https://docs.aws.amazon.com/emr/latest/ManagementGuide/logging-using-cloudtrail.html
 * - ecs.amazonaws.com (ECS capacity providers): https://docs.aws.amazon.com/AmazonECS/latest/developerguide/logging-using-cloudtrail.html
 * - ssm.amazonaws.com (Systems Manager State Manager and Automation): https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-cloudtrail-logs.html
 */
export const servicesActingForYou = [
  'autoscaling.amazonaws.com',
  'eks.amazonaws.com',
  'eks-nodegroup.amazonaws.com',
  'ec2fleet.amazonaws.com',
  'spotfleet.amazonaws.com',
  'batch.amazonaws.com',
  'elasticmapreduce.amazonaws.com',
  'ecs.amazonaws.com',
  'ssm.amazonaws.com',
] as const;

/**
 * A service-linked role (`AWSServiceRoleForAutoScaling`, `AWSServiceRoleForSSO`, …): only AWS can
 * assume one, and its path is always /aws-service-role/.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 */
export const serviceLinkedRoleArn = '*:role/aws-service-role/*';

/** The audit-event fields the exceptions of a Kubernetes audit rule read. */
export const clusterExceptionFields = {
  userName: 'user.username',
  responseCode: 'responseStatus.code',
} as const;

/**
 * Who "the cluster" is, for `unlessDoneByCluster`: the users Kubernetes and EKS give their own
 * machinery. Nodes (`system:node:<name>`), the controllers and add-ons that run in kube-system under
 * their service accounts, the control plane's own components, and EKS's own users (`eks:…`).
 * `system:anonymous` and service accounts in a team's own namespaces are not the cluster: they are
 * exactly who a rule wants to hear about.
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/#core-component-roles
 * https://docs.aws.amazon.com/eks/latest/userguide/default-roles-users.html
 */
export const clusterUserPrefixes = ['system:node:', 'system:serviceaccount:kube-system:', 'eks:'] as const;
export const clusterUsers = ['system:apiserver', 'system:kube-controller-manager', 'system:kube-scheduler', 'system:kube-proxy'] as const;

/**
 * The response codes of a request the API server allowed and carried out: 2xx, and 101 when a
 * request to exec, attach or port-forward switches to a stream. "Unless it failed" keeps these.
 */
export const allowedResponseCodes = [100, 101, 200, 201, 202, 204] as const;

/** The exceptions that read CloudTrail fields only, and the one that reads audit events only. */
export const cloudTrailOnlyExceptions = ['unlessDoneByAwsService', 'unlessInvokedByAnyAwsService', 'unlessDoneByRoles', 'onlyInRegions'] as const;
export const clusterOnlyExceptions = ['unlessDoneByCluster'] as const;

/** Why an exception cannot be used on a rule of this source, or undefined when it can. */
export function exceptionMisfit(exception: RuleException, source: RuleSource): string | undefined {
  const key = Object.keys(exception)[0] as string;
  if (source === 'k8s-audit' && (cloudTrailOnlyExceptions as readonly string[]).includes(key))
    return `${key} reads AWS CloudTrail fields, which a cluster's audit log does not have; for a rule with source: k8s-audit write unlessDoneByCluster: true, unlessDoneByUsers: [a user] or unlessItFailed: true`;
  if (source === 'cloudtrail' && (clusterOnlyExceptions as readonly string[]).includes(key))
    return `${key} is for rules on a cluster's audit log; add source: k8s-audit to the rule, or use unlessDoneByAwsService: true for AWS`;
  return undefined;
}

/** One exception as a condition, on the records of the rule's source (CloudTrail unless told). */
export function exceptionCondition(exception: RuleException, source: RuleSource = 'cloudtrail'): Condition {
  if (source === 'k8s-audit') {
    if ('unlessDoneByCluster' in exception)
      return {
        not: {
          anyOf: [
            ...clusterUserPrefixes.map((prefix): Condition => ({ field: clusterExceptionFields.userName, startsWith: prefix })),
            { field: clusterExceptionFields.userName, oneOf: [...clusterUsers] },
          ],
        },
      };
    if ('unlessDoneByUsers' in exception) return { not: { field: clusterExceptionFields.userName, oneOf: exception.unlessDoneByUsers } };
    if ('unlessItFailed' in exception) return { field: clusterExceptionFields.responseCode, oneOf: [...allowedResponseCodes] };
    // Validation refuses the AWS exceptions on a cluster rule; a rule built around it matches nothing.
    return { allOf: [{ field: clusterExceptionFields.userName, exists: true }, { not: { field: clusterExceptionFields.userName, exists: true } }] };
  }
  if ('unlessDoneByAwsService' in exception)
    return {
      allOf: [
        { not: { field: exceptionFields.invokedBy, oneOf: [...servicesActingForYou] } },
        { not: { field: exceptionFields.roleArn, wildcard: serviceLinkedRoleArn } },
      ],
    };
  if ('unlessInvokedByAnyAwsService' in exception) return { field: exceptionFields.invokedBy, exists: false };
  if ('unlessDoneByRoles' in exception)
    return { not: { field: exceptionFields.roleName, oneOf: exception.unlessDoneByRoles } };
  if ('unlessDoneByUsers' in exception)
    return { not: { field: exceptionFields.userName, oneOf: exception.unlessDoneByUsers } };
  if ('onlyInRegions' in exception) return { field: exceptionFields.region, oneOf: exception.onlyInRegions };
  if ('unlessItFailed' in exception) return { field: exceptionFields.errorCode, exists: false };
  // unlessDoneByCluster on a CloudTrail rule: validation refuses it; no CloudTrail record has a
  // user.username, so "not done by the cluster" holds on every one of them.
  return { not: { field: clusterExceptionFields.userName, exists: true } };
}

/** The condition an event must meet for the rule to fire: `when` plus every exception. */
export function effectiveCondition(rule: { when: Condition; exceptions: readonly RuleException[]; source?: RuleSource | undefined }): Condition {
  const extra = rule.exceptions.map((e) => exceptionCondition(e, rule.source ?? 'cloudtrail'));
  return extra.length === 0 ? rule.when : { allOf: [rule.when, ...extra] };
}
