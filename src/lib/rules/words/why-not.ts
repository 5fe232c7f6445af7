/**
 * Why a rule does not fire on one CloudTrail record, in the same words as the rule's sentence.
 *
 * It follows the canonical meaning (`matchesCondition`): a reason is given exactly where a part of
 * the rule does not hold. Exceptions are explained as the exceptions the person chose ("the rule
 * ignores calls that failed"), not as the field tests they become.
 */
import { matchesCondition, scalarAt, valuesAt, type CloudTrailEvent, type JsonValue } from '../canonical.ts';
import { clusterExceptionFields, exceptionCondition, exceptionFields } from '../exceptions.ts';
import type { Condition, FieldTest, Rule, RuleException } from '../model.ts';
import { actionsOfNames, conditionWords, fieldTestWords } from './condition.ts';
import { actingServiceWords, either, fieldSubject, serviceWords, show, valueWords, yesNoWords } from './fields.ts';
import { pastTense } from './verbs.ts';

/** What the rule looks for in one field, after "the rule looks for": "DeleteTrail or UpdateTrail". */
function sought(test: Exclude<FieldTest, { exists: boolean }>): string {
  const yesNo = 'equals' in test ? yesNoWords(test.field, test.equals, false) : undefined;
  if (yesNo) return `events where ${yesNo}`;
  const words =
    'equals' in test ? valueWords(test.field, test.equals)
    : 'oneOf' in test ? either(test.oneOf.map((v) => valueWords(test.field, v)))
    : 'startsWith' in test ? `one starting with ${show(test.startsWith)}`
    : 'endsWith' in test ? `one ending with ${show(test.endsWith)}`
    : `one like ${show(test.wildcard)} (where * stands for any text)`;
  return test.ignoreCase ? `${words}, upper or lower case alike` : words;
}

/** The call a record holds, said as what happened: "someone turned off CloudTrail logging (StopLogging)". */
function callHappened(name: string): string {
  const action = actionsOfNames([name])?.[0];
  return action && action.eventNames.length === 1 ? `someone ${pastTense(action.label)} (${name})` : `someone made another call (${name})`;
}

/** What is at a path when it is not a plain value: missing, empty (null), a list or a group of fields. */
function shapeAt(event: CloudTrailEvent, path: string): 'missing' | 'null' | 'list' | 'object' | 'value' {
  let here: JsonValue | undefined = event;
  for (const step of path.split('.')) {
    if (here === null || typeof here !== 'object' || Array.isArray(here) || !Object.hasOwn(here, step)) return 'missing';
    here = here[step];
  }
  if (here === null) return 'null';
  if (Array.isArray(here)) return 'list';
  return typeof here === 'object' ? 'object' : 'value';
}

/** Why a field test that must hold does not, naming the value the record really has. */
function fieldReason(test: FieldTest, event: CloudTrailEvent): string {
  const s = fieldSubject(test.field);
  const shape = shapeAt(event, test.field);
  const value = scalarAt(event, test.field);
  const values = valuesAt(event, test.field);
  const had =
    shape === 'missing' ? 'is missing from the event'
    : shape === 'null' ? 'is empty (null)'
    : shape === 'list' ? (values.length === 0 ? 'is a list with no value in it' : `holds a list of ${either(values.map((v) => valueWords(test.field, v)), 'and')}`)
    : shape === 'object' ? 'is a group of fields'
    : `was ${valueWords(test.field, value!)}`;
  if ('exists' in test) {
    return test.exists ? `${s} ${had}, but the rule needs it` : `${s} is there (${values.map(show).join(', ')}), but the rule looks for events without it`;
  }
  if (test.field === 'eventSource' && ('equals' in test || 'oneOf' in test) && value !== undefined) {
    return `the call was to ${serviceWords(value)}, not to ${either(('equals' in test ? [test.equals] : test.oneOf).map(serviceWords))}`;
  }
  if (test.field === 'eventName' && typeof value === 'string') return `${callHappened(value)}, but the rule looks for this: ${fieldTestWords(test)}`;
  if ('equals' in test && value !== undefined) {
    const happened = yesNoWords(test.field, value, false);
    if (happened) return `${happened}, but the rule looks for events where ${fieldTestWords(test)}`;
  }
  return `${s} ${had}, but the rule looks for ${sought(test)}`;
}

/** Why a field test that must not hold does: the value the rule leaves out. */
function negatedFieldReason(test: FieldTest, event: CloudTrailEvent): string {
  if ('exists' in test) return fieldReason({ field: test.field, exists: !test.exists }, event);
  // In a list, the item that the rule leaves out.
  const value = valuesAt(event, test.field).find((v) => matchesCondition({ ...test, field: 'value' }, { value: v }))!;
  const s = fieldSubject(test.field);
  if ('equals' in test || 'oneOf' in test) return `${s} was ${valueWords(test.field, value)}, which the rule leaves out`;
  return `${s} was ${show(value)}, and the rule leaves out ${sought(test)}`;
}

/** Why the condition does not hold: one sentence per failing part; [] when it holds. */
export function conditionReasons(condition: Condition, event: CloudTrailEvent): string[] {
  if (matchesCondition(condition, event)) return [];
  if ('field' in condition) return [fieldReason(condition, event)];
  if ('allOf' in condition) return condition.allOf.flatMap((c) => conditionReasons(c, event));
  if ('anyOf' in condition) {
    if (condition.anyOf.length === 1) return conditionReasons(condition.anyOf[0]!, event);
    return [`none of the choices held: ${condition.anyOf.map((c) => conditionReasons(c, event).join(' and ')).join('; ')}`];
  }
  const inner = condition.not;
  if ('field' in inner) return [negatedFieldReason(inner, event)];
  if ('not' in inner) return conditionReasons(inner.not, event);
  return [`the rule leaves out events where ${conditionWords(inner)}, and this is one`];
}

/** Why an exception stops the rule on this event. */
function exceptionReason(exception: RuleException, event: CloudTrailEvent): string {
  if ('unlessDoneByAwsService' in exception || 'unlessInvokedByAnyAwsService' in exception) {
    const by = scalarAt(event, exceptionFields.invokedBy);
    // A service-linked role acts without invokedBy; name the role then.
    const who = by === undefined && scalarAt(event, exceptionFields.roleName) !== undefined ? `the service-linked role ${show(scalarAt(event, exceptionFields.roleName)!)}` : actingServiceWords(by);
    return `the call was made by ${who}, and the rule ignores what AWS does on your behalf`;
  }
  if ('unlessItFailed' in exception) {
    const code = scalarAt(event, exceptionFields.errorCode) ?? scalarAt(event, clusterExceptionFields.responseCode);
    return code === undefined ? 'the request did not say it was carried out, and the rule ignores requests that failed' : `the call failed (${show(code)}), and the rule ignores calls that failed`;
  }
  if ('onlyInRegions' in exception) {
    const region = scalarAt(event, exceptionFields.region);
    const where = region === undefined ? 'the event does not say which region the call was made in' : `the call was made in ${show(region)}`;
    return `${where}, and the rule only looks at ${either(exception.onlyInRegions)}`;
  }
  if ('unlessDoneByRoles' in exception) return `the role ${show(scalarAt(event, exceptionFields.roleName)!)} did it, and the rule ignores that role`;
  if ('unlessDoneByCluster' in exception)
    return `the cluster did it itself (${show(scalarAt(event, clusterExceptionFields.userName)!)}), and the rule ignores what the cluster does`;
  const user = scalarAt(event, exceptionFields.userName) ?? scalarAt(event, clusterExceptionFields.userName);
  return `the user ${show(user!)} did it, and the rule ignores that user`;
}

/**
 * Why the rule does not fire on this event, in plain words: first what it looks for and did not
 * find, then each exception that applies. An empty list means the rule fires.
 */
export function whyNot(rule: Pick<Rule, 'when' | 'exceptions' | 'source'>, event: CloudTrailEvent): string[] {
  return [
    ...conditionReasons(rule.when, event),
    ...rule.exceptions.filter((e) => !matchesCondition(exceptionCondition(e, rule.source), event)).map((e) => exceptionReason(e, event)),
  ];
}
