/**
 * Common things people do in a Kubernetes cluster, in plain words, each with the audit-event
 * condition it stands for: the cluster's side of the action catalogue in actions.ts. The builder
 * offers these for "When someone …" once a person picks the cluster (or opens a cluster rule), and
 * reads a cluster rule's condition back into them to say it as a sentence.
 *
 * Loaded only then, not with the page, and data only (its imports are types and the field list), so
 * that loading it does not split the code the page shares with its other parts: the builder and
 * words/index.ts (for the command and the template pages) add it with `useCatalogue`.
 *
 * Each condition reads the raw paths of an `audit.k8s.io/v1` Event (sources/k8s-audit-fields.ts).
 * Where a Falco rule in ../shared/corpora/k8s-audit says the same thing, the condition follows it
 * (tests/unit/rules/k8s/actions.test.ts runs each on the corpus's trace files). No action tests the
 * stage: a request to open a shell is written once when the stream starts and, with some audit
 * policies, once more when it ends; the templates say which stage they read.
 */
import type { Action, ActionTarget } from '../actions.ts';
import type { SourceCatalogue } from '../source-catalogues.ts';
import type { Condition } from '../condition-schema.ts';
import { auditFields } from './k8s-audit-fields.ts';

/** How the catalogue names the cluster as a service, and how an action's source is marked. */
const CLUSTER = 'Kubernetes (your cluster)';
const source = 'k8s-audit' as const;

/** "To what": the namespace a thing lives in; a sentence says "in production". */
export const namespaceTarget: ActionTarget = { field: 'objectRef.namespace', label: 'the namespace', example: 'production' };
const inNamespace = [namespaceTarget];

const is = (field: string, value: string | boolean): Condition => ({ field, equals: value });
const oneOf = (field: string, values: string[]): Condition => ({ field, oneOf: values });
const resource = (r: string) => is('objectRef.resource', r);
const resources = (...r: string[]) => oneOf('objectRef.resource', r);
const sub = (s: string) => is('objectRef.subresource', s);
const verb = (v: string) => is('verb', v);
const verbs = (...v: string[]) => oneOf('verb', v);
const changes = verbs('create', 'update', 'patch');

/**
 * One action. `calls` is what an expert sees in brackets ("pods/exec"); the words say what the
 * condition does, and `parts` are the tests that must all hold.
 */
function k(id: string, label: string, calls: string, keywords: string, check: string, parts: Condition[], targets?: readonly ActionTarget[]): Action {
  const action: Action = { id: `k8s-${id}`, label, service: CLUSTER, eventSource: source, eventNames: [calls], keywords: keywords.split(' '), check, parts };
  return targets ? { ...action, targets } : action;
}

const pods = resource('pods');
const podSpec = 'requestObject.spec';

export const clusterActions: readonly Action[] = [
  // Into running containers
  k('open-shell', 'opens a shell in a running container', 'pods/exec', 'exec kubectl shell bash command run terminal',
    'Check who opened the shell and why, and which commands they ran inside the container.', [pods, sub('exec')], inNamespace),
  k('attach', 'attaches to a running container', 'pods/attach', 'attach kubectl terminal console',
    'Check who attached to the container, and that they look after the app it runs.', [pods, sub('attach')], inNamespace),
  k('port-forward', 'forwards a port into a pod', 'pods/portforward', 'port-forward portforward tunnel kubectl',
    'Check who opened the tunnel into the pod, and what they could reach through it, such as a database.', [pods, sub('portforward')], inNamespace),
  // Who may do what
  k('give-cluster-admin', 'gives someone cluster-admin', 'create clusterrolebindings, role cluster-admin', 'rbac admin binding superuser clusterrolebinding',
    'Check who was given full control of the cluster, and that someone on the team asked for it.',
    [resource('clusterrolebindings'), verb('create'), is('requestObject.roleRef.name', 'cluster-admin')]),
  k('change-role-binding', 'creates or changes a role binding', 'rolebindings, clusterrolebindings', 'rbac binding permissions rolebinding clusterrolebinding grant',
    'Check which role the binding grants and to whom, and that the team meant to give those rights.',
    [resources('rolebindings', 'clusterrolebindings'), changes], inNamespace),
  k('create-role', 'creates a role', 'create roles, clusterroles', 'rbac permissions clusterrole',
    'Check what the new role lets someone do, above all any star (*) that allows everything.',
    [resources('roles', 'clusterroles'), verb('create')], inNamespace),
  // Secrets
  k('read-secret', 'reads a secret', 'get secrets', 'password credentials token get',
    'Check who read the secret and that their job needs it; a person reading what an app uses is odd.', [resource('secrets'), verb('get')], inNamespace),
  k('list-secrets', 'lists every secret', 'list secrets', 'password credentials list watch discovery',
    'Check who listed the secrets, since a list holds every value in it, and that a known tool did it.',
    [resource('secrets'), verbs('list', 'watch')], inNamespace),
  k('change-secret', 'changes a secret', 'update, patch secrets', 'password credentials rotate',
    'Check that the secret was changed on purpose, and that the apps using it still start.', [resource('secrets'), verbs('update', 'patch')], inNamespace),
  // Pods that reach the node
  k('privileged', 'starts a privileged container', 'create pods, privileged', 'privileged securitycontext escape root host',
    'Check why the container needs full power over its node, and who started it.',
    [pods, verb('create'), { anyOf: [is(`${podSpec}.containers[].securityContext.privileged`, true), is(`${podSpec}.initContainers[].securityContext.privileged`, true)] }], inNamespace),
  k('host-path', 'mounts a folder of the node', 'create pods, hostPath', 'hostpath volume mount node disk escape',
    'Check which folder of the node the pod can read, and that the app truly needs it.',
    [pods, verb('create'), { field: `${podSpec}.volumes[].hostPath.path`, exists: true }], inNamespace),
  k('host-network', 'starts a pod on the node’s network', 'create pods, hostNetwork', 'hostnetwork network node',
    'Check why the pod shares the node’s network, where it can see traffic meant for other pods.',
    [pods, verb('create'), is(`${podSpec}.hostNetwork`, true)], inNamespace),
  // What the cluster shows and runs
  k('nodeport', 'creates a NodePort service', 'create services, NodePort', 'service nodeport port expose open',
    'Check which port the new service opens on every node, and who can reach it from outside.',
    [resource('services'), verb('create'), is('requestObject.spec.type', 'NodePort')], inNamespace),
  k('webhook', 'creates or changes an admission webhook', 'mutatingwebhookconfigurations, validatingwebhookconfigurations', 'admission webhook mutating validating',
    'Check where the webhook sends each request, since it can see or change everything created in the cluster.',
    [resources('mutatingwebhookconfigurations', 'validatingwebhookconfigurations'), changes]),
  k('daemonset', 'creates a DaemonSet', 'create daemonsets', 'daemonset every node workload',
    'Check what the DaemonSet runs, since it starts a copy on every node of the cluster.', [resource('daemonsets'), verb('create')], inNamespace),
  k('cronjob', 'creates a CronJob', 'create cronjobs', 'cronjob schedule job persistence',
    'Check what the CronJob runs and how often, and that it came from your usual release process.', [resource('cronjobs'), verb('create')], inNamespace),
  // Keys to the cluster
  k('mint-token', 'mints a token for a service account', 'serviceaccounts/token', 'token serviceaccount credentials',
    'Check who made the token, how long it lasts, and which service account it acts as.',
    [resource('serviceaccounts'), sub('token'), verb('create')], inNamespace),
  k('approve-certificate', 'approves a certificate request', 'certificatesigningrequests/approval', 'certificate csr approve client',
    'Check who asked for the certificate and who approved it, since it lets its holder sign in to the cluster.',
    [resource('certificatesigningrequests'), sub('approval'), verbs('update', 'patch')]),
  k('change-aws-auth', 'changes the aws-auth ConfigMap', 'configmaps aws-auth in kube-system', 'eks aws-auth configmap iam mapping',
    'Check which AWS users or roles the change lets into the cluster, and with which groups.',
    [resource('configmaps'), is('objectRef.namespace', 'kube-system'), is('objectRef.name', 'aws-auth'), verbs('create', 'update', 'patch', 'delete')]),
  k('delete-namespace', 'deletes a namespace', 'delete namespaces', 'namespace delete destroy',
    'Check that the namespace was meant to go, since everything in it is deleted with it.', [resource('namespaces'), verb('delete')], inNamespace),
];

/** How a sentence names the audit fields a person is most likely to test ("the namespace is production"). */
export const clusterSubjects: Readonly<Record<string, string>> = {
  verb: 'the kind of request',
  'objectRef.resource': 'the kind of thing it was done to',
  'objectRef.subresource': 'the part of it',
  'objectRef.namespace': 'the namespace',
  'objectRef.name': 'the name of the thing',
  'objectRef.apiGroup': 'the API group of the thing',
  'user.username': 'the user who made the request',
  'user.groups': 'a group of the user',
  'impersonatedUser.username': 'the user they acted as',
  sourceIPs: 'an address the request came from',
  'responseStatus.code': 'the response code',
  stage: 'the stage of the request',
  level: 'the audit level',
  requestURI: 'the address asked for',
  'requestObject.spec.containers[].securityContext.privileged': 'the privileged setting of any container',
  'requestObject.spec.containers[].securityContext.capabilities.add': 'an extra power a container asks for',
  'requestObject.spec.volumes[].hostPath.path': 'a folder of the node it mounts',
  'requestObject.spec.hostNetwork': 'the use of the node’s network',
  'requestObject.spec.serviceAccountName': 'the service account it runs as',
  'requestObject.roleRef.name': 'the role it grants',
  'requestObject.subjects[].name': 'anyone it grants the role to',
  'requestObject.spec.type': 'the kind of service',
};

/** The tests of nested `allOf` lists, all at one level. */
const flatAll = (parts: readonly Condition[]): Condition[] => parts.flatMap((p) => ('allOf' in p ? flatAll(p.allOf) : [p]));

/** A condition as text with its keys in order, so that two written alike compare alike. */
const keyOf = (c: unknown): string =>
  Array.isArray(c) ? `[${c.map(keyOf).join(',')}]` : c !== null && typeof c === 'object' ? `{${Object.keys(c).sort().map((k) => `${k}:${keyOf((c as Record<string, unknown>)[k])}`).join(',')}}` : JSON.stringify(c);

/**
 * Another source's actions among the tests that must all hold: the action whose tests are all
 * there (the one with the most tests, when several are), or an anyOf whose every choice is exactly
 * one action's tests.
 */
function findActions(parts: readonly Condition[], catalogue: readonly Action[]): { actions: Action[]; used: Set<Condition> } | undefined {
  const keys = parts.map(keyOf);
  let best: { action: Action; used: Set<Condition> } | undefined;
  for (const action of catalogue) {
    const at = action.parts!.map((p) => keys.indexOf(keyOf(p)));
    if (at.some((i) => i < 0) || (best && best.used.size >= at.length)) continue;
    best = { action, used: new Set(at.map((i) => parts[i]!)) };
  }
  if (best) return { actions: [best.action], used: best.used };
  const exactly = (choice: Condition): Action | undefined => {
    const mine = (choice: Condition) => ('allOf' in choice ? choice.allOf : [choice]).map(keyOf).sort().join('|');
    return catalogue.find((a) => a.parts!.map(keyOf).sort().join('|') === mine(choice));
  };
  for (const part of parts) {
    if (!('anyOf' in part) || part.anyOf.length < 2) continue;
    const each = part.anyOf.map(exactly);
    if (each.every((e) => e !== undefined)) return { actions: each as Action[], used: new Set([part]) };
  }
  return undefined;
}

/** The chosen actions as a condition: each is its tests together; several are any one of them. */
export function clusterActionCondition(chosen: readonly Action[]): Condition {
  const each = chosen.map((x): Condition => (x.parts!.length === 1 ? x.parts![0]! : { allOf: [...x.parts!] }));
  return each.length === 1 ? each[0]! : { anyOf: each };
}

/** The cluster actions a condition asks for, and the rest of it (see actionsInCondition in actions.ts). */
export function clusterActionsIn(condition: Condition): { actions: Action[]; rest: Condition | undefined } {
  const parts = flatAll([condition]);
  const found = findActions(parts, clusterActions);
  if (!found) return { actions: [], rest: condition };
  const left = parts.filter((p) => !found.used.has(p));
  return { actions: found.actions, rest: left.length === 0 ? undefined : left.length === 1 ? left[0] : { allOf: left } };
}

/** Everything the builder and the words need for the cluster, added with `useCatalogue` (source-catalogues.ts). */
export const clusterCatalogue: SourceCatalogue = {
  source,
  actions: clusterActions,
  reader: { condition: clusterActionCondition, read: clusterActionsIn },
  fields: auditFields,
  subjects: clusterSubjects,
};
