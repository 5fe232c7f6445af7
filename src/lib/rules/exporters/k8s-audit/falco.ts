/**
 * Falco export of a rule on a cluster's audit log: a rule with `source: k8s_audit`, read by the
 * k8saudit plugin (k8saudit-eks on EKS: the same `ka.*` fields, from CloudWatch Logs) and the
 * json plugin. How those plugins read an event is in `matchers/k8s-audit/falco.ts`.
 *
 * Each field a rule tests is read by the plugin field that reads exactly that value:
 * - a field of one value (`verb`, `user.username`, `responseStatus.code`, a pod's `hostNetwork` …)
 *   by its `ka.*` field, or by `jevt.value[/pointer]` where the plugin has none (`objectRef.apiGroup`,
 *   `level`). Falco gives the text of what is there (the number 201 as "201", true as "true"), so
 *   every test must read a field whose kind Kubernetes documents for the events the rule looks at
 *   (`documented.ts`: for a request body, only where the rule names the resource). There it is
 *   missing or holds one value of that kind, so a number and true/false can be compared as their
 *   text, and the file says in a comment which documented kinds it relies on.
 * - a field that holds a list of texts (`user.groups`, a role's verbs) or is read through a list
 *   (every container's `privileged`, every volume's `hostPath.path`) by the plugin's list field,
 *   which gives one text per item as the rule reads them. libsinsp compares a list field only with
 *   `exists`, `intersects` (some item is one of the values) and `in`, so such a test may ask for
 *   whole values only; a start of a node folder is the one exception, through the plugin's own
 *   `ka.req.volume.hostpath[/etc*]`.
 * Refused, with the reason: the request's addresses (`ka.sourceips` reads inside the request body
 * instead), a container's added capabilities (each container's list is one piece of text), its
 * image (one container without an image leaves the field empty for the whole pod), a binding's
 * subjects (named only by kind), and any other list.
 */
import { yamlText } from '../../yaml-text.ts';
import { effectiveCondition } from '../../model.ts';
import type { Condition, FieldTest, Rule, Scalar } from '../../model.ts';
import type { Detection } from '../../target.ts';
import { constantRuleReason, documentedTypeNotes, specialise } from '../../documented.ts';
import { auditField } from '../../sources/k8s-audit-fields.ts';
import { readsThroughList } from '../../list-paths.ts';
import type { FieldKind } from '../../fields.ts';
import { falcoCountReason } from '../../count-refusals.ts';
import { falcoPriorities, ignoringCase, patternTest, quote, Refuse } from '../falco-condition.ts';

/** The last sentence of every refusal: EventBridge never sees a cluster's audit log, so it is not named. */
const useOthers = 'Use Sigma or Elastic for this rule';

/** The `ka.*` field that reads each single-value path exactly as the event holds it. */
const singleFields: Readonly<Record<string, string>> = {
  verb: 'ka.verb',
  'user.username': 'ka.user.name',
  'impersonatedUser.username': 'ka.impuser.name',
  userAgent: 'ka.useragent',
  stage: 'ka.stage',
  requestURI: 'ka.uri',
  'objectRef.resource': 'ka.target.resource',
  'objectRef.subresource': 'ka.target.subresource',
  'objectRef.namespace': 'ka.target.namespace',
  'objectRef.name': 'ka.target.name',
  'responseStatus.code': 'ka.response.code',
  'requestObject.spec.hostNetwork': 'ka.req.pod.host_network',
  'requestObject.spec.hostPID': 'ka.req.pod.host_pid',
  'requestObject.spec.hostIPC': 'ka.req.pod.host_ipc',
  'requestObject.roleRef.name': 'ka.req.binding.role',
  'requestObject.spec.type': 'ka.req.service.type',
};

/** The plugin's list field that reads each list path item by item; `since` when it needs a newer plugin than the file's base. */
const listFields: Readonly<Record<string, { field: string; since?: 'initContainers' }>> = {
  'user.groups': { field: 'ka.user.groups' },
  'requestObject.spec.containers[].securityContext.privileged': { field: 'ka.req.pod.containers.privileged' },
  'requestObject.spec.containers[].securityContext.allowPrivilegeEscalation': { field: 'ka.req.pod.containers.allow_privilege_escalation' },
  'requestObject.spec.initContainers[].securityContext.privileged': { field: 'ka.req.pod.initContainers.privileged', since: 'initContainers' },
  // Listed in the same plugin field table as the setup containers' fields, so asked for with the same versions.
  'requestObject.spec.ephemeralContainers[].securityContext.privileged': { field: 'ka.req.pod.ephemeralContainers.privileged', since: 'initContainers' },
  'requestObject.spec.volumes[].hostPath.path': { field: 'ka.req.pod.volumes.hostpath' },
  'requestObject.rules[].verbs': { field: 'ka.req.role.rules.verbs' },
  'requestObject.rules[].resources': { field: 'ka.req.role.rules.resources' },
  'requestObject.rules[].apiGroups': { field: 'ka.req.role.rules.apiGroups' },
};

/** Paths the plugin has a field for, but one that does not read them as the rule does: why not. */
const misread: Readonly<Record<string, string>> = {
  sourceIPs:
    "Falco's Kubernetes plugin cannot read the address a request came from. Its ka.sourceips field looks inside the request body instead.",
  'requestObject.spec.containers[].securityContext.capabilities.add':
    "Falco's Kubernetes plugin reads the powers a container adds as one piece of text, not one by one. So Falco cannot test them.",
  'requestObject.spec.initContainers[].securityContext.capabilities.add':
    "Falco's Kubernetes plugin reads the powers a setup container adds as one piece of text, not one by one. So Falco cannot test them.",
  'requestObject.spec.containers[].image':
    "Falco's Kubernetes plugin reads no image at all when one container of the pod names none. So Falco cannot test the images.",
  'requestObject.subjects[].name': "Falco's Kubernetes plugin reads who a binding names only by their kind. So Falco cannot test every name.",
  'requestObject.subjects[].kind': "Falco's Kubernetes plugin reads who a binding names only by their kind. So Falco cannot test every kind.",
};

/** Plugin versions: the fields used here are in k8saudit 0.7.0; EKS's plugin has them from 0.5.0, built on k8saudit 0.10.0. */
const baseVersions = { k8saudit: '0.7.0', eks: '0.5.0' };
/** The setup containers' fields came in k8saudit 0.18.0 (k8saudit-eks 0.12.0). */
const initContainerVersions = { k8saudit: '0.18.0', eks: '0.12.0' };

/** The resources a condition pins when it holds: each test naming exact resources narrows them. */
function resourcePins(c: Condition): Set<string> | undefined {
  if ('allOf' in c) return c.allOf.map(resourcePins).reduce(meet, undefined);
  if (!('field' in c) || c.field !== 'objectRef.resource' || ('ignoreCase' in c && c.ignoreCase)) return undefined;
  const values = 'equals' in c ? [c.equals] : 'oneOf' in c ? c.oneOf : undefined;
  return values && values.every((v): v is string => typeof v === 'string') ? new Set(values) : undefined;
}

function meet(a: Set<string> | undefined, b: Set<string> | undefined): Set<string> | undefined {
  if (!a) return b;
  if (!b) return a;
  return new Set([...a].filter((v) => b.has(v)));
}

/** The text Falco gives for a value of a documented kind. */
const asText = (v: Scalar): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** A JSON pointer for a path the json plugin reads exactly: plain names only (a number would name an item of a list). */
function pointerFor(path: string): string {
  const steps = path.split('.');
  if (!steps.every((s) => /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s)))
    throw new Refuse(`Falco reads this field by a JSON pointer, which cannot name every step of ${path} exactly. ${useOthers}`);
  return `jevt.value[/${steps.join('/')}]`;
}

/** Whole values a test asks for, as the texts Falco compares; refuses case folding Falco cannot do on them. */
function wholeTexts(test: FieldTest, field: string, kind: FieldKind): string[] {
  const values = 'equals' in test ? [test.equals] : 'oneOf' in test ? test.oneOf : [];
  const fitting = values.filter((v) => typeof v === kind);
  if (fitting.length === 0)
    throw new Refuse(`This rule compares ${test.field} with a kind of value Kubernetes never writes there. Compare it with ${kind === 'string' ? 'text' : kind === 'boolean' ? 'true or false' : 'a number'}`);
  const caseMatters = (v: Scalar): boolean => typeof v === 'string' && (/[^\u0000-\u007f]/.test(v) || /[A-Za-z]/.test(v));
  if ('ignoreCase' in test && test.ignoreCase === true && fitting.some(caseMatters))
    throw new Refuse(`Falco compares the items of ${test.field} only exactly, so it cannot ignore case there. Compare exactly, or use Sigma or Elastic for this rule`);
  return [...new Set(fitting.map(asText))];
}

/** A test on a list field of the plugin: whole values only, or the start of a node folder. */
function listTest(test: FieldTest, path: string, field: string, kind: FieldKind): string {
  if ('exists' in test) return test.exists ? `${field} exists` : `not ${field} exists`;
  if ('equals' in test || 'oneOf' in test) return `${field} intersects (${wholeTexts(test, field, kind).map(quote).join(', ')})`;
  if ('startsWith' in test && path === 'requestObject.spec.volumes[].hostPath.path' && test.ignoreCase !== true && /^[A-Za-z0-9_/.-]+$/.test(test.startsWith))
    // The plugin's own prefix test: "true" when some hostPath volume starts with the text before the *.
    return `ka.req.volume.hostpath[${test.startsWith}*] = "true"`;
  throw new Refuse(`Falco compares a list such as ${path} only with whole values. So it cannot test ${'startsWith' in test ? 'the start' : 'endsWith' in test ? 'the end' : 'a pattern'} of one. ${useOthers}`);
}

/** A test on a field of one value, read by `field`, of a documented kind. */
function singleTest(test: FieldTest, field: string, kind: FieldKind): string {
  if ('exists' in test) return test.exists ? `${field} exists` : `not ${field} exists`;
  if (kind === 'string' && test.ignoreCase === true) {
    let written: string | undefined;
    try {
      written = ignoringCase(test, field);
    } catch (error) {
      if (!(error instanceof Refuse)) throw error;
      throw new Refuse(`Falco can ignore case only to find plain A to Z text anywhere in a field (icontains). It cannot do that for ${test.field} here. Compare exactly, or use Sigma or Elastic for this rule`);
    }
    if (written !== undefined) return written;
  }
  if ('equals' in test || 'oneOf' in test) {
    const texts = wholeTexts({ ...test, ignoreCase: undefined } as FieldTest, field, kind);
    return texts.length === 1 ? `${field} = ${quote(texts[0]!)}` : `${field} in (${texts.map(quote).join(', ')})`;
  }
  return patternTest(test, field);
}

/** What a condition needs of the plugins, found while writing it. */
interface Needs {
  initContainers: boolean;
  lists: boolean;
}

function fieldTest(test: FieldTest, kindOf: (t: FieldTest) => FieldKind | undefined, pins: Set<string> | undefined, needs: Needs): string {
  const path = test.field;
  const reason = misread[path];
  if (reason) throw new Refuse(`${reason} ${useOthers}`);
  const kind = kindOf(test);
  const list = listFields[path];
  if (list) {
    // A list of texts is documented where the catalogue says so for every pinned resource.
    const entry = auditField(path);
    const documentedList =
      entry?.list === 'values' && (entry.resources === undefined || (pins !== undefined && pins.size > 0 && [...pins].every((r) => entry.resources!.includes(r))));
    const itemKind = kind ?? (documentedList ? entry!.kind : undefined);
    if (itemKind === undefined) throw new Refuse(undocumented(path));
    if (list.since) needs.initContainers = true;
    needs.lists = true;
    return listTest(test, path, list.field, itemKind);
  }
  if (readsThroughList(path)) throw new Refuse(`Falco reads a list only through its Kubernetes plugin's fields, and none of them reads ${path} item by item. ${useOthers}`);
  if (kind === undefined) throw new Refuse(undocumented(path));
  return singleTest(test, singleFields[path] ?? pointerFor(path), kind);
}

const undocumented = (path: string): string =>
  `Kubernetes documents what ${path} holds only for some kinds of request, and Falco reads it as text. Name the kind of thing with objectRef.resource (such as pods), or use Sigma or Elastic for this rule`;

function isCompound(c: Condition): boolean {
  return 'allOf' in c || 'anyOf' in c || ('field' in c && 'exists' in c);
}

/** A condition as a Falco condition; the pins are the resources its surrounding tests name. */
function falcoCondition(condition: Condition, kindOf: (t: FieldTest) => FieldKind | undefined, pins: Set<string> | undefined, needs: Needs): string {
  if ('field' in condition) return fieldTest(condition, kindOf, pins, needs);
  if ('not' in condition) {
    const inner = falcoCondition(condition.not, kindOf, pins, needs);
    return isCompound(condition.not) || inner.includes(' ') ? `not (${inner})` : `not ${inner}`;
  }
  const list = 'allOf' in condition ? condition.allOf : condition.anyOf;
  const parts = list.map((c, i) => {
    const here = 'allOf' in condition ? list.filter((_, j) => j !== i).map(resourcePins).reduce(meet, pins) : pins;
    const text = falcoCondition(c, kindOf, here, needs);
    return 'allOf' in c || 'anyOf' in c ? `(${text})` : text;
  });
  if (parts.length === 1) return parts[0]!;
  return parts.join('allOf' in condition ? ' and ' : ' or ');
}

/** The condition of a cluster rule, or why Falco cannot say it exactly. */
export function falcoK8sConditionFor(
  rule: Pick<Rule, 'when' | 'exceptions' | 'count' | 'source'>,
): { ok: true; condition: string; notes: string[]; initContainers: boolean } | { ok: false; reason: string } {
  if (rule.count) return { ok: false, reason: falcoCountReason };
  try {
    const typed = specialise(effectiveCondition(rule), 'k8s-audit');
    if (typeof typed.condition === 'boolean') return { ok: false, reason: constantRuleReason(typed.condition, 'k8s-audit') };
    const needs: Needs = { initContainers: false, lists: false };
    const condition = falcoCondition(typed.condition, typed.kindOf, undefined, needs);
    const notes = documentedTypeNotes(typed.relied, 'k8s-audit');
    // The list fields rely on the catalogue's lists of text; say so beside the documented kinds.
    if (needs.lists) notes.push('assumes each list it reads holds text, or true/false where Kubernetes documents that, as the Kubernetes API documents it');
    return { ok: true, condition, notes, initContainers: needs.initContainers };
  } catch (error) {
    if (error instanceof Refuse) return { ok: false, reason: error.message };
    throw error;
  }
}

/** One rule of the k8s_audit file. */
export function falcoK8sRuleEntry(rule: Rule, name: string, condition: string): Record<string, unknown> {
  // `%` starts a field in Falco output; user text must not.
  const title = rule.title.replace(/%/g, ' percent').replace(/\s+/g, ' ');
  return {
    rule: name,
    desc: rule.means,
    condition,
    output: `${title} (rule=${rule.id} user=%ka.user.name verb=%ka.verb resource=%ka.target.resource namespace=%ka.target.namespace name=%ka.target.name)`,
    priority: falcoPriorities[rule.urgency],
    source: 'k8s_audit',
    tags: ['k8s', 'kubernetes', 'plainsec', `urgency_${rule.urgency.replace(/-/g, '_')}`, ...rule.attack],
  };
}

const fileComment = [
  "Plainsec rules for a Kubernetes cluster's audit log (source k8s_audit).",
  'Falco reads them with the k8saudit plugin, which takes the audit log from the API server, and the json plugin.',
  'On EKS, load the k8saudit-eks plugin instead of k8saudit: it has the same ka.* fields and reads the audit log from CloudWatch Logs.',
];

/** The k8s_audit rules file: the plugins it needs, the rules, and comments on what it relies on. */
export function falcoK8sRulesFile(entries: Array<Record<string, unknown>>, notes: string[], initContainers: boolean): string {
  const versions = initContainers ? initContainerVersions : baseVersions;
  const comment = [...fileComment, ...notes].map((n) => `# ${n}\n`).join('');
  return (
    comment +
    yamlText([
      // The engine version Falco's own k8s audit rules ask for; it reads plugin alternatives.
      { required_engine_version: '0.15.0' },
      {
        required_plugin_versions: [
          { name: 'k8saudit', version: versions.k8saudit, alternatives: [{ name: 'k8saudit-eks', version: versions.eks }] },
          { name: 'json', version: '0.7.0' },
        ],
      },
      ...entries,
    ])
  );
}

/** The Falco rules file for one cluster rule. */
export function falcoK8sRuleText(rule: Rule): Detection {
  const condition = falcoK8sConditionFor(rule);
  if (!condition.ok) return { ok: false, reason: condition.reason };
  return {
    ok: true,
    text: falcoK8sRulesFile([falcoK8sRuleEntry(rule, rule.title, condition.condition)], condition.notes.map((n) => `${rule.id}: ${n}`), condition.initContainers),
  };
}
