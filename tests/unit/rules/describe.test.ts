import { describe, expect, it } from 'vitest';
import { describeCondition, describeException } from '../../../src/lib/rules/describe.ts';
import { effectiveCondition } from '../../../src/lib/rules/model.ts';

describe('a condition in plain words', () => {
  it('reads the seed rule as an outline', () => {
    expect(
      describeCondition({
        allOf: [
          { field: 'eventName', equals: 'RunInstances' },
          { field: 'userIdentity.invokedBy', exists: false },
          { not: { field: 'awsRegion', oneOf: ['eu-west-1', 'us-east-1'] } },
        ],
      }),
    ).toEqual([
      'all of these:',
      '  eventName is “RunInstances”',
      '  userIdentity.invokedBy is missing',
      '  awsRegion is not one of “eu-west-1”, “us-east-1”',
    ]);
  });
  it('says "none of this holds" for a negated group', () => {
    expect(describeCondition({ not: { anyOf: [{ field: 'a', startsWith: 'x' }, { field: 'b', endsWith: 'y' }] } })).toEqual([
      'none of this holds:',
      '  any of these:',
      '    a starts with “x”',
      '    b ends with “y”',
    ]);
  });
  it('reads "not exists" as present being false', () => {
    expect(describeCondition({ not: { field: 'errorCode', exists: false } })).toEqual(['errorCode is present']);
  });
});

describe('rules with exceptions in plain words', () => {
  it('reads a rule and its exceptions as one flat list', () => {
    const condition = effectiveCondition({
      when: { allOf: [{ field: 'eventName', equals: 'RunInstances' }, { field: 'eventSource', equals: 'ec2.amazonaws.com' }] },
      exceptions: [{ unlessItFailed: true }],
    });
    expect(describeCondition(condition)).toEqual([
      'all of these:',
      '  eventName is “RunInstances”',
      '  eventSource is “ec2.amazonaws.com”',
      '  errorCode is missing',
    ]);
  });
  it('says each kind of exception the way a person would', () => {
    expect(describeException({ unlessDoneByAwsService: true })).toMatch(/AWS did it on your behalf/);
    expect(describeException({ unlessDoneByRoles: ['deploy'] })).toBe('unless it was done by the role deploy');
    expect(describeException({ unlessDoneByRoles: ['a', 'b'] })).toBe('unless it was done by the roles a, b');
    expect(describeException({ unlessDoneByUsers: ['alice'] })).toBe('unless it was done by alice');
    expect(describeException({ onlyInRegions: ['eu-west-1'] })).toBe('only in eu-west-1');
    expect(describeException({ unlessItFailed: true })).toBe('unless the call failed');
  });
  it('does not wrap a single condition in a group', () => {
    expect(describeCondition({ anyOf: [{ field: 'a', exists: true }] })).toEqual(['a is present']);
  });
});

describe('case-insensitive tests in plain words', () => {
  it('say "in any case"', () => {
    expect(describeCondition({ field: 'userAgent', wildcard: '*TruffleHog*', ignoreCase: true })).toEqual([
      'userAgent looks like “*TruffleHog*” (* is anything), in any case',
    ]);
  });
});
