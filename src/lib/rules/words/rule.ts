/**
 * A rule as the sentence the builder shows ("When someone starts a server (RunInstances), unless
 * AWS did it on your behalf: tell #security-alerts, look at it today."), and first drafts of its
 * title, meaning and what to do, in the house style of the templates in content/rules/.
 *
 * Who acted comes first ("the root user" when the rule asks for the root user), then what they
 * did, from the action catalogue, with the names AWS gives the calls in brackets; whatever else
 * the rule asks for follows in the words of condition.ts.
 */
import { actionsInCondition, checkOf, type Action } from '../actions.ts';
import type { Condition, Rule, RuleException, Urgency } from '../model.ts';
import type { RuleSource } from '../sources.ts';
import { actionsOfNames, callNames, caseNote, conditionSentences, conditionWords, doingWords, flatten, readWords, type Names } from './condition.ts';
import { exceptionClauses, ignoredWords, onlyRegions } from './exceptions.ts';
import { actorWords, either } from './fields.ts';
import { pastTense } from './verbs.ts';
import { countWords } from './count.ts';

export { pastTense };

/** A rule being built: any part may still be missing. */
export type RuleDraft = Partial<Pick<Rule, 'when' | 'exceptions' | 'urgency' | 'notify' | 'workingHours' | 'count' | 'source'>>;

/** "Nothing chosen yet": an empty choice, which never fires and which the rule schema refuses. */
const nothingChosen: Condition = { anyOf: [] };
const isNothing = (c: Condition | undefined): boolean => c === undefined || ('anyOf' in c && c.anyOf.length === 0) || ('allOf' in c && c.allOf.length === 0);

/** How each urgency ends the sentence. */
export const urgencyPhrases: Record<Urgency, string> = {
  'wake-me-up': 'wake me up',
  'look-today': 'look at it today',
  fyi: 'just so you know',
};

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);


/** A test that says who acted ("the root user"), or undefined. */
function actorOf(c: Condition): string | undefined {
  if (!('field' in c) || c.field !== 'userIdentity.type' || !('equals' in c) || ('ignoreCase' in c && c.ignoreCase)) return undefined;
  return (actorWords as Readonly<Record<string, string>>)[String(c.equals)];
}

/** A top-level test of call names alone that the catalogue knows as actions. */
function namedActions(c: Condition): Action[] | undefined {
  if (!('field' in c) || c.field !== 'eventName' || ('ignoreCase' in c && c.ignoreCase)) return undefined;
  const names = 'equals' in c ? [c.equals] : 'oneOf' in c ? c.oneOf : undefined;
  return names?.every((n): n is string => typeof n === 'string') ? actionsOfNames(names) : undefined;
}

/** The parts of a rule's condition as the sentence says them: who, what they did, and what else it asks. */
export interface RuleParts {
  /** "someone", or "the root user". */
  actor: string;
  actions: Action[];
  /** The call names of the actions, as the rule asks for them. */
  calls: string[];
  rest: Condition | undefined;
  names: Names;
  /** The test that says who acted, when the actor came from one. */
  actorTest?: Condition;
  /** On a cluster, the namespace it happened in, as " in production"; empty otherwise. */
  where: string;
}

/** A test that the namespace is exactly one name, said "in production" on a cluster rule. */
const isNamespace = (c: Condition): boolean => 'equals' in c && c.field === 'objectRef.namespace' && typeof c.equals === 'string' && !c.ignoreCase;

export function ruleParts(when: Condition, source?: RuleSource): RuleParts {
  const top = 'allOf' in when ? flatten(when.allOf, 'allOf') : [when];
  if (top.length === 0) return { actor: 'someone', actions: [], calls: [], rest: undefined, names: {}, where: '' };
  const flat: Condition = top.length === 1 ? top[0]! : { allOf: top };
  let { actions, rest } = actionsInCondition(flat, source);
  let left = rest === undefined ? [] : 'allOf' in rest ? rest.allOf : [rest];
  // On a cluster, where an action happened reads as a place: "opens a shell in a running container in production".
  const placeTest = actions.length > 0 && source === 'k8s-audit' ? left.find(isNamespace) : undefined;
  if (placeTest) left = left.filter((c) => c !== placeTest);
  if (actions.length === 0 && source !== 'k8s-audit') {
    // Call names without the service they belong to still read as what someone did.
    const byName = left.find((c) => namedActions(c));
    if (byName) {
      actions = namedActions(byName)!;
      left = left.filter((c) => c !== byName);
    }
  }
  const actorTest = left.find((c) => actorOf(c));
  const actor = actorTest ? actorOf(actorTest)! : 'someone';
  if (actorTest) left = left.filter((c) => c !== actorTest);
  rest = left.length === 0 ? undefined : left.length === 1 ? left[0] : { allOf: left };
  // A chosen action's own parameters read better by its name for them: "the bucket is my-bucket".
  const names: Record<string, string> = {};
  for (const a of actions) for (const t of a.targets ?? []) names[t.field] ??= t.label;
  return { actor, actions, calls: actions.flatMap((a) => a.eventNames), rest, names, ...(actorTest ? { actorTest } : {}), where: placeTest ? ` in ${(placeTest as { equals: string }).equals}` : '' };
}

/** Who did what, in more words than this, names one action and counts the other. */
const longWho = 18;

/** A sentence longer than this moves what else the rule asks for into a sentence of its own. */
const sentenceWords = 25;

/**
 * What the rule looks for, after "When", and what else it asks for: "the root user signs in to
 * the console (ConsoleLogin)" and "the sign-in worked" (with the condition, for saying it at length).
 */
function whenParts(when: Condition | undefined, source?: RuleSource): { who: string; rest: string; restCondition?: Condition; names: Names } {
  if (isNothing(when)) return { who: 'someone …', rest: '', names: {} };
  const parts = ruleParts(when!, source);
  const { actions, calls, names } = parts;
  let { actor, rest } = parts;
  const labels = actions.map((a) => a.label);
  // A long "who" before what they did would make a long sentence: who acted then goes with the rest.
  if (actions.length > 0 && parts.actorTest && readWords(`${actor} ${doingWords(labels)}`) > longWho) {
    rest = rest ? { allOf: [parts.actorTest, rest] } : parts.actorTest;
    actor = 'someone';
  }
  const restWords = rest ? conditionWords(rest, names) : '';
  if (actions.length === 0) {
    if (actor === 'someone') return { who: restWords, rest: '', restCondition: rest, names };
    return { who: `${actor} does something`, rest: restWords, restCondition: rest, names };
  }
  // Two long actions would make a long sentence: name the first, count the other.
  const doing = labels.length === 2 && readWords(`${actor} ${either(labels)}`) > longWho ? `${labels[0]} or does one more thing like it` : doingWords(labels);
  return { who: `${actor} ${doing} ${callNames(calls)}${parts.where}`, rest: restWords, restCondition: rest, names };
}

/** The exceptions as sentences of their own: "It ignores calls that failed. It only looks at eu-west-1." */
function exceptionSentences(exceptions: readonly RuleException[]): string[] {
  const ignored = ignoredWords(exceptions);
  const regions = onlyRegions(exceptions);
  return [...(ignored.length > 0 ? [`It ignores ${either(ignored, 'and')}.`] : []), ...(regions.length > 0 ? [`It only looks at ${either(regions)}.`] : [])];
}

/** "It fires only if all of these are true. No AWS service acted for anyone. The region is …" */
function atLength(condition: Condition, names: Names, lead: string): string {
  const { kind, sentences } = conditionSentences(condition, names);
  if (sentences.length === 1) return `${lead} ${sentences[0]!.charAt(0).toLowerCase()}${sentences[0]!.slice(1)}`;
  return `${lead} ${kind === 'all' ? 'all of these are true' : 'one of these is true'}. ${sentences.join(' ')}`;
}

/**
 * The whole rule as one sentence, or several when one would be long: what else the rule asks for
 * then follows in short sentences of its own. Parts not chosen yet show as "…".
 */
export function sentenceOf(rule: RuleDraft): string {
  const { who, rest, restCondition, names } = whenParts(rule.when, rule.source);
  const exceptions = exceptionClauses(rule.exceptions ?? []);
  const tell = [`tell ${rule.notify ?? '…'}`, ...(rule.urgency ? [urgencyPhrases[rule.urgency]] : [])];
  const hours = rule.workingHours ? `; outside working hours (${hoursWords(rule.workingHours)}), page whoever is on call` : '';
  const note = rule.when && !isNothing(rule.when) ? caseNote(rule.when) : '';
  // A counting rule says how often, just before what to do: "and it happens 20 times or more within 5 minutes".
  const often = rule.count ? `, and it happens ${countWords(rule.count)}` : '';
  const ending = `${often}: ${tell.join(', ')}${hours}.`;
  // Exceptions stay in the sentence while it is short; in a long one they get sentences of their own.
  let inClause = exceptions;
  let after: string[] = [];
  const whenClause = (what: string) => [`When ${what}`, ...inClause].join(', ');
  let text = `${whenClause(`${who}${rest ? `, and ${rest}` : ''}`)}${ending}`;
  if (readWords(text) > sentenceWords && restCondition) {
    const onlyRest = who === conditionWords(restCondition, names);
    const lead = onlyRest ? (restCondition && 'anyOf' in restCondition ? 'one of these is true' : 'all of these are true') : who;
    if (readWords(`${whenClause(lead)}${ending}`) > sentenceWords) [inClause, after] = [[], exceptionSentences(rule.exceptions ?? [])];
    text = onlyRest
      ? `${whenClause(lead)}${ending} ${conditionSentences(restCondition, names).sentences.join(' ')}`
      : `${whenClause(lead)}${ending} ${atLength(restCondition, names, 'It fires only if')}`;
  } else if (readWords(text) > sentenceWords && exceptions.length > 0) {
    [inClause, after] = [[], exceptionSentences(rule.exceptions ?? [])];
    text = `${whenClause(`${who}${rest ? `, and ${rest}` : ''}`)}${ending}`;
  }
  return [text, ...after, ...(note ? [note] : [])].join(' ');
}

const dayNames = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const dayWord = (d: string): string => capital(d);

/** "Monday to Friday, 09:00–17:00 Europe/London": a run of days in a row as a range, others listed. */
export function hoursWords(hours: NonNullable<Rule['workingHours']>): string {
  const sorted = [...hours.days].sort((a, b) => dayNames.indexOf(a) - dayNames.indexOf(b));
  const idx = sorted.map((d) => dayNames.indexOf(d));
  const inARow = idx.length > 2 && idx.every((v, i) => i === 0 || v === idx[i - 1]! + 1);
  const days = inARow ? `${dayWord(sorted[0]!)} to ${dayWord(sorted[sorted.length - 1]!)}` : either(sorted.map(dayWord), 'and');
  return `${days}, ${hours.start}–${hours.end} ${hours.timeZone}`;
}

/** The most characters a suggested title has; longer ones are cut at a word. */
const titleLimit = 80;

function clipAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const at = cut.lastIndexOf(' ');
  return `${(at > 20 ? cut.slice(0, at) : text.slice(0, max - 1)).replace(/[,;:]$/, '')}…`;
}

/**
 * A short title from the sentence: who and what, without "When" and without the call names:
 * "Root user signs in to the console", "Someone starts a server by hand".
 */
export function suggestTitle(rule: RuleDraft): string {
  if (isNothing(rule.when)) return 'New rule';
  const { actor, actions, rest, names, where } = ruleParts(rule.when!, rule.source);
  const who = capital(actor.replace(/^the /, ''));
  if (actions.length === 0) {
    if (actor !== 'someone') return `${who} does something`;
    // The first thing the rule asks for names it best; the rest is in the sentence.
    const c = rest ?? rule.when!;
    const first = 'allOf' in c ? flatten(c.allOf, 'allOf')[0]! : 'anyOf' in c ? flatten(c.anyOf, 'anyOf')[0]! : c;
    const more = 'anyOf' in c && c.anyOf.length > 1 ? ', or something like it' : '';
    return clipAtWord(`${capital(conditionWords(first, names))}${more}`, titleLimit);
  }
  const labels = actions.map((a) => a.label);
  // A title is short: two actions only while they fit in a few words.
  const doing = labels.length === 1 || (labels.length === 2 && readWords(either(labels)) <= 10) ? either(labels) : `${labels[0]} or ${labels.length === 2 ? 'one more thing' : `${labels.length - 1} more things`} like it`;
  const byHand = (rule.exceptions ?? []).some((e) => 'unlessDoneByAwsService' in e) ? ' by hand' : '';
  return clipAtWord(`${who} ${doing}${where}${byHand}`, titleLimit);
}

/** What it means when the rule fires, in short plain sentences, with the AWS names in brackets. */
export function suggestMeans(rule: RuleDraft): string {
  if (isNothing(rule.when)) return 'Choose what the rule looks for first.';
  const { actor, actions, calls, rest, names, where } = ruleParts(rule.when!, rule.source);
  const sentences: string[] = [];
  if (actions.length === 0) {
    sentences.push(`${capital(actor === 'someone' ? `something happened in your ${rule.source === 'k8s-audit' ? 'cluster' : 'AWS account'}` : `${actor} did something`)} that this rule looks for.`);
    if (rest) sentences.push(atLength(rest, names, 'It fires if'));
  } else {
    const pasts = actions.map((a) => pastTense(a.label));
    const past = pasts.length === 1 || (pasts.length === 2 && readWords(`${actor} ${either(pasts)}`) <= longWho) ? either(pasts) : `${pasts[0]} or did ${pasts.length === 2 ? 'one more thing' : `one of ${pasts.length - 1} more things`} like it`;
    sentences.push(`${capital(actor)} ${past} ${callNames(calls)}${where}.`);
    if (rest) sentences.push(atLength(rest, names, 'It fires only if'));
  }
  sentences.push(...exceptionSentences(rule.exceptions ?? []));
  const note = caseNote(rule.when!, names);
  if (note) sentences.push(note);
  return sentences.join(' ');
}

/** What to check first when nothing more is known about what was done. */
const checkWho = 'Check who did it, and whether the team planned it.';

/**
 * What to do when it fires: how soon follows the urgency; what to check first comes from the
 * action catalogue (each action says what to look at when it fires).
 */
export function suggestWhatToDo(rule: RuleDraft): string {
  const { actions } = isNothing(rule.when) ? { actions: [] as Action[] } : ruleParts(rule.when!, rule.source);
  const checks = [...new Set(actions.map(checkOf))];
  // Until the lines of what to check first have loaded (the builder adds them on first use), the general line stands in.
  const check = checks.length === 0 || checks.length > 2 || checks.includes(undefined) ? checkWho : checks.join(' ');
  switch (rule.urgency ?? 'look-today') {
    case 'wake-me-up':
      return `Act now. ${check} If nobody on the team did it, follow your incident steps.`;
    case 'look-today':
      return `Today: ${lowerFirst(check)}`;
    case 'fyi':
      return `No need to act at once. ${check} Look sooner when there are many of these, or one nobody expected.`;
  }
}

/** A rule in words, as the rule builder shows it and `plainsec rules describe` prints it. */
export interface RuleInWords {
  id: string;
  title: string;
  sentence: string;
  meaning: string;
  whatToDo: string;
}

/**
 * A rule's words: its own title, meaning and what to do where it has them, the suggested ones
 * where it does not, and its sentence.
 */
export function ruleInWords(rule: RuleDraft & Partial<Pick<Rule, 'id' | 'title' | 'means' | 'whatToDo'>>): RuleInWords {
  return {
    id: rule.id ?? '',
    title: rule.title?.trim() ? rule.title : suggestTitle(rule),
    sentence: sentenceOf(rule),
    meaning: rule.means?.trim() ? rule.means : suggestMeans(rule),
    whatToDo: rule.whatToDo?.trim() ? rule.whatToDo : suggestWhatToDo(rule),
  };
}

/**
 * A new rule to start from. It is valid against `ruleSchema` except where the person must choose:
 * `id`, `title`, `means` and `whatToDo` are empty, and `when` is an empty choice that never fires.
 * It ignores failed calls, as most templates do, tells #security-alerts, and asks for a look today.
 */
export function blankRule(): Rule {
  return {
    id: '',
    title: '',
    means: '',
    whatToDo: '',
    when: nothingChosen,
    exceptions: [{ unlessItFailed: true }],
    urgency: 'look-today',
    notify: '#security-alerts',
    references: [],
    attack: [],
    cisAws: [],
    securityHub: [],
  };
}

/** An id from a title: lower case with dashes, 3 to 63 characters, not one of `taken`. */
export function suggestRuleId(title: string, taken: readonly string[]): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f’']/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const fit = (max: number): string => {
    let id = '';
    for (const w of words) {
      const next = id ? `${id}-${w}` : w;
      if (next.length > max) break;
      id = next;
    }
    // A first word longer than the limit is cut, rather than lost.
    return id || (words[0] ?? '').slice(0, max);
  };
  const base = fit(63).length >= 3 ? fit(63) : `rule-${fit(58)}`.replace(/-$/, '');
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const stem = base.length + suffix.length <= 63 ? base : fit(63 - suffix.length) || base.slice(0, 63 - suffix.length);
    const id = `${stem}${suffix}`;
    if (!taken.includes(id)) return id;
  }
}

