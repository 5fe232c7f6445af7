/**
 * The rule builder's form, as plain data: the sentence a person fills in ("When [someone] [does
 * what] [to what], unless …, only in …, tell …, how urgent, at what hours") and the expert's extra
 * field tests. `ruleFromDraft` writes the rule the rest of the engine reads; `draftFromRule` reads
 * any rule back into the form without losing anything: a condition the form cannot show is kept
 * whole as `advanced` and edited as YAML.
 */
import { sourceOf, type RuleSource } from '../sources.ts';
import { actionById, actionCondition, actionsInCondition, type Action } from '../actions.ts';
import { fieldOf } from '../field-names.ts';
import { actorWords } from '../words/fields.ts';
import type { Condition, FieldTest, Rule, RuleException, Scalar, Urgency, WorkingHours } from '../model.ts';
import type { Count } from '../count.ts';

/** Who did it, as the form offers it; each is a test on `userIdentity.type`, or none for anyone. */
export const whoChoices = {
  anyone: { label: 'someone', type: undefined },
  person: { label: actorWords.IAMUser, type: 'IAMUser' },
  role: { label: actorWords.AssumedRole, type: 'AssumedRole' },
  root: { label: actorWords.Root, type: 'Root' },
  federated: { label: actorWords.FederatedUser, type: 'FederatedUser' },
} as const;
export type Who = keyof typeof whoChoices;

/** The operators the expert editor offers: every field test of the rule model. */
export const operators = ['equals', 'oneOf', 'startsWith', 'endsWith', 'wildcard', 'exists', 'missing'] as const;
export type Operator = (typeof operators)[number];

/** How each operator reads in the form. */
export const operatorWords: Record<Operator, string> = {
  equals: 'is',
  oneOf: 'is one of (comma-separated)',
  startsWith: 'starts with',
  endsWith: 'ends with',
  wildcard: 'looks like (* is any text)',
  exists: 'is present',
  missing: 'is missing',
};

/** One extra field test, as typed. `value` is text; a list is comma-separated. */
export interface DraftTest {
  field: string;
  operator: Operator;
  value: string;
  /** "does not": the test is wrapped in `not`. */
  negate: boolean;
  ignoreCase: boolean;
}

export interface Draft {
  /** The records the rule reads: AWS CloudTrail, or a cluster's audit log. */
  source: RuleSource;
  id: string;
  /** The id follows the title until the person types their own. */
  idEdited: boolean;
  who: Who;
  actions: string[];
  /** "To what": a value for a target field of the chosen actions, like the bucket's name. */
  targets: Record<string, string>;
  /** How the extra tests combine: all must hold, or any one. */
  match: 'allOf' | 'anyOf';
  tests: DraftTest[];
  /** A condition the form cannot show (nested groups); kept whole and edited as YAML. */
  advanced?: Condition;
  awsOnBehalf: boolean;
  /** The older, wider exception: any AWS service, CloudFormation too. Read from a rule and kept. */
  anyAwsService: boolean;
  failed: boolean;
  /** "Unless the cluster did it", for a rule on a cluster's audit log. */
  cluster: boolean;
  /** Comma-separated lists, as typed. */
  roles: string;
  users: string;
  regions: string;
  notify: string;
  urgency: Urgency;
  /** "Only when it happens N times within M minutes", by the same person or from the same address. */
  count: DraftCount;
  /** At any hour, or escalate outside working hours. */
  hours: 'any' | 'working';
  workingHours: WorkingHours;
  title: string;
  means: string;
  whatToDo: string;
  /** Which texts the person wrote themselves; the others are written from the sentence. */
  edited: { title: boolean; means: boolean; whatToDo: boolean };
  /** Carried through untouched: the form does not edit them. */
  keep: Pick<Rule, 'references' | 'attack' | 'cisAws' | 'securityHub'> & Partial<Pick<Rule, 'pinned' | 'examples' | 'noise' | 'replaces'>>;
}

/** The form's count: off by default; when on, what the rule's `count` says (`together`: no `by`). */
export interface DraftCount {
  on: boolean;
  atLeast: number;
  withinMinutes: Count['withinMinutes'];
  by: 'together' | NonNullable<Count['by']>;
}

const defaultWorkingHours: WorkingHours = {
  timeZone: 'UTC',
  days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
  start: '09:00',
  end: '17:00',
};

/** An empty form: nothing chosen yet, the usual channel and "look today". */
export function blankDraft(timeZone = 'UTC'): Draft {
  return {
    source: 'cloudtrail',
    id: '',
    idEdited: false,
    who: 'anyone',
    actions: [],
    targets: {},
    match: 'allOf',
    tests: [],
    awsOnBehalf: false,
    anyAwsService: false,
    failed: false,
    cluster: false,
    roles: '',
    users: '',
    regions: '',
    notify: '#security-alerts',
    urgency: 'look-today',
    count: { on: false, atLeast: 10, withinMinutes: 5, by: 'who' },
    hours: 'any',
    workingHours: { ...defaultWorkingHours, timeZone },
    title: '',
    means: '',
    whatToDo: '',
    edited: { title: false, means: false, whatToDo: false },
    keep: { references: [], attack: [], cisAws: [], securityHub: [] },
  };
}

/** "a, b ,c" → ["a", "b", "c"], without empty entries. */
export function listOf(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Text typed for a field, as the value the source writes there: true/false and numbers where the field holds them. */
export function valueFor(field: string, text: string, source: RuleSource = 'cloudtrail'): Scalar {
  const kind = fieldOf(field, source)?.kind;
  if (kind === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  if (kind === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

const show = (v: Scalar): string => String(v);
const valueOf = valueFor;

/** One typed test as a condition, on the records of the source (CloudTrail unless told). */
export function testCondition(test: DraftTest, source: RuleSource = 'cloudtrail'): Condition {
  const valueFor = (field: string, text: string) => valueOf(field, text, source);
  const ignoreCase = test.ignoreCase ? { ignoreCase: true as const } : {};
  let inner: FieldTest;
  switch (test.operator) {
    case 'exists':
      inner = { field: test.field, exists: true };
      break;
    case 'missing':
      inner = { field: test.field, exists: false };
      break;
    case 'equals':
      inner = { field: test.field, equals: valueFor(test.field, test.value), ...ignoreCase };
      break;
    case 'oneOf':
      inner = { field: test.field, oneOf: listOf(test.value).map((v) => valueFor(test.field, v)), ...ignoreCase };
      break;
    case 'startsWith':
      inner = { field: test.field, startsWith: test.value, ...ignoreCase };
      break;
    case 'endsWith':
      inner = { field: test.field, endsWith: test.value, ...ignoreCase };
      break;
    case 'wildcard':
      inner = { field: test.field, wildcard: test.value, ...ignoreCase };
      break;
  }
  return test.negate ? { not: inner } : inner;
}

/**
 * A condition as one typed test, when it is a field test or `not` of one, and typing its value back
 * gives the same value: true/false or a number on a field the form offers only as text would come
 * back as text and mean something else, so such a test stays a YAML-only condition.
 */
function draftTestOf(condition: Condition, source: RuleSource): DraftTest | undefined {
  const negate = 'not' in condition;
  const inner = negate ? (condition as { not: Condition }).not : condition;
  if (!('field' in inner)) return undefined;
  const ignoreCase = 'ignoreCase' in inner && inner.ignoreCase === true;
  const base = { field: inner.field, negate, ignoreCase };
  if ('exists' in inner) return { ...base, operator: inner.exists ? 'exists' : 'missing', value: '' };
  const typesBack = (v: Scalar) => valueOf(inner.field, show(v), source) === v;
  if ('equals' in inner) return typesBack(inner.equals) ? { ...base, operator: 'equals', value: show(inner.equals) } : undefined;
  // A list member holding a comma cannot be typed back as a comma-separated list.
  if ('oneOf' in inner)
    return inner.oneOf.some((v) => String(v).includes(',') || !typesBack(v)) ? undefined : { ...base, operator: 'oneOf', value: inner.oneOf.map(show).join(', ') };
  if ('startsWith' in inner) return { ...base, operator: 'startsWith', value: inner.startsWith };
  if ('endsWith' in inner) return { ...base, operator: 'endsWith', value: inner.endsWith };
  return { ...base, operator: 'wildcard', value: inner.wildcard };
}

/** The target fields ("to what") the chosen actions offer, each once. */
export function targetFieldsOf(actionIds: readonly string[]): NonNullable<Action['targets']> {
  const seen = new Map<string, NonNullable<Action['targets']>[number]>();
  for (const id of actionIds) for (const t of actionById(id)?.targets ?? []) if (!seen.has(t.field)) seen.set(t.field, t);
  return [...seen.values()];
}

/** The whole condition the form says, or undefined when nothing is chosen yet. */
function conditionOfDraft(draft: Draft): Condition | undefined {
  const parts: Condition[] = [];
  const actions = draft.actions.map(actionById).filter((a): a is Action => a !== undefined);
  if (actions.length > 0) {
    const chosen = actionCondition(actions);
    // A cluster action's tests sit side by side with the namespace and the rest: the rule file reads flat.
    if (draft.source !== 'cloudtrail' && 'allOf' in chosen) parts.push(...chosen.allOf);
    else parts.push(chosen);
  }
  // Who acted is a CloudTrail identity type; a cluster's audit log has none.
  const type = draft.source === 'cloudtrail' ? whoChoices[draft.who].type : undefined;
  if (type) parts.push({ field: 'userIdentity.type', equals: type });
  for (const t of targetFieldsOf(draft.actions)) {
    const value = draft.targets[t.field]?.trim();
    if (value) parts.push({ field: t.field, equals: valueFor(t.field, value, draft.source) });
  }
  const tests = draft.tests.map((t) => testCondition(t, draft.source));
  if (draft.match === 'anyOf' && tests.length > 1) parts.push({ anyOf: tests });
  else parts.push(...tests);
  if (draft.advanced) parts.push(draft.advanced);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { allOf: parts };
}

/** The exceptions the form says, in the model's order; each source shows only its own (switchSource clears the others). */
function exceptionsOfDraft(draft: Draft): RuleException[] {
  const out: RuleException[] = [];
  const aws = draft.source === 'cloudtrail';
  if (aws && draft.awsOnBehalf) out.push({ unlessDoneByAwsService: true });
  if (aws && draft.anyAwsService) out.push({ unlessInvokedByAnyAwsService: true });
  const roles = listOf(draft.roles);
  if (aws && roles.length > 0) out.push({ unlessDoneByRoles: roles });
  const users = listOf(draft.users);
  if (users.length > 0) out.push({ unlessDoneByUsers: users });
  const regions = listOf(draft.regions);
  if (aws && regions.length > 0) out.push({ onlyInRegions: regions });
  if (draft.failed) out.push({ unlessItFailed: true });
  if (!aws && draft.cluster) out.push({ unlessDoneByCluster: true });
  return out;
}

/**
 * The rule the form says. The condition is left empty (`allOf: []`, which the rule file refuses
 * with "list at least one condition") when nothing is chosen, so the error shows where to start.
 */
export function ruleFromDraft(draft: Draft): Rule {
  return {
    id: draft.id,
    ...(draft.source !== 'cloudtrail' ? { source: draft.source } : {}),
    title: draft.title,
    means: draft.means,
    whatToDo: draft.whatToDo,
    when: conditionOfDraft(draft) ?? { allOf: [] },
    exceptions: exceptionsOfDraft(draft),
    urgency: draft.urgency,
    notify: draft.notify,
    ...(draft.count.on
      ? { count: { atLeast: draft.count.atLeast, withinMinutes: draft.count.withinMinutes, ...(draft.count.by !== 'together' ? { by: draft.count.by } : {}) } }
      : {}),
    ...(draft.hours === 'working' ? { workingHours: draft.workingHours } : {}),
    references: draft.keep.references,
    attack: draft.keep.attack,
    cisAws: draft.keep.cisAws,
    securityHub: draft.keep.securityHub,
    ...(draft.keep.pinned ? { pinned: draft.keep.pinned } : {}),
    ...(draft.keep.examples ? { examples: draft.keep.examples } : {}),
    ...(draft.keep.noise ? { noise: draft.keep.noise } : {}),
    ...(draft.keep.replaces ? { replaces: draft.keep.replaces } : {}),
  };
}

/** Reads a rule into the form; `ruleFromDraft(draftFromRule(r))` means the same as `r`. */
export function draftFromRule(rule: Rule): Draft {
  const draft = blankDraft(rule.workingHours?.timeZone);
  draft.source = sourceOf(rule);
  const { actions, rest } = actionsInCondition(rule.when, draft.source);
  draft.actions = actions.map((a) => a.id);
  const parts = rest === undefined ? [] : 'allOf' in rest ? rest.allOf : [rest];
  const targetFields = new Set(targetFieldsOf(draft.actions).map((t) => t.field));
  const leftover: Condition[] = [];
  for (const part of parts) {
    if ('field' in part && 'equals' in part && !part.ignoreCase) {
      const who = (Object.keys(whoChoices) as Who[]).find((w) => whoChoices[w].type !== undefined && whoChoices[w].type === part.equals);
      if (part.field === 'userIdentity.type' && who && draft.who === 'anyone' && draft.source === 'cloudtrail') {
        draft.who = who;
        continue;
      }
      if (targetFields.has(part.field) && draft.targets[part.field] === undefined && typeof part.equals === 'string' && !part.equals.includes(',')) {
        draft.targets[part.field] = part.equals;
        continue;
      }
    }
    leftover.push(part);
  }
  // The leftover becomes typed tests when each is a (negated) field test, all together or as one anyOf group.
  const asTests = (list: Condition[]) => list.map((c) => draftTestOf(c, draft.source));
  const single = leftover.length === 1 && 'anyOf' in leftover[0]! ? asTests(leftover[0].anyOf) : undefined;
  if (single && single.every((t) => t !== undefined) && single.length > 1) {
    draft.match = 'anyOf';
    draft.tests = single as DraftTest[];
  } else {
    const tests = asTests(leftover);
    if (tests.every((t) => t !== undefined)) draft.tests = tests as DraftTest[];
    else draft.advanced = leftover.length === 1 ? leftover[0] : { allOf: leftover };
  }
  for (const e of rule.exceptions) {
    if ('unlessDoneByAwsService' in e) draft.awsOnBehalf = true;
    else if ('unlessInvokedByAnyAwsService' in e) draft.anyAwsService = true;
    else if ('unlessItFailed' in e) draft.failed = true;
    else if ('unlessDoneByRoles' in e) draft.roles = [listOf(draft.roles), e.unlessDoneByRoles].flat().join(', ');
    else if ('unlessDoneByUsers' in e) draft.users = [listOf(draft.users), e.unlessDoneByUsers].flat().join(', ');
    else if ('onlyInRegions' in e) draft.regions = [listOf(draft.regions), e.onlyInRegions].flat().join(', ');
    else draft.cluster = true;
  }
  draft.id = rule.id;
  draft.idEdited = true;
  draft.notify = rule.notify;
  draft.urgency = rule.urgency;
  if (rule.count) draft.count = { on: true, atLeast: rule.count.atLeast, withinMinutes: rule.count.withinMinutes, by: rule.count.by ?? 'together' };
  if (rule.workingHours) {
    draft.hours = 'working';
    draft.workingHours = rule.workingHours;
  }
  draft.title = rule.title;
  draft.means = rule.means;
  draft.whatToDo = rule.whatToDo;
  draft.edited = { title: true, means: true, whatToDo: true };
  draft.keep = {
    references: rule.references,
    attack: rule.attack,
    cisAws: rule.cisAws,
    securityHub: rule.securityHub,
    ...(rule.pinned ? { pinned: rule.pinned } : {}),
    ...(rule.examples ? { examples: rule.examples } : {}),
    ...(rule.noise ? { noise: rule.noise } : {}),
    ...(rule.replaces ? { replaces: rule.replaces } : {}),
  };
  return draft;
}

