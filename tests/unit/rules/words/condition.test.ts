import { describe, expect, it } from 'vitest';
import { effectiveCondition, type Condition } from '../../../../src/lib/rules/model.ts';
import { caseNote, conditionOutline, conditionWords, exceptionWords } from '../../../../src/lib/rules/words/index.ts';

describe('a condition as an outline, in plain words', () => {
  it('reads the seed rule line by line, with the call names in brackets after what they do', () => {
    expect(
      conditionOutline({
        allOf: [
          { field: 'eventName', equals: 'RunInstances' },
          { field: 'userIdentity.invokedBy', exists: false },
          { not: { field: 'awsRegion', oneOf: ['eu-west-1', 'us-east-1'] } },
        ],
      }),
    ).toEqual(['all of these:', '  someone starts a server (RunInstances)', '  no AWS service acted for anyone', '  the region is not eu-west-1 or us-east-1']);
  });

  it('says "none of this holds" for a negated group, and names an unknown field by its path in brackets', () => {
    expect(conditionOutline({ not: { anyOf: [{ field: 'a', startsWith: 'x' }, { field: 'requestParameters.dryRun', endsWith: 'y' }] } })).toEqual([
      'none of this holds:',
      '  any of these:',
      '    the “a” value (a) starts with x',
      '    the “dry run” value (requestParameters.dryRun) ends with y',
    ]);
  });

  it('reads "not missing" as there', () => {
    expect(conditionOutline({ not: { field: 'errorCode', exists: false } })).toEqual(['the error code is there']);
  });

  it('reads a rule and its exceptions as one flat list', () => {
    const condition = effectiveCondition({
      when: { allOf: [{ field: 'eventName', equals: 'RunInstances' }, { field: 'eventSource', equals: 'ec2.amazonaws.com' }] },
      exceptions: [{ unlessItFailed: true }],
    });
    expect(conditionOutline(condition)).toEqual(['all of these:', '  someone starts a server (RunInstances)', '  the call is to servers (EC2)', '  the error code is missing']);
  });

  it('does not wrap a single condition in a group', () => {
    expect(conditionOutline({ anyOf: [{ field: 'errorCode', exists: true }] })).toEqual(['the error code is there']);
  });
});

describe('a condition on one line', () => {
  it('says a group inside another with "either" and "both", never with brackets a person did not write', () => {
    const words = conditionWords({
      allOf: [
        { field: 'eventSource', equals: 'guardduty.amazonaws.com' },
        { anyOf: [{ field: 'eventName', equals: 'DeleteDetector' }, { allOf: [{ field: 'eventName', equals: 'UpdateDetector' }, { field: 'requestParameters.enable', equals: false }] }] },
      ],
    });
    expect(words).toBe('the call is to threat detection (GuardDuty) and either someone turns off GuardDuty (DeleteDetector) or both someone changes GuardDuty’s settings (UpdateDetector) and the call turns the detector off');
  });

  it('lifts a group into a group of the same kind, so a rule built in steps reads as one list', () => {
    expect(conditionWords({ allOf: [{ allOf: [{ field: 'awsRegion', equals: 'eu-west-1' }, { field: 'readOnly', equals: false }] }, { field: 'userIdentity.type', equals: 'Root' }] })).toBe(
      'the region is eu-west-1, the call changed something and the kind of identity that acted is the root user (Root)',
    );
  });
});

describe('upper and lower case', () => {
  it('is said once for the whole condition, not after every value', () => {
    const loose: Condition = { anyOf: [{ field: 'userAgent', wildcard: '*TruffleHog*', ignoreCase: true }, { field: 'userAgent', startsWith: 'kali', ignoreCase: true }] };
    expect(conditionWords(loose)).not.toMatch(/case/);
    expect(caseNote(loose)).toBe('Upper and lower case count as the same.');
  });

  it('names the fields where only some tests ignore case', () => {
    expect(caseNote({ allOf: [{ field: 'userAgent', startsWith: 'kali', ignoreCase: true }, { field: 'awsRegion', equals: 'eu-west-1' }] })).toBe(
      'For the tool that made the call, upper and lower case count as the same.',
    );
    expect(caseNote({ field: 'awsRegion', equals: 'eu-west-1' })).toBe('');
  });
});

describe('exceptions on their own', () => {
  it('says each kind of exception the way a person would', () => {
    expect(exceptionWords({ unlessDoneByAwsService: true })).toMatch(/AWS did it on your behalf/);
    expect(exceptionWords({ unlessDoneByRoles: ['deploy'] })).toBe('unless the role deploy did it');
    expect(exceptionWords({ unlessDoneByRoles: ['a', 'b'] })).toBe('unless the roles a or b did it');
    expect(exceptionWords({ unlessDoneByUsers: ['alice'] })).toBe('unless alice did it');
    expect(exceptionWords({ onlyInRegions: ['eu-west-1'] })).toBe('only in eu-west-1');
    expect(exceptionWords({ unlessItFailed: true })).toBe('unless the call failed');
  });
});
