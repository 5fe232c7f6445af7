/** A rule's condition in plain words, for people who do not read detection languages. */
import type { Condition, RuleException, Scalar } from './model.ts';

const quote = (value: Scalar): string => (typeof value === 'string' ? `“${value}”` : String(value));

/** One line per condition, nested lines for groups, as an indented outline. */
export function describeCondition(condition: Condition, depth = 0): string[] {
  const pad = '  '.repeat(depth);
  if ('allOf' in condition) {
    const parts = flatten(condition.allOf, 'allOf');
    if (parts.length === 1) return describeCondition(parts[0]!, depth);
    return [`${pad}all of these:`, ...parts.flatMap((c) => describeCondition(c, depth + 1))];
  }
  if ('anyOf' in condition) {
    const parts = flatten(condition.anyOf, 'anyOf');
    if (parts.length === 1) return describeCondition(parts[0]!, depth);
    return [`${pad}any of these:`, ...parts.flatMap((c) => describeCondition(c, depth + 1))];
  }
  if ('not' in condition) {
    const inner = condition.not;
    if ('field' in inner) return [`${pad}${describeFieldTest(inner, true)}`];
    return [`${pad}none of this holds:`, ...describeCondition(inner, depth + 1)];
  }
  return [`${pad}${describeFieldTest(condition, false)}`];
}

function describeFieldTest(test: Extract<Condition, { field: string }>, negated: boolean): string {
  const words = describeFieldTestExactly(test, negated);
  return 'ignoreCase' in test && test.ignoreCase ? `${words}, in any case` : words;
}

function describeFieldTestExactly(test: Extract<Condition, { field: string }>, negated: boolean): string {
  const field = test.field;
  const is = negated ? 'is not' : 'is';
  if ('equals' in test) return `${field} ${is} ${quote(test.equals)}`;
  if ('oneOf' in test) return `${field} ${is} one of ${test.oneOf.map(quote).join(', ')}`;
  if ('startsWith' in test) return `${field} ${negated ? 'does not start' : 'starts'} with ${quote(test.startsWith)}`;
  if ('endsWith' in test) return `${field} ${negated ? 'does not end' : 'ends'} with ${quote(test.endsWith)}`;
  if ('wildcard' in test) return `${field} ${negated ? 'does not look' : 'looks'} like ${quote(test.wildcard)} (* is anything)`;
  return test.exists !== negated ? `${field} is present` : `${field} is missing`;
}

/** "All of (all of a, b), c" says the same as "all of a, b, c": lift same-kind groups into their parent. */
function flatten(parts: Condition[], kind: 'allOf' | 'anyOf'): Condition[] {
  return parts.flatMap((c) => (kind in c ? flatten((c as Record<typeof kind, Condition[]>)[kind], kind) : [c]));
}

/** An exception as a person would say it. */
export function describeException(exception: RuleException): string {
  if ('unlessDoneByAwsService' in exception) return 'unless AWS did it on your behalf (auto-scaling, EKS node groups)';
  if ('unlessDoneByRoles' in exception) return `unless it was done by the role${exception.unlessDoneByRoles.length > 1 ? 's' : ''} ${exception.unlessDoneByRoles.join(', ')}`;
  if ('unlessDoneByUsers' in exception) return `unless it was done by ${exception.unlessDoneByUsers.join(', ')}`;
  if ('onlyInRegions' in exception) return `only in ${exception.onlyInRegions.join(', ')}`;
  return 'unless the call failed';
}
