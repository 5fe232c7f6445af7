/**
 * A rule as the sentence the builder shows ("When someone starts a server, unless AWS did it on
 * your behalf: tell #security-alerts, look at it today."), and first drafts of its title, meaning
 * and what to do, in the house style of the templates in content/rules/.
 *
 * Loaded before the user starts editing: no zod, no YAML, only the small plain-words modules.
 */
import { actionsInCondition, type Action } from './actions.ts';
import type { Condition, Rule, RuleException, Urgency } from './model.ts';
import { describeConditionPlain, either, type Names } from './why-not.ts';

/** A rule being built: any part may still be missing. */
export type RuleDraft = Partial<Pick<Rule, 'when' | 'exceptions' | 'urgency' | 'notify' | 'workingHours'>>;

/** "Nothing chosen yet": an empty choice, which never fires and which the rule schema refuses. */
const nothingChosen: Condition = { anyOf: [] };
const isNothing = (c: Condition | undefined): boolean => c === undefined || ('anyOf' in c && c.anyOf.length === 0);

/** How each urgency ends the sentence. */
export const urgencyPhrases: Record<Urgency, string> = {
  'wake-me-up': 'wake me up',
  'look-today': 'look at it today',
  fyi: 'just so you know',
};

/** The parts of a rule's condition as the sentence says them: the actions, and what else it asks. */
function parts(when: Condition): { actions: Action[]; rest: Condition | undefined; names: Names } {
  const { actions, rest } = actionsInCondition(when);
  // A chosen action's own parameters read better by its name for them: "the bucket is my-bucket".
  const names: Record<string, string> = {};
  for (const a of actions) for (const t of a.targets ?? []) names[t.field] ??= t.label;
  return { actions, rest, names };
}

/** What the rule looks for, after "When": "someone starts a server, and the bucket is my-bucket". */
function whenWords(when: Condition | undefined): string {
  if (isNothing(when)) return 'someone …';
  const { actions, rest, names } = parts(when!);
  if (actions.length === 0) return describeConditionPlain(when!);
  const doing = `someone ${either(actions.map((a) => a.label))}`;
  return rest ? `${doing}, and ${describeConditionPlain(rest, names)}` : doing;
}

/** One "unless" exception as it reads after "unless": "AWS did it on your behalf". */
function unlessWords(e: RuleException): string[] {
  if ('unlessDoneByAwsService' in e) return ['AWS did it on your behalf'];
  if ('unlessItFailed' in e) return ['it failed'];
  if ('unlessDoneByRoles' in e) return [`the role${e.unlessDoneByRoles.length > 1 ? 's' : ''} ${either(e.unlessDoneByRoles)} did it`];
  if ('unlessDoneByUsers' in e) return [`${either(e.unlessDoneByUsers)} did it`];
  return [];
}

/** The exceptions after the "When" clause: one "unless …" for all of them, then "only in …". */
function exceptionClauses(exceptions: readonly RuleException[]): string[] {
  const unless = exceptions.flatMap(unlessWords);
  const regions = exceptions.flatMap((e) => ('onlyInRegions' in e ? e.onlyInRegions : []));
  return [...(unless.length > 0 ? [`unless ${either(unless)}`] : []), ...(regions.length > 0 ? [`only in ${either(regions)}`] : [])];
}

/** The whole rule as one sentence. Parts not chosen yet show as "…". */
export function sentenceOf(rule: RuleDraft): string {
  const clauses = [`When ${whenWords(rule.when)}`, ...exceptionClauses(rule.exceptions ?? [])];
  const tell = [`tell ${rule.notify ?? '…'}`, ...(rule.urgency ? [urgencyPhrases[rule.urgency]] : [])];
  const hours = rule.workingHours ? `; outside working hours (${hoursWords(rule.workingHours)}), page whoever is on call` : '';
  return `${clauses.join(', ')}: ${tell.join(', ')}${hours}.`;
}

const dayNames = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const dayWord = (d: string): string => d.charAt(0).toUpperCase() + d.slice(1);

/** "Monday to Friday, 09:00–17:00 Europe/London": a run of days in a row as a range, others listed. */
export function hoursWords(hours: NonNullable<Rule['workingHours']>): string {
  const sorted = [...hours.days].sort((a, b) => dayNames.indexOf(a) - dayNames.indexOf(b));
  const idx = sorted.map((d) => dayNames.indexOf(d));
  const inARow = idx.length > 2 && idx.every((v, i) => i === 0 || v === idx[i - 1]! + 1);
  const days = inARow ? `${dayWord(sorted[0]!)} to ${dayWord(sorted[sorted.length - 1]!)}` : either(sorted.map(dayWord), 'and');
  return `${days}, ${hours.start}–${hours.end} ${hours.timeZone}`;
}

/** Verbs whose past tense is not "-ed" or "-d". */
const irregular: Record<string, string> = {
  take: 'took', give: 'gave', set: 'set', read: 'read', let: 'let', make: 'made', send: 'sent', run: 'ran',
  write: 'wrote', stop: 'stopped', get: 'got', put: 'put',
};

/** "starts a server" → "started a server": the label's first verb in the past tense. */
export function pastTense(label: string): string {
  const [verb = '', ...rest] = label.split(' ');
  const base = verb.endsWith('es') && !/(ses|shes|ches|xes)$/.test(verb) ? verb.slice(0, -1) : verb.replace(/s$/, '');
  const past = irregular[base] ?? (base.endsWith('e') ? `${base}d` : `${base}ed`);
  return [past, ...rest].join(' ');
}

/** "started a server", "turned off CloudTrail logging or deleted a trail", or the first and a count. */
function pastOf(actions: readonly Action[]): string {
  const all = either(actions.map((a) => pastTense(a.label)));
  if (actions.length <= 2 || all.length <= 70) return all;
  return `${pastTense(actions[0]!.label)} (or one of ${actions.length - 1} more actions like it)`;
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A short title in the templates' style: "Someone started a server by hand". */
export function suggestTitle(rule: RuleDraft): string {
  const { actions } = isNothing(rule.when) ? { actions: [] } : parts(rule.when!);
  if (actions.length === 0) return 'Something happened that this rule looks for';
  const byHand = (rule.exceptions ?? []).some((e) => 'unlessDoneByAwsService' in e) ? ' by hand' : '';
  return `Someone ${pastOf(actions)}${byHand}`;
}

/** The AWS names behind the actions, as secondary text: "AWS calls this RunInstances". */
function awsNames(actions: readonly Action[]): string {
  const names = actions.flatMap((a) => a.eventNames);
  return `AWS calls ${names.length > 1 ? 'these' : 'this'} ${either(names, 'and')}`;
}

/** What the exceptions leave out, as the end of "It ignores …". */
function ignoredWords(exceptions: readonly RuleException[]): string[] {
  // What AWS does on your behalf goes last, so that its example cannot be read as part of a list.
  const ordered = [...exceptions.filter((e) => !('unlessDoneByAwsService' in e)), ...exceptions.filter((e) => 'unlessDoneByAwsService' in e)];
  return ordered.flatMap((e) => {
    if ('unlessDoneByAwsService' in e) return ['what AWS does on your behalf, like auto-scaling'];
    if ('unlessItFailed' in e) return ['calls that failed'];
    if ('unlessDoneByRoles' in e) return [`what the role${e.unlessDoneByRoles.length > 1 ? 's' : ''} ${either(e.unlessDoneByRoles, 'and')} ${e.unlessDoneByRoles.length > 1 ? 'do' : 'does'}`];
    if ('unlessDoneByUsers' in e) return [`what ${either(e.unlessDoneByUsers, 'and')} ${e.unlessDoneByUsers.length > 1 ? 'do' : 'does'}`];
    return [];
  });
}

/** What it means when the rule fires, in short plain sentences, with the AWS names in brackets. */
export function suggestMeans(rule: RuleDraft): string {
  if (isNothing(rule.when)) return 'Choose what the rule looks for first.';
  const { actions, rest, names } = parts(rule.when!);
  const sentences =
    actions.length === 0
      ? [`Something happened in your AWS account that this rule looks for: ${describeConditionPlain(rule.when!)}.`]
      : [`Someone ${either(actions.map((a) => pastTense(a.label)))} (${awsNames(actions)}).`, ...(rest ? [`The rule fires only when ${describeConditionPlain(rest, names)}.`] : [])];
  const exceptions = rule.exceptions ?? [];
  const ignored = ignoredWords(exceptions);
  if (ignored.length > 0) sentences.push(`It ignores ${either(ignored, 'and')}.`);
  const regions = exceptions.flatMap((e) => ('onlyInRegions' in e ? e.onlyInRegions : []));
  if (regions.length > 0) sentences.push(`It only looks at ${either(regions)}.`);
  return sentences.join(' ');
}

/** What to do when it fires: how soon follows the urgency; who and what follow the actions. */
export function suggestWhatToDo(rule: RuleDraft): string {
  const { actions } = isNothing(rule.when) ? { actions: [] } : parts(rule.when!);
  const what = actions.length === 0 || actions.length > 2 ? 'did this' : pastOf(actions);
  switch (rule.urgency ?? 'look-today') {
    case 'wake-me-up':
      return `Act now. Find out who ${what}, and whether it was planned. If nobody on the team did it, undo it at once and check everything that person or key did in the last day.`;
    case 'look-today':
      return `Today, ask the person who ${what} why. If nobody on the team knows about it, undo it and check who holds the key that was used.`;
    case 'fyi':
      return `Nothing to do at once. If you see many of these, or one nobody expected, ask who ${what} and why.`;
  }
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
