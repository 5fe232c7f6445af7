/**
 * Sigma export: one Sigma 2.1 detection rule per Plainsec rule, for `product: aws, service: cloudtrail`,
 * or `product: kubernetes, service: audit` for a rule on a cluster's audit log (`k8s-audit/sigma.ts`).
 *
 * Every string test carries `|cased`, because a Plainsec rule compares exactly and Sigma ignores
 * upper and lower case by default; a test with `ignoreCase` leaves `|cased` out, and means the same
 * because the Sigma reading in `matchers/sigma.ts` folds case as the rule model's `foldCase` does.
 *
 * Sigma has one type of value: "All values are treated as case-insensitive strings" (Sigma rules
 * specification, Detection → General, https://github.com/SigmaHQ/sigma-specification/blob/main/specification/sigma-rules-specification.md),
 * and its backends compare a number or true/false in a record by its text. So the text `'5'`
 * matches the number 5 as well, the number `5` matches the text "5" too, and `true` matches the
 * text "true" in any case. A rule that tells them apart (`equals: '123456789012'` must not fire on
 * the number) can be written only where AWS documents which kind the field holds: text written as
 * text on a text field, numbers and true/false written as YAML numbers and booleans on fields
 * documented to hold them; a comment at the top of the file says what the rule relies on.
 * Elsewhere the export is refused with the reason. See `matchers/sigma.ts` for the reading of
 * Sigma these files are proven against.
 *
 * Exports are reproducible: the rule `id` is a name-based UUID (version 5) of the Plainsec rule id,
 * and no date is written unless the caller passes one.
 */
import { foldCase } from '../canonical.ts';
import { listFieldsIn, listPathReason } from '../list-paths.ts';
import { yamlText } from '../yaml-text.ts';
import type { CloudTrailEvent } from '../canonical.ts';
import { effectiveCondition, fieldsOf } from '../model.ts';
import { sigmaGap } from '../delivery/sigma.ts';
import type { Condition, FieldTest, Rule, RuleSet, Scalar, Urgency } from '../model.ts';
import { provableTarget, type Detection, type ExportResult, type ExportedFile, type MatchResult, type ProvableTarget, type Refusal } from '../target.ts';
import { compileSigma, detectionToYaml, escapeSigmaText, matchSigma } from '../matchers/sigma.ts';
import { countSigma } from '../matchers/count.ts';
import { countByField } from '../count.ts';
import { countWords } from '../words/count.ts';
import { constantRuleReason, documentedTypeNotes, specialise } from '../documented.ts';
import type { FieldKind } from '../fields.ts';
import { sourceOf, type RuleSource } from '../sources.ts';
import { k8sListItemKind, k8sListNotes, k8sSigmaCountReason, k8sSigmaListReason, sigmaFilePrefixes, sigmaLogsources } from './k8s-audit/sigma.ts';
import type { SigmaCondition, SigmaFieldTest, SigmaSearch, SigmaValue } from '../matchers/sigma.ts';

/** Sigma level for each urgency (rule-targets.md). */
const sigmaLevels: Record<Urgency, 'high' | 'medium' | 'low'> = {
  'wake-me-up': 'high',
  'look-today': 'medium',
  fyi: 'low',
};

// ------------------------------------------------------------------ UUID v5

function sha1(bytes: Uint8Array): Uint8Array {
  const length = bytes.length;
  const padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor((length * 8) / 2 ** 32));
  view.setUint32(padded.length - 4, (length * 8) >>> 0);
  let [h0, h1, h2, h3, h4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Uint32Array(80);
  const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n));
  for (let block = 0; block < padded.length; block += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(block + i * 4);
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!, 1);
    let [a, b, c, d, e] = [h0, h1, h2, h3, h4];
    for (let i = 0; i < 80; i++) {
      const [f, k] =
        i < 20 ? [(b & c) | (~b & d), 0x5a827999] : i < 40 ? [b ^ c ^ d, 0x6ed9eba1] : i < 60 ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc] : [b ^ c ^ d, 0xca62c1d6];
      const t = (rotl(a, 5) + f + e + k + w[i]!) >>> 0;
      e = d;
      d = c;
      c = rotl(b, 30) >>> 0;
      b = a;
      a = t;
    }
    h0 = (h0 + a) >>> 0;
    h1 = (h1 + b) >>> 0;
    h2 = (h2 + c) >>> 0;
    h3 = (h3 + d) >>> 0;
    h4 = (h4 + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  [h0, h1, h2, h3, h4].forEach((h, i) => outView.setUint32(i * 4, h));
  return out;
}

/** The namespace under which Plainsec rule ids become Sigma rule UUIDs. Never change it. */
const plainsecSigmaNamespace = '9b3c4f52-6d0e-5a1b-8c7d-2e4f6a8b0c1d';

/** A name-based UUID (RFC 4122 version 5): the same name always gives the same UUID. */
export function uuidV5(name: string, namespace: string = plainsecSigmaNamespace): string {
  const ns = namespace.replace(/-/g, '');
  const nsBytes = Uint8Array.from(ns.match(/../g)!.map((h) => parseInt(h, 16)));
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(nsBytes.length + nameBytes.length);
  input.set(nsBytes);
  input.set(nameBytes, nsBytes.length);
  const hash = sha1(input).slice(0, 16);
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = [...hash].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ------------------------------------------------------------- detection

class Refuse extends Error {}

/** Characters a JSON number can be written with; text made only of these might be a number. */
const numberCharacters = /^[0-9.eE+-]*$/;

/** The number whose JSON text is exactly this text, if there is one. */
function numberSpelledBy(text: string): number | undefined {
  if (!/^-?\d/.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) && JSON.stringify(n) === text ? n : undefined;
}

/** Whether a case-sensitive Sigma pattern could also match a number or true/false written as text. */
function couldMatchNonText(pattern: Array<string | null>): boolean {
  const literal = pattern.filter((p): p is string => p !== null).join('');
  if (numberCharacters.test(literal)) return true;
  const re = new RegExp(`^${pattern.map((p) => (p === null ? '.*' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
  return re.test('true') || re.test('false');
}

interface Builder {
  searches: SigmaSearch[];
  counter: Map<string, number>;
}

function nameFor(builder: Builder, prefix: string): string {
  const n = (builder.counter.get(prefix) ?? 0) + 1;
  builder.counter.set(prefix, n);
  return `${prefix}_${n}`;
}

function search(builder: Builder, prefix: string, tests: SigmaFieldTest[]): SigmaCondition {
  const name = nameFor(builder, prefix);
  builder.searches.push({ name, kind: 'map', tests });
  return { kind: 'ref', name };
}

const text = (t: string): SigmaValue => ({ kind: 'string', text: t });
const spelled = (v: number | boolean): string => (typeof v === 'number' ? JSON.stringify(v) : String(v));
const typed = (v: number | boolean): SigmaValue => (typeof v === 'number' ? { kind: 'number', value: v } : { kind: 'boolean', value: v });

/** A field test as Sigma searches, with the condition that combines them. */
function fieldTest(test: FieldTest, builder: Builder, prefix: string, kind: FieldKind | undefined): SigmaCondition {
  const field = test.field;
  // Where AWS documents the field as text, no number or true/false is ever there to be mistaken for it.
  const onlyText = kind === 'string';
  if ('exists' in test) return search(builder, prefix, [{ field, modifiers: ['exists'], values: [typed(test.exists)] }]);
  // Sigma ignores case unless told `|cased`; a rule that ignores case simply leaves it out.
  const ignoreCase = test.ignoreCase === true;
  const cased = ignoreCase ? [] : ['cased'];
  const fold = (s: string): string => (ignoreCase ? foldCase(s) : s);
  if ('equals' in test || 'oneOf' in test) {
    const values: Scalar[] = 'equals' in test ? [test.equals] : test.oneOf;
    const strings = values.filter((v): v is string => typeof v === 'string');
    const others = values.filter((v): v is number | boolean => typeof v !== 'string');
    const parts: SigmaCondition[] = [];
    if (strings.length > 0) {
      // A text that spells a number or true/false (in any case, without |cased) also matches that
      // number or true/false, which the rule does not mean unless it names it too.
      const lookalikes = strings.flatMap((s): Array<number | boolean> => {
        const n = numberSpelledBy(fold(s));
        if (n !== undefined) return [n];
        return fold(s) === 'true' ? [true] : fold(s) === 'false' ? [false] : [];
      });
      const unwanted = onlyText ? undefined : lookalikes.find((v) => !others.includes(v));
      if (unwanted !== undefined)
        throw new Refuse(
          `Sigma compares every value as text, so the text "${strings.find((s) => fold(s) === spelled(unwanted))}" in the test on ${field} would also match ${typeof unwanted === 'number' ? 'the number ' : ''}${spelled(unwanted)} there, which the rule does not mean; Sigma cannot test for text only`,
        );
      parts.push(search(builder, prefix, [{ field, modifiers: cased, values: strings.map((s) => text(escapeSigmaText(s))) }]));
    }
    if (others.length > 0) {
      // A number or true/false also matches its text, in any case (Sigma has no |cased for it), so
      // it means exactly the rule only where AWS documents the field as holding numbers or true/false,
      // or where the rule names that text too, in every case it could be written in.
      const coveredByText = (v: number | boolean): boolean =>
        strings.some((s) => (ignoreCase ? foldCase(s) === foldCase(spelled(v)) : s === spelled(v) && s.toLowerCase() === s.toUpperCase()));
      const unwanted = kind === 'number' || kind === 'boolean' ? undefined : others.find((v) => !coveredByText(v));
      if (unwanted !== undefined)
        throw new Refuse(
          `Sigma compares every value as text, so ${typeof unwanted === 'number' ? 'the number ' : ''}${spelled(unwanted)} in the test on ${field} would also match the text "${spelled(unwanted)}"${typeof unwanted === 'boolean' ? ' in any case' : ''} there, which the rule does not mean; Sigma cannot test for a number or true/false only`,
        );
      parts.push(search(builder, prefix, [{ field, modifiers: [], values: others.map(typed) }]));
    }
    return parts.length === 1 ? parts[0]! : { kind: 'or', operands: parts };
  }
  let pattern: Array<string | null>;
  let modifiers: string[];
  if ('startsWith' in test) {
    pattern = [test.startsWith, null];
    modifiers = ['startswith', ...cased];
  } else if ('endsWith' in test) {
    pattern = [null, test.endsWith];
    modifiers = ['endswith', ...cased];
  } else {
    pattern = test.wildcard.split('*').flatMap((part, i) => (i === 0 ? [part] : [null, part])).filter((p) => p !== '');
    modifiers = [...cased];
  }
  if (!onlyText && couldMatchNonText(pattern.map((p) => (p === null ? null : fold(p)))))
    throw new Refuse(
      `the test on ${field} could also match a number or true/false, which Sigma tools read as text; add letters to the pattern or test an exact value`,
    );
  const value =
    'startsWith' in test
      ? escapeSigmaText(test.startsWith)
      : 'endsWith' in test
        ? escapeSigmaText(test.endsWith)
        : pattern.map((p) => (p === null ? '*' : escapeSigmaText(p))).join('');
  return search(builder, prefix, [{ field, modifiers, values: [text(value)] }]);
}

type KindOf = (test: FieldTest) => FieldKind | undefined;

function convert(condition: Condition, builder: Builder, prefix: string, kindOf: KindOf): SigmaCondition {
  if ('field' in condition) return fieldTest(condition, builder, prefix, kindOf(condition));
  if ('not' in condition) {
    const inner = convert(condition.not, builder, 'filter', kindOf);
    // Two negations cancel: write the condition itself rather than "not not".
    return inner.kind === 'not' ? inner.operand : { kind: 'not', operand: inner };
  }
  const operands = ('allOf' in condition ? condition.allOf : condition.anyOf).map((c) => convert(c, builder, prefix, kindOf));
  if (operands.length === 1) return operands[0]!;
  const kind = 'allOf' in condition ? 'and' : 'or';
  const flat = operands.flatMap((o) => (o.kind === kind ? o.operands : [o]));
  return { kind, operands: flat };
}

/** Replace runs of plain references that share a prefix by `all of` / `1 of`, where that reads better. */
function useQuantifiers(condition: SigmaCondition, searches: SigmaSearch[]): SigmaCondition {
  if (condition.kind === 'not') return { kind: 'not', operand: useQuantifiers(condition.operand, searches) };
  if (condition.kind !== 'and' && condition.kind !== 'or') return condition;
  const operands = condition.operands.map((o) => useQuantifiers(o, searches));
  const refs = operands.filter((o): o is { kind: 'ref'; name: string } => o.kind === 'ref').map((o) => o.name);
  const prefix = refs[0]?.replace(/_\d+$/, '');
  // `prefix_*` in Sigma matches every search whose name starts so; use it only when that is exactly these.
  const sameFamily = searches.map((s) => s.name).filter((n) => prefix !== undefined && n.startsWith(`${prefix}_`));
  if (refs.length >= 2 && prefix && sameFamily.length === refs.length && refs.every((r) => sameFamily.includes(r))) {
    const rest = operands.filter((o) => o.kind !== 'ref');
    const of: SigmaCondition = { kind: 'of', quantifier: condition.kind === 'and' ? 'all' : 'one', pattern: `${prefix}_*` };
    return rest.length === 0 ? of : { kind: condition.kind, operands: [of, ...rest] };
  }
  return { kind: condition.kind, operands };
}

/** The detection searches and condition for a Plainsec condition, or a plain-words refusal. */
function sigmaDetection(
  condition: Condition,
  kindOf: KindOf = () => undefined,
): { ok: true; detection: Record<string, unknown> } | { ok: false; reason: string } {
  const builder: Builder = { searches: [], counter: new Map() };
  try {
    const top = convert(condition, builder, 'selection', kindOf);
    const tidy = useQuantifiers(top, builder.searches);
    return { ok: true, detection: detectionToYaml({ searches: builder.searches, conditions: [tidy] }) };
  } catch (error) {
    if (error instanceof Refuse) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Options for a Sigma export. */
interface SigmaExportOptions {
  /** A fixed date (YYYY-MM-DD) to write as `date`; left out when not given, so exports stay reproducible. */
  date?: string;
}

/** The Sigma file name for a rule id: `^[a-z0-9_]{10,70}\.yml$`. */
export function sigmaFileName(ruleId: string, source: RuleSource = 'cloudtrail'): string {
  const base = ruleId.replace(/-/g, '_');
  return `${base.length < 10 ? `${sigmaFilePrefixes[source]}${base}` : base}.yml`;
}

/** The Sigma rule document for one Plainsec rule, as YAML text. */
function sigmaRuleText(rule: Rule, options: SigmaExportOptions = {}): Detection {
  // Sigma has no mark for "every item of a list" in a field name; each backend reads a dotted name
  // through a list its own way (Elasticsearch by any item, Splunk only as name{}), so the meaning would depend on it.
  const throughList = listFieldsIn(effectiveCondition(rule))[0];
  if (throughList)
    return {
      ok: false,
      reason:
        sourceOf(rule) === 'k8s-audit'
          ? k8sSigmaListReason(throughList)
          : listPathReason('Sigma', throughList, 'has no way to name every item of a list in a field, and each backend reads a dotted name through a list its own way'),
    };
  const source = sourceOf(rule);
  const typed = specialise(effectiveCondition(rule), source);
  // A rule that holds on every documented record, or on none, is written as it stands, if Sigma can say it.
  const kindOf: KindOf = source === 'k8s-audit' ? (test) => typed.kindOf(test) ?? k8sListItemKind(test.field) : typed.kindOf;
  const detection = typeof typed.condition === 'boolean' ? sigmaDetection(effectiveCondition(rule)) : sigmaDetection(typed.condition, kindOf);
  if (!detection.ok) return { ok: false, reason: typeof typed.condition === 'boolean' ? constantRuleReason(typed.condition, source) : detection.reason };
  if (typeof typed.condition === 'boolean') typed.relied.length = 0;
  const tags = [...new Set(rule.attack.map((id) => `attack.${id.toLowerCase()}`))];
  const doc: Record<string, unknown> = {
    title: rule.title,
    id: uuidV5(rule.id),
    // A counting rule's correlation names this rule.
    ...(rule.count ? { name: sigmaRuleName(rule) } : {}),
    status: 'experimental',
    description: rule.means,
    ...(rule.references.length > 0 ? { references: [...new Set(rule.references)] } : {}),
    author: 'Plainsec',
    ...(options.date ? { date: options.date } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    logsource: sigmaLogsources[source],
    detection: detection.detection,
    falsepositives: ['Changes your own team made on purpose'],
    level: sigmaLevels[rule.urgency],
    // Not part of Sigma: what a Plainsec rule says beyond detection, so nothing is lost.
    plainsec: {
      rule: rule.id,
      urgency: rule.urgency,
      notify: rule.notify,
      whatToDo: rule.whatToDo,
      ...(rule.workingHours ? { workingHours: rule.workingHours } : {}),
    },
  };
  const listNotes = source === 'k8s-audit' && typeof typed.condition !== 'boolean' ? k8sListNotes(fieldsOf(typed.condition)) : [];
  const notes = [...documentedTypeNotes(typed.relied, source), ...listNotes].map((n) => `# ${n}\n`).join('');
  return { ok: true, text: notes + yamlText(doc) };
}

const sigmaRuleName = (rule: Pick<Rule, 'id'>): string => `plainsec_${rule.id.replace(/-/g, '_')}`;

/** A counting rule as Sigma: the rule, then an `event_count` correlation over it, in one file. */
function sigmaCountText(rule: Rule, options: SigmaExportOptions = {}): Detection {
  const count = rule.count;
  if (!count) return { ok: false, reason: 'this rule does not count' };
  if (sourceOf(rule) === 'k8s-audit') return { ok: false, reason: k8sSigmaCountReason };
  const base = sigmaRuleText(rule, options);
  if (!base.ok) return base;
  const correlation = {
    title: `${rule.title} (${countWords(count)})`,
    id: uuidV5(`${rule.id}/count`),
    status: 'experimental',
    description: rule.means,
    author: 'Plainsec',
    ...(options.date ? { date: options.date } : {}),
    correlation: {
      type: 'event_count',
      rules: [sigmaRuleName(rule)],
      'group-by': count.by ? [countByField[count.by]] : [],
      timespan: count.withinMinutes % 60 === 0 ? `${count.withinMinutes / 60}h` : `${count.withinMinutes}m`,
      condition: { gte: count.atLeast },
    },
    // The rule above only feeds the count; it raises no alert of its own.
    generate: false,
    level: sigmaLevels[rule.urgency],
  };
  return { ok: true, text: `${base.text}---\n${yamlText(correlation)}` };
}

/** Export a rule set as Sigma files, with options such as a fixed date. */
export function exportSigma(ruleSet: RuleSet, options: SigmaExportOptions = {}): ExportResult {
  const files: ExportedFile[] = [];
  const refused: Refusal[] = [];
  const seen = new Set<string>();
  for (const rule of ruleSet.rules) {
    const path = `sigma/${sigmaFileName(rule.id, sourceOf(rule))}`;
    if (seen.has(path)) {
      refused.push({ ruleId: rule.id, reason: `another rule already uses the id ${rule.id}; give each rule its own id` });
      continue;
    }
    const result = rule.count ? sigmaCountText(rule, options) : sigmaRuleText(rule, options);
    if (!result.ok) {
      refused.push({ ruleId: rule.id, reason: result.reason });
      continue;
    }
    seen.add(path);
    files.push({ path, content: result.text });
  }
  if (files.length > 0) files.push({ path: 'sigma/README.md', content: sigmaReadme });
  return { files, refused };
}

/** The sentence the README says for a folder that holds no delivery (the delivery walk's Sigma reader looks for it). */
export const sigmaNoDelivery = 'No file in this folder posts in chat or pages anyone.';

/** Sigma is detection only: the README says so, and which of Plainsec's files tell people. */
const sigmaReadme = [
  '# Sigma: what to detect, not who to tell',
  '',
  `Each .yml file here is one rule in the Sigma format. ${sigmaGap[0]!.toUpperCase()}${sigmaGap.slice(1)}.`,
  '',
  sigmaNoDelivery,
  '',
  "These Plainsec exports do post and page, each in its tool's own way: `eventbridge/`, `cloudwatch/`, `elastic/`, `splunk/`, `falco/` (its `falcosidekick.yaml`) and `alertmanager/`.",
  'The main README says, for each of them, who is told and when.',
  '',
  'Convert only the .yml files (for example `sigma convert -t splunk -p splunk_cim sigma/*.yml`); this README is not a rule.',
  '',
].join('\n');

/** Sigma, for any SIEM that pySigma converts to. */
export const sigmaTarget: ProvableTarget = provableTarget({
  id: 'sigma',
  name: 'Sigma',
  sources: ['cloudtrail', 'k8s-audit'],
  exportRuleSet: (ruleSet: RuleSet): ExportResult => exportSigma(ruleSet),
  detectionFor: (rule: Rule): Detection => sigmaRuleText(rule),
  match: (detectionText: string, event: CloudTrailEvent): MatchResult => matchSigma(detectionText, event),
  compile: (detectionText: string) => compileSigma(detectionText),
  counting: {
    countDetectionFor: (rule: Rule): Detection => sigmaCountText(rule),
    countMatch: (text: string, events: readonly CloudTrailEvent[]) => countSigma(text, events, compileSigma),
  },
});
