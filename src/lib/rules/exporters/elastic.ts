/**
 * Elastic export: Kibana detection rules (NDJSON, one rule per line) with KQL over the fields the
 * Elastic AWS integration writes for CloudTrail. A rule on a cluster's audit log is written over
 * the Kubernetes integration's fields instead (k8s-audit/elastic.ts); everything below is CloudTrail's.
 *
 * The integration renames CloudTrail fields to ECS (`eventName` → `event.action`, `eventSource` →
 * `event.provider`, ...) and keeps `requestParameters`, `responseElements` and
 * `additionalEventData` as `flattened` fields with their original keys and text values. A field
 * without a faithful home, or a value the mapped field cannot tell apart (the number 5 from the text
 * "5" in a keyword field), is refused in plain words rather than exported with another meaning.
 *
 * Where AWS documents a field's kind, the query relies on it (text in a flattened field that looks
 * like a number; true/false kept as text there) and the rule's note says so.
 *
 * KQL notes that shape the output (Kibana kuery grammar):
 * - Quoted values are exact term matches on keyword fields, case-sensitive; only `\` and `"` need
 *   escaping inside quotes.
 * - `*` is a wildcard only in unquoted values; there `\():<>"*{}` must be escaped, and the words
 *   `and`, `or`, `not` and whitespace change the meaning, so patterns with whitespace are refused.
 *   Kibana also mishandles backslashes inside wildcard values (elastic/kibana#169709): refused too.
 * - `field: *` means the field has a value; JSON null is not indexed, so it does not.
 *
 * EQL: a rule KQL cannot say is written as an EQL rule (`type: "eql"`, `any where <condition>`)
 * when EQL can say it (see `queryForRule`); a rule KQL can say keeps its KQL, byte for byte. EQL
 * ignores case (`:`, `like~`, `regex~`, for A to Z only), takes patterns with spaces, and has
 * regular expressions, which find a role by the end of its ARN. It cannot read flattened fields
 * (elastic/elasticsearch#101985: "Cannot use field ... with unsupported type [flattened]"); Elastic's
 * own EQL rules for CloudTrail read request parameters only as the text of
 * `aws.cloudtrail.request_parameters`, with stringContains. So a rule that needs EQL and tests
 * requestParameters, responseElements or additionalEventData is refused.
 */
import type { Rule, RuleSet, Urgency } from '../model.ts';
import { alertingOf, effectiveCondition, urgencyWords } from '../model.ts';
import { deliveryActions, type KibanaConnector } from './elastic-actions.ts';
import { matchCompiled, provableTarget, type CompiledDetection, type Detection, type ExportResult, type MatchResult, type ProvableTarget, type Refusal } from '../target.ts';
import { compileKql, compileKqlOn, elasticDocument, elasticField } from '../matchers/elastic.ts';
import { compileEql, compileEqlOn, isEql } from '../matchers/elastic-eql.ts';
import { auditDocumentReading } from '../matchers/k8s-audit/elastic.ts';
import { auditEqlForRule, auditIndices, auditKqlForRule, auditSourceNote } from './k8s-audit/elastic.ts';
import { sourceOf, sourceOfEvent } from '../sources.ts';
import { countElastic } from '../matchers/count.ts';
import { countByField } from '../count.ts';
import { constantRuleReason, documentedTypeNotes, specialise } from '../documented.ts';
import { attackTactic, attackTechniques, attackUrl, type AttackTactic } from '../../frameworks/attack.ts';
import { kqlQuoted, refuse, fieldTestOn, kqlFor, eqlQuoted, fieldTestEql, eqlFor, type Built } from './elastic-query.ts';
export { kqlQuoted, fieldTestOn, kqlFor, eqlQuoted, fieldTestEql, eqlFor, type Built } from './elastic-query.ts';

export { elasticField };

/**
 * The EQL rule for a rule KQL cannot say: Kibana's EQL rules (`type: "eql"`) can ignore case
 * (`:`, `like~`), and read patterns with spaces, which KQL cannot. Undefined text means refused.
 */
function eqlForRule(rule: Pick<Rule, 'when' | 'exceptions'>): Built & { notes?: string[] } {
  const typed = specialise(effectiveCondition(rule));
  if (typeof typed.condition === 'boolean') return refuse(constantRuleReason(typed.condition));
  const built = eqlFor(typed.condition, typed.kindOf);
  if (!built.ok) return built;
  return { ok: true, kql: `any where ${built.kql}`, notes: documentedTypeNotes(typed.relied) };
}

/** KQL's refusals for what EQL can say: when EQL refuses too, its reason is the one that tells why. */
export const liftedByEql = /upper and lower case as written|only as its ARN|cannot be written faithfully in KQL/;

/**
 * The query for a rule: KQL where KQL can say it (unchanged from before EQL was added), else EQL.
 * When both refuse, the reason given is KQL's, unless KQL refused for something EQL can say
 * (ignoring case, a pattern on a role name or with spaces): then EQL's.
 */
function queryForRule(rule: Pick<Rule, 'when' | 'exceptions'>): (Built & { notes?: string[]; language: 'kuery' | 'eql' }) | { ok: false; reason: string } {
  const kql = kqlForRule(rule);
  if (kql.ok) return { ...kql, language: 'kuery' };
  const eql = eqlForRule(rule);
  if (eql.ok) return { ...eql, language: 'eql' };
  return liftedByEql.test(kql.reason) ? eql : kql;
}

/** The KQL for a rule on the records CloudTrail writes, with the documented types it relies on. */
function kqlForRule(rule: Pick<Rule, 'when' | 'exceptions'>): Built & { notes?: string[] } {
  const typed = specialise(effectiveCondition(rule));
  // A rule that holds on every documented record, or on none, is written as it stands, if KQL can say it.
  if (typeof typed.condition === 'boolean') {
    const plain = kqlFor(effectiveCondition(rule));
    return plain.ok ? plain : refuse(constantRuleReason(typed.condition));
  }
  const built = kqlFor(typed.condition, typed.kindOf);
  if (!built.ok) return built;
  // Spelling out case can make many comparisons; Elasticsearch before 8.0 refuses a query with more
  // than 1,024 clauses by default (indices.query.bool.max_clause_count). A count of "or" and "and"
  // overcounts only where quoted text holds those words, which refuses early, never wrongly exports.
  const clauses = built.kql.split(/ (?:or|and) /).length;
  if (clauses > 1024)
    return refuse(`the query would make ${clauses} comparisons, more than the 1,024 Elasticsearch accepts by default; ignore case in fewer tests, or split the rule`);
  return { ...built, notes: documentedTypeNotes(typed.relied) };
}

const severity: Record<Urgency, { severity: 'low' | 'medium' | 'high'; risk_score: number }> = {
  'wake-me-up': { severity: 'high', risk_score: 73 },
  'look-today': { severity: 'medium', risk_score: 47 },
  fyi: { severity: 'low', risk_score: 21 },
};



/** Kibana's `threat` array for the rule's ATT&CK ids; ids we cannot place under a tactic stay as tags. */
function threatFor(ids: string[]): object[] {
  const byTactic = new Map<string, { tactic: AttackTactic; techniques: Map<string, { id: string; name: string; sub: { id: string; name: string }[] }> }>();
  for (const id of ids) {
    const parentId = id.split('.')[0]!;
    const parent = attackTechniques[parentId];
    const self = attackTechniques[id];
    const tacticId = (parent ?? self)?.tactics[0];
    const tactic = tacticId === undefined ? undefined : attackTactic(tacticId);
    if (!tactic || !parent) continue;
    const entry = byTactic.get(tactic.id) ?? { tactic, techniques: new Map() };
    byTactic.set(tactic.id, entry);
    const technique = entry.techniques.get(parentId) ?? { id: parentId, name: parent.name, sub: [] };
    entry.techniques.set(parentId, technique);
    if (id !== parentId && self) technique.sub.push({ id, name: self.name });
  }
  return [...byTactic.values()].map(({ tactic, techniques: ts }) => ({
    framework: 'MITRE ATT&CK',
    tactic: { id: tactic.id, name: tactic.name, reference: attackUrl(tactic.id) },
    technique: [...ts.values()].map((t) => ({
      id: t.id,
      name: t.name,
      reference: attackUrl(t.id),
      ...(t.sub.length > 0 ? { subtechnique: t.sub.map((s) => ({ id: s.id, name: s.name, reference: attackUrl(s.id) })) } : {}),
    })),
  }));
}

/** The indices a CloudTrail rule searches: the Elastic Agent data stream and Filebeat. */
const elasticIndices = ['logs-aws.cloudtrail-*', 'filebeat-*'];

/** The Kibana detection rule object for one rule, or the reason it cannot be written faithfully. */
function kibanaRule(rule: Rule): { ok: true; rule: Record<string, unknown> } | { ok: false; reason: string } {
  // A rule on a cluster's audit log searches the Kubernetes integration's data stream instead.
  const cluster = sourceOf(rule) === 'k8s-audit';
  const built = cluster ? auditQueryForRule(rule) : queryForRule(rule);
  if (!built.ok) return built;
  const threshold = thresholdFor(rule, built.language);
  if (threshold && !threshold.ok) return threshold;
  return {
    ok: true,
    rule: {
      rule_id: `plainsec-${rule.id}`,
      name: rule.title,
      description: rule.means,
      note: `## What to do\n\n${rule.whatToDo}${cluster ? `\n\n${auditSourceNote}` : ''}${built.notes && built.notes.length > 0 ? `\n\n## Assumptions\n\n${built.notes.map((n) => `- Plainsec ${n}`).join('\n')}` : ''}`,
      type: built.language === 'eql' ? 'eql' : 'query',
      language: built.language,
      query: built.kql,
      index: cluster ? auditIndices : elasticIndices,
      severity: severity[rule.urgency].severity,
      risk_score: severity[rule.urgency].risk_score,
      tags: [
        'Plainsec',
        ...(cluster ? ['Domain: Kubernetes', 'Data Source: Kubernetes'] : ['Domain: Cloud', 'Data Source: AWS CloudTrail']),
        `Urgency: ${urgencyWords[rule.urgency]}`,
        `Notify: ${rule.notify}`,
        ...rule.attack.filter((id) => !attackTechniques[id.split('.')[0]!]).map((id) => `ATT&CK: ${id}`),
      ],
      references: rule.references,
      threat: threatFor(rule.attack),
      enabled: true,
      interval: '5m',
      from: 'now-6m',
      // A counting rule is a threshold rule: each run counts the one interval it looks back over.
      ...(threshold?.ok ? threshold.settings : {}),
      max_signals: 100,
      author: ['Plainsec'],
      version: 1,
    },
  };
}

/**
 * A counting rule's threshold settings (Kibana's `threshold` rule type): the group field as the
 * Elastic AWS integration names it, the count, and a run every window looking back one window.
 */
function thresholdFor(rule: Rule, language: 'kuery' | 'eql'): { ok: true; settings: Record<string, unknown> } | { ok: false; reason: string } | undefined {
  const count = rule.count;
  if (!count) return undefined;
  if (sourceOf(rule) === 'k8s-audit') return { ok: false, reason: 'the Elastic export does not count events from a cluster\'s audit log; use the Sigma or Splunk file for this rule' };
  if (language === 'eql') return { ok: false, reason: 'Elastic threshold rules read KQL, and this rule needs EQL; use the Sigma or Splunk file' };
  let field: string[] = [];
  if (count.by) {
    const mapped = elasticField(countByField[count.by]);
    if ('reason' in mapped) return { ok: false, reason: mapped.reason };
    field = [mapped.name];
  }
  const span = count.withinMinutes % 60 === 0 ? `${count.withinMinutes / 60}h` : `${count.withinMinutes}m`;
  return { ok: true, settings: { type: 'threshold', threshold: { field, value: count.atLeast }, interval: span, from: `now-${span}` } };
}

/** The Kibana threshold rule for a counting rule, as JSON: the count's detection text. */
function elasticCountDetection(rule: Rule): Detection {
  if (!rule.count) return { ok: false, reason: 'this rule does not count' };
  const built = kibanaRule(rule);
  return built.ok ? { ok: true, text: JSON.stringify(built.rule) } : { ok: false, reason: built.reason };
}

/**
 * Exports a rule set as one Kibana NDJSON file, importable from Security → Rules → Import: the
 * rules with their actions, then the connectors those actions use (see elastic-actions.ts).
 */
function exportElastic(ruleSet: RuleSet): ExportResult {
  const lines: string[] = [];
  const refused: Refusal[] = [];
  const alerting = alertingOf(ruleSet);
  const connectors = new Map<string, KibanaConnector>();
  for (const rule of ruleSet.rules) {
    const built = kibanaRule(rule);
    if (!built.ok) {
      refused.push({ ruleId: rule.id, reason: built.reason });
      continue;
    }
    const delivery = deliveryActions(rule, alerting);
    lines.push(JSON.stringify({ ...built.rule, actions: delivery.actions }));
    for (const c of delivery.connectors) connectors.set(c.id, c);
  }
  // The connectors follow the rules, as Kibana's own rule export writes them.
  for (const c of connectors.values()) lines.push(JSON.stringify(c));
  const files = lines.length > 0 ? [{ path: 'elastic/plainsec-rules.ndjson', content: `${lines.join('\n')}\n` }] : [];
  return { files, refused };
}

/**
 * The query for a rule on a cluster's audit log (see exporters/k8s-audit/elastic.ts): KQL where KQL
 * can say it, else EQL where KQL refused only for what EQL can say (ignoring case, spaces in a pattern).
 */
function auditQueryForRule(rule: Rule): (Built & { notes?: string[]; language: 'kuery' | 'eql' }) | { ok: false; reason: string } {
  const kql = auditKqlForRule(rule);
  if (kql.ok) return { ...kql, language: 'kuery' };
  if (!liftedByEql.test(kql.reason)) return kql;
  const eql = auditEqlForRule(rule);
  return eql.ok ? { ...eql, language: 'eql' } : eql;
}

/** The query a rule becomes (KQL, or EQL starting "any where"), as text; used by tests and the rule builder's preview. */
function elasticDetection(rule: Rule): Detection {
  const built = sourceOf(rule) === 'k8s-audit' ? auditQueryForRule(rule) : queryForRule(rule);
  return built.ok ? { ok: true, text: built.kql } : { ok: false, reason: built.reason };
}

/**
 * A query read once. A query on `kubernetes.audit.*` fields searches the Kubernetes integration's
 * audit events; any other searches CloudTrail records. Each searches only its own indices, so it
 * never fires on the other kind of record.
 */
function compileElastic(text: string): CompiledDetection {
  const noMatch: MatchResult = { kind: 'no-match' };
  let readsAudit = false;
  const auditDocument = (names: ReadonlySet<string>) => {
    readsAudit = [...names].some((n) => n.startsWith('kubernetes.audit.'));
    return auditDocumentReading(names);
  };
  const eql = isEql(text);
  const audit = eql ? compileEqlOn(text, auditDocument) : compileKqlOn(text, auditDocument);
  if (!audit.ok) return audit;
  const cloudTrail = eql ? compileEql(text) : compileKql(text);
  if (!cloudTrail.ok) return cloudTrail;
  return { ok: true, match: (event) => ((sourceOfEvent(event) === 'k8s-audit') !== readsAudit ? noMatch : (readsAudit ? audit : cloudTrail).match(event)) };
}

/** The Elastic target: Kibana detection rules in NDJSON, provable through `matchKql` and `matchEql`. */
export const elasticTarget: ProvableTarget = provableTarget({
  id: 'elastic',
  name: 'Elastic Security',
  sources: ['cloudtrail', 'k8s-audit'],
  exportRuleSet: exportElastic,
  detectionFor: elasticDetection,
  match: (text, event) => matchCompiled(compileElastic(text), event),
  compile: compileElastic,
  counting: {
    countDetectionFor: elasticCountDetection,
    // The group is the field's one indexed value in the document Elasticsearch makes of the record.
    countMatch: (text, events) =>
      countElastic(text, events, compileKql, (e, name) => {
        const values = elasticDocument(e).get(name) ?? [];
        return values.length === 1 ? values[0] : undefined;
      }),
  },
});
