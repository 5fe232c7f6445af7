/**
 * Paging in the EventBridge and CloudWatch files, checked against the vendors' own definitions
 * (tests/fixtures/aws-delivery, see SOURCE.md): every PagerDuty and Opsgenie block and argument the
 * Terraform file writes exists in the provider's schema with the right type and allowed value, every
 * required one is set, and every SNS subscription in the CloudFormation template has only the
 * properties the registry schema lists, with the required ones. Secrets stay out of the files.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deliveryRule } from './support/kit.ts';
import { deliveryOf } from '../../../src/lib/rules/delivery/index.ts';
import { pagerTools, ruleSetSchema, type Alerting, type PagerTool, type RuleSet } from '../../../src/lib/rules/model.ts';
import type { ExportedFile } from '../../../src/lib/rules/target.ts';
import { exportRuleSet } from '../../../src/lib/rules/targets.ts';
import { plainWordsProblems, siteGlossary } from '../../support/plain-words.ts';

type Json = Record<string, any>;
const fixture = (name: string): Json => JSON.parse(readFileSync(path.join(process.cwd(), 'tests', 'fixtures', 'aws-delivery', name), 'utf8')) as Json;
const providerSchemas: Record<string, Json> = { pagerduty: fixture('pagerduty-provider-schema.json'), opsgenie: fixture('opsgenie-provider-schema.json') };
const subscriptionSchema = fixture('sns-subscription-schema.json');
const providerSources: Record<string, string> = { pagerduty: 'PagerDuty/pagerduty', opsgenie: 'opsgenie/opsgenie' };

const office = { timeZone: 'Europe/Berlin', days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '09:00', end: '17:00' };
const weekend = { timeZone: 'America/New_York', days: ['saturday', 'sunday'], start: '10:00', end: '14:30' };
const night = { timeZone: 'Asia/Tokyo', days: ['monday'], start: '22:00', end: '06:00' };
const rule = (id: string, urgency: string, workingHours?: object) => deliveryRule(id, urgency, '#security', workingHours);
/** A wake-me-up rule and look-today rules with two kinds of working hours and hours past midnight. */
const set = (pager: PagerTool, extra: Partial<Alerting> = {}): RuleSet =>
  ruleSetSchema.parse({
    plainsecRules: 1,
    alerting: { chat: 'slack', pager, ...extra },
    rules: [rule('wake-rule', 'wake-me-up'), rule('office-rule', 'look-today', office), rule('weekend-rule', 'look-today', weekend), rule('night-rule', 'look-today', night), rule('fyi-rule', 'fyi', office)],
  });

const filesOf = (s: RuleSet, target: 'eventbridge' | 'cloudwatch'): ExportedFile[] => exportRuleSet(s, [target]).files;
const fileOf = (files: ExportedFile[], ending: string): Json => JSON.parse(files.find((f) => f.path.endsWith(ending))!.content) as Json;

/** Problems with one value against a `terraform providers schema -json` attribute type. */
function typeProblems(value: unknown, type: unknown, attribute: Json, at: string): string[] {
  if (typeof value === 'string' && /^\$\{[^}]+\}$/.test(value)) return [];
  if (type === 'string') {
    if (typeof value !== 'string') return [`${at}: expected text, got ${JSON.stringify(value)}`];
    return attribute['allowed'] && !attribute['allowed'].includes(value) ? [`${at}: ${value} is not one of ${attribute['allowed'].join(', ')}`] : [];
  }
  if (type === 'number') {
    if (typeof value !== 'number') return [`${at}: expected a number, got ${JSON.stringify(value)}`];
    const between = attribute['between'] as [number, number] | undefined;
    return between && (value < between[0] || value > between[1]) ? [`${at}: ${value} is outside ${between.join(' to ')}`] : [];
  }
  if (type === 'bool') return typeof value === 'boolean' ? [] : [`${at}: expected true or false, got ${JSON.stringify(value)}`];
  if (Array.isArray(type) && (type[0] === 'list' || type[0] === 'set'))
    return Array.isArray(value) ? value.flatMap((v, i) => typeProblems(v, type[1], {}, `${at}[${i}]`)) : [`${at}: expected a list`];
  return [`${at}: a type not read here: ${JSON.stringify(type)}`];
}

/** Problems with a block body against a schema block: unknown or mistyped arguments, missing required ones, too many items. */
export function blockProblems(body: unknown, block: Json, at: string): string[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [`${at}: expected a block`];
  const out: string[] = [];
  const attributes = (block['attributes'] ?? {}) as Record<string, Json>;
  const blockTypes = (block['block_types'] ?? {}) as Record<string, Json>;
  for (const [name, value] of Object.entries(body as Json)) {
    if (['//', 'provider', 'depends_on'].includes(name)) continue;
    if (attributes[name]) out.push(...typeProblems(value, attributes[name]!['type'], attributes[name]!, `${at}.${name}`));
    else if (blockTypes[name]) {
      const items = Array.isArray(value) ? value : [value];
      const max = blockTypes[name]!['max_items'] as number | undefined;
      if (max !== undefined && items.length > max) out.push(`${at}.${name}: at most ${max} block(s)`);
      items.forEach((item, i) => out.push(...blockProblems(item, blockTypes[name]!['block'], Array.isArray(value) ? `${at}.${name}[${i}]` : `${at}.${name}`)));
    } else out.push(`${at}.${name}: no such argument or block in the provider schema`);
  }
  for (const [name, attribute] of Object.entries(attributes)) if (attribute['required'] && !(name in (body as Json))) out.push(`${at}: required argument ${name} is missing`);
  for (const [name, type] of Object.entries(blockTypes)) if ((type['min_items'] ?? 0) > 0 && !(name in (body as Json)) && !type['optional']) out.push(`${at}: required block ${name} is missing`);
  return out;
}

/** Every problem the PagerDuty and Opsgenie schema extracts find in a Terraform file's resources and data sources of theirs. */
export function vendorProblems(tf: Json): string[] {
  const out: string[] = [];
  for (const [kind, schemaKey] of [['resource', 'resource_schemas'], ['data', 'data_source_schemas']] as const)
    for (const [type, named] of Object.entries((tf[kind] ?? {}) as Record<string, Json>)) {
      const vendor = type.split('_')[0]!;
      if (!providerSchemas[vendor]) continue;
      if (tf['terraform']?.['required_providers']?.[vendor]?.['source'] !== providerSources[vendor]) out.push(`${type}: the provider ${providerSources[vendor]} is not required`);
      const schema = providerSchemas[vendor]![schemaKey][type];
      if (!schema) {
        out.push(`${type}: no such ${kind === 'data' ? 'data source' : 'resource type'} in the extract`);
        continue;
      }
      for (const [name, body] of Object.entries(named)) out.push(...blockProblems(body, schema['block'], `${kind}.${type}.${name}`));
    }
  return out;
}

/** Every problem the registry schema of AWS::SNS::Subscription finds in a template's subscriptions. */
export function subscriptionProblems(cfn: Json): string[] {
  const out: string[] = [];
  const jsonType = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (Object.keys(v).length === 1 && /^(Ref|Fn::)/.test(Object.keys(v)[0]!) ? 'any' : 'object') : typeof v);
  for (const [id, r] of Object.entries(cfn['Resources'] as Record<string, Json>)) {
    if (r['Type'] !== subscriptionSchema['typeName']) continue;
    const properties = r['Properties'] as Json;
    for (const [name, value] of Object.entries(properties)) {
      const want = subscriptionSchema['properties'][name]?.type;
      if (!want) out.push(`${id}.${name}: no such property`);
      else if (jsonType(value) !== 'any' && jsonType(value) !== want) out.push(`${id}.${name}: expected ${want}`);
    }
    for (const name of subscriptionSchema['required'] as string[]) if (!(name in properties)) out.push(`${id}: required property ${name} is missing`);
  }
  return out;
}

const cases = pagerTools.flatMap((pager) =>
  (['eventbridge', 'cloudwatch'] as const).flatMap((target) =>
    [{}, ...(pager === 'opsgenie' ? [{ opsgenieTeam: 'Security' }] : [])].map((extra) => [`${target} paging through ${pager}${'opsgenieTeam' in extra ? ' (team named)' : ''}`, target, pager, extra] as const),
  ),
);

describe('the pager resources, against the vendors’ own definitions', () => {
  it.each(cases)('%s: every block and argument as the provider schema says, every subscription as the registry schema says', (_name, target, pager, extra) => {
    const files = filesOf(set(pager, extra), target);
    const tf = fileOf(files, 'main.tf.json');
    expect(vendorProblems(tf)).toEqual([]);
    expect(subscriptionProblems(fileOf(files, 'template.json'))).toEqual([]);
    // Something was checked: a subscription in both files, and the pager's own resources where it has working hours.
    expect(Object.keys(tf['resource']['aws_sns_topic_subscription']).length).toBeGreaterThan(0);
    if (pager === 'pagerduty') expect(Object.keys(tf['resource']['pagerduty_service'])).toHaveLength(2);
    if (pager === 'opsgenie') expect(Object.keys(tf['resource']['opsgenie_notification_policy'])).toHaveLength(3);
  });

  it('the checks fail on a misspelt argument, a wrong type, a value the provider refuses, a missing required argument and a subscription without its topic', () => {
    const pd = fileOf(filesOf(set('pagerduty'), 'cloudwatch'), 'main.tf.json');
    const service = Object.values(pd['resource']['pagerduty_service'])[0] as Json;
    service['support_hour'] = service['support_hours'];
    delete service['escalation_policy'];
    service['incident_urgency_rule']['during_support_hours']['urgency'] = 1;
    const og = fileOf(filesOf(set('opsgenie'), 'cloudwatch'), 'main.tf.json');
    const policy = Object.values(og['resource']['opsgenie_notification_policy'])[0] as Json;
    policy['time_restriction']['restrictions'][0]['start_day'] = 'mon';
    policy['time_restriction']['restrictions'][0]['end_hour'] = 24;
    delete og['terraform']['required_providers']['opsgenie'];
    const cfn = fileOf(filesOf(set('pagerduty'), 'eventbridge'), 'template.json');
    const sub = Object.values(cfn['Resources']).find((r) => (r as Json)['Type'] === 'AWS::SNS::Subscription') as Json;
    delete sub['Properties']['TopicArn'];
    sub['Properties']['RawMessageDelivery'] = 'yes';
    const problems = [...vendorProblems(pd), ...vendorProblems(og), ...subscriptionProblems(cfn)].join('\n');
    expect(problems).toMatch(/support_hour: no such argument/);
    expect(problems).toMatch(/required argument escalation_policy is missing/);
    expect(problems).toMatch(/during_support_hours\.urgency: expected text/);
    expect(problems).toMatch(/start_day: mon is not one of/);
    expect(problems).toMatch(/end_hour: 24 is outside 0 to 23/);
    expect(problems).toMatch(/the provider opsgenie\/opsgenie is not required/);
    expect(problems).toMatch(/required property TopicArn is missing/);
    expect(problems).toMatch(/RawMessageDelivery: expected boolean/);
  });
});

describe('what the pager files say and keep out', () => {
  it.each(cases)('%s: subscriptions are HTTPS to a sensitive variable, a NoEcho parameter or the PagerDuty integration Terraform makes', (_name, target, pager, extra) => {
    const files = filesOf(set(pager, extra), target);
    const tf = fileOf(files, 'main.tf.json');
    for (const s of Object.values(tf['resource']['aws_sns_topic_subscription']) as Json[]) {
      expect(s['protocol']).toBe('https');
      // None of the pagers documents raw message delivery for these integrations.
      expect(s['raw_message_delivery']).toBeUndefined();
      const variable = /^\$\{var\.([a-z0-9_]+)\}$/.exec(s['endpoint'])?.[1];
      if (variable) expect(tf['variable'][variable]['sensitive']).toBe(true);
      else expect(s['endpoint']).toMatch(/^https:\/\/events\.pagerduty\.com\/integration\/\$\{pagerduty_service_integration\.[a-z0-9_]+\.integration_key\}\/enqueue$/);
    }
    const cfn = fileOf(files, 'template.json');
    const subs = Object.values(cfn['Resources']).filter((r) => (r as Json)['Type'] === 'AWS::SNS::Subscription') as Json[];
    expect(subs.length).toBeGreaterThan(0);
    for (const s of subs) expect(cfn['Parameters'][s['Properties']['Endpoint']['Ref']]['NoEcho']).toBe(true);
  });

  it('writes PagerDuty support hours as the rule’s working hours, low urgency inside and high outside, and none for hours past midnight', () => {
    const tf = fileOf(filesOf(set('pagerduty'), 'eventbridge'), 'main.tf.json');
    const services = Object.values(tf['resource']['pagerduty_service']) as Json[];
    expect(services.map((s) => s['support_hours'])).toEqual([
      { type: 'fixed_time_per_day', time_zone: 'Europe/Berlin', days_of_week: [1, 2, 3, 4, 5], start_time: '09:00:00', end_time: '17:00:00' },
      { type: 'fixed_time_per_day', time_zone: 'America/New_York', days_of_week: [6, 7], start_time: '10:00:00', end_time: '14:30:00' },
    ]);
    expect(services[0]!['incident_urgency_rule']).toEqual({
      type: 'use_support_hours',
      during_support_hours: { type: 'constant', urgency: 'low' },
      outside_support_hours: { type: 'constant', urgency: 'high' },
    });
    const alerting = { chat: 'slack', pager: 'pagerduty' } as const;
    const nightRule = set('pagerduty').rules.find((r) => r.id === 'night-rule')!;
    const told = deliveryOf('eventbridge', nightRule, alerting, 'out-of-hours');
    expect(told.page).toBe(false);
    expect(told.gaps.join(' ')).toMatch(/past midnight/);
  });

  it('writes the Opsgenie hours past midnight as ranges into the next day, and names the team where the rule set does', () => {
    const tf = fileOf(filesOf(set('opsgenie', { opsgenieTeam: 'Security' }), 'cloudwatch'), 'main.tf.json');
    const policies = Object.values(tf['resource']['opsgenie_notification_policy']) as Json[];
    expect(policies[2]!['time_restriction']['restrictions']).toEqual([{ start_day: 'monday', start_hour: 22, start_min: 0, end_day: 'tuesday', end_hour: 6, end_min: 0 }]);
    expect(tf['data']['opsgenie_team']).toEqual({ plainsec: { name: 'Security' } });
    expect(policies.every((p) => p['team_id'] === '${data.opsgenie_team.plainsec.id}' && p['suppress'] === true)).toBe(true);
  });

  it('sends EventBridge pages in the CloudWatch alarm shape the pagers read, not in Chatbot’s', () => {
    const tf = fileOf(filesOf(set('victorops'), 'eventbridge'), 'main.tf.json');
    const targets = Object.values(tf['resource']['aws_cloudwatch_event_target']) as Json[];
    const page = targets.find((t) => t['target_id'] === 'page-now')!;
    const message = JSON.parse(page['input_transformer']['input_template'].replace(/<[a-zA-Z]+>/g, 'x')) as Json;
    expect(message).toMatchObject({ AlarmName: 'plainsec-wake-rule', NewStateValue: 'ALARM' });
    expect(message['content']).toBeUndefined();
  });

  it('says what to fill in and what to do by hand in plain words', () => {
    const terms = siteGlossary();
    for (const pager of pagerTools)
      for (const target of ['eventbridge', 'cloudwatch'] as const) {
        const readme = filesOf(set(pager), target).find((f) => f.path.endsWith('README.md'))!.content;
        expect(readme).toMatch(/## Paging through/);
        // Names to type (variables, URLs, tags) are not prose.
        const prose = readme
          .split('\n')
          .filter((l) => l && !l.startsWith('#'))
          .map((l) => l.replace(/\([^()]*\)/g, '').replace(/\S*[_/$=…]\S*|\S+\.\S+/g, (m) => `it${/[.,;:]$/.test(m) ? m.slice(-1) : ''}`))
          .join(' ');
        expect(plainWordsProblems(prose, terms)).toEqual([]);
      }
  });
});

describe('what the matrix says of the AWS files', () => {
  it('says in plain words how each pager is reached and what the files cannot do', () => {
    const terms = siteGlossary();
    const texts = new Set<string>();
    for (const pager of pagerTools)
      for (const chat of ['slack', 'msteams', 'mattermost'] as const)
        for (const r of set(pager).rules)
          for (const hours of ['in-hours', 'out-of-hours'] as const) {
            const d = deliveryOf('cloudwatch', r, { chat, pager }, hours);
            for (const t of [...d.via, ...d.gaps]) texts.add(t.replace(/\([^()]*\)/g, ''));
          }
    expect([...texts].some((t) => /past midnight/.test(t))).toBe(true);
    for (const text of texts) expect(plainWordsProblems(`${text}.`, terms), text).toEqual([]);
  });
});
