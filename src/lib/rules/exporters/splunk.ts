/**
 * Splunk export: `savedsearches.conf` with one scheduled alert per rule.
 *
 * Each search reads CloudTrail records from `sourcetype=aws:cloudtrail`, whose fields Splunk
 * extracts from the raw JSON under their JSON paths (`eventName`, `userIdentity.type`, ...; the
 * same names `spath` gives). The condition is written as an `eval` expression after `| where`, not
 * as search terms, because search terms compare values case-insensitively and CloudTrail values
 * are compared exactly. Every field test is wrapped so that a missing field gives false, never
 * null: `not` then means plain negation, as in the canonical model.
 *
 * .conf safety: one setting per line, `key = value`; a line ending in a backslash continues the
 * value on the next line. User text is therefore put on one line, without a trailing backslash, so
 * it can never start a new setting or stanza.
 */
import type { Condition, FieldTest, Rule, RuleSet, Scalar, Urgency } from '../model.ts';
import { effectiveCondition, urgencyWords } from '../model.ts';
import type { Detection, ExportResult, Refusal, Target } from '../target.ts';

/** The base search every rule starts from. */
export const splunkBaseSearch = 'index=* sourcetype=aws:cloudtrail';

const splunkSeverity: Record<Urgency, number> = { 'wake-me-up': 5, 'look-today': 4, fyi: 2 };

/** A field name in eval: single quotes let dots and dashes through (field names allow no quotes). */
function evalField(path: string): string {
  return `'${path}'`;
}

/** A string literal in eval: backslash and double quote are escaped with a backslash. */
export function evalString(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** A PCRE literal for text: metacharacters escaped, control and line characters as \x{..}. */
function regexLiteral(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}\/#\s-]|[\u0000-\u001f\u007f\u0085\u2028\u2029]/gu, (c) =>
    /[\s\u0000-\u001f\u007f\u0085\u2028\u2029]/u.test(c) ? `\\x{${c.codePointAt(0)!.toString(16)}}` : `\\${c}`,
  );
}

/** Whether text has characters that must not appear raw on a .conf line. */
const hasLineBreakOrControl = (s: string): boolean => /[\u0000-\u001f\u007f\u0085\u2028\u2029]/u.test(s);

type Built = { ok: true; spl: string } | { ok: false; reason: string };

function valueTest(test: FieldTest, value: Scalar): string | { reason: string } {
  if (typeof value !== 'string')
    return {
      reason: `Splunk reads JSON values as text, so it cannot tell ${JSON.stringify(value)} from the text "${String(value)}" in ${test.field}; compare it with a text value instead`,
    };
  const f = evalField(test.field);
  // An exact value with line breaks goes through a regular expression, so no raw line break reaches the .conf file.
  return hasLineBreakOrControl(value) ? `match(${f}, ${evalString(`\\A${regexLiteral(value)}\\z`)})` : `${f}==${evalString(value)}`;
}

function fieldTestSpl(test: FieldTest): Built {
  const f = evalField(test.field);
  if ('exists' in test) return { ok: true, spl: test.exists ? `isnotnull(${f})` : `isnull(${f})` };
  let inner: string;
  if ('equals' in test || 'oneOf' in test) {
    const values = 'equals' in test ? [test.equals] : test.oneOf;
    const parts: string[] = [];
    for (const v of values) {
      const part = valueTest(test, v);
      if (typeof part !== 'string') return { ok: false, reason: part.reason };
      parts.push(part);
    }
    inner = parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
  } else {
    // (?s) lets `.*` cross line breaks; \A and \z anchor at the very ends (PCRE's $ also matches before a final newline).
    const regex =
      'startsWith' in test
        ? `\\A${regexLiteral(test.startsWith)}`
        : 'endsWith' in test
          ? `${regexLiteral(test.endsWith)}\\z`
          : `\\A${test.wildcard.split('*').map(regexLiteral).join('.*')}\\z`;
    inner = `match(${f}, ${evalString(`(?s)${regex}`)})`;
  }
  // Missing fields are null in eval, and NOT null is still null: make the test false instead.
  return { ok: true, spl: `if(isnotnull(${f}), ${inner}, false())` };
}

/** The eval expression for a condition, or the plain-words reason it cannot be written faithfully. */
export function splFor(condition: Condition): Built {
  if ('not' in condition) {
    const inner = splFor(condition.not);
    return inner.ok ? { ok: true, spl: `NOT (${inner.spl})` } : inner;
  }
  if ('allOf' in condition || 'anyOf' in condition) {
    const parts = 'allOf' in condition ? condition.allOf : condition.anyOf;
    const built: string[] = [];
    for (const part of parts) {
      const b = splFor(part);
      if (!b.ok) return b;
      built.push(b.spl);
    }
    return { ok: true, spl: built.length === 1 ? built[0]! : `(${built.join('allOf' in condition ? ' AND ' : ' OR ')})` };
  }
  return fieldTestSpl(condition);
}

/** The full search for one rule. */
export function splunkSearch(rule: Rule): Built {
  const built = splFor(effectiveCondition(rule));
  return built.ok ? { ok: true, spl: `${splunkBaseSearch} | where ${built.spl}` } : built;
}

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
export function stanzaName(rule: Pick<Rule, 'id'>): string {
  return `plainsec-${rule.id}`;
}

/** The settings of one saved search, in the order they are written. */
export function savedSearchSettings(rule: Rule, search: string): [string, string][] {
  return [
    ['description', confText(`${rule.title}. ${rule.means} What to do: ${rule.whatToDo}`)],
    ['search', search],
    ['enableSched', '1'],
    ['cron_schedule', '*/5 * * * *'],
    ['dispatch.earliest_time', '-6m@m'],
    ['dispatch.latest_time', '-1m@m'],
    ['counttype', 'number of events'],
    ['relation', 'greater than'],
    ['quantity', '0'],
    ['alert.severity', String(splunkSeverity[rule.urgency])],
    ['alert.track', '1'],
    ['alert.digest_mode', '0'],
    ['actions', 'slack'],
    ['action.slack', '1'],
    ['action.slack.param.channel', rule.notify],
    ['action.slack.param.message', confText(`${urgencyWords[rule.urgency]}: $name$ fired on $job.resultCount$ events. $results_link$`)],
  ];
}

/** Exports a rule set as one `savedsearches.conf`. */
export function exportSplunk(ruleSet: RuleSet): ExportResult {
  const refused: Refusal[] = [];
  const stanzas: string[] = [];
  for (const rule of ruleSet.rules) {
    const built = splunkSearch(rule);
    if (!built.ok) {
      refused.push({ ruleId: rule.id, reason: built.reason });
      continue;
    }
    const lines = [`[${stanzaName(rule)}]`, ...savedSearchSettings(rule, built.spl).map(([k, v]) => `${k} = ${v}`)];
    stanzas.push(lines.join('\n'));
  }
  if (stanzas.length === 0) return { files: [], refused };
  const header = '# Plainsec alert rules for Splunk. Generated: edit the rules, not this file.\n# Needs the Slack Notification Alert app for action.slack.\n';
  return { files: [{ path: 'splunk/savedsearches.conf', content: `${header}\n${stanzas.join('\n\n')}\n` }], refused };
}

/** The search a rule becomes, as text; used by tests and the rule builder's preview. */
export function splunkDetection(rule: Rule): Detection {
  const built = splunkSearch(rule);
  return built.ok ? { ok: true, text: built.spl } : { ok: false, reason: built.reason };
}

/** The Splunk target: scheduled saved searches over raw CloudTrail JSON. */
export const splunkTarget: Target = {
  id: 'splunk',
  name: 'Splunk',
  exportRuleSet: exportSplunk,
};
