import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesCondition, type CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import { matchSplunkSearch, splunkFields } from '../../../src/lib/rules/matchers/splunk.ts';
import { splunkTarget } from '../../../src/lib/rules/exporters/splunk.ts';
import { ruleSetSchema, type Condition, type Rule } from '../../../src/lib/rules/model.ts';

const ruleWith = (when: Condition): Rule =>
  ruleSetSchema.parse({ plainsecRules: 1, rules: [{ id: 'spl-rule', title: 't', means: 'm', whatToDo: 'w', when, urgency: 'fyi', notify: '#a' }] }).rules[0]!;

/** Text with the characters that mean something to eval strings, regular expressions and .conf lines. */
const awkward = fc
  .array(fc.oneof(fc.constantFrom('"', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '^', '$', '#', '-', '/', '\n', '\r', '\t', '\u2028', ' ', 'é', '🙂', 'a', 'B'), fc.string({ maxLength: 3 })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => `v${parts.join('')}`);

describe('the search the Splunk export writes', () => {
  it.each([
    ['equals', false],
    ['startsWith', false],
    ['endsWith', false],
    ['wildcard', false],
    ['equals', true],
    ['startsWith', true],
    ['wildcard', true],
  ] as const)('matches %s (ignoring case: %s) exactly as the rule means, whatever the characters', (op, ignoreCase) => {
    fc.assert(
      fc.property(awkward, awkward, (value, other) => {
        const test = op === 'wildcard' ? { field: 'errorCode', wildcard: `${value.slice(0, 2)}*${value.slice(2)}` } : { field: 'errorCode', [op]: value };
        const when = (ignoreCase ? { ...test, ignoreCase: true } : test) as Condition;
        const rule = ruleWith({ not: when });
        const d = splunkTarget.detectionFor(rule);
        // Cutting the text in two for the wildcard can split an emoji; such text cannot be written to a file.
        if (!d.ok) {
          expect(d.reason).toMatch(/two-part character/);
          return;
        }
        expect(d.text).not.toMatch(/[\n\r\u2028]/);
        for (const candidate of [value, other, `${value}${other}`, `${other}${value}`, value.toUpperCase(), value.toLowerCase()]) {
          const event: CloudTrailEvent = { errorCode: candidate };
          expect(matchSplunkSearch(d.text, event).kind === 'match', `${d.text} on ${JSON.stringify(candidate)}`).toBe(matchesCondition(rule.when, event));
        }
        expect(matchSplunkSearch(d.text, {}).kind === 'match').toBe(matchesCondition(rule.when, {}));
      }),
      { numRuns: 200 },
    );
  });

  it('reads fields as Splunk extracts them from JSON: dotted names, lists under {}', () => {
    const fields = splunkFields({ userIdentity: { type: 'Root' }, resources: [{ ARN: 'a' }, { ARN: 'b' }], readOnly: false });
    expect(fields.get('userIdentity.type')).toEqual(['Root']);
    expect(fields.get('resources{}.ARN')).toEqual(['a', 'b']);
    expect(fields.get('readOnly')).toEqual(['false']);
    expect(fields.has('resources')).toBe(false);
  });

  it('says a search it cannot read is invalid', () => {
    expect(matchSplunkSearch('index=main eventName=x', {}).kind).toBe('invalid');
    expect(matchSplunkSearch('index=* sourcetype=aws:cloudtrail | where frobnicate(1)', {}).kind).toBe('invalid');
  });
});
