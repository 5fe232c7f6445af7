/**
 * What a Sigma rule on a cluster's audit log says differently from one on CloudTrail.
 *
 * SigmaHQ's Kubernetes rules (rules/application/kubernetes/audit/) read `logsource: product:
 * kubernetes, service: audit` and name the fields of the audit event by their JSON paths, exactly as
 * the API server writes them (`verb`, `objectRef.resource`, `objectRef.subresource`,
 * `user.username`, `responseStatus.code`). A Plainsec rule's paths are the same, so the detection
 * is written by the same code as for CloudTrail (`../sigma.ts`), with the kinds Kubernetes
 * documents (`specialise(condition, 'k8s-audit')`).
 */
import type { FieldKind } from '../../fields.ts';
import type { RuleSource } from '../../sources.ts';
import { auditDocs, auditFields } from '../../sources/k8s-audit-fields.ts';

/** The log source of each rule source, as SigmaHQ's rules write it. */
export const sigmaLogsources: Record<RuleSource, { product: string; service: string }> = {
  cloudtrail: { product: 'aws', service: 'cloudtrail' },
  'k8s-audit': { product: 'kubernetes', service: 'audit' },
};

/** What a short rule id is lengthened with, so the file name meets Sigma's `^[a-z0-9_]{10,70}\.yml$`. */
export const sigmaFilePrefixes: Record<RuleSource, string> = {
  cloudtrail: 'aws_cloudtrail_',
  'k8s-audit': 'kubernetes_audit_',
};

/**
 * Why a counting rule on the audit log is not written. The group-by fields of a count (who, from
 * which address) are CloudTrail's; bursts on the audit log are out of scope for now (issue 29).
 */
export const k8sSigmaCountReason =
  "counting is not written for rules on a cluster's audit log yet: Sigma would need the audit log's own fields to count by; use the rule without a count";

/**
 * Why a test through a list (every container of a pod) is not written. As for CloudTrail, Sigma has
 * no mark for "every item of a list" and each backend reads a dotted name through a list its own
 * way; the advice differs, since EventBridge never sees the audit log.
 */
export function k8sSigmaListReason(field: string): string {
  return `Sigma has no way to name every item of a list in a field, and each backend reads a dotted name through a list its own way, so it cannot test ${field}, which reads every item of a list; use the Splunk or Elastic export of this rule`;
}

/**
 * The kind of every value of a field of every audit event that holds a list of values
 * (`user.groups`, `sourceIPs`: lists of text). Sigma reads such a list by any value, as the rule
 * does, and text that looks like a number can be written exactly, since no number is ever there.
 */
export function k8sListItemKind(path: string): FieldKind | undefined {
  const entry = auditFields.find((f) => f.path === path && f.list === 'values' && f.resources === undefined);
  return entry?.kind;
}

/** The comment lines for the list fields whose values' kind a rule relies on. */
export function k8sListNotes(paths: readonly string[]): string[] {
  return [...new Set(paths)]
    .filter((p) => k8sListItemKind(p) !== undefined)
    .sort()
    .map((p) => `assumes every value of ${p} is text, as Kubernetes documents it (${auditDocs.event})`);
}
