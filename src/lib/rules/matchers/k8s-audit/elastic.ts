/**
 * How Elastic stores a Kubernetes audit event, for rules on a cluster's audit log: the Elastic
 * **Kubernetes integration**'s `audit_logs` data stream (index `logs-kubernetes.audit_logs-*`).
 *
 * Read from elastic/integrations, packages/kubernetes/data_stream/audit_logs/ (the stored copies
 * Plainsec checked: fields/fields.yml @ a6f7f6f8, manifest.yml @ 10a8cf41, the pipeline test
 * output test-audit.log-expected.json @ d9de7824):
 * - The event is kept under `kubernetes.audit.*` with the API server's own field names.
 * - The index mapping says `dynamic: false`, so only the fields the package lists can be searched.
 *   Everything else (`requestObject.roleRef`, `requestObject.subjects`, `initContainers`, a
 *   Secret's `type`, ...) is kept in the stored event but cannot be queried.
 * - Listed fields have a type: most are `keyword` (exact text, case-sensitive); `user.groups`,
 *   `sourceIPs` and a container's `image` are `text`, split into lower-case words, so no query
 *   compares them exactly; `responseStatus.code` is an `integer`; `hostNetwork`, `privileged` and
 *   the like are `boolean`; a pod's `volumes.hostPath` is `flattened` (each key holds its values as
 *   text); a role's `rules` are `nested` records, which a plain KQL test does not reach.
 * - The ingest pipeline's last step removes every empty value: null, empty text, empty lists and
 *   empty groups, inside lists too (the expected output drops `"apiGroup": ""`).
 * - Elasticsearch reads a list of groups as one field with every item's value ("arrays of
 *   objects" are flattened), so `containers[].securityContext.privileged` is one boolean field
 *   with a value per container, met by any of them, as a rule's `[]` step is.
 *
 * What this model assumes beyond the package (said here, as the export's note says it):
 * - Fleet gives a package's keyword fields `ignore_above: 1024`: longer text is kept but not
 *   indexed, so it has no value for a query.
 * - A value of the wrong kind for its field (text in a boolean field, a group in a keyword field)
 *   is left out of the index (`index.mapping.ignore_malformed`, which the `logs@settings` template
 *   of logs-* data streams turns on), not the whole event.
 */
import type { ElasticDocument, JsonLike } from '../elastic.ts';
import { compileKqlOn } from '../elastic.ts';
import type { CompiledDetection, MatchResult } from '../../target.ts';
import { matchCompiled } from '../../target.ts';

/** How the integration maps an audit-event field. */
export type AuditFieldKind = 'keyword' | 'integer' | 'boolean' | 'flattened';

/** A searchable field: its name in Elastic and how it is stored. */
export interface AuditElasticField {
  name: string;
  kind: AuditFieldKind;
}

const prefix = 'kubernetes.audit';

/** Audit-event paths (as a rule names them) the integration maps, and how. */
const mapped: Record<string, AuditFieldKind> = {
  kind: 'keyword',
  apiVersion: 'keyword',
  level: 'keyword',
  auditID: 'keyword',
  stage: 'keyword',
  requestURI: 'keyword',
  verb: 'keyword',
  'user.username': 'keyword',
  'user.uid': 'keyword',
  'impersonatedUser.username': 'keyword',
  'impersonatedUser.uid': 'keyword',
  userAgent: 'keyword',
  'objectRef.resource': 'keyword',
  'objectRef.namespace': 'keyword',
  'objectRef.name': 'keyword',
  'objectRef.uid': 'keyword',
  'objectRef.apiGroup': 'keyword',
  'objectRef.apiVersion': 'keyword',
  'objectRef.resourceVersion': 'keyword',
  'objectRef.subresource': 'keyword',
  'responseStatus.code': 'integer',
  'responseStatus.status': 'keyword',
  'responseStatus.reason': 'keyword',
  'requestObject.spec.type': 'keyword',
  'requestObject.spec.serviceAccountName': 'keyword',
  'requestObject.spec.restartPolicy': 'keyword',
  'requestObject.spec.hostNetwork': 'boolean',
  'requestObject.spec.hostIPC': 'boolean',
  'requestObject.spec.hostPID': 'boolean',
  'requestObject.spec.volumes[].hostPath.path': 'flattened',
  'requestObject.spec.volumes[].hostPath.type': 'flattened',
  'requestObject.spec.securityContext.runAsUser': 'integer',
  'requestObject.spec.securityContext.runAsGroup': 'integer',
  'requestObject.spec.securityContext.runAsNonRoot': 'boolean',
  'requestObject.spec.containers[].volumeMounts[].mountPath': 'flattened',
  'requestObject.spec.containers[].securityContext.privileged': 'boolean',
  'requestObject.spec.containers[].securityContext.allowPrivilegeEscalation': 'boolean',
  'requestObject.spec.containers[].securityContext.runAsUser': 'integer',
  'requestObject.spec.containers[].securityContext.runAsGroup': 'integer',
  'requestObject.spec.containers[].securityContext.runAsNonRoot': 'boolean',
  'requestObject.spec.containers[].securityContext.procMount': 'keyword',
  'requestObject.spec.containers[].securityContext.capabilities.add': 'keyword',
};

/** Fields the integration lists as analysed text: split into lower-case words, never compared exactly. */
const analysed = new Set(['user.groups', 'impersonatedUser.groups', 'sourceIPs', 'requestObject.spec.containers[].image', 'responseStatus.message']);

/** Plain words for a path, as the reasons say it. */
const said = (path: string): string => path.replace(/\[\]/g, '');

/** The Elastic field name for a mapped path: `kubernetes.audit.` and the path without its `[]` marks. */
const nameOf = (path: string): string => `${prefix}.${said(path)}`;

/** The Elastic field for an audit-event path, or the plain-words reason there is none to search. */
export function auditElasticField(path: string): AuditElasticField | { reason: string } {
  const kind = Object.hasOwn(mapped, path) ? mapped[path] : undefined;
  if (kind) return { name: nameOf(path), kind };
  if (analysed.has(path))
    return {
      reason: `Elastic's Kubernetes integration stores ${said(path)} as words in lower case, so it cannot compare it exactly. Test another field, or use the Sigma, Falco or Splunk file`,
    };
  if (path.startsWith('requestObject.rules'))
    return {
      reason: `Elastic's Kubernetes integration keeps a role's rules as separate records, which a plain Kibana query does not reach. Use the Sigma, Falco or Splunk file for this rule`,
    };
  return {
    reason: `Elastic's Kubernetes integration does not make ${said(path)} searchable: it keeps only the fields it lists. Use the Sigma, Falco or Splunk file for this rule`,
  };
}

/** Every value at a path, through any list on the way, as Elasticsearch flattens arrays of groups. */
function valuesAt(value: JsonLike | undefined, steps: readonly string[]): JsonLike[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, steps));
  if (steps.length === 0) return [value];
  if (typeof value !== 'object' || !Object.hasOwn(value, steps[0]!)) return [];
  return valuesAt(value[steps[0]!], steps.slice(1));
}

/** Fleet's `ignore_above` for a package's keyword fields: longer text is not indexed. */
const keywordLimit = 1024;

/**
 * The indexed values of one field, as text the KQL matcher compares: empty text is gone (the
 * pipeline removes it); a keyword field indexes text, a number as its digits and true/false as
 * words; a flattened field the same, without a length limit; a boolean field true/false or the
 * text "true"/"false"; an integer field a whole number or text that reads as one (Elasticsearch
 * coerces both, dropping a fraction). Anything else is left out (see the header).
 */
function indexed(kind: AuditFieldKind, values: readonly JsonLike[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (v === '' || v === null || typeof v === 'object') continue;
    if (kind === 'boolean') {
      if (v === true || v === 'true') out.push('true');
      else if (v === false || v === 'false') out.push('false');
    } else if (kind === 'integer') {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
      if (Number.isFinite(n) && Math.abs(n) < 2 ** 31) out.push(String(Math.trunc(n)));
    } else {
      const text = String(v);
      if (kind === 'keyword' && [...text].length > keywordLimit) continue;
      out.push(text);
    }
  }
  return out;
}

const fieldsByName = new Map(Object.entries(mapped).map(([path, kind]) => [nameOf(path), { steps: said(path).split('.'), kind }]));

/** The document maker for a query that reads these field names: only those fields are made. */
export function auditDocumentReading(names: ReadonlySet<string>): (event: { [key: string]: JsonLike }) => ElasticDocument {
  const wanted = [...names].flatMap((name) => {
    const field = fieldsByName.get(name);
    return field ? [{ name, ...field }] : [];
  });
  return (event) => {
    const doc: ElasticDocument = new Map();
    for (const { name, steps, kind } of wanted) {
      const values = indexed(kind, valuesAt(event, steps));
      if (values.length > 0) doc.set(name, values);
    }
    return doc;
  };
}

/** The document Elasticsearch indexes for an audit event: every searchable field. */
export function auditDocument(event: { [key: string]: JsonLike }): ElasticDocument {
  return auditDocumentReading(new Set(fieldsByName.keys()))(event);
}

/** A KQL query read once, to search audit events as Elasticsearch searches the integration's documents. */
export function compileAuditKql(queryText: string): CompiledDetection<{ [key: string]: JsonLike }> {
  return compileKqlOn(queryText, auditDocumentReading);
}

/** Whether a KQL query fires on an audit event, as Elastic would search the integration's document. */
export function matchAuditKql(queryText: string, event: { [key: string]: JsonLike }): MatchResult {
  return matchCompiled(compileAuditKql(queryText), event);
}
