/**
 * The Kubernetes audit-log templates (content/rules/kubernetes.yaml): each is a valid rule that
 * reads audit events, each example does what it says, the words are plain, and each says which
 * audit level and stage it needs, in its `means` and in a comment above its `when`, and means it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { matchesCondition, type CloudTrailEvent, type JsonValue } from '../../../src/lib/rules/canonical.ts';
import { undocumentedShapes } from '../../../src/lib/rules/fields.ts';
import { effectiveCondition, fieldsOf, ruleSetSchema, type Rule } from '../../../src/lib/rules/model.ts';
import { sourceOf } from '../../../src/lib/rules/sources.ts';
import { atLeast, levelFor, type AuditPolicy, type AuditRequest } from '../../support/audit-policy.ts';
import { plainWordsProblems, siteGlossary } from '../../support/plain-words.ts';
import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { corporaDir, loadTemplates, templatesDir, valueAt } from './support/kit.ts';

const file = path.join(templatesDir, 'kubernetes.yaml');
const text = readFileSync(file, 'utf8');
const parsed = ruleSetSchema.safeParse(parse(text));
const rules: Rule[] = parsed.success ? parsed.data.rules : [];
const byId = (rule: Rule) => [rule.id, rule] as const;
const fires = (rule: Rule, event: unknown) => matchesCondition(effectiveCondition(rule), event as CloudTrailEvent);
/** Examples copied from Falco's trace files say so in their name; the others are written for Plainsec. */
const fromFalco = (name: string) => name.endsWith("(one of Falco's test events)");

/** The comment lines just above a rule's `when:`, read from the file's text. */
function commentAboveWhen(id: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line === `  - id: ${id}`);
  const when = lines.findIndex((line, i) => i > start && line === '    when:');
  const comment: string[] = [];
  for (let i = when - 1; i > start && lines[i]!.startsWith('    #'); i--) comment.unshift(lines[i]!.replace(/^\s*# ?/, ''));
  return comment.join(' ');
}

const levels = ['Metadata', 'Request', 'RequestResponse'] as const;
/** The audit level a text says the rule needs, as "the Metadata level" or "the Request level". */
const levelsSaid = (said: string) => [...said.matchAll(/\bthe (Metadata|Request|RequestResponse) level\b/g)].map((m) => m[1]!);
/** The stage a text says the rule reads, as "the ResponseComplete stage" or "Stage: ResponseComplete". */
const stageSaid = (said: string) => /(?:the (ResponseStarted|ResponseComplete) stage|Stage: (ResponseStarted|ResponseComplete))/.exec(said)?.slice(1).find(Boolean);

describe('the Kubernetes audit templates', () => {
  it('are a valid rule set', () => {
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('offer about twenty templates, each reading the Kubernetes audit log', () => {
    expect(rules.length).toBeGreaterThanOrEqual(18);
    expect(rules.filter((rule) => sourceOf(rule) !== 'k8s-audit').map((rule) => rule.id)).toEqual([]);
  });

  it('have ids unlike every other template’s', () => {
    const all = loadTemplates().map((rule) => rule.id);
    expect(all.filter((id, i) => all.indexOf(id) !== i)).toEqual([]);
  });

  it('say in the file’s header which levels and stages they need, and that counting refused requests is left out', () => {
    const header = text.slice(0, text.indexOf('plainsecRules:'));
    for (const word of ['Metadata', 'Request level', 'ResponseComplete', 'ResponseStarted']) expect(header).toContain(word);
    expect(header).toMatch(/Out of scope: "many refused requests in a short time"/);
    expect(header).toMatch(/counting/);
  });

  const terms = siteGlossary();
  it.each(rules.map(byId))('%s speaks in plain words', (_id, rule) => {
    expect([rule.title, rule.means, rule.whatToDo].flatMap((said) => plainWordsProblems(said, terms))).toEqual([]);
    expect(`${rule.title} · Plainsec`.length).toBeLessThanOrEqual(70);
  });

  it.each(rules.map(byId))('%s says the audit level and stage it needs, in its words and above its condition', (id, rule) => {
    const comment = commentAboveWhen(id);
    expect(comment).toMatch(/^Audit level: /);
    expect(comment).toMatch(/Stage: (ResponseStarted|ResponseComplete)\b/);
    const said = levelsSaid(rule.means);
    expect(said.length).toBeGreaterThan(0);
    // The comment names the same levels (the least one first) as the words do.
    for (const level of said) expect(comment).toContain(level);
    // A rule that looks inside the object sent needs the Request level; one that does not, only Metadata.
    const readsObject = fieldsOf(rule.when).some((field) => field.startsWith('requestObject.'));
    if (readsObject) expect(said).toContain('Request');
    else expect(said).toEqual(['Metadata']);
    expect(said.every((level) => (levels as readonly string[]).includes(level))).toBe(true);
    // The stage said is the stage the condition reads: its examples that fire are quiet at the other stage.
    const stage = stageSaid(rule.means);
    expect(stage).toBeDefined();
    expect(stageSaid(comment)).toBe(stage);
    expect(fieldsOf(rule.when)).toContain('stage');
    const other = stage === 'ResponseStarted' ? 'ResponseComplete' : 'ResponseStarted';
    for (const example of (rule.examples ?? []).filter((e) => e.expect === 'fires'))
      expect(fires(rule, { ...(example.event as CloudTrailEvent), stage: other }), `${example.name} at ${other}`).toBe(false);
  });

  // Plainsec's downloadable audit policy, read as the API server reads it: each event a template
  // fires on is logged at the level the template says it needs, at the stage it reads.
  const policy = parse(readFileSync(path.join(process.cwd(), 'public/downloads/audit-policy.yaml'), 'utf8')) as AuditPolicy;
  const requestOf = (event: CloudTrailEvent): AuditRequest => {
    const at = (field: string) => valueAt(event, field) as string | undefined;
    const who = { user: at('user.username')!, groups: valueAt(event, 'user.groups') as string[], verb: at('verb')! };
    if (at('objectRef.resource') === undefined) return { ...who, path: at('requestURI')!.split('?')[0]! };
    return { ...who, group: at('objectRef.apiGroup') ?? '', resource: at('objectRef.resource')!, subresource: at('objectRef.subresource'), namespace: at('objectRef.namespace'), name: at('objectRef.name') };
  };
  it.each(rules.map(byId))('%s gets what it needs from Plainsec’s audit policy', (_id, rule) => {
    const needs = levelsSaid(rule.means).includes('Request') ? 'Request' : 'Metadata';
    expect(policy.omitStages ?? []).not.toContain(stageSaid(rule.means));
    for (const example of (rule.examples ?? []).filter((e) => e.expect === 'fires')) {
      const { level } = levelFor(policy, requestOf(example.event as CloudTrailEvent));
      expect(atLeast(level, needs), `${example.name}: logged at ${level}, needs ${needs}`).toBe(true);
    }
  });

  it.each(rules.map(byId))('%s carries an example that fires and near misses, one of them by the cluster or in kube-system', (_id, rule) => {
    const examples = rule.examples ?? [];
    expect(examples.some((e) => e.expect === 'fires')).toBe(true);
    const misses = examples.filter((e) => e.expect === 'does-not-fire');
    expect(misses.length).toBeGreaterThan(0);
    const byCluster = misses.filter((e) => {
      const user = String(valueAt(e.event as CloudTrailEvent, 'user.username') ?? '');
      return /^(system:node:|system:serviceaccount:kube-system:|eks:|system:apiserver$|system:kube-)/.test(user) || valueAt(e.event as CloudTrailEvent, 'objectRef.namespace') === 'kube-system';
    });
    if (rule.exceptions.some((x) => 'unlessDoneByCluster' in x)) {
      // The exception matters: without it, the cluster's own request would fire.
      const withoutIt = { ...rule, exceptions: rule.exceptions.filter((x) => !('unlessDoneByCluster' in x)) };
      expect(byCluster.filter((e) => fires(withoutIt, e.event)).map((e) => e.name)).not.toEqual([]);
    } else if (fieldsOf(rule.when).includes('objectRef.namespace')) {
      // The pod rules leave out kube-system instead; one near miss is the cluster's own add-on there.
      expect(byCluster.length).toBeGreaterThan(0);
    }
  });

  it.each(rules.flatMap((rule) => (rule.examples ?? []).map((e) => [`${rule.id}: ${e.name}`, rule, e] as const)))(
    '%s gives the result it expects',
    (_label, rule, example) => {
      expect(fires(rule, example.event) ? 'fires' : 'does-not-fire').toBe(example.expect);
    },
  );

  it.each(rules.flatMap((rule) => (rule.examples ?? []).map((e) => [`${rule.id}: ${e.name}`, e.event as CloudTrailEvent, e.name] as const)))(
    '%s is an audit.k8s.io Event as the API server writes it',
    (_label, event, name) => {
      expect(valueAt(event, 'kind')).toBe('Event');
      // Falco's older events carry v1beta1 or no apiVersion at all; those written here say v1.
      if (!fromFalco(name)) expect(valueAt(event, 'apiVersion')).toBe('audit.k8s.io/v1');
      expect(levels).toContain(valueAt(event, 'level'));
      expect(valueAt(event, 'auditID')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic']).toContain(valueAt(event, 'stage'));
      expect(valueAt(event, 'verb')).toMatch(/^(get|list|watch|create|update|patch|delete|deletecollection)$/);
      expect(valueAt(event, 'requestURI')).toMatch(/^\//);
      expect(valueAt(event, 'user.username')).toEqual(expect.any(String));
      expect(valueAt(event, 'sourceIPs')).toEqual([expect.any(String)]);
      expect(valueAt(event, 'responseStatus.code')).toEqual(expect.any(Number));
      expect(valueAt(event, 'requestReceivedTimestamp')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(valueAt(event, 'annotations')).toEqual(expect.objectContaining({ 'authorization.k8s.io/decision': expect.stringMatching(/^(allow|forbid)$/) }));
      // Where the API documents a field's kind, the example keeps to it.
      expect(undocumentedShapes(event)).toEqual([]);
      // The object sent is only in the log from the Request level up.
      if (valueAt(event, 'requestObject') !== undefined) expect(['Request', 'RequestResponse']).toContain(valueAt(event, 'level'));
      if (fromFalco(name)) return;
      // Written examples use documentation values only: addresses, and the one account number
      // (besides 602401143452, the account of EKS's own image registry, in image names).
      const [address] = event.sourceIPs as string[];
      expect(['192.0.2.', '198.51.100.', '203.0.113.', '::1'].some((range) => address!.startsWith(range)), address).toBe(true);
      const all = JSON.stringify(event);
      expect([...all.matchAll(/(?<![\w-])\d{12}(?![\w])/g)].map((m) => m[0]).filter((a) => a !== '111122223333' && a !== '602401143452')).toEqual([]);
    },
  );
});

const corpusDir = path.join(corporaDir, 'k8s-audit', 'falco-trace-files');
const haveCorpus = existsSync(corpusDir);

describe.skipIf(skipWhenMissing(haveCorpus, reasons.corpora))('the examples taken from Falco’s trace files', () => {
  /** Every leaf of a value with its path, lists by index. */
  const leaves = (value: JsonValue, at: (string | number)[] = []): [(string | number)[], JsonValue][] =>
    value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, inner]) => leaves(inner, [...at, Array.isArray(value) ? Number(key) : key]))
      : [[at, value]];
  const walk = (value: JsonValue | undefined, at: (string | number)[]): JsonValue | undefined =>
    at.reduce<JsonValue | undefined>((here, step) => (here !== null && typeof here === 'object' ? (here as Record<string, JsonValue>)[step] : undefined), value);
  const corpusEvents = new Map<string, JsonValue>();
  if (haveCorpus) {
    for (const name of ['exec_pod', 'attach_pod', 'create_nginx_pod_privileged', 'create_nginx_pod_privileged_2nd_container', 'create_nginx_pod_unprivileged',
      'create_nginx_pod_sensitive_mount', 'create_nginx_pod_hostnetwork', 'create_nginx_pod_nohostnetwork', 'attach_cluster_admin_role', 'create_clusterrolebinding',
      'create_cluster_role_wildcard_verbs', 'create_cluster_role_wildcard_resources', 'create_cluster_role_pod_exec', 'create_clusterrole',
      'modify_cluster_role_node_problem_detector', 'delete_cluster_role_kube_aggregator', 'delete_clusterrole', 'create_secret', 'anonymous_creates_namespace_foo',
      'create_serviceaccount_kube_system_namespace', 'create_serviceaccount_kube_public_namespace', 'create_pod_kube_system_namespace', 'create_serviceaccount',
      'create_nginx_service_nodeport', 'create_nginx_service_nonodeport', 'create_deployment', 'create_kube_system_secret', 'create_service_account_token_secret',
      'delete_configmap']) {
      const event = JSON.parse(readFileSync(path.join(corpusDir, `${name}.json`), 'utf8')) as { auditID: string };
      corpusEvents.set(event.auditID, event as unknown as JsonValue);
    }
  }
  const copied = rules.flatMap((rule) => (rule.examples ?? []).filter((e) => fromFalco(e.name)).map((e) => [`${rule.id}: ${e.name}`, e.event as JsonValue] as const));

  it('are a dozen or more', () => {
    expect(copied.length).toBeGreaterThanOrEqual(12);
  });

  it.each(copied)('%s holds only fields of the real event, with its values', (_label, event) => {
    const real = corpusEvents.get(String((event as Record<string, JsonValue>).auditID));
    expect(real, 'a trace file with this auditID').toBeDefined();
    const differ = leaves(event).filter(([at, value]) => walk(real, at) !== value).map(([at]) => at.join('.'));
    expect(differ).toEqual([]);
  });
});
