/**
 * The JSON examples of the CloudWatch Logs "Filter and pattern syntax" documentation
 * (awsdocs/amazon-cloudwatch-logs-user-guide, doc_source/FilterAndPatternSyntax.md), one test each,
 * with the documentation's own example events and patterns.
 */
import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchFilterPattern, parseFilterPattern } from '../../../src/lib/rules/matchers/cloudwatch.ts';

const kind = (pattern: string, event: unknown) => matchFilterPattern(pattern, event).kind;

// "JSON Metric Filter Examples": the documentation's example event.
const docEvent = {
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  ThisFlag: true,
};

describe('documentation: "The following filters would match"', () => {
  for (const pattern of [
    '{ $.eventType = "UpdateTrail" }',
    '{ $.sourceIPAddress != 123.123.* }',
    '{ $.arrayKey[0] = "value" }',
    '{ $.objectList[1].id = 2 }',
    '{ $.SomeObject IS NULL }',
    '{ $.SomeOtherObject NOT EXISTS }',
    '{ $.ThisFlag IS TRUE }',
  ])
    it(`${pattern} matches the example event`, () => expect(kind(pattern, docEvent)).toBe('match'));
});

// "JSON Compound Conditions": the documentation's second example event.
const compoundEvent = {
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [
    { id: 2, email: 'John.Doe@example.com' },
    { id: 3, email: 'Jane.Doe@example.com' },
  ],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
    [7, 8, 9],
  ],
};

describe('documentation: compound conditions, && binding tighter than ||', () => {
  it('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") } matches the JSON above', () =>
    expect(kind('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', compoundEvent)).toBe('match'));
  it('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" } does not match', () =>
    expect(kind('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', compoundEvent)).toBe('no-match'));
  it('{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch } matches', () =>
    expect(
      kind('{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', compoundEvent),
    ).toBe('match'));
  it('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch } does not match', () =>
    expect(
      kind('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', compoundEvent),
    ).toBe('no-match'));
});

describe('documentation: JSON special considerations', () => {
  const users = { users: [1, 2, 3] };
  it('{$.users = 1} fails on a log event where users is an array', () => expect(kind('{$.users = 1}', users)).toBe('no-match'));
  it('{$.users != 1} fails on a log event where users is an array', () => expect(kind('{$.users != 1}', users)).toBe('no-match'));
});

describe('documentation: OR pattern matching in JSON filters', () => {
  const one = { foo: 'bar' };
  const two = { foo: 'baz' };
  it('{$.foo = bar} matches {"foo": "bar"} only', () => {
    expect(kind('{$.foo = bar}', one)).toBe('match');
    expect(kind('{$.foo = bar}', two)).toBe('no-match');
  });
  it('{$.foo = baz } matches {"foo": "baz"} only', () => {
    expect(kind('{$.foo = baz }', two)).toBe('match');
    expect(kind('{$.foo = baz }', one)).toBe('no-match');
  });
  it('{$.foo = bar || $.foo = baz } matches both', () => {
    expect(kind('{$.foo = bar || $.foo = baz }', one)).toBe('match');
    expect(kind('{$.foo = bar || $.foo = baz }', two)).toBe('match');
  });
});

describe('documentation: numeric comparisons', () => {
  // The documentation lists these without an event; each is checked on both sides of its bound.
  const cases: [string, unknown, unknown][] = [
    ['{ $.latency >= 500 }', { latency: 500 }, { latency: 499 }],
    ['{ $.numbers[0] < 10e3 }', { numbers: [9999] }, { numbers: [10000] }],
    ['{ $.numbers[0] < 10e-3 }', { numbers: [0.001] }, { numbers: [0.01] }],
    ['{ $.processes[4].averageRuntime <= 55.5 }', { processes: [{}, {}, {}, {}, { averageRuntime: 55.5 }] }, { processes: [{}, {}, {}, {}, { averageRuntime: 55.6 }] }],
    ['{ $.errorCode = 400 }', { errorCode: 400 }, { errorCode: 401 }],
    ['{ $.errorCode != 500 }', { errorCode: 400 }, { errorCode: 500 }],
    ['{ $.latency > +1000 }', { latency: 1001 }, { latency: 1000 }],
  ];
  for (const [pattern, yes, no] of cases)
    it(`${pattern} holds just inside its bound and not just outside`, () => {
      expect(kind(pattern, yes)).toBe('match');
      expect(kind(pattern, no)).toBe('no-match');
    });
});

describe('wildcards and decided semantics', () => {
  it('a * at either end of a quoted value matches any run of characters', () => {
    expect(kind('{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}', { errorCode: 'Client.UnauthorizedOperation' })).toBe('match');
    expect(kind('{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}', { errorCode: 'AccessDeniedException' })).toBe('match');
    expect(kind('{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}', { errorCode: 'Throttling' })).toBe('no-match');
  });

  it('!= does not fire on a missing field (as CloudWatch\'s own pattern tester shows)', () => {
    expect(kind('{ $.userIdentity.invokedBy != "cloudfront.amazonaws.com" }', { userIdentity: {} })).toBe('no-match');
    expect(kind('{ $.userIdentity.invokedBy != "cloudfront.amazonaws.com" }', { userIdentity: { invokedBy: 'x' } })).toBe('match');
  });

  it('a string value reads the text of a number but never true, false or null', () => {
    expect(kind('{ $.n = 1* }', { n: 123 })).toBe('match');
    expect(kind('{ $.b = "true" }', { b: true })).toBe('no-match');
    expect(kind('{ $.b = "*" }', { b: null })).toBe('no-match');
  });

  it('a quoted value can hold an escaped quote', () => {
    expect(kind('{ $.title = "say \\"hi\\"" }', { title: 'say "hi"' })).toBe('match');
  });

  it('rejects a broken filter in plain words', () => {
    const result = parseFilterPattern('{ $.a = "x" && }');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/character \d+/);
    expect(parseFilterPattern('{ $.a < abc }').ok).toBe(false);
    expect(parseFilterPattern(`{ $.a = "${'x'.repeat(1100)}" }`).ok).toBe(false);
  });
});

const securityHub = path.resolve(process.cwd(), '../shared/corpora/securityhub-cloudwatch-controls-2023-03.txt');
const haveSecurityHub = existsSync(securityHub);
if (!haveSecurityHub) console.warn(`Skipped parsing the Security Hub CloudWatch patterns: ${securityHub} is absent`);

describe.skipIf(skipWhenMissing(haveSecurityHub, reasons.corpora))('the Security Hub CloudWatch.1-14 patterns', () => {
  const patterns = haveSecurityHub
    ? readFileSync(securityHub, 'utf8')
        .split('\n')
        .filter((l) => l.trim().startsWith('pattern:'))
        .map((l) => l.trim().slice('pattern:'.length).trim())
    : [];
  it('are fourteen', () => expect(patterns).toHaveLength(14));
  patterns.forEach((p, i) => it(`CloudWatch.${i + 1} parses`, () => expect(parseFilterPattern(p).ok).toBe(true)));
  it('CloudWatch.3 fires on a console sign-in without MFA and not with MFA', () => {
    const p = patterns[2]!;
    const login = { eventName: 'ConsoleLogin', userIdentity: { type: 'IAMUser' }, responseElements: { ConsoleLogin: 'Success' } };
    expect(kind(p, { ...login, additionalEventData: { MFAUsed: 'No' } })).toBe('match');
    expect(kind(p, { ...login, additionalEventData: { MFAUsed: 'Yes' } })).toBe('no-match');
  });
});
