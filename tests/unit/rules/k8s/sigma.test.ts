/**
 * Sigma rules on a cluster's audit log: written with SigmaHQ's log source and field names, valid
 * by the Sigma schema, and firing (by Plainsec's reading of Sigma) on exactly the audit events the
 * rule means: Falco's real events and copies changed around every field a rule reads.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportSigma, sigmaTarget } from '../../../../src/lib/rules/exporters/sigma.ts';
import { exportRuleSet } from '../../../../src/lib/rules/targets.ts';
import { constantRuleReason } from '../../../../src/lib/rules/documented.ts';
import { ruleSchema, type Rule } from '../../../../src/lib/rules/model.ts';
import { reasons, skipWhenMissing } from '../../../support/skips.ts';
import { corporaDir } from '../support/kit.ts';
import { clusterRule, eventsFor, firstDisagreement, handRules, haveTraces, k8sRuleArb, loadTraceEvents } from './sigma-splunk-kit.ts';

const traces = loadTraceEvents();
const events = traces.map((t) => t.event);
const schemaFile = path.join(corporaDir, 'sigma-schema', 'sigma-detection-rule-schema.json');
const haveSchema = existsSync(schemaFile);

const detectionOf = (rule: Rule): Record<string, unknown> => {
  const d = sigmaTarget.detectionFor(rule);
  if (!d.ok) throw new Error(d.reason);
  return parse(d.text) as Record<string, unknown>;
};

describe('a Sigma rule on a cluster audit log', () => {
  it("reads product kubernetes, service audit, with the audit event's own field names, as SigmaHQ's rules do", () => {
    const doc = detectionOf(handRules[0]!);
    expect(doc.logsource).toEqual({ product: 'kubernetes', service: 'audit' });
    const detection = JSON.stringify(doc.detection);
    for (const field of ['verb|cased', 'objectRef.resource|cased', 'objectRef.subresource|cased', 'user.username|startswith|cased']) expect(detection).toContain(`"${field}"`);
  });

  it('says which kinds it relies on, quoting the Kubernetes documentation', () => {
    const d = sigmaTarget.detectionFor(handRules.find((r) => r.id === 'refused-requests')!);
    expect(d.ok && d.text.split('\n')[0]).toBe(
      '# assumes responseStatus.code is always a number where present, as Kubernetes documents it (https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/#audit-k8s-io-v1-Event)',
    );
    expect(d.ok && (parse(d.text) as { detection: Record<string, unknown> }).detection).toEqual({ selection_1: { 'responseStatus.code': [401, 403] }, condition: 'selection_1' });
  });

  it('names a short rule after the audit log, not CloudTrail', () => {
    const result = exportSigma({ plainsecRules: 1, rules: [clusterRule('exec', handRules[0]!.when)] });
    expect(result.files.map((f) => f.path)).toEqual(['sigma/kubernetes_audit_exec.yml', 'sigma/README.md']);
  });

  it('is exported for the whole tool set, with CloudTrail rules beside it', () => {
    const cloudTrail = ruleSchema.parse({ ...handRules[0]!, id: 'server-started', source: undefined, exceptions: [], when: { field: 'eventName', equals: 'RunInstances' } });
    const result = exportRuleSet({ plainsecRules: 1, rules: [cloudTrail, ...handRules] }, ['sigma']);
    expect(result.refused.map((r) => r.ruleId)).toEqual(['privileged-container', 'added-powers', 'wildcard-role']);
    const logsources = result.files.filter((f) => f.path.endsWith('.yml')).map((f) => (parse(f.content) as { logsource: unknown }).logsource);
    expect(logsources[0]).toEqual({ product: 'aws', service: 'cloudtrail' });
    expect(logsources.slice(1)).toEqual(Array(5).fill({ product: 'kubernetes', service: 'audit' }));
  });

  it('refuses a test through a list (every container of a pod) with the reason, pointing to a tool that reads it', () => {
    const d = sigmaTarget.detectionFor(handRules.find((r) => r.id === 'privileged-container')!);
    expect(d).toEqual({
      ok: false,
      reason:
        'Sigma has no way to name every item of a list in a field, and each backend reads a dotted name through a list its own way, so it cannot test requestObject.spec.containers[].securityContext.privileged, which reads every item of a list; use the Splunk or Elastic export of this rule',
    });
  });

  it('refuses to count on the audit log, in plain words', () => {
    const counting = { ...handRules[0]!, count: { atLeast: 5, withinMinutes: 10 } } as Rule;
    const d = sigmaTarget.counting!.countDetectionFor(counting);
    expect(d.ok).toBe(false);
    expect(!d.ok && d.reason).toContain("counting is not written for rules on a cluster's audit log yet");
  });
});

describe.skipIf(skipWhenMissing(haveTraces, reasons.corpora))('Sigma on real and changed audit events', () => {
  it('reads the 51 audit events in the Falco trace files', () => {
    expect(events.length).toBe(51);
  });

  it('fires the exec rule on the two trace files where Falco finds Attach/Exec Pod, and on no other', () => {
    const d = sigmaTarget.detectionFor(handRules[0]!);
    expect(d.ok && traces.filter((t) => sigmaTarget.match(d.text, t.event).kind === 'match').map((t) => t.file)).toEqual(['attach_pod.json', 'exec_pod.json']);
  });

  it('agrees with every hand-written rule on every trace event and on changed copies', () => {
    for (const rule of handRules)
      for (let seed = 0; seed < 5; seed++) expect(firstDisagreement(sigmaTarget, rule, [...events, ...eventsFor(rule, events, seed)]), rule.id).toBeUndefined();
  });

  it('agrees with 1500 random rules on real and changed events, and exports at least 90 % of those that read no list and can fire', () => {
    const constant = [constantRuleReason(true, 'k8s-audit'), constantRuleReason(false, 'k8s-audit')];
    let constantRules = 0;
    let tried = 0;
    let exported = 0;
    let withoutLists = 0;
    let withoutListsExported = 0;
    let compared = 0;
    fc.assert(
      fc.property(k8sRuleArb(events), fc.nat(), (rule, seed) => {
        const d = sigmaTarget.detectionFor(rule);
        const readsList = JSON.stringify(rule.when).includes('[]');
        tried++;
        // A rule that fires on every audit event, or on none, is refused by every tool.
        if (!d.ok && constant.includes(d.reason)) constantRules++;
        else if (!readsList) withoutLists++;
        if (d.ok) {
          exported++;
          if (!readsList) withoutListsExported++;
        } else expect(d.reason.length).toBeGreaterThan(20);
        const list = eventsFor(rule, events, seed);
        compared += list.length;
        const problem = firstDisagreement(sigmaTarget, rule, list);
        if (problem) throw new Error(problem);
      }),
      { numRuns: 1500, seed: 20261206 },
    );
    const share = (a: number, b: number): number => Number(((100 * a) / b).toFixed(1));
    console.info(
      `Sigma on the audit log: ${exported} of ${tried} random rules exported (${share(exported, tried)} %); ${constantRules} fire on every event or none; of the others that read no list ${withoutListsExported} of ${withoutLists} (${share(withoutListsExported, withoutLists)} %); ${compared} events compared`,
    );
    expect(share(withoutListsExported, withoutLists)).toBeGreaterThanOrEqual(90);
  });
});

describe.skipIf(skipWhenMissing(haveSchema, reasons.corpora))('the Sigma schema', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = haveSchema ? ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8'))) : () => true;

  it('accepts every exported hand-written rule and 200 random ones', () => {
    const random = fc.sample(k8sRuleArb(events), { numRuns: 200, seed: 7 });
    const result = exportSigma({ plainsecRules: 1, rules: [...handRules, ...random] }, { date: '2026-12-06' });
    const files = result.files.filter((f) => f.path.endsWith('.yml'));
    expect(files.length).toBeGreaterThan(80);
    for (const file of files) {
      const doc = parse(file.content);
      expect(validate(doc), `${file.path}: ${JSON.stringify((validate as { errors?: unknown }).errors)}`).toBe(true);
    }
  });
});
