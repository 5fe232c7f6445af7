/**
 * What a rule's exceptions mean as conditions, and the condition a rule fires on.
 *
 * Kept apart from `model.ts` (which builds the zod schemas) so that the browser code that explains
 * and writes rules can use them without loading zod; `model.ts` re-exports everything here.
 * Its types come from `condition-schema.ts`, not from `model.ts`, so the two do not import each other.
 */
import type { Condition, RuleException } from './condition-schema.ts';

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

/** One exception as a condition. */
export function exceptionCondition(exception: RuleException): Condition {
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
  return { field: exceptionFields.errorCode, exists: false };
}

/** The condition an event must meet for the rule to fire: `when` plus every exception. */
export function effectiveCondition(rule: { when: Condition; exceptions: readonly RuleException[] }): Condition {
  const extra = rule.exceptions.map(exceptionCondition);
  return extra.length === 0 ? rule.when : { allOf: [rule.when, ...extra] };
}
