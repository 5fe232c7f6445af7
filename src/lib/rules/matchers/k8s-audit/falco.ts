/**
 * Falco rules for a cluster's audit log (`source: k8s_audit`): how Falco with the k8saudit plugin
 * (or k8saudit-eks, which embeds the same extractor) and the json plugin reads one audit event.
 * It follows the plugins' code (falcosecurity/plugins, plugins/k8saudit/pkg/k8saudit/extract.go
 * and source.go at 0b3cbd8d; plugins/json/pkg/json/json.go) and libsinsp's comparison of plugin
 * fields (sinsp_filtercheck.cpp, plugin_filtercheck.cpp):
 * - An object reaches the rules only when its `kind` is the text "Event" and its
 *   `stageTimestamp` is an RFC 3339 time; anything else is dropped before any rule runs, so no
 *   rule fires on it.
 * - Every `ka.*` field has no value on an event without `auditID`.
 * - A single-value field (`ka.verb`, `ka.response.code`, `ka.req.pod.host_network` …) walks
 *   objects key by key; text gives its text, anything else (a number, true/false, null, a list, a
 *   group) the JSON text of it, so the number 201 reads "201" and true reads "true".
 * - A list field (`ka.user.groups`, `ka.req.pod.containers.privileged` …) gives a list of texts.
 *   Where the plugin walks into a list (`containers`, `volumes`, `rules`), it reads every item, a
 *   list inside it too, and a group where the list could be; an item without the key gives
 *   nothing, except for container images and names, where one missing makes the whole field have
 *   no value. What it reaches at the end is one text, even when that is a list: each container's
 *   added capabilities read as the JSON text of the container's list, like `["SYS_ADMIN"]`. Role
 *   rules' verbs, resources and API groups are the exception: each rule's list gives its items.
 *   `ka.sourceips` reads `requestObject.rules[].sourceIPs` (that is where the plugin looks), never
 *   the event's `sourceIPs`.
 * - A list field with no texts in it has no value (libsinsp drops a field whose result is empty).
 *   An extraction error (a user's groups that are not a list) leaves the field with no value too.
 * - On a list field, libsinsp allows only `exists`, `intersects` (some text is in the set) and
 *   `in` (every text is); any other operator is an error. On a single value, `in` and
 *   `intersects` both ask whether the value is in the set.
 * - A comparison on a field with no value is false, whatever the operator.
 * - `json.value[/a/b]` and `jevt.value[/a/b]` (json plugin) read as in the CloudTrail matcher;
 *   `jevt.rawtime` is the event's time (its stageTimestamp) in nanoseconds.
 * Numbers are written back with JavaScript's JSON text, which is how the parsed event holds them
 * (the plugin keeps the number as the API server wrote it, which is the same for the whole
 * numbers an API server writes).
 */
import type { CloudTrailEvent, JsonValue } from '../../canonical.ts';
import { matchCompiled, type CompiledDetection, type MatchResult } from '../../target.ts';
import {
  at,
  compareText,
  compileFalco,
  expandValues,
  parseFalcoRulesFile,
  pointerSteps,
  Unsupported,
  type FalcoDefinitions,
  type FalcoExpr,
} from '../falco.ts';

/** What a field gives on one event: no value, one text, or a list of one text or more. */
type Extracted = undefined | string | string[];

/** Go's nil beside JSON's null: an item of a list that had nothing at the key. */
const NIL = Symbol('nil');
type Reached = JsonValue | typeof NIL;

/** The plugin's extraction errors: the field then has no value. */
class NotAvailable extends Error {}

/** fastjson's Get: a key of a group; on a list, a key that is its index; nothing otherwise. */
function get(value: JsonValue | undefined, key: string): JsonValue | undefined {
  if (value === undefined || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    if (!/^\d+$/.test(key)) return undefined;
    return value[Number(key)];
  }
  return Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

const getAll = (value: JsonValue | undefined, keys: readonly string[]): JsonValue | undefined => keys.reduce<JsonValue | undefined>(get, value);

/** The plugin's jsonValueAsString: text as it is, anything else as its JSON text. */
const asString = (v: JsonValue): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** The plugin's getValuesRecursive without an index: every value at the keys, through every list on the way. */
function valuesRecursive(value: JsonValue, keys: readonly string[], index?: number): Reached[] {
  let here: JsonValue = value;
  for (let i = 0; i < keys.length; i++) {
    if (Array.isArray(here)) {
      if (index === undefined) {
        const out: Reached[] = [];
        for (const item of here) {
          try {
            out.push(...valuesRecursive(item, keys.slice(i)));
          } catch (error) {
            if (!(error instanceof NotAvailable)) throw error;
            out.push(NIL);
          }
        }
        return out;
      }
      if (index >= here.length) throw new NotAvailable();
      here = here[index]!;
    }
    const next = get(here, keys[i]!);
    if (next === undefined) throw new NotAvailable();
    here = next;
  }
  return [here];
}

/** arrayAsStringsSkipNil: the texts of what was reached, leaving out items that had nothing. */
const skipNil = (values: Reached[]): string[] => values.filter((v): v is JsonValue => v !== NIL).map(asString);

/** arrayAsStrings: the same, but one item with nothing is an error. */
const noNil = (values: Reached[]): string[] => {
  if (values.some((v) => v === NIL)) throw new NotAvailable();
  return values.map((v) => asString(v as JsonValue));
};

/** extractFromKeys: one text, or (for a list field) the texts of a list, which must be a list. */
function fromKeys(event: CloudTrailEvent, keys: readonly string[], list: boolean): Extracted {
  const v = getAll(event, keys);
  if (v === undefined) return undefined;
  if (!list) return asString(v);
  if (!Array.isArray(v)) throw new NotAvailable();
  return v.map(asString);
}

/** extractRulesField: for every item of requestObject.rules, the items of its list at the key. */
function rulesField(event: CloudTrailEvent, key: string, index?: number): string[] {
  const reached = valuesRecursive(event, ['requestObject', 'rules', key], index);
  return reached.flatMap((v) => (v !== NIL && Array.isArray(v) ? skipNil(v) : []));
}

/** readSubjectNamesByKind: the names of the binding's subjects of one kind (with their namespace, for namespaced service accounts). */
function subjectNames(event: CloudTrailEvent, kind: string, withNamespace = false): string[] {
  const subjects = getAll(event, ['requestObject', 'subjects']);
  if (subjects === undefined) return [];
  if (!Array.isArray(subjects)) throw new NotAvailable();
  const out: string[] = [];
  for (const s of subjects) {
    const k = get(s, 'kind');
    const name = get(s, 'name');
    if (k === undefined || name === undefined || asString(k) !== kind) continue;
    if (withNamespace) {
      const ns = get(s, 'namespace');
      if (ns === undefined) continue;
      out.push(`${asString(ns)}:${asString(name)}`);
    } else out.push(asString(name));
  }
  return out;
}

const single = (...keys: string[]) => (event: CloudTrailEvent): Extracted => fromKeys(event, keys, false);

/** The `ka.*` fields that read one value, by the keys the plugin walks. */
const singleFields: Record<string, (event: CloudTrailEvent) => Extracted> = {
  'ka.auditid': single('auditID'),
  'ka.stage': single('stage'),
  'ka.auth.decision': single('annotations', 'authorization.k8s.io/decision'),
  'ka.auth.reason': single('annotations', 'authorization.k8s.io/reason'),
  'ka.user.name': single('user', 'username'),
  'ka.impuser.name': single('impersonatedUser', 'username'),
  'ka.verb': single('verb'),
  'ka.uri': single('requestURI'),
  'ka.target.name': single('objectRef', 'name'),
  'ka.target.namespace': single('objectRef', 'namespace'),
  'ka.target.resource': single('objectRef', 'resource'),
  'ka.target.subresource': single('objectRef', 'subresource'),
  'ka.req.binding.role': single('requestObject', 'roleRef', 'name'),
  'ka.req.configmap.name': single('objectRef', 'name'),
  'ka.req.configmap.obj': single('requestObject', 'data'),
  'ka.req.pod.host_ipc': single('requestObject', 'spec', 'hostIPC'),
  'ka.req.pod.host_network': single('requestObject', 'spec', 'hostNetwork'),
  'ka.req.container.host_network': single('requestObject', 'spec', 'hostNetwork'),
  'ka.req.pod.host_pid': single('requestObject', 'spec', 'hostPID'),
  'ka.req.pod.run_as_user': single('requestObject', 'spec', 'securityContext', 'runAsUser'),
  'ka.req.pod.run_as_group': single('requestObject', 'spec', 'securityContext', 'runAsGroup'),
  'ka.req.pod.fs_group': single('requestObject', 'spec', 'securityContext', 'fsGroup'),
  'ka.req.service.type': single('requestObject', 'spec', 'type'),
  'ka.resp.name': single('responseObject', 'metadata', 'name'),
  'ka.response.code': single('responseStatus', 'code'),
  'ka.response.reason': single('responseStatus', 'reason'),
  'ka.useragent': single('userAgent'),
  'ka.cluster.name': single('annotations', 'cluster_name'),
};

/** The per-container fields, as `ka.req.pod.<list>.<name>` reads them under securityContext. */
const containerSecurity: Record<string, string[]> = {
  privileged: ['securityContext', 'privileged'],
  allow_privilege_escalation: ['securityContext', 'allowPrivilegeEscalation'],
  read_only_fs: ['securityContext', 'readOnlyRootFilesystem'],
  run_as_user: ['securityContext', 'runAsUser'],
  run_as_group: ['securityContext', 'runAsGroup'],
  proc_mount: ['securityContext', 'procMount'],
  add_capabilities: ['securityContext', 'capabilities', 'add'],
};

/** The `ka.*` fields that give a list, by what the plugin reads; `index` is the field's [n] argument. */
function listField(event: CloudTrailEvent, field: string, index: number | undefined): Extracted | 'unknown' {
  const container = /^ka\.req\.pod\.(containers|initContainers|ephemeralContainers)\.(.+)$/.exec(field);
  if (container) {
    const [, list, name] = container;
    const spec = ['requestObject', 'spec', list!];
    if (name! in containerSecurity) return skipNil(valuesRecursive(event, [...spec, ...containerSecurity[name!]!], index));
    if (name === 'image' || name === 'name') return noNil(valuesRecursive(event, [...spec, name], index));
    if (name === 'image.repository') return noNil(valuesRecursive(event, [...spec, 'image'], index)).map((i) => i.split(':')[0]!.split('@')[0]!);
    return 'unknown';
  }
  switch (field) {
    case 'ka.user.groups':
      return fromKeys(event, ['user', 'groups'], true);
    case 'ka.req.binding.subjects':
      return fromKeys(event, ['requestObject', 'subjects'], true);
    case 'ka.req.binding.subjects.user_names':
      return subjectNames(event, 'User');
    case 'ka.req.binding.subjects.serviceaccount_names':
      return subjectNames(event, 'ServiceAccount');
    case 'ka.req.binding.subjects.serviceaccount_ns_names':
      return subjectNames(event, 'ServiceAccount', true);
    case 'ka.req.binding.subjects.group_names':
      return subjectNames(event, 'Group');
    case 'ka.req.role.rules':
      return fromKeys(event, ['requestObject', 'rules'], true);
    case 'ka.req.role.rules.apiGroups':
      return rulesField(event, 'apiGroups', index);
    case 'ka.req.role.rules.nonResourceURLs':
      return rulesField(event, 'nonResourceURLs', index);
    case 'ka.req.role.rules.verbs':
      return rulesField(event, 'verbs', index);
    case 'ka.req.role.rules.resources':
      return rulesField(event, 'resources', index);
    case 'ka.sourceips':
      // The plugin reads the addresses through requestObject.rules, as its code does to this day.
      return rulesField(event, 'sourceIPs', index);
    case 'ka.req.pod.supplemental_groups':
      return fromKeys(event, ['requestObject', 'spec', 'securityContext', 'supplementalGroups'], true);
    case 'ka.req.pod.volumes.hostpath':
      return skipNil(valuesRecursive(event, ['requestObject', 'spec', 'volumes', 'hostPath', 'path'], index));
    case 'ka.req.pod.volumes.flexvolume_driver':
      return skipNil(valuesRecursive(event, ['requestObject', 'spec', 'volumes', 'flexVolume', 'driver'], index));
    case 'ka.req.service.ports':
      return skipNil(valuesRecursive(event, ['requestObject', 'spec', 'ports'], index));
  }
  return 'unknown';
}

/** The deprecated `ka.req.volume.hostpath[path]`: "true" when a hostPath volume is that path (or, with a final `*`, starts with it), else "false". */
function volumeHostPath(event: CloudTrailEvent, arg: string): string {
  const paths = skipNil(valuesRecursive(event, ['requestObject', 'spec', 'volumes', 'hostPath', 'path']));
  const prefix = arg.endsWith('*') ? arg.slice(0, -1) : undefined;
  return paths.some((p) => (prefix !== undefined && p.startsWith(prefix)) || p === arg) ? 'true' : 'false';
}

/** The plugin's list fields besides the per-container ones (`ka.req.pod.containers.*` and the like). */
export const k8sAuditListFields: ReadonlySet<string> = new Set([
  'ka.user.groups',
  'ka.req.binding.subjects',
  'ka.req.binding.subjects.user_names',
  'ka.req.binding.subjects.serviceaccount_names',
  'ka.req.binding.subjects.serviceaccount_ns_names',
  'ka.req.binding.subjects.group_names',
  'ka.req.role.rules',
  'ka.req.role.rules.apiGroups',
  'ka.req.role.rules.nonResourceURLs',
  'ka.req.role.rules.verbs',
  'ka.req.role.rules.resources',
  'ka.sourceips',
  'ka.req.pod.supplemental_groups',
  'ka.req.pod.volumes.hostpath',
  'ka.req.pod.volumes.flexvolume_driver',
  'ka.req.service.ports',
]);

const isListField = (field: string): boolean => k8sAuditListFields.has(field) || /^ka\.req\.pod\.(containers|initContainers|ephemeralContainers)\./.test(field);

/** An RFC 3339 time, as Go's time.Parse(time.RFC3339Nano) takes it. */
const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The event's time in nanoseconds since 1970, as text: the json plugin's rawtime, from the time the k8saudit plugin gives the event (its stageTimestamp). */
function rawTime(event: CloudTrailEvent): string {
  const stamp = String(event['stageTimestamp']);
  const whole = Date.parse(stamp.replace(/\.\d+/, ''));
  const fraction = (/\.(\d+)/.exec(stamp)?.[1] ?? '').padEnd(9, '0').slice(0, 9);
  return (BigInt(whole) * 1000000n + BigInt(fraction)).toString();
}

/** Whether the k8saudit plugin makes an event of this object at all (source.go). */
export function reachesFalco(event: CloudTrailEvent): boolean {
  const stamp = event['stageTimestamp'];
  return event['kind'] === 'Event' && typeof stamp === 'string' && rfc3339.test(stamp);
}

/** What a field gives on the event, keeping each JSON pointer's steps in `pointers`. */
function fieldValue(event: CloudTrailEvent, field: string, arg: string | undefined, pointers: Map<string, string[]>): { list: boolean; value: Extracted } {
  if (field === 'json.value' || field === 'jevt.value') {
    if (arg === undefined) throw new Unsupported(`${field} needs a JSON pointer, like ${field}[/verb]`);
    let steps = pointers.get(arg);
    if (!steps) pointers.set(arg, (steps = pointerSteps(arg)));
    const v = at(event, steps);
    return { list: false, value: v === undefined ? undefined : asString(v) };
  }
  if (field === 'json.rawtime' || field === 'jevt.rawtime') return { list: false, value: rawTime(event) };
  if (!field.startsWith('ka.')) throw new Unsupported(`the field ${field} is not evaluated here`);
  const list = isListField(field);
  if (!Object.prototype.hasOwnProperty.call(event, 'auditID')) return { list, value: undefined };
  try {
    if (field === 'ka.req.volume.hostpath') {
      if (arg === undefined) throw new Unsupported('ka.req.volume.hostpath needs a path, like ka.req.volume.hostpath[/etc*]');
      return { list: false, value: volumeHostPath(event, arg) };
    }
    if (!list) {
      const read = singleFields[field];
      if (!read) throw new Unsupported(`the field ${field} is not evaluated here`);
      if (arg !== undefined) throw new Unsupported(`${field} takes no argument`);
      return { list, value: read(event) };
    }
    if (arg !== undefined && !/^(0|[1-9]\d*)$/.test(arg)) throw new Unsupported(`${field} takes an index, like ${field}[0]`);
    const value = listField(event, field, arg === undefined ? undefined : Number(arg));
    if (value === 'unknown') throw new Unsupported(`the field ${field} is not evaluated here`);
    return { list, value: value === undefined || value.length === 0 ? undefined : value };
  } catch (error) {
    if (error instanceof NotAvailable) return { list, value: undefined };
    throw error;
  }
}

interface Memo {
  values: Map<FalcoExpr, { all: string[]; set: Set<string> }>;
  globs: Map<FalcoExpr, RegExp>;
  pointers: Map<string, string[]>;
}

const newMemo = (): Memo => ({ values: new Map(), globs: new Map(), pointers: new Map() });

function evaluate(expr: FalcoExpr, event: CloudTrailEvent, defs: FalcoDefinitions, memo: Memo, depth: number): boolean {
  if (depth > 50) throw new Unsupported('macros refer to each other in a loop');
  switch (expr.kind) {
    case 'and':
      return expr.operands.every((e) => evaluate(e, event, defs, memo, depth));
    case 'or':
      return expr.operands.some((e) => evaluate(e, event, defs, memo, depth));
    case 'not':
      return !evaluate(expr.operand, event, defs, memo, depth);
    case 'macro': {
      const macro = defs.macros.get(expr.name);
      if (!macro) throw new Unsupported(`the condition names ${expr.name}, which is neither a macro nor a field`);
      return evaluate(macro, event, defs, memo, depth + 1);
    }
    case 'check': {
      const { list, value } = fieldValue(event, expr.field, expr.arg, memo.pointers);
      if (list && !['exists', 'in', 'intersects'].includes(expr.op))
        throw new Unsupported(`the list field ${expr.field} takes only exists, in and intersects, not ${expr.op}`);
      if (expr.op === 'exists') return value !== undefined;
      if (value === undefined) return false;
      let values = memo.values.get(expr);
      if (!values) {
        const all = expandValues(expr.values, defs);
        memo.values.set(expr, (values = { all, set: new Set(all) }));
      }
      const { set } = values;
      if (Array.isArray(value)) return expr.op === 'in' ? value.every((v) => set.has(v)) : value.some((v) => set.has(v));
      return compareText(expr, value, values.all, set, memo.globs, 'field');
    }
  }
}

/** A Falco rules file holding one rule for k8s_audit, read once, to evaluate on many audit events. */
export function compileFalcoK8s(rulesText: string): CompiledDetection {
  const parsed = parseFalcoRulesFile(rulesText);
  if (!parsed.ok) return parsed;
  const rules = parsed.file.rules.filter((r) => r.enabled);
  if (rules.length !== 1) return { ok: false, reason: `expected one enabled rule, found ${rules.length}` };
  if (rules[0]!.source !== 'k8s_audit') return { ok: false, reason: 'the rule is not for source k8s_audit' };
  const { condition } = rules[0]!;
  const defs = parsed.file;
  const memo = newMemo();
  return {
    ok: true,
    match(event) {
      if (!reachesFalco(event)) return { kind: 'no-match' };
      try {
        return evaluate(condition, event, defs, memo, 0) ? { kind: 'match' } : { kind: 'no-match' };
      } catch (error) {
        if (error instanceof Unsupported) return { kind: 'invalid', reason: error.message };
        throw error;
      }
    },
  };
}

/** The source a one-rule Falco file is for, read without evaluating anything. */
function ruleSourceOf(rulesText: string): string | undefined {
  const parsed = parseFalcoRulesFile(rulesText);
  return parsed.ok ? parsed.file.rules.find((r) => r.enabled)?.source : undefined;
}

/** A one-rule Falco file of either source: k8s_audit read here, anything else by the CloudTrail matcher. */
export function compileFalcoAnySource(rulesText: string): CompiledDetection {
  return ruleSourceOf(rulesText) === 'k8s_audit' ? compileFalcoK8s(rulesText) : compileFalco(rulesText);
}

// As in the CloudTrail matcher: reading is the slow part when one rule meets many events.
const parsedLimit = 512;
const recentlyParsed = new Map<string, CompiledDetection>();

/** Whether the single rule in a Falco rules file (either source) fires on the event. */
export function matchFalcoAnySource(rulesText: string, event: CloudTrailEvent): MatchResult {
  let compiled = recentlyParsed.get(rulesText);
  if (!compiled) {
    compiled = compileFalcoAnySource(rulesText);
    if (recentlyParsed.size >= parsedLimit) recentlyParsed.delete(recentlyParsed.keys().next().value!);
    recentlyParsed.set(rulesText, compiled);
  }
  return matchCompiled(compiled, event);
}
