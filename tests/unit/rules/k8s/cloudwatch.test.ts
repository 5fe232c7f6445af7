/**
 * The CloudWatch Logs export of rules on a cluster's audit log: a JSON metric filter on the log
 * group EKS writes the audit log to (`/aws/eks/<cluster>/cluster`), where each log event's message
 * is one audit event, and an alarm, in the same Terraform and CloudFormation files as the
 * CloudTrail rules.
 *
 * The proof: on every event of Falco's audit trace files, and on copies changed around each field
 * a rule reads, the filter (read by Plainsec's model of CloudWatch, `matchers/cloudwatch.ts`) fires
 * exactly where the rule does, for hand-written rules like the templates and for random rules
 * drawn from the audit field catalogue. A refusal is not a pass: the export must write its floor
 * of the random rules, and each refusal says why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { matchesCondition, type CloudTrailEvent, type JsonValue } from '../../../../src/lib/rules/canonical.ts';
import { readEventsText } from '../../../../src/lib/rules/event-input.ts';
import { cloudwatchTarget, filterPatternFor } from '../../../../src/lib/rules/exporters/cloudwatch.ts';
import { documentedKindOn, undocumentedShapes } from '../../../../src/lib/rules/fields.ts';
import { listFieldsIn } from '../../../../src/lib/rules/list-paths.ts';
import { compileFilterPattern } from '../../../../src/lib/rules/matchers/cloudwatch.ts';
import { effectiveCondition, ruleSetSchema, type Condition, type Rule, type RuleException, type RuleSet, type Scalar } from '../../../../src/lib/rules/model.ts';
import { sourceOfEvent } from '../../../../src/lib/rules/sources.ts';
import { auditFields, auditValueLists } from '../../../../src/lib/rules/sources/k8s-audit-fields.ts';
import { exportRuleSet } from '../../../../src/lib/rules/targets.ts';
import { installReadme } from '../../../../src/lib/rules/builder/install-readme.ts';
import { plainWordsProblems, siteGlossary } from '../../../support/plain-words.ts';
import { reasons, skipWhenMissing } from '../../../support/skips.ts';
import { corporaDir, valueAt, withValue } from '../support/kit.ts';

// ---------------------------------------------------------------- the corpus and the rules

const traceDir = path.join(corporaDir, 'k8s-audit', 'falco-trace-files');
const haveTraces = existsSync(traceDir);

/** Every audit event in Falco's trace files, with its file; the malformed `{"kind": 0}` is not an audit event and is left out. */
function loadTraceEvents(): { file: string; event: CloudTrailEvent }[] {
  if (!haveTraces) return [];
  return readdirSync(traceDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const read = readEventsText(readFileSync(path.join(traceDir, file), 'utf8'));
      return read.ok ? read.events.filter((e) => sourceOfEvent(e) === 'k8s-audit').map((event) => ({ file, event })) : [];
    });
}
const traces = loadTraceEvents();
const events = traces.map((t) => t.event);

const ruleOf = (rule: Record<string, unknown>): Rule =>
  ruleSetSchema.parse({
    plainsecRules: 1,
    rules: [{ source: 'k8s-audit', title: 'A cluster rule', means: 'Something happened in the cluster.', whatToDo: 'Ask who did it.', urgency: 'look-today', notify: '#security-alerts', exceptions: [], ...rule }],
  }).rules[0]!;

const cluster = [{ unlessDoneByCluster: true }];

/** Rules like the templates, each with "unless the cluster did it". */
const handWritten = {
  shell: ruleOf({
    id: 'shell-in-a-container',
    urgency: 'wake-me-up',
    when: { allOf: [{ field: 'objectRef.resource', equals: 'pods' }, { field: 'objectRef.subresource', oneOf: ['exec', 'attach'] }] },
    exceptions: cluster,
  }),
  privileged: ruleOf({
    id: 'privileged-container',
    when: {
      allOf: [
        { field: 'objectRef.resource', equals: 'pods' },
        { field: 'verb', equals: 'create' },
        { field: 'requestObject.spec.containers[].securityContext.privileged', equals: true },
      ],
    },
    exceptions: cluster,
  }),
  clusterAdmin: ruleOf({
    id: 'cluster-admin-granted',
    urgency: 'wake-me-up',
    when: {
      allOf: [
        { field: 'objectRef.resource', equals: 'clusterrolebindings' },
        { field: 'verb', oneOf: ['create', 'update', 'patch'] },
        { field: 'requestObject.roleRef.name', equals: 'cluster-admin' },
      ],
    },
    exceptions: cluster,
  }),
  secretsEverywhere: ruleOf({
    id: 'secrets-listed-everywhere',
    when: { allOf: [{ field: 'objectRef.resource', equals: 'secrets' }, { field: 'verb', oneOf: ['list', 'watch'] }, { field: 'objectRef.namespace', exists: false }] },
    exceptions: cluster,
  }),
  hostNetwork: ruleOf({
    id: 'pod-on-node-network',
    when: { allOf: [{ field: 'objectRef.resource', equals: 'pods' }, { field: 'verb', equals: 'create' }, { field: 'requestObject.spec.hostNetwork', equals: true }] },
    exceptions: cluster,
  }),
  anonymous: ruleOf({
    id: 'anonymous-request-allowed',
    when: { field: 'user.username', equals: 'system:anonymous' },
    exceptions: [{ unlessItFailed: true }],
  }),
};

// ---------------------------------------------------------------- random rules from the catalogue

/** Values a test on each catalogue path draws: the catalogue's examples, and values seen in the trace files. */
const valuesByPath = new Map<string, Scalar[]>();
for (const f of auditFields) {
  const seen = f.path.includes('[]') ? [] : events.map((e) => valueAt(e, f.path)).filter((v): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
  valuesByPath.set(f.path, [...new Set([...(valuesByPath.get(f.path) ?? []), ...f.examples, ...seen])].slice(0, 16));
}
const paths = [...valuesByPath.keys()];
const bodyResources = [...new Set(auditFields.flatMap((f) => f.resources ?? []))];
const usersSeen = [...new Set(events.map((e) => valueAt(e, 'user.username')).filter((u): u is string => typeof u === 'string'))];

const someValue = (p: string): fc.Arbitrary<Scalar> => fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...valuesByPath.get(p)!) }, { weight: 1, arbitrary: fc.constantFrom<Scalar>('x', 0, true) });
const someText = (p: string): fc.Arbitrary<string> => {
  const texts = valuesByPath.get(p)!.filter((v): v is string => typeof v === 'string' && v.length > 0);
  return texts.length > 0 ? fc.constantFrom(...texts) : fc.constant('system:');
};

const fieldTestArb: fc.Arbitrary<Condition> = fc.constantFrom(...paths).chain((field) =>
  fc.oneof(
    { weight: 4, arbitrary: someValue(field).map((equals) => ({ field, equals })) },
    { weight: 2, arbitrary: fc.uniqueArray(someValue(field), { minLength: 1, maxLength: 3 }).map((oneOf) => ({ field, oneOf })) },
    { weight: 1, arbitrary: someText(field).chain((s) => fc.integer({ min: 1, max: s.length }).map((n) => ({ field, startsWith: s.slice(0, n) }))) },
    { weight: 1, arbitrary: someText(field).chain((s) => fc.integer({ min: 1, max: s.length }).map((n) => ({ field, endsWith: s.slice(s.length - n) }))) },
    {
      weight: 1,
      arbitrary: someText(field).chain((s) =>
        fc.nat({ max: Math.max(0, s.length - 1) }).map((cut) => ({ field, wildcard: s.length > 1 && cut > 0 ? `${s.slice(0, cut)}*` : `*${s.slice(1)}` })),
      ),
    },
    { weight: 2, arbitrary: fc.boolean().map((exists) => ({ field, exists })) },
  ),
);
/** Now and then a text test ignores case, as a rule imported from Sigma does. */
const fieldTestWithCaseArb = fc
  .tuple(fieldTestArb, fc.integer({ min: 0, max: 5 }))
  .map(([test, roll]) => (roll === 0 && 'field' in test && !('exists' in test) ? ({ ...test, ignoreCase: true } as Condition) : test));

const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: fieldTestWithCaseArb },
    { weight: 1, arbitrary: tie('c').map((c) => ({ not: c })) },
    { weight: 2, arbitrary: fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((allOf) => ({ allOf })) },
    { weight: 2, arbitrary: fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })) },
  ),
})).c;

/** The resources whose request body has a field the condition reads. */
const resourcesFor = (c: Condition): string[] => [...new Set(fieldsRead(c).flatMap((p) => auditFields.filter((f) => f.path === p).flatMap((f) => f.resources ?? [])))];

const pinned = (resource: string, c: Condition): Condition => ({ allOf: [{ field: 'objectRef.resource', equals: resource }, c] });

/**
 * A rule that reads a request body names the resource the request is about, as it must (a body
 * field of two resources at once stays unnamed for one of them); half the other rules name one too.
 */
const whenArb: fc.Arbitrary<Condition> = conditionArb.chain((c) => {
  const own = resourcesFor(c);
  if (own.length > 0) return fc.constantFrom(...own).map((resource) => pinned(resource, c));
  return fc.oneof(fc.constant(c), fc.constantFrom(...bodyResources).map((resource) => pinned(resource, c)));
});

const exceptionArb: fc.Arbitrary<RuleException> = fc.oneof(
  fc.constant({ unlessDoneByCluster: true as const }),
  fc.constant({ unlessItFailed: true as const }),
  fc.uniqueArray(fc.constantFrom(...usersSeen, 'alice@example.com'), { minLength: 1, maxLength: 2 }).map((unlessDoneByUsers) => ({ unlessDoneByUsers })),
);

const randomRuleArb: fc.Arbitrary<Rule> = fc
  .record({ when: whenArb, exceptions: fc.uniqueArray(exceptionArb, { maxLength: 2, selector: (e) => Object.keys(e)[0] }) })
  .map(({ when, exceptions }) => ruleOf({ id: 'random-cluster-rule', when, exceptions }));

const randomRuns = 600;
const randomRules: Rule[] = haveTraces ? fc.sample(randomRuleArb, { seed: 29, numRuns: randomRuns }) : [];

// ---------------------------------------------------------------- changed copies of an event

/** The values a rule's tests name on a field, so that changed copies land on both sides of each test. */
function valuesNamed(condition: Condition, field: string): Scalar[] {
  if ('not' in condition) return valuesNamed(condition.not, field);
  if ('allOf' in condition) return condition.allOf.flatMap((c) => valuesNamed(c, field));
  if ('anyOf' in condition) return condition.anyOf.flatMap((c) => valuesNamed(c, field));
  if (condition.field !== field) return [];
  if ('equals' in condition) return [condition.equals];
  if ('oneOf' in condition) return condition.oneOf;
  if ('startsWith' in condition) return [condition.startsWith, `${condition.startsWith}x`];
  if ('endsWith' in condition) return [condition.endsWith, `x${condition.endsWith}`];
  if ('wildcard' in condition) return [condition.wildcard.replace(/\*/g, ''), condition.wildcard.replace(/\*/g, 'ab')];
  return [];
}

function fieldsRead(condition: Condition): string[] {
  if ('not' in condition) return fieldsRead(condition.not);
  if ('allOf' in condition) return [...new Set(condition.allOf.flatMap(fieldsRead))];
  if ('anyOf' in condition) return [...new Set(condition.anyOf.flatMap(fieldsRead))];
  return [condition.field];
}

let droppedCopies = 0;

/**
 * Copies of an event with one field changed: missing, each value the rule names, another case,
 * empty, longer; where Kubernetes documents no kind for the field on this event, also null, a
 * number, true/false, lists and a group. Copies no API server writes (a documented field of
 * another kind) are left out.
 */
function changedCopies(event: CloudTrailEvent, field: string, named: Scalar[]): CloudTrailEvent[] {
  if (field.includes('[]')) return [withValue(event, field.slice(0, field.indexOf('[]')), undefined)];
  const current = valueAt(event, field);
  const kind = documentedKindOn(field, event);
  const text = typeof current === 'string' ? current : typeof named.find((v) => typeof v === 'string') === 'string' ? (named.find((v) => typeof v === 'string') as string) : 'x';
  const sameKind: (JsonValue | undefined)[] =
    kind === 'boolean'
      ? [undefined, true, false]
      : kind === 'number'
        ? [undefined, ...named.filter((v) => typeof v === 'number'), typeof current === 'number' ? current + 1 : 0]
        : [undefined, ...named.filter((v) => typeof v === 'string'), text.toUpperCase(), text.toLowerCase(), '', `${text}x`];
  const anyShape: (JsonValue | undefined)[] = [...named, null, 5, true, [text], [text, 'x'], [], { value: text }, [null, text], [{ value: text }]];
  const variants = kind === undefined ? [...sameKind, ...anyShape] : sameKind;
  return variants.flatMap((v) => {
    const copy = withValue(event, field, v);
    if (undocumentedShapes(copy).length > 0) {
      droppedCopies++;
      return [];
    }
    return [copy];
  });
}

/** The events one rule is compared on: every trace event, and changed copies of each around every field the rule reads. */
function eventsFor(rule: Rule): CloudTrailEvent[] {
  const condition = effectiveCondition(rule);
  const fields = fieldsRead(condition);
  return [...events, ...events.flatMap((e) => fields.flatMap((f) => changedCopies(e, f, valuesNamed(condition, f))))];
}

// ---------------------------------------------------------------- the comparison

type Tally = { tried: number; exported: number; compared: number; reasons: Map<string, number> };
const newTally = (): Tally => ({ tried: 0, exported: 0, compared: 0, reasons: new Map() });
const withoutLists = newTally();
const throughLists = newTally();

/** The first event on which the export and the rule disagree, described; undefined when they agree (or the export refuses, with a reason). */
function disagreement(rule: Rule, tally?: Tally): string | undefined {
  const detection = cloudwatchTarget.detectionFor(rule);
  if (tally) tally.tried++;
  if (!detection.ok) {
    expect(detection.reason.length, `refused ${rule.id} without a reason`).toBeGreaterThan(20);
    const gist = detection.reason.replace(/"[^"]*"/g, '"…"').replace(/\$?[A-Za-z]+(\.[A-Za-z[\]0-9]+)+/g, 'FIELD').slice(0, 100);
    tally?.reasons.set(gist, (tally.reasons.get(gist) ?? 0) + 1);
    return undefined;
  }
  if (tally) tally.exported++;
  const compiled = compileFilterPattern(detection.text);
  if (!compiled.ok) return `the export is not a filter CloudWatch reads (${compiled.reason}):\n${detection.text}`;
  const condition = effectiveCondition(rule);
  for (const event of eventsFor(rule)) {
    if (tally) tally.compared++;
    const fires = compiled.match(event).kind === 'match';
    if (fires === matchesCondition(condition, event)) continue;
    return `CloudWatch ${fires ? 'fires' : 'stays quiet'} where the rule ${fires ? 'does not' : 'fires'}.\nRule: ${JSON.stringify(condition)}\nFilter: ${detection.text}\nEvent: ${JSON.stringify(Object.fromEntries(fieldsRead(condition).map((f) => [f, valueAt(event, f) ?? '(missing)'])))}`;
  }
  return undefined;
}

/** Whether a rule reads a field through a list (`containers[]`) or a field that holds a list of values (`user.groups`). */
const readsAList = (rule: Rule): boolean =>
  listFieldsIn(effectiveCondition(rule)).length > 0 || fieldsRead(effectiveCondition(rule)).some((f) => auditValueLists.includes(f));

/**
 * The share of random rules without lists the export must write, in %: the figure reached when
 * this floor was set (76.8), minus 2 points. Below the 90 the other tools reach, because of what
 * CloudWatch truly cannot say: about half the refusals are tests that ignore case (a JSON filter
 * compares text exactly; its regex, which could spell out both cases, is allowed in at most five
 * filters per log group), a third are rules that contradict themselves (no tool writes those),
 * and the rest a request body's field in a rule that reads the bodies of two kinds of resource.
 * Rules that read a list are counted apart: CloudWatch writes one only where the list test drops
 * out of the rule (see the test that refuses them).
 */
const floorWithoutLists = 74.5;

afterAll(() => {
  if (!haveTraces) return;
  const share = (t: Tally) => ((100 * t.exported) / Math.max(1, t.tried)).toFixed(1);
  console.log(
    `CloudWatch, cluster rules: exported ${withoutLists.exported} of ${withoutLists.tried} random rules without lists (${share(withoutLists)}%), ` +
      `${throughLists.exported} of ${throughLists.tried} through lists; ${withoutLists.compared + throughLists.compared} comparisons, ${droppedCopies} changed copies left out as no API server writes them`,
  );
  for (const [gist, n] of [...withoutLists.reasons].sort((a, b) => b[1] - a[1])) console.log(`  refused without lists ${n}×: ${gist}`);
});

describe.skipIf(skipWhenMissing(haveTraces, reasons.corpora))('the CloudWatch filter of a cluster rule fires exactly when the rule does', () => {
  it('reads the audit events of Falco’s trace files', () => {
    expect(traces.length).toBe(51);
    expect(new Set(traces.map((t) => t.file)).size).toBe(46);
  });

  it.each(Object.entries(handWritten))('%s: agrees with the rule on every trace event and every changed copy', (_name, rule) => {
    expect(disagreement(rule)).toBeUndefined();
  });

  it('fires on the trace files Falco’s own rules fire on, and stays quiet where the cluster did it', () => {
    const firesOn = (rule: Rule) => {
      const detection = cloudwatchTarget.detectionFor(rule);
      if (!detection.ok) throw new Error(detection.reason);
      return traces.filter((t) => cloudwatchTarget.match(detection.text, t.event).kind === 'match').map((t) => t.file);
    };
    expect(firesOn(handWritten.shell)).toEqual(['attach_pod.json', 'exec_pod.json']);
    expect(firesOn(handWritten.clusterAdmin)).toEqual(['attach_cluster_admin_role.json']);
    expect(firesOn(handWritten.anonymous)).toEqual(['anonymous_creates_namespace_foo.json']);
    // The host-network pod in the trace files was made by a controller in kube-system: the cluster itself.
    expect(firesOn(handWritten.hostNetwork)).toEqual([]);
    expect(firesOn({ ...handWritten.hostNetwork, exceptions: [] })).toEqual(['create_nginx_pod_hostnetwork.json']);
  });

  it(`random rules from the audit field catalogue (${randomRuns}, seed 29): no disagreement, and at least ${floorWithoutLists}% of those without lists exported`, () => {
    for (const rule of randomRules) {
      const through = readsAList(rule);
      const found = disagreement(rule, through ? throughLists : withoutLists);
      expect(found, `rule ${JSON.stringify({ when: rule.when, exceptions: rule.exceptions })}`).toBeUndefined();
    }
    expect(withoutLists.tried).toBeGreaterThan(200);
    expect((100 * withoutLists.exported) / withoutLists.tried).toBeGreaterThanOrEqual(floorWithoutLists);
  });
});

// ---------------------------------------------------------------- what the filter says

describe('the filter of a cluster rule', () => {
  it('names the audit event’s own fields, says "unless the cluster did it" with "missing" once, and fits in 1024 characters', () => {
    const result = filterPatternFor(handWritten.shell);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.text).toBe(
      '{ $.objectRef.resource = "pods" && ($.objectRef.subresource = "exec" || $.objectRef.subresource = "attach") && ' +
        '($.user.username NOT EXISTS || ($.user.username != "system:node:*" && $.user.username != "system:serviceaccount:kube-system:*" && $.user.username != "eks:*" && ' +
        '$.user.username != "system:apiserver" && $.user.username != "system:kube-controller-manager" && $.user.username != "system:kube-scheduler" && $.user.username != "system:kube-proxy")) }',
    );
    expect(result.notes.join('\n')).toContain('assumes user.username is always text where present, as Kubernetes documents it');
  });

  it('compares the response code as a number, and true/false as true/false', () => {
    const rule = ruleOf({ id: 'pod-on-node-network', when: { allOf: [{ field: 'objectRef.resource', equals: 'pods' }, { field: 'requestObject.spec.hostNetwork', equals: true }] }, exceptions: [{ unlessItFailed: true }] });
    const result = filterPatternFor(rule);
    expect(result.ok && result.text).toContain('$.requestObject.spec.hostNetwork IS TRUE');
    expect(result.ok && result.text).toContain('$.responseStatus.code = 201 ||');
  });

  it('refuses "any container is privileged" and "one of the groups", since a filter names one item of a list by its place', () => {
    expect(filterPatternFor(handWritten.privileged)).toEqual({
      ok: false,
      reason:
        'CloudWatch Logs names one item of a list by its place ($.requestObject.spec.containers[0].securityContext.privileged), never any item. So it cannot test requestObject.spec.containers[].securityContext.privileged, which reads every item of a list. Use the Falco, Sigma, Elastic or Splunk file for this rule: they read every item, as the rule does.',
    });
    const masters = ruleOf({ id: 'cluster-master-acted', when: { field: 'user.groups', equals: 'system:masters' } });
    expect(filterPatternFor(masters)).toMatchObject({ ok: false, reason: expect.stringContaining('($.user.groups[0]), never any item. So it cannot test user.groups, which holds a list of values.') });
    expect(filterPatternFor(ruleOf({ id: 'from-an-address', when: { field: 'sourceIPs', equals: '203.0.113.10' } }))).toMatchObject({ ok: false });
  });

  it('refuses a pod’s field until the rule says the request is about pods', () => {
    const unpinned = ruleOf({ id: 'node-network', when: { field: 'requestObject.spec.hostNetwork', equals: true } });
    expect(filterPatternFor(unpinned)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Kubernetes says what requestObject\.spec\.hostNetwork holds only in requests about pods\. .* Add a test that objectRef\.resource is pods/),
    });
    expect(filterPatternFor(handWritten.hostNetwork).ok).toBe(true);
  });

  it('says each refusal of a cluster rule in plain words', () => {
    const rules = [handWritten.privileged, ruleOf({ id: 'cluster-master-acted', when: { field: 'user.groups', equals: 'system:masters' } }), ruleOf({ id: 'node-network', when: { field: 'requestObject.spec.hostNetwork', equals: true } }), ruleOf({ id: 'annotated', when: { field: 'annotations', exists: true } })];
    const refusals = rules.map((r) => filterPatternFor(r)).map((r) => (r.ok ? 'exported' : r.reason));
    expect(refusals.flatMap((text) => plainWordsProblems(text, siteGlossary()))).toEqual([]);
  });

  it('refuses a test that ignores case, pointing to tools that read the audit log', () => {
    const rule = ruleOf({ id: 'admin-user', when: { field: 'user.username', equals: 'Admin', ignoreCase: true } });
    expect(filterPatternFor(rule)).toMatchObject({ ok: false, reason: expect.stringContaining('use Sigma or Elastic for this rule') });
  });

  it('fires on an audit event pasted as EKS writes it to CloudWatch Logs', () => {
    const event = { kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: 'a1', stage: 'ResponseComplete', verb: 'create', user: { username: 'alice@example.com', groups: ['system:authenticated'] }, objectRef: { resource: 'pods', subresource: 'exec', namespace: 'production', name: 'web-0' }, responseStatus: { code: 101 } };
    const line = JSON.stringify({ events: [{ logStreamName: 'kube-apiserver-audit-0123', timestamp: 1764496800000, message: JSON.stringify(event) }] });
    const read = readEventsText(line);
    expect(read.ok).toBe(true);
    const detection = cloudwatchTarget.detectionFor(handWritten.shell);
    if (!read.ok || !detection.ok) return;
    expect(cloudwatchTarget.match(detection.text, read.events[0]!)).toEqual({ kind: 'match' });
    expect(cloudwatchTarget.match(detection.text, { ...read.events[0]!, user: { username: 'system:node:ip-10-0-1-2' } })).toEqual({ kind: 'no-match' });
  });
});

// ---------------------------------------------------------------- the files

const cloudTrailRule = ruleSetSchema.parse({
  plainsecRules: 1,
  rules: [{ id: 'server-started', title: 'A server was started', means: 'm', whatToDo: 'w', when: { field: 'eventName', equals: 'RunInstances' }, urgency: 'fyi', notify: '#security-alerts' }],
}).rules[0]!;
const clusterOnly: RuleSet = { plainsecRules: 1, rules: [handWritten.shell, handWritten.clusterAdmin, handWritten.privileged] };
const mixed: RuleSet = { plainsecRules: 1, rules: [cloudTrailRule, handWritten.shell] };
const fileOf = (set: RuleSet, name: string) => JSON.parse(exportRuleSet(set, ['cloudwatch']).files.find((f) => f.path === `cloudwatch/${name}`)!.content) as Record<string, any>;

describe('the Terraform and CloudFormation files of cluster rules', () => {
  it('put each cluster rule’s filter on /aws/eks/<cluster>/cluster and ask for the cluster’s name, not for a CloudTrail log group', () => {
    const tf = fileOf(clusterOnly, 'main.tf.json');
    expect(Object.keys(tf['variable'])).toContain('eks_cluster_name');
    expect(Object.keys(tf['variable'])).not.toContain('cloudtrail_log_group_name');
    const filters = Object.values(tf['resource']['aws_cloudwatch_log_metric_filter']) as { log_group_name: string }[];
    expect(filters.map((f) => f.log_group_name)).toEqual(['/aws/eks/${var.eks_cluster_name}/cluster', '/aws/eks/${var.eks_cluster_name}/cluster']);
    const cfn = fileOf(clusterOnly, 'template.json');
    expect(Object.keys(cfn['Parameters'])).toContain('EksClusterName');
    expect(Object.keys(cfn['Parameters'])).not.toContain('CloudTrailLogGroupName');
    expect(cfn['Resources']['FilterShellInAContainer']['Properties']['LogGroupName']).toEqual({ 'Fn::Sub': '/aws/eks/${EksClusterName}/cluster' });
  });

  it('put CloudTrail and cluster rules side by side, each on its own log group, with one set of topics', () => {
    const tf = fileOf(mixed, 'main.tf.json');
    expect(Object.keys(tf['variable']).slice(0, 2)).toEqual(['cloudtrail_log_group_name', 'eks_cluster_name']);
    expect(tf['resource']['aws_cloudwatch_log_metric_filter']['rule_server_started']['log_group_name']).toBe('${var.cloudtrail_log_group_name}');
    expect(tf['resource']['aws_cloudwatch_log_metric_filter']['rule_shell_in_a_container']['log_group_name']).toBe('/aws/eks/${var.eks_cluster_name}/cluster');
    const cfn = fileOf(mixed, 'template.json');
    expect(cfn['Description']).toContain('on the CloudTrail log group and the EKS cluster’s audit log');
    expect(cfn['Resources']['FilterServerStarted']['Properties']['LogGroupName']).toEqual({ Ref: 'CloudTrailLogGroupName' });
  });

  it('leave a CloudTrail-only set as it was: no cluster name asked for', () => {
    const text = exportRuleSet({ plainsecRules: 1, rules: [cloudTrailRule] }, ['cloudwatch']).files.map((f) => f.content).join('\n');
    expect(text).not.toMatch(/eks|Eks/);
  });

  it('are accepted by cfn-lint, which finds a parameter the log group names but the template does not declare', () => {
    const found = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
    if (skipWhenMissing(found.status === 0, 'no cfn-lint on PATH (pip install cfn-lint)')) return;
    const dir = mkdtempSync(path.join(tmpdir(), 'plainsec-cfn-'));
    try {
      const broken = fileOf(clusterOnly, 'template.json');
      delete broken['Parameters']['EksClusterName'];
      const files = { 'cluster.json': fileOf(clusterOnly, 'template.json'), 'mixed.json': fileOf(mixed, 'template.json'), 'broken.json': broken };
      for (const [name, template] of Object.entries(files)) writeFileSync(path.join(dir, name), JSON.stringify(template, null, 2));
      const run = spawnSync('cfn-lint', ['--format', 'json', ...Object.keys(files).map((n) => path.join(dir, n))], { encoding: 'utf8', timeout: 120_000 });
      const findings = JSON.parse(run.stdout || '[]') as { Filename: string; Rule: { Id: string } }[];
      expect(findings.filter((f) => !f.Filename.endsWith('broken.json'))).toEqual([]);
      expect(findings.filter((f) => f.Filename.endsWith('broken.json')).map((f) => f.Rule.Id)).toContain('E1019');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});

describe('the zip README for cluster rules', () => {
  const { files, refused } = exportRuleSet(clusterOnly, ['cloudwatch']);
  const readme = installReadme(files, refused, clusterOnly, 'https://plainsec.example');
  const part = readme.slice(readme.indexOf('Rules on your cluster'), readme.indexOf('\n\n', readme.indexOf('Rules on your cluster')));

  it('says which log group the cluster rules read, what to fill in, where to deploy, and that audit logging must be on', () => {
    expect(part).toContain('(shell-in-a-container, cluster-admin-granted) read the log group EKS writes it to, /aws/eks/<cluster name>/cluster');
    expect(part).toContain('eks_cluster_name in Terraform, EksClusterName in CloudFormation');
    expect(part).toContain('deploy in the cluster’s region');
    expect(part).toContain('https://plainsec.example/guides/start-somewhere/turning-on-the-cluster-audit-log/');
  });

  it('is in plain words', () => {
    expect(plainWordsProblems(part, siteGlossary())).toEqual([]);
  });

  it('says nothing of clusters for a CloudTrail-only set', () => {
    const set: RuleSet = { plainsecRules: 1, rules: [cloudTrailRule] };
    const out = exportRuleSet(set, ['cloudwatch']);
    expect(installReadme(out.files, out.refused, set)).not.toContain('cluster');
  });
});
