/**
 * Documented field types: what AWS says CloudTrail writes, how a rule's condition reads on such
 * records, and the files that say what they rely on.
 */
import { describe, expect, it } from 'vitest';
import { documentedTypeNotes, specialise } from '../../../src/lib/rules/documented.ts';
import { cloudTrailFields, documentationOf, documentedKind, documentedKindOn, documentedTypes, undocumentedShapes } from '../../../src/lib/rules/fields.ts';
import { effectiveCondition, type Condition, type FieldTest } from '../../../src/lib/rules/model.ts';
import { exportRuleSet } from '../../../src/lib/rules/targets.ts';
import { loadTemplates } from './support/kit.ts';

const pins = (eventSource: string[], eventName: string[]) => ({ eventSource: new Set(eventSource), eventName: new Set(eventName) });

describe('the documented field types', () => {
  it('name an AWS documentation page for every type, record-wide or per call', () => {
    for (const [path, documented] of Object.entries(documentedTypes)) {
      const pages = documented.calls ? documented.calls.map((c) => c.source) : [documented.source];
      expect(pages.length, path).toBeGreaterThan(0);
      for (const page of pages) expect(page, path).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });

  it('type the fields the builder offers where AWS documents them, and leave the call-dependent ones open', () => {
    expect(cloudTrailFields.find((f) => f.path === 'eventType')!.documented).toEqual({ kind: 'string', source: expect.stringContaining('record-contents') });
    expect(cloudTrailFields.find((f) => f.path === 'readOnly')!.documented?.kind).toBe('boolean');
    // A call's parameter is typed only for the calls whose API reference documents it.
    expect(cloudTrailFields.find((f) => f.path === 'requestParameters.cidrIp')!.documented?.calls?.map((c) => c.eventName)).toContain('AuthorizeSecurityGroupIngress');
    expect(documentedKind('requestParameters.cidrIp')).toBeUndefined();
  });

  it('give a field of the record its kind on every record, and a parameter its kind only for the calls documented', () => {
    expect(documentedKind('eventType')).toBe('string');
    expect(documentedKind('requestParameters.enable')).toBeUndefined();
    expect(documentedKind('requestParameters.enable', pins(['guardduty.amazonaws.com'], ['UpdateDetector']))).toBe('boolean');
    // The call name alone is not enough where another service could use it.
    expect(documentedKind('requestParameters.enable', { eventName: new Set(['UpdateDetector']) })).toBeUndefined();
    expect(documentedKind('requestParameters.enable', pins(['guardduty.amazonaws.com'], ['UpdateDetector', 'DeleteDetector']))).toBeUndefined();
    // ConsoleLogin is one kind of record, whatever the source.
    expect(documentedKind('additionalEventData.MFAUsed', { eventName: new Set(['ConsoleLogin']) })).toBe('string');
    expect(documentationOf('requestParameters.enable', pins(['guardduty.amazonaws.com'], ['UpdateDetector']))).toMatch(/API_UpdateDetector/);
    expect(documentedKindOn('requestParameters.userName', { eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey' })).toBe('string');
  });

  it('tell a record CloudTrail could write from one it could not', () => {
    expect(undocumentedShapes({ eventType: 'AwsApiCall', readOnly: false })).toEqual([]);
    expect(undocumentedShapes({ eventType: 5, readOnly: 'false' }).sort()).toEqual(['eventType', 'readOnly']);
    expect(undocumentedShapes({ eventSource: 'guardduty.amazonaws.com', eventName: 'UpdateDetector', requestParameters: { enable: 'false' } })).toEqual(['requestParameters.enable']);
    expect(undocumentedShapes({ eventSource: 's3.amazonaws.com', eventName: 'PutObject', requestParameters: { enable: 'false' } })).toEqual([]);
  });

  it('tell a session issuer named as AWS documents it (the end of its ARN, or a root alias) from one that is not', () => {
    const issued = (issuer: Record<string, unknown>, userName?: string) => ({ userIdentity: { ...(userName ? { userName } : {}), sessionContext: { sessionIssuer: issuer } } });
    const named = 'userIdentity.sessionContext.sessionIssuer.userName';
    expect(undocumentedShapes(issued({ type: 'Role', arn: 'arn:aws:iam::111122223333:role/ops/deploy', userName: 'deploy' }))).toEqual([]);
    expect(undocumentedShapes(issued({ type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', userName: 'alice' }))).toEqual([]);
    expect(undocumentedShapes(issued({ type: 'Root', arn: 'arn:aws:iam::111122223333:root', userName: 'my-alias' }, 'my-alias'))).toEqual([]);
    expect(undocumentedShapes(issued({ type: 'Role', arn: 'arn:aws:iam::111122223333:role/ops/deploy', userName: 'other' }))).toEqual([named]);
    expect(undocumentedShapes(issued({ type: 'Role', arn: 'arn:aws:iam::111122223333:role/deploy', userName: 'deploy' }, 'alice'))).toEqual([named]);
    expect(undocumentedShapes(issued({ type: 'Root', arn: 'arn:aws:iam::111122223333:root', userName: 'my-alias' }))).toEqual([named]);
    expect(undocumentedShapes(issued({ arn: 'arn:aws:iam::111122223333:role/deploy' }))).toEqual([named]);
  });
});

describe('a condition on the records CloudTrail writes', () => {
  const updateDetector: Condition[] = [
    { field: 'eventSource', equals: 'guardduty.amazonaws.com' },
    { field: 'eventName', equals: 'UpdateDetector' },
  ];

  it('drops tests that can never hold (eventType is never true or false) and folds what is left', () => {
    expect(specialise({ field: 'eventType', oneOf: [true, false] }).condition).toBe(false);
    expect(specialise({ not: { field: 'eventType', oneOf: [true, false] } }).condition).toBe(true);
    expect(specialise({ allOf: [{ field: 'eventType', equals: 'AwsApiCall' }, { not: { field: 'eventType', equals: 5 } }] }).condition).toEqual({
      field: 'eventType',
      equals: 'AwsApiCall',
    });
    expect(specialise({ anyOf: [{ field: 'readOnly', startsWith: 'tr' }, { field: 'readOnly', oneOf: ['true', true] }] }).condition).toEqual({ field: 'readOnly', equals: true });
    // An undocumented field keeps every test.
    const open: Condition = { field: 'requestParameters.count', oneOf: [1, '1'] };
    expect(specialise(open).condition).toEqual(open);
  });

  it('gives a parameter its kind where a sibling test pins the call, through "not" and nested "all of", but not across "any of"', () => {
    const pinned = specialise({ allOf: [...updateDetector, { not: { allOf: [{ field: 'requestParameters.enable', equals: false }] } }] });
    const test = ((pinned.condition as { allOf: Condition[] }).allOf[2] as { not: FieldTest }).not;
    expect(pinned.kindOf(test)).toBe('boolean');
    expect(pinned.relied.map((r) => r.path)).toContain('requestParameters.enable');
    const loose = specialise({ anyOf: [...updateDetector, { field: 'requestParameters.enable', equals: false }] });
    const looseTest = (loose.condition as { anyOf: Condition[] }).anyOf[2] as FieldTest;
    expect(loose.kindOf(looseTest)).toBeUndefined();
  });

  it('says in the notes what it relies on, with the page', () => {
    const typed = specialise({ allOf: [...updateDetector, { field: 'requestParameters.enable', equals: false }] });
    expect(documentedTypeNotes(typed.relied)).toContain(
      'assumes requestParameters.enable is always true or false where present, as AWS documents it (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateDetector.html)',
    );
  });

  it('means the same as the template on every real-looking record of its calls (GuardDuty turned off)', () => {
    const rule = loadTemplates().find((r) => r.id === 'guardduty-turned-off')!;
    const typed = specialise(effectiveCondition(rule));
    expect(typeof typed.condition).toBe('object');
  });
});

describe('the files each export writes say which documented types they rely on', () => {
  const rule = loadTemplates().find((r) => r.id === 'guardduty-turned-off')!;
  const files = exportRuleSet({ plainsecRules: 1, rules: [rule] }, ['sigma', 'eventbridge', 'cloudwatch', 'falco', 'elastic', 'splunk']).files;
  const note = 'assumes requestParameters.enable is always true or false where present, as AWS documents it';

  it.each([
    ['sigma', /^# assumes requestParameters\.enable/m],
    ['falco', /^# guardduty-turned-off: assumes requestParameters\.enable/m],
    ['splunk/savedsearches.conf', /^# assumes requestParameters\.enable/m],
    ['elastic', /## Assumptions[\s\S]*- Plainsec assumes requestParameters\.enable/],
    ['eventbridge/main.tf.json', /"\/\/": "Plainsec .*assumes requestParameters\.enable/],
    ['eventbridge/template.json', /"PlainsecAssumptions"[\s\S]*assumes requestParameters\.enable/],
    ['cloudwatch/main.tf.json', /"\/\/": "Plainsec .*assumes requestParameters\.enable/],
    ['cloudwatch/template.json', /"PlainsecAssumptions"[\s\S]*assumes requestParameters\.enable/],
  ] as const)('%s', (where, pattern) => {
    const file = files.find((f) => f.path.startsWith(where))!;
    expect(file, where).toBeDefined();
    expect(file.content).toMatch(pattern);
    expect(file.content).toContain(note);
  });
});
