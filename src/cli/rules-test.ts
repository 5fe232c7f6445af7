/**
 * `plainsec rules test`: checks the examples each rule carries, and runs the rules (and, if asked,
 * each tool's export of them) over a file of events, read as a stream so a day of logs fits.
 */
import type { CloudTrailEvent } from '../lib/rules/canonical.ts';
import { alertmanagerReason, checkRuleExamples, compileRule, countProblem, verdictProblem, type CompiledRule } from '../lib/rules/evaluate.ts';
import type { CountFiring } from '../lib/rules/count.ts';
import { countWords, firingsWords } from '../lib/rules/words/count.ts';
import { urgencyWords, type Rule } from '../lib/rules/model.ts';
import { sourceOf, sourceOfEvent, type RuleSource } from '../lib/rules/sources.ts';
import type { TargetId } from '../lib/rules/target.ts';
import { availableTargetIds, parseTargetList } from '../lib/rules/targets.ts';
import { exitCodes, parse, usageError, type Io } from './args.ts';
import { EventReadError, streamEventBatches } from './event-stream.ts';
import { conditionWords, whyNot } from '../lib/rules/words/index.ts';
import { exceptionClauses } from '../lib/rules/words/exceptions.ts';
import { readRuleSet } from './read.ts';

export const rulesTestHelp = `plainsec rules test FILE [--events EVENTS] [--targets all|sigma,eventbridge,...] [--json]

Checks the rules in FILE (a Plainsec rule file, YAML).

Each rule may carry examples: events it should fire on and events it should not. Every example is
run through the rule and through the detection exported for each tool, read by that tool's own
rules. A rule without examples is mentioned, not failed.

  --events FILE   also say which rules fire on which events, and for rules that do not fire,
                  which part of the rule did not hold. FILE may hold AWS CloudTrail records: a
                  JSON list, a CloudTrail log file {"Records": [...]} (or the .json.gz that S3
                  stores), one record, or one record per line.
                  Or, for rules with source: k8s-audit, the cluster's audit log: one audit
                  Event, an EventList, one event per line as the API server writes its log
                  file, or EKS's audit log from CloudWatch Logs (aws logs filter-log-events
                  output, a Logs Insights export, or an export to S3, .gz or not).
                  It is read as it goes, so a day of logs is fine. Each rule reads only the
                  events of its own log: a CloudTrail rule skips audit events, and a cluster
                  rule skips CloudTrail records; the output says when a rule had none to read.
  --targets LIST  with --events, also run each tool's export on every event and name any event
                  where a tool and the rule disagree. LIST is comma-separated: ${availableTargetIds().join(', ')};
                  or all. It also limits which tools the examples are checked against (default: all).
                  Alertmanager does not read events (it routes the alerts the other tools raise),
                  so it is listed as not checked.
  --json          print {"events": N, "rules": [{"id", "fires": [...], "targets": {...}}]}, with
                  events numbered from 0 in file order; problems go to stderr. Without --events,
                  prints each rule's examples and how they came out.

Exit code: 0 when every example holds and every tool agrees with the rule; 1 when an example
fails or a tool disagrees (each one is named); 2 on bad input, and when no rule in FILE reads
the kind of events given (CloudTrail rules given only audit events, or the other way round).`;

/** How many events each kind of line lists before saying "and N more". */
const shownFires = 10;
const shownReasons = 5;
const shownDisagreements = 10;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * An event as a reader finds it again in the file: its number from 1, and for a CloudTrail record
 * the call and its time; for an audit event what was done to what, where, by whom and when.
 */
function eventLabel(event: CloudTrailEvent, index: number): string {
  if (sourceOfEvent(event) === 'k8s-audit') {
    const ref = (event['objectRef'] ?? {}) as Record<string, unknown>;
    const user = (event['user'] ?? {}) as Record<string, unknown>;
    const what = [text(event['verb']) ?? 'no verb', text(ref['resource']) ? `${ref['resource']}${text(ref['subresource']) ? `/${ref['subresource']}` : ''}` : undefined]
      .filter(Boolean)
      .join(' ');
    const where = text(ref['namespace']) ? ` in ${ref['namespace']}` : '';
    const who = text(user['username']) ? ` by ${user['username']}` : '';
    const when = text(event['requestReceivedTimestamp']) ?? text(event['stageTimestamp']);
    return `event ${index + 1} (${what}${where}${who}${when ? ` at ${when}` : ''})`;
  }
  const name = typeof event['eventName'] === 'string' ? event['eventName'] : 'no eventName';
  const time = typeof event['eventTime'] === 'string' ? ` at ${event['eventTime']}` : '';
  return `event ${index + 1} (${name}${time})`;
}

/** Each source's records as the output names them, in a sentence about the events in a file. */
const eventsOf: Record<RuleSource, { one: string; many: string }> = {
  cloudtrail: { one: 'AWS CloudTrail record', many: 'AWS CloudTrail records' },
  'k8s-audit': { one: "audit event from a cluster's audit log", many: "audit events from a cluster's audit log" },
};
const counted = (n: number, source: RuleSource): string => `${n} ${n === 1 ? eventsOf[source].one : eventsOf[source].many}`;

/** Why a rule read none of the events in the file, and what to give it instead. */
function otherSourceWords(rule: Rule, skipped: number): string {
  const source = sourceOf(rule);
  const other: RuleSource = source === 'cloudtrail' ? 'k8s-audit' : 'cloudtrail';
  return source === 'cloudtrail'
    ? `this rule reads AWS CloudTrail records, and the ${skipped} event(s) given are ${eventsOf[other].many}, so it read none of them. Give it CloudTrail records; the cluster's audit log needs rules with source: k8s-audit.`
    : `this rule reads the cluster's audit log, and the ${skipped} event(s) given are ${eventsOf[other].many}, so it read none of them. Give it the cluster's audit events (plainsec rules test --help lists the shapes it reads).`;
}

/** Runs every rule's examples; prints how each came out; returns how many failed. */
function runExamples(rules: readonly Rule[], targetIds: readonly TargetId[], io: Io, json: boolean, printJson: boolean): number {
  let failed = 0;
  const without: string[] = [];
  const report: { id: string; examples: ReturnType<typeof checkRuleExamples> }[] = [];
  const lines: string[] = [];
  for (const rule of rules) {
    const outcomes = checkRuleExamples(rule, targetIds);
    report.push({ id: rule.id, examples: outcomes });
    if (outcomes.length === 0) without.push(rule.id);
    for (const o of outcomes) {
      if (o.ok) lines.push(`ok     ${rule.id}: ${o.name} (${o.expect})`);
      else {
        failed++;
        lines.push(`FAILS  ${rule.id}: ${o.name}: ${o.problems.join('; ')}`);
      }
    }
  }
  if (printJson) io.out(JSON.stringify({ rules: report }));
  else if (json) for (const l of lines.filter((l) => l.startsWith('FAILS'))) io.err(l);
  else {
    const count = report.reduce((n, r) => n + r.examples.length, 0);
    if (count > 0) io.out(`Examples: ${count} in ${rules.length - without.length} of ${rules.length} rule(s), checked against the rule and ${targetIds.length > 0 ? targetIds.join(', ') : 'no tools'}.`);
    for (const l of lines) io.out(l);
    if (without.length > 0) io.out(`No examples yet: ${without.join(', ')}. Add some under "examples:" so the rule's tests travel with it.`);
    io.out(failed > 0 ? `${failed} example(s) failed.\n` : count > 0 ? 'Every example holds.\n' : '');
  }
  return failed;
}

/** What running one rule over the events found. */
interface RuleTally {
  compiled: CompiledRule;
  fires: number[];
  fireLabels: string[];
  /** The events of the rule's own source it read, and those of the other source it skipped. */
  read: number;
  skipped: number;
  targets: Map<TargetId, { fires: number[]; disagree: number; shown: string[] }>;
  /** For a counting rule: the events any reader counts (with their place in the file), counted at the end. */
  counted?: { events: CloudTrailEvent[]; at: number[] };
}

/** A counting rule's windows over the kept events, with event numbers from the whole file. */
const inFile = (firings: CountFiring[], at: readonly number[]): CountFiring[] => firings.map((f) => ({ ...f, events: f.events.map((i) => at[i]!) }));

export async function rulesTest(args: string[], io: Io): Promise<number> {
  const p = parse(args, { events: { type: 'string' }, targets: { type: 'string' }, json: { type: 'boolean' } });
  if (!p.ok) return usageError(io, 'rules test', p.error);
  if (p.values['help']) return (io.out(rulesTestHelp), exitCodes.ok);
  const [file, extra] = p.positionals;
  if (!file) return usageError(io, 'rules test', 'name the rule file, like: plainsec rules test rules.yaml --events events.json');
  if (extra !== undefined) return usageError(io, 'rules test', `give one rule file; "${extra}" is one too many (events go after --events)`);
  const eventsFile = p.values['events'];
  const json = p.values['json'] === true;
  let chosen: TargetId[] | undefined;
  if (typeof p.values['targets'] === 'string') {
    const ids = parseTargetList(p.values['targets']);
    if (!ids.ok) return usageError(io, 'rules test', ids.error);
    chosen = ids.ids;
  }
  const ruleSet = await readRuleSet(file);
  if (!ruleSet.ok) return (io.err(ruleSet.error), exitCodes.badInput);
  const rules = ruleSet.value.rules;

  const failedExamples = runExamples(rules, chosen ?? availableTargetIds(), io, json, json && typeof eventsFile !== 'string');
  if (typeof eventsFile !== 'string') return failedExamples > 0 ? exitCodes.checkFailed : exitCodes.ok;

  const tallies: RuleTally[] = rules.map((rule) => {
    const compiled = compileRule(rule, chosen ?? []);
    const targets = new Map(compiled.targetIds.filter((id) => compiled.refused[id] === undefined).map((id) => [id, { fires: [] as number[], disagree: 0, shown: [] as string[] }]));
    return { compiled, fires: [], fireLabels: [], read: 0, skipped: 0, targets, ...(compiled.count ? { counted: { events: [], at: [] } } : {}) };
  });
  // The first few events of each source are kept, with their place in the file, to say why quiet
  // rules stayed quiet; the rest pass through.
  const firstEvents: Record<RuleSource, { event: CloudTrailEvent; at: number }[]> = { cloudtrail: [], 'k8s-audit': [] };
  let n = 0;
  try {
    for await (const batch of streamEventBatches(eventsFile)) {
      for (const event of batch) {
        const source = sourceOfEvent(event);
        if (firstEvents[source].length < shownReasons) firstEvents[source].push({ event, at: n });
        for (const t of tallies) {
          // A rule never sees the other log in a real tool (CloudTrail and the audit log go to
          // different places), so it is not run on it: a "not" rule would fire on every one.
          if (sourceOf(t.compiled.rule) !== source) {
            t.skipped++;
            continue;
          }
          t.read++;
          const fires = t.compiled.fires(event);
          if (t.counted) {
            // Only events the rule or a tool's per-event detection accepts can count; only they are kept.
            if (fires || [...t.targets.keys()].some((id) => { const v = t.compiled.target(id, event); return 'fires' in v && v.fires; })) {
              t.counted.events.push(event);
              t.counted.at.push(n);
            }
            continue;
          }
          if (fires) {
            t.fires.push(n);
            if (!json && t.fireLabels.length < shownFires) t.fireLabels.push(eventLabel(event, n));
          }
          for (const [id, tally] of t.targets) {
            const verdict = t.compiled.target(id, event);
            if ('fires' in verdict && verdict.fires) tally.fires.push(n);
            const problem = verdictProblem(id, verdict, fires, 'the rule');
            if (problem) {
              tally.disagree++;
              if (tally.shown.length < shownDisagreements) tally.shown.push(`${eventLabel(event, n)}: ${problem}`);
            }
          }
        }
        n++;
      }
    }
  } catch (e) {
    if (e instanceof EventReadError) return (io.err(e.message), exitCodes.badInput);
    throw e;
  }

  // A counting rule fires per window: the rule's windows, and each tool's, are compared as a whole.
  const windows = new Map<RuleTally, CountFiring[]>();
  for (const t of tallies) {
    if (!t.counted || !t.compiled.count) continue;
    const firings = inFile(t.compiled.count.firings(t.counted.events), t.counted.at);
    windows.set(t, firings);
    t.fires = [...new Set(firings.flatMap((f) => f.events))].sort((a, b) => a - b);
    t.fireLabels = firings.slice(0, shownFires).map((f) => `${f.events.length} events in the window from ${f.start}${f.group !== undefined ? ` by ${f.group}` : ''}`);
    for (const [id, tally] of t.targets) {
      const verdict = t.compiled.count.target(id, t.counted.events);
      if ('firings' in verdict) tally.fires = [...new Set(inFile(verdict.firings, t.counted.at).flatMap((f) => f.events))].sort((a, b) => a - b);
      const problem = countProblem(id, 'firings' in verdict ? { firings: inFile(verdict.firings, t.counted.at) } : verdict, firings);
      if (problem) {
        tally.disagree = 1;
        tally.shown = [problem];
      }
    }
  }

  const disagreeing = tallies.reduce((sum, t) => sum + [...t.targets.values()].filter((x) => x.disagree > 0).length, 0);
  // Every rule skipped every event: the file holds the other log, and nothing was checked.
  const nothingRead = n > 0 && tallies.length > 0 && tallies.every((t) => t.read === 0);
  if (json) {
    const out = {
      events: n,
      rules: tallies.map((t) => ({
        id: t.compiled.rule.id,
        fires: t.fires,
        ...(t.skipped > 0 ? { skipped: { events: t.skipped, reason: `it reads ${sourceOf(t.compiled.rule) === 'cloudtrail' ? 'AWS CloudTrail records' : "the cluster's audit log"} only` } } : {}),
        ...(windows.has(t) ? { windows: windows.get(t)!.map((f) => ({ start: f.start, ...(f.group !== undefined ? { group: f.group } : {}), events: f.events })) } : {}),
        ...(chosen
          ? {
              targets: Object.fromEntries(
                t.compiled.targetIds.map((id) => [id, t.targets.has(id) ? { fires: t.targets.get(id)!.fires } : { refused: t.compiled.refused[id]! }]),
              ),
            }
          : {}),
      })),
    };
    io.out(JSON.stringify(out));
    for (const t of tallies) for (const [id, x] of t.targets) for (const line of x.shown) io.err(`DISAGREES  ${t.compiled.rule.id} ${id}: ${line}`);
    for (const t of tallies) if (t.read === 0 && t.skipped > 0) io.err(`READ NONE  ${t.compiled.rule.id}: ${otherSourceWords(t.compiled.rule, t.skipped)}`);
  } else {
    io.out(`${rules.length} rule(s), ${n} event(s)${sourceCounts(tallies, n)}.\n`);
    for (const t of tallies) printRule(io, t, firstEvents[sourceOf(t.compiled.rule)], windows.get(t));
    if (chosen) {
      io.out(
        disagreeing > 0
          ? `\n${disagreeing} tool export(s) disagree with their rule on some events; see DISAGREES above.`
          : `\nChecked with ${chosen.filter((id) => id !== 'alertmanager').join(', ') || 'no tool that reads events'}: each agrees with the rule on every event, where it can express the rule.`,
      );
      if (chosen.includes('alertmanager')) io.out(`Alertmanager was not checked: ${alertmanagerReason}.`);
    }
  }
  if (nothingRead) {
    const sources = new Set(tallies.map((t) => sourceOf(t.compiled.rule)));
    io.err(
      `No rule in ${file} reads these events: its rules read ${[...sources].map((s) => (s === 'cloudtrail' ? 'AWS CloudTrail records' : "the cluster's audit log")).join(' and ')}, and ${eventsFile} holds ${sources.has('cloudtrail') ? eventsOf['k8s-audit'].many : eventsOf.cloudtrail.many}. Nothing was checked.`,
    );
    return exitCodes.badInput;
  }
  return failedExamples > 0 || disagreeing > 0 ? exitCodes.checkFailed : exitCodes.ok;
}

/** ", 3 from a cluster's audit log and 2 AWS CloudTrail records" when the file holds both, or the rules read another log than the file holds. */
function sourceCounts(tallies: readonly RuleTally[], n: number): string {
  const audit = tallies.length > 0 ? (sourceOf(tallies[0]!.compiled.rule) === 'k8s-audit' ? tallies[0]!.read : tallies[0]!.skipped) : 0;
  if (n === 0 || tallies.every((t) => t.skipped === 0)) return '';
  if (audit === n) return `, all ${eventsOf['k8s-audit'].many}`;
  if (audit === 0) return `, all ${eventsOf.cloudtrail.many}`;
  return `: ${counted(audit, 'k8s-audit')} and ${counted(n - audit, 'cloudtrail')}`;
}

function printRule(io: Io, t: RuleTally, firstEvents: readonly { event: CloudTrailEvent; at: number }[], windows?: CountFiring[]): void {
  const rule = t.compiled.rule;
  const n = t.read;
  if (t.read === 0 && t.skipped > 0) {
    io.out(`quiet  ${rule.id}: ${otherSourceWords(rule, t.skipped)}`);
    return;
  }
  // Said once under the rule, so "1 of 4" below counts only the events it read.
  const skippedLine = t.skipped > 0 ? `         (${t.skipped} event(s) of the other log skipped: it reads ${sourceOf(rule) === 'cloudtrail' ? 'AWS CloudTrail records' : "the cluster's audit log"} only)` : undefined;
  if (rule.count && windows) {
    const head = windows.length > 0 ? `FIRES  ${rule.id} (${urgencyWords[rule.urgency]}, ${rule.notify})` : `quiet  ${rule.id}`;
    io.out(`${head}: counts ${countWords(rule.count)}; ${t.counted?.events.length ?? 0} of ${n} event(s) match. ${firingsWords(rule.count, windows)}`);
  } else if (t.fires.length > 0) {
    io.out(`FIRES  ${rule.id} (${urgencyWords[rule.urgency]}, ${rule.notify}) on ${t.fires.length} of ${n}:`);
    for (const label of t.fireLabels) io.out(`         ${label}`);
    if (t.fires.length > shownFires) io.out(`         and ${t.fires.length - shownFires} more`);
  } else {
    // The exceptions in the words the builder uses ("unless the cluster did it itself"), not
    // spelt out as the tests on user names they stand for.
    const wants = [conditionWords(rule.when), ...exceptionClauses(rule.exceptions)].join(', ');
    io.out(`quiet  ${rule.id}: fires on none of the ${n} event(s). It wants: ${wants}`);
    for (const { event, at } of firstEvents) io.out(`         ${eventLabel(event, at)}: ${whyNot(rule, event).join('; ')}`);
    if (n > shownReasons) io.out(`         (reasons shown for the first ${shownReasons} events)`);
  }
  if (skippedLine) io.out(skippedLine);
  for (const id of t.compiled.targetIds) {
    const tally = t.targets.get(id);
    // Alertmanager never reads events; it is named once at the end rather than under every rule.
    if (!tally) {
      if (id !== 'alertmanager') io.out(`         ${id} was not checked: ${t.compiled.refused[id]}`);
    } else if (tally.disagree > 0) {
      io.out(`DISAGREES  ${rule.id} ${id} on ${tally.disagree} of ${n} event(s):`);
      for (const line of tally.shown) io.out(`         ${line}`);
      if (tally.disagree > tally.shown.length) io.out(`         and ${tally.disagree - tally.shown.length} more`);
    }
  }
}
