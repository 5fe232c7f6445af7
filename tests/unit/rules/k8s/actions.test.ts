/**
 * What someone does in a cluster, in plain words: each action's condition fires on the audit events
 * where it happens (Falco's trace files where one exists, a written event where none does) and on
 * no other; the builder goes from actions to a rule and back; a cluster rule reads as a sentence
 * that passes the plain-words checks; and moving the form between AWS and the cluster names what
 * it drops.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterActionCondition, clusterActions } from '../../../../src/lib/rules/sources/k8s-audit-actions.ts';
import { actionById, actionsInCondition, searchActions } from '../../../../src/lib/rules/actions.ts';
import { matchesCondition, type CloudTrailEvent } from '../../../../src/lib/rules/canonical.ts';
import { readEventsText } from '../../../../src/lib/rules/event-input.ts';
import { blankDraft, draftFromRule, ruleFromDraft, whoChoices, type Draft } from '../../../../src/lib/rules/builder/draft.ts';
import { switchSource as switchWith } from '../../../../src/lib/rules/builder/switch-source.ts';
import { fieldOf } from '../../../../src/lib/rules/field-names.ts';
import '../../../../src/lib/rules/words/index.ts';
import { sentenceOf, suggestMeans, suggestTitle, suggestWhatToDo } from '../../../../src/lib/rules/words/rule.ts';
import { urgencies } from '../../../../src/lib/rules/vocabulary.ts';
import { fleschKincaidGrade, sentences, words } from '../../../../src/lib/content/readability.ts';
import { plainWordsProblems, siteGlossary } from '../../../support/plain-words.ts';
import { reasons, skipWhenMissing } from '../../../support/skips.ts';

const traces = '../shared/corpora/k8s-audit/falco-trace-files';
const glossary = siteGlossary();
/** The switch as the builder makes it, told what the catalogues know. */
const switchSource = (draft: Draft, to: Draft['source']) =>
  switchWith(draft, to, { actionLabel: (id) => actionById(id)?.label, whoLabel: (w) => whoChoices[w].label, hasField: (p, s) => fieldOf(p, s) !== undefined });
const fires = (id: string, event: CloudTrailEvent) => matchesCondition(clusterActionCondition([actionById(id)!]), event);

/** The actions each of Falco's trace files holds; every file not named holds none. */
const traceActions: Record<string, string[]> = {
  'exec_pod.json': ['k8s-open-shell'],
  'attach_pod.json': ['k8s-attach'],
  'attach_cluster_admin_role.json': ['k8s-give-cluster-admin', 'k8s-change-role-binding'],
  'create_clusterrolebinding.json': ['k8s-change-role-binding'],
  'create_clusterrole.json': ['k8s-create-role'],
  'create_cluster_role_pod_exec.json': ['k8s-create-role'],
  'create_cluster_role_wildcard_resources.json': ['k8s-create-role'],
  'create_cluster_role_wildcard_verbs.json': ['k8s-create-role'],
  'create_cluster_role_write_privileges.json': ['k8s-create-role'],
  'create_nginx_pod_privileged.json': ['k8s-privileged'],
  'create_nginx_pod_privileged_2nd_container.json': ['k8s-privileged'],
  'create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json': ['k8s-privileged'],
  'create_nginx_pod_sensitive_mount.json': ['k8s-host-path'],
  'create_nginx_pod_sensitive_mount_2nd_container.json': ['k8s-host-path'],
  'create_nginx_pod_hostnetwork.json': ['k8s-host-network'],
  'create_nginx_service_nodeport.json': ['k8s-nodeport'],
  'delete_namespace_foo.json': ['k8s-delete-namespace'],
};

/** An audit event as the API server writes it, for the actions Falco's trace files do not hold. */
function auditEvent(verb: string, objectRef: Record<string, string>, requestObject?: CloudTrailEvent): CloudTrailEvent {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Request',
    auditID: '0b7f6a7e-2d1c-4f0e-9a55-6d1f3c2b1a00',
    stage: 'ResponseComplete',
    verb,
    user: { username: 'alice@example.com', groups: ['system:authenticated'] },
    sourceIPs: ['203.0.113.10'],
    objectRef: { apiVersion: 'v1', ...objectRef },
    responseStatus: { metadata: {}, code: verb === 'create' ? 201 : 200 },
    ...(requestObject ? { requestObject } : {}),
  };
}

const written: Record<string, CloudTrailEvent> = {
  'k8s-port-forward': auditEvent('create', { resource: 'pods', subresource: 'portforward', namespace: 'production', name: 'db-0' }),
  'k8s-read-secret': auditEvent('get', { resource: 'secrets', namespace: 'production', name: 'db-password' }),
  'k8s-list-secrets': auditEvent('list', { resource: 'secrets' }),
  'k8s-change-secret': auditEvent('patch', { resource: 'secrets', namespace: 'production', name: 'db-password' }),
  'k8s-webhook': auditEvent('create', { resource: 'mutatingwebhookconfigurations', apiGroup: 'admissionregistration.k8s.io', name: 'inject' }),
  'k8s-daemonset': auditEvent('create', { resource: 'daemonsets', apiGroup: 'apps', namespace: 'kube-system', name: 'miner' }),
  'k8s-cronjob': auditEvent('create', { resource: 'cronjobs', apiGroup: 'batch', namespace: 'production', name: 'backup' }),
  'k8s-mint-token': auditEvent('create', { resource: 'serviceaccounts', subresource: 'token', namespace: 'ci', name: 'deployer' }),
  'k8s-approve-certificate': auditEvent('update', { resource: 'certificatesigningrequests', subresource: 'approval', apiGroup: 'certificates.k8s.io', name: 'csr-x' }),
  'k8s-change-aws-auth': auditEvent('patch', { resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth' }),
};

describe.skipIf(skipWhenMissing(existsSync(traces), reasons.corpora))('the cluster actions on Falco’s trace files', () => {
  const files = readdirSync(traces).filter((f) => f.endsWith('.json')).sort();

  it('reads the 51 audit events of the 47 files (fal_01_003.json holds none)', () => {
    const read = files.map((f) => readEventsText(readFileSync(`${traces}/${f}`, 'utf8')));
    expect(files).toHaveLength(47);
    expect(read.flatMap((r) => (r.ok ? r.events : [])).filter((e) => typeof e['auditID'] === 'string')).toHaveLength(51);
  });

  for (const file of files) {
    const expected = traceActions[file] ?? [];
    it(`${file}: ${expected.length === 0 ? 'no action fires' : `fires ${expected.join(' and ')}, and no other action`}`, () => {
      const read = readEventsText(readFileSync(`${traces}/${file}`, 'utf8'));
      const events = read.ok ? read.events : [];
      const found = clusterActions.filter((a) => events.some((e) => fires(a.id, e))).map((a) => a.id);
      expect(found.sort()).toEqual([...expected].sort());
    });
  }
});

describe('every cluster action', () => {
  it('is one of 20, each with its own id, label, and what to check first', () => {
    expect(clusterActions).toHaveLength(20);
    expect(new Set(clusterActions.map((a) => a.id)).size).toBe(20);
    expect(new Set(clusterActions.map((a) => a.label)).size).toBe(20);
    expect(new Set(clusterActions.map((a) => a.check)).size).toBe(20);
  });

  it('fires on an audit event where it happens: a trace file of Falco’s or a written one', () => {
    const covered = new Set([...Object.values(traceActions).flat(), ...Object.keys(written)]);
    expect(clusterActions.map((a) => a.id).filter((id) => !covered.has(id))).toEqual([]);
    for (const [id, event] of Object.entries(written)) {
      expect(clusterActions.filter((a) => fires(a.id, event)).map((a) => a.id), id).toEqual([id]);
    }
  });

  it('stays quiet on the same request refused a different way: reading a secret is not listing them, a ClusterIP service is not a NodePort', () => {
    expect(fires('k8s-list-secrets', written['k8s-read-secret']!)).toBe(false);
    expect(fires('k8s-nodeport', auditEvent('create', { resource: 'services', namespace: 'web' }, { spec: { type: 'ClusterIP' } }))).toBe(false);
    expect(fires('k8s-change-aws-auth', auditEvent('patch', { resource: 'configmaps', namespace: 'default', name: 'aws-auth' }))).toBe(false);
  });

  it('says what to check first in one plain sentence of at most 22 words and grade 9, with no field paths', () => {
    const problems = clusterActions.flatMap(({ id, check = '' }) => {
      const a = { id, check };
      const found = [...plainWordsProblems(a.check, glossary)];
      if (sentences(a.check).length !== 1) found.push('not one sentence');
      if (fleschKincaidGrade(a.check) > 9) found.push(`grade ${fleschKincaidGrade(a.check).toFixed(1)}`);
      if (words(a.check).length > 22) found.push(`${words(a.check).length} words`);
      if (/\p{L}\.\p{L}/u.test(a.check)) found.push('a field path');
      return found.map((p) => `${a.id}: ${p}`);
    });
    expect(problems).toEqual([]);
  });

  it('is found by the words people use, and only among the cluster’s actions', () => {
    expect(searchActions('shell', 'k8s-audit')[0]?.id).toBe('k8s-open-shell');
    expect(searchActions('secret', 'k8s-audit').map((a) => a.id)).toEqual(['k8s-read-secret', 'k8s-list-secrets', 'k8s-change-secret']);
    expect(searchActions('exec', 'k8s-audit').map((a) => a.id)).toEqual(['k8s-open-shell']);
    expect(searchActions('shell').every((a) => !a.id.startsWith('k8s-'))).toBe(true);
  });
});

/** A cluster draft with these actions, in this namespace, unless the cluster did it. */
function clusterDraft(actions: string[], namespace = '', urgency: Draft['urgency'] = 'wake-me-up'): Draft {
  const draft = switchSource(blankDraft(), 'k8s-audit').draft;
  return { ...draft, actions, targets: namespace ? { 'objectRef.namespace': namespace } : {}, cluster: true, urgency };
}

describe('a cluster rule in the builder', () => {
  it('says the shell-in-production rule as one plain sentence, and writes its title, meaning and what to do', () => {
    const rule = ruleFromDraft(clusterDraft(['k8s-open-shell'], 'production'));
    expect(rule.source).toBe('k8s-audit');
    expect(rule.when).toEqual({
      allOf: [
        { field: 'objectRef.resource', equals: 'pods' },
        { field: 'objectRef.subresource', equals: 'exec' },
        { field: 'objectRef.namespace', equals: 'production' },
      ],
    });
    expect(rule.exceptions).toEqual([{ unlessDoneByCluster: true }]);
    expect(sentenceOf(rule)).toBe('When someone opens a shell in a running container (pods/exec) in production, unless the cluster did it itself: tell #security-alerts, wake me up.');
    expect(suggestTitle(rule)).toBe('Someone opens a shell in a running container in production');
    expect(suggestMeans(rule)).toBe('Someone opened a shell in a running container (pods/exec) in production. It ignores what the cluster does itself, like its nodes and the helpers in kube-system.');
    expect(suggestWhatToDo(rule)).toMatch(/^Act now\. Check who opened the shell and why/);
  });

  it('reads every action back from its rule, alone and with another, with the namespace it was given', () => {
    for (const a of clusterActions) {
      const namespace = a.targets ? 'production' : '';
      const back = draftFromRule(ruleFromDraft(clusterDraft([a.id], namespace)));
      expect({ id: a.id, actions: back.actions, targets: back.targets, tests: back.tests, cluster: back.cluster }).toEqual({
        id: a.id,
        actions: [a.id],
        targets: namespace ? { 'objectRef.namespace': namespace } : {},
        tests: [],
        cluster: true,
      });
    }
    const pair = draftFromRule(ruleFromDraft(clusterDraft(['k8s-open-shell', 'k8s-attach'], 'production')));
    expect(pair.actions).toEqual(['k8s-open-shell', 'k8s-attach']);
    expect(actionsInCondition({ allOf: [{ field: 'verb', equals: 'get' }] }, 'k8s-audit').actions).toEqual([]);
  });

  it('says every action as a sentence, title and meaning that pass the plain-words checks, at every urgency', () => {
    const problems: string[] = [];
    for (const a of clusterActions)
      for (const urgency of urgencies) {
        const rule = ruleFromDraft(clusterDraft([a.id], a.targets ? 'production' : '', urgency));
        for (const text of [sentenceOf(rule), suggestTitle(rule), suggestMeans(rule), suggestWhatToDo(rule)])
          problems.push(...plainWordsProblems(text, glossary).map((p) => `${a.id} (${urgency}): ${p}`));
      }
    expect(problems).toEqual([]);
  });

  it('moving from AWS to the cluster keeps what fits and names each thing it drops', () => {
    const aws: Draft = { ...blankDraft(), actions: ['start-server'], who: 'root', awsOnBehalf: true, roles: 'deploy-bot', regions: 'eu-west-1', users: 'alice', failed: true, notify: '#ops', urgency: 'wake-me-up' };
    aws.tests = [
      { field: 'eventName', operator: 'equals', value: 'RunInstances', negate: false, ignoreCase: false },
      { field: 'userAgent', operator: 'startsWith', value: 'kubectl', negate: false, ignoreCase: false },
    ];
    const moved = switchSource(aws, 'k8s-audit');
    expect(moved.dropped).toEqual([
      'the action “starts a server”',
      'who did it: the root user',
      '“unless AWS did it on your behalf”',
      'the roles to ignore (deploy-bot)',
      'the regions (eu-west-1)',
      'the test on eventName',
    ]);
    expect(moved.draft).toMatchObject({ source: 'k8s-audit', actions: [], who: 'anyone', awsOnBehalf: false, roles: '', regions: '', users: 'alice', failed: true, notify: '#ops', urgency: 'wake-me-up' });
    expect(moved.draft.tests.map((t) => t.field)).toEqual(['userAgent']);
    expect(ruleFromDraft(moved.draft).exceptions).toEqual([{ unlessDoneByUsers: ['alice'] }, { unlessItFailed: true }]);
  });

  it('moving from the cluster back to AWS drops the cluster’s actions and “unless the cluster did it itself”, and nothing when nothing is chosen', () => {
    expect(switchSource(clusterDraft(['k8s-open-shell'], 'production'), 'cloudtrail').dropped).toEqual(['the action “opens a shell in a running container”', '“unless the cluster did it itself”']);
    expect(switchSource(blankDraft(), 'k8s-audit').dropped).toEqual([]);
  });
});
