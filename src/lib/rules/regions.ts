/**
 * Where a rule's events arrive in EventBridge: in us-east-1 only (global services), in the region
 * where they happen (regional services), or both. Pure, and light enough for the builder page.
 *
 * EventBridge hears a CloudTrail event only in the region CloudTrail records it in, and AWS records
 * the events of its global services in us-east-1 (N. Virginia):
 * - EventBridge user guide and AWS re:Post, "Why does my EventBridge rule for IAM events only trigger
 *   in us-east-1?": IAM, Organizations and Account Management deliver events only to us-east-1.
 * - CloudTrail user guide, "Using update-trail" (the change of 22 November 2021): CloudFront, IAM and
 *   STS events are recorded in us-east-1; Route 53 is a global service recorded there too.
 * - IAM user guide, "AWS STS Regions and endpoints": calls to a regional STS endpoint, and now most
 *   calls to the global one, are served (and recorded) in the caller's region, so STS is both.
 * - AWS Sign-In endpoints: signin.aws.amazon.com is us-east-1, and each region has its own sign-in
 *   endpoint (eu-west-1.signin.aws.amazon.com), so console sign-ins are both.
 * Every other service records its events in the region the call was made in.
 *
 * A rule's answer comes from the `eventSource` values its condition (with its exceptions) can let
 * through. A rule that does not name the service (it tests only the call name, the error or who
 * did it) is `unknown`: its events may arrive anywhere, so it is deployed as for `both`.
 */
import type { Condition, RuleException } from './condition-schema.ts';
import { effectiveCondition } from './exceptions.ts';

/** Where a rule's events arrive: see the file comment. */
export type Arrival = 'us-east-1' | 'every-region' | 'both' | 'unknown';

/** The region AWS delivers the events of its global services to. */
export const globalRegion = 'us-east-1';

/** Services whose events EventBridge hears only in us-east-1, by the `eventSource` CloudTrail writes. */
export const globalSources: ReadonlyMap<string, string> = new Map([
  ['iam.amazonaws.com', 'IAM'],
  ['organizations.amazonaws.com', 'Organizations'],
  ['account.amazonaws.com', 'account settings'],
  ['route53.amazonaws.com', 'Route 53'],
  // Domain registration has one endpoint, in us-east-1: https://docs.aws.amazon.com/general/latest/gr/r53.html
  ['route53domains.amazonaws.com', 'Route 53 domain registration'],
  ['cloudfront.amazonaws.com', 'CloudFront'],
]);

/** Services whose events arrive in us-east-1 for the global endpoint and in the caller's region otherwise. */
export const globalOrRegionalSources: ReadonlyMap<string, string> = new Map([
  ['sts.amazonaws.com', 'STS'],
  ['signin.amazonaws.com', 'console sign-in'],
]);

/** The `eventSource` values an event must have to meet the condition, or undefined when any could. */
function sourcesOf(condition: Condition, negated = false): Set<string> | undefined {
  if ('not' in condition) return sourcesOf(condition.not, !negated);
  if ('allOf' in condition || 'anyOf' in condition) {
    const parts = ('allOf' in condition ? condition.allOf : condition.anyOf).map((c) => sourcesOf(c, negated));
    // Under "not", all-of becomes any-of and any-of becomes all-of.
    const every = 'allOf' in condition !== negated;
    if (every) {
      const pinned = parts.filter((p): p is Set<string> => p !== undefined);
      if (pinned.length === 0) return undefined;
      return pinned.reduce((a, b) => new Set([...a].filter((s) => b.has(s))));
    }
    if (parts.some((p) => p === undefined)) return undefined;
    return new Set(parts.flatMap((p) => [...p!]));
  }
  // "Not this service" still lets every other service through.
  if (negated || condition.field !== 'eventSource') return undefined;
  const fold = 'ignoreCase' in condition && condition.ignoreCase === true ? (s: string) => s.toLowerCase() : (s: string) => s;
  if ('equals' in condition) return new Set(typeof condition.equals === 'string' ? [fold(condition.equals)] : []);
  if ('oneOf' in condition) return new Set(condition.oneOf.filter((v): v is string => typeof v === 'string').map(fold));
  // A start, an end or a wildcard can match services of either kind.
  return undefined;
}

/** Where the events of a rule arrive in EventBridge. */
export function arrivalOf(rule: { when: Condition; exceptions: readonly RuleException[] }): Arrival {
  const sources = sourcesOf(effectiveCondition(rule));
  if (sources === undefined || sources.size === 0) return 'unknown';
  const kinds = new Set([...sources].map((s) => (globalSources.has(s) ? 'global' : globalOrRegionalSources.has(s) ? 'both' : 'regional')));
  if (kinds.size === 1 && kinds.has('global')) return 'us-east-1';
  if (kinds.size === 1 && kinds.has('regional')) return 'every-region';
  return 'both';
}

/** Whether a rule must also hear events from regions other than us-east-1. */
export const hearsOtherRegions = (arrival: Arrival): boolean => arrival !== 'us-east-1';

/** Where a rule's EventBridge files put it, in plain words: one sentence for the builder and the install README. */
export function eventbridgeRegionSentence(arrival: Arrival): string {
  switch (arrival) {
    case 'us-east-1':
      return 'It watches a global service. AWS sends those events to EventBridge only in us-east-1 (N. Virginia), so the rule is set up there alone.';
    case 'every-region':
      return 'It watches a service that reports in the region where things happen. The rule is set up in us-east-1, and each other region you use sends it the events that match.';
    case 'both':
      return 'Its events arrive in us-east-1 (N. Virginia) or in the region where they happen. The rule is set up in us-east-1, and each other region you use sends it the events that match.';
    case 'unknown':
      return 'It does not name one service, so its events may arrive in any region. The rule is set up in us-east-1 (N. Virginia), and each other region you use sends it the events that match.';
  }
}

/** Where the CloudWatch files go, in plain words: the same for every rule. */
export const cloudwatchRegionSentence =
  'Set these up in the region of the log group your CloudTrail trail writes to. A trail that logs all regions writes every region’s events there, global services such as IAM included, so one copy hears them all.';

/**
 * Rules that can never fire because they keep only regions their events are never recorded in: a
 * rule on global services only (IAM, Organizations, …) whose "only in these regions" leaves out
 * us-east-1, where AWS records those events. One warning per such rule, in plain words.
 */
export function regionWarnings(rules: readonly { id: string; when: Condition; exceptions: readonly RuleException[] }[]): string[] {
  const warnings: string[] = [];
  for (const rule of rules) {
    if (arrivalOf(rule) !== globalRegion) continue;
    const kept = rule.exceptions.flatMap((e) => ('onlyInRegions' in e ? [e.onlyInRegions] : []));
    if (kept.length === 0 || kept.every((regions) => regions.includes(globalRegion))) continue;
    warnings.push(
      `${rule.id} can never fire: AWS records the events it looks for in ${globalRegion} only, and its "only in these regions" leaves ${globalRegion} out; add ${globalRegion} to the list or remove it`,
    );
  }
  return warnings;
}
