/**
 * Says in plain words what a condition asks for, and why it did not hold on one event.
 * Works from the canonical meaning (`matchesCondition`), so the explanation is the rule's own.
 */
import { matchesCondition, type CloudTrailEvent, type JsonValue } from '../lib/rules/canonical.ts';
import type { Condition, FieldTest, Scalar } from '../lib/rules/model.ts';

const show = (v: Scalar): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** The value at a path as a person would describe it: missing, null, a list, an object, or the value. */
function describeValue(event: CloudTrailEvent, path: string): string {
  let here: JsonValue | undefined = event;
  for (const step of path.split('.')) {
    if (here === null || typeof here !== 'object' || Array.isArray(here) || !Object.hasOwn(here, step)) return 'missing';
    here = here[step];
  }
  if (here === null) return 'null';
  if (Array.isArray(here)) return 'a list';
  if (typeof here === 'object') return 'an object';
  return show(here as Scalar);
}

/** One field test in words: `eventName is "RunInstances"`. */
export function describeFieldTest(test: FieldTest): string {
  const words = describeExactly(test);
  return 'ignoreCase' in test && test.ignoreCase ? `${words}, ignoring case` : words;
}

function describeExactly(test: FieldTest): string {
  const f = test.field;
  if ('exists' in test) return test.exists ? `${f} is present` : `${f} is missing`;
  if ('equals' in test) return `${f} is ${show(test.equals)}`;
  if ('oneOf' in test) return `${f} is one of ${test.oneOf.map(show).join(', ')}`;
  if ('startsWith' in test) return `${f} starts with ${show(test.startsWith)}`;
  if ('endsWith' in test) return `${f} ends with ${show(test.endsWith)}`;
  return `${f} looks like ${show(test.wildcard)} (* is any text)`;
}

/** A condition in words, on one line. */
export function describeCondition(condition: Condition): string {
  if ('not' in condition) return `not (${describeCondition(condition.not)})`;
  if ('allOf' in condition) return condition.allOf.map(describeCondition).join(' and ');
  if ('anyOf' in condition) return `(${condition.anyOf.map(describeCondition).join(' or ')})`;
  return describeFieldTest(condition);
}

/**
 * Why the condition does not hold on the event: the parts that failed, each in words.
 * Returns an empty list when it does hold.
 */
export function whyNot(condition: Condition, event: CloudTrailEvent): string[] {
  if (matchesCondition(condition, event)) return [];
  if ('allOf' in condition) return condition.allOf.flatMap((c) => whyNot(c, event));
  if ('anyOf' in condition)
    return [`none of these held: ${condition.anyOf.map(describeCondition).join('; ')}`];
  if ('not' in condition) return [`the rule wants this not to hold, but it does: ${describeCondition(condition.not)}`];
  return [`the rule wants ${describeFieldTest(condition)}, but it is ${describeValue(event, condition.field)}`];
}
