/**
 * The CloudWatch Logs export: per rule a metric filter on the CloudTrail log group and an alarm
 * that notifies the SNS topic for the rule's urgency, as Terraform JSON and as CloudFormation.
 * This file writes the filter; `aws/cloudwatch-resources.ts` writes the files around it.
 *
 * The filter's semantics are those of `matchers/cloudwatch.ts`. The translation pushes every `not`
 * down to single field tests (CloudWatch has no NOT), and writes each test so it fires on exactly
 * the records the canonical model accepts:
 * - absent (missing or null): `(f NOT EXISTS) || (f IS NULL)`;
 * - present: `(f = "*") || (f IS TRUE) || (f IS FALSE)` (`= "*"` reads strings and numbers);
 * - `not equals "x"`: absent, true/false, or `f != "x"`, because `!=` alone never fires on a
 *   missing field.
 * Refused in plain words: a test that ignores case where the text has letters (the JSON filter
 * syntax compares text exactly; text without letters means the same either way), values containing `*` (CloudWatch has no way to write a literal star),
 * text that could also be the text of a number (a string comparison reads numbers too), a `*` in
 * the middle of a wildcard, "not this number", and filters over 1024 characters.
 * Where AWS documents a field's kind, the filter relies on it (shorter absent/present tests, text
 * that looks like a number) and the Terraform and CloudFormation files say so.
 * Where a rule pins the filter text (`pinned.cloudwatch`, the CIS pack), that text is used verbatim.
 *
 * A known limit of CloudWatch itself: a field that holds an object or a list is neither missing nor
 * null nor a value, so a rule that must fire on such a field as "absent" cannot be matched there.
 */
import type { CloudTrailEvent } from '../canonical.ts';
import { compileFilterPattern, matchFilterPattern, maxFilterPatternLength, parseFilterPattern } from '../matchers/cloudwatch.ts';
import type { Condition, FieldTest, Rule, RuleSet, Scalar } from '../model.ts';
import { alertingOf, effectiveCondition } from '../model.ts';
import { provableTarget, type Detection, type ExportResult, type MatchResult, type ProvableTarget, type Refusal } from '../target.ts';
import { constantRuleReason, documentedTypeNotes, specialise } from '../documented.ts';
import { undocumentedShapeReason } from '../undocumented-shape.ts';
import type { FieldKind } from '../fields.ts';
import { cloudwatchDeliveryFiles, type CloudWatchRule } from './aws/cloudwatch-resources.ts';

class Unexpressible extends Error {}
const refuse = (reason: string): never => {
  throw new Unexpressible(reason);
};

type Filter = { any: Filter[] } | { all: Filter[] } | { text: string };

const or = (...parts: Filter[]): Filter => (parts.length === 1 ? parts[0]! : { any: parts });
const and = (...parts: Filter[]): Filter => (parts.length === 1 ? parts[0]! : { all: parts });

const numberLike = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const numberCharacters = /^[0-9.eE+-]*$/;

function quoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The quoted CloudWatch string for a value test, after refusing what it cannot say exactly. */
function stringValue(field: string, value: string, star: 'none' | 'prefix' | 'suffix' | 'both', kind?: FieldKind): string {
  if (value.includes('*'))
    refuse(`CloudWatch Logs has no way to write a literal * (in "${value}" for ${field}); it always means "anything"`);
  // Where AWS documents the field as text, no number is ever there to be matched by mistake.
  if (kind === 'string') return quoted(star === 'prefix' ? `${value}*` : star === 'suffix' ? `*${value}` : star === 'both' ? `*${value}*` : value);
  if (star === 'none' && numberLike.test(value))
    refuse(`CloudWatch Logs would also match the number ${value} where ${field} must be the text "${value}"`);
  if (star !== 'none' && numberCharacters.test(value))
    refuse(`CloudWatch Logs compares text with numbers too, so "${value}" for ${field} could also match a number`);
  const text = star === 'prefix' ? `${value}*` : star === 'suffix' ? `*${value}` : star === 'both' ? `*${value}*` : value;
  return quoted(text);
}

/** A canonical wildcard as an end-anchored CloudWatch value, or a refusal for a `*` in the middle. */
function wildcardValue(field: string, pattern: string, kind?: FieldKind): string {
  const collapsed = pattern.replace(/\*+/g, '*');
  const leading = collapsed.startsWith('*');
  const trailing = collapsed.endsWith('*') && collapsed.length > 1;
  const core = collapsed.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (core === '') refuse(`CloudWatch Logs would also match numbers with "*" on ${field}; test that it exists instead`);
  if (core.includes('*'))
    refuse(`CloudWatch Logs is not documented to treat a * in the middle of "${pattern}" as "anything"; split the test for ${field}`);
  return stringValue(field, core, leading && trailing ? 'both' : leading ? 'suffix' : trailing ? 'prefix' : 'none', kind);
}

const selector = (field: string) => `$.${field}`;
const atom = (text: string): Filter => ({ text });

/** Missing or null; where AWS documents the field's kind it is never null, so missing is enough. */
function absent(field: string, kind?: FieldKind): Filter {
  if (kind !== undefined) return atom(`${selector(field)} NOT EXISTS`);
  return or(atom(`${selector(field)} NOT EXISTS`), atom(`${selector(field)} IS NULL`));
}
/** Any value; where AWS documents the field's kind, only values of that kind can be there. */
function present(field: string, kind?: FieldKind): Filter {
  if (kind === 'string' || kind === 'number') return atom(`${selector(field)} = "*"`);
  if (kind === 'boolean') return or(atom(`${selector(field)} IS TRUE`), atom(`${selector(field)} IS FALSE`));
  return or(atom(`${selector(field)} = "*"`), atom(`${selector(field)} IS TRUE`), atom(`${selector(field)} IS FALSE`));
}

function numberText(n: number): string {
  return String(n);
}

function equalsScalar(field: string, value: Scalar, kind?: FieldKind): Filter {
  if (typeof value === 'boolean') return atom(`${selector(field)} IS ${value ? 'TRUE' : 'FALSE'}`);
  if (typeof value === 'number') return atom(`${selector(field)} = ${numberText(value)}`);
  return atom(`${selector(field)} = ${stringValue(field, value, 'none', kind)}`);
}

/**
 * Whether upper and lower case can change whether this text matches: it has a letter, or a
 * character outside ASCII (some of which lower-case to ASCII letters, like the Kelvin sign).
 */
const caseCanMatter = (text: string): boolean => /[A-Za-z]|[^\u0000-\u007f]/.test(text);

/** A field test, or its negation, as a CloudWatch filter. */
function fieldFilter(test: FieldTest, negate: boolean, kind: FieldKind | undefined): Filter {
  const f = test.field;
  const sel = selector(f);
  if (kind === undefined) refuse(undocumentedShapeReason('CloudWatch Logs', f, `reads a field that holds a list as no value at all (${sel} = "x" is false on ["x"])`));
  if ('exists' in test) return test.exists !== negate ? present(f, kind) : absent(f, kind);
  if (test.ignoreCase === true) {
    const texts = 'equals' in test ? [test.equals] : 'oneOf' in test ? test.oneOf : 'startsWith' in test ? [test.startsWith] : 'endsWith' in test ? [test.endsWith] : [test.wildcard];
    // Text with no letters means the same in any case, so it is compared exactly as written.
    const lettered = texts.find((t) => typeof t === 'string' && caseCanMatter(t));
    if (lettered !== undefined)
      refuse(`CloudWatch filter patterns compare text exactly and cannot ignore case (as ${f} must for "${String(lettered)}"); compare exactly, or use Sigma or EventBridge for this rule`);
  }
  const values: Scalar[] | undefined = 'equals' in test ? [test.equals] : 'oneOf' in test ? test.oneOf : undefined;
  if (values) {
    if (!negate) return or(...[...new Set(values)].map((v) => equalsScalar(f, v, kind)));
    if (values.some((v) => typeof v === 'number'))
      refuse(`CloudWatch Logs cannot say "${f} is not the number ${values.find((v) => typeof v === 'number')}" without also missing text values`);
    const texts = [...new Set(values.filter((v): v is string => typeof v === 'string'))];
    const booleans = kind === 'string' ? [] : [true, false].filter((b) => !values.includes(b));
    const parts: Filter[] = [absent(f, kind)];
    parts.push(...booleans.map((b) => atom(`${sel} IS ${b ? 'TRUE' : 'FALSE'}`)));
    if (kind === 'boolean') return or(...parts);
    if (texts.length === 0) parts.push(atom(`${sel} = "*"`));
    else parts.push(and(...texts.map((t) => atom(`${sel} != ${stringValue(f, t, 'none', kind)}`))));
    return or(...parts);
  }
  const value =
    'startsWith' in test
      ? stringValue(f, test.startsWith, 'prefix', kind)
      : 'endsWith' in test
        ? stringValue(f, test.endsWith, 'suffix', kind)
        : 'wildcard' in test
          ? wildcardValue(f, test.wildcard, kind)
          : refuse(`CloudWatch Logs cannot express this test on ${f}`);
  if (!negate) return atom(`${sel} = ${value}`);
  if (kind === 'string') return or(absent(f, kind), atom(`${sel} != ${value}`));
  return or(atom(`${sel} NOT EXISTS`), atom(`${sel} IS NULL`), atom(`${sel} IS TRUE`), atom(`${sel} IS FALSE`), atom(`${sel} != ${value}`));
}

type KindOf = (test: FieldTest) => FieldKind | undefined;

function conditionFilter(condition: Condition, negate: boolean, kindOf: KindOf): Filter {
  if ('not' in condition) return conditionFilter(condition.not, !negate, kindOf);
  if ('allOf' in condition || 'anyOf' in condition) {
    const parts = ('allOf' in condition ? condition.allOf : condition.anyOf).map((c) => conditionFilter(c, negate, kindOf));
    return 'allOf' in condition !== negate ? and(...parts) : or(...parts);
  }
  return fieldFilter(condition, negate, kindOf(condition));
}

/** Flattens nested ANDs and ORs, then writes the filter with every part in parentheses. */
function render(filter: Filter, top = false): string {
  if ('text' in filter) return top ? filter.text : `(${filter.text})`;
  const kind = 'all' in filter ? 'all' : 'any';
  const parts = ('all' in filter ? filter.all : filter.any).flatMap((p) => (kind in p ? (p as Record<string, Filter[]>)[kind]! : [p]));
  const joined = parts.map((p) => render(p)).join(kind === 'all' ? ' && ' : ' || ');
  return top ? joined : `(${joined})`;
}

/** The CloudWatch Logs filter pattern for a rule, or the plain-words reason it cannot be written exactly. */
export function filterPatternFor(
  rule: Pick<Rule, 'when' | 'exceptions' | 'pinned'>,
): { ok: true; text: string; notes: string[] } | { ok: false; reason: string } {
  if (rule.pinned?.cloudwatch) {
    const parsed = parseFilterPattern(rule.pinned.cloudwatch);
    return parsed.ok ? { ok: true, text: rule.pinned.cloudwatch, notes: [] } : { ok: false, reason: `the pinned CloudWatch filter is not valid: ${parsed.reason}` };
  }
  let typed: ReturnType<typeof specialise>;
  try {
    typed = specialise(effectiveCondition(rule));
    // A rule that holds on every documented record, or on none, is written as it stands, if CloudWatch can say it.
    let filter: Filter;
    if (typeof typed.condition === 'boolean') {
      try {
        filter = conditionFilter(effectiveCondition(rule), false, () => undefined);
      } catch (error) {
        if (error instanceof Unexpressible) return { ok: false, reason: constantRuleReason(typed.condition) };
        throw error;
      }
    } else filter = conditionFilter(typed.condition, false, typed.kindOf);
    const text = `{ ${render(filter, true)} }`;
    if (text.length > maxFilterPatternLength)
      return {
        ok: false,
        reason: `the CloudWatch filter would be ${text.length} characters; CloudWatch Logs accepts at most ${maxFilterPatternLength}, so split the rule`,
      };
    const parsed = parseFilterPattern(text);
    if (!parsed.ok) return { ok: false, reason: parsed.reason };
    return { ok: true, text, notes: typeof typed.condition === 'boolean' ? [] : documentedTypeNotes(typed.relied) };
  } catch (error) {
    if (error instanceof Unexpressible) return { ok: false, reason: error.message };
    throw error;
  }
}

// ---------------------------------------------------------------- the export

function detectionFor(rule: Rule): Detection {
  const result = filterPatternFor(rule);
  return result.ok ? { ok: true, text: result.text } : { ok: false, reason: result.reason };
}

function exportRuleSet(ruleSet: RuleSet): ExportResult {
  const exported: CloudWatchRule[] = [];
  const refused: Refusal[] = [];
  for (const rule of ruleSet.rules) {
    const result = filterPatternFor(rule);
    if (result.ok) exported.push({ rule, filter: result.text, notes: result.notes });
    else refused.push({ ruleId: rule.id, reason: result.reason });
  }
  if (exported.length === 0) return { files: [], refused };
  // The alarms' topics reach the team's chat through AWS Chatbot where it supports the tool (a note says what to do where not).
  return { files: cloudwatchDeliveryFiles(alertingOf(ruleSet).chat, exported), refused };
}

/** CloudWatch Logs metric filters and alarms on the CloudTrail log group. */
export const cloudwatchTarget: ProvableTarget = provableTarget({
  id: 'cloudwatch',
  name: 'CloudWatch Logs metric filter and alarm',
  exportRuleSet,
  detectionFor,
  /** CloudTrail writes each record to the log group as one JSON log event, so the record is the event. */
  match(detectionText: string, event: CloudTrailEvent): MatchResult {
    return matchFilterPattern(detectionText, event);
  },
  compile: (detectionText) => compileFilterPattern(detectionText),
});
