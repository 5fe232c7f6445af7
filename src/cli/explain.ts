/**
 * Says in plain words what a condition asks for, and why it did not hold on one event, for the
 * CLI's `rules test`. The words come from the rule builder's own module, so the site and the CLI
 * explain a rule the same way; both follow the canonical meaning (`matchesCondition`).
 */
import type { CloudTrailEvent } from '../lib/rules/canonical.ts';
import type { Condition, FieldTest } from '../lib/rules/model.ts';
import { conditionReasons, describeConditionPlain, describeFieldTestPlain } from '../lib/rules/why-not.ts';

/** One field test in words: `the action is RunInstances`. */
export function describeFieldTest(test: FieldTest): string {
  return describeFieldTestPlain(test);
}

/** A condition in words, on one line. */
export function describeCondition(condition: Condition): string {
  return describeConditionPlain(condition);
}

/**
 * Why the condition does not hold on the event: the parts that failed, each in words.
 * Returns an empty list when it does hold.
 */
export function whyNot(condition: Condition, event: CloudTrailEvent): string[] {
  return conditionReasons(condition, event);
}
