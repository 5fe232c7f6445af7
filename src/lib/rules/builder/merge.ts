/**
 * Adding a rule set someone shared (a link or a rule file) to "My rules" without losing any of
 * mine: a share link or a file adds; it never silently replaces. Pure: no DOM, no storage.
 *
 * - A rule with an id I do not have is added at the end.
 * - A rule with an id I have and the same content is skipped: it is already in My rules.
 * - A rule with an id I have but different content is added too, under a free id, with its title
 *   marked "(from the link)" or "(from <file name>)", so both versions stay and the person picks.
 * - Where alerts land (`alerting`) stays mine when the two differ; the summary says so. With no
 *   rules and no setting of my own, the incoming setting is taken (a fresh browser opening a link).
 */
// Types only from the model: its schemas (zod) stay out of the code the builder loads first.
import type { Alerting, Rule, RuleSet } from '../model.ts';
import { duplicateId } from './stored-rules.ts';

/** Where the incoming rules come from: the share link, or a file by name. */
export type MergeSource = { kind: 'link' } | { kind: 'file'; name: string };

export interface MergeResult {
  /** My rules with the incoming ones added. */
  ruleSet: RuleSet;
  /** Rules with new ids, added as they were. */
  added: Rule[];
  /** Rules already in My rules, exactly the same; not added again. */
  same: Rule[];
  /** Rules whose id I already use for a different rule: added under a free id and a marked title. */
  renamed: Rule[];
  /** True when the incoming rules say alerts go elsewhere and my setting was kept. */
  keptMyAlerting: boolean;
}

const maxTitle = 120;
const maxFileNameInTitle = 40;

/** The mark a renamed rule's title gets: "(from the link)" or "(from team-rules.yaml)". */
export function sourceMark(source: MergeSource): string {
  if (source.kind === 'link') return '(from the link)';
  // One line, and short enough to leave room for the title itself.
  const name = source.name.replace(/\s+/g, ' ').trim() || 'the file';
  return `(from ${name.length > maxFileNameInTitle ? `${name.slice(0, maxFileNameInTitle - 1)}…` : name})`;
}

/** The title with the mark, cut so the whole stays within the 120 characters a title may have. */
export function markedTitle(title: string, mark: string): string {
  const room = maxTitle - mark.length - 1;
  const kept = title.length > room ? `${title.slice(0, room - 1).trimEnd()}…` : title;
  return `${kept} ${mark}`;
}

/**
 * The same JSON for the same meaning: keys sorted, and absent values, empty lists and empty
 * objects left out (a rule read from a file has `exceptions: []` where a rule saved in the builder
 * may have none; both mean the same).
 */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = canonical((value as Record<string, unknown>)[key]);
      if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
      out[key] = v;
    }
    return out;
  }
  return value;
}

/** True when two rules say exactly the same thing. */
export function sameRule(a: Rule, b: Rule): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Where a rule set's alerts land, with the defaults (Slack, PagerDuty) filled in, as `alertingOf` in the model does. */
function alertingWithDefaults(ruleSet: RuleSet): Partial<Alerting> {
  return { ...ruleSet.alerting, chat: ruleSet.alerting?.chat ?? 'slack', pager: ruleSet.alerting?.pager ?? 'pagerduty' };
}

function sameAlerting(a: RuleSet, b: RuleSet): boolean {
  return JSON.stringify(canonical(alertingWithDefaults(a))) === JSON.stringify(canonical(alertingWithDefaults(b)));
}

/** Adds the incoming rules to mine, as the module comment says. */
export function mergeRuleSets(mine: RuleSet, incoming: RuleSet, source: MergeSource): MergeResult {
  const byId = new Map(mine.rules.map((r) => [r.id, r]));
  // Every id in either set is taken, so a renamed rule never lands on an id the link also uses.
  const taken = [...mine.rules.map((r) => r.id), ...incoming.rules.map((r) => r.id)];
  const added: Rule[] = [];
  const same: Rule[] = [];
  const renamed: Rule[] = [];
  const mark = sourceMark(source);
  for (const rule of incoming.rules) {
    const existing = byId.get(rule.id);
    if (!existing) {
      added.push(rule);
      byId.set(rule.id, rule);
    } else if (sameRule(existing, rule)) {
      same.push(rule);
    } else {
      const id = duplicateId(rule.id, taken);
      taken.push(id);
      const copy = { ...rule, id, title: markedTitle(rule.title, mark) };
      renamed.push(copy);
      byId.set(id, copy);
    }
  }
  const startingFresh = mine.rules.length === 0 && mine.alerting === undefined;
  const alerting = startingFresh ? incoming.alerting : mine.alerting;
  const keptMyAlerting = !startingFresh && incoming.alerting !== undefined && !sameAlerting(mine, incoming);
  const ruleSet: RuleSet = { ...mine, ...(alerting ? { alerting } : {}), rules: [...mine.rules, ...added, ...renamed] };
  return { ruleSet, added, same, renamed, keptMyAlerting };
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function listTitles(rules: readonly Rule[]): string {
  const titles = rules.slice(0, 3).map((r) => `“${r.title}”`);
  if (rules.length > 3) return `${titles.join(', ')} and ${rules.length - 3} more`;
  return titles.length <= 1 ? titles.join('') : `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}`;
}

/** What the merge did, in plain words, for the status line and the Undo notice. */
export function mergeSummary(result: MergeResult, source: MergeSource): string {
  const from = source.kind === 'link' ? 'the share link' : source.name;
  const newCount = result.added.length + result.renamed.length;
  const parts: string[] = [];
  if (newCount === 0) parts.push(`Nothing new in ${from}`);
  else parts.push(`Added ${count(newCount, 'rule', 'rules')} from ${from}`);
  if (result.same.length > 0) parts.push(`${count(result.same.length, 'was', 'were')} already in My rules`);
  if (result.renamed.length === 1) parts.push(`1 has the same id as one of yours, so it was added as ${listTitles(result.renamed)}`);
  else if (result.renamed.length > 1)
    parts.push(`${result.renamed.length} have the same ids as some of yours, so they were added as ${listTitles(result.renamed)}`);
  let text = `${parts.join('; ')}.`;
  if (result.keptMyAlerting) text += ` ${source.kind === 'link' ? 'The link' : 'The file'} sends alerts to other tools; your own setting for where alerts go is kept.`;
  return text;
}
