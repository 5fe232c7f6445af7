/**
 * Each tool's detection, read once and then run on many events (how `plainsec rules test --events`
 * and the try-it panel use it), must give exactly what reading it afresh for every event gives.
 * One compiled detection per rule and tool meets every event in turn, so state kept from one event
 * to the next (expressions built once, paths split once) is exercised as in a day of logs.
 */
import { describe, expect, it } from 'vitest';
import type { CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import { compileRule } from '../../../src/lib/rules/evaluate.ts';
import type { Rule } from '../../../src/lib/rules/model.ts';
import { matchCompiled, type ProvableTarget } from '../../../src/lib/rules/target.ts';
import { provableTargets, targets } from '../../../src/lib/rules/targets.ts';
import { loadStratusEvents, loadTemplates } from './support/kit.ts';

const templates: Rule[] = loadTemplates();
// The templates' own examples fire on their rule, so the comparison covers firing as well as
// staying quiet; the real records add the shapes CloudTrail writes.
const events: CloudTrailEvent[] = [
  ...templates.flatMap((rule) => (rule.examples ?? []).flatMap((example) => (example.events ?? [example.event]) as CloudTrailEvent[])),
  ...loadStratusEvents('comparing compiled detections with per-event matching on real CloudTrail records'),
];
const provable = provableTargets();

describe('a detection compiled once matches every event as matching its text does', () => {
  it('is offered by every built-in tool that can be checked against events', () => {
    expect(provable.map((t) => t.id).sort()).toEqual(['cloudwatch', 'elastic', 'eventbridge', 'falco', 'sigma', 'splunk']);
    for (const target of provable) expect(typeof target.compile, target.id).toBe('function');
  });

  it.each(provable.map((target) => [target.id, target] as const))('%s gives the same verdict on every template and event', (_id, target) => {
    const seen = { match: 0, 'no-match': 0, invalid: 0 };
    const differences: string[] = [];
    let compared = 0;
    for (const rule of templates) {
      const detection = target.detectionFor(rule);
      if (!detection.ok) continue;
      const compiled = target.compile!(detection.text);
      for (const [i, event] of events.entries()) {
        const once = matchCompiled(compiled, event);
        const afresh = target.match(detection.text, event);
        seen[afresh.kind]++;
        compared++;
        if (JSON.stringify(once) !== JSON.stringify(afresh))
          differences.push(`${rule.id} on event ${i}: compiled ${JSON.stringify(once)}, afresh ${JSON.stringify(afresh)}`);
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);
    // The comparison means something only when the tool both fired and stayed quiet on many events.
    expect(compared).toBeGreaterThan(1000);
    expect(seen.match).toBeGreaterThan(20);
    expect(seen['no-match']).toBeGreaterThan(1000);
  });

  it.each(provable.map((target) => [target.id, target] as const))('%s gives the same reason for a text it cannot read', (_id, target) => {
    const broken = 'this is not a detection { (';
    const afresh = target.match(broken, events[0] ?? {});
    expect(afresh.kind).toBe('invalid');
    const compiled = target.compile!(broken);
    expect(compiled.ok).toBe(false);
    expect(matchCompiled(compiled, events[0] ?? {})).toEqual(afresh);
  });

  it('is not used for a tool whose matcher was replaced, so the replacement is the one asked', () => {
    const sigma = targets.sigma as ProvableTarget;
    const rule = templates.find((r) => r.examples?.some((e) => e.expect === 'fires') && sigma.detectionFor(r).ok)!;
    const firing = rule.examples!.find((e) => e.expect === 'fires')!.event as CloudTrailEvent;
    const deaf: ProvableTarget = { ...sigma, match: () => ({ kind: 'no-match' }) };
    expect(compileRule(rule, ['sigma']).target('sigma', firing)).toEqual({ fires: true });
    expect(compileRule(rule, ['sigma'], { targets: { sigma: deaf } }).target('sigma', firing)).toEqual({ fires: false });
  });
});
