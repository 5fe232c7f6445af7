/**
 * The `plainsec` command: a thin layer over `src/lib` for exporting, testing, importing and
 * validating alert rules offline.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CloudTrailEvent } from '../lib/rules/canonical.ts';
import { alertingOf, chatTools, pagerTools, type ChatTool, type PagerTool, type RuleSet } from '../lib/rules/model.ts';
import { matchEventPattern } from '../lib/rules/matchers/eventbridge.ts';
import { reviewedRefusals } from '../lib/rules/known-refusals.ts';
import { importSigmaRules, type SigmaFile } from '../lib/rules/sigma-import.ts';
import { compileDetection, matchCompiled, sourceRefusalReason, type TargetId } from '../lib/rules/target.ts';
import { availableTargetIds, exportRuleSet, parseTargetList, provableTargets } from '../lib/rules/targets.ts';
import { pagingLine } from '../lib/rules/delivery/index.ts';
import { yamlText } from '../lib/rules/yaml-text.ts';
import { sourceOf, sourceOfEvent } from '../lib/rules/sources.ts';
import { exitCodes, parse, usageError, type Io } from './args.ts';
import { assess } from './assess.ts';
import { fixFirst } from './fix-first.ts';
import { EventReadError, streamEventBatches } from './event-stream.ts';
import { parseJson, parseRuleSet, readRuleSet, readText } from './read.ts';
import { unquotedValueWarnings } from '../lib/rules/rule-set.ts';
import { overlapWarnings } from '../lib/rules/overlaps.ts';
import { regionWarnings } from '../lib/rules/regions.ts';
import { rulesTest, rulesTestHelp } from './rules-test.ts';
import { rulesHunt, rulesHuntHelp } from './rules-hunt.ts';
import { exportSearches, searchEngineIds } from '../lib/rules/search/export.ts';
import { defaultRange, rangeProblem, type SearchRange } from '../lib/rules/search/search-queries.ts';
import { rulesDescribe } from './rules-describe.ts';

const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

const mainHelp = `plainsec: alert rules in plain words, exported to the tools you run.
A rule reads AWS CloudTrail (what happens in your AWS accounts), or with source: k8s-audit the
cluster's audit log (what happens in your Kubernetes clusters).

Usage:
  plainsec rules export FILE... --to TARGETS --out DIR
                                                      write rule files for each tool
  plainsec rules test FILE [--events EVENTS] [--targets LIST] [--json]
                                                      check the rules' examples; which rules fire
                                                      on which events (CloudTrail records or the
                                                      cluster's audit log), and why not
  plainsec rules hunt FILE... --logs DIR [--since DAY [--until DAY] | --days N] [--json]
                                                      would the rules have fired: searches CloudTrail
                                                      log files in DIR (a copy of the trail's bucket)
  plainsec rules import-sigma FILE... [--out FILE]    turn Sigma rules for CloudTrail into a rule file
  plainsec rules validate FILE                        check a rule file
  plainsec rules describe FILE... [--json]            each rule in plain words, as the builder shows it
  plainsec test-pattern --format F --pattern FILE (--event FILE | --events FILE)
                                                      does one pattern match an event (offline)
  plainsec assess score FILE... [--json] [--badge OUT.svg] [--min-level N]
                                                      team scores, levels and next steps from result files
  plainsec assess merge FILE... --out FILE            put everyone's answers into one result file
  plainsec fix-first FILE... [--kev FILE] [--json] [--fail-on today|this-week]
                                                      the upgrades to do first, from scanner reports
                                                      (Trivy, Grype, OSV-Scanner, Inspector, ...)

Exit codes (every command):
  0  all good: valid, every example passed, at or above --min-level
  1  a check failed: an example, a tool that disagrees with its rule, a level below --min-level,
     or (test-pattern) no match, or (fix-first) work found for --fail-on; the output says which
  2  could not run: a file missing or unreadable, or a wrong option; the output says what to fix

--json (rules test, rules hunt, rules describe, assess score, fix-first) prints one JSON document on stdout instead.
Run any command with --help for details.`;

const helps: Record<string, string> = {
  export: `plainsec rules export FILE... --to TARGETS --out DIR

Writes the rules in each FILE (Plainsec rule files, YAML) as files for each tool; several files
are exported together, so each rule id must be used once across them.
  --to TARGETS   comma-separated: ${availableTargetIds().join(', ')}, and the searches
                 ${searchEngineIds.join(', ')} (SQL over months of logs); or all
  --days N       the searches look at the last N days (default 30), or
  --since DAY    from this day (YYYY-MM-DD, UTC), to --until DAY if given
  --out DIR      folder to write into; each tool gets its own folder inside
  --chat TOOL    where alerts are posted: ${chatTools.join(', ')} (default: the file's
                 alerting.chat, else slack)
  --pager TOOL   what wakes someone up: ${pagerTools.join(', ')} (default: the file's
                 alerting.pager, else pagerduty)
Rules a tool cannot express are listed with the reason; nothing is written for them.
A rule on the cluster's audit log (source: k8s-audit) is written for the tools that read it;
EventBridge never sees that log (EKS sends it to CloudWatch Logs only), so it refuses such a
rule and says which files to use instead.
Exit code: 0 when done, 2 on bad input.`,
  test: rulesTestHelp,
  hunt: rulesHuntHelp,
  'import-sigma': `plainsec rules import-sigma FILE... [--out FILE]

Turns Sigma rules for AWS CloudTrail into one Plainsec rule file (YAML), printed or written
to --out. Files that cannot be imported are listed on stderr with the reason.
Sigma ignores upper and lower case unless |cased is given; imported rules keep that with
"ignoreCase: true" on those tests. Files that cannot be said as a Plainsec rule are refused
with the reason; notes point out anything to check.
Exit code: 0 when at least one rule was imported, 2 when none was.`,
  validate: `plainsec rules validate FILE

Checks that FILE is a valid Plainsec rule file and says what to fix if not.
A rule file looks like:
  plainsecRules: 1
  rules:
    - id: new-iam-user
      title: A new IAM user was created
      means: ...
      whatToDo: ...
      when: { allOf: [ { field: eventSource, equals: iam.amazonaws.com }, { field: eventName, equals: CreateUser } ] }
      urgency: look-today        # wake-me-up, look-today or fyi
      notify: '#security-alerts'
A condition is a field test (equals, oneOf, startsWith, endsWith, wildcard, exists) or
not / allOf / anyOf of conditions.
A rule reads AWS CloudTrail records unless it says source: k8s-audit; then it reads the
cluster's audit log, with the audit event's fields as the API server writes them:
  - id: shell-in-a-container
    source: k8s-audit
    when: { allOf: [ { field: objectRef.resource, equals: pods }, { field: objectRef.subresource, oneOf: [exec, attach] } ] }
    exceptions: [ { unlessDoneByCluster: true } ]   # leaves out nodes, controllers and EKS itself
Such a rule takes unlessDoneByCluster, unlessDoneByUsers and unlessItFailed; the exceptions
that read AWS fields (unlessDoneByAwsService, unlessDoneByRoles, onlyInRegions, ...) are refused
with the reason.
A number or true/false written without quotes where AWS writes text (an account id, say)
gets a warning with its line: put it in quotes, or the test can never match.
Two rules where one replaces the other (replaces: [id]) get a warning too: both fire on
the same events, so keep one of them.
Exit code: 0 when valid (warnings or not), 2 when not.`,
  'test-pattern': `plainsec test-pattern --format FORMAT --pattern FILE (--event FILE | --events FILE)

Checks whether one detection matches events, offline, by the tool's own rules
(a stand-in for AWS TestEventPattern and its cousins).
  --format   eventbridge (pattern JSON), cloudwatch (filter pattern), sigma (rule YAML),
             falco (rules YAML), elastic (KQL query, or EQL: "any where ...") or splunk
             (the saved search's search line)
  --pattern  the file with the pattern or rule
  --event    a CloudTrail record or a cluster's audit event as JSON; for eventbridge, the
             EventBridge event is accepted too
  --events   many events: a JSON list, a CloudTrail log file {"Records": [...]} (or its .json.gz),
             or one per line; or the cluster's audit log, in the shapes plainsec rules test
             --help lists. Prints one line per event: its number (from 0, in file order), a
             tab, and "match" or "no match".
Exit code: 0 match, 1 no match, 2 invalid pattern or bad input.
With --events: 0 when every event was checked, 2 invalid pattern or bad input.
An event from the cluster's audit log given to a tool that never reads that log (eventbridge)
is bad input too: the error says why, and which tools read it.`,
};

/** The days a search covers, from --days N or --since DAY [--until DAY]; a string is what to fix. */
export function searchRangeOf(values: Record<string, unknown>): SearchRange | string {
  const { days, since, until } = values;
  if (typeof days === 'string' && (typeof since === 'string' || typeof until === 'string')) return 'give either --days or --since (with --until), not both';
  if (typeof until === 'string' && typeof since !== 'string') return 'say where the search starts with --since, like --since 2026-11-01';
  const range: SearchRange =
    typeof since === 'string' ? { since, ...(typeof until === 'string' ? { until } : {}) } : typeof days === 'string' ? { lastDays: /^\d+$/.test(days) ? Number(days) : NaN } : defaultRange;
  return rangeProblem(range) ?? range;
}

async function rulesExport(args: string[], io: Io): Promise<number> {
  const p = parse(args, { to: { type: 'string' }, out: { type: 'string' }, chat: { type: 'string' }, pager: { type: 'string' }, days: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' } });
  if (!p.ok) return usageError(io, 'rules export', p.error);
  if (p.values['help']) return (io.out(helps['export']!), exitCodes.ok);
  const files = p.positionals;
  if (files.length === 0) return usageError(io, 'rules export', 'name the rule file to export, like: plainsec rules export rules.yaml --to all --out out');
  const to = p.values['to'];
  const out = p.values['out'];
  if (typeof to !== 'string') return usageError(io, 'rules export', `say which tools with --to, like --to sigma,eventbridge or --to all (${availableTargetIds().join(', ')})`);
  if (typeof out !== 'string') return usageError(io, 'rules export', 'say where to write with --out DIR');
  // Searches over months of logs (Athena, CloudTrail Lake) are named like the tools, and come with --to all.
  const named = to.split(',').map((n) => n.trim().toLowerCase()).filter((n) => n.length > 0);
  const searches = named.includes('all') ? [...searchEngineIds] : searchEngineIds.filter((id) => named.includes(id));
  const alertNames = named.filter((n) => !(searchEngineIds as readonly string[]).includes(n));
  const ids = alertNames.length > 0 || searches.length === 0 ? parseTargetList(alertNames.join(',')) : ({ ok: true, ids: [] } as const);
  if (!ids.ok) return usageError(io, 'rules export', ids.error.replace(/, or all$/, `, ${searchEngineIds.join(', ')}, or all`));
  const range = searchRangeOf(p.values);
  if (typeof range === 'string') return usageError(io, 'rules export', range);
  // Several files are exported together, as one rule set; a rule id must stay unique across them,
  // and the files must not name different chat tools or pagers.
  const rules: RuleSet['rules'] = [];
  const from = new Map<string, string>();
  let fileAlerting: RuleSet['alerting'];
  let alertingFrom = '';
  for (const file of files) {
    const ruleSet = await readRuleSet(file);
    if (!ruleSet.ok) return (io.err(ruleSet.error), exitCodes.badInput);
    if (ruleSet.value.alerting) {
      if (fileAlerting && JSON.stringify(alertingOf({ alerting: fileAlerting })) !== JSON.stringify(alertingOf(ruleSet.value)))
        return (io.err(`${file}: its alerting setting differs from the one in ${alertingFrom}; say it in one file, or use --chat and --pager`), exitCodes.badInput);
      fileAlerting = ruleSet.value.alerting;
      alertingFrom = file;
    }
    for (const rule of ruleSet.value.rules) {
      const earlier = from.get(rule.id);
      if (earlier !== undefined)
        return (io.err(`${file}: the rule id ${rule.id} is already used in ${earlier}; give each rule its own id`), exitCodes.badInput);
      from.set(rule.id, file);
      rules.push(rule);
    }
  }
  // --chat and --pager say the same as the files' `alerting` setting, and win over it.
  const chat = p.values['chat'];
  const pager = p.values['pager'];
  if (typeof chat === 'string' && !(chatTools as readonly string[]).includes(chat))
    return usageError(io, 'rules export', `unknown chat tool "${chat}"; write one of ${chatTools.join(', ')}`);
  if (typeof pager === 'string' && !(pagerTools as readonly string[]).includes(pager))
    return usageError(io, 'rules export', `unknown pager "${pager}"; write one of ${pagerTools.join(', ')}`);
  const alerting = {
    ...alertingOf({ alerting: fileAlerting }),
    ...(typeof chat === 'string' ? { chat: chat as ChatTool } : {}),
    ...(typeof pager === 'string' ? { pager: pager as PagerTool } : {}),
  };
  const result = exportRuleSet({ plainsecRules: 1, rules, alerting }, ids.ids);
  const notSearched: { target: string; ruleId: string; reason: string }[] = [];
  for (const id of searches) {
    const searched = exportSearches({ plainsecRules: 1, rules }, id, range);
    result.files.push(...searched.files);
    notSearched.push(...searched.refused.map((r) => ({ target: id, ...r })));
  }
  const root = path.resolve(out);
  for (const f of result.files) {
    const target = path.resolve(root, f.path);
    // Paths come from rule ids, which cannot hold `..`; this guards against a future exporter mistake.
    if (!target.startsWith(root + path.sep)) return (io.err(`refusing to write outside ${out}: ${f.path}`), exitCodes.badInput);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, f.content);
  }
  io.out(`Wrote ${result.files.length} file${result.files.length === 1 ? '' : 's'} to ${out}:`);
  for (const f of result.files) io.out(`  ${f.path}`);
  // Said before anyone installs a file and relies on it to wake them up (src/lib/rules/delivery/).
  const paging = ids.ids
    .map((id) => ({ id, line: pagingLine(id, rules.filter((r) => !result.refused.some((x) => x.target === id && x.ruleId === r.id)), alerting) }))
    .filter((p) => p.line.pages !== 'not-asked');
  if (paging.length > 0) {
    io.out(`\nWho gets woken up, file by file:`);
    for (const p of paging) io.out(`  ${p.id}: ${p.line.words}`);
  }
  if (result.refused.length + notSearched.length > 0) {
    io.out(`\nNot exported (nothing was written for these):`);
    for (const r of [...result.refused, ...notSearched]) {
      io.out(`  ${r.target}: ${r.ruleId}: ${r.reason}`);
      const reviewed = reviewedRefusals.find((x) => x.target === r.target && x.ruleId === r.ruleId && x.reason === r.reason);
      if (reviewed) io.out(`    Instead: ${reviewed.instead}`);
    }
  }
  return exitCodes.ok;
}

async function rulesImportSigma(args: string[], io: Io): Promise<number> {
  const p = parse(args, { out: { type: 'string' } });
  if (!p.ok) return usageError(io, 'rules import-sigma', p.error);
  if (p.values['help']) return (io.out(helps['import-sigma']!), exitCodes.ok);
  if (p.positionals.length === 0) return usageError(io, 'rules import-sigma', 'name one or more Sigma rule files');
  const inputs: SigmaFile[] = [];
  for (const file of p.positionals) {
    const text = await readText(file);
    if (text.ok) inputs.push({ name: file, text: text.value });
    else io.err(`skipped ${text.error}`);
  }
  const { ruleSet, files } = importSigmaRules(inputs);
  for (const f of files) {
    if (f.reason) io.err(`skipped ${f.name}: ${f.reason}`);
    for (const note of f.notes) io.err(`note ${f.name}: ${note}`);
  }
  const rules = ruleSet.rules;
  if (rules.length === 0) return (io.err('No rule could be imported.'), exitCodes.badInput);
  const yaml = yamlText(
    { plainsecRules: 1, rules },
    { comment: ' Imported from Sigma. Tests marked ignoreCase compare text in any case, as Sigma does.\n Review urgency and notify before use.' },
  );
  const out = p.values['out'];
  if (typeof out === 'string') {
    await writeFile(out, yaml);
    io.err(`Imported ${rules.length} of ${p.positionals.length} file(s) into ${out}.`);
  } else {
    io.out(yaml);
    io.err(`Imported ${rules.length} of ${p.positionals.length} file(s).`);
  }
  return exitCodes.ok;
}

async function rulesValidate(args: string[], io: Io): Promise<number> {
  const p = parse(args, {});
  if (!p.ok) return usageError(io, 'rules validate', p.error);
  if (p.values['help']) return (io.out(helps['validate']!), exitCodes.ok);
  const [file] = p.positionals;
  if (!file) return usageError(io, 'rules validate', 'name the rule file to check');
  const text = await readText(file);
  if (!text.ok) return (io.err(text.error), exitCodes.badInput);
  const ruleSet = parseRuleSet(text.value, file);
  if (!ruleSet.ok) return (io.err(ruleSet.error), exitCodes.badInput);
  const ids = ruleSet.value.rules.map((r) => r.id);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0) {
    io.err(`${file}: each rule needs its own id; these appear more than once: ${[...new Set(repeated)].join(', ')}`);
    return exitCodes.badInput;
  }
  // Valid, but probably not meant: a warning each, and the file still passes.
  const warnings = unquotedValueWarnings(text.value);
  for (const w of warnings) io.err(`${file} line ${w.line}: warning: ${w.message}`);
  const overlaps = [...overlapWarnings(ruleSet.value.rules), ...regionWarnings(ruleSet.value.rules)];
  for (const w of overlaps) io.err(`${file}: warning: ${w}`);
  const warned = warnings.length + overlaps.length;
  // Said only when a rule reads the cluster's audit log, as a file says source only then.
  const onCluster = ruleSet.value.rules.filter((r) => sourceOf(r) === 'k8s-audit').length;
  const reads = onCluster === 0 ? '' : onCluster === ids.length ? ` (all on the cluster's audit log)` : ` (${ids.length - onCluster} on AWS CloudTrail, ${onCluster} on the cluster's audit log)`;
  io.out(`${file}: ${ids.length} rule(s)${reads}, all valid${warned > 0 ? `, with ${warned} warning(s) above` : ''}.`);
  return exitCodes.ok;
}

const patternFormats = ['eventbridge', 'cloudwatch', 'sigma', 'falco', 'elastic', 'splunk'] as const satisfies readonly TargetId[];

async function testPattern(args: string[], io: Io): Promise<number> {
  const p = parse(args, { format: { type: 'string' }, pattern: { type: 'string' }, event: { type: 'string' }, events: { type: 'string' } });
  if (!p.ok) return usageError(io, 'test-pattern', p.error);
  if (p.values['help']) return (io.out(helps['test-pattern']!), exitCodes.ok);
  const format = p.values['format'];
  const patternFile = p.values['pattern'];
  const eventFile = p.values['event'];
  const eventsFile = p.values['events'];
  if (typeof format !== 'string' || !(patternFormats as readonly string[]).includes(format))
    return usageError(io, 'test-pattern', `say the format with --format: ${patternFormats.join(', ')}`);
  if (typeof patternFile !== 'string') return usageError(io, 'test-pattern', 'give the pattern file with --pattern FILE');
  if ((typeof eventFile === 'string') === (typeof eventsFile === 'string'))
    return usageError(io, 'test-pattern', 'give either one event with --event FILE or many with --events FILE');
  const target = provableTargets().find((t) => t.id === format);
  if (!target) return (io.err(`The ${format} matcher is not available in this version.`), exitCodes.badInput);
  // A tool that never reads the cluster's audit log has no answer on an audit event; "no match"
  // would read as if it had looked.
  const unread = (event: CloudTrailEvent): string | undefined =>
    sourceOfEvent(event) === 'k8s-audit' ? sourceRefusalReason(target, 'k8s-audit') : undefined;
  const pattern = await readText(patternFile);
  if (!pattern.ok) return (io.err(pattern.error), exitCodes.badInput);
  // An EventBridge event is matched as it is, like TestEventPattern. A CloudTrail record never has
  // `detail-type`, so an event with it is an EventBridge event even without `detail` (a custom
  // event matched on top-level keys such as `time`); only a record without it is wrapped.
  // The pattern is read once for all the events, not once per event.
  const compiled = compileDetection(target, pattern.value);
  const matchOne = (event: CloudTrailEvent) =>
    format === 'eventbridge' && 'detail-type' in event ? matchEventPattern(pattern.value, event) : matchCompiled(compiled, event);
  if (typeof eventsFile === 'string') {
    let index = 0;
    try {
      // EventBridge events stay whole for the eventbridge format, as with --event.
      for await (const batch of streamEventBatches(eventsFile, { keepEnvelopes: format === 'eventbridge' })) {
        const lines: string[] = [];
        for (const event of batch) {
          const refusal = unread(event);
          if (refusal) {
            if (lines.length > 0) io.out(lines.join('\n'));
            io.err(`${eventsFile}: event ${index} is from a cluster's audit log, and ${refusal}.`);
            return exitCodes.badInput;
          }
          const result = matchOne(event);
          if (result.kind === 'invalid') {
            if (lines.length > 0) io.out(lines.join('\n'));
            io.err(`invalid ${format} pattern: ${result.reason}`);
            return exitCodes.badInput;
          }
          lines.push(`${index++}\t${result.kind === 'match' ? 'match' : 'no match'}`);
        }
        io.out(lines.join('\n'));
      }
    } catch (e) {
      if (e instanceof EventReadError) return (io.err(e.message), exitCodes.badInput);
      throw e;
    }
    return exitCodes.ok;
  }
  const eventText = await readText(eventFile as string);
  if (!eventText.ok) return (io.err(eventText.error), exitCodes.badInput);
  const json = parseJson(eventText.value, eventFile as string);
  if (!json.ok) return (io.err(json.error), exitCodes.badInput);
  // A list holding one event (as CloudTrail tools often save it) is read as that event.
  const event = Array.isArray(json.value) && json.value.length === 1 ? json.value[0] : json.value;
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    return (io.err(`${eventFile}: give one event as a JSON object.`), exitCodes.badInput);
  const refusal = unread(event as CloudTrailEvent);
  if (refusal) return (io.err(`${eventFile}: this event is from a cluster's audit log, and ${refusal}.`), exitCodes.badInput);
  const result = matchOne(event as CloudTrailEvent);
  if (result.kind === 'match') return (io.out('match'), exitCodes.ok);
  if (result.kind === 'no-match') return (io.out('no match'), exitCodes.checkFailed);
  io.err(`invalid ${format} pattern: ${result.reason}`);
  return exitCodes.badInput;
}

/** Runs the command with the given arguments (without `node` and the script); resolves to the exit code. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  const [first, second, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.out(mainHelp);
    return first === undefined ? exitCodes.badInput : exitCodes.ok;
  }
  if (first === 'test-pattern') return testPattern(argv.slice(1), io);
  if (first === 'assess') return assess(argv.slice(1), io);
  if (first === 'fix-first') return fixFirst(argv.slice(1), io);
  if (first === 'rules') {
    if (second === 'export') return rulesExport(rest, io);
    if (second === 'test') return rulesTest(rest, io);
    if (second === 'hunt') return rulesHunt(rest, io, searchRangeOf);
    if (second === 'import-sigma') return rulesImportSigma(rest, io);
    if (second === 'validate') return rulesValidate(rest, io);
    if (second === 'describe') return rulesDescribe(rest, io);
    if (second === undefined || second === '--help' || second === '-h') {
      io.out(mainHelp);
      return second === undefined ? exitCodes.badInput : exitCodes.ok;
    }
    io.err(`plainsec rules: unknown command "${second}". Use export, test, hunt, describe, import-sigma or validate.`);
    return exitCodes.badInput;
  }
  io.err(`plainsec: unknown command "${first}". Run "plainsec --help" to see the commands.`);
  return exitCodes.badInput;
}
