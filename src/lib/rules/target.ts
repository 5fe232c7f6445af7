/**
 * What every export target provides. An exporter is a pure function from a rule set to files;
 * a provable target also says, for one rule, the detection text its own matcher reads, so the
 * differential tests can check that text fires on exactly the events the canonical model accepts.
 */
import type { CloudTrailEvent } from './canonical.ts';
import type { Rule, RuleSet } from './model.ts';
import type { CountResult } from './count.ts';
import { sourceOf, type RuleSource } from './sources.ts';

export const targetIds = ['sigma', 'eventbridge', 'cloudwatch', 'falco', 'alertmanager', 'elastic', 'splunk'] as const;
export type TargetId = (typeof targetIds)[number];

/** Each tool's name as people say it, known without loading its exporter (a tab, a table row). */
export const targetNames: Record<TargetId, string> = {
  sigma: 'Sigma',
  eventbridge: 'AWS EventBridge',
  cloudwatch: 'CloudWatch Logs metric filter and alarm',
  falco: 'Falco',
  alertmanager: 'Prometheus Alertmanager',
  elastic: 'Elastic Security',
  splunk: 'Splunk',
};

/**
 * Where each target's exporter is, loaded when first asked for. The one map from a target id to
 * its code: the browser loads one tool's exporter when its tab opens, and all of them for a zip or
 * try-it; `targets.ts` imports them all at once for the command and the site's build.
 */
export const targetLoaders: Record<TargetId, () => Promise<Target>> = {
  sigma: () => import('./exporters/sigma.ts').then((m) => m.sigmaTarget),
  eventbridge: () => import('./exporters/eventbridge.ts').then((m) => m.eventbridgeTarget),
  cloudwatch: () => import('./exporters/cloudwatch.ts').then((m) => m.cloudwatchTarget),
  falco: () => import('./exporters/falco.ts').then((m) => m.falcoTarget),
  alertmanager: () => import('./exporters/alertmanager.ts').then((m) => m.alertmanagerTarget),
  elastic: () => import('./exporters/elastic.ts').then((m) => m.elasticTarget),
  splunk: () => import('./exporters/splunk.ts').then((m) => m.splunkTarget),
};

/** The chosen targets' exporters, loaded (each module once: the browser keeps what it loaded). */
export async function loadTargets(ids: readonly TargetId[]): Promise<Partial<Record<TargetId, Target>>> {
  const loaded = await Promise.all(ids.map((id) => targetLoaders[id]()));
  return Object.fromEntries(ids.map((id, i) => [id, loaded[i]]));
}

/** A refusal, with the target that refused. */
export interface TargetRefusal extends Refusal {
  target: TargetId;
}

/** The files for every chosen target, and what each target refused. */
export interface MultiExportResult {
  files: ExportedFile[];
  refused: TargetRefusal[];
}

/**
 * Why a target writes nothing for rules of a source it does not read. EventBridge never receives a
 * cluster's audit log: EKS sends it to CloudWatch Logs only.
 * https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
 */
export function sourceRefusalReason(target: Pick<Target, 'id' | 'name' | 'sources'>, source: RuleSource): string | undefined {
  if ((target.sources ?? ['cloudtrail']).includes(source)) return undefined;
  if (source === 'k8s-audit')
    return target.id === 'eventbridge'
      ? "EventBridge never sees a cluster's audit log: EKS sends it to CloudWatch Logs only; use the CloudWatch Logs, Falco, Sigma, Elastic or Splunk file for this rule"
      : `the ${target.name} export does not read a cluster's audit log yet; use another tool's file for this rule`;
  return `the ${target.name} export reads a cluster's audit log only; this rule reads AWS CloudTrail`;
}

/** Exports a rule set with the given targets; each target's files sit in a folder named after it. */
export function exportRuleSetWith(registry: Partial<Record<TargetId, Target>>, ruleSet: RuleSet, ids: readonly TargetId[]): MultiExportResult {
  const files: ExportedFile[] = [];
  const refused: TargetRefusal[] = [];
  for (const id of ids) {
    const target = registry[id];
    if (!target) {
      refused.push(...ruleSet.rules.map((r) => ({ target: id, ruleId: r.id, reason: `the ${id} export is not available in this version` })));
      continue;
    }
    // Rules of a source the tool does not read are refused here, so no exporter ever sees them.
    const readable = ruleSet.rules.filter((r) => {
      const reason = sourceRefusalReason(target, sourceOf(r));
      if (reason) refused.push({ target: id, ruleId: r.id, reason });
      return reason === undefined;
    });
    if (readable.length === 0 && ruleSet.rules.length > 0) continue;
    const result = target.exportRuleSet(readable.length === ruleSet.rules.length ? ruleSet : { ...ruleSet, rules: readable });
    for (const file of result.files)
      files.push({ path: file.path.startsWith(`${id}/`) ? file.path : `${id}/${file.path}`, content: file.content });
    refused.push(...result.refused.map((r) => ({ target: id, ...r })));
  }
  return { files, refused };
}

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
  /** The sources whose rules it writes; absent: CloudTrail only. */
  sources?: readonly RuleSource[];
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
  /** For a rule with `count`: the counting detection and the tool's way of counting. Absent: the tool cannot count. */
  counting?: CountingTarget;
}

/** How a tool counts (see count.ts for the meaning it must reproduce). */
export interface CountingTarget {
  /** The whole counting detection for one rule with `count`, as the tool reads it, or why it cannot be written. */
  countDetectionFor(rule: Rule): Detection;
  /** The windows (and groups) in which the detection fires over these events, by the tool's documented way of counting. */
  countMatch(detectionText: string, events: readonly CloudTrailEvent[]): CountResult;
}

// The `match` each built-in `compile` was written with. A target made by spreading a built-in one
// and replacing `match` (a test's stand-in, a tool of one's own) still carries the old `compile`,
// which no longer reads the text as its `match` does; such a target is asked per event instead.
const compileBelongsTo = new WeakMap<object, object>();

/** Marks a target's `compile` as reading detection texts exactly as its `match` does. */
export function provableTarget<T extends ProvableTarget & Required<Pick<ProvableTarget, 'compile'>>>(target: T): T {
  compileBelongsTo.set(target.compile, target.match);
  // A rule of a source the tool does not read gets the reason, whoever asks (try-it, the tests).
  const detectionFor = target.detectionFor;
  target.detectionFor = (rule) => {
    const reason = sourceRefusalReason(target, sourceOf(rule));
    return reason ? { ok: false, reason } : detectionFor(rule);
  };
  const counting = target.counting;
  if (counting) {
    const countDetectionFor = counting.countDetectionFor;
    target.counting = {
      ...counting,
      countDetectionFor: (rule) => {
        const reason = sourceRefusalReason(target, sourceOf(rule));
        return reason ? { ok: false, reason } : countDetectionFor(rule);
      },
    };
  }
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
