/**
 * Splunk searches for rules on a cluster's audit log.
 *
 * Where the events are. A small AWS team runs EKS, whose API server audit log goes only to
 * CloudWatch Logs (`/aws/eks/<cluster>/cluster`, streams `kube-apiserver-audit-*`). The Splunk
 * Add-on for AWS brings it in with a CloudWatch Logs input on that log group; the searches read
 * `sourcetype=aws:cloudwatchlogs:eks`, the source type Splunk's own Security Content searches for
 * EKS read (its `aws_cloudwatchlogs_eks` macro, https://github.com/splunk/security_content), which
 * the file's header asks to set on that input (its default is the generic aws:cloudwatchlogs). That
 * is the default. A cluster whose audit log comes in through the
 * Splunk OpenTelemetry Collector for Kubernetes (or the retired Splunk Connect for Kubernetes) is
 * read under the source type set there, usually `kube:apiserver:audit`: the file's header says to
 * replace the source type, and nothing else changes, since both hand Splunk the event's JSON.
 *
 * How Splunk reads an audit event. Its JSON extraction is the same as for CloudTrail
 * (`matchers/splunk.ts`): nested keys joined with dots, every value as text (a number as its JSON
 * text, true/false as `true`/`false`), and the items of a list under `name{}`. So:
 * - a field of one value whose kind Kubernetes documents (`verb`, `objectRef.resource`,
 *   `responseStatus.code`, and a request body's fields where the rule names the resource) is
 *   compared as text, as for CloudTrail; a code is compared as the number's text, which is exact
 *   because the API server writes codes as whole numbers;
 * - a field that holds a list of values (`user.groups`, `sourceIPs`) is named `user.groups{}`, and a
 *   path through a list (`requestObject.spec.containers[].securityContext.privileged`) is named
 *   `requestObject.spec.containers{}.securityContext.privileged`: a multivalue field with one value
 *   per item that has it. A test holds when any value passes, written with `mvfind`, which returns
 *   null when no value matches its regular expression. Such a name is exact only where the list
 *   is a list of the documented kind: the API documents that for the resources the catalogue names
 *   (`sources/k8s-audit-fields.ts`), so a test through a list of a request body is written only
 *   when the rule says `objectRef.resource` is one of them, and a comment above the search says so
 *   (the core's `undocumentedShapes` holds events to the same shapes);
 * - a field whose kind nothing documents for the rule's requests (a request body's field where the
 *   rule names no resource) may hold one value or a list: it is read under both names with
 *   `mvappend`, for text that no number, true/false or null could be extracted as.
 * Anything else is refused with the reason.
 */
import type { Condition, FieldTest, Rule, Scalar } from '../../model.ts';
import { effectiveCondition } from '../../model.ts';
import { constantRuleReason, documentedTypeNotes, specialise } from '../../documented.ts';
import { auditFields, type AuditField } from '../../sources/k8s-audit-fields.ts';
import { readsThroughList } from '../../list-paths.ts';
import { splunkK8sBaseSearch } from '../../matchers/splunk.ts';
import { evalField, evalString, fieldTestSpl, prefilterTerms, regexLiteral, type Built } from '../splunk-search.ts';
import { foldCase } from '../../canonical.ts';

/** The header lines of a savedsearches.conf that holds cluster rules: where they read from. */
export const k8sSplunkNote = [
  "Rules on a cluster's audit log read EKS audit logs that the Splunk Add-on for AWS collects from CloudWatch Logs.",
  'Give its input for the log group /aws/eks/<cluster>/cluster the source type aws:cloudwatchlogs:eks, as Splunk\'s own EKS searches expect.',
  'Does your audit log come in another way, such as the Splunk OpenTelemetry Collector for Kubernetes?',
  'Then replace sourcetype=aws:cloudwatchlogs:eks in those searches with the source type you set there (often kube:apiserver:audit).',
];

/** Why a counting rule on the audit log is not written (bursts are out of scope for now, issue 29). */
export const k8sSplunkCountReason =
  "counting is not written for rules on a cluster's audit log yet: the fields a count groups by are CloudTrail's; use the rule without a count";

/** Fields every audit event has, worth narrowing the scan by before `where` (as Splunk's own EKS searches do). */
const k8sPrefilterFields = ['verb', 'objectRef.resource'];

/** The resources a condition pins when it must hold: `objectRef.resource` equal to one of these texts. */
function pinsOf(c: Condition): Set<string> | undefined {
  if ('allOf' in c) return c.allOf.map(pinsOf).reduce<Set<string> | undefined>(meet, undefined);
  if (!('field' in c) || c.field !== 'objectRef.resource' || ('ignoreCase' in c && c.ignoreCase)) return undefined;
  const values = 'equals' in c ? [c.equals] : 'oneOf' in c ? c.oneOf : undefined;
  return values && values.every((v): v is string => typeof v === 'string') ? new Set(values) : undefined;
}

const meet = (a: Set<string> | undefined, b: Set<string> | undefined): Set<string> | undefined =>
  a && b ? new Set([...a].filter((x) => b.has(x))) : (a ?? b);

/**
 * The catalogue entry that documents a list-reading path for the pinned resources: a field of every
 * event, or a request-body field of every pinned resource. Undefined where nothing documents it.
 */
function documentedList(path: string, pins: Set<string> | undefined): AuditField | undefined {
  const entries = auditFields.filter((f) => f.path === path);
  const everyEvent = entries.find((f) => f.resources === undefined);
  if (everyEvent) return everyEvent;
  if (!pins || pins.size === 0) return undefined;
  const each = [...pins].map((r) => entries.find((f) => f.resources!.includes(r)));
  return each.every((e) => e !== undefined && e.kind === each[0]!.kind && e.list === each[0]!.list) ? each[0] : undefined;
}

/** The name Splunk gives a path's values: every list step and a list of values at the end get `{}`. */
export function splunkListName(path: string, entry: Pick<AuditField, 'list'>): string {
  return `${path.replace(/\[\]/g, '{}')}${entry.list === 'values' ? '{}' : ''}`;
}

/** A value's text as Splunk extracts it from the JSON, for a value of the item's documented kind. */
const extracted = (v: Scalar): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** A test on a multivalue field: true when any of its values passes (mvfind gives null when none does). */
function multivalueTest(test: FieldTest, entry: AuditField): Built {
  const name = splunkListName(test.field, entry);
  const f = evalField(name);
  if ('exists' in test) return { ok: true, spl: test.exists ? `isnotnull(${f})` : `isnull(${f})` };
  // Items are documented to be of one kind: a value of another kind is never there.
  const ignoreCase = entry.kind === 'string' && test.ignoreCase === true;
  const fold = (s: string): string => (ignoreCase ? foldCase(s) : s);
  let regex: string;
  if ('equals' in test || 'oneOf' in test) {
    const values = ('equals' in test ? [test.equals] : test.oneOf).filter((v) => typeof v === entry.kind);
    if (values.length === 0) return { ok: true, spl: 'false()' };
    regex = `\\A(?:${values.map((v) => regexLiteral(fold(extracted(v)))).join('|')})\\z`;
  } else {
    if (entry.kind !== 'string') return { ok: true, spl: 'false()' };
    regex =
      'startsWith' in test
        ? `(?s)\\A${regexLiteral(fold(test.startsWith))}`
        : 'endsWith' in test
          ? `(?s)${regexLiteral(fold(test.endsWith))}\\z`
          : `(?s)\\A${fold(test.wildcard).split('*').map(regexLiteral).join('.*')}\\z`;
  }
  if (/\p{Cs}/u.test(regex)) return { ok: false, reason: 'the value holds half of a two-part character (like an emoji cut in two); retype it' };
  // lower() reads one value; mvmap applies it to each value of the field.
  const subject = ignoreCase ? `mvmap(${f}, lower(${f}))` : f;
  return { ok: true, spl: `isnotnull(mvfind(${subject}, ${evalString(regex)}))` };
}

/** Why a test on a list the API does not document for the rule's requests is refused. */
function undocumentedListReason(field: string): string {
  const entries = auditFields.filter((f) => f.path === field);
  const resources = [...new Set(entries.flatMap((f) => f.resources ?? []))];
  const where =
    resources.length > 0
      ? `Kubernetes documents it only on requests about ${resources.join(', ')}; add a test that objectRef.resource is ${resources.length === 1 ? resources[0] : `one of ${resources.join(', ')}`}`
      : 'no Kubernetes type Plainsec knows documents it';
  return `Splunk names the items of a list with {}, so it reads ${field} exactly only where the list is always a list; ${where}`;
}

/** Why a single-value test the API does not document is refused. */
function undocumentedValueReason(field: string): string {
  const entries = auditFields.filter((f) => f.path === field && f.resources);
  const resources = [...new Set(entries.flatMap((f) => f.resources!))];
  const where =
    resources.length > 0
      ? `add a test that objectRef.resource is ${resources.length === 1 ? resources[0] : `one of ${resources.join(', ')}`}, where Kubernetes documents it`
      : 'Kubernetes does not document that it holds a single value';
  return `Splunk names the items of a list ${field}{}, so '${field}' has no value where a list is; ${where}`;
}

/** Text Splunk could also have extracted from a number, true/false or JSON null (`null`). */
const mayBeNonText = (text: string): boolean => /^[0-9.eE+-]*$/.test(text) || ['true', 'false', 'null'].includes(text);

/**
 * A test on a field whose kind nothing documents for the rule's requests: one value, or a list of
 * values, or anything else. Splunk extracts one value under the field's name and a list's values
 * under `name{}`; reading both (mvappend) gives the values the rule reads, as text. That is exact
 * for text that no number, true/false or JSON null can be extracted as (Splunk writes null as the
 * text null), so only such text is written; a presence test, a number or true/false is refused.
 */
function undocumentedValueTest(test: FieldTest): Built {
  const refuse = (why: string): Built => ({ ok: false, reason: `${undocumentedValueReason(test.field)}; ${why}` });
  if ('exists' in test) return refuse('Splunk cannot tell a missing value from null there');
  const fold = (s: string): string => (test.ignoreCase === true ? foldCase(s) : s);
  let regex: string;
  if ('equals' in test || 'oneOf' in test) {
    const values = 'equals' in test ? [test.equals] : test.oneOf;
    const odd = values.find((v) => typeof v !== 'string' || mayBeNonText(fold(v)));
    if (odd !== undefined) return refuse(`Splunk reads ${JSON.stringify(odd)} the same as ${typeof odd === 'string' ? 'a number, true/false or null' : 'its text'} there`);
    regex = `\\A(?:${values.map((v) => regexLiteral(fold(v as string))).join('|')})\\z`;
  } else {
    const pattern = fold('startsWith' in test ? `${test.startsWith}*` : 'endsWith' in test ? `*${test.endsWith}` : test.wildcard);
    const pieces = pattern.split('*');
    const re = new RegExp(`^${pieces.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
    if (/^[0-9.eE+-]*$/.test(pieces.join('')) || ['true', 'false', 'null'].some((t) => re.test(t)))
      return refuse('the pattern could also match a number, true/false or null, which Splunk reads as text');
    regex = `(?s)\\A${pieces.map(regexLiteral).join('.*')}\\z`;
  }
  if (/\p{Cs}/u.test(regex)) return { ok: false, reason: 'the value holds half of a two-part character (like an emoji cut in two); retype it' };
  // lower() reads one value; mvmap applies it to each value of a field.
  const read = (f: string): string => (test.ignoreCase === true ? `mvmap(${f}, lower(${f}))` : f);
  const subject = `mvappend(${read(evalField(test.field))}, ${read(evalField(`${test.field}{}`))})`;
  return { ok: true, spl: `isnotnull(mvfind(${subject}, ${evalString(regex)}))` };
}

interface Relied {
  lists: Map<string, string>;
}

/** The eval expression for a condition, reading the resources its "all of" pins. */
function k8sSplFor(condition: Condition, pins: Set<string> | undefined, kindOf: ReturnType<typeof specialise>['kindOf'], relied: Relied): Built {
  if ('not' in condition) {
    const inner = k8sSplFor(condition.not, pins, kindOf, relied);
    return inner.ok ? { ok: true, spl: `NOT (${inner.spl})` } : inner;
  }
  if ('allOf' in condition || 'anyOf' in condition) {
    const parts = 'allOf' in condition ? condition.allOf : condition.anyOf;
    const built: string[] = [];
    for (const [i, part] of parts.entries()) {
      // In "all of", every other part must hold too, so what they pin holds here.
      const here = 'allOf' in condition ? parts.filter((_, j) => j !== i).map(pinsOf).reduce(meet, pins) : pins;
      const b = k8sSplFor(part, here, kindOf, relied);
      if (!b.ok) return b;
      built.push(b.spl);
    }
    return { ok: true, spl: built.length === 1 ? built[0]! : `(${built.join('allOf' in condition ? ' AND ' : ' OR ')})` };
  }
  const test = condition;
  const listEntry = auditFields.find((f) => f.path === test.field && f.list === 'values');
  if (readsThroughList(test.field) || listEntry) {
    const entry = documentedList(test.field, pins);
    if (!entry) return { ok: false, reason: undocumentedListReason(test.field) };
    if (readsThroughList(test.field) || entry.resources) relied.lists.set(test.field, entry.source);
    return multivalueTest(test, entry);
  }
  const kind = kindOf(test);
  if (kind === undefined) return undocumentedValueTest(test);
  if (kind === 'number' && !('exists' in test)) {
    // Documented as a whole number, which Splunk extracts as its JSON text.
    const values = ('equals' in test ? [test.equals] : 'oneOf' in test ? test.oneOf : []).filter((v): v is number => typeof v === 'number');
    const f = evalField(test.field);
    if (values.length === 0) return { ok: true, spl: 'false()' };
    const parts = values.map((v) => `${f}==${evalString(JSON.stringify(v))}`);
    return { ok: true, spl: `if(isnotnull(${f}), ${parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`}, false())` };
  }
  return fieldTestSpl(test, kind);
}

/** The search for one rule on a cluster's audit log, with the comment lines above it. */
export function k8sSplunkSearch(rule: Rule): Built & { notes?: string[] } {
  const typed = specialise(effectiveCondition(rule), 'k8s-audit');
  if (typeof typed.condition === 'boolean') return { ok: false, reason: constantRuleReason(typed.condition, 'k8s-audit') };
  const relied: Relied = { lists: new Map() };
  const built = k8sSplFor(typed.condition, undefined, typed.kindOf, relied);
  if (!built.ok) return built;
  const terms = prefilterTerms(typed.condition, k8sPrefilterFields);
  const listNotes = [...relied.lists]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, page]) => `assumes every list on the way to ${path} is a list where present, as Kubernetes documents it (${page})`);
  return {
    ok: true,
    spl: `${splunkK8sBaseSearch}${terms ? ` ${terms}` : ''} | where ${built.spl}`,
    notes: [...documentedTypeNotes(typed.relied, 'k8s-audit'), ...listNotes],
  };
}
