import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corporaDir, loadStratusEvents, valueAt, withValue } from './support/kit.ts';
import { stringify } from 'yaml';
import { matchesCondition } from '../../../src/lib/rules/canonical.ts';
import type { CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import { effectiveCondition, fieldsOf, ruleSetSchema } from '../../../src/lib/rules/model.ts';
import { matchSigma } from '../../../src/lib/rules/matchers/sigma.ts';
import { importSigmaRule, importSigmaRules } from '../../../src/lib/rules/sigma-import.ts';
import { listsInRealRecords } from '../../../src/lib/rules/fields.ts';

const rulesDir = path.join(corporaDir, 'sigma-cloudtrail-rules');
const haveRules = existsSync(rulesDir);
if (!haveRules) console.warn(`Skipped the Sigma import corpus tests: ${rulesDir} is not there.`);
const events: CloudTrailEvent[] = haveRules ? loadStratusEvents('the Sigma import corpus tests') : [];
const haveCorpora = haveRules && events.length > 0;
const ruleFiles = haveCorpora ? readdirSync(rulesDir).filter((f) => f.endsWith('.yml')).sort() : [];

/** A Sigma CloudTrail rule with the given detection. */
const sigma = (detection: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
  stringify({ title: 'Test rule', logsource: { product: 'aws', service: 'cloudtrail' }, detection, ...extra });

/** Copies of the event with each text field in the list written in upper case, and in lower case. */
function caseVariants(event: CloudTrailEvent, fields: string[]): CloudTrailEvent[] {
  return fields.flatMap((field) => {
    const text = valueAt(event, field);
    if (typeof text !== 'string') return [];
    return [text.toUpperCase(), text.toLowerCase()].filter((t) => t !== text).map((t) => withValue(event, field, t));
  });
}

/** The imported rule's verdict next to the Sigma original's, on one event. */
function bothVerdicts(text: string, event: CloudTrailEvent): [string, string] {
  const imported = importSigmaRule(text);
  if (!imported.ok) throw new Error(imported.reason);
  return [matchesCondition(effectiveCondition(imported.rule), event) ? 'match' : 'no-match', matchSigma(text, event).kind];
}

describe.skipIf(skipWhenMissing(haveCorpora, reasons.corpora))('importing the community CloudTrail rules', () => {
  const results = ruleFiles.map((f) => ({ file: f, text: readFileSync(path.join(rulesDir, f), 'utf8'), result: importSigmaRule(readFileSync(path.join(rulesDir, f), 'utf8')) }));

  it('reads the real events: each stratus file is a JSON array of records', () => {
    expect(events.length).toBe(310);
  });

  it('imports at least 85 % of the 47 rules', () => {
    const imported = results.filter((r) => r.result.ok).length;
    console.info(`Sigma import: ${imported} of ${results.length} community rules imported (${((100 * imported) / results.length).toFixed(1)} %).`);
    expect(imported / results.length).toBeGreaterThanOrEqual(0.85);
  });

  for (const { file, text, result } of results) {
    if (result.ok) {
      it(`${file} means the same after import, on every real event and on copies with the values it reads in upper and lower case`, () => {
        for (const event of [...events, ...events.flatMap((e) => caseVariants(e, fieldsOf(effectiveCondition(result.rule))))]) {
          const sigmaVerdict = matchSigma(text, event);
          expect(sigmaVerdict.kind).not.toBe('invalid');
          const plain = matchesCondition(effectiveCondition(result.rule), event);
          expect(plain ? 'match' : 'no-match', `${file} on event ${String(event.eventID)}`).toBe(sigmaVerdict.kind);
        }
      });
    } else {
      it(`${file} is refused with a reason in plain words`, () => {
        expect(result.reason.length).toBeGreaterThan(30);
        expect(result.reason).not.toMatch(/undefined|\[object/);
      });
    }
  }

  // The comparison above proves nothing for a rule that never fires. These imported rules fire on
  // the real attack records the corpus holds, in Sigma and after import alike; a user would see
  // them stay quiet if the import lost a value, a case rule or a field.
  const firingOnRealEvents = [
    'aws_cloudtrail_console_login_success_without_mfa.yml',
    'aws_cloudtrail_disable_logging.yml',
    'aws_cloudtrail_security_group_change_ingress_egress.yml',
    'aws_cloudtrail_vpc_flow_logs_deleted.yml',
    'aws_iam_backdoor_users_keys.yml',
    // requestParameters.layers is a list in real records; the rule reads it by its items.
    'aws_new_lambda_layer_attached.yml',
    'aws_sts_assumerole_misuse.yml',
  ];
  it(`fires on the real attack records for the ${firingOnRealEvents.length} rules the corpus holds an attack for`, () => {
    const fired = results
      .filter((r) => r.result.ok && events.some((e) => r.result.ok && matchesCondition(effectiveCondition(r.result.rule), e)))
      .map((r) => r.file);
    expect(fired.sort()).toEqual([...firingOnRealEvents].sort());
    for (const file of fired) {
      const text = results.find((r) => r.file === file)!.text;
      expect(events.some((e) => matchSigma(text, e).kind === 'match'), `${file} in Sigma`).toBe(true);
    }
  });

  it('fills in title, meaning, what to do, urgency, channel, references and ATT&CK ids', () => {
    const mfa = results.find((r) => r.file === 'aws_cloudtrail_console_login_success_without_mfa.yml')!.result;
    expect(mfa.ok).toBe(true);
    if (!mfa.ok) return;
    expect(mfa.rule).toMatchObject({
      id: 'aws-successful-console-login-without-mfa',
      title: 'AWS Successful Console Login Without MFA',
      urgency: 'look-today',
      notify: '#security-alerts',
      attack: ['T1078.004'],
    });
    expect(mfa.rule.means).toMatch(/^Detects successful AWS console logins/);
    expect(mfa.rule.references).toHaveLength(2);
    expect(mfa.rule.whatToDo.length).toBeGreaterThan(20);
  });

  it('matches the yes/no answer in any case, as Sigma does, so the real login without MFA fires', () => {
    const found = results.find((r) => r.file === 'aws_cloudtrail_console_login_success_without_mfa.yml')!;
    expect(found.result.ok && found.result.rule.when).toEqual(
      expect.objectContaining({ allOf: expect.arrayContaining([{ field: 'additionalEventData.MFAUsed', equals: 'NO', ignoreCase: true }]) }),
    );
    const login = events.find((e) => e.eventName === 'ConsoleLogin')!;
    expect(bothVerdicts(found.text, login)).toEqual(['match', 'match']);
  });

  it('imports a batch into one valid rule set, with a reason for each file it leaves out', () => {
    const batch = importSigmaRules(results.map((r) => ({ name: r.file, text: r.text })));
    expect(ruleSetSchema.safeParse(batch.ruleSet).success).toBe(true);
    expect(new Set(batch.ruleSet.rules.map((r) => r.id)).size).toBe(batch.ruleSet.rules.length);
    expect(batch.files).toHaveLength(results.length);
    for (const f of batch.files) expect(Boolean(f.ruleId) !== Boolean(f.reason)).toBe(true);
  });
});

describe('importing one Sigma rule', () => {
  it('keeps Sigma\'s "any case": a tool that changes the case of its own name is still caught', () => {
    const trufflehog = sigma({ selection: { 'userAgent|contains': 'TruffleHog' }, condition: 'selection' });
    const result = importSigmaRule(trufflehog);
    expect(result.ok && result.rule.when).toEqual({ field: 'userAgent', wildcard: '*TruffleHog*', ignoreCase: true });
    for (const agent of ['TruffleHog/3.0', 'trufflehog', 'x TRUFFLEHOG y', 'truffle-hog'])
      expect(bothVerdicts(trufflehog, { userAgent: agent })).toEqual(agent === 'truffle-hog' ? ['no-match', 'no-match'] : ['match', 'match']);
  });

  it('compares exactly where the Sigma value says |cased, and ignores case where it does not', () => {
    const cased = sigma({ s: { 'requestParameters.mode|cased': 'On' }, condition: 's' });
    const uncased = sigma({ s: { 'requestParameters.mode': 'On' }, condition: 's' });
    for (const value of ['On', 'ON', 'on', 'off']) {
      expect(bothVerdicts(cased, { requestParameters: { mode: value } })).toEqual(value === 'On' ? ['match', 'match'] : ['no-match', 'no-match']);
      expect(bothVerdicts(uncased, { requestParameters: { mode: value } })).toEqual(value === 'off' ? ['no-match', 'no-match'] : ['match', 'match']);
    }
  });

  it('keeps a value without letters exact, since case cannot change what it matches', () => {
    const result = importSigmaRule(sigma({ s: { 'requestParameters.cidrIp': '0.0.0.0/0' }, condition: 's' }));
    expect(result.ok && result.rule.when).toEqual({ field: 'requestParameters.cidrIp', equals: '0.0.0.0/0' });
  });

  it('matches true as a value and as text, as Sigma does with \'true\'', () => {
    const text = sigma({ s: { 'responseElements.publiclyAccessible': 'true' }, condition: 's' });
    for (const value of [true, 'TRUE', false, 'yes'])
      expect(bothVerdicts(text, { responseElements: { publiclyAccessible: value } })).toEqual(value === true || value === 'TRUE' ? ['match', 'match'] : ['no-match', 'no-match']);
  });

  it('keeps a number and the same number written as text together, as Sigma does', () => {
    const text = sigma({ s: { 'requestParameters.fromPort': '22' }, condition: 's' });
    expect(bothVerdicts(text, { requestParameters: { fromPort: 22 } })).toEqual(['match', 'match']);
    expect(bothVerdicts(text, { requestParameters: { fromPort: '22' } })).toEqual(['match', 'match']);
    expect(bothVerdicts(text, { requestParameters: { fromPort: 220 } })).toEqual(['no-match', 'no-match']);
  });

  it('refuses, with the reason, what a Plainsec rule cannot say', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ s: { 'userIdentity.arn|re': '.*' }, condition: 's' }, 'regular expression'],
      [{ s: { 'userIdentity.arn|fieldref': 'x' }, condition: 's' }, 'two fields'],
      [{ s: { eventName: 'Get?bject' }, condition: 's' }, 'one character'],
      [{ k: ['evil'], condition: 'k' }, 'anywhere in the record'],
      [{ s: { 'requestParameters.port|startswith': '22' }, condition: 's' }, 'numbers'],
    ];
    for (const [detection, words] of cases) expect(importSigmaRule(sigma(detection))).toEqual({ ok: false, reason: expect.stringContaining(words) });
    expect(importSigmaRule(stringify({ title: 'x', logsource: { product: 'windows' }, detection: { s: { a: 1 }, condition: 's' } }))).toEqual({
      ok: false,
      reason: expect.stringContaining('not for AWS CloudTrail'),
    });
  });

  it('points out a test that can never hold, while keeping the meaning of the Sigma rule', () => {
    const text = sigma({ s: { eventName: 'DeleteSAMLProvider', status: 'success' }, condition: 's' });
    const result = importSigmaRule(text);
    expect(result.ok && result.notes).toEqual([expect.stringContaining('no field named status')]);
    expect(bothVerdicts(text, { eventName: 'DeleteSAMLProvider', eventSource: 'iam.amazonaws.com' })).toEqual(['no-match', 'no-match']);
  });

  it('maps Sigma levels to urgencies', () => {
    const level = (l: string): unknown => {
      const r = importSigmaRule(sigma({ s: { eventName: 'X' }, condition: 's' }, { level: l }));
      return r.ok && r.rule.urgency;
    };
    expect(['critical', 'high', 'medium', 'low', 'informational'].map(level)).toEqual(['wake-me-up', 'wake-me-up', 'look-today', 'fyi', 'fyi']);
  });
});

describe('fields that hold a list in real records', () => {
  it('says so when an imported rule tests one, and reads it by its items', () => {
    const result = importSigmaRule(sigma({ selection: { eventSource: 'lambda.amazonaws.com', 'requestParameters.layers|exists': true }, condition: 'selection' }));
    if (!result.ok) throw new Error(result.reason);
    expect(result.notes).toContain('requestParameters.layers holds a list in real CloudTrail records; this rule reads it by its items: it exists when the list has at least one item.');
    const event = { eventSource: 'lambda.amazonaws.com', requestParameters: { layers: ['arn:aws:lambda:us-east-1:123456789012:layer:x:1'] } };
    expect(matchesCondition(effectiveCondition(result.rule), event)).toBe(true);
  });

  it('says a value test on a list of groups never holds', () => {
    const result = importSigmaRule(sigma({ selection: { 'requestParameters.filters': 'x' }, condition: 'selection' }));
    if (!result.ok) throw new Error(result.reason);
    expect(result.notes.join(' ')).toMatch(/requestParameters\.filters holds a list of groups of fields .* a value test on it never holds/);
  });

  describe.skipIf(skipWhenMissing(haveCorpora, reasons.corpora))('against the real records', () => {
    it('finds each listed path holding a list of its kind in some real record', () => {
      for (const [field, kind] of Object.entries(listsInRealRecords)) {
        const lists = events.map((e) => valueAt(e, field)).filter((v): v is CloudTrailEvent[keyof CloudTrailEvent][] => Array.isArray(v));
        expect(lists.length, field).toBeGreaterThan(0);
        const items = lists.flat();
        expect(items.every((x) => (kind === 'groups') === (x !== null && typeof x === 'object')), field).toBe(true);
      }
    });
  });
});
