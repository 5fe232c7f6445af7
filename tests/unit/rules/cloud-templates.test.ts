/**
 * Outside checks for the cloud templates the EventBridge and CloudWatch exports write.
 *
 * CloudFormation: every resource is checked against the AWS resource specification that the AWS
 * CDK team publishes (`@aws-cdk/aws-service-spec`, built from the CloudFormation registry schemas):
 * the resource type exists, every property exists and has the right type (string, number, integer,
 * true/false, list, map, JSON, nested type, allowed values), required properties are there, and
 * every Ref and DependsOn names something the template declares.
 *
 * Terraform: every resource and argument is checked against the AWS provider's schema as CDK
 * Terrain publishes it (`@cdktn/provider-aws`, bindings generated from `hashicorp/aws` 6.x's
 * provider schema): each resource type exists, each argument and nested block exists with the
 * right type, required arguments are there, and every `${var.…}` and `${aws_….…}` reference names a
 * declared variable or resource. The package holds the schema as generated TypeScript
 * declarations (one file per resource, every argument linked to its Terraform name), which is what
 * is read here; no network and no Terraform binary are needed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import { describe, expect, it } from 'vitest';
import type { ExportedFile } from '../../../src/lib/rules/target.ts';
import { exportRuleSet } from '../../../src/lib/rules/targets.ts';
import { chatTools, ruleSetSchema, type RuleSet } from '../../../src/lib/rules/model.ts';
import { loadTemplates } from './support/kit.ts';

// ---------------------------------------------------------------- the exports to check

const templates: RuleSet = { plainsecRules: 1, rules: loadTemplates() };
/** A second set with everything the templates leave out: several channels, working hours, odd names. */
const varied: RuleSet = ruleSetSchema.parse({
  plainsecRules: 1,
  rules: [
    { id: 'a-rule', title: 'A ${x} rule', means: 'm', whatToDo: 'w', when: { field: 'eventName', equals: 'RunInstances' }, urgency: 'fyi', notify: '#team-a' },
    { id: 'b-rule', title: 'B', means: 'm', whatToDo: 'w', when: { field: 'eventName', startsWith: 'Get' }, urgency: 'wake-me-up', notify: '#team_b' },
    // Pages outside working hours: a topic, a subscription and (Terraform) a PagerDuty service of its own.
    {
      id: 'c-rule',
      title: 'C',
      means: 'm',
      whatToDo: 'w',
      when: { field: 'eventName', equals: 'CreateUser' },
      urgency: 'look-today',
      notify: '#team-a',
      workingHours: { timeZone: 'Europe/Berlin', days: ['monday', 'friday'], start: '08:00', end: '18:00' },
    },
    // Two channels share look-today and wake-me-up, so each of those urgencies has a topic per channel (and CloudWatch pages through page-now).
    { id: 'd-rule', title: 'D', means: 'm', whatToDo: 'w', when: { field: 'eventName', equals: 'DeleteUser' }, urgency: 'look-today', notify: '#team_b' },
    { id: 'e-rule', title: 'E', means: 'm', whatToDo: 'w', when: { field: 'eventName', equals: 'DeleteRole' }, urgency: 'wake-me-up', notify: '#team-a' },
  ],
});

function filesFor(set: RuleSet, target: 'eventbridge' | 'cloudwatch', ending: string): ExportedFile[] {
  return exportRuleSet(set, [target]).files.filter((f) => f.path.endsWith(ending));
}

const cloudFormationFiles = [templates, varied].flatMap((set) => [...filesFor(set, 'eventbridge', 'template.json'), ...filesFor(set, 'cloudwatch', 'template.json')]);
const terraformFiles = [templates, varied].flatMap((set) => [...filesFor(set, 'eventbridge', '.tf.json'), ...filesFor(set, 'cloudwatch', '.tf.json')]);
/** Each file with the set it was made from, for the test names. */
const named = (files: ExportedFile[], perSet: number) => files.map((f, i) => [`${f.path} (${i < perSet ? 'templates' : 'varied rules'})`, f] as const);

// ---------------------------------------------------------------- CloudFormation

const spec = loadAwsServiceSpecSync();

type SpecType = { type: string; element?: SpecType; types?: SpecType[]; reference?: { $ref: string }; allowedValues?: string[] };
type SpecProperty = { type: SpecType; required?: boolean };

const isIntrinsic = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && /^(Ref|Fn::[A-Za-z]+)$/.test(Object.keys(v)[0]!);

/** Problems with one value against a spec type; intrinsic functions (Ref, Fn::GetAtt …) stand for any type. */
function typeProblems(value: unknown, type: SpecType, at: string): string[] {
  if (isIntrinsic(value)) return [];
  switch (type.type) {
    case 'string':
      if (typeof value !== 'string') return [`${at}: expected text, got ${JSON.stringify(value)}`];
      return type.allowedValues && !type.allowedValues.includes(value) ? [`${at}: ${value} is not one of ${type.allowedValues.join(', ')}`] : [];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: expected a whole number, got ${JSON.stringify(value)}`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: expected a number, got ${JSON.stringify(value)}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected true or false, got ${JSON.stringify(value)}`];
    case 'json':
      return value !== null && typeof value === 'object' ? [] : [`${at}: expected a JSON object`];
    case 'array':
      return Array.isArray(value) ? value.flatMap((v, i) => typeProblems(v, type.element!, `${at}[${i}]`)) : [`${at}: expected a list`];
    case 'map':
      return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) => typeProblems(v, type.element!, `${at}.${k}`))
        : [`${at}: expected a map`];
    case 'union': {
      const each = type.types!.map((t) => typeProblems(value, t, at));
      return each.some((p) => p.length === 0) ? [] : each[0]!;
    }
    case 'tag':
      return value !== null && typeof value === 'object' && 'Key' in value && 'Value' in value ? [] : [`${at}: expected a tag`];
    case 'ref': {
      const definition = spec.get('typeDefinition', type.reference!.$ref) as unknown as { properties: Record<string, SpecProperty> };
      return propertyProblems(value, definition.properties, at);
    }
    default:
      return [`${at}: the spec type ${type.type} is not checked here`];
  }
}

function propertyProblems(value: unknown, properties: Record<string, SpecProperty>, at: string): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected an object of properties`];
  const out: string[] = [];
  for (const [name, v] of Object.entries(value)) {
    const property = properties[name];
    if (!property) out.push(`${at}.${name}: no such property (the spec has ${Object.keys(properties).join(', ')})`);
    else out.push(...typeProblems(v, property.type, `${at}.${name}`));
  }
  for (const [name, property] of Object.entries(properties)) if (property.required && !(name in value)) out.push(`${at}: required property ${name} is missing`);
  return out;
}

/** Every problem CloudFormation's resource specification finds in a template. */
export function cloudFormationProblems(template: Record<string, unknown>): string[] {
  const out: string[] = [];
  const resources = (template['Resources'] ?? {}) as Record<string, { Type: string; Properties?: unknown; DependsOn?: string | string[] }>;
  const parameters = Object.keys((template['Parameters'] ?? {}) as object);
  const declared = new Set([...parameters, ...Object.keys(resources), 'AWS::Region', 'AWS::AccountId', 'AWS::StackName', 'AWS::Partition']);
  const refs = (value: unknown, at: string): void => {
    if (Array.isArray(value)) value.forEach((v, i) => refs(v, `${at}[${i}]`));
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        if (k === 'Ref' && typeof v === 'string' && !declared.has(v)) out.push(`${at}: Ref to ${v}, which the template does not declare`);
        if (k === 'Fn::GetAtt' && Array.isArray(v) && !(String(v[0]) in resources)) out.push(`${at}: Fn::GetAtt on ${String(v[0])}, which the template does not declare`);
        // Fn::Sub names parameters and resources inside its text, as ${Name} (${!x} is a literal).
        if (k === 'Fn::Sub' && typeof v === 'string')
          for (const [, name] of v.matchAll(/\$\{(?!!)([^}.]+)[^}]*\}/g)) if (!declared.has(name!)) out.push(`${at}: Fn::Sub names ${name}, which the template does not declare`);
        refs(v, `${at}.${k}`);
      }
  };
  for (const [id, resource] of Object.entries(resources)) {
    const found = spec.lookup('resource', 'cloudFormationType', 'equals', resource.Type);
    if (found.length === 0) {
      out.push(`${id}: no resource type ${resource.Type}`);
      continue;
    }
    const definition = found.only() as unknown as { properties: Record<string, SpecProperty> };
    out.push(...propertyProblems(resource.Properties ?? {}, definition.properties, `${id}.Properties`));
    for (const dep of [resource.DependsOn ?? []].flat()) if (!(dep in resources)) out.push(`${id}: DependsOn ${dep}, which the template does not declare`);
    refs(resource.Properties, `${id}.Properties`);
  }
  return out;
}

describe('the CloudFormation templates, against the AWS resource specification', () => {
  // Per set: EventBridge's template for us-east-1 and the one for the other regions, and CloudWatch's.
  it('has templates to check from both AWS exports', () => expect(cloudFormationFiles.length).toBe(6));

  it.each(named(cloudFormationFiles, 3))('%s: types, properties and required properties all as the spec says', (_name, file) => {
    expect(cloudFormationProblems(JSON.parse(file.content))).toEqual([]);
  });

  it('fails on a misspelt property, a wrong type, a missing required property and an unknown resource type', () => {
    const template = JSON.parse(cloudFormationFiles.find((f) => f.path === 'cloudwatch/template.json')!.content) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const filter = Object.values(template.Resources).find((r) => r.Type === 'AWS::Logs::MetricFilter')!;
    filter.Properties['FilterPatern'] = filter.Properties['FilterPattern'];
    delete filter.Properties['FilterPattern'];
    const alarm = Object.values(template.Resources).find((r) => r.Type === 'AWS::CloudWatch::Alarm')!;
    alarm.Properties['Period'] = '300';
    template.Resources['Extra'] = { Type: 'AWS::SNS::Topik', Properties: {} };
    const problems = cloudFormationProblems(template).join('\n');
    expect(problems).toMatch(/FilterPatern: no such property/);
    expect(problems).toMatch(/required property FilterPattern is missing/);
    expect(problems).toMatch(/Period: expected a whole number/);
    expect(problems).toMatch(/no resource type AWS::SNS::Topik/);
  });
});

// ---------------------------------------------------------------- Terraform

type TfType = { kind: 'string' | 'number' | 'boolean' } | { kind: 'list' | 'map'; of: TfType } | { kind: 'block'; name: string; list: boolean };
type TfArgument = { name: string; type: TfType; required: boolean };
type TfSchema = Map<string, TfArgument>;

const require = createRequire(import.meta.url);
const providerRoot = path.dirname(require.resolve('@cdktn/provider-aws/package.json'));
/** The Terraform AWS provider version the bindings were generated from, as their README states it. */
const providerVersion = /hashicorp\/aws provider version ([0-9.]+)/.exec(readFileSync(path.join(providerRoot, 'README.md'), 'utf8'))?.[1];

/** Every interface in a resource's declarations, as its arguments with Terraform names. */
function readDeclarations(resourceType: string): Map<string, TfSchema> {
  const file = path.join(providerRoot, 'lib', resourceType.replace(/^aws_/, '').replace(/_/g, '-'), 'index.d.ts');
  const text = readFileSync(file, 'utf8');
  const interfaces = new Map<string, TfSchema>();
  for (const block of text.matchAll(/export interface (\w+)(?: extends [\w.]+)? \{([\s\S]*?)\n\}/g)) {
    const schema: TfSchema = new Map();
    for (const prop of block[2]!.matchAll(/#(\w+) \w+#\w+\}[^/]*?\*\/\s*readonly (\w+)(\?)?: (\{[^}]*\}|[^;]+?);/g)) {
      const [, tfName, , optional, tsType] = prop;
      schema.set(tfName!, { name: tfName!, required: optional !== '?', type: tsToTf(tsType!.replace(/\s+/g, ' ').trim()) });
    }
    interfaces.set(block[1]!, schema);
  }
  return interfaces;
}

function tsToTf(ts: string): TfType {
  const bare = ts.replace(/ \| cdktn\.IResolvable$/, '');
  if (bare === 'string') return { kind: 'string' };
  if (bare === 'number') return { kind: 'number' };
  if (bare === 'boolean') return { kind: 'boolean' };
  if (bare === 'string[]') return { kind: 'list', of: { kind: 'string' } };
  if (bare === 'number[]') return { kind: 'list', of: { kind: 'number' } };
  if (/^\{ \[key: string\]: string; \}$/.test(bare)) return { kind: 'map', of: { kind: 'string' } };
  if (/^\{ \[key: string\]: number; \}$/.test(bare)) return { kind: 'map', of: { kind: 'number' } };
  if (/^\{ \[key: string\]: boolean/.test(bare)) return { kind: 'map', of: { kind: 'boolean' } };
  const block = /^(\w+)(\[\])?$/.exec(bare);
  if (block) return { kind: 'block', name: block[1]!, list: block[2] !== undefined };
  throw new Error(`a Terraform type not read here: ${ts}`);
}

/** The schema of a resource type (or, with `data`, a data source), or undefined when the provider has no such thing. */
function resourceSchema(resourceType: string, kind: 'resource' | 'data' = 'resource'): { config: TfSchema; interfaces: Map<string, TfSchema> } | undefined {
  let interfaces: Map<string, TfSchema>;
  try {
    interfaces = readDeclarations(kind === 'data' ? `aws_data_${resourceType}` : resourceType);
  } catch {
    return undefined;
  }
  const config = [...interfaces].find(([name]) => name.endsWith('Config'))?.[1];
  return config ? { config, interfaces } : undefined;
}

const metaArguments = new Set(['depends_on', 'count', 'for_each', 'provider', 'lifecycle', '//']);
const isReference = (v: unknown): boolean => typeof v === 'string' && /^\$\{[^}]+\}$/.test(v);

function tfValueProblems(value: unknown, type: TfType, interfaces: Map<string, TfSchema>, at: string): string[] {
  if (isReference(value)) return [];
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: expected text, got ${JSON.stringify(value)}`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: expected a number, got ${JSON.stringify(value)}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected true or false, got ${JSON.stringify(value)}`];
    case 'list':
      return Array.isArray(value) ? value.flatMap((v, i) => tfValueProblems(v, type.of, interfaces, `${at}[${i}]`)) : [`${at}: expected a list`];
    case 'map':
      return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) => tfValueProblems(v, type.of, interfaces, `${at}.${k}`))
        : [`${at}: expected a map`];
    case 'block': {
      const schema = interfaces.get(type.name);
      if (!schema) return [`${at}: the block type ${type.name} is not in the provider schema`];
      const items = Array.isArray(value) ? value : [value];
      return items.flatMap((item, i) => tfBodyProblems(item, schema, interfaces, Array.isArray(value) ? `${at}[${i}]` : at));
    }
  }
}

function tfBodyProblems(body: unknown, schema: TfSchema, interfaces: Map<string, TfSchema>, at: string): string[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [`${at}: expected a block`];
  const out: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (metaArguments.has(name)) continue;
    const argument = schema.get(name);
    if (!argument) out.push(`${at}.${name}: no such argument (the provider has ${[...schema.keys()].join(', ')})`);
    else out.push(...tfValueProblems(value, argument.type, interfaces, `${at}.${name}`));
  }
  for (const argument of schema.values()) if (argument.required && !(argument.name in body)) out.push(`${at}: required argument ${argument.name} is missing`);
  return out;
}

/** Every problem the AWS provider's schema finds in a Terraform JSON file. */
export function terraformProblems(config: Record<string, unknown>): string[] {
  const out: string[] = [];
  const resources = (config['resource'] ?? {}) as Record<string, Record<string, unknown>>;
  const dataSources = (config['data'] ?? {}) as Record<string, Record<string, unknown>>;
  const variables = new Set(Object.keys((config['variable'] ?? {}) as object));
  for (const [kind, blocks] of [['resource', resources], ['data', dataSources]] as const)
    for (const [type, named] of Object.entries(blocks)) {
      // The pager's own providers are checked against their schemas in aws-paging.test.ts.
      if (/^(pagerduty|opsgenie)_/.test(type)) continue;
      const schema = resourceSchema(type, kind);
      if (!schema) {
        out.push(`${type}: no such ${kind === 'data' ? 'data source' : 'resource type'} in the AWS provider ${providerVersion}`);
        continue;
      }
      for (const [name, body] of Object.entries(named)) out.push(...tfBodyProblems(body, schema.config, schema.interfaces, `${kind === 'data' ? 'data.' : ''}${type}.${name}`));
    }
  // Every provider a block names (`aws.us_east_1`) is declared with that alias.
  const aliases = new Set([[(config['provider'] as Record<string, unknown> | undefined)?.['aws'] ?? []].flat()].flat().map((p) => `aws.${(p as { alias?: string }).alias}`));
  for (const [type, named] of Object.entries({ ...resources, ...dataSources }))
    for (const [name, body] of Object.entries(named)) {
      const provider = (body as { provider?: string }).provider;
      if (provider !== undefined && !aliases.has(provider)) out.push(`${type}.${name}: the provider ${provider} is not declared`);
    }
  const text = JSON.stringify(config);
  for (const [, ref] of text.matchAll(/(?<!\$)\$\{([^}]+)\}/g)) {
    // An index (`[each.key]`) picks one copy of a resource made per region; the checks are on the resource.
    const [head, second, third, fourth] = ref!.replace(/\[[^\]]*\]/g, '').split('.');
    if (head === 'var' && !variables.has(second!)) out.push(`\${${ref}}: no variable ${second} is declared`);
    if (/^(aws|pagerduty|opsgenie)_/.test(head!) && !(resources[head!] && second! in resources[head!]!)) out.push(`\${${ref}}: no resource ${head}.${second} is declared`);
    if (head!.startsWith('aws_') && third === undefined) out.push(`\${${ref}}: a resource reference needs an attribute`);
    if (head === 'data' && !(dataSources[second!] && third! in dataSources[second!]!)) out.push(`\${${ref}}: no data source ${second}.${third} is declared`);
    if (head === 'data' && fourth === undefined) out.push(`\${${ref}}: a data source reference needs an attribute`);
  }
  return out;
}

describe('the Terraform files, against the AWS provider schema', () => {
  it('reads the provider schema of a known version, with required and optional arguments', () => {
    expect(providerVersion).toMatch(/^6\./);
    const rule = resourceSchema('aws_cloudwatch_event_rule')!;
    expect(rule.config.get('event_pattern')).toEqual({ name: 'event_pattern', required: false, type: { kind: 'string' } });
    expect(resourceSchema('aws_cloudwatch_event_target')!.config.get('rule')?.required).toBe(true);
  });

  it('has files to check from both AWS exports', () => expect(terraformFiles.length).toBe(4));

  it.each(named(terraformFiles, 2))('%s: resources, arguments and blocks all as the provider says', (_name, file) => {
    expect(terraformProblems(JSON.parse(file.content))).toEqual([]);
  });

  it('fails on a misspelt argument, a wrong type, a missing required argument, an unknown resource and a dangling reference', () => {
    const config = JSON.parse(terraformFiles[1]!.content) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const filter = Object.values(config.resource['aws_cloudwatch_log_metric_filter']!)[0]!;
    filter['patern'] = filter['pattern'];
    delete filter['pattern'];
    const alarm = Object.values(config.resource['aws_cloudwatch_metric_alarm']!)[0]!;
    alarm['evaluation_periods'] = 'one';
    config.resource['aws_sns_topik'] = { x: {} };
    alarm['alarm_actions'] = ['${aws_sns_topic.nowhere.arn}'];
    const problems = terraformProblems(config).join('\n');
    expect(problems).toMatch(/patern: no such argument/);
    expect(problems).toMatch(/required argument pattern is missing/);
    expect(problems).toMatch(/evaluation_periods: expected a number/);
    expect(problems).toMatch(/aws_sns_topik: no such resource type/);
    expect(problems).toMatch(/no resource aws_sns_topic\.nowhere is declared/);
  });
});

describe('the Terraform checks of providers and data sources', () => {
  it('fail on a provider the file does not declare, an unknown data source, a misspelt argument and a reference to a data source it does not declare', () => {
    const config = JSON.parse(terraformFiles[0]!.content) as Record<string, any>;
    expect(terraformProblems(config)).toEqual([]);
    config['provider']['aws'][0]['alias'] = 'eu_west_1';
    config['data']['aws_regionz'] = { x: {} };
    config['data']['aws_cloudwatch_event_bus']['us_east_1']['nam'] = 'default';
    config['resource']['aws_iam_role_policy']['forward_to_us_east_1']['policy'] = '${data.aws_cloudwatch_event_bus.nowhere.arn}';
    const problems = terraformProblems(config).join('\n');
    expect(problems).toMatch(/the provider aws\.us_east_1 is not declared/);
    expect(problems).toMatch(/aws_regionz: no such data source/);
    expect(problems).toMatch(/data\.aws_cloudwatch_event_bus\.us_east_1\.nam: no such argument/);
    expect(problems).toMatch(/no data source aws_cloudwatch_event_bus\.nowhere is declared/);
  });
});

// ---------------------------------------------------------------- rules on a cluster's audit log

/** Rules on an EKS cluster's audit log, alone and beside CloudTrail rules: their filters are on the cluster's log group. */
const clusterRules = ruleSetSchema.parse({
  plainsecRules: 1,
  rules: [
    {
      id: 'shell-in-a-container',
      source: 'k8s-audit',
      title: 'Someone opened a shell in a running container',
      means: 'm',
      whatToDo: 'w',
      when: { allOf: [{ field: 'objectRef.resource', equals: 'pods' }, { field: 'objectRef.subresource', oneOf: ['exec', 'attach'] }] },
      exceptions: [{ unlessDoneByCluster: true }],
      urgency: 'wake-me-up',
      notify: '#team-a',
    },
    {
      id: 'node-port-service',
      source: 'k8s-audit',
      title: 'A service was opened on every node',
      means: 'm',
      whatToDo: 'w',
      when: { allOf: [{ field: 'objectRef.resource', equals: 'services' }, { field: 'requestObject.spec.type', equals: 'NodePort' }] },
      urgency: 'look-today',
      notify: '#team_b',
      workingHours: { timeZone: 'Europe/Berlin', days: ['monday', 'friday'], start: '08:00', end: '18:00' },
    },
  ],
});
const clusterSets: [string, RuleSet][] = [
  ['cluster rules', clusterRules],
  ['cluster and CloudTrail rules', { plainsecRules: 1, rules: [...clusterRules.rules, ...varied.rules] }],
];

describe('the CloudWatch files of rules on a cluster’s audit log', () => {
  it.each(clusterSets)('%s: the CloudFormation template is as the resource specification says', (_name, set) => {
    const [file] = filesFor(set, 'cloudwatch', 'template.json');
    expect(file!.content).toContain('/aws/eks/${EksClusterName}/cluster');
    expect(cloudFormationProblems(JSON.parse(file!.content))).toEqual([]);
  });

  it.each(clusterSets)('%s: the Terraform file is as the provider schema and Terraform JSON syntax say', (_name, set) => {
    const [file] = filesFor(set, 'cloudwatch', '.tf.json');
    expect(file!.content).toContain('/aws/eks/${var.eks_cluster_name}/cluster');
    const config = JSON.parse(file!.content) as Record<string, unknown>;
    expect(terraformSyntaxProblems(config)).toEqual([]);
    expect(terraformProblems(config)).toEqual([]);
  });

  it('finds a log group that names a cluster parameter or variable the files do not declare', () => {
    const template = JSON.parse(filesFor(clusterRules, 'cloudwatch', 'template.json')[0]!.content) as { Parameters: Record<string, unknown> };
    delete template.Parameters['EksClusterName'];
    expect(cloudFormationProblems(template).join('\n')).toMatch(/Fn::Sub names EksClusterName, which the template does not declare/);
    const config = JSON.parse(filesFor(clusterRules, 'cloudwatch', '.tf.json')[0]!.content) as { variable: Record<string, unknown> };
    delete config.variable['eks_cluster_name'];
    expect(terraformProblems(config).join('\n')).toMatch(/no variable eks_cluster_name is declared/);
  });
});

// ---------------------------------------------------------------- Terraform JSON syntax, every chat tool

/**
 * Terraform's JSON configuration syntax (developer.hashicorp.com/terraform/language/syntax/json):
 * `variable` and `output` take one block label, `resource` and `data` two, so each of those levels
 * is an object of named blocks and an empty one is a block without its label ("Missing block
 * label"). Names are identifiers. A variable's body holds only variable arguments, and here must
 * say its type or give a default; an output has a value; `locals` is one object of named values.
 */
const topLevel = new Set(['//', 'terraform', 'provider', 'variable', 'output', 'locals', 'resource', 'data', 'module', 'moved', 'import', 'check', 'removed']);
const variableArguments = new Set(['//', 'type', 'default', 'description', 'validation', 'sensitive', 'nullable', 'ephemeral']);
const identifier = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every way a Terraform JSON file breaks the syntax rules above, or references what it does not declare. */
export function terraformSyntaxProblems(config: Record<string, unknown>): string[] {
  const out: string[] = [];
  const named = (kind: string, value: unknown, levels: number, at = kind): Record<string, unknown>[] => {
    if (!isObject(value)) return (out.push(`${at}: expected an object of named blocks`), []);
    if (Object.keys(value).length === 0) return (out.push(`${at}: an empty object where a block label belongs (Missing block label)`), []);
    const bodies: Record<string, unknown>[] = [];
    for (const [name, inner] of Object.entries(value)) {
      if (!identifier.test(name)) out.push(`${at}.${name}: not a valid name`);
      if (levels > 1) bodies.push(...named(kind, inner, levels - 1, `${at}.${name}`));
      else if (!isObject(inner)) out.push(`${at}.${name}: expected a block body`);
      else bodies.push(inner);
    }
    return bodies;
  };
  for (const key of Object.keys(config)) if (!topLevel.has(key)) out.push(`${key}: not a Terraform block type`);
  const variables = isObject(config['variable']) ? Object.keys(config['variable']) : [];
  if ('variable' in config) named('variable', config['variable'], 1);
  if (isObject(config['variable']))
    for (const [name, body] of Object.entries(config['variable'])) {
      if (!isObject(body)) continue;
      for (const arg of Object.keys(body)) if (!variableArguments.has(arg)) out.push(`variable.${name}.${arg}: not a variable argument`);
      if (!('type' in body) && !('default' in body)) out.push(`variable.${name}: says neither its type nor a default`);
    }
  if ('output' in config) for (const body of named('output', config['output'], 1)) if (!('value' in body)) out.push('output: a block without a value');
  if ('resource' in config) named('resource', config['resource'], 2);
  if ('data' in config) named('data', config['data'], 2);
  const locals = 'locals' in config ? config['locals'] : {};
  if (!isObject(locals)) out.push('locals: expected an object of named values');
  const text = JSON.stringify(config);
  for (const [, kind, name] of text.matchAll(/(?<!\$)\$\{[^}]*?\b(var|local)\.([A-Za-z0-9_-]+)/g)) {
    if (kind === 'var' && !variables.includes(name!)) out.push(`var.${name}: no such variable is declared`);
    if (kind === 'local' && !(isObject(locals) && name! in locals)) out.push(`local.${name}: no such local value is declared`);
  }
  return out;
}

describe('the Terraform files, against Terraform JSON syntax, for every chat tool and both AWS exports', () => {
  const cases = chatTools.flatMap((chat) =>
    (['eventbridge', 'cloudwatch'] as const).flatMap((target) =>
      [templates, varied].map((set, i) => {
        const files = filesFor({ ...set, alerting: { chat, pager: 'pagerduty' } }, target, '.tf.json');
        return [`${target}, ${chat}, ${i === 0 ? 'templates' : 'varied rules'}`, files] as const;
      }),
    ),
  );

  it.each(cases)('%s: one main.tf.json, well-formed, every variable declared with a type, every resource as the provider says', (_name, files) => {
    expect(files.map((f) => f.path)).toHaveLength(1);
    const config = JSON.parse(files[0]!.content) as Record<string, unknown>;
    expect(terraformSyntaxProblems(config)).toEqual([]);
    expect(terraformProblems(config)).toEqual([]);
  });

  it('finds an empty variable object, an undeclared variable, a variable without a type and a resource type with no names', () => {
    const config = JSON.parse(filesFor({ ...varied, alerting: { chat: 'msteams', pager: 'pagerduty' } }, 'eventbridge', '.tf.json')[0]!.content) as Record<string, Record<string, unknown>>;
    const teams = config['resource']!['aws_chatbot_teams_channel_configuration'] as Record<string, Record<string, unknown>>;
    Object.values(teams)[0]!['team_id'] = '${var.nowhere}';
    delete (config['variable']!['teams_tenant_id'] as Record<string, unknown>)['type'];
    config['resource']!['aws_sns_topic_policy'] = {};
    const problems = terraformSyntaxProblems(config).join('\n');
    expect(problems).toMatch(/var\.nowhere: no such variable/);
    expect(problems).toMatch(/variable\.teams_tenant_id: says neither its type nor a default/);
    expect(problems).toMatch(/resource\.aws_sns_topic_policy: an empty object where a block label belongs/);
    expect(terraformSyntaxProblems({ ...config, variable: {} })).toContain('variable: an empty object where a block label belongs (Missing block label)');
  });
});
