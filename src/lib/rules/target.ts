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

/**
 * A detection text read once, ready for many events: `ok: false` when the tool cannot read it at
 * all (what `match` reports as `invalid` on every event).
 */
export type CompiledDetection<E = CloudTrailEvent> = { ok: true; match(event: E): MatchResult } | { ok: false; reason: string };

/** One event through a compiled detection; a text the tool cannot read is `invalid` on every event. */
export function matchCompiled<E>(detection: CompiledDetection<E>, event: E): MatchResult {
  return detection.ok ? detection.match(event) : { kind: 'invalid', reason: detection.reason };
}

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
  /**
   * Reads the detection text once, for checking it against many events. Optional, so a target of
   * one's own need not split its matcher; where present, `match(text, event)` gives the same result
   * as `compile(text)` then `.match(event)` (the built-in matchers do exactly that).
   */
  compile?(detectionText: string): CompiledDetection;
}

// The `match` each built-in `compile` was written with. A target made by spreading a built-in one
// and replacing `match` (a test's stand-in, a tool of one's own) still carries the old `compile`,
// which no longer reads the text as its `match` does; such a target is asked per event instead.
const compileBelongsTo = new WeakMap<object, object>();

/** Marks a target's `compile` as reading detection texts exactly as its `match` does. */
export function provableTarget<T extends ProvableTarget & Required<Pick<ProvableTarget, 'compile'>>>(target: T): T {
  compileBelongsTo.set(target.compile, target.match);
  return target;
}

/**
 * A target's detection text, read once when the target can do that, else read on every event
 * through its `match`. A `compile` marked for another `match` is not used.
 */
export function compileDetection(target: ProvableTarget, detectionText: string): CompiledDetection {
  const owner = target.compile && compileBelongsTo.get(target.compile);
  if (target.compile && (owner === undefined || owner === target.match)) return target.compile(detectionText);
  return { ok: true, match: (event) => target.match(detectionText, event) };
}
