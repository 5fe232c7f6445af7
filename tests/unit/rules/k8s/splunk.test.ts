/**
 * Splunk searches for rules on a cluster's audit log: they read EKS audit logs under the AWS
 * add-on's source type, name lists with `{}` as Splunk's JSON extraction does, and fire (by
 * Plainsec's model of Splunk) on exactly the audit events the rule means: Falco's real events and
 * copies changed around every field a rule reads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splunkTarget } from '../../../../src/lib/rules/exporters/splunk.ts';
import { constantRuleReason } from '../../../../src/lib/rules/documented.ts';
import { matchSplunkSearch, splunkFields } from '../../../../src/lib/rules/matchers/splunk.ts';
import type { CloudTrailEvent } from '../../../../src/lib/rules/canonical.ts';
import { ruleSchema, type Rule } from '../../../../src/lib/rules/model.ts';
import { readConf } from '../support/kit.ts';
import { k8sSplunkNote } from '../../../../src/lib/rules/exporters/k8s-audit/splunk.ts';
import { plainWordsProblems, siteGlossary } from '../../../support/plain-words.ts';
import { reasons, skipWhenMissing } from '../../../support/skips.ts';
import { clusterRule, eventsFor, firstDisagreement, handRules, haveTraces, k8sRuleArb, loadTraceEvents } from './sigma-splunk-kit.ts';

const traces = loadTraceEvents();
const events = traces.map((t) => t.event);

const searchOf = (rule: Rule): string => {
  const d = splunkTarget.detectionFor(rule);
  if (!d.ok) throw new Error(d.reason);
  return d.text;
};
const byId = (id: string): Rule => handRules.find((r) => r.id === id)!;

/** A pod created with the given containers, as the API server writes it at the Request level. */
function podCreated(containers: object[], user = 'alice@example.com'): CloudTrailEvent {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Request',
    auditID: '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/production/pods',
    verb: 'create',
    user: { username: user, groups: ['developers', 'system:authenticated'] },
    sourceIPs: ['203.0.113.10'],
    objectRef: { resource: 'pods', namespace: 'production', name: 'web-0', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 },
    requestObject: { kind: 'Pod', apiVersion: 'v1', spec: { containers } },
  } as CloudTrailEvent;
}

describe('a Splunk search on a cluster audit log', () => {
  it('reads EKS audit logs under the AWS add-on source type and narrows by verb and resource first', () => {
    expect(searchOf(byId('shell-in-a-container'))).toMatch(/^index=\* sourcetype=aws:cloudwatchlogs:eks verb=create objectRef\.resource=pods \| where /);
  });

  it("names a list's values with {} as Splunk's JSON extraction does, and reads them with mvfind", () => {
    const search = searchOf(byId('privileged-container'));
    expect(search).toContain(`isnotnull(mvfind('requestObject.spec.containers{}.securityContext.privileged', "\\\\A(?:true)\\\\z"))`);
    expect(searchOf(byId('anonymous-allowed'))).toContain(`mvfind('user.groups{}', `);
    expect(searchOf(byId('added-powers'))).toContain(`'requestObject.spec.containers{}.securityContext.capabilities.add{}'`);
    expect(splunkFields(podCreated([{ securityContext: { privileged: true } }, { securityContext: { privileged: false } }])).get('requestObject.spec.containers{}.securityContext.privileged')).toEqual([
      'true',
      'false',
    ]);
  });

  it('fires on a pod whose second container is privileged, and stays quiet when none is or the cluster made it', () => {
    const search = searchOf(byId('privileged-container'));
    expect(matchSplunkSearch(search, podCreated([{ name: 'web' }, { name: 'debug', securityContext: { privileged: true } }])).kind).toBe('match');
    expect(matchSplunkSearch(search, podCreated([{ name: 'web', securityContext: { privileged: false } }])).kind).toBe('no-match');
    expect(matchSplunkSearch(search, podCreated([{ securityContext: { privileged: true } }], 'system:serviceaccount:kube-system:replicaset-controller')).kind).toBe('no-match');
  });

  it('compares a response code as the number Splunk extracts', () => {
    expect(searchOf(byId('refused-requests'))).toBe(
      `index=* sourcetype=aws:cloudwatchlogs:eks | where if(isnotnull('responseStatus.code'), ('responseStatus.code'=="401" OR 'responseStatus.code'=="403"), false())`,
    );
  });

  it('never runs a cluster search on CloudTrail records, nor a CloudTrail search on audit events', () => {
    const search = searchOf(byId('refused-requests'));
    expect(matchSplunkSearch(search, { eventVersion: '1.08', responseStatus: { code: 403 } }).kind).toBe('no-match');
    expect(matchSplunkSearch(`index=* sourcetype=aws:cloudtrail | where 'verb'=="create"`, podCreated([])).kind).toBe('no-match');
  });

  it('refuses a test through a list where the rule does not name the resource whose body has it, saying what to add', () => {
    const d = splunkTarget.detectionFor(clusterRule('any-privileged', { field: 'requestObject.spec.containers[].securityContext.privileged', equals: true }));
    expect(d).toEqual({
      ok: false,
      reason:
        'Splunk names the items of a list with {}, so it reads requestObject.spec.containers[].securityContext.privileged exactly only where the list is always a list; Kubernetes documents it only on requests about pods; add a test that objectRef.resource is pods',
    });
  });

  it('writes the cluster rules into savedsearches.conf with a note in plain words on where they read from, and what each relies on', () => {
    const result = splunkTarget.exportRuleSet({ plainsecRules: 1, rules: handRules });
    expect(result.refused).toEqual([]);
    const text = result.files[0]!.content;
    expect(text).toContain('# Then replace sourcetype=aws:cloudwatchlogs:eks in those searches with the source type you set there (often kube:apiserver:audit).');
    for (const line of k8sSplunkNote) expect(plainWordsProblems(line, siteGlossary()), line).toEqual([]);
    expect(text).toContain(
      '# assumes every list on the way to requestObject.spec.containers[].securityContext.privileged is a list where present, as Kubernetes documents it (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/)',
    );
    const conf = readConf(text);
    expect([...conf.keys()].filter((k) => k.startsWith('plainsec-'))).toEqual(handRules.map((r) => `plainsec-${r.id}`));
  });

  it('reads a request-body field the rule does not tie to a resource both as one value and as a list, and refuses a presence test there', () => {
    const rule = clusterRule('service-account-named', { field: 'requestObject.spec.serviceAccountName', equals: 'deployer' }, []);
    expect(searchOf(rule)).toBe(
      `index=* sourcetype=aws:cloudwatchlogs:eks | where isnotnull(mvfind(mvappend('requestObject.spec.serviceAccountName', 'requestObject.spec.serviceAccountName{}'), "\\\\A(?:deployer)\\\\z"))`,
    );
    const on = (value: unknown): string => matchSplunkSearch(searchOf(rule), { ...podCreated([]), requestObject: { spec: { serviceAccountName: value } } } as CloudTrailEvent).kind;
    expect([on('deployer'), on(['ci', 'deployer']), on('Deployer'), on(null)]).toEqual(['match', 'match', 'no-match', 'no-match']);
    const present = splunkTarget.detectionFor(clusterRule('any-service-account', { field: 'requestObject.spec.serviceAccountName', exists: true }, []));
    expect(!present.ok && present.reason).toContain('Splunk cannot tell a missing value from null there');
  });

  it('writes CloudTrail and cluster rules side by side, each over its own records', () => {
    const cloudTrail = ruleSchema.parse({ ...handRules[0]!, id: 'server-started', source: undefined, exceptions: [], when: { field: 'eventName', equals: 'RunInstances' } });
    const conf = readConf(splunkTarget.exportRuleSet({ plainsecRules: 1, rules: [cloudTrail, byId('shell-in-a-container')] }).files[0]!.content);
    expect(conf.get('plainsec-server-started')!.get('search')).toMatch(/^index=\* sourcetype=aws:cloudtrail eventName=RunInstances \| where /);
    expect(conf.get('plainsec-shell-in-a-container')!.get('search')).toMatch(/^index=\* sourcetype=aws:cloudwatchlogs:eks /);
  });

  it('refuses to count on the audit log, in plain words', () => {
    const counting = { ...byId('shell-in-a-container'), count: { atLeast: 5, withinMinutes: 10 } } as Rule;
    const d = splunkTarget.counting!.countDetectionFor(counting);
    expect(!d.ok && d.reason).toContain("counting is not written for rules on a cluster's audit log yet");
  });
});

describe.skipIf(skipWhenMissing(haveTraces, reasons.corpora))('Splunk on real and changed audit events', () => {
  it('agrees with every hand-written rule on every trace event and on changed copies', () => {
    for (const rule of handRules)
      for (let seed = 0; seed < 5; seed++) expect(firstDisagreement(splunkTarget, rule, [...events, ...eventsFor(rule, events, seed)]), rule.id).toBeUndefined();
  });

  it('fires the exec rule on the two trace files where Falco finds Attach/Exec Pod, and on no other', () => {
    const search = searchOf(byId('shell-in-a-container'));
    expect(traces.filter((t) => matchSplunkSearch(search, t.event).kind === 'match').map((t) => t.file)).toEqual(['attach_pod.json', 'exec_pod.json']);
  });

  /**
   * The floor is the share reached when it was set, minus 2 points, not the 90 % other tools reach:
   * Splunk reads a path through a list, or a request-body field, exactly only where Kubernetes
   * documents its shape, which is for the resources the catalogue names; a random rule often reads
   * one without saying the resource (a third are not pinned at all, and a pin inside "any of" does
   * not hold for the other branches). Those are refused, each saying which resource to name.
   */
  it('agrees with 1500 random rules on real and changed events, and exports at least its floor of those that can fire', () => {
    const constant = [constantRuleReason(true, 'k8s-audit'), constantRuleReason(false, 'k8s-audit')];
    let tried = 0;
    let constantRules = 0;
    let exported = 0;
    let throughLists = 0;
    let throughListsExported = 0;
    let compared = 0;
    const why = new Map<string, number>();
    fc.assert(
      fc.property(k8sRuleArb(events), fc.nat(), (rule, seed) => {
        const d = splunkTarget.detectionFor(rule);
        const readsList = JSON.stringify(rule.when).includes('[]');
        if (!d.ok && constant.includes(d.reason)) constantRules++;
        else {
          tried++;
          if (readsList) throughLists++;
          if (d.ok) {
            exported++;
            if (readsList) throughListsExported++;
          } else {
            expect(d.reason.length).toBeGreaterThan(20);
            const gist = d.reason.slice(0, 70);
            why.set(gist, (why.get(gist) ?? 0) + 1);
          }
        }
        const list = eventsFor(rule, events, seed);
        compared += list.length;
        const problem = firstDisagreement(splunkTarget, rule, list);
        if (problem) throw new Error(problem);
      }),
      { numRuns: 1500, seed: 20261206 },
    );
    const share = (a: number, b: number): number => Number(((100 * a) / Math.max(1, b)).toFixed(1));
    console.info(
      `Splunk on the audit log: ${exported} of ${tried} random rules that can fire exported (${share(exported, tried)} %), ${constantRules} more fire on every event or none; through a list ${throughListsExported} of ${throughLists} (${share(throughListsExported, throughLists)} %); ${compared} events compared. Refusals: ${[...why].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([r, n]) => `${n} × ${r}`).join(' | ')}`,
    );
    expect(share(exported, tried)).toBeGreaterThanOrEqual(58.6);
  });
});
