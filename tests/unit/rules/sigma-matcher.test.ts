import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import {
  matchSigma,
  parseSigmaCondition,
  parseSigmaRule,
  printSigmaCondition,
  printSigmaRule,
} from '../../../src/lib/rules/matchers/sigma.ts';

const corpora = path.resolve(process.cwd(), '../shared/corpora');
const rulesDir = path.join(corpora, 'sigma-cloudtrail-rules');
const haveRules = existsSync(rulesDir);
if (!haveRules) console.warn(`Skipped the Sigma corpus tests: ${rulesDir} is not there.`);
const corpusFiles = haveRules ? readdirSync(rulesDir).filter((f) => f.endsWith('.yml')).sort() : [];

/** A Sigma rule whose detection is the given map. */
function sigma(detection: Record<string, unknown>): string {
  return stringify({ title: 'test', logsource: { product: 'aws', service: 'cloudtrail' }, detection });
}
const verdict = (detection: Record<string, unknown>, event: CloudTrailEvent): string => matchSigma(sigma(detection), event).kind;

const login: CloudTrailEvent = {
  eventName: 'ConsoleLogin',
  eventSource: 'signin.amazonaws.com',
  additionalEventData: { MFAUsed: 'No' },
  responseElements: { ConsoleLogin: 'Success' },
  requestParameters: null,
  readOnly: false,
  userIdentity: { type: 'IAMUser', userName: 'alice', arn: 'arn:aws:iam::1:user/alice' },
  sourceIPAddress: '10.1.2.3',
  userAgent: 'Mozilla/5.0 *star* back\\slash',
  fromPort: 22,
};

describe.skipIf(skipWhenMissing(haveRules, reasons.corpora))('every community CloudTrail rule', () => {
  it('is all there: 47 rules', () => {
    expect(corpusFiles).toHaveLength(47);
  });
  for (const file of corpusFiles) {
    it(`${file} parses, and printing then parsing gives the same rule`, () => {
      const parsed = parseSigmaRule(readFileSync(path.join(rulesDir, file), 'utf8'));
      expect(parsed.ok, parsed.ok ? '' : parsed.reason).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.rule.searches.length).toBeGreaterThan(0);
      const again = parseSigmaRule(printSigmaRule(parsed.rule));
      expect(again).toEqual(parsed);
    });
  }
});

describe('reading a Sigma condition', () => {
  it('binds "and" tighter than "or", and "not" tighter than "and"', () => {
    const parsed = parseSigmaCondition('a or not b and c');
    expect(parsed).toEqual({
      ok: true,
      condition: {
        kind: 'or',
        operands: [{ kind: 'ref', name: 'a' }, { kind: 'and', operands: [{ kind: 'not', operand: { kind: 'ref', name: 'b' } }, { kind: 'ref', name: 'c' }] }],
      },
    });
  });

  it('reads "1 of", "all of" and "them"', () => {
    const parsed = parseSigmaCondition('selection and not 1 of filter_* and all of them');
    expect(parsed.ok && printSigmaCondition(parsed.condition)).toBe('selection and not 1 of filter_* and all of them');
  });

  it('keeps the parentheses a condition needs when printed', () => {
    for (const text of ['(a or b) and not (c and d)', 'not (a or b)', 'a and (b or c or d)']) {
      const parsed = parseSigmaCondition(text);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parseSigmaCondition(printSigmaCondition(parsed.condition))).toEqual(parsed);
    }
  });

  it('says what is wrong with a broken condition', () => {
    const broken = parseSigmaCondition('selection and (filter');
    expect(broken).toEqual({ ok: false, reason: expect.stringContaining('no matching ")"') });
    expect(parseSigmaCondition('selection filter')).toEqual({ ok: false, reason: expect.stringContaining('extra words') });
    expect(parseSigmaCondition('3 of them')).toEqual({ ok: false, reason: expect.stringContaining('"1 of" or "all of"') });
  });

  it('gives a reason, not an exception, for a file that is not a rule', () => {
    expect(parseSigmaRule('title: [unclosed')).toEqual({ ok: false, reason: expect.stringContaining('not valid YAML') });
    expect(parseSigmaRule('title: no detection')).toEqual({ ok: false, reason: expect.stringContaining('detection') });
  });
});

describe('evaluating a Sigma rule on a CloudTrail record', () => {
  it('ignores upper and lower case unless the value says |cased', () => {
    expect(verdict({ s: { 'additionalEventData.MFAUsed': 'NO' }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { 'additionalEventData.MFAUsed|cased': 'NO' }, condition: 's' }, login)).toBe('no-match');
    expect(verdict({ s: { 'additionalEventData.MFAUsed|cased': 'No' }, condition: 's' }, login)).toBe('match');
  });

  it('ignores case by lower-casing both sides whole, the folding of a Plainsec rule that ignores case', () => {
    // A regular expression's case-blind mode would also take the long s (ſ) for s; lower-casing does not.
    expect(verdict({ s: { userAgent: 'aws-cli/2' }, condition: 's' }, { userAgent: 'AWS-CLI/2' })).toBe('match');
    expect(verdict({ s: { userAgent: 'aws-cli/2' }, condition: 's' }, { userAgent: 'aws-cli/2'.replace('s', '\u017f') })).toBe('no-match');
    expect(verdict({ s: { 'userAgent|startswith': 'STRATUS' }, condition: 's' }, { userAgent: 'stratus-red-team_1' })).toBe('match');
    expect(verdict({ s: { 'userIdentity.userName': 'ÉLODIE' }, condition: 's' }, { userIdentity: { userName: 'élodie' } })).toBe('match');
  });

  it('reads * and ? as wildcards, and \\* \\? \\\\ as the characters themselves', () => {
    expect(verdict({ s: { userAgent: 'mozilla*' }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { eventName: 'Console?ogin' }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { 'userAgent|contains': '\\*star\\*' }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { 'userAgent|contains': '\\*nostar\\*' }, condition: 's' }, login)).toBe('no-match');
    expect(verdict({ s: { 'userAgent|endswith': 'back\\\\slash' }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { 'userAgent|endswith': 'back\\slash' }, condition: 's' }, login)).toBe('match');
  });

  it('applies contains, startswith, endswith and all', () => {
    expect(verdict({ s: { 'eventSource|startswith': 'signin.' }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { 'eventSource|endswith': '.amazonaws.com' }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { 'userAgent|contains': ['nothing', 'STAR'] }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { 'userAgent|contains|all': ['nothing', 'STAR'] }, condition: 's' }, login)).toBe('no-match');
    expect(verdict({ s: { 'userAgent|contains|all': ['mozilla', 'STAR'] }, condition: 's' }, login)).toBe('match');
  });

  it('treats a missing field, JSON null and a group of fields alike: null and not |exists', () => {
    expect(verdict({ s: { errorCode: null }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { requestParameters: null }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { userIdentity: null }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { 'errorCode|exists': true }, condition: 's' }, login)).toBe('no-match');
    expect(verdict({ s: { 'userIdentity.userName|exists': true }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { eventName: null }, condition: 's' }, login)).toBe('no-match');
  });

  // The Sigma rules specification: "All values are treated as case-insensitive strings".
  it('reads every value as text, a YAML number or true/false too, as the Sigma specification says', () => {
    expect(verdict({ s: { fromPort: 22 }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { fromPort: '22' }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { readOnly: false }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { readOnly: 'FALSE' }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { eventName: 22 }, condition: 's' }, { eventName: '22' })).toBe('match');
    expect(verdict({ s: { eventName: true }, condition: 's' }, { eventName: 'TRUE' })).toBe('match');
    expect(verdict({ s: { eventName: 22 }, condition: 's' }, { eventName: '22.0' })).toBe('no-match');
    expect(verdict({ s: { eventName: true }, condition: 's' }, { eventName: 'yes' })).toBe('no-match');
  });

  it('follows "not", "1 of" and "all of" in the condition', () => {
    const detection = {
      selection: { eventName: 'ConsoleLogin' },
      filter_a: { 'userIdentity.type': 'Root' },
      filter_b: { 'userIdentity.userName': 'bob' },
    };
    expect(verdict({ ...detection, condition: 'selection and not 1 of filter_*' }, login)).toBe('match');
    expect(verdict({ ...detection, filter_b: { 'userIdentity.userName': 'alice' }, condition: 'selection and not 1 of filter_*' }, login)).toBe('no-match');
    expect(verdict({ ...detection, condition: 'all of them' }, login)).toBe('no-match');
    expect(verdict({ ...detection, condition: '1 of them' }, login)).toBe('match');
    expect(verdict({ ...detection, condition: ['filter_a', 'selection'] }, login)).toBe('match');
  });

  it('reads a list of maps as "any of these"', () => {
    expect(verdict({ f: [{ eventName: 'Nope' }, { 'userIdentity.type': 'iamuser' }], condition: 'f' }, login)).toBe('match');
    expect(verdict({ f: [{ eventName: 'Nope' }, { 'userIdentity.type': 'Root' }], condition: 'f' }, login)).toBe('no-match');
  });

  it('understands re, cidr, windash, base64offset and fieldref', () => {
    expect(verdict({ s: { 'userIdentity.arn|re': ':user/al.ce$' }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { 'userIdentity.arn|re': ':USER/' }, condition: 's' }, login)).toBe('no-match');
    expect(verdict({ s: { 'userIdentity.arn|re|i': ':USER/' }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { 'sourceIPAddress|cidr': '10.0.0.0/8' }, condition: 's' }, login)).toBe('match');
    expect(verdict({ s: { 'sourceIPAddress|cidr': '192.168.0.0/16' }, condition: 's' }, login)).toBe('no-match');
    expect(verdict({ s: { 'sourceIPAddress|cidr': '2001:db8::/32' }, condition: 's' }, { sourceIPAddress: '2001:db8::1' })).toBe('match');
    expect(verdict({ s: { 'cmd|windash|contains': ' -enc ' }, condition: 's' }, { cmd: 'powershell /enc x' })).toBe('match');
    expect(verdict({ s: { 'data|base64offset|contains': 'secret' }, condition: 's' }, { data: `xx${btoa('a secret b')}` })).toBe('match');
    expect(verdict({ s: { 'userIdentity.userName|fieldref': 'other' }, condition: 's' }, { userIdentity: { userName: 'x' }, other: 'x' })).toBe('match');
  });

  it('says it cannot evaluate what it does not support, instead of guessing', () => {
    expect(matchSigma(sigma({ k: ['word'], condition: 'k' }), login)).toEqual({ kind: 'invalid', reason: expect.stringContaining('anywhere in the record') });
    expect(matchSigma(sigma({ s: { 'eventName|expand': '%x%' }, condition: 's' }), login).kind).toBe('invalid');
    expect(matchSigma(sigma({ s: { eventName: 'x' }, condition: 'missing' }), login)).toEqual({ kind: 'invalid', reason: expect.stringContaining('no search with that name') });
    expect(matchSigma(sigma({ s: { 'userAgent|re': '(' }, condition: 's' }), login).kind).toBe('invalid');
  });
});
