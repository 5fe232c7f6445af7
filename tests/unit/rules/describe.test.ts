import { describe, expect, it } from 'vitest';
import { describeCondition } from '../../../src/lib/rules/describe.ts';

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
    expect(describeCondition({ not: { anyOf: [{ field: 'a', startsWith: 'x' }] } })).toEqual([
      'none of this holds:',
      '  any of these:',
      '    a starts with “x”',
    ]);
  });
  it('reads "not exists" as present being false', () => {
    expect(describeCondition({ not: { field: 'errorCode', exists: false } })).toEqual(['errorCode is present']);
  });
});
