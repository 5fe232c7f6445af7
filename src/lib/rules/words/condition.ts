/**
 * A rule's condition in plain words: one line for sentences and reasons, or an outline for the
 * template pages. Groups are said with "either … or …" and "both … and …" only where the rule
 * really has a group inside another; same-kind groups inside each other are one group. Whether
 * upper and lower case count as the same is said once per condition, not after every value.
 */
import { actions, type Action } from '../actions.ts';
import type { Condition, FieldTest, Scalar } from '../model.ts';
import { either, fieldSubject, isYesNoField, serviceWords, show, valueWords, yesNoWords } from './fields.ts';

/** Names for fields where the caller knows better, like "the bucket" for a bucket action's parameter. */
export type Names = Readonly<Record<string, string>>;

/** "All of (all of a, b), c" says the same as "all of a, b, c": lift same-kind groups into their parent. */
export function flatten(parts: readonly Condition[], kind: 'allOf' | 'anyOf'): Condition[] {
  return parts.flatMap((c) => (kind in c ? flatten((c as Record<typeof kind, Condition[]>)[kind], kind) : [c]));
}

/** The catalogue actions one call name belongs to. */
const actionsNamed = (name: string): Action[] => actions.filter((a) => a.eventNames.includes(name));

/**
 * Call names said as what people do: the catalogue actions that are exactly these calls
 * ("starts a server"), or undefined when some name is not one action's or an action is only partly there.
 */
export function actionsOfNames(names: readonly string[]): Action[] | undefined {
  const wanted = new Set(names);
  const found: Action[] = [];
  for (const name of names) {
    const owners = actionsNamed(name);
    if (owners.length !== 1) return undefined;
    if (!found.includes(owners[0]!)) found.push(owners[0]!);
  }
  return found.every((a) => a.eventNames.every((n) => wanted.has(n))) ? found : undefined;
}

/** A list of calls in brackets after the words: "(StopLogging, DeleteTrail)". */
export const callNames = (names: readonly string[]): string => `(${names.join(', ')})`;

/** "starts a server or deletes a server": at most two, then how many more, so the sentence stays short. */
export function doingWords(labels: readonly string[]): string {
  if (labels.length <= 2) return either(labels);
  return `${labels[0]} or does one of ${labels.length - 1} more things like it`;
}

/** "DeleteGroupPolicy" → "delete group policy": a call name as words, for calls the catalogue does not know. */
const callInWords = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/** The call names a test asks for, when it asks for exact text. */
function exactValues(test: FieldTest): Scalar[] | undefined {
  if ('equals' in test) return [test.equals];
  if ('oneOf' in test) return test.oneOf;
  return undefined;
}

/** "a" or "an" before a word. */
const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** What a call-name test says: "someone starts a server (RunInstances)". */
function callWords(names: readonly string[], negated: boolean): string {
  const not = negated ? 'it is not that ' : '';
  const known = actionsOfNames(names);
  if (known) return `${not}someone ${doingWords(known.map((a) => a.label))} ${callNames(names)}`;
  // Some of the calls are whole catalogue actions: name two of them, and count the other calls.
  const wanted = new Set(names);
  const whole = actions.filter((a) => a.eventNames.some((n) => wanted.has(n)) && a.eventNames.every((n) => wanted.has(n))).slice(0, 2);
  if (whole.length > 0) {
    const others = names.length - whole.flatMap((a) => a.eventNames).length;
    return `${not}someone ${either(whole.map((a) => a.label), ',')} or makes one of ${others} more calls like these ${callNames(names)}`.replace(' , ', ', ');
  }
  const said = names.length <= 3 ? `${article(names[0]!)} ${either(names.map(callInWords))} call` : `one of ${names.length} calls`;
  return `the call is ${negated ? 'not ' : ''}${said} ${callNames(names)}`;
}

/** What a test of the call's name by its start or shape says: "the call is an “add permission” call (its name starts with AddPermission)". */
function callPatternWords(test: Extract<FieldTest, { startsWith: string } | { endsWith: string } | { wildcard: string }>, negated: boolean): string {
  const [how, text] = 'startsWith' in test ? ['starts with', test.startsWith] : 'endsWith' in test ? ['ends with', test.endsWith] : ['looks like', test.wildcard];
  const words = callInWords(text.replace(/\*/g, ' ').trim());
  return `the call is ${negated ? 'not ' : ''}${article(words)} “${words}” call (its name ${how} ${text})`;
}

/** The error codes AWS writes when it refuses a call for lack of permission. */
const permissionCodes = /AccessDenied|UnauthorizedOperation|Unauthorized/;

/** An error-code test for a refusal said as what happened: "the call was refused for lack of permission (error code starts with AccessDenied)". */
function refusalWords(test: FieldTest, negated: boolean): string | undefined {
  const [how, text] =
    'equals' in test ? ['is', String(test.equals)]
    : 'startsWith' in test ? ['starts with', test.startsWith]
    : 'endsWith' in test ? ['ends with', test.endsWith]
    : 'wildcard' in test ? ['looks like', test.wildcard]
    : [undefined, ''];
  if (how === undefined || !permissionCodes.test(text)) return undefined;
  return `the call was ${negated ? 'not ' : ''}refused for lack of permission (error code ${how} ${text})`;
}

/**
 * One field test in plain words: "the region is us-east-1", or with `negated`, what it says when
 * it must not hold: "the region is not us-east-1". Case is left to `caseNote`.
 */
export function fieldTestWords(test: FieldTest, negated = false, names: Names = {}): string {
  const exact = exactValues(test);
  if (test.field === 'eventSource' && exact) return `the call is ${negated ? 'not ' : ''}to ${either(exact.map(serviceWords))}`;
  if (test.field === 'eventName' && exact) return callWords(exact.map(String), negated);
  if (test.field === 'eventName' && ('startsWith' in test || 'endsWith' in test || 'wildcard' in test)) return callPatternWords(test, negated);
  if (test.field === 'errorCode') {
    const refused = refusalWords(test, negated);
    if (refused) return refused;
  }
  if ('exists' in test) {
    const there = test.exists !== negated;
    if (test.field === 'userIdentity.invokedBy') return there ? 'an AWS service acted for someone' : 'no AWS service acted for anyone';
    const s = names[test.field] ?? fieldSubject(test.field);
    if (isYesNoField(test.field)) return `it is ${there ? '' : 'not '}recorded ${s}`;
    return `${s} ${there ? 'is there' : 'is missing'}`;
  }
  // "is not true or false": the record holds text there (a check that CloudWatch filters make).
  if (negated && exact && exact.length === 2 && exact.includes(true) && exact.includes(false)) {
    return `${names[test.field] ?? fieldSubject(test.field)} is written as text`;
  }
  if (exact && exact.length === 1) {
    const clause = yesNoWords(test.field, exact[0]!, negated);
    if (clause) return clause;
  }
  const s = names[test.field] ?? fieldSubject(test.field);
  const not = negated ? ' not' : '';
  if (exact) return `${s} is${not} ${either(exact.map((v) => valueWords(test.field, v)))}`;
  const verb = (plain: string, neg: string) => (negated ? neg : plain);
  if ('startsWith' in test) return `${s} ${verb('starts', 'does not start')} with ${show(test.startsWith)}`;
  if ('endsWith' in test) return `${s} ${verb('ends', 'does not end')} with ${show(test.endsWith)}`;
  if ('wildcard' in test) return `${s} ${verb('looks', 'does not look')} like ${show(test.wildcard)} (where * stands for any text)`;
  return s;
}

/** The field tests of a condition, at any depth. */
function fieldTestsOf(condition: Condition): FieldTest[] {
  if ('field' in condition) return [condition];
  if ('not' in condition) return fieldTestsOf(condition.not);
  return ('allOf' in condition ? condition.allOf : condition.anyOf).flatMap(fieldTestsOf);
}

/**
 * Said once after a condition whose text tests ignore case: "Upper and lower case count as the
 * same." (or for which fields, when only some do); '' when none does.
 */
export function caseNote(condition: Condition, names: Names = {}): string {
  const tests = fieldTestsOf(condition).filter((t) => !('exists' in t));
  const loose = tests.filter((t) => 'ignoreCase' in t && t.ignoreCase);
  if (loose.length === 0) return '';
  if (loose.length === tests.length) return 'Upper and lower case count as the same.';
  const which = [...new Set(loose.map((t) => names[t.field] ?? fieldSubject(t.field)))];
  return `For ${either(which, 'and')}, upper and lower case count as the same.`;
}

/** A condition in plain words on one line: "the call is to servers (EC2) and the region is us-east-1". */
export function conditionWords(condition: Condition, names: Names = {}): string {
  if ('field' in condition) return fieldTestWords(condition, false, names);
  if ('not' in condition) {
    const inner = condition.not;
    if ('field' in inner) return fieldTestWords(inner, true, names);
    if ('not' in inner) return conditionWords(inner.not, names);
    return `it is not so that ${conditionWords(inner, names)}`;
  }
  if ('allOf' in condition) {
    const parts = flatten(condition.allOf, 'allOf');
    if (parts.length === 1) return conditionWords(parts[0]!, names);
    return either(parts.map((c) => nested(c, names)), 'and');
  }
  const choices = flatten(condition.anyOf, 'anyOf');
  if (choices.length === 0) return 'nothing is chosen yet';
  if (choices.length === 1) return conditionWords(choices[0]!, names);
  return `either ${either(choices.map((c) => nested(c, names)))}`;
}

/** A part inside a group: a group of the other kind says "both … and …" or "either … or …", so no brackets are needed. */
function nested(c: Condition, names: Names): string {
  if ('allOf' in c) {
    const parts = flatten(c.allOf, 'allOf');
    return parts.length === 1 ? nested(parts[0]!, names) : `both ${either(parts.map((p) => nested(p, names)), 'and')}`;
  }
  return conditionWords(c, names);
}

/** One line per condition, nested lines for groups, as an indented outline (the template pages). */
export function conditionOutline(condition: Condition, depth = 0): string[] {
  const pad = '  '.repeat(depth);
  if ('allOf' in condition || 'anyOf' in condition) {
    const kind = 'allOf' in condition ? 'allOf' : 'anyOf';
    const parts = flatten(kind === 'allOf' ? (condition as { allOf: Condition[] }).allOf : (condition as { anyOf: Condition[] }).anyOf, kind);
    if (parts.length === 1) return conditionOutline(parts[0]!, depth);
    return [`${pad}${kind === 'allOf' ? 'all of these:' : 'any of these:'}`, ...parts.flatMap((c) => conditionOutline(c, depth + 1))];
  }
  if ('not' in condition && !('field' in condition.not)) return [`${pad}none of this holds:`, ...conditionOutline(condition.not, depth + 1)];
  return [`${pad}${conditionWords(condition)}`];
}

/** The words of a text that a reader reads: what sits in brackets is for experts. */
export const readWords = (text: string): number => text.replace(/\([^()]*\)/g, '').split(/\s+/).filter(Boolean).length;

/** A part of a list longer than this many words is said as sentences of its own. */
const shortPart = 20;

const capitalFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A condition as short sentences, for when one line would be long: each thing that must hold is a
 * sentence, and a long choice is said as "Either … . Or … ." Returns the sentences and whether
 * they are all needed ("all") or one is enough ("any").
 */
export function conditionSentences(condition: Condition, names: Names = {}): { kind: 'all' | 'any'; sentences: string[] } {
  const kind = 'anyOf' in condition ? 'any' : 'all';
  const parts = 'allOf' in condition ? flatten(condition.allOf, 'allOf') : 'anyOf' in condition ? flatten(condition.anyOf, 'anyOf') : [condition];
  const sentences = parts.flatMap((part) => {
    const words = kind === 'any' ? nested(part, names) : conditionWords(part, names);
    if (readWords(words) <= shortPart || !('anyOf' in part)) return [`${capitalFirst(words)}.`];
    const choices = flatten(part.anyOf, 'anyOf').map((c) => nested(c, names));
    return choices.map((c, i) => `${i === 0 ? 'Either' : 'Or'} ${c}.`);
  });
  return { kind, sentences };
}
