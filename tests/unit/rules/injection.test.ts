/**
 * User text never changes a file's structure. Each export is made twice: once with plain text and
 * once with hostile text (quotes, colons, line breaks, #, ${}, {{ }}, backslashes, unicode) in the
 * title, meaning, what-to-do, values and channel. Both are parsed back with their own format
 * (YAML, JSON, NDJSON, .conf, Markdown lines): the shapes must be identical, and wherever the plain
 * title, meaning or what-to-do appeared as a whole value, the hostile one must appear, unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { readConf } from './support/kit.ts';
import { confText } from '../../../src/lib/rules/exporters/splunk.ts';
import { ruleSetSchema, type RuleSet } from '../../../src/lib/rules/model.ts';
import type { ExportedFile, TargetId } from '../../../src/lib/rules/target.ts';
import { availableTargetIds, exportRuleSet } from '../../../src/lib/rules/targets.ts';

type Texts = { title: string; means: string; whatToDo: string; value: string; prefix: string; channel: string };

const plain: Texts = {
  title: 'Plain title words',
  means: 'Plain meaning words.',
  whatToDo: 'Plain advice words.',
  value: 'PlainValueOne',
  prefix: 'plain-prefix',
  channel: '#plain-channel',
};

function ruleSetWith(t: Texts): RuleSet {
  return ruleSetSchema.parse({
    plainsecRules: 1,
    rules: [
      {
        id: 'hostile-text-rule',
        title: t.title,
        means: t.means,
        whatToDo: t.whatToDo,
        when: {
          allOf: [
            { field: 'eventSource', equals: 's3.amazonaws.com' },
            { field: 'eventName', equals: t.value },
            { field: 'userAgent', startsWith: t.prefix },
          ],
        },
        exceptions: [{ onlyInRegions: [t.value] }],
        urgency: 'look-today',
        notify: t.channel,
        workingHours: { timeZone: 'Europe/London', days: ['monday'], start: '09:00', end: '17:00' },
      },
    ],
  });
}

type Leaf = { path: string; kind: string; text?: string };

/** Names some exports derive from the channel (`#team-a` → `team_a`), put back to one placeholder so shapes compare. */
function withoutChannel(path: string, channel: string): string {
  const bare = channel.slice(1);
  const forms = [...new Set([bare, bare.replace(/-/g, '_'), bare.replace(/[^A-Za-z0-9]/g, '_'), bare.replace(/[^A-Za-z0-9]/g, '')])]
    .filter((f) => f.length > 0)
    .sort((a, b) => b.length - a.length);
  // Only inside object keys, and only as a whole word between separators.
  return path.replace(/\."((?:[^"\\]|\\.)*)"/g, (_m, key: string) => {
    let k = key;
    for (const form of forms) k = k.replace(new RegExp(`(^|[_.-])${form.replace(/[-]/g, '\\-')}(?=$|[_.-])`, 'g'), '$1<channel>');
    // CloudFormation logical ids spell it in PascalCase: team-a → TeamA.
    const pascal = bare
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join('');
    if (pascal) k = k.replace(new RegExp(`${pascal}(?=$|[A-Z_.-])`, 'g'), '<channel>');
    return `."${k}"`;
  });
}

/** Every leaf of a parsed document, with its path and kind; strings keep their text. */
function leaves(value: unknown, at = '$', out: Leaf[] = []): Leaf[] {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${at}[${i}]`, out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) leaves(v, `${at}.${JSON.stringify(k)}`, out);
  else out.push({ path: at, kind: value === null ? 'null' : typeof value, ...(typeof value === 'string' ? { text: value } : {}) });
  return out;
}


function terraformStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
  if (Array.isArray(value)) return value.map(terraformStrings);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, terraformStrings(v)]));
  return value;
}

/** A file parsed back with its own format. */
function parseBack(file: ExportedFile): unknown {
  if (/\.ya?ml$/.test(file.path)) {
    const docs = parseAllDocuments(file.content);
    const list = Array.isArray(docs) ? docs : [docs];
    for (const d of list) if ('errors' in d && d.errors.length > 0) throw new Error(`${file.path}: ${d.errors[0]!.message}`);
    return list.map((d) => d.toJS());
  }
  // Terraform reads every JSON string as a template: `$${` and `%%{` stand for a literal `${` and `%{`.
  if (file.path.endsWith('.tf.json')) return terraformStrings(JSON.parse(file.content));
  if (file.path.endsWith('.ndjson')) return file.content.trimEnd().split('\n').map((line) => JSON.parse(line));
  if (file.path.endsWith('.json')) return JSON.parse(file.content);
  if (file.path.endsWith('.conf')) return Object.fromEntries([...readConf(file.content)].map(([name, settings]) => [name, Object.fromEntries(settings)]));
  // Markdown and other text: the structure is its lines.
  return file.content.split('\n').map((l) => l.replace(/[^|`#\-\s]/g, '.'));
}

const hostilePieces = [
  '"', "'", ':', ': ', '\n', '\r\n', '#', ' #', '${x}', '${var.secret}', '{{ .Alerts }}', '{{', '}}', '\\', '\\n', '\\"', '- ', '[x]', '{a: b}',
  '|', '>', '&anchor', '*alias', '!tag', '---', '...', '%', '@', '`', 'é', '漢字', '🙂', '\u2028', '\t', '=', '[stanza]', '\nsearch = index=x',
  ' or ', 'not ', ' and ', '$name$', '<', '>', '(', ')', '*', '?', ',', ';', 'null', 'true', '0x1', '~',
];
const hostileText = (max: number): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hostilePieces) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }), { minLength: 1, maxLength: 8 })
    .map((parts) => `x${parts.join('')}`.slice(0, max));

const textsArb: fc.Arbitrary<Texts> = fc.record({
  title: hostileText(120),
  means: hostileText(400),
  whatToDo: hostileText(400),
  value: hostileText(60),
  prefix: hostileText(30),
  // Valid channel names; some exports turn them into resource names, so keep one separator between words.
  channel: fc
    .array(fc.tuple(fc.constantFrom('-', '_'), fc.stringMatching(/^[a-z0-9]{1,6}$/)), { maxLength: 4 })
    .map((parts) => `#zq${parts.map(([sep, word]) => sep + word).join('')}`),
});

/** Plain words expected unchanged in each output; Splunk keeps text on one line (see confText). */
function expectedText(target: TargetId, key: 'title' | 'means' | 'whatToDo' | 'value', t: Texts): string {
  return target === 'splunk' ? confText(t[key]) : t[key];
}

/** A string as the tool reads it: Sigma values escape `*`, `?` and `\` with a backslash. */
function asWritten(target: TargetId, text: string | undefined): string | undefined {
  return target === 'sigma' && text !== undefined ? text.replace(/\\([*?\\])/g, '$1') : text;
}

describe('user text in rules', () => {
  it.each(availableTargetIds().map((id) => [id]))('never changes the structure of the %s export', (target) => {
    const plainExport = exportRuleSet(ruleSetWith(plain), [target]);
    expect(plainExport.refused).toEqual([]);
    const plainParsed = new Map(plainExport.files.map((f) => [f.path, leaves(parseBack(f))]));
    // Where a tool keeps values as whole strings, the value comparison below has something to compare.
    if (target === 'sigma' || target === 'eventbridge')
      expect([...plainParsed.values()].flat().some((l) => l.text === plain.value)).toBe(true);
    fc.assert(
      fc.property(textsArb, (t) => {
        const hostile = exportRuleSet(ruleSetWith(t), [target]);
        // A refusal writes nothing for the rule, which cannot change a structure.
        if (hostile.refused.length > 0) {
          expect(hostile.files.map((f) => f.content).join('\n')).not.toContain('hostile-text-rule:');
          return;
        }
        expect(hostile.files.map((f) => f.path).sort()).toEqual([...plainParsed.keys()].sort());
        for (const file of hostile.files) {
          const got = leaves(parseBack(file));
          const want = plainParsed.get(file.path)!;
          expect(got.map((l) => `${withoutChannel(l.path, t.channel)}:${l.kind}`), file.path).toEqual(
            want.map((l) => `${withoutChannel(l.path, plain.channel)}:${l.kind}`),
          );
          for (const key of ['title', 'means', 'whatToDo', 'value'] as const) {
            const plainText = target === 'splunk' ? null : plain[key];
            if (plainText === null) continue;
            want.forEach((leaf, i) => {
              const text = key === 'value' ? asWritten(target, got[i]!.text) : got[i]!.text;
              if (leaf.text === plainText) expect(text, `${file.path} ${leaf.path}`).toBe(expectedText(target, key, t));
            });
          }
          if (target === 'splunk') {
            const conf = readConf(file.content);
            const settings = conf.get('plainsec-hostile-text-rule')!;
            expect(settings.get('description')).toBe(confText(`${t.title}. ${t.means} What to do: ${t.whatToDo}`));
            expect(settings.get('action.slack.param.channel')).toBe(t.channel);
          }
        }
      }),
      { numRuns: 150, seed: 4242 },
    );
  });
});
