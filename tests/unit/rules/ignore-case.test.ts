/**
 * Rules that ignore upper and lower case, as rules imported from Sigma do: every target either
 * writes a detection that fires on the real record spelled in another case (and nowhere the rule
 * does not), or refuses the rule with its reason. Independent of the shipped templates.
 */
import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { describe, expect, it } from 'vitest';
import { loadStratusEvents, withValue } from './support/kit.ts';
import { matchesCondition } from '../../../src/lib/rules/canonical.ts';
import type { CloudTrailEvent, JsonValue } from '../../../src/lib/rules/canonical.ts';
import { effectiveCondition, ruleSchema } from '../../../src/lib/rules/model.ts';
import type { Condition, Rule } from '../../../src/lib/rules/model.ts';
import { matchSigma } from '../../../src/lib/rules/matchers/sigma.ts';
import type { TargetId } from '../../../src/lib/rules/target.ts';
import { provableTargets } from '../../../src/lib/rules/targets.ts';

const events: CloudTrailEvent[] = loadStratusEvents('the ignoreCase checks on real records');
const haveStratus = events.length > 0;

const rule = (when: Condition): Rule =>
  ruleSchema.parse({
    id: 'login-without-mfa',
    title: 'Console sign-in without MFA',
    means: 'Someone signed in to the console without a second factor.',
    whatToDo: 'Ask who it was and turn on MFA for them.',
    urgency: 'look-today',
    notify: '#security-alerts',
    when,
  });

type Expected = 'exports' | 'refuses';
interface Case {
  says: string;
  when: Condition;
  /** What each of this engine's targets does with it; targets left out may do either. */
  expected: Partial<Record<TargetId, Expected>>;
  /** Whether the rule fires on the real record, which spells the values differently from the rule. */
  firesOnRealRecord: boolean;
  /** A reason a refusal must give, in part. */
  reason?: Partial<Record<TargetId, RegExp>>;
}

// The real record spells these "ConsoleLogin", "No" and "stratus-red-team_…".
const cases: Case[] = [
  {
    says: 'a console sign-in without MFA, written as Sigma writes it ("NO", "consolelogin")',
    when: {
      allOf: [
        { field: 'eventName', equals: 'consolelogin', ignoreCase: true },
        { field: 'additionalEventData.MFAUsed', equals: 'NO', ignoreCase: true },
      ],
    },
    firesOnRealRecord: true,
    expected: { sigma: 'exports', eventbridge: 'exports', cloudwatch: 'refuses', falco: 'refuses' },
    reason: { cloudwatch: /compare text exactly and cannot ignore case/, falco: /ignore case only to find a piece of plain A to Z text/ },
  },
  {
    says: 'a user agent that contains the tool name in any case',
    when: { allOf: [{ field: 'eventName', equals: 'ConsoleLogin' }, { field: 'userAgent', wildcard: '*STRATUS-RED-TEAM*', ignoreCase: true }] },
    firesOnRealRecord: true,
    expected: { sigma: 'exports', eventbridge: 'refuses', cloudwatch: 'refuses', falco: 'exports' },
    reason: { eventbridge: /no wildcard that ignores case/ },
  },
  {
    says: 'a user agent that starts with the tool name in any case',
    when: { allOf: [{ field: 'eventName', equals: 'ConsoleLogin' }, { field: 'userAgent', startsWith: 'Stratus-Red', ignoreCase: true }] },
    firesOnRealRecord: true,
    expected: { sigma: 'exports', eventbridge: 'exports', cloudwatch: 'refuses', falco: 'refuses' },
  },
  {
    says: 'every sign-in except those without MFA, in any case',
    when: { allOf: [{ field: 'eventName', equals: 'ConsoleLogin' }, { not: { field: 'additionalEventData.MFAUsed', oneOf: ['no', 'NONE'], ignoreCase: true } }] },
    firesOnRealRecord: false,
    expected: { sigma: 'exports', eventbridge: 'exports', cloudwatch: 'refuses', falco: 'refuses' },
  },
];

describe.skipIf(skipWhenMissing(haveStratus, reasons.corpora))('rules that ignore case, on the real console sign-in record', () => {
  const login = events.find((e) => e.eventName === 'ConsoleLogin' && (e.additionalEventData as { MFAUsed?: string } | undefined)?.MFAUsed === 'No')!;
  // The same record with the answers and the tool name in other cases, and with MFA used.
  // A skipped describe still runs this body to collect its tests: without the corpus there is no record.
  const variants: CloudTrailEvent[] = !login ? [] : [
    login,
    withValue(login, 'additionalEventData.MFAUsed', 'NO'),
    withValue(login, 'additionalEventData.MFAUsed', 'Yes'),
    withValue(login, 'additionalEventData.MFAUsed', 'none'),
    withValue(login, 'eventName', 'CONSOLELOGIN'),
    withValue(login, 'userAgent', String(login.userAgent).toUpperCase()),
    withValue(login, 'userAgent', `x-${String(login.userAgent)}`),
  ];

  it('finds the real record, spelled in the case AWS writes it', () => {
    expect(login).toBeDefined();
    expect(login.eventName).toBe('ConsoleLogin');
  });

  for (const c of cases)
    for (const target of provableTargets())
      it(`${target.name}: ${c.says} either fires exactly where the rule does, or is refused with the reason`, () => {
        const r = rule(c.when);
        const detection = target.detectionFor(r);
        const wanted = c.expected[target.id];
        if (wanted) expect(detection.ok ? 'exports' : 'refuses').toBe(wanted);
        if (!detection.ok) {
          expect(detection.reason.length).toBeGreaterThan(20);
          const words = c.reason?.[target.id];
          if (words) expect(detection.reason).toMatch(words);
          return;
        }
        const verdicts = variants.map((e) => target.match(detection.text, e).kind);
        const expected = variants.map((e) => (matchesCondition(effectiveCondition(r), e) ? 'match' : 'no-match'));
        expect(verdicts).toEqual(expected);
        // The real record, spelled differently from the rule, is judged by case-blind comparison.
        expect(expected[0]).toBe(c.firesOnRealRecord ? 'match' : 'no-match');
      });
});

describe('how each target writes a test that ignores case', () => {
  const sample: CloudTrailEvent = { eventName: 'ConsoleLogin', additionalEventData: { MFAUsed: 'No' } };
  const noMfa = rule({ field: 'additionalEventData.MFAUsed', equals: 'NO', ignoreCase: true });
  const byId = new Map(provableTargets().map((t) => [t.id, t]));

  it('Sigma leaves out |cased on that test, and keeps it on exact ones', () => {
    const mixed = rule({ allOf: [{ field: 'eventName', equals: 'ConsoleLogin' }, { field: 'additionalEventData.MFAUsed', equals: 'NO', ignoreCase: true }] });
    const detection = byId.get('sigma')!.detectionFor(mixed);
    expect(detection.ok && detection.text).toContain('eventName|cased: ConsoleLogin');
    // Quoted, so that PyYAML (YAML 1.1, which pySigma reads with) keeps NO as text rather than false.
    expect(detection.ok && detection.text).toContain('additionalEventData.MFAUsed: "NO"');
    expect(detection.ok && matchSigma(detection.text, sample).kind).toBe('match');
  });

  it('EventBridge writes equals-ignore-case, and inside prefix and suffix', () => {
    const eventbridge = byId.get('eventbridge')!;
    const whole = eventbridge.detectionFor(noMfa);
    expect(whole.ok && JSON.parse(whole.text).detail.additionalEventData.MFAUsed).toEqual([{ 'equals-ignore-case': 'NO' }]);
    const start = eventbridge.detectionFor(rule({ field: 'userAgent', startsWith: 'AWS-CLI', ignoreCase: true }));
    expect(start.ok && JSON.parse(start.text).detail.userAgent).toEqual([{ prefix: { 'equals-ignore-case': 'AWS-CLI' } }]);
    const end = eventbridge.detectionFor(rule({ field: 'userAgent', endsWith: '.PY', ignoreCase: true }));
    expect(end.ok && JSON.parse(end.text).detail.userAgent).toEqual([{ suffix: { 'equals-ignore-case': '.PY' } }]);
  });

  it('EventBridge keeps numbers and true/false exact in a list that ignores case; Sigma, which reads them as text, refuses', () => {
    const eventbridge = byId.get('eventbridge')!;
    const r = rule({ field: 'requestParameters.flag', oneOf: ['TRUE', 5], ignoreCase: true });
    expect(byId.get('sigma')!.detectionFor(r)).toEqual({ ok: false, reason: expect.stringContaining('Sigma compares every value as text') });
    const values: JsonValue[] = [true, 'true', 'True', 5, '5', 'false'];
    for (const target of [eventbridge]) {
      const detection = target.detectionFor(r);
      expect(detection.ok, target.id).toBe(true);
      if (!detection.ok) continue;
      const verdicts = values.map((v) => target.match(detection.text, { requestParameters: { flag: v } }).kind);
      // Only text equal to "true" in some case, and the number 5, are what the rule means.
      expect(verdicts, target.id).toEqual(['no-match', 'match', 'match', 'match', 'no-match', 'no-match']);
      expect(values.map((v) => matchesCondition(r.when, { requestParameters: { flag: v } }))).toEqual(verdicts.map((k) => k === 'match'));
    }
  });

  it('EventBridge refuses an exclusion by start or end in any case, which AWS rejects', () => {
    const detection = byId.get('eventbridge')!.detectionFor(rule({ not: { field: 'userAgent', startsWith: 'aws-cli', ignoreCase: true } }));
    expect(detection).toEqual({ ok: false, reason: expect.stringContaining('can ignore case only for whole values') });
  });

  it('EventBridge refuses letters outside A to Z in any case, since it folds one character at a time', () => {
    const detection = byId.get('eventbridge')!.detectionFor(rule({ field: 'userIdentity.userName', equals: 'ÉLODIE', ignoreCase: true }));
    expect(detection).toEqual({ ok: false, reason: expect.stringContaining('outside A to Z') });
  });

  it('CloudWatch compares text without letters exactly, since case cannot change it', () => {
    const detection = byId.get('cloudwatch')!.detectionFor(rule({ field: 'sourceIPAddress', oneOf: ['::1', '127.0.0.1'], ignoreCase: true }));
    expect(detection.ok && detection.text).toContain('($.sourceIPAddress = "::1") || ($.sourceIPAddress = "127.0.0.1")');
  });

  it('Falco finds text anywhere in a field with icontains, folding A to Z as Falco does', () => {
    const falco = byId.get('falco')!;
    const detection = falco.detectionFor(rule({ field: 'userAgent', wildcard: '*boto3*', ignoreCase: true }));
    expect(detection.ok && detection.text).toContain('ct.useragent icontains "boto3"');
    if (!detection.ok) return;
    expect(falco.match(detection.text, { userAgent: 'Boto3/1.34 Python' }).kind).toBe('match');
    expect(falco.match(detection.text, { userAgent: 'aws-cli/2.15' }).kind).toBe('no-match');
  });
});
