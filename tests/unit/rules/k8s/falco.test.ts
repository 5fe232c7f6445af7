/**
 * Falco on a cluster's audit log: the export writes a `k8s_audit` rule with the k8saudit plugin's
 * `ka.*` fields, and the matcher reads an audit event as that plugin and libsinsp do. The proof:
 * the matcher reads Falco's own k8s audit rules as the corpus expects; Plainsec rules written like
 * Falco's fire where Falco's fire; and on every trace event and changed copies of them, the export
 * fires exactly when the rule means it, for hand-written and random rules.
 */
import { reasons, skipWhenMissing } from '../../../support/skips.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv from 'ajv';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { matchesCondition, valuesAt, type CloudTrailEvent, type JsonValue } from '../../../../src/lib/rules/canonical.ts';
import { effectiveCondition, fieldsOf, type Condition, type Rule, type RuleException, type Scalar } from '../../../../src/lib/rules/model.ts';
import { checkRuleSetValue, formatRuleSetError } from '../../../../src/lib/rules/rule-set.ts';
import { sourceOfEvent } from '../../../../src/lib/rules/sources.ts';
import { auditField, auditFields } from '../../../../src/lib/rules/sources/k8s-audit-fields.ts';
import { documentedKindOn, undocumentedShapes } from '../../../../src/lib/rules/fields.ts';
import { exportFalco, falcoTarget } from '../../../../src/lib/rules/exporters/falco.ts';
import { falcoFieldsOf, parseFalcoRulesFile } from '../../../../src/lib/rules/matchers/falco.ts';
import { compileFalcoK8s } from '../../../../src/lib/rules/matchers/k8s-audit/falco.ts';
import { yamlText } from '../../../../src/lib/rules/yaml-text.ts';
import { withValue } from '../support/kit.ts';
import { plainWordsProblems, siteGlossary } from '../../../support/plain-words.ts';

const corpus = path.resolve(process.cwd(), '../shared/corpora/k8s-audit');
const traceDir = path.join(corpus, 'falco-trace-files');
const schemaFile = path.resolve(process.cwd(), '../shared/corpora/falco/falco-rules-schema.json');
const haveCorpus = existsSync(traceDir) && existsSync(path.join(corpus, 'falco-k8saudit-rules.yaml')) && existsSync(schemaFile);

/** Every line of every trace file that is JSON, with its file (one file holds six events, one is not an event). */
const traces: { file: string; event: CloudTrailEvent }[] = haveCorpus
  ? readdirSync(traceDir)
      .sort()
      .flatMap((file) =>
        readFileSync(path.join(traceDir, file), 'utf8')
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => ({ file, event: JSON.parse(line) as CloudTrailEvent })),
      )
  : [];
const auditEvents = traces.map((t) => t.event).filter((e) => sourceOfEvent(e) === 'k8s-audit');

function parsedRule(input: Record<string, unknown>): Rule {
  const checked = checkRuleSetValue({
    plainsecRules: 1,
    rules: [{ id: 'k8s-rule', source: 'k8s-audit', title: 'A cluster rule', means: 'Something happened in the cluster.', whatToDo: 'Ask who did it.', urgency: 'wake-me-up', notify: '#security-alerts', exceptions: [], ...input }],
  });
  if (!checked.ok) throw new Error(checked.errors.map(formatRuleSetError).join('\n'));
  return checked.ruleSet.rules[0]!;
}

const cluster: RuleException = { unlessDoneByCluster: true };
const isPods = { field: 'objectRef.resource', equals: 'pods' } as const;
const creates = { field: 'verb', equals: 'create' } as const;

const complete = { field: 'stage', equals: 'ResponseComplete' } as const;
const noSubresource = { not: { field: 'objectRef.subresource', exists: true } } as const;
const sensitiveFolders = ['/proc', '/var/run/docker.sock', '/', '/etc', '/root', '/var/run/crio/crio.sock', '/run/containerd/containerd.sock', '/home/admin', '/var/lib/kubelet', '/var/lib/kubelet/pki', '/etc/kubernetes', '/etc/kubernetes/manifests'];

/**
 * Rules like the templates. Those that say what one of Falco's rules says name it, with the fields
 * both read the same way (changed copies change only those: Falco's rules also leave out some
 * images, and read "allowed" from an annotation a rule cannot name).
 */
const handWritten: Record<string, { when: Condition; falco?: { rule: string; same: string[] } }> = {
  'shell in a container': {
    when: { allOf: [isPods, { field: 'objectRef.subresource', oneOf: ['exec', 'attach'] }, creates, { field: 'stage', equals: 'ResponseStarted' }] },
    falco: { rule: 'Attach/Exec Pod', same: ['objectRef.resource', 'objectRef.subresource', 'verb', 'stage'] },
  },
  'privileged container': {
    when: {
      allOf: [
        isPods,
        noSubresource,
        creates,
        complete,
        { anyOf: [{ field: 'requestObject.spec.containers[].securityContext.privileged', equals: true }, { field: 'requestObject.spec.initContainers[].securityContext.privileged', equals: true }] },
      ],
    },
    falco: {
      rule: 'Create Privileged Pod',
      same: ['objectRef.resource', 'objectRef.subresource', 'verb', 'stage', 'requestObject.spec.containers[].securityContext.privileged', 'requestObject.spec.initContainers[].securityContext.privileged'],
    },
  },
  'host network': {
    when: { allOf: [isPods, noSubresource, creates, complete, { field: 'requestObject.spec.hostNetwork', equals: true }] },
    falco: { rule: 'Create HostNetwork Pod', same: ['objectRef.resource', 'objectRef.subresource', 'verb', 'stage', 'requestObject.spec.hostNetwork'] },
  },
  'sensitive folder of the node': {
    when: { allOf: [isPods, noSubresource, creates, complete, { field: 'requestObject.spec.volumes[].hostPath.path', oneOf: sensitiveFolders }] },
    falco: { rule: 'Create Sensitive Mount Pod', same: ['objectRef.resource', 'objectRef.subresource', 'verb', 'stage', 'requestObject.spec.volumes[].hostPath.path'] },
  },
  'folder of the node': {
    when: {
      allOf: [
        isPods,
        noSubresource,
        creates,
        { anyOf: [{ field: 'requestObject.spec.volumes[].hostPath.path', oneOf: ['/', '/etc', '/root'] }, { field: 'requestObject.spec.volumes[].hostPath.path', startsWith: '/var/lib/kubelet' }] },
      ],
    },
  },
  'cluster-admin binding': {
    when: { allOf: [{ field: 'objectRef.resource', equals: 'clusterrolebindings' }, creates, complete, { field: 'requestObject.roleRef.name', equals: 'cluster-admin' }] },
    falco: { rule: 'Attach to cluster-admin Role', same: ['objectRef.resource', 'verb', 'stage', 'requestObject.roleRef.name'] },
  },
  'role with wildcard': {
    when: {
      allOf: [
        { field: 'objectRef.resource', oneOf: ['roles', 'clusterroles'] },
        creates,
        complete,
        { anyOf: [{ field: 'requestObject.rules[].resources', equals: '*' }, { field: 'requestObject.rules[].verbs', equals: '*' }] },
      ],
    },
    falco: { rule: 'ClusterRole With Wildcard Created', same: ['objectRef.resource', 'verb', 'stage', 'requestObject.rules[].resources', 'requestObject.rules[].verbs'] },
  },
  'role with pods/exec': {
    when: { allOf: [{ field: 'objectRef.resource', oneOf: ['roles', 'clusterroles'] }, creates, complete, { field: 'requestObject.rules[].resources', equals: 'pods/exec' }] },
    falco: { rule: 'ClusterRole With Pod Exec Created', same: ['objectRef.resource', 'verb', 'stage', 'requestObject.rules[].resources'] },
  },
  'secrets listed across namespaces': {
    when: { allOf: [{ field: 'objectRef.resource', equals: 'secrets' }, { field: 'verb', oneOf: ['list', 'watch'] }, { not: { field: 'objectRef.namespace', exists: true } }] },
  },
  'NodePort service': {
    when: { allOf: [{ field: 'objectRef.resource', equals: 'services' }, creates, complete, { field: 'requestObject.spec.type', equals: 'NodePort' }] },
    falco: { rule: 'Create NodePort Service', same: ['objectRef.resource', 'verb', 'stage', 'requestObject.spec.type'] },
  },
  'pod in a system namespace': {
    when: { allOf: [isPods, noSubresource, creates, complete, { field: 'objectRef.namespace', oneOf: ['kube-system', 'kube-public'] }] },
    falco: { rule: 'Pod Created in Kube Namespace', same: ['objectRef.resource', 'objectRef.subresource', 'verb', 'stage', 'objectRef.namespace'] },
  },
  'admin group at work': {
    when: { allOf: [{ field: 'user.groups', equals: 'system:masters' }, { field: 'verb', oneOf: ['create', 'delete', 'patch'] }, { field: 'objectRef.apiGroup', equals: 'rbac.authorization.k8s.io' }] },
  },
  'anonymous request': {
    when: { allOf: [{ field: 'user.username', equals: 'system:anonymous' }, complete, { field: 'responseStatus.code', oneOf: [200, 201, 202, 204] }] },
    falco: { rule: 'Anonymous Request Allowed', same: ['user.username', 'stage'] },
  },
};
const ruleFor = (name: string, exceptions: RuleException[] = []): Rule =>
  parsedRule({ id: name.replace(/[^a-z0-9]+/gi, '-').toLowerCase(), title: `Someone: ${name}`, when: handWritten[name]!.when, exceptions });

const textOf = (rule: Rule): string => {
  const d = falcoTarget.detectionFor(rule);
  if (!d.ok) throw new Error(`${rule.id}: ${d.reason}`);
  return d.text;
};
const conditionOf = (text: string): string => (parse(text) as Array<Record<string, unknown>>).find((e) => 'rule' in e)!.condition as string;

describe('Falco writes a rule on a cluster audit log', () => {
  const shell = ruleFor('shell in a container', [cluster, { unlessItFailed: true }]);

  it('writes a k8s_audit rule with the plugin fields, who was left out and what was allowed', () => {
    const doc = parse(textOf(shell)) as Array<Record<string, unknown>>;
    const entry = doc.find((e) => 'rule' in e)!;
    expect(entry).toMatchObject({ rule: shell.title, source: 'k8s_audit', priority: 'CRITICAL' });
    expect(entry.condition).toBe(
      '(ka.target.resource = "pods" and ka.target.subresource in ("exec", "attach") and ka.verb = "create" and ka.stage = "ResponseStarted")' +
        ' and not (ka.user.name startswith "system:node:" or ka.user.name startswith "system:serviceaccount:kube-system:" or ka.user.name startswith "eks:"' +
        ' or ka.user.name in ("system:apiserver", "system:kube-controller-manager", "system:kube-scheduler", "system:kube-proxy"))' +
        ' and ka.response.code in ("100", "101", "200", "201", "202", "204")',
    );
    expect(entry.output).toBe(`${shell.title} (rule=${shell.id} user=%ka.user.name verb=%ka.verb resource=%ka.target.resource namespace=%ka.target.namespace name=%ka.target.name)`);
  });

  it('asks for the k8saudit plugin or, on EKS, k8saudit-eks, and a newer one only for setup containers', () => {
    const versions = (rule: Rule) => (parse(textOf(rule)) as Array<Record<string, unknown>>).find((e) => 'required_plugin_versions' in e)!.required_plugin_versions;
    expect(versions(shell)).toEqual([
      { name: 'k8saudit', version: '0.7.0', alternatives: [{ name: 'k8saudit-eks', version: '0.5.0' }] },
      { name: 'json', version: '0.7.0' },
    ]);
    expect(versions(ruleFor('privileged container'))).toEqual([
      { name: 'k8saudit', version: '0.18.0', alternatives: [{ name: 'k8saudit-eks', version: '0.12.0' }] },
      { name: 'json', version: '0.7.0' },
    ]);
    expect(textOf(shell)).toContain('# On EKS, load the k8saudit-eks plugin instead of k8saudit');
  });

  it('reads lists through the plugin list fields, and the start of a node folder through its own test', () => {
    expect(conditionOf(textOf(ruleFor('role with wildcard')))).toContain('(ka.req.role.rules.resources intersects ("*") or ka.req.role.rules.verbs intersects ("*"))');
    expect(conditionOf(textOf(ruleFor('privileged container')))).toContain('ka.req.pod.containers.privileged intersects ("true")');
    expect(conditionOf(textOf(ruleFor('folder of the node')))).toContain('ka.req.volume.hostpath[/var/lib/kubelet*] = "true"');
    expect(conditionOf(textOf(ruleFor('admin group at work')))).toContain('ka.user.groups intersects ("system:masters") and ka.verb in ("create", "delete", "patch") and jevt.value[/objectRef/apiGroup] = "rbac.authorization.k8s.io"');
  });

  it('refuses what the plugin cannot read exactly, and says why in plain words', () => {
    const refusal = (when: Condition): string => {
      const d = falcoTarget.detectionFor(parsedRule({ when }));
      return d.ok ? `exported: ${d.text}` : d.reason;
    };
    const reasons = [
      [refusal({ field: 'sourceIPs', equals: '203.0.113.10' }), 'cannot read the address a request came from'],
      [refusal({ allOf: [isPods, { field: 'requestObject.spec.containers[].securityContext.capabilities.add', equals: 'SYS_ADMIN' }] }), 'as one piece of text'],
      [refusal({ allOf: [isPods, { field: 'requestObject.spec.containers[].image', equals: 'nginx' }] }), 'when one container of the pod names none'],
      [refusal({ allOf: [{ field: 'objectRef.resource', equals: 'rolebindings' }, { field: 'requestObject.subjects[].name', equals: 'alice' }] }), 'only by their kind'],
      [refusal({ field: 'user.groups', startsWith: 'system:' }), 'only with whole values'],
      [refusal({ field: 'user.groups', equals: 'Admins', ignoreCase: true }), 'cannot ignore case there'],
      [refusal({ field: 'requestObject.spec.hostNetwork', equals: true }), 'Name the kind of thing with objectRef.resource'],
      [refusal({ field: 'verb', equals: 'CREATE', ignoreCase: true }), 'It cannot do that for verb here'],
      [refusal({ allOf: [isPods, { field: 'requestObject.spec.containers[].ports[].hostPort', equals: 8080 }] }), 'none of them reads requestObject.spec.containers[].ports[].hostPort item by item'],
    ] as const;
    const glossary = siteGlossary();
    for (const [reason, gist] of reasons) {
      expect(reason).toContain(gist);
      expect(plainWordsProblems(reason, glossary), reason).toEqual([]);
    }
  });

  it('keeps CloudTrail rules as they were, and writes each source to its own file', () => {
    const cloudTrail = parsedRule({ source: undefined, id: 'launch-by-hand', when: { field: 'eventName', equals: 'RunInstances' } });
    const alone = exportFalco({ plainsecRules: 1, rules: [cloudTrail] });
    const both = exportFalco({ plainsecRules: 1, rules: [cloudTrail, shell] });
    expect(alone.files.map((f) => f.path)).toEqual(['falco/plainsec_cloudtrail_rules.yaml', 'falco/falcosidekick.yaml', 'falco/README.md']);
    expect(both.files.map((f) => f.path)).toEqual(['falco/plainsec_cloudtrail_rules.yaml', 'falco/plainsec_k8s_audit_rules.yaml', 'falco/falcosidekick.yaml', 'falco/README.md']);
    expect(both.files[0]!.content).toBe(alone.files[0]!.content);
    expect(both.files.find((f) => f.path.endsWith('README.md'))!.content).toContain('`plainsec_k8s_audit_rules.yaml` holds the rules for your cluster');
    expect(both.refused).toEqual([]);
  });

  it('never fires on what the plugin does not take as an audit event', () => {
    const text = textOf(parsedRule({ when: { not: { field: 'verb', equals: 'get' } } }));
    const event: CloudTrailEvent = { kind: 'Event', auditID: 'a', verb: 'create', stageTimestamp: '2026-11-30T10:00:00.000000Z' };
    expect(falcoTarget.match(text, event).kind).toBe('match');
    expect(falcoTarget.match(text, { kind: 0 }).kind).toBe('no-match');
    expect(falcoTarget.match(text, { ...event, stageTimestamp: 'yesterday' }).kind).toBe('no-match');
  });
});

describe('the matcher reads an audit event as the k8saudit plugin does', () => {
  const pod = (spec: JsonValue, over: Record<string, JsonValue> = {}): CloudTrailEvent => ({
    kind: 'Event',
    auditID: 'a',
    stageTimestamp: '2026-11-30T10:00:00.000000Z',
    verb: 'create',
    objectRef: { resource: 'pods', namespace: 'default' },
    user: { username: 'alice', groups: ['developers'] },
    sourceIPs: ['203.0.113.10'],
    responseStatus: { code: 201 },
    requestObject: { spec },
    ...over,
  });
  const fires = (condition: string, event: CloudTrailEvent): string => {
    const compiled = compileFalcoK8s(yamlText([{ rule: 'r', desc: 'd', condition, output: 'o', priority: 'NOTICE', source: 'k8s_audit' }]));
    if (!compiled.ok) throw new Error(compiled.reason);
    const result = compiled.match(event);
    return result.kind === 'invalid' ? `invalid: ${result.reason}` : result.kind;
  };

  it('gives numbers and true/false as their text', () => {
    expect(fires('ka.response.code = "201"', pod({}))).toBe('match');
    expect(fires('ka.req.pod.host_network = "true"', pod({ hostNetwork: true }))).toBe('match');
  });

  it('reads each container\'s added powers as the text of its list, and the addresses inside the request body', () => {
    const caps = pod({ containers: [{ securityContext: { capabilities: { add: ['SYS_ADMIN', 'NET_ADMIN'] } } }] });
    expect(fires('ka.req.pod.containers.add_capabilities intersects ("SYS_ADMIN")', caps)).toBe('no-match');
    expect(fires('ka.req.pod.containers.add_capabilities intersects (\'["SYS_ADMIN","NET_ADMIN"]\')', caps)).toBe('match');
    expect(fires('ka.sourceips exists', pod({}))).toBe('no-match');
    expect(fires('ka.sourceips intersects ("10.0.0.1")', pod({}, { requestObject: { rules: [{ sourceIPs: ['10.0.0.1'] }] } }))).toBe('match');
  });

  it('has no value for an empty list, nor for images when one container names none', () => {
    expect(fires('ka.user.groups exists', pod({}, { user: { username: 'alice', groups: [] } }))).toBe('no-match');
    expect(fires('ka.req.pod.containers.privileged exists', pod({ containers: [] }))).toBe('no-match');
    expect(fires('ka.req.pod.containers.image exists', pod({ containers: [{ image: 'nginx' }] }))).toBe('match');
    expect(fires('ka.req.pod.containers.image exists', pod({ containers: [{ image: 'nginx' }, { name: 'x' }] }))).toBe('no-match');
  });

  it('compares a list field only with exists, in (every item) and intersects (some item)', () => {
    const two = pod({}, { user: { username: 'alice', groups: ['a', 'b'] } });
    expect(fires('ka.user.groups intersects ("a")', two)).toBe('match');
    expect(fires('ka.user.groups in ("a")', two)).toBe('no-match');
    expect(fires('ka.user.groups in ("a", "b", "c")', two)).toBe('match');
    expect(fires('ka.user.groups = "a"', two)).toContain('invalid');
  });

  it('reads every container, a list inside the list and a group where the list could be', () => {
    const privileged = { securityContext: { privileged: true } };
    for (const containers of [[{}, privileged], [[privileged]], privileged] as JsonValue[])
      expect(fires('ka.req.pod.containers.privileged intersects ("true")', pod({ containers })), JSON.stringify(containers)).toBe('match');
  });

  it('reads no field of an event without an audit ID, and takes the first item of a list by its index', () => {
    const { auditID, ...rest } = pod({ volumes: [{ hostPath: { path: '/etc' } }, { hostPath: { path: '/root' } }] });
    void auditID;
    expect(fires('ka.verb exists', rest as CloudTrailEvent)).toBe('no-match');
    expect(fires('ka.req.pod.volumes.hostpath[1] intersects ("/root")', pod({ volumes: [{ hostPath: { path: '/etc' } }, { hostPath: { path: '/root' } }] }))).toBe('match');
    expect(fires('ka.req.pod.volumes.hostpath[0] intersects ("/root")', pod({ volumes: [{ hostPath: { path: '/etc' } }, { hostPath: { path: '/root' } }] }))).toBe('no-match');
  });
});

// ------------------------------------------------------------------ against the corpus

/** Falco's own k8s audit rules, each alone in a file with every macro and list, as the matcher reads one rule. */
function officialRules(): Map<string, { text: string; enabled: boolean }> {
  const doc = parse(readFileSync(path.join(corpus, 'falco-k8saudit-rules.yaml'), 'utf8')) as Array<Record<string, unknown>>;
  const definitions = doc.filter((d) => 'macro' in d || 'list' in d);
  return new Map(doc.filter((d) => 'rule' in d).map((r) => [r.rule as string, { text: yamlText([...definitions, { ...r, enabled: true }]), enabled: r.enabled !== false }]));
}

/**
 * From expected-rules.go, the tests that load only the default rules (or, with `withOverrides`,
 * any rules files: the overrides only turn rules off or allow more): for each, its trace file,
 * the rules it expects (with counts), or none at all.
 */
function expectations(withOverrides = false): { file: string; rules: Map<string, number> }[] {
  const files = readdirSync(traceDir);
  const norm = (s: string): string => s.replace(/\.json$/, '').replace(/[-_]/g, '').toLowerCase();
  const out: { file: string; rules: Map<string, number> }[] = [];
  for (const test of readFileSync(path.join(corpus, 'expected-rules.go'), 'utf8').split(/\nfunc /).slice(1)) {
    const capture = /captures\.K8SAudit(\w+)/.exec(test)?.[1];
    const onlyDefault = [...test.matchAll(/rules\.(\w+)/g)].map((m) => m[1]).join(',') === 'LegacyFalcoRules_v1_0_1,K8SAuditRules';
    if (!capture || (!onlyDefault && !withOverrides)) continue;
    const file = files.find((f) => norm(f) === capture.toLowerCase());
    if (!file) throw new Error(`no trace file for ${capture}`);
    const rules = new Map([...test.matchAll(/assert\.Equal\(t, (\d+), res\.Detections\(\)\.OfRule\("([^"]+)"\)/g)].map((m) => [m[2]!, Number(m[1])]));
    if (rules.size > 0 || (onlyDefault && /assert\.Zero\(t, res\.Detections\(\)\.Count\(\)\)/.test(test))) out.push({ file, rules });
  }
  return out;
}

// ------------------------------------------------------------------ changed copies

/** A value of a documented kind other than `v`. */
const otherThan = (v: Scalar): Scalar => (typeof v === 'string' ? `${v}x` : typeof v === 'number' ? v + 1 : !v);

/**
 * Copies of the event with one field the rule reads changed, in every shape an API server can write
 * there: missing, another value, another case, empty text; for a list of texts no, one or two
 * items; for a path through a list of groups lists of no, one and two groups, a group without the
 * field, a group where the list could be, a list in the list. Where Kubernetes documents nothing
 * (a pod's field on a request about a service), also null, a number, true/false, a list and a group.
 */
function changedCopies(event: CloudTrailEvent, field: string, replacement: Scalar): CloudTrailEvent[] {
  const entry = auditField(field);
  let shapes: (JsonValue | undefined)[];
  let at = field;
  if (field.includes('[]')) {
    const cut = field.indexOf('[]');
    at = field.slice(0, cut);
    const rest = field.slice(cut + 3);
    const leaves: JsonValue[] =
      entry?.list === 'values'
        ? [[String(replacement)], [String(otherThan(String(replacement))), String(replacement)], []]
        : entry?.kind === 'boolean'
          ? [true, false]
          : [String(replacement), String(replacement).toUpperCase(), `${String(replacement)}x`];
    const group = (leaf: JsonValue): JsonValue => withValue({}, rest, leaf);
    shapes = leaves.flatMap((leaf) => [[group(leaf)], [group(leaves[(leaves.indexOf(leaf) + 1) % leaves.length]!), group(leaf)], group(leaf), [[group(leaf)]]]);
    shapes.push([], [{}], undefined);
  } else if (entry?.list === 'values') {
    const text = String(replacement);
    shapes = [undefined, [], [text], [`${text}x`, text], [text.toUpperCase()]];
  } else {
    const current = valuesAt(event, field)[0];
    const kind = documentedKindOn(field, event);
    const text = typeof current === 'string' ? current : String(replacement);
    shapes =
      kind === 'boolean'
        ? [undefined, !current, true, false]
        : kind === 'number'
          ? [undefined, (typeof current === 'number' ? current : 0) + 1, typeof replacement === 'number' ? replacement : 201]
          : kind === 'string'
            ? [undefined, String(replacement), text.toUpperCase(), text.toLowerCase(), '', `${text}x`]
            : [undefined, String(replacement), null, 5, true, 'true', '201', [String(replacement)], [], { value: String(replacement) }];
  }
  return shapes.map((s) => withValue(event, at, s)).filter((copy) => undocumentedShapes(copy).length === 0);
}

/** Values seen at each catalogue path in the trace events, with the catalogue's examples. */
function valuesByPath(): Map<string, Scalar[]> {
  const out = new Map<string, Scalar[]>();
  for (const f of auditFields) {
    const seen = auditEvents.flatMap((e) => valuesAt(e, f.path));
    out.set(f.path, [...new Set([...seen, ...f.examples])].slice(0, 14));
  }
  return out;
}

describe.skipIf(skipWhenMissing(haveCorpus, reasons.corpora))('Falco on the Kubernetes audit corpus', () => {
  const official = haveCorpus ? officialRules() : new Map<string, { text: string; enabled: boolean }>();
  const tally = { random: 0, exported: 0, events: 0, copies: 0, reasons: new Map<string, number>() };
  afterAll(() => {
    const top = [...tally.reasons].sort((a, b) => b[1] - a[1]).slice(0, 6);
    console.info(`Most common refusals: ${top.map(([r, n]) => `${n} × ${r}`).join(' | ')}`);
    console.info(
      `Falco on cluster rules: exported ${tally.exported} of ${tally.random} random rules (${((100 * tally.exported) / Math.max(1, tally.random)).toFixed(1)} %); compared ${tally.events} rule-event pairs, ${tally.copies} of them on changed copies`,
    );
  });

  it('reads Falco\'s own k8s audit rules as Falco does: each fires on every trace file the corpus expects, and none fires where it expects no alert', () => {
    const wrong: string[] = [];
    for (const { file, rules } of expectations()) {
      const events = traces.filter((t) => t.file === file).map((t) => t.event);
      for (const [name, { text, enabled }] of official) {
        const compiled = compileFalcoK8s(text);
        if (!compiled.ok) throw new Error(`${name}: ${compiled.reason}`);
        const results = events.map((e) => compiled.match(e));
        for (const r of results) if (r.kind === 'invalid') wrong.push(`${name} on ${file}: ${r.reason}`);
        const count = results.filter((r) => r.kind === 'match').length;
        const want = rules.get(name);
        if (want !== undefined && count !== want) wrong.push(`${name} fires ${count} times on ${file}; the corpus expects ${want}`);
        if (rules.size === 0 && enabled && count > 0) wrong.push(`${name} fires on ${file}, where the corpus expects no alert`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('fires each rule written like one of Falco\'s exactly where Falco\'s fires, on every trace event and changed copies', () => {
    const wrong: string[] = [];
    const table: string[] = [];
    for (const [name, { falco }] of Object.entries(handWritten)) {
      if (!falco) continue;
      const ours = textOf(ruleFor(name));
      const theirs = compileFalcoK8s(official.get(falco.rule)!.text);
      if (!theirs.ok) throw new Error(theirs.reason);
      const byPath = valuesByPathOnce();
      const events = auditEvents.flatMap((e, i) => [e, ...falco.same.flatMap((f) => changedCopies(e, f, byPath.get(f)?.[i % Math.max(1, byPath.get(f)?.length ?? 1)] ?? 'x'))]);
      for (const event of events) {
        const a = falcoTarget.match(ours, event).kind;
        const b = theirs.match(event).kind;
        if (a !== b) wrong.push(`${name}: ours ${a}, Falco's "${falco.rule}" ${b}, on ${JSON.stringify(event).slice(0, 300)}`);
      }
      const fired = [...new Set(traces.filter((t) => falcoTarget.match(ours, t.event).kind === 'match').map((t) => t.file))];
      const expected = expectations(true).filter((x) => (x.rules.get(falco.rule) ?? 0) > 0).map((x) => x.file);
      expect(fired.sort(), `${name} fires on the trace files where the corpus expects "${falco.rule}"`).toEqual([...new Set(expected)].sort());
      table.push(`${falco.rule} | ${name} | ${fired.join(', ')}`);
    }
    console.info(`Falco's rule | Plainsec rule | trace files both fire on\n${table.join('\n')}`);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('writes files Falco\'s rules schema accepts, with only fields of the plugins', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json'));
    const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
    const table = readFileSync(path.join(corpus, 'falco-k8saudit-fields.md'), 'utf8');
    const known = new Set([...table.matchAll(/^\|\s*`(ka\.[a-zA-Z_.]+)`/gm)].map((m) => m[1]!));
    expect(known.size).toBeGreaterThan(90);
    const rules = Object.keys(handWritten).flatMap((name) => [ruleFor(name), ruleFor(name, [cluster, { unlessItFailed: true }])]);
    const result = exportFalco({ plainsecRules: 1, rules: rules.map((r, i) => ({ ...r, id: `${r.id}-${i}` })) });
    expect(result.refused).toEqual([]);
    const file = result.files.find((f) => f.path === 'falco/plainsec_k8s_audit_rules.yaml')!;
    const doc = parse(file.content);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const parsed = parseFalcoRulesFile(file.content);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.file.rules).toHaveLength(rules.length);
    for (const field of parsed.file.rules.flatMap((r) => falcoFieldsOf(r.condition))) {
      const name = field.replace(/\[.*$/, '');
      // jevt.value is the json plugin's field; every other is the k8saudit plugin's.
      expect(known.has(name) || name === 'jevt.value', `${field} is a field of the plugins`).toBe(true);
    }
  });

  it('fires exactly when each hand-written rule means it, on every trace event and changed copies', () => {
    const byPath = valuesByPathOnce();
    const wrong: string[] = [];
    for (const name of Object.keys(handWritten))
      for (const rule of [ruleFor(name), ruleFor(name, [cluster]), ruleFor(name, [cluster, { unlessItFailed: true }])]) {
        const text = textOf(rule);
        const condition = effectiveCondition(rule);
        const fields = fieldsOf(condition);
        const events = auditEvents.flatMap((e, i) => [e, ...fields.flatMap((f) => changedCopies(e, f, byPath.get(f)?.[i % Math.max(1, byPath.get(f)?.length ?? 1)] ?? 'x'))]);
        for (const event of events) {
          const got = falcoTarget.match(text, event);
          const want = matchesCondition(condition, event);
          if (got.kind === 'invalid' || (got.kind === 'match') !== want) wrong.push(`${rule.id}: Falco ${got.kind}, the rule ${want}, on ${JSON.stringify(event).slice(0, 300)}`);
        }
      }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('fires exactly when each of 1500 random rules means it, on trace events and changed copies, and exports at least 43.9 % of them', () => {
    const byPath = valuesByPathOnce();
    const someValue = (p: string): fc.Arbitrary<Scalar> => fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...byPath.get(p)!) }, { weight: 1, arbitrary: fc.constantFrom<Scalar>('x', 0, true) });
    const someText = (p: string): fc.Arbitrary<string> => {
      const texts = byPath.get(p)!.filter((v): v is string => typeof v === 'string' && v.length > 0);
      return texts.length > 0 ? fc.constantFrom(...texts) : fc.constant('x');
    };
    const testArb: fc.Arbitrary<Condition> = fc.constantFrom(...auditFields).chain((f) => {
      const p = f.path;
      const test: fc.Arbitrary<Condition> = fc.oneof(
        { weight: 4, arbitrary: someValue(p).map((equals) => ({ field: p, equals })) },
        { weight: 2, arbitrary: fc.uniqueArray(someValue(p), { minLength: 1, maxLength: 3 }).map((oneOf) => ({ field: p, oneOf })) },
        { weight: 1, arbitrary: someText(p).chain((s) => fc.integer({ min: 1, max: s.length }).map((n) => ({ field: p, startsWith: s.slice(0, n) }))) },
        { weight: 1, arbitrary: someText(p).chain((s) => fc.integer({ min: 1, max: s.length }).map((n) => ({ field: p, endsWith: s.slice(s.length - n) }))) },
        { weight: 1, arbitrary: someText(p).map((s) => ({ field: p, wildcard: s.length > 2 ? `*${s.slice(1, -1)}*` : `${s}*` })) },
        { weight: 2, arbitrary: fc.boolean().map((exists) => ({ field: p, exists })) },
      );
      const withCase = fc.tuple(test, fc.integer({ min: 0, max: 4 })).map(([t, roll]) => (roll === 0 && 'field' in t && !('exists' in t) ? ({ ...t, ignoreCase: true } as Condition) : t));
      // A request body is typed only for its resource, so a rule on one names the resource, as the templates do (mostly).
      if (!f.resources) return withCase;
      return fc.tuple(withCase, fc.constantFrom(...f.resources), fc.integer({ min: 0, max: 5 })).map(([t, resource, roll]) => (roll === 0 ? t : { allOf: [{ field: 'objectRef.resource', equals: resource }, t] }));
    });
    const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
      c: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        { weight: 5, arbitrary: testArb },
        { weight: 1, arbitrary: tie('c').map((c) => ({ not: c })) },
        { weight: 2, arbitrary: fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((allOf) => ({ allOf })) },
        { weight: 2, arbitrary: fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })) },
      ),
    })).c;
    const exceptionArb: fc.Arbitrary<RuleException[]> = fc.subarray<RuleException>([cluster, { unlessItFailed: true }, { unlessDoneByUsers: ['minikube-user'] }]);
    fc.assert(
      fc.property(conditionArb, exceptionArb, fc.nat(), (when, exceptions, seed) => {
        const rule = parsedRule({ id: 'random', when, exceptions });
        tally.random++;
        const d = falcoTarget.detectionFor(rule);
        if (!d.ok) {
          expect(d.reason.length).toBeGreaterThan(20);
          const gist = d.reason.replace(/"[^"]*"/g, '"…"').slice(0, 80);
          tally.reasons.set(gist, (tally.reasons.get(gist) ?? 0) + 1);
          return;
        }
        tally.exported++;
        const condition = effectiveCondition(rule);
        const fields = fieldsOf(condition);
        for (const [i, base] of auditEvents.entries()) {
          const copies = i % 7 === seed % 7 ? fields.flatMap((f) => changedCopies(base, f, byPath.get(f)?.[(seed + i) % Math.max(1, byPath.get(f)?.length ?? 1)] ?? 'x')) : [];
          for (const event of [base, ...copies]) {
            tally.events++;
            if (event !== base) tally.copies++;
            const got = falcoTarget.match(d.text, event);
            const want = matchesCondition(condition, event);
            if (got.kind === 'invalid' || (got.kind === 'match') !== want)
              throw new Error(`Falco ${got.kind} where the rule says ${want}.\nRule: ${JSON.stringify(condition)}\nExport:\n${d.text}\nEvent: ${JSON.stringify(event).slice(0, 400)}`);
          }
        }
      }),
      { numRuns: 1500, seed: 20261206 },
    );
    // The share reached when this floor was set (45.9 %) minus 2 points. Falco truly cannot say the
    // rest: a test that ignores case other than icontains, a start, an end or a pattern on a list,
    // the request's addresses, a container's added powers or images, a binding's subjects (the
    // plugin misreads or cannot reach them), and rules that can never fire, which no tool exports.
    expect(100 * (tally.exported / tally.random)).toBeGreaterThanOrEqual(43.9);
  });
});

let cachedValues: Map<string, Scalar[]> | undefined;
/** The values by path, worked out once (the corpus is read at load). */
function valuesByPathOnce(): Map<string, Scalar[]> {
  return (cachedValues ??= valuesByPath());
}
