/**
 * The registry of export targets, and one call that exports a rule set to several of them. This
 * module loads every exporter at once, for the command, the site's build and the tests; the
 * browser loads each one when it needs it, through `targetLoaders` in target.ts.
 */
import type { RuleSet } from './model.ts';
import type { MultiExportResult, ProvableTarget, Target, TargetId } from './target.ts';
import { exportRuleSetWith, targetIds } from './target.ts';
import { alertmanagerTarget } from './exporters/alertmanager.ts';
import { cloudwatchTarget } from './exporters/cloudwatch.ts';
import { elasticTarget } from './exporters/elastic.ts';
import { eventbridgeTarget } from './exporters/eventbridge.ts';
import { falcoTarget } from './exporters/falco.ts';
import { sigmaTarget } from './exporters/sigma.ts';
import { splunkTarget } from './exporters/splunk.ts';

/** Every target Plainsec exports to, by id. */
export const targets: Partial<Record<TargetId, Target>> = {
  sigma: sigmaTarget,
  eventbridge: eventbridgeTarget,
  cloudwatch: cloudwatchTarget,
  falco: falcoTarget,
  alertmanager: alertmanagerTarget,
  elastic: elasticTarget,
  splunk: splunkTarget,
};

/** The targets whose detections can be checked against the canonical meaning by their own matcher. */
export function provableTargets(): ProvableTarget[] {
  return Object.values(targets).filter(
    (t): t is ProvableTarget => 'detectionFor' in t && 'match' in t && typeof (t as ProvableTarget).match === 'function',
  );
}

/** The ids of the targets that are available, in the documented order. */
export function availableTargetIds(): TargetId[] {
  return targetIds.filter((id) => targets[id] !== undefined);
}

export type { MultiExportResult, TargetRefusal } from './target.ts';

/**
 * Reads a list of target ids like "sigma,eventbridge" or "all". Returns the ids, or a plain-words
 * error that lists what can be written.
 */
export function parseTargetList(text: string): { ok: true; ids: TargetId[] } | { ok: false; error: string } {
  const names = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
  const known = availableTargetIds();
  if (names.length === 0) return { ok: false, error: `name at least one target: ${known.join(', ')}, or all` };
  if (names.includes('all')) return { ok: true, ids: known };
  const unknown = names.filter((n) => !known.includes(n as TargetId));
  if (unknown.length > 0)
    return { ok: false, error: `unknown target ${unknown.map((u) => `"${u}"`).join(', ')}; write one or more of ${known.join(', ')}, or all` };
  return { ok: true, ids: [...new Set(names as TargetId[])] };
}

/** Exports a rule set to each target; each target's files sit in a folder named after it. */
export function exportRuleSet(ruleSet: RuleSet, ids: readonly TargetId[]): MultiExportResult {
  return exportRuleSetWith(targets, ruleSet, ids);
}
