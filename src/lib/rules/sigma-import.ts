/**
 * Sigma import: a Sigma rule for AWS CloudTrail becomes a Plainsec rule that fires on the same events.
 *
 * Upper and lower case. Sigma ignores case unless a value says `|cased`; a Plainsec rule compares
 * exactly. A value keeps its meaning when case cannot matter, so it is imported when:
 * - it is `|cased`, or has no letters (`*`, digits, punctuation);
 * - the field holds a name that its writer always spells one way: AWS for event names and
 *   sources, error codes and messages, identity types, regions, yes/no answers; and the calling tool
 *   for its own name in the user agent (TruffleHog, S3 Browser). The imported rule uses the
 *   spelling AWS writes where it is one of a few fixed words (`NO` becomes `No`), and the Sigma
 *   spelling otherwise. For the user agent, the import notes that a tool which changes the case of
 *   its own name would slip past;
 * - it is short enough (up to five letters) to list every way of writing it.
 * Anything else is refused with the reason, as are regular expressions, comparisons between two
 * fields, `?` wildcards, keyword searches and searches inside a group of fields.
 *
 * Sigma also matches a text value against a number or true/false written as text; the import keeps
 * that (`'true'` becomes "true as a value, or the text true in any case").
 */
import { ruleSchema, ruleSetSchema } from './model.ts';
import type { Condition, Rule, RuleSet, Scalar, Urgency } from './model.ts';
import { parseSigmaRule, sigmaPattern } from './matchers/sigma.ts';
import type { SigmaCondition, SigmaFieldTest, SigmaRule, SigmaSearch, SigmaValue } from './matchers/sigma.ts';

/** Fields whose values AWS (or the calling tool) always spells one way, with the fixed words where known. */
export const caseExactFields: Record<string, { writer: 'aws' | 'tool'; words?: string[] }> = {
  eventName: { writer: 'aws' },
  eventSource: { writer: 'aws' },
  eventType: { writer: 'aws', words: ['AwsApiCall', 'AwsServiceEvent', 'AwsConsoleAction', 'AwsConsoleSignIn', 'AwsCloudTrailInsight', 'AwsVpceEvent'] },
  eventCategory: { writer: 'aws', words: ['Management', 'Data', 'Insight', 'NetworkActivity'] },
  awsRegion: { writer: 'aws' },
  errorCode: { writer: 'aws' },
  errorMessage: { writer: 'aws' },
  'userIdentity.type': {
    writer: 'aws',
    words: ['Root', 'IAMUser', 'AssumedRole', 'FederatedUser', 'Directory', 'AWSAccount', 'AWSService', 'IdentityCenterUser', 'SAMLUser', 'WebIdentityUser', 'Unknown'],
  },
  'userIdentity.invokedBy': { writer: 'aws' },
  'userIdentity.sessionContext.sessionIssuer.type': { writer: 'aws', words: ['Root', 'IAMUser', 'Role'] },
  'additionalEventData.MFAUsed': { writer: 'aws', words: ['Yes', 'No'] },
  'responseElements.ConsoleLogin': { writer: 'aws', words: ['Success', 'Failure'] },
  'requestParameters.attribute': {
    writer: 'aws',
    words: [
      'instanceType', 'kernel', 'ramdisk', 'userData', 'disableApiTermination', 'instanceInitiatedShutdownBehavior',
      'rootDeviceName', 'blockDeviceMapping', 'productCodes', 'sourceDestCheck', 'groupSet', 'ebsOptimized',
      'sriovNetSupport', 'enaSupport', 'enclaveOptions', 'disableApiStop',
    ],
  },
  userAgent: { writer: 'tool' },
};

/** The top-level fields of a CloudTrail record. */
const cloudTrailTopLevel = new Set([
  'eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
  'errorCode', 'errorMessage', 'requestParameters', 'responseElements', 'additionalEventData', 'requestID', 'eventID',
  'eventType', 'apiVersion', 'managementEvent', 'readOnly', 'resources', 'recipientAccountId', 'serviceEventDetails',
  'sharedEventID', 'vpcEndpointId', 'vpcEndpointAccountId', 'eventCategory', 'addendum', 'sessionCredentialFromConsole',
  'edgeDeviceDetails', 'tlsDetails', 'insightDetails',
]);

const groupFields = new Set(['userIdentity', 'requestParameters', 'responseElements', 'additionalEventData', 'resources', 'serviceEventDetails', 'tlsDetails', 'addendum', 'edgeDeviceDetails', 'insightDetails']);

const fieldPath = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

class Refuse extends Error {}

const hasLetters = (s: string): boolean => s.toLowerCase() !== s.toUpperCase();
const letterCount = (s: string): number => [...s].filter((c) => c.toLowerCase() !== c.toUpperCase()).length;

/** Every way of writing a text in upper and lower case. */
function caseVariants(text: string): string[] {
  let out = [''];
  for (const c of text) {
    const forms = [...new Set([c.toLowerCase(), c.toUpperCase()])].filter((f) => f.toLowerCase() === c.toLowerCase());
    out = out.flatMap((prefix) => forms.map((f) => prefix + f));
  }
  return out;
}

type Piece = ReturnType<typeof sigmaPattern>[number];

function caseReason(field: string, value: string): string {
  const top = field.split('.')[0]!;
  const hint = /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/.test(value)
    ? ` The value "${value}" looks like a field name: Sigma reads it as plain text, and Plainsec cannot compare two fields.`
    : !cloudTrailTopLevel.has(top)
    ? ` CloudTrail records have no field named ${top}, so the rule would never fire.`
    : groupFields.has(field)
      ? ` ${field} holds a group of fields; name the one field to compare, like ${field}.something.`
      : '';
  return `Sigma compares ${field} ignoring upper and lower case, but Plainsec compares exactly, and ${field} is not a name that is always spelled one way.${hint}`;
}

/** The Plainsec test for text pieces (literal text and `*`), holding only on text values. */
function textTest(field: string, pieces: Piece[]): Condition {
  const stars = pieces.map((p) => p.kind === 'any');
  const texts = pieces.filter((p): p is { kind: 'text'; text: string } => p.kind === 'text');
  if (pieces.length === 1 && texts.length === 1) return { field, equals: texts[0]!.text };
  if (pieces.length === 2 && texts.length === 1 && stars[1]) return { field, startsWith: texts[0]!.text };
  if (pieces.length === 2 && texts.length === 1 && stars[0]) return { field, endsWith: texts[0]!.text };
  if (texts.some((t) => t.text.includes('*')))
    throw new Refuse(`the value for ${field} has a literal * among wildcards, which a Plainsec wildcard cannot say`);
  return { field, wildcard: pieces.map((p) => (p.kind === 'any' ? '*' : (p as { text: string }).text)).join('') };
}

const anyOf = (conditions: Condition[]): Condition => (conditions.length === 1 ? conditions[0]! : { anyOf: conditions });
const allOf = (conditions: Condition[]): Condition => {
  const flat = conditions.flatMap((c) => ('allOf' in c ? c.allOf : [c]));
  return flat.length === 1 ? flat[0]! : { allOf: flat };
};

function stringValue(field: string, text: string, modifiers: string[], notes: string[]): Condition {
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
  const regex = new RegExp(`^${pieces.map((p) => (p.kind !== 'text' ? '.*' : p.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`, cased ? 's' : 'is');

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

  let textPart: Condition;
  if (cased || !hasLetters(literal)) textPart = textTest(field, pieces);
  else if (caseExactFields[field]) {
    const known = caseExactFields[field]!;
    const fixed = pieces.length === 1 ? known.words?.find((w) => w.toLowerCase() === literal.toLowerCase()) : undefined;
    textPart = fixed ? { field, equals: fixed } : textTest(field, pieces);
    if (known.writer === 'tool')
      notes.push(`Sigma matched ${field} in any upper and lower case; this rule matches "${literal}" as the tool writes it.`);
  } else if (letterCount(literal) <= 5) {
    // Few letters: list every way of writing them.
    const variants = caseVariants(pieces.map((p) => (p.kind !== 'text' ? '\u0000' : p.text)).join(''));
    const tests = variants.map((v) => textTest(field, v.split('\u0000').flatMap((t, i): Piece[] => [...(i > 0 ? [{ kind: 'any' } as Piece] : []), ...(t ? [{ kind: 'text', text: t } as Piece] : [])])));
    textPart =
      tests.every((t) => 'equals' in t) ? { field, oneOf: tests.map((t) => (t as { equals: Scalar }).equals) } : anyOf(tests);
  } else throw new Refuse(caseReason(field, literal));

  if (nonText.length === 0) return textPart;
  return anyOf([textPart, nonText.length === 1 ? { field, equals: nonText[0]! } : { field, oneOf: nonText }]);
}

function valueCondition(test: SigmaFieldTest, value: SigmaValue, notes: string[]): Condition {
  const field = test.field;
  if (value.kind === 'null') return { field, exists: false };
  if (value.kind === 'number' || value.kind === 'boolean') {
    if (test.modifiers.some((m) => m !== 'all')) throw new Refuse(`|${test.modifiers.join('|')} on ${field} needs a text value`);
    return { field, equals: value.value };
  }
  return stringValue(field, value.text, test.modifiers, notes);
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

function fieldCondition(test: SigmaFieldTest, notes: string[]): Condition {
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
  const conditions = test.values.map((v) => valueCondition({ ...test, modifiers: mods }, v, notes));
  if (mods.includes('all')) return allOf(conditions);
  // Equal-to-one-of-these reads best as one oneOf.
  if (conditions.length > 1 && conditions.every((c) => 'equals' in c)) return { field: test.field, oneOf: conditions.map((c) => (c as { equals: Scalar }).equals) };
  return anyOf(conditions);
}

function searchCondition(search: SigmaSearch, notes: string[]): Condition {
  if (search.kind === 'keywords') throw new Refuse(`the search ${search.name} looks for words anywhere in the record; Plainsec needs the field to look in`);
  if (search.kind === 'map') return allOf(search.tests.map((t) => fieldCondition(t, notes)));
  return anyOf(search.maps.map((tests) => allOf(tests.map((t) => fieldCondition(t, notes)))));
}

function translate(condition: SigmaCondition, rule: SigmaRule, notes: string[]): Condition {
  const byName = (name: string): Condition => {
    const search = rule.searches.find((s) => s.name === name);
    if (!search) throw new Refuse(`the condition names ${name}, but there is no search with that name`);
    return searchCondition(search, notes);
  };
  switch (condition.kind) {
    case 'ref':
      return byName(condition.name);
    case 'not':
      return { not: translate(condition.operand, rule, notes) };
    case 'and':
      return allOf(condition.operands.map((o) => translate(o, rule, notes)));
    case 'or':
      return anyOf(condition.operands.map((o) => translate(o, rule, notes)));
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

/** The outcome of importing one Sigma rule. `notes` say where the import relies on how a tool writes a value. */
export type SigmaImportResult = { ok: true; rule: Rule; notes: string[] } | { ok: false; reason: string };

/** Import one Sigma rule for AWS CloudTrail as a Plainsec rule, or say in plain words why not. */
export function importSigmaRule(yamlText: string): SigmaImportResult {
  const parsed = parseSigmaRule(yamlText);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const sigma = parsed.rule;
  const logsource = metaOf(sigma, 'logsource') as Record<string, unknown> | undefined;
  if (logsource?.product !== 'aws' || logsource?.service !== 'cloudtrail')
    return { ok: false, reason: 'the rule is not for AWS CloudTrail; its logsource must be product: aws, service: cloudtrail' };
  const title = typeof metaOf(sigma, 'title') === 'string' ? oneLine(metaOf(sigma, 'title') as string) : '';
  if (!title) return { ok: false, reason: 'the rule has no title; add one' };
  const notes: string[] = [];
  let when: Condition;
  try {
    when = anyOf(sigma.conditions.map((c) => translate(c, sigma, notes)));
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
