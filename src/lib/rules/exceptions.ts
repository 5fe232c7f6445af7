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
  roleName: 'userIdentity.sessionContext.sessionIssuer.userName',
  userName: 'userIdentity.userName',
  region: 'awsRegion',
  errorCode: 'errorCode',
} as const;

/** One exception as a condition. */
export function exceptionCondition(exception: RuleException): Condition {
  if ('unlessDoneByAwsService' in exception) return { field: exceptionFields.invokedBy, exists: false };
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
