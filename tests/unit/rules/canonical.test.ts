import { describe, expect, it } from 'vitest';
import { matchesCondition, wildcardMatches } from '../../../src/lib/rules/canonical.ts';
import { effectiveCondition, ruleSetSchema } from '../../../src/lib/rules/model.ts';

const launchedByHand = {
  eventSource: 'ec2.amazonaws.com',
  eventName: 'RunInstances',
  userIdentity: { type: 'IAMUser', userName: 'alice' },
  requestParameters: null,
};
const launchedByAutoScaling = {
  ...launchedByHand,
  userIdentity: { type: 'AssumedRole', invokedBy: 'autoscaling.amazonaws.com' },
};

describe('the canonical meaning of a rule', () => {
  const seed = effectiveCondition({
    when: {
      allOf: [
        { field: 'eventSource', equals: 'ec2.amazonaws.com' },
        { field: 'eventName', equals: 'RunInstances' },
      ],
    },
    exceptions: [{ unlessDoneByAwsService: true }, { unlessItFailed: true }],
  });

  it('fires when a person starts a server by hand', () => {
    expect(matchesCondition(seed, launchedByHand)).toBe(true);
  });

  it('stays quiet when auto-scaling starts the server', () => {
    expect(matchesCondition(seed, launchedByAutoScaling)).toBe(false);
  });

  it('stays quiet when the call failed', () => {
    expect(matchesCondition(seed, { ...launchedByHand, errorCode: 'Client.UnauthorizedOperation' })).toBe(false);
  });

  it('compares values exactly, so "NO" is not "No"', () => {
    const c = { field: 'additionalEventData.MFAUsed', equals: 'No' };
    expect(matchesCondition(c, { additionalEventData: { MFAUsed: 'No' } })).toBe(true);
    expect(matchesCondition(c, { additionalEventData: { MFAUsed: 'NO' } })).toBe(false);
  });

  it('treats a field under a null parent as missing', () => {
    expect(matchesCondition({ field: 'requestParameters.bucketName', exists: false }, launchedByHand)).toBe(true);
  });

  it('does not count null, an object, an empty list or a list of nulls and objects as a value that exists', () => {
    const e = { a: null, b: {}, c: [], d: [null, { x: 1 }, ['y']] };
    for (const field of ['a', 'b', 'c', 'd']) expect(matchesCondition({ field, exists: true }, e), field).toBe(false);
  });

  it('counts a list that holds a text, a number or true/false as a value that exists', () => {
    for (const list of [['x'], [null, 0], [false]]) expect(matchesCondition({ field: 'l', exists: true }, { l: list }), JSON.stringify(list)).toBe(true);
  });

  it('reads a field that holds a list by any of its values', () => {
    const e = { requestParameters: { bucketName: ['my-team-backups', 'other'] } };
    expect(matchesCondition({ field: 'requestParameters.bucketName', equals: 'my-team-backups' }, e)).toBe(true);
    expect(matchesCondition({ field: 'requestParameters.bucketName', oneOf: ['none', 'other'] }, e)).toBe(true);
    expect(matchesCondition({ field: 'requestParameters.bucketName', startsWith: 'my-' }, e)).toBe(true);
    expect(matchesCondition({ field: 'requestParameters.bucketName', equals: 'missing' }, e)).toBe(false);
    // Two tests on one list are separate: each finds its own item.
    expect(matchesCondition({ allOf: [{ field: 'requestParameters.bucketName', equals: 'other' }, { field: 'requestParameters.bucketName', startsWith: 'my-' }] }, e)).toBe(true);
  });

  it('makes "not equals" false on a list that holds the value among others', () => {
    const e = { l: ['a', 'b'] };
    expect(matchesCondition({ not: { field: 'l', equals: 'a' } }, e)).toBe(false);
    expect(matchesCondition({ not: { field: 'l', equals: 'c' } }, e)).toBe(true);
  });

  it('finds no value in an object, even one that holds the value inside it', () => {
    expect(matchesCondition({ field: 'name', equals: 'x' }, { name: { value: 'x' } })).toBe(false);
    expect(matchesCondition({ field: 'name', exists: false }, { name: { value: 'x' } })).toBe(true);
  });

  it('lets "not equals" fire when the field is missing', () => {
    expect(matchesCondition({ not: { field: 'errorCode', equals: 'AccessDenied' } }, {})).toBe(true);
  });

  it('does not match the string "5" against the number 5', () => {
    expect(matchesCondition({ field: 'n', equals: '5' }, { n: 5 })).toBe(false);
    expect(matchesCondition({ field: 'n', oneOf: [5] }, { n: 5 })).toBe(true);
  });
});

describe('ignoring case', () => {
  it('matches text in any case when asked to', () => {
    const c = { field: 'userAgent', wildcard: '*TruffleHog*', ignoreCase: true as const };
    expect(matchesCondition(c, { userAgent: 'trufflehog/3.0' })).toBe(true);
    expect(matchesCondition(c, { userAgent: 'aws-cli/2' })).toBe(false);
  });
  it('still compares exactly without it', () => {
    expect(matchesCondition({ field: 'userAgent', wildcard: '*TruffleHog*' }, { userAgent: 'trufflehog/3.0' })).toBe(false);
  });
  it('applies to every text test', () => {
    const e = { a: 'Hello' };
    expect(matchesCondition({ field: 'a', equals: 'HELLO', ignoreCase: true }, e)).toBe(true);
    expect(matchesCondition({ field: 'a', oneOf: ['x', 'hello'], ignoreCase: true }, e)).toBe(true);
    expect(matchesCondition({ field: 'a', startsWith: 'he', ignoreCase: true }, e)).toBe(true);
    expect(matchesCondition({ field: 'a', endsWith: 'LO', ignoreCase: true }, e)).toBe(true);
  });
  it('leaves numbers and true/false exact', () => {
    expect(matchesCondition({ field: 'n', equals: 5, ignoreCase: true }, { n: '5' })).toBe(false);
    expect(matchesCondition({ field: 'b', oneOf: [true], ignoreCase: true }, { b: true })).toBe(true);
  });
});

describe('wildcards', () => {
  it.each([
    ['*UnauthorizedOperation', 'Client.UnauthorizedOperation', true],
    ['AccessDenied*', 'AccessDeniedException', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'acb', false],
    ['ab*ba', 'aba', false],
    ['*', '', true],
    ['x?y', 'xzy', false],
  ])('%s against %s is %s', (pattern, value, expected) => {
    expect(wildcardMatches(pattern, value)).toBe(expected);
  });
});

describe('rule-set files', () => {
  it('says what to write for each missing field, in plain words', () => {
    const result = ruleSetSchema.safeParse({ plainsecRules: 1, rules: [{ id: 'half-written', when: { field: 'eventName', equals: 'x' } }] });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'rules.0.title: this is missing: write a short title, like "A server was started by hand"',
        'rules.0.means: this is missing: write what it means when this fires, in plain words',
        'rules.0.whatToDo: this is missing: write what to do when it fires',
        expect.stringMatching(/^rules\.0\.urgency: this is missing: write one of wake-me-up/),
        'rules.0.notify: this is missing: write a Slack channel like #security-alerts',
      ]),
    );
    expect(messages.join('\n')).not.toMatch(/Invalid input|expected string/);
  });

  it('rejects an unknown operator and names the field', () => {
    const result = ruleSetSchema.safeParse({
      plainsecRules: 1,
      rules: [
        {
          id: 'bad-rule',
          title: 'x',
          means: 'x',
          whatToDo: 'x',
          when: { field: 'eventName', contains: 'Run' },
          urgency: 'look-today',
          notify: '#security-alerts',
        },
      ],
    });
    expect(result.success).toBe(false);
  });
});
