import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesCondition, type CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import { elasticDocument, matchKql } from '../../../src/lib/rules/matchers/elastic.ts';
import { elasticTarget } from '../../../src/lib/rules/exporters/elastic.ts';
import { ruleSetSchema, type Condition, type Rule } from '../../../src/lib/rules/model.ts';

const ruleWith = (when: Condition): Rule =>
  ruleSetSchema.parse({ plainsecRules: 1, rules: [{ id: 'kql-rule', title: 't', means: 'm', whatToDo: 'w', when, urgency: 'fyi', notify: '#a' }] }).rules[0]!;

/** Text with the characters KQL treats as syntax, and words it reads as operators. */
const awkward = fc
  .array(fc.oneof(fc.constantFrom('"', '\\', ':', '(', ')', '<', '>', '{', '}', '*', ' or ', ' and ', 'not ', '\n', '\t', 'é', '🙂', 'a', 'B', '1'), fc.string({ maxLength: 3 })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => `v${parts.join('')}`);

describe('the KQL the Elastic export writes', () => {
  it('finds exactly the records whose value is the awkward text, and no others', () => {
    fc.assert(
      fc.property(awkward, awkward, (value, other) => {
        const rule = ruleWith({ field: 'errorMessage', equals: value });
        const d = elasticTarget.detectionFor(rule);
        expect(d.ok).toBe(true);
        if (!d.ok) return;
        for (const candidate of [value, other, value.toUpperCase(), `${value}x`]) {
          const event: CloudTrailEvent = { errorMessage: candidate };
          expect(elasticTarget.match(d.text, event).kind === 'match').toBe(matchesCondition(rule.when, event));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps patterns faithful, or refuses them with a reason', () => {
    let written = 0;
    fc.assert(
      fc.property(awkward, awkward, fc.constantFrom('startsWith', 'endsWith', 'wildcard'), (value, other, op) => {
        const when = (op === 'wildcard' ? { field: 'errorCode', wildcard: `${value.slice(0, 2)}*${value.slice(2)}` } : { field: 'errorCode', [op]: value }) as Condition;
        const rule = ruleWith(when);
        const d = elasticTarget.detectionFor(rule);
        if (!d.ok) {
          expect(d.reason).toMatch(/KQL|Kibana|EQL|two-part character/);
          return;
        }
        written++;
        for (const candidate of [value, other, `${value}${other}`, `${other}${value}`, value.slice(0, 2) + other + value.slice(2)]) {
          const event: CloudTrailEvent = { errorCode: candidate };
          expect(elasticTarget.match(d.text, event).kind === 'match', `${d.text} on ${JSON.stringify(candidate)}`).toBe(matchesCondition(rule.when, event));
        }
      }),
      { numRuns: 300 },
    );
    // Most awkward patterns can be written; the check above must not pass only by refusing.
    expect(written).toBeGreaterThan(50);
  });

  it('refuses to ignore case on a long text in a flattened field, where neither KQL nor EQL can, and needs no change where no letters are', () => {
    const letters = elasticTarget.detectionFor(ruleWith({ field: 'requestParameters.bucketName', equals: 'TruffleHog', ignoreCase: true }));
    expect(letters.ok ? letters.text : letters.reason).toMatch(/EQL, which could, cannot read requestParameters\.bucketName: .* flattened field/);
    const digits = ruleWith({ field: 'recipientAccountId', startsWith: '1234', ignoreCase: true });
    const d = elasticTarget.detectionFor(digits);
    expect(d.ok && matchKql(d.text, { recipientAccountId: '123456' }).kind).toBe('match');
  });

  it('puts CloudTrail fields where the AWS integration does', () => {
    const doc = elasticDocument({
      eventName: 'CreateUser',
      readOnly: false,
      requestParameters: { userName: 'bob', tags: [{ key: 'team' }], fromPort: 22, note: null },
    });
    expect(doc.get('event.action')).toEqual(['CreateUser']);
    expect(doc.get('aws.cloudtrail.read_only')).toEqual(['false']);
    expect(doc.get('aws.cloudtrail.flattened.request_parameters.userName')).toEqual(['bob']);
    expect(doc.get('aws.cloudtrail.flattened.request_parameters.tags.key')).toEqual(['team']);
    expect(doc.get('aws.cloudtrail.flattened.request_parameters.fromPort')).toEqual(['22']);
    expect(doc.has('aws.cloudtrail.flattened.request_parameters.note')).toBe(false);
  });

  // The pipeline renames cipherSuite and clientProvidedHostHeader to ECS fields as they are, and
  // cuts tlsVersion ("TLSv1.2") into tls.version_protocol and tls.version, which no test can read back.
  it('finds the TLS cipher and host header where the AWS integration puts them, and refuses the TLS version', () => {
    const doc = elasticDocument({ tlsDetails: { tlsVersion: 'TLSv1.2', cipherSuite: 'ECDHE-RSA-AES128-GCM-SHA256', clientProvidedHostHeader: 's3.amazonaws.com' } });
    expect(doc.get('tls.cipher')).toEqual(['ECDHE-RSA-AES128-GCM-SHA256']);
    expect(doc.get('tls.client.server_name')).toEqual(['s3.amazonaws.com']);
    const version = elasticTarget.detectionFor(ruleWith({ field: 'tlsDetails.tlsVersion', equals: 'TLSv1.2' }));
    expect(version.ok ? version.text : version.reason).toMatch(/no field that holds exactly tlsDetails\.tlsVersion/);
  });

  it('says a query it cannot read is invalid, rather than guessing', () => {
    expect(matchKql('event.action: "unclosed', {}).kind).toBe('invalid');
    expect(matchKql('event.action: (a or', {}).kind).toBe('invalid');
  });
});
