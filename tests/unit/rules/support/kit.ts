/**
 * The one helper module of the rule tests: where the corpora are, the real CloudTrail events and the
 * templates, walking and changing dotted paths in a record, reading savedsearches.conf, and random
 * rule conditions with changed copies of a record. Every rule test takes these from here.
 */
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import type { CloudTrailEvent, JsonValue } from '../../../../src/lib/rules/canonical.ts';
import { documentedKind, undocumentedShapes } from '../../../../src/lib/rules/fields.ts';
import { ruleSetSchema, type Condition, type Rule, type RuleSet, type Scalar } from '../../../../src/lib/rules/model.ts';

// ---------------------------------------------------------------- corpora and templates

/** `../shared/corpora`, beside the checkout. */
export const corporaDir = path.resolve(process.cwd(), '../shared/corpora');
/** Real CloudTrail records from attack detonations (stratus-red-team). */
export const stratusDir = path.join(corporaDir, 'cloudtrail-events-stratus');
export const haveStratus = existsSync(stratusDir);

/**
 * Every real CloudTrail record in the stratus corpus; an empty list, and a visible message naming
 * what is skipped, when the corpus is absent.
 */
export function loadStratusEvents(skipped: string): CloudTrailEvent[] {
  return loadStratusFiles(skipped).flatMap((f) => f.events);
}

/** The same records, by the file (the attack technique) they come from. */
export function loadStratusFiles(skipped: string): { file: string; events: CloudTrailEvent[] }[] {
  if (!haveStratus) {
    console.warn(`Skipped ${skipped}: the real CloudTrail events in ${stratusDir} are absent.`);
    return [];
  }
  return readdirSync(stratusDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const data = JSON.parse(readFileSync(path.join(stratusDir, file), 'utf8')) as unknown;
      return { file, events: (Array.isArray(data) ? data : [data]) as CloudTrailEvent[] };
    });
}

/** The rule templates in `content/rules/`, by file. */
export const templatesDir = path.resolve(process.cwd(), 'content/rules');
export function loadTemplateFiles(): { file: string; rules: Rule[] }[] {
  return readdirSync(templatesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, rules: ruleSetSchema.parse(parse(readFileSync(path.join(templatesDir, file), 'utf8'))).rules }));
}
/** The packs in the order the site offers them (src/components/rule-pages-data.ts, `packs`). */
const packOrder = ['starter.yaml', 'identity.yaml', 'cis-aws-foundations.yaml'];
/** The template packs as rule sets, in the site's order: what /rules/samples.json is made from. */
export function loadTemplatePacks(): RuleSet[] {
  const rank = (file: string) => (packOrder.includes(file) ? packOrder.indexOf(file) : packOrder.length);
  return loadTemplateFiles()
    .sort((x, y) => rank(x.file) - rank(y.file))
    .map((f) => ({ plainsecRules: 1, rules: f.rules }));
}
/** Every rule template, in file order. */
export function loadTemplates(): Rule[] {
  return loadTemplateFiles().flatMap((f) => f.rules);
}

// ---------------------------------------------------------------- paths in a record

/** A dotted-path step that a rule can name. */
const plainKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** What the record holds at a dotted path (any JSON value), or undefined when a step is missing. */
export function valueAt(event: CloudTrailEvent, field: string): JsonValue | undefined {
  let here: JsonValue | undefined = event;
  for (const step of field.split('.')) {
    if (here === null || typeof here !== 'object' || Array.isArray(here) || !Object.hasOwn(here, step)) return undefined;
    here = here[step];
  }
  return here;
}

/** Every dotted path to a single value in the records, with up to `limit` values seen there. */
export function scalarLeaves(events: readonly CloudTrailEvent[], limit = Infinity): Map<string, Set<Scalar>> {
  const seen = new Map<string, Set<Scalar>>();
  const walk = (value: JsonValue, at: string): void => {
    if (value === null || Array.isArray(value)) return;
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) if (plainKey.test(k)) walk(v, at ? `${at}.${k}` : k);
      return;
    }
    const set = seen.get(at) ?? new Set<Scalar>();
    if (set.size < limit) set.add(value);
    seen.set(at, set);
  };
  for (const e of events) walk(e, '');
  return seen;
}

/**
 * A copy of the record with the value at a dotted path replaced (`undefined` deletes it). Steps that
 * are missing or hold no object become objects, except when deleting, where nothing is there to delete.
 */
export function withValue(event: CloudTrailEvent, field: string, value: JsonValue | undefined): CloudTrailEvent {
  const copy = structuredClone(event);
  const steps = field.split('.');
  let here: { [k: string]: JsonValue } = copy;
  for (const step of steps.slice(0, -1)) {
    const next = here[step];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      if (value === undefined) return copy;
      here[step] = {};
    }
    here = here[step] as { [k: string]: JsonValue };
  }
  const last = steps[steps.length - 1]!;
  if (value === undefined) delete here[last];
  else here[last] = value;
  return copy;
}

// ---------------------------------------------------------------- programs

/**
 * The full path of a program found on PATH, as the shell (and `.ci/run`'s `command -v`) finds it:
 * the first folder on PATH holding an executable file of that name. Undefined when there is none.
 */
export function findOnPath(program: string, searchPath: string = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, program);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here, or not executable: look in the next folder
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- Splunk's .conf

/** Reads savedsearches.conf the way Splunk does: stanzas, `key = value`, a trailing backslash continues a line. */
export function readConf(text: string): Map<string, Map<string, string>> {
  const stanzas = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)}\n${lines[++i]}`;
    if (/^\s*(#|$)/.test(line)) continue;
    const stanza = /^\[(.*)\]\s*$/.exec(line);
    if (stanza) {
      current = new Map();
      stanzas.set(stanza[1]!, current);
      continue;
    }
    const kv = /^([^=]+?)\s*=\s?(.*)$/s.exec(line);
    if (!kv || !current) throw new Error(`not a setting: ${JSON.stringify(line)}`);
    current.set(kv[1]!.trim(), kv[2]!);
  }
  return stanzas;
}

// ---------------------------------------------------------------- random conditions

/** Conditions built from the values these records hold, plus a few awkward ones of every type. */
export function randomConditions(stratus: CloudTrailEvent[]): fc.Arbitrary<Condition> {
  const fieldValues = scalarLeaves(stratus);
  for (const [field, values] of [
    ['eventName', ['RunInstances', 'GetObject']],
    ['userIdentity.invokedBy', ['autoscaling.amazonaws.com']],
    ['requestParameters.count', [1, 2, 0]],
    ['readOnly', [true, false]],
    ['missing.field', ['x']],
  ] as const) {
    if (!fieldValues.has(field)) fieldValues.set(field, new Set());
    for (const v of values) fieldValues.get(field)!.add(v);
  }
  const fields = [...fieldValues.keys()].sort();

  const valueFor = (field: string) =>
    fc.oneof(fc.constantFrom(...fieldValues.get(field)!), fc.constantFrom('', 'Get', 'x*y', 'a'), fc.integer({ min: -2, max: 3 }), fc.boolean());
  const textFor = (field: string) =>
    fc.oneof(
      fc.constantFrom(...[...fieldValues.get(field)!].filter((v): v is string => typeof v === 'string' && v.length > 0), 'x'),
      fc.constantFrom('Get', 'amazonaws.com', 'a', 'Create'),
    );
  const cut = (s: string, from: 'start' | 'end') => {
    const n = Math.max(1, Math.ceil(s.length / 2));
    return from === 'start' ? s.slice(0, n) : s.slice(-n);
  };

  // Half the tests read a field every record documents (an export must say those exactly), half any field seen.
  const documentedEverywhere = fields.filter((f) => documentedKind(f) !== undefined);
  const someField = documentedEverywhere.length > 0 ? fc.oneof(fc.constantFrom(...documentedEverywhere), fc.constantFrom(...fields)) : fc.constantFrom(...fields);
  const fieldTest: fc.Arbitrary<Condition> = someField.chain((field) =>
    fc.oneof(
      valueFor(field).map((equals) => ({ field, equals })),
      fc.array(valueFor(field), { minLength: 1, maxLength: 3 }).map((oneOf) => ({ field, oneOf })),
      textFor(field).map((t) => ({ field, startsWith: cut(t, 'start') })),
      textFor(field).map((t) => ({ field, endsWith: cut(t, 'end') })),
      textFor(field).map((t) => ({ field, wildcard: t.length > 2 ? `${t.slice(0, 1)}*${t.slice(-1)}` : `${t}*` })),
      fc.boolean().map((exists) => ({ field, exists })),
    ),
  );

  const { condition } = fc.letrec<{ condition: Condition }>((tie) => ({
    condition: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fieldTest,
      tie('condition').map((c) => ({ not: c })),
      fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((allOf) => ({ allOf })),
      fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })),
    ),
  }));
  return condition;
}

/**
 * The record, and copies with each field the condition reads missing, null, text, a number, true,
 * a list of one or two values and a group, leaving out copies no record CloudTrail writes looks like (a field AWS documents as text holding
 * a number, say): an export need only be exact on the records CloudTrail can write.
 */
export function variants(event: CloudTrailEvent, c: Condition): CloudTrailEvent[] {
  const out: CloudTrailEvent[] = [event];
  const walk = (x: Condition): void => {
    if ('field' in x) {
      for (const replacement of [undefined, null, 'Get', 7, true, ['Get'], ['x', 7], { value: 'Get' }]) {
        // Deleting still makes the missing steps, so that "missing" is tried under an object too.
        const copy = replacement === undefined ? withValue(withValue(event, x.field, 'x'), x.field, undefined) : withValue(event, x.field, replacement);
        if (undocumentedShapes(copy).length === 0) out.push(copy);
      }
    } else if ('not' in x) walk(x.not);
    else ('allOf' in x ? x.allOf : x.anyOf).forEach(walk);
  };
  walk(c);
  return out;
}

// ---------------------------------------------------------------- small rules for delivery tests

/** A plain rule on CreateUser with this urgency, channel and (optionally) working hours: what the delivery tests vary. */
export function deliveryRule(id: string, urgency: string, notify = '#security', workingHours?: object): Record<string, unknown> {
  return {
    id,
    title: `Rule ${id}`,
    means: 'Someone did something.',
    whatToDo: 'Ask them.',
    when: { field: 'eventName', equals: 'CreateUser' },
    urgency,
    notify,
    ...(workingHours ? { workingHours } : {}),
  };
}
