import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corporaDir, haveStratus, loadStratusFiles } from './support/kit.ts';
import { parse, stringify } from 'yaml';
import type { CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import { evaluateFalco, falcoFieldsOf, matchFalco, parseFalcoCondition, parseFalcoRulesFile } from '../../../src/lib/rules/matchers/falco.ts';

const corpora = corporaDir;
const officialFile = path.join(corpora, 'falco', 'falco_aws_cloudtrail_rules.yaml');
const fieldsFile = path.join(corpora, 'falco', 'falco-cloudtrail-fields.txt');
const haveOfficial = existsSync(officialFile) && existsSync(fieldsFile) && haveStratus;
if (!haveOfficial) console.warn(`Skipped the official Falco CloudTrail rules tests: ${officialFile}, its field table or the stratus events are not there.`);

const officialEntries = haveOfficial ? (parse(readFileSync(officialFile, 'utf8')) as Array<Record<string, unknown>>) : [];
const officialRules = officialEntries.filter((e) => typeof e.rule === 'string');
const knownFields = haveOfficial
  ? new Set([...readFileSync(fieldsFile, 'utf8').matchAll(/`([a-z0-9.]+)`\|/g)].map((m) => m[1]!))
  : new Set<string>();

/** A rules file with one rule on the given condition. */
const oneRule = (condition: string, extra: Array<Record<string, unknown>> = []): string =>
  stringify([...extra, { rule: 'r', desc: 'd', condition, output: 'o', priority: 'WARNING', source: 'aws_cloudtrail' }]);
const verdict = (condition: string, event: CloudTrailEvent, extra: Array<Record<string, unknown>> = []): string =>
  matchFalco(oneRule(condition, extra), event).kind;

const login: CloudTrailEvent = {
  eventName: 'ConsoleLogin',
  eventSource: 'signin.amazonaws.com',
  awsRegion: 'eu-west-1',
  additionalEventData: { MFAUsed: 'No' },
  responseElements: { ConsoleLogin: 'Success' },
  requestParameters: null,
  readOnly: false,
  managementEvent: true,
  userIdentity: { type: 'IAMUser', userName: 'alice' },
  count: 5,
};

describe.skipIf(skipWhenMissing(haveOfficial, reasons.corpora))('the official Falco CloudTrail rules', () => {
  it('are all there: 22 rules', () => {
    expect(officialRules).toHaveLength(22);
  });
  for (const entry of officialRules) {
    it(`"${String(entry.rule)}" has a condition the parser reads, on known fields only`, () => {
      const parsed = parseFalcoCondition(String(entry.condition));
      expect(parsed.ok, parsed.ok ? '' : parsed.reason).toBe(true);
      if (!parsed.ok) return;
      for (const field of falcoFieldsOf(parsed.expr)) {
        const name = field.replace(/\[.*$/, '');
        if (name.startsWith('evt.')) continue; // engine fields, not the plugin's
        expect(knownFields.has(name) || name === 'json.value', `${field} is a CloudTrail or json plugin field`).toBe(true);
      }
    });
  }

  it('read as a whole file, including the list of approved regions', () => {
    const file = parseFalcoRulesFile(readFileSync(officialFile, 'utf8'));
    expect(file.ok).toBe(true);
    if (file.ok) expect(file.file.lists.get('approved_regions')).toEqual(['us-east-0']);
  });

  it('fire "Console Login Without MFA" on the real console login without MFA, and not on other events', () => {
    const file = parseFalcoRulesFile(readFileSync(officialFile, 'utf8'));
    if (!file.ok) throw new Error(file.reason);
    const rule = file.file.rules.find((r) => r.rule === 'Console Login Without MFA')!;
    const fired: string[] = [];
    for (const { file: name, events } of loadStratusFiles('the official Falco rules on real records'))
      for (const event of events) if (evaluateFalco(rule.condition, event, file.file)) fired.push(name);
    expect(fired).toEqual(['aws.initial-access.console-login-without-mfa.json']);
  });
});

describe('evaluating a Falco condition on a CloudTrail record', () => {
  it('reads ct.* fields from the CloudTrail values they name', () => {
    expect(verdict('ct.name="ConsoleLogin" and ct.src="signin.amazonaws.com" and ct.region=eu-west-1', login)).toBe('match');
    expect(verdict('ct.user.identitytype="IAMUser" and ct.user="alice"', login)).toBe('match');
    expect(verdict('ct.name="consolelogin"', login)).toBe('no-match');
  });

  it('folds only A to Z in icontains, as libsinsp\'s strcasestr does in the C locale', () => {
    expect(verdict('ct.name icontains "consolelog"', login)).toBe('match');
    expect(verdict('ct.user icontains "ALI"', login)).toBe('match');
    expect(verdict('ct.user icontains "ÉLO"', { userIdentity: { type: 'IAMUser', userName: 'élodie' } })).toBe('no-match');
    expect(verdict('ct.user icontains "élo"', { userIdentity: { type: 'IAMUser', userName: 'élodie' } })).toBe('match');
  });

  it('makes every comparison on a missing field false, even "!="', () => {
    expect(verdict('ct.error != "AccessDenied"', login)).toBe('no-match');
    expect(verdict('not ct.error = "AccessDenied"', login)).toBe('match');
    expect(verdict('not ct.error exists', login)).toBe('match');
  });

  it('sees only text through ct.*, and any JSON value as its text through json.value', () => {
    expect(verdict('ct.error exists', { errorCode: 5 })).toBe('no-match');
    expect(verdict('json.value[/errorCode] exists and json.value[/errorCode] = 5', { errorCode: 5 })).toBe('match');
    expect(verdict('json.value[/count] = "5"', login)).toBe('match');
    expect(verdict('json.value[/requestParameters] = "null" and json.value[/requestParameters] exists', login)).toBe('match');
    expect(verdict('json.value[/responseElements] startswith "{"', login)).toBe('match');
    expect(verdict('json.value[/responseElements/ConsoleLogin]="Success"', login)).toBe('match');
  });

  it('reads ct.readonly and ct.managementevent from the true/false values', () => {
    expect(verdict('ct.readonly = "false" and ct.managementevent = "true"', login)).toBe('match');
    expect(verdict('ct.managementevent = "true"', { ...login, managementEvent: 'true' })).toBe('no-match');
  });

  it('applies in, startswith, endswith, contains and glob, with lists and macros', () => {
    const extra = [{ list: 'names', items: ['GetObject', 'ConsoleLogin'] }, { macro: 'is_login', condition: 'ct.name in (names)' }];
    expect(verdict('is_login and ct.src startswith signin and ct.src endswith ".com"', login, extra)).toBe('match');
    expect(verdict('ct.src contains "in.amazon" and ct.src glob "sig*.aws.com"', login)).toBe('no-match');
    expect(verdict('ct.src glob "sig*.amazonaws.com" and ct.src glob "signi?.*"', login)).toBe('match');
    expect(verdict('ct.name in ("A", "B")', login)).toBe('no-match');
  });

  it('reads escaped quotes and backslashes inside quoted text', () => {
    expect(verdict('json.value[/ua] = "say \\"hi\\" \\\\ bye"', { ua: 'say "hi" \\ bye' })).toBe('match');
  });

  it('gives a reason for conditions it cannot read or evaluate', () => {
    expect(parseFalcoCondition('ct.name = ')).toEqual({ ok: false, reason: expect.any(String) });
    expect(parseFalcoCondition('(ct.name = "a"')).toEqual({ ok: false, reason: expect.stringContaining('matching ")"') });
    expect(matchFalco(oneRule('evt.num > 0'), login)).toEqual({ kind: 'invalid', reason: expect.stringContaining('evt.num') });
    expect(matchFalco(oneRule('unknown_macro'), login)).toEqual({ kind: 'invalid', reason: expect.stringContaining('unknown_macro') });
    expect(matchFalco('- rule: [', login).kind).toBe('invalid');
  });
});
