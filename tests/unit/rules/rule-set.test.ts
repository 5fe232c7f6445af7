import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ruleSetJsonSchema, ruleSetSchemaId } from '../../../src/lib/rules/json-schema.ts';
import { ruleSetSchema, type Condition, type RuleSet } from '../../../src/lib/rules/model.ts';
import { formatRuleSetError, parseRuleSetYaml, printRuleSetYaml } from '../../../src/lib/rules/rule-set.ts';

const good = `plainsecRules: 1
rules:
  - id: server-outside-autoscaling
    title: A server was created outside an auto-scaling group
    means: Someone started a server by hand.
    whatToDo: Ask who started it and why.
    when:
      allOf:
        - field: eventSource
          equals: ec2.amazonaws.com
        - field: eventName
          equals: RunInstances
    exceptions:
      - unlessDoneByAwsService: true
      - unlessItFailed: true
    urgency: look-today
    notify: "#security-alerts"
`;

const errorsOf = (text: string) => {
  const result = parseRuleSetYaml(text);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
};

describe('reading a rule-set file', () => {
  it('reads a good file and fills in the defaults', () => {
    const result = parseRuleSetYaml(good);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.ruleSet.rules[0]!.id).toBe('server-outside-autoscaling');
      expect(result.ruleSet.rules[0]!.references).toEqual([]);
    }
  });

  it('names the field and says what to write when a Slack channel is wrong', () => {
    const errors = errorsOf(good.replace('"#security-alerts"', 'security alerts'));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('rules[0].notify');
    expect(errors[0]!.message).toBe('write a Slack channel like #security-alerts');
    expect(errors[0]!.line).toBe(17);
    expect(formatRuleSetError(errors[0]!)).toBe('rules[0].notify (line 17): write a Slack channel like #security-alerts');
  });

  it('names an unknown key and its line', () => {
    const errors = errorsOf(good.replace('    urgency: look-today', '    urgnecy: high\n    urgency: look-today'));
    expect(errors.map((e) => e.path)).toContain('rules[0].urgnecy');
    const unknown = errors.find((e) => e.path === 'rules[0].urgnecy')!;
    expect(unknown.message).toMatch(/"urgnecy" is not a field/);
    expect(unknown.line).toBe(16);
  });

  it('says a required field is missing', () => {
    const errors = errorsOf(good.replace('    whatToDo: Ask who started it and why.\n', ''));
    expect(errors).toEqual([expect.objectContaining({ path: 'rules[0].whatToDo', message: expect.stringMatching(/missing/) })]);
  });

  it('lists the urgencies when one is wrong', () => {
    const errors = errorsOf(good.replace('urgency: look-today', 'urgency: high'));
    expect(errors[0]!.message).toBe('write one of wake-me-up, look-today or fyi');
  });

  it('explains a condition it cannot read', () => {
    const errors = errorsOf(good.replace('equals: RunInstances', 'equal: RunInstances'));
    expect(errors[0]!.path).toMatch(/^rules\[0\]\.when/);
    expect(errors.map((e) => e.message).join(' ')).toMatch(/equal|field: eventName/);
  });

  it('points at the wrong value inside a condition', () => {
    const errors = errorsOf(good.replace('equals: RunInstances', 'equals: [RunInstances]'));
    expect(errors[0]!.path).toBe('rules[0].when.allOf[1].equals');
  });

  it('says where a YAML syntax error is and what to check', () => {
    const errors = errorsOf(good.replace('    means: Someone started a server by hand.', '    means: Someone: started "a server'));
    expect(errors[0]!.line).toBe(5);
    expect(errors[0]!.message).toMatch(/quotes|indentation/);
  });

  it('refuses two rules with the same id', () => {
    const rule = good.slice(good.indexOf('  - id:'));
    const errors = errorsOf(good + rule);
    expect(errors).toEqual([
      expect.objectContaining({ path: 'rules[1].id', message: expect.stringMatching(/already used by rules\[0\]/), line: 18 }),
    ]);
  });

  it('refuses a key written twice', () => {
    const errors = errorsOf(good.replace('    urgency: look-today', '    urgency: look-today\n    urgency: fyi'));
    expect(errors[0]!.message).toMatch(/twice/);
  });

  it('asks for the format version', () => {
    expect(errorsOf(good.replace('plainsecRules: 1', 'plainsecRules: 2'))[0]!.message).toMatch(/plainsecRules: 1/);
  });

  it('does not throw on anything', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = parseRuleSetYaml(text);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
    for (const text of ['', '[', '- a\n- b', 'plainsecRules: 1\nrules: {}', '&a [*a]', 'a: *b'])
      expect(() => parseRuleSetYaml(text)).not.toThrow();
    expect(parseRuleSetYaml('').ok).toBe(false);
  });
});

// ---------------------------------------------------------------- printing

const tricky = fc.constantFrom('No', 'yes', 'on', '123', '1e3', 'a: b', '#x', ' lead', 'trail ', '${var.x}', 'line\nbreak', "it's", '"q"', 'null', '~', '');
const scalar = fc.oneof(tricky, fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)), fc.boolean());
const text = fc.oneof(tricky.filter((s) => s.length > 0), fc.string({ minLength: 1 }));
const field = fc.constantFrom('eventName', 'userIdentity.invokedBy', 'requestParameters.bucket-name', 'errorCode');

const { condition } = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(
      fc.record({ field, equals: scalar }),
      fc.record({ field, oneOf: fc.array(scalar, { minLength: 1, maxLength: 3 }) }),
      fc.record({ field, startsWith: text }),
      fc.record({ field, endsWith: text }),
      fc.record({ field, wildcard: text }),
      fc.record({ field, exists: fc.boolean() }),
    ),
    tie('condition').map((c) => ({ not: c })),
    fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((allOf) => ({ allOf })),
    fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })),
  ),
}));

const ruleArb = fc.record(
  {
    id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,20}$/),
    title: text.map((t) => t.slice(0, 120)),
    means: text,
    whatToDo: text,
    when: condition,
    exceptions: fc.array(
      fc.oneof(
        fc.constant({ unlessDoneByAwsService: true as const }),
        fc.constant({ unlessInvokedByAnyAwsService: true as const }),
        fc.constant({ unlessItFailed: true as const }),
        fc.record({ unlessDoneByRoles: fc.array(text, { minLength: 1, maxLength: 2 }) }),
        fc.record({ unlessDoneByUsers: fc.array(text, { minLength: 1, maxLength: 2 }) }),
        fc.record({ onlyInRegions: fc.array(fc.constantFrom('eu-west-1', 'us-east-1'), { minLength: 1, maxLength: 2 }) }),
      ),
      { maxLength: 3 },
    ),
    urgency: fc.constantFrom('wake-me-up' as const, 'look-today' as const, 'fyi' as const),
    notify: fc.stringMatching(/^#[a-z0-9][a-z0-9_-]{0,15}$/),
    workingHours: fc.record({
      timeZone: fc.constantFrom('Europe/London', 'UTC', 'America/Argentina/Buenos_Aires'),
      days: fc.subarray(['monday', 'tuesday', 'saturday'] as const, { minLength: 1 }).map((d) => [...d]),
      start: fc.constantFrom('09:00', '00:30'),
      end: fc.constantFrom('17:00', '23:59'),
    }),
    references: fc.array(fc.webUrl({ withQueryParameters: true }), { maxLength: 2 }),
    attack: fc.array(fc.constantFrom('T1078', 'T1562.008'), { maxLength: 2 }),
    cisAws: fc.array(fc.constantFrom('4.3', '3.1'), { maxLength: 2 }),
    securityHub: fc.array(fc.constantFrom('CloudWatch.1', 'S3.1'), { maxLength: 2 }),
    pinned: fc.record({ cloudwatch: text }),
  },
  { requiredKeys: ['id', 'title', 'means', 'whatToDo', 'when', 'exceptions', 'urgency', 'notify', 'references', 'attack', 'cisAws', 'securityHub'] },
);

const ruleSetArb: fc.Arbitrary<RuleSet> = fc
  .uniqueArray(ruleArb, { maxLength: 3, selector: (r) => r.id })
  .map((rules) => ({ plainsecRules: 1 as const, rules }));

describe('writing a rule-set file', () => {
  it('reads back exactly what it wrote, for any rule set the model allows', () => {
    fc.assert(
      fc.property(ruleSetArb, (ruleSet) => {
        const printed = printRuleSetYaml(ruleSet);
        const back = parseRuleSetYaml(printed);
        expect(back.ok ? back.ruleSet : back.errors).toEqual(ruleSet);
      }),
      { numRuns: 300 },
    );
  });

  it('writes keys in a fixed order and quotes words older YAML readers take for true or false', () => {
    const parsed = parseRuleSetYaml(good);
    if (!parsed.ok) throw new Error('bad fixture');
    const ruleSet: RuleSet = {
      ...parsed.ruleSet,
      rules: [{ ...parsed.ruleSet.rules[0]!, when: { equals: 'No', field: 'additionalEventData.MFAUsed' } as Condition }],
    };
    const printed = printRuleSetYaml(ruleSet);
    const order = ['id:', 'title:', 'means:', 'whatToDo:', 'when:', 'exceptions:', 'urgency:', 'notify:'].map((k) => printed.indexOf(`    ${k}`) >= 0 ? printed.indexOf(`    ${k}`) : printed.indexOf(`  - ${k}`));
    expect(order.every((p) => p >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(printed).toContain('field: additionalEventData.MFAUsed\n      equals: "No"');
  });
});

// ---------------------------------------------------------------- JSON Schema

describe('the published JSON Schema', () => {
  const schema = ruleSetJsonSchema();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);

  it('has its address and a title, in draft 2020-12', () => {
    expect(schema['$id']).toBe(ruleSetSchemaId);
    expect(schema['$id']).toBe('https://plainsec.dev/schemas/rule-set.schema.json');
    expect(schema['title']).toBeTruthy();
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema['$defs'] as object)).toContain('condition');
  });

  it('accepts the example file and rejects it with a wrong urgency or an unknown key', () => {
    expect(validate(parseYaml(good))).toBe(true);
    expect(validate(parseYaml(good.replace('urgency: look-today', 'urgency: high')))).toBe(false);
    expect(validate(parseYaml(good.replace('    urgency: look-today', '    colour: red\n    urgency: look-today')))).toBe(false);
    expect(validate(parseYaml(good.replace('equals: RunInstances', 'equal: RunInstances')))).toBe(false);
  });

  // Both directions: every rule set the model accepts, the schema accepts (random rule sets below);
  // and every file the model refuses, the schema refuses too, at the same field.
  const base = parseYaml(good) as { plainsecRules: unknown; rules: Record<string, unknown>[] };
  const withRule = (change: Record<string, unknown>, drop: string[] = []) => ({
    plainsecRules: 1,
    rules: [{ ...Object.fromEntries(Object.entries(base.rules[0]!).filter(([k]) => !drop.includes(k))), ...change }],
  });
  const hours = { timeZone: 'Europe/London', days: ['monday'], start: '09:00', end: '17:00' };
  const badFiles: [string, string, unknown][] = [
    ['a format version other than 1', 'plainsecRules', { ...base, plainsecRules: 2 }],
    ['no list of rules', 'rules', { plainsecRules: 1 }],
    ['an id in capitals with an underscore', 'rules/0/id', withRule({ id: 'Bad_Id' })],
    ['no title', 'rules/0/title', withRule({}, ['title'])],
    ['a title over 120 characters', 'rules/0/title', withRule({ title: 'x'.repeat(121) })],
    ['an empty meaning', 'rules/0/means', withRule({ means: '' })],
    ['what to do written as a number', 'rules/0/whatToDo', withRule({ whatToDo: 5 })],
    ['an urgency that is not one of the three', 'rules/0/urgency', withRule({ urgency: 'high' })],
    ['a channel without #', 'rules/0/notify', withRule({ notify: 'security-alerts' })],
    ['an unknown setting', 'rules/0/colour', withRule({ colour: 'red' })],
    ['a misspelt test', 'rules/0/when', withRule({ when: { field: 'eventName', equal: 'RunInstances' } })],
    ['a field name with a space', 'rules/0/when', withRule({ when: { field: 'event name', equals: 'RunInstances' } })],
    ['an empty list of values', 'rules/0/when', withRule({ when: { field: 'eventName', oneOf: [] } })],
    ['an empty "all of"', 'rules/0/when', withRule({ when: { allOf: [] } })],
    ['ignoreCase: false', 'rules/0/when', withRule({ when: { field: 'eventName', equals: 'RunInstances', ignoreCase: false } })],
    ['an empty start', 'rules/0/when', withRule({ when: { field: 'eventName', startsWith: '' } })],
    ['"exists" written as text', 'rules/0/when', withRule({ when: { field: 'eventName', exists: 'yes' } })],
    ['an empty list of roles', 'rules/0/exceptions', withRule({ exceptions: [{ unlessDoneByRoles: [] }] })],
    ['unlessDoneByAwsService: false', 'rules/0/exceptions', withRule({ exceptions: [{ unlessDoneByAwsService: false }] })],
    ['a start time without a leading zero', 'rules/0/workingHours/start', withRule({ workingHours: { ...hours, start: '9:00' } })],
    ['a day that does not exist', 'rules/0/workingHours/days', withRule({ workingHours: { ...hours, days: ['funday'] } })],
    ['a time zone with a space', 'rules/0/workingHours/timeZone', withRule({ workingHours: { ...hours, timeZone: 'Europe London' } })],
    ['a reference that is not a web address', 'rules/0/references', withRule({ references: ['see the wiki'] })],
    ['an ATT&CK id with too few digits', 'rules/0/attack', withRule({ attack: ['T12'] })],
    ['a CIS AWS Foundations id written with its section name', 'rules/0/cisAws', withRule({ cisAws: ['Monitoring 4.3'] })],
    ['a Security Hub control id without its number', 'rules/0/securityHub', withRule({ securityHub: ['CloudWatch'] })],
    ['a pinned text for a target that takes none', 'rules/0/pinned', withRule({ pinned: { splunk: 'x' } })],
  ];

  it(`has a table of at least 15 bad rule files`, () => expect(badFiles.length).toBeGreaterThanOrEqual(15));

  it.each(badFiles)('refuses, as the model does, a rule file with %s (at %s)', (_what, at, data) => {
    const model = ruleSetSchema.safeParse(data);
    expect(model.success, 'the model accepts it').toBe(false);
    if (!model.success) expect(model.error.issues.map((i) => i.path.join('/')).some((p) => p === at || p.startsWith(`${at}/`) || at.startsWith(`${p}/`) && at.split('/').length - p.split('/').length === 1)).toBe(true);
    expect(validate(data), 'the published schema accepts it').toBe(false);
    const where = (validate.errors ?? []).map((e) => {
      const extra = (e.params as { additionalProperty?: string; missingProperty?: string }).additionalProperty ?? (e.params as { missingProperty?: string }).missingProperty;
      return `${e.instancePath}${extra ? `/${extra}` : ''}`.replace(/^\//, '');
    });
    expect(where.some((p) => p === at || p.startsWith(`${at}/`)), `schema errors at ${where.join(', ')}`).toBe(true);
  });

  it('agrees with the model on random rule sets', () => {
    fc.assert(
      fc.property(ruleSetArb, (ruleSet) => {
        expect(validate(JSON.parse(JSON.stringify(ruleSet))), JSON.stringify(validate.errors)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  const templates = path.resolve(process.cwd(), 'content/rules');
  const files = existsSync(templates) ? readdirSync(templates).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
  if (files.length === 0) console.warn('No rule templates in content/rules yet; the template checks below have nothing to read');
  for (const file of files)
    it(`accepts the template ${file}, which the rule-set reader also reads`, () => {
      const text = readFileSync(path.join(templates, file), 'utf8');
      expect(validate(parseYaml(text)), JSON.stringify(validate.errors)).toBe(true);
      const parsed = parseRuleSetYaml(text);
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    });
});
