/**
 * Falco export: a rules file for the CloudTrail plugin (`source: aws_cloudtrail`). A rule on a
 * cluster's audit log goes to a second file for the k8saudit plugin, written by k8s-audit/falco.ts.
 *
 * Where a plugin field reads exactly the CloudTrail value a rule tests (`ct.name` is `eventName`
 * when it is text), the export uses it; otherwise `json.value[/path]` from the json plugin.
 *
 * Falco reads a field that holds a list as no value (a `ct.*` field) or as the list's JSON text
 * (`json.value`), never by its items as the rule does, so every field test must read a field whose
 * kind AWS documents for the rule's calls (`documented.ts`, `fields.ts`): there it is missing or
 * holds one value of that kind, never null, a list or a group, so `exists` is exact and a text
 * never meets the JSON text of a number. A test on any other field is refused with the reason, and
 * the file says in a comment which documented types it relies on.
 *
 * Falco compares text, so the export also refuses numbers (Falco cannot tell the number 5 from the
 * text "5"); a documented true/false field is compared as the text `json.value` gives it, and
 * `readOnly` / `managementEvent` equal to true read `ct.readonly` / `ct.managementevent`.
 * A test that ignores case is written only as `icontains` (for `*text*` with plain ASCII text);
 * other such tests are refused, except that text without letters is compared exactly, which
 * means the same. `icontains` folds A to Z only, so a value written with the Kelvin sign (K) or the
 * dotted capital I (İ), which Plainsec lower-cases to ASCII letters, is a known miss. A test on a
 * missing field is false in Falco whatever the operator, so "is not" is always written `not (…)`,
 * never `!=`.
 */
import { yamlText } from '../yaml-text.ts';
import type { CloudTrailEvent } from '../canonical.ts';
import { alertingOf, effectiveCondition } from '../model.ts';
import type { Condition, FieldTest, Rule, RuleSet } from '../model.ts';
import { provableTarget, type Detection, type ExportResult, type MatchResult, type ProvableTarget, type Refusal } from '../target.ts';
import { compileFalcoAnySource, matchFalcoAnySource } from '../matchers/k8s-audit/falco.ts';
import { falcoK8sConditionFor, falcoK8sRuleEntry, falcoK8sRulesFile, falcoK8sRuleText } from './k8s-audit/falco.ts';
import { sourceOf } from '../sources.ts';
import { constantRuleReason, documentedTypeNotes, specialise } from '../documented.ts';
import { falcosidekickFiles } from './falcosidekick.ts';
import { listFieldsIn, listPathReason } from '../list-paths.ts';
import type { FieldKind } from '../fields.ts';
import { falcoCountReason } from '../count-refusals.ts';
import { falcoPriorities, falcoRequirements, Refuse, quote, ignoringCase, fieldTest, patternTest } from './falco-condition.ts';
export { falcoPriorities, Refuse, quote, ignoringCase, patternTest } from './falco-condition.ts';

function isCompound(c: Condition): boolean {
  return 'allOf' in c || 'anyOf' in c || ('field' in c && 'exists' in c);
}

/** A Plainsec condition as a Falco condition, or a refusal in plain words. */
function falcoCondition(condition: Condition, kindOf: (test: FieldTest) => FieldKind | undefined): string {
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
  rule: Pick<Rule, 'when' | 'exceptions' | 'count'>,
): { ok: true; condition: string; notes: string[] } | { ok: false; reason: string } {
  if (rule.count) return { ok: false, reason: falcoCountReason };
  try {
    // json.value[…] takes a JSON pointer, which names one item of a list by its place.
    const throughList = listFieldsIn(effectiveCondition(rule))[0];
    if (throughList) return { ok: false, reason: listPathReason('Falco', throughList, 'reads a record by a JSON pointer (json.value[/a/0/b]), which names one item of a list by its place, never any item') };
    const typed = specialise(effectiveCondition(rule));
    if (typeof typed.condition === 'boolean') return { ok: false, reason: constantRuleReason(typed.condition) };
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

/** The Falco rules file for one rule: a cluster rule gets a k8s_audit file (k8s-audit/falco.ts). */
function falcoRuleText(rule: Rule): Detection {
  if (sourceOf(rule) === 'k8s-audit') return falcoK8sRuleText(rule);
  const condition = falcoConditionFor(rule);
  if (!condition.ok) return { ok: false, reason: condition.reason };
  return { ok: true, text: rulesFile([ruleEntry(rule, rule.title, condition.condition)], condition.notes.map((n) => `${rule.id}: ${n}`)) };
}

/** Each rule Falco can say, with the Falco rule name it gets, and each rule it refuses. */
function planFalco(ruleSet: RuleSet): { planned: Planned[]; refused: Refusal[]; notes: string[]; k8sNotes: string[]; initContainers: boolean } {
  const refused: Refusal[] = [];
  const notes: string[] = [];
  const k8sNotes: string[] = [];
  let initContainers = false;
  const planned: Planned[] = [];
  const names = new Set<string>();
  const ids = new Set<string>();
  for (const rule of ruleSet.rules) {
    if (ids.has(rule.id)) {
      refused.push({ ruleId: rule.id, reason: `another rule already uses the id ${rule.id}; give each rule its own id` });
      continue;
    }
    const k8s = sourceOf(rule) === 'k8s-audit';
    const condition = k8s ? falcoK8sConditionFor(rule) : falcoConditionFor(rule);
    if (!condition.ok) {
      refused.push({ ruleId: rule.id, reason: condition.reason });
      continue;
    }
    ids.add(rule.id);
    (k8s ? k8sNotes : notes).push(...condition.notes.map((n) => `${rule.id}: ${n}`));
    if ('initContainers' in condition && condition.initContainers) initContainers = true;
    // Falco rule names must be unique; two rules may share a title.
    const name = names.has(rule.title) ? `${rule.title} (${rule.id})` : rule.title;
    names.add(name);
    planned.push({ rule, name, condition: condition.condition, k8s });
  }
  return { planned, refused, notes, k8sNotes, initContainers };
}

/** A rule the export writes: its Falco name and condition, and whether it reads a cluster's audit log. */
interface Planned {
  rule: Rule;
  name: string;
  condition: string;
  k8s: boolean;
}

/**
 * The Falco rule name of each rule the Falco export writes, by rule id. falcosidekick sends this
 * name to Alertmanager as the `rule` label, so the Alertmanager export routes on it.
 */
export function falcoRuleNames(ruleSet: RuleSet): Map<string, string> {
  return new Map(planFalco(ruleSet).planned.map((p) => [p.rule.id, p.name]));
}

/**
 * Export a rule set as Falco rules files (one for CloudTrail, one for a cluster's audit log, each
 * only when it has rules), with the falcosidekick configuration that sends their alerts to the
 * team's chat and pager (falcosidekick.ts) and a README on setting it up.
 */
export function exportFalco(ruleSet: RuleSet): ExportResult {
  const { planned, refused, notes, k8sNotes, initContainers } = planFalco(ruleSet);
  if (planned.length === 0) return { files: [], refused };
  const cloudTrail = planned.filter((p) => !p.k8s);
  const cluster = planned.filter((p) => p.k8s);
  const delivery = falcosidekickFiles(
    alertingOf(ruleSet),
    planned.map((p) => ({ rule: p.rule, priority: falcoPriorities[p.rule.urgency] })),
  );
  const files = [
    ...(cloudTrail.length > 0 ? [{ path: 'falco/plainsec_cloudtrail_rules.yaml', content: rulesFile(cloudTrail.map((p) => ruleEntry(p.rule, p.name, p.condition)), notes) }] : []),
    ...(cluster.length > 0
      ? [{ path: 'falco/plainsec_k8s_audit_rules.yaml', content: falcoK8sRulesFile(cluster.map((p) => falcoK8sRuleEntry(p.rule, p.name, p.condition)), k8sNotes, initContainers) }]
      : []),
  ];
  return { files: [...files, ...delivery], refused };
}

/** Falco with the CloudTrail plugin, and with the k8saudit plugin for rules on a cluster's audit log. */
export const falcoTarget: ProvableTarget = provableTarget({
  id: 'falco',
  name: 'Falco',
  sources: ['cloudtrail', 'k8s-audit'],
  exportRuleSet: exportFalco,
  detectionFor: falcoRuleText,
  match: (detectionText: string, event: CloudTrailEvent): MatchResult => matchFalcoAnySource(detectionText, event),
  compile: (detectionText: string) => compileFalcoAnySource(detectionText),
});
