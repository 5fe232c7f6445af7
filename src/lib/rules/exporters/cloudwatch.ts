/**
 * The CloudWatch Logs export: per rule a metric filter on the CloudTrail log group and an alarm
 * that notifies the SNS topic for the rule's urgency (and channel, where channels share an
 * urgency), as Terraform JSON and as CloudFormation.
 * This file writes the filter; `aws/cloudwatch-resources.ts` writes the files around it.
 *
 * The filter's semantics are those of `matchers/cloudwatch.ts`. CloudWatch reads a field that
 * holds a list as no value at all (`$.f = "x"` is false on `["x"]`), where the rule reads it by any
 * item, so every field test must read a field whose kind AWS documents for the rule's calls
 * (`documented.ts`): there it is missing or holds one value of that kind, never null, a list or a
 * group. A test on any other field is refused with the reason, and the files say which documented
 * types the filter relies on.
 *
 * The translation pushes every `not` down to single field tests (CloudWatch has no NOT):
 * - absent: `f NOT EXISTS`; present: `f = "*"` (text and numbers), `f IS TRUE || f IS FALSE`;
 * - `not equals "x"`: absent or `f != "x"`, because `!=` alone never fires on a missing field.
 * Refused in plain words: a test that ignores case where the text has letters (the JSON filter
 * syntax compares text exactly; text without letters means the same either way), values
 * containing `*` (CloudWatch has no way to write a literal star), a `*` in the middle of a
 * wildcard, "not this number", and filters over 1024 characters.
 * Where a rule pins the filter text (`pinned.cloudwatch`, the CIS pack), that text is used verbatim.
 * A rule on a cluster's audit log becomes the same kind of filter on the cluster's EKS log group;
 * what differs for it is in `k8s-audit/cloudwatch.ts`.
 */
import type { CloudTrailEvent } from '../canonical.ts';
import { compileFilterPattern, matchFilterPattern, maxFilterPatternLength, parseFilterPattern } from '../matchers/cloudwatch.ts';
import type { Condition, FieldTest, Rule, RuleSet, Scalar } from '../model.ts';
import { alertingOf, effectiveCondition } from '../model.ts';
import { provableTarget, type Detection, type ExportResult, type MatchResult, type ProvableTarget, type Refusal } from '../target.ts';
import { constantRuleReason, documentedTypeNotes, specialise } from '../documented.ts';
import { undocumentedShapeReason } from '../undocumented-shape.ts';
import { listFieldsIn, listPathReason } from '../list-paths.ts';
import type { FieldKind } from '../fields.ts';
import { cloudwatchDeliveryFiles, type CloudWatchRule } from './aws/cloudwatch-resources.ts';
import { countCloudWatch, type CloudWatchCountText } from '../matchers/count.ts';
import { cloudwatchCountByReason } from '../count-refusals.ts';
import { sourceOf, type RuleSource } from '../sources.ts';
import { k8sIgnoreCaseTools, k8sListReason, k8sUndocumentedReason } from './k8s-audit/cloudwatch.ts';

class Unexpressible extends Error {}

/** The words of a refusal that depend on the records a rule reads. */
interface Words {
  /** A test on a field with no single documented kind for the rule. */
  undocumented(field: string): string;
  /** Where to turn for a test that ignores case. */
  ignoreCaseTools: string;
}

const wordsFor: Record<RuleSource, Words> = {
  cloudtrail: {
    undocumented: (f) => undocumentedShapeReason('CloudWatch Logs', f, `reads a field that holds a list as no value at all (${selector(f)} = "x" is false on ["x"])`),
    ignoreCaseTools: 'use Sigma or EventBridge for this rule',
  },
  'k8s-audit': { undocumented: k8sUndocumentedReason, ignoreCaseTools: k8sIgnoreCaseTools },
};
const refuse = (reason: string): never => {
  throw new Unexpressible(reason);
};

type Filter = { any: Filter[] } | { all: Filter[] } | { text: string };

const or = (...parts: Filter[]): Filter => (parts.length === 1 ? parts[0]! : { any: parts });
const and = (...parts: Filter[]): Filter => (parts.length === 1 ? parts[0]! : { all: parts });

function quoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The quoted CloudWatch string for a value test on a documented text field, after refusing a literal star. */
function stringValue(field: string, value: string, star: 'none' | 'prefix' | 'suffix' | 'both'): string {
  if (value.includes('*'))
    refuse(`CloudWatch Logs has no way to write a literal * (in "${value}" for ${field}); it always means "anything"`);
  return quoted(star === 'prefix' ? `${value}*` : star === 'suffix' ? `*${value}` : star === 'both' ? `*${value}*` : value);
}

/** A canonical wildcard as an end-anchored CloudWatch value, or a refusal for a `*` in the middle. */
function wildcardValue(field: string, pattern: string): string {
  const collapsed = pattern.replace(/\*+/g, '*');
  const leading = collapsed.startsWith('*');
  const trailing = collapsed.endsWith('*') && collapsed.length > 1;
  const core = collapsed.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (core === '') refuse(`CloudWatch Logs would also match numbers with "*" on ${field}; test that it exists instead`);
  if (core.includes('*'))
    refuse(`CloudWatch Logs is not documented to treat a * in the middle of "${pattern}" as "anything"; split the test for ${field}`);
  return stringValue(field, core, leading && trailing ? 'both' : leading ? 'suffix' : trailing ? 'prefix' : 'none');
}

const selector = (field: string) => `$.${field}`;
const atom = (text: string): Filter => ({ text });

/** Missing: a documented field is never null. */
const absent = (field: string): Filter => atom(`${selector(field)} NOT EXISTS`);
/** Any value of the field's documented kind. */
function present(field: string, kind: FieldKind): Filter {
  if (kind === 'boolean') return or(atom(`${selector(field)} IS TRUE`), atom(`${selector(field)} IS FALSE`));
  return atom(`${selector(field)} = "*"`);
}

function equalsScalar(field: string, value: Scalar): Filter {
  if (typeof value === 'boolean') return atom(`${selector(field)} IS ${value ? 'TRUE' : 'FALSE'}`);
  if (typeof value === 'number') return atom(`${selector(field)} = ${String(value)}`);
  return atom(`${selector(field)} = ${stringValue(field, value, 'none')}`);
}

/**
 * Whether upper and lower case can change whether this text matches: it has a letter, or a
 * character outside ASCII (some of which lower-case to ASCII letters, like the Kelvin sign).
 */
const caseCanMatter = (text: string): boolean => /[A-Za-z]|[^\u0000-\u007f]/.test(text);

/** A field test, or its negation, as a CloudWatch filter. */
function fieldFilter(test: FieldTest, negate: boolean, documented: FieldKind | undefined, words: Words): Filter {
  const f = test.field;
  const sel = selector(f);
  if (documented === undefined) return refuse(words.undocumented(f));
  // `specialise` has already turned a value of another kind than the field's into false.
  const kind: FieldKind = documented;
  if ('exists' in test) return test.exists !== negate ? present(f, kind) : absent(f);
  if (test.ignoreCase === true) {
    const texts = 'equals' in test ? [test.equals] : 'oneOf' in test ? test.oneOf : 'startsWith' in test ? [test.startsWith] : 'endsWith' in test ? [test.endsWith] : [test.wildcard];
    // Text with no letters means the same in any case, so it is compared exactly as written.
    const lettered = texts.find((t) => typeof t === 'string' && caseCanMatter(t));
    if (lettered !== undefined)
      refuse(`CloudWatch filter patterns compare text exactly and cannot ignore case (as ${f} must for "${String(lettered)}"); compare exactly, or ${words.ignoreCaseTools}`);
  }
  const values: Scalar[] | undefined = 'equals' in test ? [test.equals] : 'oneOf' in test ? test.oneOf : undefined;
  if (values) {
    if (!negate) return or(...[...new Set(values)].map((v) => equalsScalar(f, v)));
    if (kind === 'number') refuse(`CloudWatch Logs cannot say "${f} is not the number ${values[0]}" without also missing text values`);
    if (kind === 'boolean') return or(absent(f), ...[true, false].filter((b) => !values.includes(b)).map((b) => atom(`${sel} IS ${b ? 'TRUE' : 'FALSE'}`)));
    const texts = [...new Set(values.filter((v): v is string => typeof v === 'string'))];
    return or(absent(f), and(...texts.map((t) => atom(`${sel} != ${stringValue(f, t, 'none')}`))));
  }
  const value =
    'startsWith' in test
      ? stringValue(f, test.startsWith, 'prefix')
      : 'endsWith' in test
        ? stringValue(f, test.endsWith, 'suffix')
        : 'wildcard' in test
          ? wildcardValue(f, test.wildcard)
          : refuse(`CloudWatch Logs cannot express this test on ${f}`);
  return negate ? or(absent(f), atom(`${sel} != ${value}`)) : atom(`${sel} = ${value}`);
}

type KindOf = (test: FieldTest) => FieldKind | undefined;

function conditionFilter(condition: Condition, negate: boolean, kindOf: KindOf, words: Words): Filter {
  if ('not' in condition) return conditionFilter(condition.not, !negate, kindOf, words);
  if ('allOf' in condition || 'anyOf' in condition) {
    const parts = ('allOf' in condition ? condition.allOf : condition.anyOf).map((c) => conditionFilter(c, negate, kindOf, words));
    return 'allOf' in condition !== negate ? and(...parts) : or(...parts);
  }
  return fieldFilter(condition, negate, kindOf(condition), words);
}

/**
 * The filter with "missing" said once for several negated tests on one field: `(f NOT EXISTS || A)
 * && (f NOT EXISTS || B)` becomes `f NOT EXISTS || (A && B)`, which means the same (AND spreads
 * over OR). "Unless the cluster did it" is four such tests on user.username, and a cluster rule
 * needs the room to stay within CloudWatch's 1024 characters. CloudTrail filters keep their first
 * form, so their files read as they always have.
 */
function absentOnce(filter: Filter): Filter {
  if ('text' in filter) return filter;
  if ('any' in filter) return or(...filter.any.map(absentOnce));
  const order: (Filter | string)[] = [];
  const rests = new Map<string, Filter[]>();
  for (const part of filter.all.map(absentOnce)) {
    const missing = 'any' in part ? part.any.find((p): p is { text: string } => 'text' in p && p.text.endsWith(' NOT EXISTS')) : undefined;
    if (!missing || !('any' in part) || part.any.length < 2) {
      order.push(part);
      continue;
    }
    if (!rests.has(missing.text)) {
      rests.set(missing.text, []);
      order.push(missing.text);
    }
    rests.get(missing.text)!.push(or(...part.any.filter((p) => p !== missing)));
  }
  return and(...order.map((o) => (typeof o === 'string' ? or(atom(o), and(...rests.get(o)!)) : o)));
}

/**
 * Flattens nested ANDs and ORs, then writes the filter with every part in parentheses; with
 * `bareTests`, a single test goes without them (a comparison binds tighter than && and ||), which
 * cluster rules need for room, as `absentOnce` says.
 */
function render(filter: Filter, top = false, bareTests = false): string {
  if ('text' in filter) return top || bareTests ? filter.text : `(${filter.text})`;
  const kind = 'all' in filter ? 'all' : 'any';
  const parts = ('all' in filter ? filter.all : filter.any).flatMap((p) => (kind in p ? (p as Record<string, Filter[]>)[kind]! : [p]));
  const joined = parts.map((p) => render(p, false, bareTests)).join(kind === 'all' ? ' && ' : ' || ');
  return top ? joined : `(${joined})`;
}

/** The CloudWatch Logs filter pattern for a rule, or the plain-words reason it cannot be written exactly. */
export function filterPatternFor(
  rule: Pick<Rule, 'when' | 'exceptions' | 'pinned' | 'source'>,
): { ok: true; text: string; notes: string[] } | { ok: false; reason: string } {
  // A cluster rule reads an audit event by its own paths, as a CloudTrail rule reads a record; only the words and the documented kinds differ.
  const source = sourceOf(rule);
  const words = wordsFor[source];
  if (rule.pinned?.cloudwatch) {
    const parsed = parseFilterPattern(rule.pinned.cloudwatch);
    return parsed.ok ? { ok: true, text: rule.pinned.cloudwatch, notes: [] } : { ok: false, reason: `the pinned CloudWatch filter is not valid: ${parsed.reason}` };
  }
  try {
    // A JSON filter names one item of a list by its place ($.a[0].b); "any item" would need a guess at the length.
    const throughList = listFieldsIn(effectiveCondition(rule))[0];
    if (throughList)
      return {
        ok: false,
        reason: source === 'k8s-audit' ? k8sListReason(throughList) : listPathReason('CloudWatch Logs', throughList, 'names one item of a list by its place ($.a[0].b), never any item'),
      };
    const typed = specialise(effectiveCondition(rule), source);
    if (typeof typed.condition === 'boolean') return { ok: false, reason: constantRuleReason(typed.condition, source) };
    const filter = conditionFilter(typed.condition, false, typed.kindOf, words);
    const text = `{ ${source === 'k8s-audit' ? render(absentOnce(filter), true, true) : render(filter, true)} }`;
    if (text.length > maxFilterPatternLength)
      return {
        ok: false,
        reason: `the CloudWatch filter would be ${text.length} characters; CloudWatch Logs accepts at most ${maxFilterPatternLength}, so split the rule`,
      };
    const parsed = parseFilterPattern(text);
    if (!parsed.ok) return { ok: false, reason: parsed.reason };
    return { ok: true, text, notes: documentedTypeNotes(typed.relied, source) };
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


/** The counting alarm's settings for a rule with `count`, with the filter, as the count's detection text. */
function countDetectionFor(rule: Rule): Detection {
  if (!rule.count) return { ok: false, reason: 'this rule does not count' };
  if (rule.count.by) return { ok: false, reason: cloudwatchCountByReason };
  const filter = filterPatternFor(rule);
  if (!filter.ok) return { ok: false, reason: filter.reason };
  const alarm: CloudWatchCountText = {
    filterPattern: filter.text,
    statistic: 'Sum',
    period: rule.count.withinMinutes * 60,
    evaluationPeriods: 1,
    threshold: rule.count.atLeast,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
  };
  return { ok: true, text: JSON.stringify(alarm) };
}

function exportRuleSet(ruleSet: RuleSet): ExportResult {
  const exported: CloudWatchRule[] = [];
  const refused: Refusal[] = [];
  for (const rule of ruleSet.rules) {
    if (rule.count?.by) {
      refused.push({ ruleId: rule.id, reason: cloudwatchCountByReason });
      continue;
    }
    const result = filterPatternFor(rule);
    if (result.ok) exported.push({ rule, filter: result.text, notes: result.notes });
    else refused.push({ ruleId: rule.id, reason: result.reason });
  }
  if (exported.length === 0) return { files: [], refused };
  // The alarms' topics reach the team's chat through AWS Chatbot where it supports the tool, and the pager through its SNS integration.
  return { files: cloudwatchDeliveryFiles(alertingOf(ruleSet), exported), refused };
}

/** CloudWatch Logs metric filters and alarms on the CloudTrail log group, and on an EKS cluster's audit log group. */
export const cloudwatchTarget: ProvableTarget = provableTarget({
  id: 'cloudwatch',
  name: 'CloudWatch Logs metric filter and alarm',
  sources: ['cloudtrail', 'k8s-audit'],
  exportRuleSet,
  detectionFor,
  /** CloudTrail writes each record to the log group as one JSON log event, and EKS each audit event, so the record is the event. */
  match(detectionText: string, event: CloudTrailEvent): MatchResult {
    return matchFilterPattern(detectionText, event);
  },
  compile: (detectionText) => compileFilterPattern(detectionText),
  counting: {
    countDetectionFor,
    countMatch: (text, events) => countCloudWatch(text, events, compileFilterPattern),
  },
});
