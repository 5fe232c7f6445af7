/**
 * A rule names the records it reads: CloudTrail (the default) or a cluster's audit log. These
 * tests hold the parts every tool shares: the file format, the exceptions, how audit events are
 * read in, and which tools write a cluster rule at all.
 */
import { describe, expect, it } from 'vitest';
import { matchesCondition, type CloudTrailEvent } from '../../../../src/lib/rules/canonical.ts';
import { effectiveCondition, type Rule } from '../../../../src/lib/rules/model.ts';
import { checkRuleSetValue, formatRuleSetError } from '../../../../src/lib/rules/rule-set.ts';
import { sourceOf, sourceOfEvent } from '../../../../src/lib/rules/sources.ts';
import { documentedKindOn, undocumentedShapes } from '../../../../src/lib/rules/fields.ts';
import { readEventsText } from '../../../../src/lib/rules/event-input.ts';
import { exportRuleSet } from '../../../../src/lib/rules/targets.ts';
import { compileRule } from '../../../../src/lib/rules/evaluate.ts';
import { ruleSetJsonSchema } from '../../../../src/lib/rules/json-schema.ts';
import { whyNot } from '../../../../src/lib/rules/words/why-not.ts';

/** An audit event as the API server writes it (audit.k8s.io/v1), with the fields these tests change. */
function auditEvent(over: { user?: string; code?: number; resource?: string; subresource?: string; verb?: string } = {}): CloudTrailEvent {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Request',
    auditID: '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/production/pods/web-0/exec?command=sh&stdin=true&tty=true',
    verb: over.verb ?? 'create',
    user: { username: over.user ?? 'alice@example.com', groups: ['developers', 'system:authenticated'] },
    sourceIPs: ['203.0.113.10'],
    userAgent: 'kubectl/v1.31.0 (linux/amd64) kubernetes/9a0b1c2',
    objectRef: { resource: over.resource ?? 'pods', ...(over.subresource === '' ? {} : { subresource: over.subresource ?? 'exec' }), namespace: 'production', name: 'web-0', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: over.code ?? 101 },
    requestReceivedTimestamp: '2026-11-30T10:00:00.000000Z',
    stageTimestamp: '2026-11-30T10:00:00.050000Z',
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
  };
}

const shellRule = (exceptions: unknown[] = [{ unlessDoneByCluster: true }]) => ({
  id: 'shell-in-a-container',
  source: 'k8s-audit',
  title: 'Someone opened a shell in a running container',
  means: 'Someone ran a command inside a running container.',
  whatToDo: 'Ask who it was and why.',
  when: { allOf: [{ field: 'objectRef.resource', equals: 'pods' }, { field: 'objectRef.subresource', oneOf: ['exec', 'attach'] }] },
  exceptions,
  urgency: 'wake-me-up',
  notify: '#security-alerts',
});

function parsedRule(input: Record<string, unknown>): Rule {
  const checked = checkRuleSetValue({ plainsecRules: 1, rules: [input] });
  if (!checked.ok) throw new Error(checked.errors.map(formatRuleSetError).join('\n'));
  return checked.ruleSet.rules[0]!;
}

function errorsOf(input: Record<string, unknown>): string[] {
  const checked = checkRuleSetValue({ plainsecRules: 1, rules: [input] });
  return checked.ok ? [] : checked.errors.map(formatRuleSetError);
}

describe('a rule names its source', () => {
  it('reads a rule without a source as a CloudTrail rule, and keeps source out of it', () => {
    const { source, ...cloudTrail } = shellRule([]);
    void source;
    const rule = parsedRule({ ...cloudTrail, when: { field: 'eventName', equals: 'RunInstances' } });
    expect(sourceOf(rule)).toBe('cloudtrail');
    expect('source' in rule).toBe(false);
  });

  it('reads source: k8s-audit, and says what to write for a source it does not know', () => {
    expect(sourceOf(parsedRule(shellRule()))).toBe('k8s-audit');
    expect(errorsOf({ ...shellRule(), source: 'kubernetes' }).join('\n')).toContain('write cloudtrail (AWS CloudTrail records) or k8s-audit');
  });

  it('refuses an AWS exception on a cluster rule, and the cluster exception on a CloudTrail rule, in plain words', () => {
    expect(errorsOf(shellRule([{ onlyInRegions: ['eu-west-1'] }]))).toEqual([
      "rules[0].exceptions[0]: onlyInRegions reads AWS CloudTrail fields, which a cluster's audit log does not have; for a rule with source: k8s-audit write unlessDoneByCluster: true, unlessDoneByUsers: [a user] or unlessItFailed: true",
    ]);
    const { source, ...cloudTrail } = shellRule();
    void source;
    expect(errorsOf({ ...cloudTrail, when: { field: 'eventName', equals: 'RunInstances' } })[0]).toContain('unlessDoneByCluster is for rules on a cluster');
  });

  it('is in the published JSON Schema, with both values', () => {
    const text = JSON.stringify(ruleSetJsonSchema());
    expect(text).toContain('"source"');
    expect(text).toContain('"k8s-audit"');
  });
});

describe('"unless the cluster did it"', () => {
  const rule = parsedRule(shellRule());
  const fires = (user: string) => matchesCondition(effectiveCondition(rule), auditEvent({ user }));

  it('fires on a person, on an anonymous request and on an app in a team namespace', () => {
    expect(fires('alice@example.com')).toBe(true);
    expect(fires('kubernetes-admin')).toBe(true);
    expect(fires('system:anonymous')).toBe(true);
    expect(fires('system:serviceaccount:production:deployer')).toBe(true);
  });

  it('stays quiet on nodes, on controllers in kube-system, on the control plane and on EKS itself', () => {
    for (const user of [
      'system:node:ip-10-0-1-23.eu-west-1.compute.internal',
      'system:serviceaccount:kube-system:replicaset-controller',
      'system:kube-controller-manager',
      'system:kube-scheduler',
      'system:apiserver',
      'eks:certificate-controller',
    ])
      expect(fires(user), user).toBe(false);
  });

  it('says why it stayed quiet, naming who did it', () => {
    expect(whyNot(rule, auditEvent({ user: 'system:kube-scheduler' }))).toEqual([
      'the cluster did it itself (system:kube-scheduler), and the rule ignores what the cluster does',
    ]);
  });

  it('reads "unless it failed" as the response code, and "unless these people" as the user name', () => {
    const failed = parsedRule(shellRule([{ unlessItFailed: true }, { unlessDoneByUsers: ['bob@example.com'] }]));
    const on = (event: CloudTrailEvent) => matchesCondition(effectiveCondition(failed), event);
    expect(on(auditEvent({ code: 101 }))).toBe(true);
    expect(on(auditEvent({ code: 201 }))).toBe(true);
    expect(on(auditEvent({ code: 403 }))).toBe(false);
    expect(on(auditEvent({ user: 'bob@example.com' }))).toBe(false);
  });
});

describe('audit events in', () => {
  const one = auditEvent();
  const text = JSON.stringify(one);

  it('tells an audit event from a CloudTrail record', () => {
    expect(sourceOfEvent(one)).toBe('k8s-audit');
    expect(sourceOfEvent({ eventVersion: '1.08', eventName: 'RunInstances', eventSource: 'ec2.amazonaws.com' })).toBe('cloudtrail');
  });

  it('reads one event, an EventList and JSON lines', () => {
    for (const input of [text, JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [one, one] }), `${text}\n${text}\n`]) {
      const read = readEventsText(input);
      expect(read.ok && read.events.every((e) => e['auditID'] === one['auditID'])).toBe(true);
    }
  });

  it('reads EKS audit logs from CloudWatch Logs: filter-log-events, a subscription, Logs Insights and an S3 export', () => {
    const logEvent = { logStreamName: 'kube-apiserver-audit-0123456789abcdef', timestamp: 1764496800000, message: text, ingestionTime: 1764496801000, eventId: '3846' };
    const shapes = [
      JSON.stringify({ events: [logEvent, logEvent], searchedLogStreams: [] }),
      JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '111122223333', logGroup: '/aws/eks/prod/cluster', logStream: 'kube-apiserver-audit-0123', subscriptionFilters: ['to-falco'], logEvents: [{ id: '1', timestamp: 1764496800000, message: text }] }),
      JSON.stringify([{ '@timestamp': '2026-11-30 10:00:00.000', '@message': text }]),
      `2026-11-30T10:00:00.000Z ${text}\n2026-11-30T10:00:01.000Z ${text}\n`,
      JSON.stringify(logEvent),
    ];
    for (const shape of shapes) {
      const read = readEventsText(shape);
      expect(read.ok, shape.slice(0, 60)).toBe(true);
      if (read.ok) expect(read.events.map((e) => e['verb'])).toEqual(read.events.map(() => 'create'));
    }
  });

  it('says which line of an S3 export is broken', () => {
    const read = readEventsText(`2026-11-30T10:00:00.000Z ${text}\nnot a log line\n`);
    expect(read).toMatchObject({ ok: false, line: 2 });
  });
});

describe('what the cluster documents about its events', () => {
  it('knows the kinds of an audit event, and of a pod body only on requests about pods', () => {
    const pod = { ...auditEvent({ subresource: '' }), requestObject: { spec: { hostNetwork: true } } };
    expect(documentedKindOn('verb', pod)).toBe('string');
    expect(documentedKindOn('responseStatus.code', pod)).toBe('number');
    expect(documentedKindOn('requestObject.spec.hostNetwork', pod)).toBe('boolean');
    expect(documentedKindOn('requestObject.spec.hostNetwork', auditEvent({ resource: 'services' }))).toBeUndefined();
    expect(documentedKindOn('user.groups', pod)).toBeUndefined();
  });

  it('finds a field an API server would never write that way', () => {
    expect(undocumentedShapes(auditEvent())).toEqual([]);
    expect(undocumentedShapes({ ...auditEvent(), verb: 5 })).toEqual(['verb']);
    // Event fields are never empty text (always set, or left out when empty); a request body may hold "".
    expect(undocumentedShapes({ ...auditEvent(), level: '' })).toEqual(['level']);
    expect(undocumentedShapes({ ...auditEvent(), objectRef: { resource: 'pods', namespace: '' } })).toEqual(['objectRef.namespace']);
    expect(undocumentedShapes({ ...auditEvent({ resource: 'services', subresource: '' }), requestObject: { spec: { type: '' } } })).toEqual([]);
    expect(undocumentedShapes({ ...auditEvent(), sourceIPs: '203.0.113.10' })).toEqual(['sourceIPs']);
    const pod = (containers: unknown) => ({ ...auditEvent({ subresource: '' }), requestObject: { spec: { containers } } }) as CloudTrailEvent;
    expect(undocumentedShapes(pod([{ name: 'web', securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] } } }]))).toEqual([]);
    expect(undocumentedShapes(pod([{ name: 'web', securityContext: { privileged: 'true' } }]))).toEqual(['requestObject.spec.containers[].securityContext.privileged']);
    expect(undocumentedShapes(pod({ name: 'web' }))).toContain('requestObject.spec.containers[].securityContext.privileged');
  });
});

describe('which tools write a cluster rule', () => {
  const ruleSet = { plainsecRules: 1 as const, rules: [parsedRule(shellRule())] };

  it('EventBridge refuses it and says where the audit log goes instead', () => {
    const result = exportRuleSet(ruleSet, ['eventbridge']);
    expect(result.files).toEqual([]);
    expect(result.refused).toEqual([
      {
        target: 'eventbridge',
        ruleId: 'shell-in-a-container',
        reason: "EventBridge never sees a cluster's audit log: EKS sends it to CloudWatch Logs only; use the CloudWatch Logs, Falco, Sigma, Elastic or Splunk file for this rule",
      },
    ]);
    // Try-it and `rules test` say the same, rather than run a CloudTrail pattern on an audit event.
    const compiled = compileRule(ruleSet.rules[0]!, ['eventbridge']);
    expect(compiled.refused.eventbridge).toContain("EventBridge never sees a cluster's audit log");
    expect(compiled.target('eventbridge', auditEvent())).toEqual({ refused: compiled.refused.eventbridge });
    expect(compiled.fires(auditEvent())).toBe(true);
  });

  it('Alertmanager routes it like any other rule', () => {
    const result = exportRuleSet(ruleSet, ['alertmanager']);
    expect(result.refused).toEqual([]);
    expect(result.files.map((f) => f.content).join('\n')).toContain('shell-in-a-container');
  });
});
