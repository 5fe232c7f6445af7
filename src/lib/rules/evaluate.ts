/**
 * One rule, evaluated on events the way each tool would see it: the canonical meaning
 * (`matchesCondition`) and, for each chosen tool, the detection Plainsec exports run through that
 * tool's own matcher. Used by `plainsec rules test` (examples and a day of logs) and by the site's
 * try-it panel, so it stays pure: no DOM, no Node.
 *
 * Alertmanager is a target but it does not read events: it routes the alerts the other tools
 * raise. It is reported as refusing, with that reason, so a caller asking for "all" targets sees
 * it named rather than silently missing.
 */
import { matchesCondition, type CloudTrailEvent } from './canonical.ts';
import { effectiveCondition, type Rule, type RuleExample } from './model.ts';
import { compileDetection, sourceRefusalReason, type ProvableTarget, type Target, type TargetId } from './target.ts';
import { sourceOf } from './sources.ts';
import { countFirings, firingKeys, type CountFiring } from './count.ts';
import { availableTargetIds, targets as registry } from './targets.ts';

/** What one tool does with one event: fires or not, cannot express the rule, or cannot read its own export. */
export type TargetVerdict = { fires: boolean } | { refused: string } | { invalid: string };

/** The canonical verdict and each chosen tool's verdict on one event. */
export interface RuleVerdict {
  fires: boolean;
  targets: Partial<Record<TargetId, TargetVerdict>>;
}

/** The tools' names as a sentence says them: "Sigma does not fire on it". */
const targetShortNames: Record<TargetId, string> = {
  sigma: 'Sigma',
  eventbridge: 'EventBridge',
  cloudwatch: 'CloudWatch',
  falco: 'Falco',
  alertmanager: 'Alertmanager',
  elastic: 'Elastic',
  splunk: 'Splunk',
};

/** Why Alertmanager has no verdict on an event. */
export const alertmanagerReason = 'Alertmanager routes the alerts the other tools raise; it does not read events, so there is nothing to check';

export interface EvaluateOptions {
  /**
   * The targets to use instead of the built-in ones, by id. Lets a caller check a tool of its own,
   * or a test stand in a tool whose matcher disagrees, through the same comparison.
   */
  targets?: Partial<Record<TargetId, Target>>;
}

/** A rule made ready for many events: each tool's detection text is written once, up front. */
export interface CompiledRule {
  rule: Rule;
  targetIds: readonly TargetId[];
  /** The tools that cannot express the rule (or do not read events), with the reason. */
  refused: Partial<Record<TargetId, string>>;
  /** The canonical meaning on one event. */
  fires(event: CloudTrailEvent): boolean;
  /** One tool's verdict on one event. */
  target(id: TargetId, event: CloudTrailEvent): TargetVerdict;
  /** The canonical verdict and every chosen tool's verdict on one event. */
  evaluate(event: CloudTrailEvent): RuleVerdict;
  /** For a rule with `count`: where it fires over a list of events, by the rule and by each tool. */
  count?: CompiledCount;
}

/** One tool's count over a list of events: the windows it fires in, or why it has none. */
export type CountVerdict = { firings: CountFiring[] } | { refused: string } | { invalid: string };

export interface CompiledCount {
  /** The windows (and groups) in which the rule fires, by the canonical meaning (count.ts). */
  firings(events: readonly CloudTrailEvent[]): CountFiring[];
  /** The windows in which a tool's counting export fires, by that tool's way of counting. */
  target(id: TargetId, events: readonly CloudTrailEvent[]): CountVerdict;
}

/** How a tool's count differs from the rule's, in plain words; undefined when the windows agree or the tool refused. */
export function countProblem(id: TargetId, verdict: CountVerdict, wanted: readonly CountFiring[]): string | undefined {
  const name = targetShortNames[id];
  if ('refused' in verdict) return undefined;
  if ('invalid' in verdict) return `${name} could not read the counting detection Plainsec wrote for it: ${verdict.invalid}`;
  const got = firingKeys(verdict.firings).join(', ');
  const want = firingKeys(wanted).join(', ');
  return got === want ? undefined : `${name} fires in ${got === '' ? 'no window' : `the windows ${got}`}, but the rule fires in ${want === '' ? 'none' : want}`;
}

const isProvable = (t: Target): t is ProvableTarget => 'detectionFor' in t && 'match' in t;

/** Prepares a rule for the given tools (all available ones when none are named). */
export function compileRule(rule: Rule, targetIds: readonly TargetId[] = availableTargetIds(), options: EvaluateOptions = {}): CompiledRule {
  const condition = effectiveCondition(rule);
  const refused: Partial<Record<TargetId, string>> = {};
  const runners = new Map<TargetId, (event: CloudTrailEvent) => TargetVerdict>();
  for (const id of targetIds) {
    const target = options.targets?.[id] ?? registry[id];
    if (id === 'alertmanager') refused[id] = alertmanagerReason;
    else if (!target) refused[id] = `the ${targetShortNames[id]} export is not available in this version`;
    else if (!isProvable(target)) refused[id] = `Plainsec cannot check the ${target.name} export against events`;
    else if (sourceRefusalReason(target, sourceOf(rule))) refused[id] = sourceRefusalReason(target, sourceOf(rule))!;
    else {
      const detection = target.detectionFor(rule);
      if (!detection.ok) refused[id] = detection.reason;
      else {
        // The tool reads its detection text once here, not again for every event.
        const compiled = compileDetection(target, detection.text);
        if (!compiled.ok) {
          const invalid: TargetVerdict = { invalid: compiled.reason };
          runners.set(id, () => invalid);
        } else
          runners.set(id, (event) => {
            const result = compiled.match(event);
            return result.kind === 'invalid' ? { invalid: result.reason } : { fires: result.kind === 'match' };
          });
      }
    }
  }
  const verdictOf = (id: TargetId, event: CloudTrailEvent): TargetVerdict => {
    const runner = runners.get(id);
    if (runner) return runner(event);
    return { refused: refused[id] ?? `${id} was not among the tools chosen` };
  };
  const count = rule.count;
  let counting: CompiledCount | undefined;
  if (count) {
    const countTexts = new Map<TargetId, string>();
    for (const id of targetIds) {
      if (refused[id] !== undefined) continue;
      const target = (options.targets?.[id] ?? registry[id]) as ProvableTarget;
      const detection = target.counting?.countDetectionFor(rule) ?? { ok: false as const, reason: `${target.name} cannot count events` };
      if (detection.ok) countTexts.set(id, detection.text);
      else refused[id] = detection.reason;
    }
    counting = {
      firings: (events) => countFirings(count, condition, events),
      target(id, events) {
        const text = countTexts.get(id);
        const target = (options.targets?.[id] ?? registry[id]) as ProvableTarget | undefined;
        if (text === undefined || !target?.counting) return { refused: refused[id] ?? `${id} was not among the tools chosen` };
        const result = target.counting.countMatch(text, events);
        return result.ok ? { firings: result.firings } : { invalid: result.reason };
      },
    };
  }
  return {
    rule,
    targetIds,
    refused,
    ...(counting ? { count: counting } : {}),
    fires: (event) => matchesCondition(condition, event),
    target: verdictOf,
    evaluate(event) {
      const verdicts: Partial<Record<TargetId, TargetVerdict>> = {};
      for (const id of targetIds) verdicts[id] = verdictOf(id, event);
      return { fires: matchesCondition(condition, event), targets: verdicts };
    },
  };
}

/**
 * How a tool's verdict differs from what was wanted, in plain words; undefined when it agrees or
 * when the tool refused the rule (a refusal is reported once, not per event).
 * `wanted` is what the rule (or an example) says; `by` names what says it.
 */
export function verdictProblem(id: TargetId, verdict: TargetVerdict, wanted: boolean, by: 'the rule' | 'the example'): string | undefined {
  const name = targetShortNames[id];
  if ('refused' in verdict) return undefined;
  if ('invalid' in verdict) return `${name} could not read the detection Plainsec wrote for it: ${verdict.invalid}`;
  if (verdict.fires === wanted) return undefined;
  if (by === 'the example') return verdict.fires ? `${name} fires on it, but the example expects it not to` : `${name} does not fire on it, but the example expects it to`;
  return verdict.fires ? `${name} fires on it, but the rule does not` : `the rule fires on it, but ${name} does not`;
}

/** One example of a rule, checked against the rule and every chosen tool. */
export interface ExampleOutcome {
  name: string;
  expect: RuleExample['expect'];
  /** Whether the rule (its canonical meaning) fires on the example's event. */
  fires: boolean;
  targets: Partial<Record<TargetId, TargetVerdict>>;
  /** The rule and every tool that can express it agree with `expect`. */
  ok: boolean;
  /** What differed, in plain words; empty when ok. */
  problems: string[];
}

/** Checks each of the rule's examples; a rule without examples gives an empty list. */
export function checkRuleExamples(rule: Rule, targetIds?: readonly TargetId[], options: EvaluateOptions = {}): ExampleOutcome[] {
  const examples = rule.examples ?? [];
  if (examples.length === 0) return [];
  const compiled = compileRule(rule, targetIds, options);
  const counting = compiled.count;
  if (counting) return examples.map((example) => checkCountExample(compiled, counting, example));
  return examples.map((example) => {
    const wanted = example.expect === 'fires';
    if (example.event === undefined)
      return { name: example.name, expect: example.expect, fires: false, targets: {}, ok: false, problems: ['this rule does not count, so give the example one event, not a list'] };
    const verdict = compiled.evaluate(example.event as CloudTrailEvent);
    const problems: string[] = [];
    if (verdict.fires !== wanted)
      problems.push(verdict.fires ? 'the rule fires on it, but the example expects it not to' : 'the rule does not fire on it, but the example expects it to');
    for (const id of compiled.targetIds) {
      const problem = verdictProblem(id, verdict.targets[id]!, wanted, 'the example');
      if (problem) problems.push(problem);
    }
    return { name: example.name, expect: example.expect, fires: verdict.fires, targets: verdict.targets, ok: problems.length === 0, problems };
  });
}

/** A counting rule's example: its events (or its one event) counted by the rule and by each tool. */
function checkCountExample(compiled: CompiledRule, counting: CompiledCount, example: RuleExample): ExampleOutcome {
  const events = (example.events ?? (example.event ? [example.event] : [])) as CloudTrailEvent[];
  const wanted = example.expect === 'fires';
  const firings = counting.firings(events);
  const fires = firings.length > 0;
  const problems: string[] = [];
  if (fires !== wanted)
    problems.push(fires ? `the rule fires on these events (${firingKeys(firings).join(', ')}), but the example expects it not to` : 'the rule does not reach its count on these events, but the example expects it to');
  const targets: Partial<Record<TargetId, TargetVerdict>> = {};
  for (const id of compiled.targetIds) {
    const verdict = counting.target(id, events);
    targets[id] = 'firings' in verdict ? { fires: verdict.firings.length > 0 } : verdict;
    const problem = countProblem(id, verdict, firings);
    if (problem) problems.push(problem);
  }
  return { name: example.name, expect: example.expect, fires, targets, ok: problems.length === 0, problems };
}
