/**
 * What every export target provides. An exporter is a pure function from a rule set to files;
 * a provable target also says, for one rule, the detection text its own matcher reads, so the
 * differential tests can check that text fires on exactly the events the canonical model accepts.
 */
import type { CloudTrailEvent } from './canonical.ts';
import type { Rule, RuleSet } from './model.ts';

export const targetIds = ['sigma', 'eventbridge', 'cloudwatch', 'falco', 'alertmanager', 'elastic', 'splunk'] as const;
export type TargetId = (typeof targetIds)[number];

/** One file an export writes. `path` is relative and uses forward slashes. */
export interface ExportedFile {
  path: string;
  content: string;
}

/** A rule the target cannot express, with the reason in plain words. Nothing is emitted for it. */
export interface Refusal {
  ruleId: string;
  reason: string;
}

export interface ExportResult {
  files: ExportedFile[];
  refused: Refusal[];
}

export type MatchResult = { kind: 'match' } | { kind: 'no-match' } | { kind: 'invalid'; reason: string };

export type Detection = { ok: true; text: string } | { ok: false; reason: string };

export interface Target {
  id: TargetId;
  /** The tool's name as people say it: "AWS EventBridge". */
  name: string;
  exportRuleSet(ruleSet: RuleSet): ExportResult;
}

export interface ProvableTarget extends Target {
  /** The detection for one rule, as text the target's matcher reads (a pattern, a filter, a rule file). */
  detectionFor(rule: Rule): Detection;
  /** Whether the detection text fires on the event, by the target's own documented semantics. */
  match(detectionText: string, event: CloudTrailEvent): MatchResult;
}
