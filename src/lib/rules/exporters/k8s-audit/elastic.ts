/**
 * The Elastic query for a rule on a cluster's audit log: KQL over the fields Elastic's Kubernetes
 * integration writes (`kubernetes.audit.*` in `logs-kubernetes.audit_logs-*`), as Elastic's own
 * Kubernetes rules do (elastic/detection-rules, rules/integrations/kubernetes: `language = "kuery"`,
 * `index = ["logs-kubernetes.audit_logs-*"]`).
 *
 * Which fields can be searched, and how each is stored, is in matchers/k8s-audit/elastic.ts. A test
 * on a field the integration does not make searchable, or stores as split-up words, is refused
 * with the reason. Text tests are written as for CloudTrail (`fieldTestOn`): exact values quoted,
 * patterns unquoted, ignoring case by listing every spelling. True/false and whole-number fields
 * are searched only where Kubernetes documents their kind for the rule's resource, since Elastic
 * also reads the text "true" as true and "201" as 201.
 */
import type { Condition, FieldTest, Rule } from '../../model.ts';
import { effectiveCondition } from '../../model.ts';
import { constantRuleReason, documentedTypeNotes, specialise } from '../../documented.ts';
import type { FieldKind } from '../../fields.ts';
import { auditElasticField } from '../../matchers/k8s-audit/elastic.ts';
import { eqlFor, fieldTestEql, fieldTestOn, type Built } from '../elastic-query.ts';
import { auditField } from '../../sources/k8s-audit-fields.ts';

/**
 * Why Elastic cannot test whether a text field is there: the integration drops empty text, and a
 * request body may hold "" as the client sent it. Fields of the event itself are never empty
 * (`neverEmpty` in the catalogue), so there an empty field and a missing one are the same.
 */
function emptyTextRefusal(test: FieldTest): Built | undefined {
  if (!('exists' in test) || auditField(test.field)?.neverEmpty) return undefined;
  return {
    ok: false,
    reason: `Elastic's Kubernetes integration drops empty text, and a request can hold ${test.field} as "", so Elastic cannot tell an empty one from a missing one; use the Sigma, Falco or Splunk file for this rule`,
  };
}

/** The indices Elastic's Kubernetes integration writes audit events to. */
export const auditIndices = ['logs-kubernetes.audit_logs-*'];

/** Elasticsearch's `integer` range: a whole number outside it is no value the field holds. */
const intLimit = 2 ** 31;

/** The KQL for one test on an audit-event field, or why it cannot be said. */
function auditFieldTest(test: FieldTest, kind: FieldKind | undefined): Built & { exists?: boolean } {
  const field = auditElasticField(test.field);
  if ('reason' in field) return { ok: false, reason: field.reason };
  if (field.kind === 'boolean') {
    if (kind !== 'boolean')
      return {
        ok: false,
        reason: `Elastic keeps ${field.name} as true or false, and reads the text "true" as true too; add a test that the request is about pods (objectRef.resource is pods), where Kubernetes always writes it as true or false`,
      };
    return fieldTestOn({ name: field.name, kind: 'boolean' }, test, kind);
  }
  if (field.kind === 'integer') {
    if (kind !== 'number')
      return { ok: false, reason: `Elastic keeps ${field.name} as a whole number, and reads the text "5" as 5 too, so it cannot tell them apart here` };
    if ('exists' in test) return { ok: true, kql: test.exists ? `${field.name}: *` : `not ${field.name}: *` };
    const values = 'equals' in test ? [test.equals] : 'oneOf' in test ? test.oneOf : undefined;
    if (!values) return { ok: false, reason: `${test.field} is a number, so only whole values can be compared with it` };
    const bad = values.find((v) => typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) >= intLimit);
    if (bad !== undefined) return { ok: false, reason: `Elastic keeps ${field.name} as a whole number, so it cannot compare it with ${JSON.stringify(bad)}` };
    return { ok: true, kql: values.length === 1 ? `${field.name}: ${values[0]}` : `${field.name}: (${values.join(' or ')})` };
  }
  // Keyword and flattened fields index text, and a number or true/false as its text: the checks for
  // flattened CloudTrail fields (no text that reads as a number unless the kind is documented) fit both.
  const unknowable = emptyTextRefusal(test);
  if (unknowable) return unknowable;
  const empty = 'equals' in test ? test.equals === '' : 'oneOf' in test ? test.oneOf.includes('') : 'wildcard' in test && test.wildcard === '';
  if (empty) return { ok: false, reason: `Elastic's Kubernetes integration drops empty text, so ${test.field} equal to "" is never there to find` };
  const built = fieldTestOn({ name: field.name, kind: 'flattened' }, test, kind);
  return built.ok && 'exists' in test ? { ...built, exists: true } : built;
}

/** The KQL for a condition on audit events; `exists` says whether it tests that a text field has a value. */
function auditKqlFor(condition: Condition, kindOf: (test: FieldTest) => FieldKind | undefined): Built & { exists?: boolean } {
  if ('not' in condition) {
    const inner = auditKqlFor(condition.not, kindOf);
    return inner.ok ? { ...inner, kql: `not (${inner.kql})` } : inner;
  }
  if ('allOf' in condition || 'anyOf' in condition) {
    const parts = 'allOf' in condition ? condition.allOf : condition.anyOf;
    const built: string[] = [];
    let exists = false;
    for (const part of parts) {
      const b = auditKqlFor(part, kindOf);
      if (!b.ok) return b;
      built.push(b.kql);
      exists ||= b.exists === true;
    }
    const kql = built.length === 1 ? built[0]! : `(${built.join('allOf' in condition ? ' and ' : ' or ')})`;
    return { ok: true, kql, ...(exists ? { exists } : {}) };
  }
  return auditFieldTest(condition, kindOf(condition));
}

/** The assumption an exists test rests on: Elastic cannot tell an empty field from a missing one. */
const emptyNote =
  'assumes Kubernetes leaves a field out of the audit event rather than writing it empty (its Go types say omitempty); Elastic drops empty text, so an empty field reads as missing';

/** The KQL for a rule on a cluster's audit log, with the notes on what it assumes; or the reason it cannot be written. */
export function auditKqlForRule(rule: Pick<Rule, 'when' | 'exceptions' | 'source'>): { ok: true; kql: string; notes: string[] } | { ok: false; reason: string } {
  const typed = specialise(effectiveCondition(rule), 'k8s-audit');
  if (typeof typed.condition === 'boolean') return { ok: false, reason: constantRuleReason(typed.condition, 'k8s-audit') };
  const built = auditKqlFor(typed.condition, typed.kindOf);
  if (!built.ok) return built;
  // Elasticsearch before 8.0 refuses more than 1,024 clauses by default (see the CloudTrail export).
  const clauses = built.kql.split(/ (?:or|and) /).length;
  if (clauses > 1024)
    return { ok: false, reason: `the query would make ${clauses} comparisons, more than the 1,024 Elasticsearch accepts by default; ignore case in fewer tests, or split the rule` };
  return { ok: true, kql: built.kql, notes: [...documentedTypeNotes(typed.relied, 'k8s-audit'), ...(built.exists ? [emptyNote] : [])] };
}

/**
 * Where the rule's events come from, for the rule's note. The Kubernetes integration's audit-log
 * data stream has its own "Kubernetes audit logs via CloudWatch" input for EKS (manifest.yml,
 * `input: aws-cloudwatch`), and its pipeline reads the event from each log line's message.
 */
export const auditSourceNote = [
  '## Where the events come from',
  '',
  "This rule searches the audit log that Elastic's Kubernetes integration collects (logs-kubernetes.audit_logs-*). Turn on its audit logs part: on a cluster you run yourself it reads the API server's audit log file.",
  '',
  "On EKS, first turn on the cluster's audit log: EKS writes it to CloudWatch Logs, in the log group /aws/eks/<cluster name>/cluster, streams starting kube-apiserver-audit-. Then, in the Kubernetes integration, turn on \"Kubernetes audit logs via CloudWatch\" and give it that log group. It reads each log line as one audit event, so you need no pipeline of your own. Elastic marks this part of the integration as a preview.",
].join('\n');

/**
 * One test in EQL, for a rule KQL cannot say (ignoring case, a pattern with spaces): Kibana's EQL
 * rules read keyword and boolean fields, not flattened ones (elastic/elasticsearch#101985), and
 * Plainsec's EQL matcher reads no numbers, so those are refused. A keyword field is compared only
 * where Kubernetes documents it as text, since Elastic keeps a number there as its digits.
 */
function auditFieldTestEql(test: FieldTest, kind: FieldKind | undefined, guarded: boolean): Built {
  const field = auditElasticField(test.field);
  if ('reason' in field) return { ok: false, reason: field.reason };
  const kqlFirst = 'KQL cannot say all of this rule, and EQL, which could,';
  if (field.kind === 'flattened') return { ok: false, reason: `${kqlFirst} cannot read ${test.field}, which Elastic keeps in a flattened field; remove "ignore case", or the pattern with spaces` };
  if (field.kind === 'integer') return { ok: false, reason: `${kqlFirst} is not written by Plainsec for a test on ${test.field}, a number; remove "ignore case", or the pattern with spaces` };
  if (field.kind === 'boolean' && kind !== 'boolean')
    return { ok: false, reason: `Elastic keeps ${field.name} as true or false, and reads the text "true" as true too; add a test that the request is about pods (objectRef.resource is pods), where Kubernetes always writes it as true or false` };
  if (field.kind === 'keyword' && kind !== 'string' && !('exists' in test))
    return { ok: false, reason: `${kqlFirst} cannot tell a number from its digits in ${test.field}; name the resource the rule is about, so the field is documented as text` };
  if (field.kind === 'keyword') {
    const unknowable = emptyTextRefusal(test);
    if (unknowable) return unknowable;
  }
  const empty = 'equals' in test ? test.equals === '' : 'oneOf' in test ? test.oneOf.includes('') : 'wildcard' in test && test.wildcard === '';
  if (empty) return { ok: false, reason: `Elastic's Kubernetes integration drops empty text, so ${test.field} equal to "" is never there to find` };
  return fieldTestEql(test, kind, guarded, { name: field.name, kind: field.kind === 'boolean' ? 'boolean' : 'keyword' });
}

/** Whether a condition tests that a text field has a value (see `emptyNote`). */
function testsTextExists(c: Condition): boolean {
  if ('not' in c) return testsTextExists(c.not);
  if ('allOf' in c || 'anyOf' in c) return ('allOf' in c ? c.allOf : c.anyOf).some(testsTextExists);
  const field = auditElasticField(c.field);
  return 'exists' in c && !('reason' in field) && (field.kind === 'keyword' || field.kind === 'flattened');
}

/** The EQL rule (`any where ...`) for a rule on a cluster's audit log, or why it cannot be written. */
export function auditEqlForRule(rule: Pick<Rule, 'when' | 'exceptions' | 'source'>): { ok: true; kql: string; notes: string[] } | { ok: false; reason: string } {
  const typed = specialise(effectiveCondition(rule), 'k8s-audit');
  if (typeof typed.condition === 'boolean') return { ok: false, reason: constantRuleReason(typed.condition, 'k8s-audit') };
  const built = eqlFor(typed.condition, typed.kindOf, false, auditFieldTestEql);
  if (!built.ok) return built;
  return { ok: true, kql: `any where ${built.kql}`, notes: [...documentedTypeNotes(typed.relied, 'k8s-audit'), ...(testsTextExists(typed.condition) ? [emptyNote] : [])] };
}
