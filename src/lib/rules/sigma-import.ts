/**
 * Sigma import: a Sigma rule for AWS CloudTrail, or for a Kubernetes cluster's audit log (SigmaHQ's
 * `product: kubernetes, service: audit`), becomes a Plainsec rule that fires on the same events.
 *
 * Upper and lower case. Sigma ignores case unless a value says `|cased`. The import keeps that
 * exactly: a text value without `|cased` becomes a test with `ignoreCase: true`, which compares text
 * folded the way the Sigma reading in `matchers/sigma.ts` does; with `|cased` it becomes an exact
 * test. Text without letters (digits, punctuation, plain ASCII) is imported as an exact test, since
 * case cannot change what it matches. Nothing is assumed about how AWS or a tool spells a value.
 * Regular expressions, comparisons between two fields, `?` wildcards, keyword searches and similar
 * are refused with the reason.
 *
 * Sigma also matches a text value against a number or true/false written as text; the import keeps
 * that (`'true'` becomes "true as a value, or the text true in any case").
 */
import { foldCase } from './canonical.ts';
import { listsInRealRecords } from './fields.ts';
import { ruleSchema, ruleSetSchema } from './model.ts';
import type { Condition, Rule, RuleSet, Scalar, Urgency } from './model.ts';
import { parseSigmaRule, sigmaPattern } from './matchers/sigma.ts';
import type { RuleSource } from './sources.ts';
import { auditFields } from './sources/k8s-audit-fields.ts';
import { specialise } from './documented.ts';
import type { SigmaCondition, SigmaFieldTest, SigmaRule, SigmaSearch, SigmaValue } from './matchers/sigma.ts';

/** The top-level fields of a CloudTrail record. */
const cloudTrailTopLevel = new Set([
  'eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
  'errorCode', 'errorMessage', 'requestParameters', 'responseElements', 'additionalEventData', 'requestID', 'eventID',
  'eventType', 'apiVersion', 'managementEvent', 'readOnly', 'resources', 'recipientAccountId', 'serviceEventDetails',
  'sharedEventID', 'vpcEndpointId', 'vpcEndpointAccountId', 'eventCategory', 'addendum', 'sessionCredentialFromConsole',
  'edgeDeviceDetails', 'tlsDetails', 'insightDetails',
]);

/** CloudTrail fields that hold a group of fields, never one value. */
const groupFields = new Set(['userIdentity', 'requestParameters', 'responseElements', 'additionalEventData', 'resources', 'serviceEventDetails', 'tlsDetails', 'addendum', 'edgeDeviceDetails', 'insightDetails']);

/**
 * Warnings about an imported condition that means the same as the Sigma rule but may not be what
 * its author meant: a field CloudTrail does not have, a value test on a group of fields, a value
 * that looks like the name of another field (Sigma reads it as plain text).
 */
function warningsFor(condition: Condition): string[] {
  const out = new Set<string>();
  const walk = (c: Condition): void => {
    if ('not' in c) return walk(c.not);
    if ('allOf' in c) return c.allOf.forEach(walk);
    if ('anyOf' in c) return c.anyOf.forEach(walk);
    const top = c.field.split('.')[0]!;
    if (!cloudTrailTopLevel.has(top)) out.add(`CloudTrail records have no field named ${top}, so the test on ${c.field} never holds, as in the Sigma rule.`);
    else if (groupFields.has(c.field) && !('exists' in c))
      out.add(`${c.field} holds a group of fields, so a value test on it never holds, as in the Sigma rule; name one field inside it.`);
    const list = listsInRealRecords[c.field];
    if (list === 'values')
      out.add(
        `${c.field} holds a list in real CloudTrail records; this rule reads it by its items: ${'exists' in c ? 'it exists when the list has at least one item' : 'the test holds when one item passes'}.`,
      );
    else if (list === 'groups' && !groupFields.has(c.field))
      out.add(`${c.field} holds a list of groups of fields in real CloudTrail records, so ${'exists' in c ? 'it never exists as a value' : 'a value test on it never holds'}, as in the Sigma rule; name a field inside its items.`);
    const values = 'equals' in c ? [c.equals] : 'oneOf' in c ? c.oneOf : 'wildcard' in c ? [c.wildcard.replace(/^\*|\*$/g, '')] : [];
    for (const v of values)
      if (typeof v === 'string' && /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/.test(v) && cloudTrailTopLevel.has(v.split('.')[0]!))
        out.add(`The value "${v}" for ${c.field} looks like a field name; Sigma and this rule read it as plain text, not as that field's value.`);
  };
  walk(condition);
  return [...out];
}

// ------------------------------------------------------------ a cluster's audit log

/** The top-level fields of an audit event (`audit.k8s.io/v1` Event). */
const auditTopLevel = new Set([
  'kind', 'apiVersion', 'level', 'auditID', 'stage', 'requestURI', 'verb', 'user', 'impersonatedUser', 'sourceIPs', 'userAgent',
  'objectRef', 'responseStatus', 'requestObject', 'responseObject', 'requestReceivedTimestamp', 'stageTimestamp', 'annotations',
]);

/** Audit-event fields that hold a group of fields, never one value. */
const auditGroups = new Set(['user', 'impersonatedUser', 'objectRef', 'responseStatus', 'requestObject', 'responseObject', 'annotations']);

/**
 * The paths meant by names some SigmaHQ Kubernetes rules use, which no audit event has at its top:
 * they rely on a backend that finds a name anywhere in the event.
 */
const auditPathMeant: Record<string, string> = {
  apiGroup: 'objectRef.apiGroup',
  hostPath: 'requestObject.spec.volumes[].hostPath.path',
  capabilities: 'requestObject.spec.containers[].securityContext.capabilities.add',
};

/**
 * Why an imported rule on the audit log cannot work as written, or undefined: a field no audit event
 * has (the rule would never fire, in Sigma as here), or a test that can never hold on an event an
 * API server writes (text compared with a response code, which is a number).
 */
function auditRefusal(when: Condition): string | undefined {
  const tests: Condition[] = [];
  const walk = (c: Condition): void => {
    if ('not' in c) walk(c.not);
    else if ('allOf' in c) c.allOf.forEach(walk);
    else if ('anyOf' in c) c.anyOf.forEach(walk);
    else tests.push(c);
  };
  walk(when);
  for (const t of tests) {
    if (!('field' in t)) continue;
    const top = t.field.split('.')[0]!;
    if (!auditTopLevel.has(top)) {
      const meant = auditPathMeant[t.field];
      return `audit events have no field named ${t.field}, so the rule would never fire; ${meant ? `the field meant is ${meant}: write the rule with that path` : 'name the field by its whole path in the audit event, like objectRef.resource'}`;
    }
  }
  if (specialise(when, 'k8s-audit').condition === false) {
    const numbers = tests.filter((t) => 'field' in t && auditFields.some((f) => f.path === t.field && f.kind === 'number' && f.resources === undefined));
    return `the rule can never fire on an audit event a cluster writes${numbers.length > 0 ? `: ${(numbers[0] as { field: string }).field} is a number (like 403), and the rule compares it with text` : ': its tests compare fields with values Kubernetes never writes there, or contradict each other'}`;
  }
  return undefined;
}

/** What may surprise about an imported rule on the audit log: lists read by their items, tests on a group of fields. */
function auditWarningsFor(condition: Condition): string[] {
  const out = new Set<string>();
  const walk = (c: Condition): void => {
    if ('not' in c) return walk(c.not);
    if ('allOf' in c) return c.allOf.forEach(walk);
    if ('anyOf' in c) return c.anyOf.forEach(walk);
    if (auditGroups.has(c.field) && !('exists' in c)) out.add(`${c.field} holds a group of fields, so a value test on it never holds, as in the Sigma rule; name one field inside it.`);
    if (auditFields.some((f) => f.path === c.field && f.list === 'values'))
      out.add(`${c.field} holds a list in audit events; this rule reads it by its items: ${'exists' in c ? 'it exists when the list has at least one item' : 'the test holds when one item passes'}.`);
  };
  walk(condition);
  return [...out];
}

const fieldPath = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

class Refuse extends Error {}

/** Whether upper and lower case can change what this text matches: it has a letter or a character outside ASCII. */
const caseCanMatter = (text: string): boolean => /[A-Za-z]|[^\u0000-\u007f]/.test(text);

type Piece = ReturnType<typeof sigmaPattern>[number];

/** The Plainsec test for text pieces (literal text and `*`), holding only on text values. */
function textTest(field: string, pieces: Piece[], ignoreCase: boolean): Condition {
  const stars = pieces.map((p) => p.kind === 'any');
  const texts = pieces.filter((p): p is { kind: 'text'; text: string } => p.kind === 'text');
  const anyCase = ignoreCase ? { ignoreCase: true as const } : {};
  if (pieces.length === 1 && texts.length === 1) return { field, equals: texts[0]!.text, ...anyCase };
  if (pieces.length === 2 && texts.length === 1 && stars[1]) return { field, startsWith: texts[0]!.text, ...anyCase };
  if (pieces.length === 2 && texts.length === 1 && stars[0]) return { field, endsWith: texts[0]!.text, ...anyCase };
  if (texts.some((t) => t.text.includes('*')))
    throw new Refuse(`the value for ${field} has a literal * among wildcards, which a Plainsec wildcard cannot say`);
  return { field, wildcard: pieces.map((p) => (p.kind === 'any' ? '*' : (p as { text: string }).text)).join(''), ...anyCase };
}

const anyOf = (conditions: Condition[]): Condition => (conditions.length === 1 ? conditions[0]! : { anyOf: conditions });
const allOf = (conditions: Condition[]): Condition => {
  const flat = conditions.flatMap((c) => ('allOf' in c ? c.allOf : [c]));
  return flat.length === 1 ? flat[0]! : { allOf: flat };
};

function stringValue(field: string, text: string, modifiers: string[]): Condition {
  let pieces = sigmaPattern(text);
  if (pieces.some((p) => p.kind === 'one')) throw new Refuse(`the value for ${field} uses ?, which stands for one character; Plainsec has no such wildcard`);
  if (modifiers.includes('contains') || modifiers.includes('endswith')) pieces = [{ kind: 'any' }, ...pieces];
  if (modifiers.includes('contains') || modifiers.includes('startswith')) pieces = [...pieces, { kind: 'any' }];
  // Merge neighbouring wildcards; `**` means the same as `*`.
  pieces = pieces.filter((p, i) => !(p.kind === 'any' && pieces[i - 1]?.kind === 'any') && !(p.kind === 'text' && p.text === ''));
  if (pieces.length === 0) pieces = [{ kind: 'text', text: '' }];
  // Only wildcards: any text, and (read as text) any number or true/false: the field has a value.
  if (pieces.every((p) => p.kind === 'any')) return { field, exists: true };
  const cased = modifiers.includes('cased');
  const literal = pieces.map((p) => (p.kind === 'text' ? p.text : '')).join('');
  // Sigma's reading folds both sides before comparing; the test for numbers and true/false does too.
  const fold = (t: string): string => (cased ? t : foldCase(t));
  const regex = new RegExp(`^${pieces.map((p) => (p.kind !== 'text' ? '.*' : fold(p.text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 's');

  // Numbers and true/false whose JSON text the pattern matches.
  const nonText: Scalar[] = [];
  if (regex.test('true')) nonText.push(true);
  if (regex.test('false')) nonText.push(false);
  if (/^[0-9.eE+-]*$/.test(literal)) {
    if (pieces.length !== 1)
      throw new Refuse(`the value for ${field} could also match numbers written as text, which Plainsec cannot list`);
    // Without wildcards, only the number whose JSON text this is can match.
    const n = Number(literal);
    if (literal !== '' && Number.isFinite(n) && regex.test(JSON.stringify(n))) nonText.push(n);
  }

  const textPart = textTest(field, pieces, !cased && caseCanMatter(literal));
  if (nonText.length === 0) return textPart;
  return anyOf([textPart, nonText.length === 1 ? { field, equals: nonText[0]! } : { field, oneOf: nonText }]);
}

function valueCondition(test: SigmaFieldTest, value: SigmaValue): Condition {
  const field = test.field;
  if (value.kind === 'null') return { field, exists: false };
  if (value.kind === 'number' || value.kind === 'boolean') {
    if (test.modifiers.some((m) => m !== 'all')) throw new Refuse(`|${test.modifiers.join('|')} on ${field} needs a text value`);
    return { field, equals: value.value };
  }
  return stringValue(field, value.text, test.modifiers);
}

const supported = new Set(['contains', 'startswith', 'endswith', 'all', 'cased', 'exists']);
const modifierReasons: Record<string, string> = {
  re: 'a regular expression, which Plainsec rules do not use; write the value with * wildcards instead',
  fieldref: 'a comparison between two fields, which a Plainsec rule cannot make',
  cidr: 'a network range; Plainsec rules compare exact addresses',
  base64: 'base64 decoding, which CloudTrail records do not need',
  base64offset: 'base64 decoding, which CloudTrail records do not need',
  windash: 'Windows command-line dashes, which CloudTrail records do not have',
};

function fieldCondition(test: SigmaFieldTest): Condition {
  const mods = test.modifiers.map((m) => m.toLowerCase());
  for (const m of mods)
    if (!supported.has(m)) throw new Refuse(`the test on ${test.field} uses |${m}: ${modifierReasons[m] ?? 'a modifier Plainsec does not support'}`);
  if (!fieldPath.test(test.field)) throw new Refuse(`the field name "${test.field}" is not a dotted CloudTrail path like userIdentity.type`);
  if (mods.includes('exists')) {
    const v = test.values[0];
    if (test.values.length !== 1 || v?.kind !== 'boolean') throw new Refuse(`|exists on ${test.field} takes true or false`);
    return { field: test.field, exists: v.value };
  }
  if (test.values.length === 0) throw new Refuse(`the test on ${test.field} lists no values`);
  const conditions = test.values.map((v) => valueCondition({ ...test, modifiers: mods }, v));
  if (mods.includes('all')) return allOf(conditions);
  // Equal-to-one-of-these reads best as one oneOf. A value kept exact there has no letters (or the
  // whole test is |cased), so ignoring case for the list changes nothing for it.
  if (conditions.length > 1 && conditions.every((c) => 'equals' in c)) {
    const anyCase = conditions.some((c) => 'ignoreCase' in c && c.ignoreCase === true) ? { ignoreCase: true as const } : {};
    return { field: test.field, oneOf: conditions.map((c) => (c as { equals: Scalar }).equals), ...anyCase };
  }
  return anyOf(conditions);
}

function searchCondition(search: SigmaSearch): Condition {
  if (search.kind === 'keywords') throw new Refuse(`the search ${search.name} looks for words anywhere in the record; Plainsec needs the field to look in`);
  if (search.kind === 'map') return allOf(search.tests.map((t) => fieldCondition(t)));
  return anyOf(search.maps.map((tests) => allOf(tests.map((t) => fieldCondition(t)))));
}

function translate(condition: SigmaCondition, rule: SigmaRule): Condition {
  const byName = (name: string): Condition => {
    const search = rule.searches.find((s) => s.name === name);
    if (!search) throw new Refuse(`the condition names ${name}, but there is no search with that name`);
    return searchCondition(search);
  };
  switch (condition.kind) {
    case 'ref':
      return byName(condition.name);
    case 'not':
      return { not: translate(condition.operand, rule) };
    case 'and':
      return allOf(condition.operands.map((o) => translate(o, rule)));
    case 'or':
      return anyOf(condition.operands.map((o) => translate(o, rule)));
    case 'of': {
      const names = rule.searches
        .map((s) => s.name)
        .filter((n) => (condition.pattern === 'them' ? !n.startsWith('_') : new RegExp(`^${condition.pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(n)));
      if (names.length === 0) throw new Refuse(`no search matches "${condition.pattern}" in the condition`);
      const parts = names.map(byName);
      return condition.quantifier === 'all' ? allOf(parts) : anyOf(parts);
    }
  }
}

const urgencyForLevel: Record<string, Urgency> = {
  critical: 'wake-me-up',
  high: 'wake-me-up',
  medium: 'look-today',
  low: 'fyi',
  informational: 'fyi',
};

const metaOf = (rule: SigmaRule, key: string): unknown => rule.meta.find(([k]) => k === key)?.[1];
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** A rule id from a title: lower case with dashes. */
function idFromTitle(title: string): string {
  const slug = title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  return slug.length >= 3 ? slug : `sigma-rule-${slug}`.replace(/-+$/, '');
}

/** The outcome of importing one Sigma rule. `notes` point out what may surprise (see `warningsFor`) and what was left out. */
export type SigmaImportResult = { ok: true; rule: Rule; notes: string[] } | { ok: false; reason: string };

/** The rule source a Sigma log source names, if Plainsec reads it. */
function sourceOfLogsource(logsource: Record<string, unknown> | undefined): RuleSource | undefined {
  if (logsource?.product === 'aws' && logsource?.service === 'cloudtrail') return 'cloudtrail';
  if (logsource?.product === 'kubernetes' && logsource?.service === 'audit') return 'k8s-audit';
  return undefined;
}

/** Import one Sigma rule for AWS CloudTrail or a cluster's audit log as a Plainsec rule, or say in plain words why not. */
export function importSigmaRule(yamlText: string): SigmaImportResult {
  const parsed = parseSigmaRule(yamlText);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const sigma = parsed.rule;
  const source = sourceOfLogsource(metaOf(sigma, 'logsource') as Record<string, unknown> | undefined);
  if (!source)
    return {
      ok: false,
      reason: "the rule is not for AWS CloudTrail or a cluster's audit log; its logsource must be product: aws, service: cloudtrail, or product: kubernetes, service: audit",
    };
  const title = typeof metaOf(sigma, 'title') === 'string' ? oneLine(metaOf(sigma, 'title') as string) : '';
  if (!title) return { ok: false, reason: 'the rule has no title; add one' };
  let notes: string[];
  let when: Condition;
  try {
    when = anyOf(sigma.conditions.map((c) => translate(c, sigma)));
    notes = source === 'k8s-audit' ? auditWarningsFor(when) : warningsFor(when);
    const refusal = source === 'k8s-audit' ? auditRefusal(when) : undefined;
    if (refusal) return { ok: false, reason: refusal };
  } catch (error) {
    if (error instanceof Refuse) return { ok: false, reason: error.message };
    throw error;
  }
  const description = typeof metaOf(sigma, 'description') === 'string' ? oneLine(metaOf(sigma, 'description') as string) : '';
  const falsePositives = strings(metaOf(sigma, 'falsepositives')).map(oneLine).filter((fp) => !/^(unknown|unlikely|none)\.?$/i.test(fp));
  const whatToDo = [
    'Find out who did this and whether it was planned; if nobody on your team expected it, treat it as an incident.',
    ...(falsePositives.length > 0 ? [`It can also be harmless: ${falsePositives.join('; ')}.`] : []),
  ].join(' ');
  const level = typeof metaOf(sigma, 'level') === 'string' ? (metaOf(sigma, 'level') as string) : 'medium';
  const references = [...new Set(strings(metaOf(sigma, 'references')).filter((r) => /^https?:\/\/\S+$/.test(r)))];
  const attack = [
    ...new Set(
      strings(metaOf(sigma, 'tags'))
        .map((t) => /^attack\.t(\d{4})(\.\d{3})?$/i.exec(t))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => `T${m[1]}${m[2] ?? ''}`),
    ),
  ];
  const candidate = {
    id: idFromTitle(title),
    ...(source === 'k8s-audit' ? { source } : {}),
    title: title.length > 120 ? `${title.slice(0, 117)}...` : title,
    means: description || title,
    whatToDo,
    when,
    exceptions: [],
    urgency: urgencyForLevel[level] ?? 'look-today',
    notify: '#security-alerts',
    references,
    attack,
  };
  const checked = ruleSchema.safeParse(candidate);
  if (!checked.success) {
    // Drop references the model does not accept, rather than the whole rule.
    const retry = ruleSchema.safeParse({ ...candidate, references: [] });
    if (!retry.success) return { ok: false, reason: `the imported rule is not valid: ${retry.error.issues[0]?.message ?? 'unknown problem'}` };
    return { ok: true, rule: retry.data, notes: [...notes, 'Some references were not full web addresses and were left out.'] };
  }
  return { ok: true, rule: checked.data, notes };
}

/** One input file for `importSigmaRules`. */
export interface SigmaFile {
  name: string;
  text: string;
}

/** What became of each file in a batch import. */
export interface SigmaImportReport {
  name: string;
  ruleId?: string;
  reason?: string;
  notes: string[];
}

/** Import many Sigma rules into one rule set, with a line per file saying what became of it. */
export function importSigmaRules(inputs: Array<string | SigmaFile>): { ruleSet: RuleSet; files: SigmaImportReport[] } {
  const rules: Rule[] = [];
  const files: SigmaImportReport[] = [];
  const used = new Set<string>();
  inputs.forEach((input, index) => {
    const file = typeof input === 'string' ? { name: `rule ${index + 1}`, text: input } : input;
    const result = importSigmaRule(file.text);
    if (!result.ok) {
      files.push({ name: file.name, reason: result.reason, notes: [] });
      return;
    }
    let id = result.rule.id;
    for (let n = 2; used.has(id); n++) id = `${result.rule.id.slice(0, 58)}-${n}`;
    used.add(id);
    rules.push({ ...result.rule, id });
    files.push({ name: file.name, ruleId: id, notes: result.notes });
  });
  return { ruleSet: ruleSetSchema.parse({ plainsecRules: 1, rules }), files };
}
