/**
 * Where a rule's events come from. A rule reads one kind of record: AWS CloudTrail records (the
 * default, so every rule file written before sources existed reads the same), or the audit log a
 * Kubernetes API server writes (`audit.k8s.io/v1` `Event`). Kept free of zod and of the field
 * catalogues, so the browser can ask a rule's source before it loads anything else.
 */

export const ruleSources = ['cloudtrail', 'k8s-audit'] as const;
export type RuleSource = (typeof ruleSources)[number];

/** Each source in plain words, as the builder and the command say it. */
export const sourceNames: Record<RuleSource, string> = {
  cloudtrail: 'AWS CloudTrail (what happens in your AWS accounts)',
  'k8s-audit': "the cluster's audit log (what happens in your Kubernetes clusters)",
};

/** The source a rule reads; a rule that names none reads CloudTrail. */
export const sourceOf = (rule: { source?: RuleSource | undefined }): RuleSource => rule.source ?? 'cloudtrail';

/**
 * The source a record comes from, by the fields each always has: every audit event has an
 * `auditID`, and no CloudTrail record has one (they have an `eventVersion`); anything else is read
 * as a CloudTrail record. Used where a record
 * arrives without a rule (the differential tests, the command's event files).
 */
export function sourceOfEvent(event: { [key: string]: unknown }): RuleSource {
  return typeof event['auditID'] === 'string' && !('eventVersion' in event) ? 'k8s-audit' : 'cloudtrail';
}
