/**
 * Elastic on a cluster's audit log: the Kibana rule Plainsec writes for a k8s-audit rule, searched
 * by the model of Elastic's Kubernetes integration (matchers/k8s-audit/elastic.ts), fires on
 * exactly the audit events the rule means: Falco's real trace events, and copies of them with each
 * field a rule reads changed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesCondition, type CloudTrailEvent, type JsonValue } from '../../../../src/lib/rules/canonical.ts';
import { effectiveCondition, type Condition, type Rule, type Scalar } from '../../../../src/lib/rules/model.ts';
import { checkRuleSetValue, formatRuleSetError } from '../../../../src/lib/rules/rule-set.ts';
import { sourceOfEvent } from '../../../../src/lib/rules/sources.ts';
import { auditFields } from '../../../../src/lib/rules/sources/k8s-audit-fields.ts';
import { elasticTarget } from '../../../../src/lib/rules/exporters/elastic.ts';
import { auditDocument, auditElasticField } from '../../../../src/lib/rules/matchers/k8s-audit/elastic.ts';
import { compileDetection } from '../../../../src/lib/rules/target.ts';
import { specialise } from '../../../../src/lib/rules/documented.ts';
import { reasons, skipWhenMissing } from '../../../support/skips.ts';
import { plainWordsProblems, siteGlossary } from '../../../support/plain-words.ts';
import { corporaDir, variants } from '../support/kit.ts';

const traceDir = path.join(corporaDir, 'k8s-audit', 'falco-trace-files');
const haveTraces = existsSync(traceDir);

/** Every audit event in Falco's trace files: one JSON object per file, or one per line. */
function traceEvents(): { file: string; event: CloudTrailEvent }[] {
  if (!haveTraces) return [];
  return readdirSync(traceDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const text = readFileSync(path.join(traceDir, file), 'utf8');
      let events: unknown[];
      try {
        events = [JSON.parse(text)];
      } catch {
        events = text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
      }
      return events
        .filter((e): e is CloudTrailEvent => typeof e === 'object' && e !== null && sourceOfEvent(e as CloudTrailEvent) === 'k8s-audit')
        .map((event) => ({ file, event }));
    });
}

const traces = traceEvents();
const events = traces.map((t) => t.event);

function parsedRule(input: Record<string, unknown>): Rule | undefined {
  const checked = checkRuleSetValue({ plainsecRules: 1, rules: [input] });
  return checked.ok ? checked.ruleSet.rules[0]! : undefined;
}

function rule(id: string, when: Condition, exceptions: unknown[] = [{ unlessDoneByCluster: true }]): Rule {
  const input = {
    id,
    source: 'k8s-audit',
    title: `Cluster rule ${id}`,
    means: 'Something happened in the cluster.',
    whatToDo: 'Ask who did it and why.',
    when,
    exceptions,
    urgency: 'look-today',
    notify: '#security',
  };
  const checked = checkRuleSetValue({ plainsecRules: 1, rules: [input] });
  if (!checked.ok) throw new Error(checked.errors.map(formatRuleSetError).join('\n'));
  return checked.ruleSet.rules[0]!;
}

/** Every value at a path with `[]` steps, as a rule reads it. */
function valuesAt(value: JsonValue | undefined, steps: readonly string[]): JsonValue[] {
  if (value === undefined) return [];
  if (steps.length === 0) return [value];
  const [step, ...rest] = steps;
  const list = step!.endsWith('[]');
  const key = list ? step!.slice(0, -2) : step!;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, key)) return [];
  const next = value[key];
  if (list) return Array.isArray(next) ? next.flatMap((item) => valuesAt(item, rest)) : [];
  return valuesAt(next, rest);
}

/**
 * Whether every field read through a list of groups (`containers[].securityContext.privileged`)
 * holds the kind Kubernetes documents for the event's resource. `undocumentedShapes` (fields.ts)
 * leaves those paths out, so the copies made here are held to it: an export need only be exact on
 * events Kubernetes can write.
 */
function documentedThroughLists(event: CloudTrailEvent): boolean {
  const resource = valuesAt(event, ['objectRef', 'resource'])[0];
  return auditFields.every((f) => {
    if (!f.path.includes('[]') || typeof resource !== 'string' || !f.resources?.includes(resource)) return true;
    return valuesAt(event, f.path.split('.')).every((v) =>
      f.list === 'values' ? Array.isArray(v) && v.every((x) => typeof x === f.kind) : typeof v === f.kind,
    );
  });
}

/**
 * Changed copies of an event for every field the condition reads: through a list of groups
 * (`containers[].x`), each item's field missing, or another value; every field in upper case
 * where it is text; and the shared changes (missing, null, another kind, a list), where Kubernetes
 * could write them (kit.ts `variants`).
 */
function mutations(event: CloudTrailEvent, condition: Condition): CloudTrailEvent[] {
  const out = variants(event, condition);
  const walk = (c: Condition): void => {
    if ('not' in c) return walk(c.not);
    if ('allOf' in c || 'anyOf' in c) return ('allOf' in c ? c.allOf : c.anyOf).forEach(walk);
    const steps = c.field.split('.');
    const listAt = steps.findIndex((s) => s.endsWith('[]'));
    if (listAt >= 0) {
      for (const replacement of [undefined, true, false, 'Get', 'SYS_ADMIN', ['NET_ADMIN', 'SYS_ADMIN'], 7]) {
        const copy = structuredClone(event);
        const items = valuesAt(copy, [...steps.slice(0, listAt), steps[listAt]!.slice(0, -2)])[0];
        if (!Array.isArray(items) || items.length === 0) continue;
        const rest = steps.slice(listAt + 1);
        let here = items[items.length - 1] as { [k: string]: JsonValue };
        if (here === null || typeof here !== 'object') continue;
        for (const step of rest.slice(0, -1)) {
          if (here[step] === null || typeof here[step] !== 'object' || Array.isArray(here[step])) here[step] = {};
          here = here[step] as { [k: string]: JsonValue };
        }
        if (replacement === undefined) delete here[rest[rest.length - 1]!];
        else here[rest[rest.length - 1]!] = replacement;
        if (documentedThroughLists(copy)) out.push(copy);
      }
      return;
    }
    const value = valuesAt(event, steps)[0];
    if (typeof value === 'string' && value.toUpperCase() !== value) {
      const copy = structuredClone(event);
      let here = copy as { [k: string]: JsonValue };
      for (const step of steps.slice(0, -1)) here = here[step] as { [k: string]: JsonValue };
      here[steps[steps.length - 1]!] = value.toUpperCase();
      out.push(copy);
    }
  };
  walk(condition);
  return out;
}

/** How Plainsec means a rule, and what the Elastic rule does, on every event and changed copy. */
function disagreements(r: Rule): { checked: number; wrong: string[] } {
  const detection = elasticTarget.detectionFor(r);
  if (!detection.ok) return { checked: 0, wrong: [] };
  const compiled = compileDetection(elasticTarget, detection.text);
  if (!compiled.ok) return { checked: 0, wrong: [`${r.id}: Elastic cannot read ${detection.text}: ${compiled.reason}`] };
  const condition = effectiveCondition(r);
  let checked = 0;
  const wrong: string[] = [];
  for (const event of events)
    for (const copy of mutations(event, condition)) {
      checked++;
      const meant = matchesCondition(condition, copy);
      const got = compiled.match(copy);
      if (got.kind === 'invalid' || (got.kind === 'match') !== meant)
        wrong.push(`${r.id}: ${detection.text}\n  means ${meant}, Elastic ${got.kind} on ${JSON.stringify(copy).slice(0, 400)}`);
    }
  return { checked, wrong };
}

/** The values rules draw for a path: the catalogue's examples, values in the trace events, and awkward ones. */
function valuesFor(p: string): Scalar[] {
  const seen = events.flatMap((e) => valuesAt(e, p.split('.'))).flatMap((v) => (Array.isArray(v) ? v : [v]));
  const scalars = seen.filter((v): v is Scalar => v !== null && typeof v !== 'object');
  const examples = auditFields.filter((f) => f.path === p).flatMap((f) => f.examples);
  return [...new Set<Scalar>([...examples, ...scalars.slice(0, 8), 'Get', 7, true])];
}

/**
 * Random cluster rules over these paths (a fixed seed), with "unless" exceptions now and then.
 * Half read fields every event has; half say which resource they are about (as the templates do)
 * and read its request body too, which the catalogue documents only for that resource.
 */
function randomRules(paths: readonly string[], seed: number, count: number): Rule[] {
  const everyEvent = paths.filter((p) => auditFields.some((f) => f.path === p && f.resources === undefined));
  const resources = [...new Set(auditFields.flatMap((f) => (paths.includes(f.path) ? (f.resources ?? []) : [])))].sort();
  const bodyOf = (resource: string) => paths.filter((p) => auditFields.some((f) => f.path === p && f.resources?.includes(resource)));
  const condition = (fields: readonly string[]) => conditionOver(fields);
  const pinned = fc.oneof(
    condition(everyEvent),
    fc.constantFrom(...resources).chain((resource) =>
      condition([...everyEvent, ...bodyOf(resource), ...bodyOf(resource)]).map((c) => ({ allOf: [{ field: 'objectRef.resource', equals: resource }, c] })),
    ),
  );
  const exceptions = fc.constantFrom<unknown[]>([], [{ unlessDoneByCluster: true }], [{ unlessItFailed: true }], [{ unlessDoneByUsers: ['system:anonymous', 'minikube-user'] }]);
  const samples = fc.sample(fc.tuple(pinned, exceptions), { seed, numRuns: count });
  return samples.flatMap(([when, ex], i) => {
    const r = parsedRule({ id: `random-${i}`, source: 'k8s-audit', title: 'Random', means: 'Random.', whatToDo: 'None.', when, exceptions: ex, urgency: 'fyi', notify: '#x' });
    return r ? [r] : [];
  });
}

/** Random conditions (not, all of, any of) over tests on these fields. */
function conditionOver(paths: readonly string[]): fc.Arbitrary<Condition> {
  const test = fc.constantFrom(...paths).chain((field): fc.Arbitrary<Condition> => {
    const values = valuesFor(field);
    const texts = values.filter((v): v is string => typeof v === 'string' && v.length > 1);
    const cut = (s: string, end: boolean) => (end ? s.slice(Math.floor(s.length / 2)) : s.slice(0, Math.ceil(s.length / 2)));
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...values).map((equals) => ({ field, equals })) },
      fc.array(fc.constantFrom(...values), { minLength: 2, maxLength: 3 }).map((oneOf) => ({ field, oneOf: [...new Set(oneOf)] })),
      fc.constantFrom(...texts).map((t) => ({ field, startsWith: cut(t, false) })),
      fc.constantFrom(...texts).map((t) => ({ field, endsWith: cut(t, true) })),
      fc.constantFrom(...texts).map((t) => ({ field, wildcard: `${t.slice(0, 2)}*${t.slice(-1)}` })),
      fc.constantFrom(...texts).map((t) => ({ field, equals: t.length <= 10 ? t.toUpperCase() : t, ignoreCase: true as const })),
      fc.boolean().map((exists) => ({ field, exists })),
    );
  });
  const { condition } = fc.letrec<{ condition: Condition }>((tie) => ({
    condition: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 3, arbitrary: test },
      tie('condition').map((c) => ({ not: c })),
      fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((allOf) => ({ allOf })),
      fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })),
    ),
  }));
  return condition;
}

/**
 * Whether a rule can fire on some audit events and not on others. A rule that fires on every event
 * Kubernetes can write, or on none, is refused by every tool (documented.ts), so the share of rules
 * exported is counted without them.
 */
function notConstant(r: Rule): boolean {
  return typeof specialise(effectiveCondition(r), 'k8s-audit').condition !== 'boolean';
}

/** Catalogue paths the integration makes searchable. */
const mappedPaths = [...new Set(auditFields.map((f) => f.path))].filter((p) => !('reason' in auditElasticField(p)));
const allPaths = [...new Set(auditFields.map((f) => f.path))];

describe.skipIf(skipWhenMissing(haveTraces, reasons.corpora))('Elastic on a cluster audit log, against what the rule means', () => {
  it('reads every Falco trace event', () => {
    expect(events.length).toBeGreaterThanOrEqual(50);
  });

  const handWritten = (): Rule[] => [
    rule('shell-in-pod', { allOf: [{ field: 'objectRef.resource', equals: 'pods' }, { field: 'objectRef.subresource', oneOf: ['exec', 'attach'] }] }),
    // Falco's pod traces were made by the cluster's own ReplicaSet controller, so these rules leave out "unless the cluster did it".
    rule('privileged-pod', {
      allOf: [
        { field: 'objectRef.resource', equals: 'pods' },
        { field: 'verb', equals: 'create' },
        { field: 'requestObject.spec.containers[].securityContext.privileged', equals: true },
      ],
    }, []),
    rule('host-mount', {
      allOf: [
        { field: 'objectRef.resource', equals: 'pods' },
        { field: 'requestObject.spec.volumes[].hostPath.path', oneOf: ['/', '/etc', '/var/run/docker.sock', '/proc'] },
      ],
    }),
    rule('host-network', { allOf: [{ field: 'objectRef.resource', equals: 'pods' }, { field: 'requestObject.spec.hostNetwork', equals: true }] }, []),
    rule('all-secrets-listed', {
      allOf: [{ field: 'objectRef.resource', equals: 'secrets' }, { field: 'verb', oneOf: ['list', 'watch'] }, { not: { field: 'objectRef.namespace', exists: true } }],
    }),
    rule('anonymous-allowed', { field: 'user.username', equals: 'system:anonymous' }, [{ unlessItFailed: true }]),
    rule('node-port', { allOf: [{ field: 'objectRef.resource', equals: 'services' }, { field: 'requestObject.spec.type', equals: 'NodePort' }] }),
    rule('added-powers', {
      allOf: [
        { field: 'objectRef.resource', equals: 'pods' },
        { field: 'requestObject.spec.containers[].securityContext.capabilities.add', oneOf: ['SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE'] },
      ],
    }),
  ];

  it('fires where the trace files say, for the hand-written rules like the templates', () => {
    const firing = (id: string): string[] => {
      const r = handWritten().find((x) => x.id === id)!;
      const detection = elasticTarget.detectionFor(r);
      if (!detection.ok) throw new Error(detection.reason);
      return [...new Set(traces.filter((t) => elasticTarget.match(detection.text, t.event).kind === 'match').map((t) => t.file))];
    };
    expect(firing('shell-in-pod')).toEqual(expect.arrayContaining(['attach_pod.json', 'exec_pod.json']));
    expect(firing('privileged-pod')).toContain('create_nginx_pod_privileged.json');
    expect(firing('privileged-pod')).not.toContain('create_nginx_pod_unprivileged.json');
    expect(firing('host-network')).toEqual(['create_nginx_pod_hostnetwork.json']);
    expect(firing('node-port')).toEqual(['create_nginx_service_nodeport.json']);
  });

  it('agrees with the rule on every trace event and changed copy, for the hand-written rules', () => {
    let checked = 0;
    const wrong: string[] = [];
    for (const r of handWritten()) {
      const result = disagreements(r);
      checked += result.checked;
      wrong.push(...result.wrong);
    }
    console.log(`Elastic, hand-written cluster rules: ${checked} event checks, ${wrong.length} disagreements`);
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  it('says in plain words why each catalogue field it cannot search is refused', () => {
    const refused = allPaths.flatMap((p) => {
      const field = auditElasticField(p);
      return 'reason' in field ? [field.reason] : [];
    });
    console.log(`Elastic cannot search ${refused.length} of ${allPaths.length} catalogue fields`);
    expect(refused.length).toBeGreaterThan(0);
    for (const reason of new Set(refused)) expect(plainWordsProblems(reason, siteGlossary()), reason).toEqual([]);
  });

  it('refuses a binding to cluster-admin, as the integration does not make roleRef searchable, and says so plainly', () => {
    const binding = rule('cluster-admin-binding', {
      allOf: [{ field: 'objectRef.resource', equals: 'clusterrolebindings' }, { field: 'requestObject.roleRef.name', equals: 'cluster-admin' }],
    });
    const detection = elasticTarget.detectionFor(binding);
    expect(detection.ok).toBe(false);
    const reason = detection.ok ? '' : detection.reason;
    expect(reason).toContain('requestObject.roleRef.name');
    expect(plainWordsProblems(reason, siteGlossary())).toEqual([]);
  });

  it('agrees with the rule on random rules over the fields Elastic can search, and exports at least 9 in 10', () => {
    const rules = randomRules(mappedPaths, 29, 400).filter(notConstant);
    let exported = 0;
    let checked = 0;
    const wrong: string[] = [];
    let eql = 0;
    for (const r of rules) {
      const detection = elasticTarget.detectionFor(r);
      if (detection.ok) exported++;
      if (detection.ok && detection.text.startsWith('any where')) eql++;
      const result = disagreements(r);
      checked += result.checked;
      wrong.push(...result.wrong);
    }
    console.log(`Elastic, random cluster rules on searchable fields: exported ${exported} of ${rules.length} (${(exported / rules.length).toFixed(3)}, ${eql} as EQL), ${checked} event checks, ${wrong.length} disagreements`);
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(exported / rules.length).toBeGreaterThanOrEqual(0.9);
  });

  it('agrees with the rule on random rules that ignore case in every text test, which Elastic writes in EQL', () => {
    const folded = (c: Condition): Condition =>
      'not' in c
        ? { not: folded(c.not) }
        : 'allOf' in c
          ? { allOf: c.allOf.map(folded) }
          : 'anyOf' in c
            ? { anyOf: c.anyOf.map(folded) }
            : 'exists' in c
              ? c
              : { ...c, ignoreCase: true };
    const rules = randomRules(mappedPaths, 2929, 200)
      .filter(notConstant)
      .flatMap((r) => parsedRule({ ...r, when: folded(r.when) }) ?? []);
    let eql = 0;
    const wrong: string[] = [];
    for (const r of rules) {
      const detection = elasticTarget.detectionFor(r);
      if (detection.ok && detection.text.startsWith('any where')) eql++;
      wrong.push(...disagreements(r).wrong);
    }
    console.log(`Elastic, random cluster rules ignoring case: ${eql} of ${rules.length} written in EQL, ${wrong.length} disagreements`);
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(eql).toBeGreaterThan(30);
  });

  it('agrees with the rule on random rules over every catalogue field, refusing those on fields it cannot search', () => {
    const rules = randomRules(allPaths, 290, 400).filter(notConstant);
    let exported = 0;
    const wrong: string[] = [];
    const reasonsSeen = new Set<string>();
    for (const r of rules) {
      const detection = elasticTarget.detectionFor(r);
      if (detection.ok) exported++;
      else reasonsSeen.add(detection.reason);
      wrong.push(...disagreements(r).wrong);
    }
    console.log(`Elastic, random cluster rules on every catalogue field: exported ${exported} of ${rules.length} (${(exported / rules.length).toFixed(3)}), ${wrong.length} disagreements`);
    expect(wrong.slice(0, 5)).toEqual([]);
    // The integration keeps 15 of the catalogue's 37 fields out of reach (a role's rules, a
    // binding's role and subjects, setup containers, groups, addresses and images: see the matcher);
    // a rule reading any of them is refused, so fewer than 9 in 10 of these can be exported.
    expect(exported / rules.length).toBeGreaterThanOrEqual(0.65);
    expect(reasonsSeen.size).toBeGreaterThan(0);
  });

  it('writes a Kibana rules file Kibana can import: one JSON rule per line, KQL on the audit-log index, with where the events come from', () => {
    const rules = handWritten();
    const result = elasticTarget.exportRuleSet({ plainsecRules: 1, rules });
    expect(result.refused).toEqual([]);
    const lines = result.files[0]!.content.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const kibanaRules = lines.filter((l) => 'rule_id' in l);
    expect(kibanaRules).toHaveLength(rules.length);
    for (const k of kibanaRules) {
      expect(k).toMatchObject({ type: 'query', language: 'kuery', index: ['logs-kubernetes.audit_logs-*'], enabled: true });
      expect(k['tags']).toEqual(expect.arrayContaining(['Domain: Kubernetes', 'Data Source: Kubernetes']));
      for (const key of ['rule_id', 'name', 'description', 'severity', 'risk_score', 'query', 'interval', 'from']) expect(k[key], key).toBeDefined();
      expect(compileDetection(elasticTarget, k['query'] as string).ok).toBe(true);
      expect(k['query'] as string).toMatch(/^\(*kubernetes\.audit\./);
      expect(k['note'] as string).toContain('Kubernetes audit logs via CloudWatch');
      expect(k['note'] as string).toContain('/aws/eks/<cluster name>/cluster');
    }
    const shell = kibanaRules.find((k) => k['rule_id'] === 'plainsec-shell-in-pod')!;
    expect(shell['query']).toBe(
      '((kubernetes.audit.objectRef.resource: "pods" and kubernetes.audit.objectRef.subresource: ("exec" or "attach")) and not ((kubernetes.audit.user.username: system\\:node\\:* or kubernetes.audit.user.username: system\\:serviceaccount\\:kube-system\\:* or kubernetes.audit.user.username: eks\\:* or kubernetes.audit.user.username: ("system:apiserver" or "system:kube-controller-manager" or "system:kube-scheduler" or "system:kube-proxy"))))',
    );
    expect(plainWordsProblems(String(shell['note']).split('## Assumptions')[0]!, siteGlossary())).toEqual([]);
  });

  it('writes an EQL rule where only EQL can say it (ignoring case in a long text), on the same index', () => {
    const r = rule('kubectl-any-case', { allOf: [{ field: 'verb', equals: 'create' }, { field: 'userAgent', startsWith: 'KUBECTL/V1.', ignoreCase: true }] });
    const lines = elasticTarget.exportRuleSet({ plainsecRules: 1, rules: [r] }).files[0]!.content.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: 'eql', language: 'eql', index: ['logs-kubernetes.audit_logs-*'] });
    expect(lines[0]!['query']).toBe(
      'any where ((kubernetes.audit.verb == "create" and kubernetes.audit.userAgent like~ ("KUBECTL/V1.*", "\\u{212a}UBECTL/V1.*")) and not ((kubernetes.audit.user.username != null and kubernetes.audit.user.username like "system:node:*") or (kubernetes.audit.user.username != null and kubernetes.audit.user.username like "system:serviceaccount:kube-system:*") or (kubernetes.audit.user.username != null and kubernetes.audit.user.username like "eks:*") or (kubernetes.audit.user.username != null and kubernetes.audit.user.username in ("system:apiserver", "system:kube-controller-manager", "system:kube-scheduler", "system:kube-proxy"))))',
    );
    const shell = traces.find((t) => t.file === 'exec_pod.json')!.event;
    expect(elasticTarget.match(String(lines[0]!['query']), { ...shell, verb: 'create', userAgent: 'KubeCtl/v1.31.0' }).kind).toBe('match');
  });

  it('stores an event as the integration does: empty text dropped, a list of containers read as one field, a boolean from true or "true"', () => {
    const doc = auditDocument({
      auditID: 'a',
      verb: 'create',
      objectRef: { resource: 'pods', apiGroup: '' },
      requestObject: { spec: { containers: [{ securityContext: { privileged: 'true' } }, { securityContext: { privileged: false } }], hostNetwork: 'yes' } },
      responseStatus: { code: 201 },
    });
    expect(doc.get('kubernetes.audit.objectRef.apiGroup')).toBeUndefined();
    expect(doc.get('kubernetes.audit.requestObject.spec.containers.securityContext.privileged')).toEqual(['true', 'false']);
    expect(doc.get('kubernetes.audit.requestObject.spec.hostNetwork')).toBeUndefined();
    expect(doc.get('kubernetes.audit.responseStatus.code')).toEqual(['201']);
  });

  it('never fires a cluster rule on a CloudTrail record, nor a CloudTrail rule on an audit event', () => {
    const cluster = elasticTarget.detectionFor(rule('any-create', { field: 'verb', equals: 'create' }, []));
    expect(cluster.ok && elasticTarget.match(cluster.text, { eventVersion: '1.08', verb: 'create', eventName: 'create' }).kind).toBe('no-match');
    expect(elasticTarget.match('user_agent.original: *', events[0]!).kind).toBe('no-match');
  });
});
