import { describe, expect, it } from 'vitest';
import type { CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import { alertmanagerReason, checkRuleExamples, compileRule } from '../../../src/lib/rules/evaluate.ts';
import { ruleSchema, type RuleInput } from '../../../src/lib/rules/model.ts';
import type { ProvableTarget } from '../../../src/lib/rules/target.ts';
import { targets } from '../../../src/lib/rules/targets.ts';

const stop: CloudTrailEvent = { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' };
const describeTrails: CloudTrailEvent = { eventSource: 'cloudtrail.amazonaws.com', eventName: 'DescribeTrails' };

const rule = (extra: Partial<RuleInput> = {}) =>
  ruleSchema.parse({
    id: 'trail-stopped',
    title: 'The audit log was stopped',
    means: 'm',
    whatToDo: 'w',
    when: { allOf: [{ field: 'eventSource', equals: 'cloudtrail.amazonaws.com' }, { field: 'eventName', equals: 'StopLogging' }] },
    urgency: 'wake-me-up',
    notify: '#security-alerts',
    examples: [
      { name: 'someone stops the trail', event: stop, expect: 'fires' },
      { name: 'someone lists the trails', event: describeTrails, expect: 'does-not-fire' },
    ],
    ...extra,
  });

/** Sigma, with a matcher that never fires: a stand-in for a tool that reads the export differently. */
const sigma = targets.sigma as ProvableTarget;
const deafSigma: ProvableTarget = { ...sigma, match: () => ({ kind: 'no-match' }) };

describe('evaluating a rule the way each tool would', () => {
  it('gives the canonical verdict and each tool its own verdict', () => {
    const compiled = compileRule(rule(), ['sigma', 'eventbridge', 'alertmanager']);
    expect(compiled.evaluate(stop)).toEqual({ fires: true, targets: { sigma: { fires: true }, eventbridge: { fires: true }, alertmanager: { refused: alertmanagerReason } } });
    expect(compiled.evaluate(describeTrails)).toEqual({ fires: false, targets: { sigma: { fires: false }, eventbridge: { fires: false }, alertmanager: { refused: alertmanagerReason } } });
  });

  it('writes each tool detection once, however many events it then reads', () => {
    let written = 0;
    const counting: ProvableTarget = { ...sigma, detectionFor: (r) => (written++, sigma.detectionFor(r)) };
    const compiled = compileRule(rule(), ['sigma'], { targets: { sigma: counting } });
    for (let i = 0; i < 5; i++) compiled.evaluate(i % 2 ? stop : describeTrails);
    expect(written).toBe(1);
  });

  it('passes on the reason a tool cannot express the rule', () => {
    const star = rule({ when: { field: 'userAgent', equals: '*' }, examples: [] });
    const verdict = compileRule(star, ['cloudwatch']).evaluate({ userAgent: '*' });
    expect(verdict.targets.cloudwatch).toEqual({ refused: expect.stringContaining('literal *') });
  });

  it('reports a tool whose matcher cannot read its own export as invalid', () => {
    const confused: ProvableTarget = { ...sigma, match: () => ({ kind: 'invalid', reason: 'unknown modifier' }) };
    expect(compileRule(rule(), ['sigma'], { targets: { sigma: confused } }).target('sigma', stop)).toEqual({ invalid: 'unknown modifier' });
  });
});

describe('checking the examples a rule carries', () => {
  it('passes examples that the rule and every tool agree with', () => {
    const outcomes = checkRuleExamples(rule());
    expect(outcomes.map((o) => [o.name, o.ok, o.problems])).toEqual([
      ['someone stops the trail', true, []],
      ['someone lists the trails', true, []],
    ]);
  });

  it('says in plain words when the rule disagrees with an example', () => {
    const wrong = rule({ examples: [{ name: 'someone lists the trails', event: describeTrails, expect: 'fires' }] });
    const [outcome] = checkRuleExamples(wrong, ['sigma']);
    expect(outcome).toMatchObject({ ok: false, fires: false, expect: 'fires' });
    expect(outcome!.problems).toEqual(['the rule does not fire on it, but the example expects it to', 'Sigma does not fire on it, but the example expects it to']);
  });

  it('names a tool that disagrees with the example even when the rule agrees', () => {
    const [fires, quiet] = checkRuleExamples(rule(), ['sigma', 'eventbridge'], { targets: { sigma: deafSigma } });
    expect(fires).toMatchObject({ ok: false, fires: true, problems: ['Sigma does not fire on it, but the example expects it to'] });
    expect(quiet).toMatchObject({ ok: true, problems: [] });
  });

  it('does not fail an example because a tool cannot express the rule', () => {
    const star = rule({
      when: { field: 'requestParameters.principal', equals: '*' },
      examples: [{ name: 'anyone may call it', event: { requestParameters: { principal: '*' } }, expect: 'fires' }],
    });
    expect(checkRuleExamples(star, ['cloudwatch', 'alertmanager'])).toMatchObject([{ ok: true, targets: { cloudwatch: { refused: expect.any(String) } } }]);
  });

  it('gives no outcomes for a rule without examples', () => {
    expect(checkRuleExamples(rule({ examples: undefined }))).toEqual([]);
  });
});
