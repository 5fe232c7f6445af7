/** A rule's condition in plain words, for people who do not read detection languages. */
import type { Condition, Scalar } from './model.ts';

const quote = (value: Scalar): string => (typeof value === 'string' ? `“${value}”` : String(value));

/** One line per condition, nested lines for groups, as an indented outline. */
export function describeCondition(condition: Condition, depth = 0): string[] {
  const pad = '  '.repeat(depth);
  if ('allOf' in condition) {
    return [`${pad}all of these:`, ...condition.allOf.flatMap((c) => describeCondition(c, depth + 1))];
  }
  if ('anyOf' in condition) {
    return [`${pad}any of these:`, ...condition.anyOf.flatMap((c) => describeCondition(c, depth + 1))];
  }
  if ('not' in condition) {
    const inner = condition.not;
    if ('field' in inner) return [`${pad}${describeFieldTest(inner, true)}`];
    return [`${pad}none of this holds:`, ...describeCondition(inner, depth + 1)];
  }
  return [`${pad}${describeFieldTest(condition, false)}`];
}

function describeFieldTest(test: Extract<Condition, { field: string }>, negated: boolean): string {
  const field = test.field;
  const is = negated ? 'is not' : 'is';
  if ('equals' in test) return `${field} ${is} ${quote(test.equals)}`;
  if ('oneOf' in test) return `${field} ${is} one of ${test.oneOf.map(quote).join(', ')}`;
  if ('startsWith' in test) return `${field} ${negated ? 'does not start' : 'starts'} with ${quote(test.startsWith)}`;
  if ('endsWith' in test) return `${field} ${negated ? 'does not end' : 'ends'} with ${quote(test.endsWith)}`;
  if ('wildcard' in test) return `${field} ${negated ? 'does not look' : 'looks'} like ${quote(test.wildcard)} (* is anything)`;
  return test.exists !== negated ? `${field} is present` : `${field} is missing`;
}
