/**
 * Falco export: a rules file for the CloudTrail plugin (`source: aws_cloudtrail`).
 *
 * Where a plugin field reads exactly the CloudTrail value a rule tests (`ct.name` is `eventName`
 * when it is text), the export uses it; otherwise `json.value[/path]` from the json plugin.
 * Falco compares text, so the export refuses what text cannot say exactly:
 * - numbers and true/false (Falco cannot tell the number 5 from the text "5"), except
 *   `readOnly` / `managementEvent` equal to true, which `ct.readonly` / `ct.managementevent` read
 *   from the true/false value itself;
 * - through `json.value`, a text that is also the JSON text of another kind of value ("5",
 *   "true", "null", "{…}"), and a start, end or wildcard that such JSON text could also match.
 * A test that ignores case is written only as `icontains` (for `*text*` with plain ASCII text);
 * other such tests are refused, except that text without letters is compared exactly, which
 * means the same. `icontains` folds A to Z only, so a value written with the Kelvin sign (K) or the
 * dotted capital I (İ), which Plainsec lower-cases to ASCII letters, is a known miss. A test on a missing field is false in Falco whatever the operator, so "is not" is always
 * written `not (…)`, never `!=`.
 *
 * Where AWS documents a field's kind (`documented.ts`, `fields.ts`), the export relies on it and says
 * so in a comment: a documented text field holds no number, true/false, null or group, so none of
 * the refusals above applies to it; a documented true/false field is compared as the text `json.value`
 * gives it; and `exists` on a documented field is exact.
 *
 * `exists` is exact for `ct.*` fields (a value that is not text is recognised through `json.value`).
 * For other fields, `json.value[…] exists` also holds on JSON null, an object or a list, where a
 * Plainsec rule says the field does not exist. The export uses it only where the CloudTrail record
 * format fixes a field to one value (`userIdentity.invokedBy`, `errorMessage` …), and refuses
 * `exists` on fields that hold groups (`userIdentity`, `resources` …) and on anything under
 * `requestParameters`, `responseElements`, `additionalEventData` and `serviceEventDetails`, whose
 * shape depends on the API called (`responseElements.role` is text for one call, a group for another).
 */
import { yamlText } from '../yaml-text.ts';
import type { CloudTrailEvent } from '../canonical.ts';
import { effectiveCondition } from '../model.ts';
import type { Condition, FieldTest, Rule, RuleSet, Urgency } from '../model.ts';
import { provableTarget, type Detection, type ExportResult, type MatchResult, type ProvableTarget, type Refusal } from '../target.ts';
import { compileFalco, falcoStringFields, matchFalco } from '../matchers/falco.ts';
import { constantRuleReason, documentedTypeNotes, specialise } from '../documented.ts';
import { undocumentedShapeReason } from '../undocumented-shape.ts';
import type { FieldKind } from '../fields.ts';

/** Falco priority for each urgency (rule-targets.md). */
const falcoPriorities: Record<Urgency, 'CRITICAL' | 'WARNING' | 'NOTICE'> = {
  'wake-me-up': 'CRITICAL',
  'look-today': 'WARNING',
  fyi: 'NOTICE',
};

/** Engine and plugin versions the exported files need (the same as the official CloudTrail rules). */
const falcoRequirements = {
  required_engine_version: '0.10.0',
  required_plugin_versions: [
    { name: 'cloudtrail', version: '0.10.0' },
    { name: 'json', version: '0.7.0' },
  ],
};

/** CloudTrail fields that hold groups of fields, never one value. */
const cloudTrailGroupFields = new Set([
  'userIdentity',
  'userIdentity.sessionContext',
  'userIdentity.sessionContext.sessionIssuer',
  'userIdentity.sessionContext.attributes',
  'userIdentity.sessionContext.webIdFederationData',
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'resources',
  'serviceEventDetails',
  'tlsDetails',
  'addendum',
  'edgeDeviceDetails',
  'insightDetails',
]);

/** Parts of a record whose shape depends on the API called; a name there may hold a value, null or a group. */
const variableShapeRoots = new Set(['requestParameters', 'responseElements', 'additionalEventData', 'serviceEventDetails']);

class Refuse extends Error {}

const ctFieldFor: Map<string, string> = new Map(Object.entries(falcoStringFields).map(([ct, path]) => [path, ct]));

const jsonValue = (path: string): string => `json.value[/${path.split('.').join('/')}]`;

/** A Falco double-quoted string; refuses control characters Falco cannot carry. */
function quote(text: string): string {
  if (/[\u0000-\u0007\u000b\u000e-\u001f\u007f]/.test(text))
    throw new Refuse('a value holds a control character, which a Falco condition cannot carry; remove it');
  const escaped = text.replace(/[\\"\n\r\t\b\f]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' })[c]!);
  return `"${escaped}"`;
}

/** Whether this text is also the JSON text of a number, true/false, null, an object or a list. */
function isJsonOfAnotherKind(text: string): boolean {
  try {
    return typeof JSON.parse(text) !== 'string';
  } catch {
    return false;
  }
}

const numberCharacters = /^[0-9.eE+-]*$/;

/** Whether some non-text JSON value's text could start with this prefix. */
function unsafePrefix(prefix: string): boolean {
  if (prefix === '' || numberCharacters.test(prefix) || /^[{[]/.test(prefix)) return true;
  return ['true', 'false', 'null'].some((word) => word.startsWith(prefix));
}

/** Whether some non-text JSON value's text could end with this suffix. */
function unsafeSuffix(suffix: string): boolean {
  if (suffix === '' || numberCharacters.test(suffix) || /[}\]]$/.test(suffix)) return true;
  return ['true', 'false', 'null'].some((word) => word.endsWith(suffix));
}

/** Text whose matching cannot depend on case: ASCII without letters. */
const caseCannotMatter = (text: string): boolean => /^[\u0000-\u007f]*$/.test(text) && !/[A-Za-z]/.test(text);

/**
 * A test that ignores case, where Falco can say it: `*text*` becomes `icontains` (libsinsp's
 * strcasestr folds A–Z, which is the rule model's folding for ASCII text). Text without letters
 * means the same in any case, so it is compared exactly. Anything else is refused.
 */
function ignoringCase(test: FieldTest & { ignoreCase?: true }, field: string, isCtField: boolean): string | undefined {
  // A field documented as text holds only text, as a ct.* field does.
  const texts = 'equals' in test ? [test.equals] : 'oneOf' in test ? test.oneOf : 'startsWith' in test ? [test.startsWith] : 'endsWith' in test ? [test.endsWith] : 'wildcard' in test ? [test.wildcard] : [];
  if (texts.every((t) => typeof t !== 'string' || caseCannotMatter(t))) return undefined;
  if ('wildcard' in test) {
    const parts = test.wildcard.split('*');
    const middle = parts.slice(1, -1).filter((p) => p !== '');
    if (parts.length >= 3 && parts[0] === '' && parts[parts.length - 1] === '' && middle.length === 1 && /^[\u0000-\u007f]*$/.test(middle[0]!)) {
      if (!isCtField)
        throw new Refuse(`Falco reads ${test.field} as text, and "${test.wildcard}" in any case could also match a number, true/false, null or a group of fields written as text`);
      return `${field} icontains ${quote(middle[0]!)}`;
    }
  }
  throw new Refuse(
    `Falco can ignore case only to find a piece of plain A to Z text anywhere in a field (icontains), not for ${describeTest(test)}; compare exactly, or use Sigma or EventBridge for this rule`,
  );
}

const describeTest = (test: FieldTest): string =>
  'equals' in test || 'oneOf' in test
    ? `a whole value of ${test.field}`
    : 'startsWith' in test
      ? `the start of ${test.field}`
      : 'endsWith' in test
        ? `the end of ${test.field}`
        : 'wildcard' in test
          ? `the pattern "${test.wildcard}"`
          : test.field;

function fieldTest(test: FieldTest, kind: FieldKind | undefined): string {
  const path = test.field;
  if (kind === undefined)
    throw new Refuse(undocumentedShapeReason('Falco', path, `reads a field that holds a list as no value (a ct.* field) or as the list's JSON text (json.value), never by its items`));
  const ct = ctFieldFor.get(path);
  const field = ct ?? jsonValue(path);
  if (!('exists' in test) && test.ignoreCase === true) {
    const written = ignoringCase(test, field, ct !== undefined || kind === 'string');
    if (written !== undefined) return written;
  }
  // Where AWS documents the field as text, no number, true/false, null or group is ever there.
  const textOnly = (what: string, ok: boolean): void => {
    if (!ct && !ok && kind !== 'string')
      throw new Refuse(`Falco reads ${path} as text, and ${what} could also match a number, true/false, null or a group of fields written as text`);
  };
  if ('exists' in test) {
    let present: string;
    if (kind !== undefined) {
      // Documented: the field is missing or holds one value of its kind, never null or a group.
      present = `${field} exists`;
    } else if (ct) {
      // ct.* only sees text; a number or true/false is seen through json.value, whose JSON text
      // then tells it apart from null, an object or a list.
      const j = jsonValue(path);
      present = `(${ct} exists or (${j} exists and not ${j} in ("null") and not ${j} startswith "{" and not ${j} startswith "["))`;
    } else {
      if (cloudTrailGroupFields.has(path))
        throw new Refuse(`${path} holds a group of fields; Falco counts it as present where Plainsec does not. Test one field inside it`);
      if (variableShapeRoots.has(path.split('.')[0]!))
        throw new Refuse(
          `under ${path.split('.')[0]} the same name can hold a value in one call and a group of fields or null in another; Falco counts those as present where Plainsec does not, so it cannot test whether ${path} exists`,
        );
      present = `${field} exists`;
    }
    return test.exists ? present : `not ${present}`;
  }
  if ('equals' in test || 'oneOf' in test) {
    const values = 'equals' in test ? [test.equals] : test.oneOf;
    if (values.every((v) => v === true) && (path === 'readOnly' || path === 'managementEvent')) {
      // The plugin turns the true/false value itself into "true"; when readOnly is missing it guesses.
      return path === 'readOnly' ? `(ct.readonly = "true" and ${jsonValue(path)} exists)` : `ct.managementevent = "true"`;
    }
    if (kind === 'boolean' && values.every((v) => typeof v === 'boolean')) {
      // Documented true/false: json.value writes it as the text true or false, and no text is ever there.
      const texts = [...new Set(values.map(String))];
      return texts.length === 1 ? `${jsonValue(path)} = ${quote(texts[0]!)}` : `${jsonValue(path)} in (${texts.map(quote).join(', ')})`;
    }
    const strings = values.filter((v): v is string => typeof v === 'string');
    if (strings.length !== values.length)
      throw new Refuse(`Falco compares ${path} as text, so it cannot tell a number or true/false from the same words written as text`);
    for (const s of strings) textOnly(`"${s}"`, !isJsonOfAnotherKind(s));
    if (strings.length === 1) return `${field} = ${quote(strings[0]!)}`;
    return `${field} in (${strings.map(quote).join(', ')})`;
  }
  if ('startsWith' in test) {
    textOnly(`a start of "${test.startsWith}"`, !unsafePrefix(test.startsWith));
    return `${field} startswith ${quote(test.startsWith)}`;
  }
  if ('endsWith' in test) {
    textOnly(`an end of "${test.endsWith}"`, !unsafeSuffix(test.endsWith));
    return `${field} endswith ${quote(test.endsWith)}`;
  }
  const parts = test.wildcard.split('*');
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  textOnly(`the pattern "${test.wildcard}"`, (first !== '' && !unsafePrefix(first)) || (last !== '' && !unsafeSuffix(last)));
  if (parts.length === 1) return `${field} = ${quote(first)}`;
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  if (middle.length === 0 && last === '' && first !== '') return `${field} startswith ${quote(first)}`;
  if (middle.length === 0 && first === '' && last !== '') return `${field} endswith ${quote(last)}`;
  if (middle.length === 1 && first === '' && last === '') return `${field} contains ${quote(middle[0]!)}`;
  if (middle.length === 0 && first === '' && last === '') return `${field} exists`;
  if (/[?[\]\\]/.test(test.wildcard))
    throw new Refuse(`the pattern "${test.wildcard}" holds ?, [, ] or \\, which a Falco glob reads as special characters`);
  return `${field} glob ${quote(test.wildcard.replace(/\*+/g, '*'))}`;
}

function isCompound(c: Condition): boolean {
  return 'allOf' in c || 'anyOf' in c || ('field' in c && 'exists' in c);
}

/** A Plainsec condition as a Falco condition, or a refusal in plain words. */
function falcoCondition(condition: Condition, kindOf: (test: FieldTest) => FieldKind | undefined = () => undefined): string {
  if ('field' in condition) return fieldTest(condition, kindOf(condition));
  if ('not' in condition) {
    const inner = falcoCondition(condition.not, kindOf);
    return isCompound(condition.not) || inner.includes(' ') ? `not (${inner})` : `not ${inner}`;
  }
  const list = 'allOf' in condition ? condition.allOf : condition.anyOf;
  const parts = list.map((c) => {
    const text = falcoCondition(c, kindOf);
    return 'allOf' in c || 'anyOf' in c ? `(${text})` : text;
  });
  if (parts.length === 1) return parts[0]!;
  return parts.join('allOf' in condition ? ' and ' : ' or ');
}

/** The condition for a rule, or why Falco cannot say it exactly. */
function falcoConditionFor(
  rule: Pick<Rule, 'when' | 'exceptions'>,
): { ok: true; condition: string; notes: string[] } | { ok: false; reason: string } {
  try {
    const typed = specialise(effectiveCondition(rule));
    // A rule that holds on every documented record, or on none, is written as it stands, if Falco can say it.
    if (typeof typed.condition === 'boolean') {
      try {
        return { ok: true, condition: falcoCondition(effectiveCondition(rule)), notes: [] };
      } catch (error) {
        if (error instanceof Refuse) return { ok: false, reason: constantRuleReason(typed.condition) };
        throw error;
      }
    }
    return { ok: true, condition: falcoCondition(typed.condition, typed.kindOf), notes: documentedTypeNotes(typed.relied) };
  } catch (error) {
    if (error instanceof Refuse) return { ok: false, reason: error.message };
    throw error;
  }
}

function ruleEntry(rule: Rule, name: string, condition: string): Record<string, unknown> {
  // `%` starts a field in Falco output; user text must not.
  const title = rule.title.replace(/%/g, ' percent').replace(/\s+/g, ' ');
  return {
    rule: name,
    desc: rule.means,
    condition,
    output: `${title} (rule=${rule.id} user=%ct.user identity=%ct.user.identitytype ip=%ct.srcip region=%ct.region event=%ct.name source=%ct.src error=%ct.error)`,
    priority: falcoPriorities[rule.urgency],
    source: 'aws_cloudtrail',
    tags: ['cloud', 'aws', 'plainsec', `urgency_${rule.urgency.replace(/-/g, '_')}`, ...rule.attack],
  };
}

function rulesFile(entries: Array<Record<string, unknown>>, notes: string[] = []): string {
  const comment = notes.map((n) => `# ${n}\n`).join('');
  return comment + yamlText([
    { required_engine_version: falcoRequirements.required_engine_version },
    { required_plugin_versions: falcoRequirements.required_plugin_versions },
    ...entries,
  ]);
}

/** The Falco rules file for one rule. */
function falcoRuleText(rule: Rule): Detection {
  const condition = falcoConditionFor(rule);
  if (!condition.ok) return { ok: false, reason: condition.reason };
  return { ok: true, text: rulesFile([ruleEntry(rule, rule.title, condition.condition)], condition.notes.map((n) => `${rule.id}: ${n}`)) };
}

/** Each rule Falco can say, with the Falco rule name it gets, and each rule it refuses. */
function planFalco(ruleSet: RuleSet): { planned: { rule: Rule; name: string; condition: string }[]; refused: Refusal[]; notes: string[] } {
  const refused: Refusal[] = [];
  const notes: string[] = [];
  const planned: { rule: Rule; name: string; condition: string }[] = [];
  const names = new Set<string>();
  const ids = new Set<string>();
  for (const rule of ruleSet.rules) {
    if (ids.has(rule.id)) {
      refused.push({ ruleId: rule.id, reason: `another rule already uses the id ${rule.id}; give each rule its own id` });
      continue;
    }
    const condition = falcoConditionFor(rule);
    if (!condition.ok) {
      refused.push({ ruleId: rule.id, reason: condition.reason });
      continue;
    }
    ids.add(rule.id);
    notes.push(...condition.notes.map((n) => `${rule.id}: ${n}`));
    // Falco rule names must be unique; two rules may share a title.
    const name = names.has(rule.title) ? `${rule.title} (${rule.id})` : rule.title;
    names.add(name);
    planned.push({ rule, name, condition: condition.condition });
  }
  return { planned, refused, notes };
}

/**
 * The Falco rule name of each rule the Falco export writes, by rule id. falcosidekick sends this
 * name to Alertmanager as the `rule` label, so the Alertmanager export routes on it.
 */
export function falcoRuleNames(ruleSet: RuleSet): Map<string, string> {
  return new Map(planFalco(ruleSet).planned.map((p) => [p.rule.id, p.name]));
}

/** Export a rule set as one Falco rules file. */
export function exportFalco(ruleSet: RuleSet): ExportResult {
  const { planned, refused, notes } = planFalco(ruleSet);
  if (planned.length === 0) return { files: [], refused };
  const entries = planned.map((p) => ruleEntry(p.rule, p.name, p.condition));
  return { files: [{ path: 'falco/plainsec_cloudtrail_rules.yaml', content: rulesFile(entries, notes) }], refused };
}

/** Falco with the CloudTrail plugin. */
export const falcoTarget: ProvableTarget = provableTarget({
  id: 'falco',
  name: 'Falco',
  exportRuleSet: exportFalco,
  detectionFor: falcoRuleText,
  match: (detectionText: string, event: CloudTrailEvent): MatchResult => matchFalco(detectionText, event),
  compile: (detectionText: string) => compileFalco(detectionText),
});
