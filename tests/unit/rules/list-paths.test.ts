/**
 * Paths through lists (`items[].cidrIp`): what the rule means on records that hold lists of groups,
 * and what each export does with such a path.
 */
import { describe, expect, it } from 'vitest';
import { matchesCondition, valuesAt, type CloudTrailEvent, type JsonValue } from '../../../src/lib/rules/canonical.ts';
import { fieldPathSchema, type Condition, type Rule } from '../../../src/lib/rules/model.ts';
import { eventPatternFor, wrapCloudTrailRecord } from '../../../src/lib/rules/exporters/eventbridge.ts';
import { matchEventPattern } from '../../../src/lib/rules/matchers/eventbridge.ts';
import { provableTargets } from '../../../src/lib/rules/targets.ts';

const cidr = 'requestParameters.ipPermissions.items[].ipRanges.items[].cidrIp';
const port = 'requestParameters.ipPermissions.items[].fromPort';

/** An AuthorizeSecurityGroupIngress record as the console writes it, with these permissions. */
const opening = (...permissions: JsonValue[]): CloudTrailEvent => ({
  eventSource: 'ec2.amazonaws.com',
  eventName: 'AuthorizeSecurityGroupIngress',
  requestParameters: { groupId: 'sg-0123456789abcdef0', ipPermissions: { items: permissions } },
});
const permission = (fromPort: number, ...ranges: string[]): JsonValue => ({ ipProtocol: 'tcp', fromPort, toPort: fromPort, ipRanges: { items: ranges.map((cidrIp) => ({ cidrIp })) } });

describe('a path through lists', () => {
  it('reads every address of every permission', () => {
    expect(valuesAt(opening(permission(22, '10.0.0.0/8', '0.0.0.0/0'), permission(443, '192.168.0.0/16')), cidr)).toEqual(['10.0.0.0/8', '0.0.0.0/0', '192.168.0.0/16']);
  });

  it('fires when any item passes, and not when none does', () => {
    const open: Condition = { field: cidr, endsWith: '/0' };
    expect(matchesCondition(open, opening(permission(22, '10.0.0.0/8'), permission(22, '0.0.0.0/0')))).toBe(true);
    expect(matchesCondition(open, opening(permission(22, '10.0.0.0/8', '192.168.0.0/16')))).toBe(false);
    expect(matchesCondition(open, opening())).toBe(false);
  });

  it('lets two tests through one list be met by two different items, as the tools that flatten lists do', () => {
    const both: Condition = { allOf: [{ field: cidr, equals: '0.0.0.0/0' }, { field: port, equals: 22 }] };
    expect(matchesCondition(both, opening(permission(443, '0.0.0.0/0'), permission(22, '10.0.0.0/8')))).toBe(true);
  });

  it('reads a single group where a list could be as a list of one, and a list inside the list', () => {
    const single = { requestParameters: { ipPermissions: { items: permission(22, '0.0.0.0/0') } } };
    expect(valuesAt(single, cidr)).toEqual(['0.0.0.0/0']);
    const nested = { requestParameters: { ipPermissions: { items: [[permission(22, '0.0.0.0/0')]] } } };
    expect(valuesAt(nested, cidr)).toEqual(['0.0.0.0/0']);
  });

  it('finds nothing where the list holds text, or a group lacks the field', () => {
    expect(valuesAt({ requestParameters: { ipPermissions: { items: ['0.0.0.0/0'] } } }, cidr)).toEqual([]);
    expect(matchesCondition({ field: cidr, exists: false }, opening({ ipProtocol: 'tcp' }))).toBe(true);
  });

  it('keeps a path without [] as it was: one that crosses a list of groups is missing', () => {
    expect(valuesAt(opening(permission(22, '0.0.0.0/0')), 'requestParameters.ipPermissions.items.ipRanges.items.cidrIp')).toEqual([]);
  });

  it('accepts [] after a name but never as the last step', () => {
    expect(fieldPathSchema.safeParse(cidr).success).toBe(true);
    expect(fieldPathSchema.safeParse('requestParameters.ipPermissions.items[]').success).toBe(false);
    expect(fieldPathSchema.safeParse('requestParameters.ipPermissions.items[0].cidrIp').success).toBe(false);
  });
});

const rule = (when: Condition): Rule => ({
  id: 'open-port', title: 'Open port', means: 'A port was opened.', whatToDo: 'Check it.', when, exceptions: [], urgency: 'look-today', notify: '#security-alerts', references: [], attack: [], examples: [],
}) as unknown as Rule;

describe('an export of a path through lists', () => {
  it('is an EventBridge pattern without the [] marks that fires on the console form', () => {
    const r = rule({ allOf: [{ field: 'eventName', equals: 'AuthorizeSecurityGroupIngress' }, { field: cidr, endsWith: '/0' }] });
    const exported = eventPatternFor(r);
    expect(exported.ok && JSON.stringify(exported.pattern)).toContain('"ipPermissions":{"items":{"ipRanges":{"items":{"cidrIp":[{"suffix":"/0"}]}}}}');
    if (!exported.ok) return;
    const text = JSON.stringify(exported.pattern);
    expect(matchEventPattern(text, wrapCloudTrailRecord(opening(permission(22, '10.0.0.0/8'), permission(22, '0.0.0.0/0')))).kind).toBe('match');
    expect(matchEventPattern(text, wrapCloudTrailRecord(opening(permission(22, '10.0.0.0/8')))).kind).toBe('no-match');
  });

  it('is refused by EventBridge when two tests read inside one list, since EventBridge asks one item to meet both', () => {
    const exported = eventPatternFor(rule({ allOf: [{ field: cidr, endsWith: '/0' }, { field: port, equals: 22 }] }));
    expect(exported.ok).toBe(false);
    expect(!exported.ok && exported.reason).toContain('be met by the same item of requestParameters.ipPermissions.items');
  });

  it('is refused with the reason by each tool that cannot read every item', () => {
    const r = rule({ allOf: [{ field: 'eventName', equals: 'AuthorizeSecurityGroupIngress' }, { field: cidr, endsWith: '/0' }] });
    const refused = Object.fromEntries(provableTargets().map((t) => [t.id, t.detectionFor(r)]).map(([id, d]) => [id, (d as { ok: boolean }).ok]));
    expect(refused).toEqual({ sigma: false, eventbridge: true, cloudwatch: false, falco: false, elastic: true, splunk: false });
  });
});
