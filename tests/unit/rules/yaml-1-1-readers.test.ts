/**
 * Every YAML file Plainsec exports means the same to a YAML 1.1 reader as to a YAML 1.2 one.
 *
 * pySigma and sigma-cli load Sigma rules with PyYAML (YAML 1.1), where a plain `No` is false and
 * `1:20` is 80; Plainsec reads with the `yaml` package (YAML 1.2). Each exported Sigma, Falco and
 * Alertmanager file, and each rule file, is loaded by both and the data compared: for every
 * template, for 300 generated rules (seed 20261205, drawing odd texts as values) and for rules
 * built around the odd texts. All files go to one Python process, so the check stays quick.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { exportAlertmanager } from '../../../src/lib/rules/exporters/alertmanager.ts';
import { exportFalco } from '../../../src/lib/rules/exporters/falco.ts';
import { exportSigma } from '../../../src/lib/rules/exporters/sigma.ts';
import { chatTools, pagerTools, ruleSetSchema, type Rule, type RuleInput, type RuleSet } from '../../../src/lib/rules/model.ts';
import { printRuleSetYaml } from '../../../src/lib/rules/rule-set.ts';
import type { ExportResult } from '../../../src/lib/rules/target.ts';
import { sourceOf } from '../../../src/lib/rules/sources.ts';
import { yamlText } from '../../../src/lib/rules/yaml-text.ts';
import { skipWhenMissing } from '../../support/skips.ts';
import { loadStratusEvents, loadTemplateFiles } from './support/kit.ts';
import { randomRuleGenerator } from './support/random-rules.ts';

/** Texts that a YAML 1.1 reader takes for something else when they are written plain. */
const oddTexts = [
  'No', 'no', 'NO', 'yes', 'Yes', 'y', 'Y', 'n', 'on', 'On', 'off', 'OFF', 'true', 'False', 'TRUE',
  '~', 'null', 'Null', 'NULL', '', '1:20', '190:20:30.15', '-1:20', '2024-05-14', '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10 -5', '1_000', '1_000.5', '0b1_0', '0o17', '017', '08', '0x1F', '0b101', '+12', '.5', '3.',
  '.inf', '-.Inf', '.NaN', '1e3', '1.5e3', '<<', '=', '123456789012', '017622104382', '._',
];
/** Rule ids (lower case, digits and dashes) that a YAML reader could take for something else. */
const oddIds = ['017', '0o17', '0x1f', '0b101', '1e3', '2024-05-14', '123456789012', 'yes', 'off', 'null', 'true', '1-20'];

/** Where the PyYAML that pySigma would use is: Debian's first, then whatever python3 is on PATH. */
function pythonWithYaml(): string | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import yaml'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return undefined;
}
const python = pythonWithYaml();

/**
 * Reads a JSON list of YAML texts on stdin and prints, for each, its documents as JSON or the load
 * error. What JSON cannot hold is marked rather than lost: a date as {"(date)": "2024-05-14"},
 * keys that are not text, and infinite or not-a-number floats.
 */
const pyYamlReader = `
import json, math, sys, yaml
def mark(o):
    if isinstance(o, dict):
        if all(isinstance(k, str) for k in o):
            return {k: mark(v) for k, v in o.items()}
        return {'(keys that are not text)': [[mark(k), mark(v)] for k, v in o.items()]}
    if isinstance(o, list):
        return [mark(v) for v in o]
    if isinstance(o, float) and not math.isfinite(o):
        return {'(float)': repr(o)}
    if o is None or isinstance(o, (str, bool, int, float)):
        return o
    return {'(' + type(o).__name__ + ')': str(o)}
out = []
for text in json.load(sys.stdin):
    try:
        out.append({'data': [mark(d) for d in yaml.safe_load_all(text)]})
    except Exception as e:
        out.append({'error': ' '.join(str(e).split())})
json.dump(out, sys.stdout)
`;

type Read = { data: unknown[] } | { error: string };

/** Every text as PyYAML reads it, in one Python process. */
function readWithPyYaml(texts: string[]): Read[] {
  const run = spawnSync(python!, ['-c', pyYamlReader], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`PyYAML could not be run: ${run.stderr}`);
  return JSON.parse(run.stdout) as Read[];
}

/** The same marking as the Python side, for data our reader gives. */
function mark(value: unknown): unknown {
  if (value instanceof Map) {
    const entries = [...value.entries()];
    if (entries.every(([k]) => typeof k === 'string')) return Object.fromEntries(entries.map(([k, v]) => [k, mark(v)]));
    return { '(keys that are not text)': entries.map(([k, v]) => [mark(k), mark(v)]) };
  }
  if (Array.isArray(value)) return value.map(mark);
  if (typeof value === 'number' && !Number.isFinite(value)) return { '(float)': Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf' };
  return value;
}

/** A text as our own reader (the `yaml` package) reads it. */
function readWithOurs(text: string): Read {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return { data: [] };
  const failed = docs.flatMap((d) => d.errors);
  if (failed.length > 0) return { error: failed[0]!.message };
  return { data: docs.map((d) => mark(d.toJS({ mapAsMap: true }))) };
}

/** Where two readings first differ, as a path and both values; undefined when they are the same. */
function firstDifference(ours: unknown, theirs: unknown, at = ''): string | undefined {
  if (ours !== null && theirs !== null && typeof ours === 'object' && typeof theirs === 'object' && Array.isArray(ours) === Array.isArray(theirs)) {
    const keys = [...new Set([...Object.keys(ours), ...Object.keys(theirs)])];
    for (const k of keys) {
      const d = firstDifference((ours as Record<string, unknown>)[k], (theirs as Record<string, unknown>)[k], `${at}/${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(ours, theirs) || (ours === 0 && theirs === 0) ? undefined : `at ${at || '/'}: ours ${JSON.stringify(ours)}, PyYAML ${JSON.stringify(theirs)}`;
}

type YamlFile = { name: string; text: string };

/** The YAML files among an export's files. */
const yamlFiles = (result: ExportResult, prefix: string): YamlFile[] =>
  result.files.filter((f) => /\.ya?ml$/.test(f.path)).map((f) => ({ name: `${prefix} ${f.path}`, text: f.content }));

/** Every YAML file the exports of a rule set write, and the rule set as a rule file. */
const exportsOf = (ruleSet: RuleSet, label: string): YamlFile[] => [
  ...yamlFiles(exportSigma(ruleSet), label),
  ...yamlFiles(exportFalco(ruleSet), label),
  ...yamlFiles(exportAlertmanager(ruleSet), label),
  { name: `${label} rules.yaml`, text: printRuleSetYaml(ruleSet) },
];

const rule = (id: string, title: string, when: Rule['when'], more: Partial<RuleInput> = {}): RuleInput => ({
  id,
  title,
  means: title,
  whatToDo: title,
  when,
  urgency: 'wake-me-up',
  notify: '#security-alerts',
  ...more,
});

/** For each odd text, a rule set that writes it everywhere it can go: values, titles, exceptions, alerting. */
function oddRuleSets(): RuleSet[] {
  const sets = oddTexts.map((odd, i) => {
    const words = odd === '' ? 'x' : odd;
    return ruleSetSchema.parse({
      plainsecRules: 1,
      alerting: {
        chat: chatTools[i % chatTools.length],
        pager: pagerTools[i % pagerTools.length],
        ...(odd !== '' ? { opsgenieTeam: odd } : {}),
        ...(/^[A-Za-z0-9_.-]{1,100}$/.test(odd) ? { victoropsRoutingKey: odd } : {}),
      },
      rules: [
        rule(oddIds[i % oddIds.length]!, words, { field: 'additionalEventData.MFAUsed', equals: odd }, { exceptions: [{ unlessDoneByUsers: [words] }] }),
        rule('odd-one-of', words, { field: 'requestParameters.bucketName', oneOf: [odd, 'x'] }),
        rule('odd-any-case', words, { field: 'requestParameters.bucketName', equals: odd, ignoreCase: true }),
        ...(odd === ''
          ? []
          : [
              rule('odd-start', words, { field: 'userAgent', startsWith: odd }),
              rule('odd-end', words, { field: 'userAgent', endsWith: odd, ignoreCase: true }),
              rule('odd-wildcard', words, { field: 'errorMessage', wildcard: `${odd}*x` }),
            ]),
      ],
    });
  });
  const numbers = ruleSetSchema.parse({
    plainsecRules: 1,
    rules: [1e21, 1e-7, -2.5e-9, 0.5, -3, 0, 123456789012].map((n, i) =>
      rule(`number-${i}`, `Number ${n}`, { field: 'requestParameters.maxCount', equals: n }),
    ),
  });
  return [...sets, numbers];
}

/** 300 rules from the differential proof's generator, drawing the odd texts as values too. */
function generatedRules(): Rule[] {
  const events = loadStratusEvents('real values in the generated rules of the YAML 1.1 check (catalogue examples are used instead)');
  const { ruleArb } = randomRuleGenerator(events, { extraValues: ['x', 0, true, ...oddTexts], valuesWhereNoneSeen: oddTexts });
  return fc.sample(ruleArb, { numRuns: 300, seed: 20261205 }).map((r, i) => ({ ...r, id: `generated-${i}` }));
}

const haveNoPyYaml = skipWhenMissing(python !== undefined, 'no python3 with PyYAML (sudo apt-get install python3-yaml)');

describe.skipIf(haveNoPyYaml)('every exported YAML file reads the same in PyYAML (YAML 1.1) as in our reader (YAML 1.2)', () => {
  const templateFiles = loadTemplateFiles().flatMap((f) => exportsOf({ plainsecRules: 1, rules: f.rules }, f.file));
  const generatedFiles = [
    ...generatedRules().flatMap((r) => exportsOf({ plainsecRules: 1, rules: [r] }, r.id)),
    ...oddRuleSets().flatMap((s, i) => exportsOf(s, `odd texts ${i}`)),
  ];
  const all = python === undefined ? [] : [...templateFiles, ...generatedFiles];
  const readings = python === undefined ? [] : readWithPyYaml(all.map((f) => f.text));
  const pyYamlOf = new Map(all.map((f, i) => [f, readings[i]!]));
  console.info(`PyYAML read ${templateFiles.length} files exported from the templates and ${generatedFiles.length} from generated rules.`);

  const differences = (files: YamlFile[]): string[] =>
    files.flatMap((f) => {
      const ours = readWithOurs(f.text);
      const theirs = pyYamlOf.get(f)!;
      if ('error' in theirs && !('error' in ours)) return [`${f.name}: PyYAML cannot load it: ${theirs.error}`];
      const difference = firstDifference(ours, theirs);
      return difference ? [`${f.name} ${difference}`] : [];
    });

  it('reads every file exported from the templates the same', () => {
    expect(templateFiles.length).toBeGreaterThan(loadTemplateFiles().flatMap((f) => f.rules).filter((r) => sourceOf(r) === 'cloudtrail').length);
    const found = differences(templateFiles);
    expect(found, `${found.length} of ${templateFiles.length} files differ`).toEqual([]);
  });

  it('reads every file exported from generated rules and from rules full of odd texts the same', () => {
    expect(generatedFiles.length).toBeGreaterThan(900);
    const found = differences(generatedFiles);
    expect(found, `${found.length} of ${generatedFiles.length} files differ`).toEqual([]);
  });

  it('reads the MFA test of console_sign_in_without_mfa.yml as the text No, as pySigma must', () => {
    const file = templateFiles.find((f) => f.name === 'identity.yaml sigma/console_sign_in_without_mfa.yml');
    expect(file).toBeDefined();
    const read = pyYamlOf.get(file!)!;
    expect('data' in read, JSON.stringify(read)).toBe(true);
    const detection = (read as { data: Array<{ detection: Record<string, unknown> }> }).data[0]!.detection;
    const mfaUsed = Object.values(detection).flatMap((search) =>
      search !== null && typeof search === 'object' && 'additionalEventData.MFAUsed|cased' in search ? [(search as Record<string, unknown>)['additionalEventData.MFAUsed|cased']] : [],
    );
    expect(mfaUsed).toEqual(['No']);
  });

  it('writes each odd text, as a key and as a value, so that PyYAML reads it back as that text', () => {
    const texts = oddTexts.map((odd) => yamlText({ [odd]: odd, list: [odd] }));
    const read = readWithPyYaml(texts);
    const wrong = oddTexts.filter((odd, i) => JSON.stringify(read[i]) !== JSON.stringify({ data: [{ [odd]: odd, list: [odd] }] }));
    expect(wrong).toEqual([]);
  });
});
