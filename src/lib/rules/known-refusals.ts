/**
 * The reviewed list of templates a detection target refuses: every one that remains after each
 * export relies on what AWS documents, with the reason a user reads and what they could do instead.
 * The differential test holds the exports to it both ways: a template not named here must export,
 * and one named here must still be refused (so the list never goes stale).
 */
import type { TargetId } from './target.ts';

export interface ReviewedRefusal {
  target: TargetId;
  ruleId: string;
  /** Why the tool cannot say the rule exactly, in plain words. */
  reason: string;
  /** What the user can do instead. */
  instead: string;
}

export const reviewedRefusals: readonly ReviewedRefusal[] = [
  {
    target: 'cloudwatch',
    ruleId: 'lambda-opened-to-anyone',
    reason: 'CloudWatch Logs has no way to write a literal * (in "*" for requestParameters.principal); it always means "anything"',
    instead:
      'Use the EventBridge export of this rule, which compares the principal with the literal * exactly and alerts through the same SNS topics; Sigma, Falco, Elastic and Splunk export it too.',
  },
];
