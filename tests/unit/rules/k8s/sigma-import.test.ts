/**
 * `plainsec rules import-sigma` on SigmaHQ's Kubernetes audit-log rules: each imports as a rule
 * with `source: k8s-audit` that fires where the Sigma rule fires, or is refused with a plain reason.
 * The rules are copies in tests/fixtures/sigma-k8s/ (SOURCE.md: DRL 1.1, authors kept).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { matchesCondition, type CloudTrailEvent } from '../../../../src/lib/rules/canonical.ts';
import { matchSigma } from '../../../../src/lib/rules/matchers/sigma.ts';
import { effectiveCondition, fieldsOf } from '../../../../src/lib/rules/model.ts';
import { checkRuleSetValue } from '../../../../src/lib/rules/rule-set.ts';
import { importSigmaRule, importSigmaRules } from '../../../../src/lib/rules/sigma-import.ts';
import { sourceOf } from '../../../../src/lib/rules/sources.ts';
import { exportRuleSet } from '../../../../src/lib/rules/targets.ts';
import { valueAt, withValue } from '../support/kit.ts';
import { reasons, skipWhenMissing } from '../../../support/skips.ts';
import { haveTraces, loadTraceEvents } from './sigma-splunk-kit.ts';

const fixtures = path.resolve(process.cwd(), 'tests/fixtures/sigma-k8s');
const files = readdirSync(fixtures).filter((f) => f.endsWith('.yml')).sort();
const text = (f: string): string => readFileSync(path.join(fixtures, f), 'utf8');
const traces = loadTraceEvents();

/** An audit event as the API server writes it, with the parts a test changes. */
function auditEvent(over: Record<string, unknown>): CloudTrailEvent {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/secrets',
    verb: 'list',
    user: { username: 'alice@example.com', groups: ['system:authenticated'] },
    sourceIPs: ['203.0.113.10'],
    userAgent: 'kubectl/v1.31.0 (linux/amd64) kubernetes/9a0b1c2',
    objectRef: { resource: 'secrets', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
    ...over,
  } as CloudTrailEvent;
}

/** Where each imported rule must fire: a Falco trace file, or an event written here. */
const firesOn: Record<string, () => CloudTrailEvent> = {
  'kubernetes_audit_exec_into_container.yml': () => traces.find((t) => t.file === 'exec_pod.json')!.event,
  'kubernetes_audit_pod_in_system_namespace.yml': () => traces.find((t) => t.file === 'create_pod_kube_system_namespace.json')!.event,
  'kubernetes_audit_rolebinding_modification.yml': () => traces.find((t) => t.file === 'attach_cluster_admin_role.json')!.event,
  'kubernetes_audit_secrets_enumeration.yml': () => auditEvent({}),
  'kubernetes_audit_unauthorized_unauthenticated_actions.yml': () => auditEvent({ responseStatus: { metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403 } }),
};

const refusedWith: Record<string, string> = {
  'kubernetes_audit_hostpath_mount.yml':
    'audit events have no field named hostPath, so the rule would never fire; the field meant is requestObject.spec.volumes[].hostPath.path: write the rule with that path',
  'kubernetes_audit_potential_enumeration_activity.yml':
    'the rule can never fire on an audit event a cluster writes: responseStatus.code is a number (like 403), and the rule compares it with text',
};

describe("importing SigmaHQ's Kubernetes audit-log rules", () => {
  it('has a copy of seven of them, each naming its author', () => {
    expect(files).toHaveLength(7);
    for (const f of files) expect(text(f)).toMatch(/^author: \S/m);
  });

  for (const file of files) {
    if (refusedWith[file])
      it(`refuses ${file} and says why in plain words`, () => {
        expect(importSigmaRule(text(file))).toEqual({ ok: false, reason: refusedWith[file] });
      });
    else
      it(`imports ${file} as a rule on the cluster's audit log that passes validation`, () => {
        const result = importSigmaRule(text(file));
        if (!result.ok) throw new Error(result.reason);
        expect(sourceOf(result.rule)).toBe('k8s-audit');
        expect(checkRuleSetValue({ plainsecRules: 1, rules: [result.rule] }).ok).toBe(true);
      });
  }

  it('says what a short import batch became: five rules, two refusals', () => {
    const batch = importSigmaRules(files.map((name) => ({ name, text: text(name) })));
    expect(batch.ruleSet.rules.map((r) => r.source)).toEqual(Array(5).fill('k8s-audit'));
    expect(batch.files.filter((f) => f.reason).map((f) => f.name)).toEqual(Object.keys(refusedWith).sort());
  });

  it('gives rules that Sigma and Splunk both write back out', () => {
    const batch = importSigmaRules(files.map((name) => ({ name, text: text(name) })));
    const out = exportRuleSet(batch.ruleSet, ['sigma', 'splunk']);
    expect(out.refused).toEqual([]);
    expect(out.files.filter((f) => f.path.endsWith('.yml'))).toHaveLength(5);
  });

  it('refuses a rule for another log, naming the two it reads', () => {
    const other = stringify({ title: 'Linux rule', logsource: { product: 'linux', service: 'auditd' }, detection: { selection: { type: 'EXECVE' }, condition: 'selection' } });
    expect(importSigmaRule(other)).toEqual({
      ok: false,
      reason: "the rule is not for AWS CloudTrail or a cluster's audit log; its logsource must be product: aws, service: cloudtrail, or product: kubernetes, service: audit",
    });
  });
});

describe.skipIf(skipWhenMissing(haveTraces, reasons.corpora))('an imported rule fires where the Sigma rule does', () => {
  for (const [file, event] of Object.entries(firesOn))
    it(`${file} fires on a matching audit event, and agrees with the Sigma rule on every trace event and on copies in other case`, () => {
      const result = importSigmaRule(text(file));
      if (!result.ok) throw new Error(result.reason);
      const condition = effectiveCondition(result.rule);
      expect(matchesCondition(condition, event())).toBe(true);
      expect(matchSigma(text(file), event()).kind).toBe('match');
      const copies = traces.flatMap(({ event: e }) =>
        fieldsOf(condition).flatMap((f) => {
          const v = valueAt(e, f);
          return typeof v === 'string' ? [withValue(e, f, v.toUpperCase()), withValue(e, f, `${v}x`)] : [];
        }),
      );
      for (const e of [...traces.map((t) => t.event), ...copies]) expect(matchesCondition(condition, e), JSON.stringify(e).slice(0, 200)).toBe(matchSigma(text(file), e).kind === 'match');
    });
});
