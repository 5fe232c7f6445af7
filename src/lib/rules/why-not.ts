/**
 * Why a rule does not fire on one CloudTrail record, in words a newcomer understands, and what a
 * condition asks for, said the same way.
 *
 * It follows the canonical meaning (`matchesCondition`): a reason is given exactly where a part of
 * the rule does not hold. Exceptions are explained as the exceptions the person chose ("the rule
 * ignores calls that failed"), not as the field tests they become.
 */
import { matchesCondition, scalarAt, type CloudTrailEvent, type JsonValue } from './canonical.ts';
import { plainNameOf } from './fields.ts';
import { exceptionCondition, exceptionFields } from './exceptions.ts';
import type { Condition, FieldTest, Rule, RuleException, Scalar } from './model.ts';

/** What a field is called in a sentence; fields.ts names the rest. */
const subjects: Record<string, string> = {
  eventSource: 'the service called',
  eventName: 'the action',
  eventType: 'the kind of event',
  awsRegion: 'the region',
  errorCode: 'the error code',
  errorMessage: 'the failure message',
  readOnly: 'the answer to “did the call only read?”',
  sourceIPAddress: 'the address the call came from',
  userAgent: 'the tool that made the call',
  'userIdentity.type': 'the kind of identity that acted',
  'userIdentity.userName': 'the user name',
  'userIdentity.invokedBy': 'the AWS service that acted on someone’s behalf',
  'userIdentity.sessionContext.sessionIssuer.userName': 'the role',
  'additionalEventData.MFAUsed': 'the answer to “was MFA used?”',
  'responseElements.ConsoleLogin': 'the sign-in result',
  'requestParameters.cidrIp': 'the address range a firewall rule lets in',
  'requestParameters.cidrIpv6': 'the IPv6 address range a firewall rule lets in',
};

/** The field as a person would name it: "the action", "the region", or its path when nothing better is known. */
export function fieldSubject(path: string): string {
  const known = subjects[path];
  if (known) return known;
  const plain = plainNameOf(path);
  if (plain && !plain.includes('(')) return /^(whether|the) /i.test(plain) ? plain[0]!.toLowerCase() + plain.slice(1) : `the ${plain[0]!.toLowerCase()}${plain.slice(1)}`;
  return `the field ${path}`;
}

/** AWS services that act on someone's behalf, as people know them. */
const serviceWords: Record<string, string> = {
  'autoscaling.amazonaws.com': 'auto-scaling',
  'eks-nodegroup.amazonaws.com': 'an EKS node group',
  'eks.amazonaws.com': 'EKS',
  'cloudformation.amazonaws.com': 'CloudFormation',
  'elasticloadbalancing.amazonaws.com': 'a load balancer',
  'ecs.amazonaws.com': 'ECS',
  'lambda.amazonaws.com': 'Lambda',
  'ssm.amazonaws.com': 'Systems Manager',
  'backup.amazonaws.com': 'AWS Backup',
  'config.amazonaws.com': 'Config',
  'AWS Internal': 'AWS itself',
};

/** The services called, by the names people know them by (the eventSource with the domain taken off). */
const serviceNames: Record<string, string> = {
  ec2: 'EC2', iam: 'IAM', s3: 'S3', sts: 'STS', kms: 'KMS', rds: 'RDS', ssm: 'Systems Manager',
  signin: 'console sign-in', cloudtrail: 'CloudTrail', guardduty: 'GuardDuty', config: 'Config',
  secretsmanager: 'Secrets Manager', lambda: 'Lambda', organizations: 'Organizations',
};

/** An eventSource said plainly: "EC2" for ec2.amazonaws.com; anything else as written. */
export function serviceName(source: Scalar): string {
  const m = /^([a-z0-9-]+)\.amazonaws\.com$/.exec(String(source));
  return (m && serviceNames[m[1]!]) ?? show(source);
}

/** A value as written in the record; quoted only where it has spaces or is empty, so it reads as one thing. */
export function show(value: Scalar): string {
  if (typeof value !== 'string') return String(value);
  return /^[^\s“”"]+$/.test(value) ? value : `“${value}”`;
}

/** "a", "a or b", "a, b or c". */
export function either(items: readonly string[], word = 'or'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
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

/** What a value test looks for, after "the rule looks for": "DeleteTrail or UpdateTrail". */
function sought(test: Exclude<FieldTest, { exists: boolean }>): string {
  const words =
    'equals' in test ? show(test.equals)
    : 'oneOf' in test ? either(test.oneOf.map(show))
    : 'startsWith' in test ? `one starting with ${show(test.startsWith)}`
    : 'endsWith' in test ? `one ending with ${show(test.endsWith)}`
    : `one like ${show(test.wildcard)} (where * stands for any text)`;
  return test.ignoreCase ? `${words}, in upper or lower case` : words;
}

/**
 * One field test in plain words: "the action is RunInstances", or with `negated`, what it says
 * when it must not hold: "the region is not us-east-1".
 */
export function describeFieldTestPlain(test: FieldTest, negated = false, names: Names = {}): string {
  const s = names[test.field] ?? fieldSubject(test.field);
  if ('exists' in test) return `${s} is ${test.exists !== negated ? 'there' : 'missing'}`;
  const anyCase = test.ignoreCase ? ', in upper or lower case' : '';
  if (test.field === 'eventSource' && ('equals' in test || 'oneOf' in test)) {
    const to = either(('equals' in test ? [test.equals] : test.oneOf).map(serviceName));
    return `the call is ${negated ? 'not ' : ''}to ${to}${anyCase}`;
  }
  const not = negated ? ' not' : '';
  if ('equals' in test) return `${s} is${not} ${show(test.equals)}${anyCase}`;
  if ('oneOf' in test) return `${s} is${not} ${either(test.oneOf.map(show))}${anyCase}`;
  const verb = (plain: string, neg: string) => (negated ? neg : plain);
  if ('startsWith' in test) return `${s} ${verb('starts', 'does not start')} with ${show(test.startsWith)}${anyCase}`;
  if ('endsWith' in test) return `${s} ${verb('ends', 'does not end')} with ${show(test.endsWith)}${anyCase}`;
  return `${s} ${verb('looks', 'does not look')} like ${show(test.wildcard)} (where * stands for any text)${anyCase}`;
}

/** Names for fields where the caller knows better, like "the bucket" for a bucket action's parameter. */
export type Names = Readonly<Record<string, string>>;

/** A condition in plain words on one line: "the call is to EC2 and the action is RunInstances". */
export function describeConditionPlain(condition: Condition, names: Names = {}): string {
  if ('field' in condition) return describeFieldTestPlain(condition, false, names);
  if ('not' in condition) {
    const inner = condition.not;
    if ('field' in inner) return describeFieldTestPlain(inner, true, names);
    if ('not' in inner) return describeConditionPlain(inner.not, names);
    return `it is not so that ${describeConditionPlain(inner, names)}`;
  }
  const nested = (c: Condition) => ('allOf' in c || 'anyOf' in c ? `(${describeConditionPlain(c, names)})` : describeConditionPlain(c, names));
  if ('allOf' in condition) return either(condition.allOf.map(nested), 'and');
  const choices = condition.anyOf.map(nested);
  return choices.length === 1 ? choices[0]! : `either ${either(choices)}`;
}

/** Why a field test that must hold does not, naming the value the record really has. */
function fieldReason(test: FieldTest, event: CloudTrailEvent): string {
  const s = fieldSubject(test.field);
  const shape = shapeAt(event, test.field);
  const value = scalarAt(event, test.field);
  const had = shape === 'missing' ? 'is missing from the event' : shape === 'null' ? 'is empty (null)' : shape === 'list' ? 'is a list' : shape === 'object' ? 'is a group of fields' : `was ${show(value!)}`;
  if ('exists' in test) {
    return test.exists ? `${s} ${had}, but the rule needs it` : `${s} is there (${show(value!)}), but the rule looks for events without it`;
  }
  if (test.field === 'eventSource' && ('equals' in test || 'oneOf' in test) && value !== undefined) {
    return `the call was not to ${either(('equals' in test ? [test.equals] : test.oneOf).map(serviceName))}${test.ignoreCase ? ' (in upper or lower case)' : ''} (it was to ${show(value)})`;
  }
  return `${s} ${had}, but the rule looks for ${sought(test)}`;
}

/** Why a field test that must not hold does: the value the rule leaves out. */
function negatedFieldReason(test: FieldTest, event: CloudTrailEvent): string {
  if ('exists' in test) return fieldReason({ field: test.field, exists: !test.exists }, event);
  const value = scalarAt(event, test.field)!;
  const s = fieldSubject(test.field);
  if ('equals' in test || 'oneOf' in test) return `${s} was ${show(value)}, which the rule leaves out`;
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
  return [`the rule leaves out events where ${describeConditionPlain(inner)}, and this is one`];
}

/** Why an exception stops the rule on this event. */
function exceptionReason(exception: RuleException, event: CloudTrailEvent): string {
  if ('unlessDoneByAwsService' in exception) {
    const by = scalarAt(event, exceptionFields.invokedBy);
    return `the call was made by ${serviceWords[String(by)] ?? show(by!)}, and the rule ignores what AWS does on your behalf`;
  }
  if ('unlessItFailed' in exception) return `the call failed (${show(scalarAt(event, exceptionFields.errorCode)!)}), and the rule ignores calls that failed`;
  if ('onlyInRegions' in exception) {
    const region = scalarAt(event, exceptionFields.region);
    const where = region === undefined ? 'the event does not say which region the call was made in' : `the call was made in ${show(region)}`;
    return `${where}, and the rule only looks at ${either(exception.onlyInRegions)}`;
  }
  if ('unlessDoneByRoles' in exception) return `the role ${show(scalarAt(event, exceptionFields.roleName)!)} did it, and the rule ignores that role`;
  return `the user ${show(scalarAt(event, exceptionFields.userName)!)} did it, and the rule ignores that user`;
}

/**
 * Why the rule does not fire on this event, in plain words: first what it looks for and did not
 * find, then each exception that applies. An empty list means the rule fires.
 */
export function whyNot(rule: Pick<Rule, 'when' | 'exceptions'>, event: CloudTrailEvent): string[] {
  return [
    ...conditionReasons(rule.when, event),
    ...rule.exceptions.filter((e) => !matchesCondition(exceptionCondition(e), event)).map((e) => exceptionReason(e, event)),
  ];
}
