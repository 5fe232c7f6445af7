/**
 * The fields of a Kubernetes audit event (`audit.k8s.io/v1` `Event`) that rules on a cluster's
 * audit log read, with plain names, the kind of value the API server writes, and how a list is read.
 *
 * Paths are as the API server writes them, so they go straight into a rule's `field`. Like every
 * rule field (canonical.ts), a field that holds a list of values (`user.groups`, `sourceIPs`, a
 * container's added capabilities) is met when any one of its values passes, and a `name[]` step
 * reads every item of a list of groups (every container of a pod).
 *
 * What the kinds rest on: the Event type
 * (https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/#audit-k8s-io-v1-Event) for
 * the fields of every event, and the core API types for the request body of the resources named in
 * `resources` (Pod, Service, Secret, RBAC Role and binding, CertificateSigningRequest,
 * TokenRequest). A request body is typed only on the requests for that resource: a rule may rely
 * on `requestObject.spec.hostNetwork` being true or false only where it also says
 * `objectRef.resource` is `pods`, as a CloudTrail rule relies on a call's parameter only where it
 * names the call.
 */
import type { FieldKind, OfferedField } from '../field-names.ts';

/** The pages that document each kind. */
export const auditDocs = {
  event: 'https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/#audit-k8s-io-v1-Event',
  pod: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/',
  service: 'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/',
  secret: 'https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/secret-v1/',
  role: 'https://kubernetes.io/docs/reference/kubernetes-api/authorization-resources/role-v1/',
  clusterRole: 'https://kubernetes.io/docs/reference/kubernetes-api/authorization-resources/cluster-role-v1/',
  binding: 'https://kubernetes.io/docs/reference/kubernetes-api/authorization-resources/role-binding-v1/',
  clusterBinding: 'https://kubernetes.io/docs/reference/kubernetes-api/authorization-resources/cluster-role-binding-v1/',
  csr: 'https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/certificate-signing-request-v1/',
  token: 'https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/',
} as const;

/** One audit-event field a builder offers. */
export interface AuditField extends OfferedField {
  /**
   * `values`: the field holds a list of texts, read by any one of them (never a single value).
   * Absent: the field holds one value of `kind` where it is there at all.
   */
  list?: 'values';
  /** The resources (`objectRef.resource`) whose request body has this field; absent: every event has it. */
  resources?: readonly string[];
  /** The page that documents the field's kind. */
  source: string;
  /**
   * The API server never writes this text empty: a field of the Event that is always set (verb,
   * stage, level, requestURI) or left out when empty (`omitempty`: user names, userAgent, every
   * objectRef field). Request bodies are written as the client sent them, so "" can appear there
   * (a hostPath's type, the core API group "" in a role's rules).
   */
  neverEmpty?: true;
}

const event = (path: string, plainName: string, kind: FieldKind, examples: OfferedField['examples'], list?: 'values'): AuditField => ({
  path,
  plainName,
  kind,
  examples,
  source: auditDocs.event,
  ...(kind === 'string' ? { neverEmpty: true as const } : {}),
  ...(list ? { list } : {}),
});

const body = (resources: readonly string[], source: string) =>
  (path: string, plainName: string, kind: FieldKind, examples: OfferedField['examples'], list?: 'values'): AuditField => ({
    path,
    plainName,
    kind,
    examples,
    resources,
    source,
    ...(list ? { list } : {}),
  });

const pod = body(['pods'], auditDocs.pod);
const rbacRole = body(['roles', 'clusterroles'], auditDocs.clusterRole);
const binding = body(['rolebindings', 'clusterrolebindings'], auditDocs.clusterBinding);

/** Every audit-event field the builder offers, most useful first. */
export const auditFields: readonly AuditField[] = [
  event('verb', 'What was done (the request verb)', 'string', ['create', 'get', 'list', 'update', 'patch', 'delete', 'watch']),
  event('objectRef.resource', 'What kind of thing it was done to', 'string', ['pods', 'secrets', 'clusterrolebindings', 'configmaps', 'services']),
  event('objectRef.subresource', 'Which part of it (like exec for a shell in a pod)', 'string', ['exec', 'attach', 'portforward', 'token', 'approval']),
  event('objectRef.namespace', 'Namespace', 'string', ['default', 'kube-system', 'production']),
  event('objectRef.name', 'Name of the thing', 'string', ['aws-auth', 'cluster-admin', 'web-7d4b9c']),
  event('objectRef.apiGroup', 'API group of the thing', 'string', ['rbac.authorization.k8s.io', 'apps', 'batch', 'admissionregistration.k8s.io']),
  event('user.username', 'Who made the request', 'string', ['alice@example.com', 'system:anonymous', 'system:serviceaccount:ci:deployer', 'kubernetes-admin']),
  event('user.groups', 'Groups of who made the request', 'string', ['system:masters', 'system:authenticated', 'system:nodes'], 'values'),
  event('impersonatedUser.username', 'Who they acted as (impersonation)', 'string', ['system:admin']),
  event('sourceIPs', 'Address the request came from', 'string', ['203.0.113.10', '10.0.12.7'], 'values'),
  event('userAgent', 'Tool that made the request', 'string', ['kubectl/v1.31.0 (linux/amd64) kubernetes/9a0b1c2', 'terraform-provider-kubernetes/2.35.0']),
  event('responseStatus.code', 'Response code (201 created, 403 refused)', 'number', [200, 201, 101, 403, 404]),
  event('stage', 'Stage of the request', 'string', ['ResponseComplete', 'ResponseStarted', 'RequestReceived', 'Panic']),
  event('level', 'How much the log keeps (audit level)', 'string', ['Metadata', 'Request', 'RequestResponse']),
  event('requestURI', 'Address asked for', 'string', ['/api/v1/namespaces/default/pods/web/exec?command=sh&stdin=true&tty=true']),
  pod('requestObject.spec.containers[].securityContext.privileged', 'A container runs privileged', 'boolean', [true]),
  pod('requestObject.spec.containers[].securityContext.capabilities.add', 'Extra powers a container asks for', 'string', ['SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE'], 'values'),
  pod('requestObject.spec.containers[].securityContext.allowPrivilegeEscalation', 'A container may gain more rights', 'boolean', [true]),
  pod('requestObject.spec.containers[].image', 'Container image', 'string', ['nginx:1.27', 'busybox']),
  pod('requestObject.spec.initContainers[].securityContext.privileged', 'A setup container runs privileged', 'boolean', [true]),
  pod('requestObject.spec.initContainers[].securityContext.capabilities.add', 'Extra powers a setup container asks for', 'string', ['SYS_ADMIN'], 'values'),
  pod('requestObject.spec.ephemeralContainers[].securityContext.privileged', 'A debugging container runs privileged', 'boolean', [true]),
  pod('requestObject.spec.volumes[].hostPath.path', "Folder of the node it mounts", 'string', ['/', '/var/run/docker.sock', '/etc']),
  pod('requestObject.spec.hostNetwork', "Uses the node's network", 'boolean', [true]),
  pod('requestObject.spec.hostPID', "Sees the node's processes", 'boolean', [true]),
  pod('requestObject.spec.hostIPC', "Shares the node's memory channels", 'boolean', [true]),
  pod('requestObject.spec.serviceAccountName', 'Service account it runs as', 'string', ['default', 'deployer']),
  binding('requestObject.roleRef.name', 'Role it grants', 'string', ['cluster-admin', 'admin', 'edit', 'view']),
  binding('requestObject.roleRef.kind', 'Kind of role it grants', 'string', ['ClusterRole', 'Role']),
  binding('requestObject.subjects[].name', 'Who it grants the role to', 'string', ['alice@example.com', 'deployer', 'system:authenticated']),
  binding('requestObject.subjects[].kind', 'Kind of who it grants to', 'string', ['User', 'Group', 'ServiceAccount']),
  rbacRole('requestObject.rules[].verbs', 'What the role lets someone do', 'string', ['*', 'get', 'create', 'delete'], 'values'),
  rbacRole('requestObject.rules[].resources', 'What the role lets someone touch', 'string', ['*', 'pods/exec', 'secrets'], 'values'),
  rbacRole('requestObject.rules[].apiGroups', 'API groups the role covers', 'string', ['*', '', 'rbac.authorization.k8s.io'], 'values'),
  body(['services'], auditDocs.service)('requestObject.spec.type', 'Kind of service', 'string', ['NodePort', 'LoadBalancer', 'ClusterIP']),
  body(['secrets'], auditDocs.secret)('requestObject.type', 'Kind of secret', 'string', ['kubernetes.io/service-account-token', 'Opaque']),
  body(['certificatesigningrequests'], auditDocs.csr)('requestObject.spec.signerName', 'Who signs the certificate', 'string', ['kubernetes.io/kube-apiserver-client']),
  body(['certificatesigningrequests'], auditDocs.csr)('requestObject.spec.expirationSeconds', 'How long the certificate lasts (seconds)', 'number', [86400]),
  body(['serviceaccounts'], auditDocs.token)('requestObject.spec.expirationSeconds', 'How long the token lasts (seconds)', 'number', [3600]),
];

/** The catalogue entry for a path; where two resources document one path, the first. */
export function auditField(path: string): AuditField | undefined {
  return auditFields.find((f) => f.path === path);
}

/**
 * The documented kind of a single-value field on audit events for the pinned resources (the
 * `objectRef.resource` values every event the test sees must have), or undefined where the API
 * documents none: a field of every event has its kind; a request-body field has it only when every
 * pinned resource is one whose body has it. A field that holds a list of values has no single kind.
 */
export function auditDocumentedKind(path: string, pinnedResources?: ReadonlySet<string>): FieldKind | undefined {
  const entries = auditFields.filter((f) => f.path === path && f.list === undefined);
  if (entries.length === 0) return undefined;
  const everyEvent = entries.find((f) => f.resources === undefined);
  if (everyEvent) return everyEvent.kind;
  if (!pinnedResources || pinnedResources.size === 0) return undefined;
  const kinds = [...pinnedResources].map((r) => entries.find((f) => f.resources!.includes(r))?.kind);
  return kinds.every((k) => k !== undefined && k === kinds[0]) ? kinds[0] : undefined;
}

/** The page that documents a path for the pinned resources. */
export function auditDocumentationOf(path: string, pinnedResources?: ReadonlySet<string>): string | undefined {
  if (auditDocumentedKind(path, pinnedResources) === undefined) return undefined;
  const entries = auditFields.filter((f) => f.path === path);
  const first = pinnedResources && pinnedResources.size > 0 ? [...pinnedResources][0]! : undefined;
  return (entries.find((f) => f.resources === undefined) ?? entries.find((f) => first !== undefined && f.resources?.includes(first)))?.source;
}

/** The paths that hold a list of values on audit events (read by any one of them). */
export const auditValueLists: readonly string[] = auditFields.filter((f) => f.list === 'values').map((f) => f.path);
