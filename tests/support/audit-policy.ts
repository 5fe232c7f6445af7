/**
 * How kube-apiserver picks the audit level for one request, from an audit.k8s.io/v1 Policy:
 * the first rule that matches wins, and a request no rule matches is not logged. This follows
 * the API server's own checker (k8s.io/apiserver/pkg/audit/policy/checker.go), so a test can ask
 * "what would this request be logged at?" without running a cluster.
 */

export const auditLevels = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
export type AuditLevel = (typeof auditLevels)[number];

export interface GroupResources {
  group?: string;
  resources?: string[];
  resourceNames?: string[];
}

export interface PolicyRule {
  level: AuditLevel;
  users?: string[];
  userGroups?: string[];
  verbs?: string[];
  resources?: GroupResources[];
  namespaces?: string[];
  nonResourceURLs?: string[];
  omitStages?: string[];
  omitManagedFields?: boolean;
}

export interface AuditPolicy {
  apiVersion: string;
  kind: string;
  omitStages?: string[];
  omitManagedFields?: boolean;
  rules: PolicyRule[];
}

/** One request as the API server sees it. A resource request names a resource; any other is a path. */
export type AuditRequest = {
  user: string;
  groups?: string[];
  verb: string;
} & (
  | { group?: string; resource: string; subresource?: string; namespace?: string; name?: string }
  | { path: string }
);

const isResourceRequest = (r: AuditRequest): r is Extract<AuditRequest, { resource: string }> => 'resource' in r;

function matchesResource(rule: PolicyRule, request: AuditRequest): boolean {
  if (!isResourceRequest(request)) return false;
  if (rule.namespaces?.length && !rule.namespaces.includes(request.namespace ?? '')) return false;
  if (!rule.resources?.length) return true;
  const group = request.group ?? '';
  const { resource, subresource = '' } = request;
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const gr of rule.resources) {
    if ((gr.group ?? '') !== group) continue;
    if (!gr.resources?.length) return true;
    for (const res of gr.resources) {
      if (gr.resourceNames?.length && !gr.resourceNames.includes(request.name ?? '')) continue;
      if (res === combined || res === '*') return true;
      if (subresource && res.startsWith('*/') && res.slice(2) === subresource) return true;
      // "pods/*" matches pods and every subresource of pods, as the API server reads it.
      if (res.endsWith('/*') && res.slice(0, -2) === resource) return true;
    }
  }
  return false;
}

function matchesPath(rule: PolicyRule, request: AuditRequest): boolean {
  if (isResourceRequest(request)) return false;
  return (rule.nonResourceURLs ?? []).some((spec) => spec === request.path || (spec.endsWith('*') && request.path.startsWith(spec.slice(0, -1))));
}

/** True when the rule applies to the request. */
export function ruleMatches(rule: PolicyRule, request: AuditRequest): boolean {
  if (rule.users?.length && !rule.users.includes(request.user)) return false;
  if (rule.userGroups?.length && !(request.groups ?? []).some((g) => rule.userGroups!.includes(g))) return false;
  if (rule.verbs?.length && !rule.verbs.includes(request.verb)) return false;
  if (rule.namespaces?.length || rule.resources?.length) return matchesResource(rule, request);
  if (rule.nonResourceURLs?.length) return matchesPath(rule, request);
  return true;
}

/** The level the request is logged at, and the index of the rule that set it (-1: none matched). */
export function levelFor(policy: AuditPolicy, request: AuditRequest): { level: AuditLevel; rule: number } {
  const rule = policy.rules.findIndex((r) => ruleMatches(r, request));
  return { level: rule === -1 ? 'None' : policy.rules[rule]!.level, rule };
}

/** True when `level` records at least as much as `floor`. */
export const atLeast = (level: AuditLevel, floor: AuditLevel) => auditLevels.indexOf(level) >= auditLevels.indexOf(floor);
