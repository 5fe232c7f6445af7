/**
 * Splunk export: `savedsearches.conf` with one scheduled alert per rule.
 *
 * A rule on a cluster's audit log is written by `k8s-audit/splunk.ts` (its own source type, and
 * lists read with `{}`); everything below is about CloudTrail rules.
 *
 * Each search reads CloudTrail records from `sourcetype=aws:cloudtrail`, whose fields Splunk
 * extracts from the raw JSON under their JSON paths (`eventName`, `userIdentity.type`, ...; the
 * same names `spath` gives). The condition is written as an `eval` expression after `| where`, not
 * as search terms, because search terms compare values case-insensitively and CloudTrail values
 * are compared exactly; search terms on event source and name only narrow the scan first. Every field test is wrapped so that a missing field gives false, never
 * null: `not` then means plain negation, as in the canonical model.
 *
 * Splunk names the items of a list `field{}`, so a field that holds a list has no value under its
 * own name, where the rule reads it by any item; and its JSON extraction gives null the text "null".
 * So every field test must read a field whose kind AWS documents for the rule's calls
 * (`documented.ts`): there it is missing or holds one value of that kind, never null, a list or a
 * group, so a presence test and text that looks like a number are exact. A test on any other field
 * is refused with the reason, and a comment above the stanza says which types the search relies on.
 *
 * Delivery (splunk-actions.ts): each saved search posts in the chat channel and, for wake-me-up,
 * pages; a look-today rule with working hours gets a second saved search that keeps only events
 * outside them and pages. No webhook address or key is written: each app keeps its own.
 *
 * .conf safety: one setting per line, `key = value`; a line ending in a backslash continues the
 * value on the next line. User text is therefore put on one line, without a trailing backslash, so
 * it can never start a new setting or stanza.
 */
import type { Alerting, Rule, RuleSet, Urgency } from '../model.ts';
import { alertingOf, effectiveCondition } from '../model.ts';
import { actionSettings, mainParts, outsideHoursDescription, outsideHoursSpl, timeZoneNote, setupNotes, type Setting } from './splunk-actions.ts';
import { provableTarget, type Detection, type ExportResult, type ProvableTarget, type Refusal } from '../target.ts';
import { compileSplunkSearch, matchSplunkSearch, splunkBaseSearch, splunkFields } from '../matchers/splunk.ts';
import { listFieldsIn, listPathReason } from '../list-paths.ts';
import { countSplunk } from '../matchers/count.ts';
import { countByField } from '../count.ts';
import { sourceOf } from '../sources.ts';
import { k8sSplunkCountReason, k8sSplunkNote, k8sSplunkSearch } from './k8s-audit/splunk.ts';
import { evalField, evalString, regexLiteral, fieldTestSpl, splFor, prefilterTerms, type Built } from './splunk-search.ts';
import { constantRuleReason, documentedTypeNotes, specialise } from '../documented.ts';
export { evalField, evalString, regexLiteral, fieldTestSpl, splFor, prefilterTerms, type Built } from './splunk-search.ts';


/** The full search for one rule. */
function splunkSearch(rule: Rule): Built & { notes?: string[] } {
  if (sourceOf(rule) === 'k8s-audit') return k8sSplunkSearch(rule);
  const throughList = listFieldsIn(effectiveCondition(rule))[0];
  if (throughList)
    return { ok: false, reason: listPathReason('Splunk', throughList, `names the values read through a list ${throughList.replace(/\[\]/g, '{}')}, a field this export does not write yet`) };
  const typed = specialise(effectiveCondition(rule));
  if (typeof typed.condition === 'boolean') return { ok: false, reason: constantRuleReason(typed.condition) };
  const condition = typed.condition;
  const built = splFor(condition, typed.kindOf);
  if (!built.ok) return built;
  const terms = prefilterTerms(condition);
  return { ok: true, spl: `${splunkBaseSearch}${terms ? ` ${terms}` : ''} | where ${built.spl}`, notes: documentedTypeNotes(typed.relied) };
}

const splunkSeverity: Record<Urgency, number> = { 'wake-me-up': 5, 'look-today': 4, fyi: 2 };

/**
 * Free text on one .conf line: line breaks become spaces, and a trailing backslash is dropped,
 * since it would join the next line to this value.
 */
export function confText(text: string): string {
  return text
    .replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[\s\\]+$/u, '')
    .trim();
}

/** The stanza name for a rule: ids are lower-case letters, digits and dashes, so brackets cannot appear. */
function stanzaName(rule: Pick<Rule, 'id'>): string {
  return `plainsec-${rule.id}`;
}

/**
 * A counting rule's search: the rule's search, then one row per window (and group) holding at
 * least N events. `bin` aligns windows to the clock, as the canonical meaning does (count.ts).
 */
function countSearch(rule: Rule, spl: string): string {
  const count = rule.count!;
  const span = count.withinMinutes % 60 === 0 ? `${count.withinMinutes / 60}h` : `${count.withinMinutes}m`;
  return `${spl} | bin _time span=${span} | stats count by _time${count.by ? ` ${countByField[count.by]}` : ''} | where count>=${count.atLeast}`;
}

/**
 * When a counting search runs: one minute after each window closes (late records get that minute),
 * over exactly the window that closed. Every other rule runs every 5 minutes over 5 minutes.
 */
function countSchedule(rule: Rule): [cron: string, earliest: string, latest: string] {
  const m = rule.count?.withinMinutes;
  if (m === undefined) return ['*/5 * * * *', '-6m@m', '-1m@m'];
  const cron = m === 1 ? '* * * * *' : m < 60 ? `1-59/${m} * * * *` : m === 1440 ? '1 0 * * *' : `1 */${m / 60} * * *`;
  return [cron, `-${m + 1}m@m`, '-1m@m'];
}

/** The settings of one saved search up to its actions, in the order they are written. */
function savedSearchSettings(rule: Rule, search: string, description: string): Setting[] {
  const [cron, earliest, latest] = countSchedule(rule);
  return [
    ['description', confText(description)],
    ['search', search],
    ['enableSched', '1'],
    ['cron_schedule', cron],
    ['dispatch.earliest_time', earliest],
    ['dispatch.latest_time', latest],
    ['counttype', 'number of events'],
    ['relation', 'greater than'],
    ['quantity', '0'],
    ['alert.severity', String(splunkSeverity[rule.urgency])],
    ['alert.track', '1'],
    ['alert.digest_mode', '0'],
  ];
}

/** One stanza as text: comments, the name, then one setting a line. */
function stanzaText(comments: string[], name: string, settings: Setting[]): string {
  return [...comments.map((n) => `# ${confText(n)}`), `[${name}]`, ...settings.map(([k, v]) => `${k} = ${v}`)].join('\n');
}

/** The name of the saved search that pages for a rule outside its working hours. */
export function outsideHoursStanzaName(rule: Pick<Rule, 'id'>): string {
  return `${stanzaName(rule)} (outside working hours)`;
}

/**
 * The stanzas for one rule: the saved search that posts (and, for wake-me-up, pages); and for a
 * look-today rule with working hours, a second one that keeps only what happened outside them and
 * pages. A saved search cannot hold an alert until working hours start, so fyi posts at once.
 */
function ruleStanzas(rule: Rule, search: string, notes: string[], alerting: Alerting): { ok: true; text: string[] } | { ok: false; reason: string } {
  const about = `${rule.title}. ${rule.means} What to do: ${rule.whatToDo}`;
  const main = stanzaText(notes, stanzaName(rule), [...savedSearchSettings(rule, search, about), ...actionSettings(rule, alerting, mainParts(rule.urgency), confText)]);
  if (rule.urgency !== 'look-today' || !rule.workingHours) return { ok: true, text: [main] };
  const outside = outsideHoursSpl(rule.workingHours);
  if (typeof outside !== 'string') return { ok: false, reason: outside.reason };
  const settings: Setting[] = [
    ...savedSearchSettings(rule, `${search}${outside}`, `${about} ${outsideHoursDescription(rule.workingHours)}`),
    // The search runs as its owner, so strftime reads the owner's time zone (see timeZoneNote).
    ['dispatchAs', 'owner'],
    ...actionSettings(rule, alerting, { chat: false, page: true }, confText),
  ];
  return { ok: true, text: [main, stanzaText([...notes, timeZoneNote(rule.workingHours)], outsideHoursStanzaName(rule), settings)] };
}

/** Exports a rule set as one `savedsearches.conf`. */
function exportSplunk(ruleSet: RuleSet): ExportResult {
  const alerting = alertingOf(ruleSet);
  const refused: Refusal[] = [];
  const stanzas: string[] = [];
  for (const rule of ruleSet.rules) {
    const built = splunkSearch(rule);
    if (!built.ok) {
      refused.push({ ruleId: rule.id, reason: built.reason });
      continue;
    }
    if (rule.count && sourceOf(rule) === 'k8s-audit') {
      refused.push({ ruleId: rule.id, reason: k8sSplunkCountReason });
      continue;
    }
    const search = rule.count ? countSearch(rule, built.spl) : built.spl;
    const made = ruleStanzas(rule, search, built.notes ?? [], alerting);
    if (!made.ok) {
      refused.push({ ruleId: rule.id, reason: made.reason });
      continue;
    }
    stanzas.push(...made.text);
  }
  if (stanzas.length === 0) return { files: [], refused };
  const clusterRules = ruleSet.rules.some((r) => sourceOf(r) === 'k8s-audit');
  const header = ['Plainsec alert rules for Splunk. Generated: edit the rules, not this file.', ...setupNotes(alerting), ...(clusterRules ? k8sSplunkNote : [])].map((l) => `# ${l}\n`).join('');
  return { files: [{ path: 'splunk/savedsearches.conf', content: `${header}\n${stanzas.join('\n\n')}\n` }], refused };
}

/** The search a rule becomes, as text; used by tests and the rule builder's preview. */
function splunkDetection(rule: Rule): Detection {
  const built = splunkSearch(rule);
  return built.ok ? { ok: true, text: built.spl } : { ok: false, reason: built.reason };
}

/** The Splunk target: scheduled saved searches over raw CloudTrail JSON, provable through `matchSplunkSearch`. */
export const splunkTarget: ProvableTarget = provableTarget({
  id: 'splunk',
  name: 'Splunk',
  sources: ['cloudtrail', 'k8s-audit'],
  exportRuleSet: exportSplunk,
  detectionFor: splunkDetection,
  match: (text, event) => matchSplunkSearch(text, event),
  compile: (text) => compileSplunkSearch(text),
  counting: {
    countDetectionFor(rule: Rule): Detection {
      if (!rule.count) return { ok: false, reason: 'this rule does not count' };
      if (sourceOf(rule) === 'k8s-audit') return { ok: false, reason: k8sSplunkCountReason };
      const built = splunkSearch(rule);
      return built.ok ? { ok: true, text: countSearch(rule, built.spl) } : { ok: false, reason: built.reason };
    },
    // The group is the record's one value of the field as Splunk extracts it (JSON null reads as "null": no group).
    countMatch: (text, events) =>
      countSplunk(text, events, compileSplunkSearch, (e, name) => {
        const values = splunkFields(e).get(name) ?? [];
        return values.length === 1 && values[0] !== 'null' ? values[0] : undefined;
      }),
  },
});
