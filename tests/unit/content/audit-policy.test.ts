/**
 * The downloadable Kubernetes audit policy (public/downloads/audit-policy.yaml), read the way
 * kube-apiserver reads it: it is a valid Policy, it records what each Kubernetes alert rule needs
 * at the level the rule reads (Metadata for who and when, Request for the body), it never writes a
 * secret value or a live token, and it leaves out the cluster's own chatter.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { atLeast, auditLevels, levelFor, type AuditLevel, type AuditPolicy, type AuditRequest } from '../../support/audit-policy.ts';

const file = path.join(process.cwd(), 'public', 'downloads', 'audit-policy.yaml');
const policy = parse(readFileSync(file, 'utf8')) as AuditPolicy;

const person = { user: 'ana@example.com', groups: ['developers', 'system:authenticated'] };
const anonymous = { user: 'system:anonymous', groups: ['system:unauthenticated'] };
const writes = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const everyVerb = ['get', 'list', 'watch', ...writes];

const ruleKeys = new Set(['level', 'users', 'userGroups', 'verbs', 'resources', 'namespaces', 'nonResourceURLs', 'omitStages', 'omitManagedFields']);
const groupResourceKeys = new Set(['group', 'resources', 'resourceNames']);

describe('the downloadable audit policy', () => {
  it('is an audit.k8s.io/v1 Policy whose rules use only the fields and levels the API server knows', () => {
    expect(policy.apiVersion).toBe('audit.k8s.io/v1');
    expect(policy.kind).toBe('Policy');
    expect(policy.rules.length).toBeGreaterThan(0);
    const problems = policy.rules.flatMap((rule, i) => [
      ...(auditLevels.includes(rule.level) ? [] : [`rule ${i + 1}: level "${String(rule.level)}"`]),
      ...Object.keys(rule).filter((k) => !ruleKeys.has(k)).map((k) => `rule ${i + 1}: unknown field "${k}"`),
      ...(rule.verbs ?? []).filter((v) => !everyVerb.includes(v)).map((v) => `rule ${i + 1}: unknown verb "${v}"`),
      ...(rule.resources ?? []).flatMap((gr) => Object.keys(gr).filter((k) => !groupResourceKeys.has(k)).map((k) => `rule ${i + 1}: unknown resources field "${k}"`)),
      ...(rule.nonResourceURLs && (rule.resources || rule.namespaces) ? [`rule ${i + 1}: paths and resources in one rule never match`] : []),
    ]);
    expect(problems).toEqual([]);
  });

  it('writes each request once, when it is answered, and ends with a rule that records everything else', () => {
    expect(policy.omitStages).toContain('RequestReceived');
    const last = policy.rules.at(-1)!;
    expect(last).toEqual({ level: 'Metadata' });
  });

  // What each Kubernetes alert rule reads, and the least level that gives it: Metadata says who
  // did what to which object; Request adds the body (a pod's spec, a binding's role).
  const needs: [string, AuditRequest, AuditLevel][] = [
    ['a shell opened in a container (kubectl before 1.30)', { ...person, verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'shop', name: 'web-1' }, 'Metadata'],
    ['a shell opened in a container over a web socket', { ...person, verb: 'get', resource: 'pods', subresource: 'exec', namespace: 'shop', name: 'web-1' }, 'Metadata'],
    ['attaching to a container', { ...person, verb: 'create', resource: 'pods', subresource: 'attach', namespace: 'shop', name: 'web-1' }, 'Metadata'],
    ['forwarding a port to a pod', { ...person, verb: 'get', resource: 'pods', subresource: 'portforward', namespace: 'shop', name: 'db-0' }, 'Metadata'],
    ['a privileged pod, a folder of the node or the host network', { ...person, verb: 'create', resource: 'pods', namespace: 'shop' }, 'Request'],
    ['a pod started by a controller', { user: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts', 'system:authenticated'], verb: 'create', resource: 'pods', namespace: 'shop' }, 'Request'],
    ['a debug container added to a running pod', { ...person, verb: 'patch', resource: 'pods', subresource: 'ephemeralcontainers', namespace: 'shop', name: 'web-1' }, 'Request'],
    ['a pod created in kube-system', { ...person, verb: 'create', resource: 'pods', namespace: 'kube-system' }, 'Request'],
    ['a DaemonSet created', { ...person, verb: 'create', group: 'apps', resource: 'daemonsets', namespace: 'kube-system' }, 'Request'],
    ['a CronJob created', { ...person, verb: 'create', group: 'batch', resource: 'cronjobs', namespace: 'shop' }, 'Request'],
    ['a deployment changed', { ...person, verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'shop', name: 'web' }, 'Request'],
    ['someone given cluster-admin', { ...person, verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' }, 'Request'],
    ['a role handed out in a namespace', { ...person, verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'rolebindings', namespace: 'shop' }, 'Request'],
    ['a cluster role with a wildcard or exec rights', { ...person, verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' }, 'Request'],
    ['a role changed', { ...person, verb: 'update', group: 'rbac.authorization.k8s.io', resource: 'roles', namespace: 'shop', name: 'deployer' }, 'Request'],
    ['a system cluster role changed', { ...person, verb: 'patch', group: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'system:node' }, 'Request'],
    ['a secret read by a person', { ...person, verb: 'get', resource: 'secrets', namespace: 'shop', name: 'db-password' }, 'Metadata'],
    ['every secret listed across namespaces', { ...person, verb: 'list', resource: 'secrets' }, 'Metadata'],
    ['an anonymous request allowed', { ...anonymous, verb: 'list', resource: 'pods', namespace: 'shop' }, 'Metadata'],
    ['an anonymous visit to the list of APIs', { ...anonymous, verb: 'get', path: '/apis' }, 'Metadata'],
    ['a service account created in kube-system', { ...person, verb: 'create', resource: 'serviceaccounts', namespace: 'kube-system' }, 'Metadata'],
    ['a NodePort service', { ...person, verb: 'create', resource: 'services', namespace: 'shop' }, 'Request'],
    ['a service changed to NodePort', { ...person, verb: 'patch', resource: 'services', namespace: 'shop', name: 'web' }, 'Request'],
    ['an admission webhook created', { ...person, verb: 'create', group: 'admissionregistration.k8s.io', resource: 'mutatingwebhookconfigurations' }, 'Request'],
    ['an admission webhook changed', { ...person, verb: 'update', group: 'admissionregistration.k8s.io', resource: 'validatingwebhookconfigurations', name: 'policy' }, 'Request'],
    ['a long-lived service account token minted', { ...person, verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'shop', name: 'deployer' }, 'Request'],
    ['a client certificate requested', { ...person, verb: 'create', group: 'certificates.k8s.io', resource: 'certificatesigningrequests' }, 'Request'],
    ['a client certificate approved', { ...person, verb: 'update', group: 'certificates.k8s.io', resource: 'certificatesigningrequests', subresource: 'approval', name: 'ana' }, 'Request'],
    ['events deleted', { ...person, verb: 'delete', resource: 'events', namespace: 'shop', name: 'web-1.17a' }, 'Metadata'],
    ['all events in a namespace deleted', { ...person, verb: 'deletecollection', group: 'events.k8s.io', resource: 'events', namespace: 'shop' }, 'Metadata'],
    ['the EKS aws-auth ConfigMap changed', { ...person, verb: 'patch', resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth' }, 'Request'],
    ['the EKS aws-auth ConfigMap created', { ...person, verb: 'create', resource: 'configmaps', namespace: 'kube-system' }, 'Request'],
    ['the EKS aws-auth ConfigMap deleted', { ...person, verb: 'delete', resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth' }, 'Metadata'],
  ];
  it.each(needs)('records %s at the level the alert rule reads, or more', (_what, request, floor) => {
    const { level, rule } = levelFor(policy, request);
    expect(atLeast(level, floor), `logged at ${level} by rule ${rule + 1}; the alert rule needs ${floor}`).toBe(true);
  });

  it('never writes the value of a secret or a sign-in token, whoever asks and however', () => {
    const askers = [person, anonymous, { user: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts'] }];
    const tooMuch: string[] = [];
    for (const asker of askers) {
      for (const verb of everyVerb) {
        for (const namespace of ['shop', 'kube-system', '']) {
          const checks: [AuditRequest, AuditLevel][] = [
            [{ ...asker, verb, resource: 'secrets', namespace, name: 'db-password' }, 'Metadata'],
            [{ ...asker, verb, resource: 'secrets', namespace }, 'Metadata'],
            [{ ...asker, verb, group: 'authentication.k8s.io', resource: 'tokenreviews' }, 'Metadata'],
            // The answer to a token request is the token itself: the request body is fine, the response is not.
            [{ ...asker, verb, resource: 'serviceaccounts', subresource: 'token', namespace, name: 'deployer' }, 'Request'],
            // ConfigMaps often hold passwords; only kube-system's aws-auth and new kube-system ones keep a body.
            [{ ...asker, verb, resource: 'configmaps', namespace: namespace === 'kube-system' ? 'shop' : namespace, name: 'settings' }, 'Metadata'],
          ];
          for (const [request, ceiling] of checks) {
            const { level, rule } = levelFor(policy, request);
            if (!atLeast(ceiling, level)) tooMuch.push(`${JSON.stringify(request)} → ${level} (rule ${rule + 1})`);
          }
        }
      }
    }
    expect(tooMuch).toEqual([]);
  });

  it.each<[string, AuditRequest]>([
    ['kube-proxy watching endpoints', { user: 'system:kube-proxy', groups: ['system:authenticated'], verb: 'watch', resource: 'endpoints' }],
    ['kube-proxy watching endpoint slices', { user: 'system:kube-proxy', groups: ['system:authenticated'], verb: 'watch', group: 'discovery.k8s.io', resource: 'endpointslices' }],
    ['a node reading its own record', { user: 'system:node:ip-10-0-1-5', groups: ['system:nodes', 'system:authenticated'], verb: 'get', resource: 'nodes', name: 'ip-10-0-1-5' }],
    ['a node renewing its heartbeat lease', { user: 'system:node:ip-10-0-1-5', groups: ['system:nodes', 'system:authenticated'], verb: 'update', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', name: 'ip-10-0-1-5' }],
    ['a health check', { ...anonymous, verb: 'get', path: '/readyz' }],
    ['a detailed health check', { ...anonymous, verb: 'get', path: '/livez/etcd' }],
    ['a version check', { ...person, verb: 'get', path: '/version' }],
    ['kubectl asking which APIs there are', { ...person, verb: 'get', path: '/apis/apps/v1' }],
    ['the kubelet writing an event', { user: 'system:node:ip-10-0-1-5', groups: ['system:nodes'], verb: 'create', resource: 'events', namespace: 'shop' }],
  ])('leaves out %s', (_what, request) => {
    expect(levelFor(policy, request).level).toBe('None');
  });
});
