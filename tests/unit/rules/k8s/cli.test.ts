/**
 * The command on rules that read a cluster's audit log: `rules test --events` reads audit events
 * in every shape the site reads them and runs each rule only on its own log, saying so plainly
 * when a file holds the other one; `validate`, `describe`, `export` and the help know the source.
 * The events are Falco's recorded audit events (../shared/corpora/k8s-audit), read in place.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { plainWordsProblems, siteGlossary } from '../../../support/plain-words.ts';
import { reasons, skipWhenMissing } from '../../../support/skips.ts';
import { corporaDir } from '../support/kit.ts';
import { plainsec } from '../../../support/run-cli.ts';

const traceDir = path.join(corporaDir, 'k8s-audit', 'falco-trace-files');
const haveTraces = existsSync(traceDir);

const work = mkdtempSync(path.join(tmpdir(), 'plainsec-k8s-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const write = (name: string, content: string | Buffer): string => {
  const file = path.join(work, name);
  writeFileSync(file, content);
  return file;
};


/** The one line of a trace file (each holds one audit event as a line of JSON). */
const traceLine = (file: string): string => readFileSync(path.join(traceDir, file), 'utf8').trim();
const trace = (file: string): Record<string, unknown> => JSON.parse(traceLine(file)) as Record<string, unknown>;

const shellRule = `  - id: shell-in-a-container
    source: k8s-audit
    title: Someone opened a shell in a running container
    means: Someone ran a command inside a running container.
    whatToDo: Ask who it was and why.
    when:
      allOf:
        - { field: objectRef.resource, equals: pods }
        - { field: objectRef.subresource, oneOf: [exec, attach] }
    exceptions:
      - unlessDoneByCluster: true
    urgency: wake-me-up
    notify: '#security-alerts'
`;
const clusterAdminRule = `  - id: cluster-admin-given
    source: k8s-audit
    title: Someone was given cluster-admin
    means: Someone can now do anything in the cluster.
    whatToDo: Ask who gave it and why.
    when:
      allOf:
        - { field: objectRef.resource, equals: clusterrolebindings }
        - { field: verb, oneOf: [create, update, patch] }
        - { field: requestObject.roleRef.name, equals: cluster-admin }
    exceptions:
      - unlessDoneByCluster: true
    urgency: wake-me-up
    notify: '#security-alerts'
`;
const trailRule = `  - id: trail-stopped
    title: The audit log was stopped
    means: Nothing is being written down.
    whatToDo: Turn it back on.
    when: { field: eventName, equals: StopLogging }
    urgency: wake-me-up
    notify: '#security-alerts'
`;
const ruleFile = (name: string, ...rules: string[]): string => write(name, `plainsecRules: 1\nrules:\n${rules.join('')}`);

const stopLogging = { eventVersion: '1.08', eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', eventTime: '2026-11-30T08:00:00Z' };

describe.skipIf(skipWhenMissing(haveTraces, reasons.corpora))('plainsec rules test --events on a cluster\'s audit log', () => {
  // Two events the shell rule fires on (exec, attach), one it does not (a secret), in file order.
  const files = ['exec_pod.json', 'create_secret.json', 'attach_pod.json'];
  const lines = () => files.map(traceLine);
  const logEvent = (message: string, i: number) => ({ logStreamName: 'kube-apiserver-audit-0123456789abcdef', timestamp: 1764496800000 + i, message, ingestionTime: 1764496801000, eventId: String(i) });
  const shapes = (): [string, string | Buffer][] => [
    ['one event per line, as the API server writes its log file', lines().join('\n') + '\n'],
    ['an EventList', JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: lines().map((l) => JSON.parse(l)) })],
    ['an EventList that names its kind after its items', JSON.stringify({ items: lines().map((l) => JSON.parse(l)), kind: 'EventList' })],
    ['a JSON list of events', JSON.stringify(lines().map((l) => JSON.parse(l)))],
    ['aws logs filter-log-events output', JSON.stringify({ events: lines().map(logEvent), searchedLogStreams: [{ logStreamName: 'kube-apiserver-audit-0123', searchedCompletely: true }] })],
    ['a CloudWatch Logs subscription delivery', JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '111122223333', logGroup: '/aws/eks/prod/cluster', logStream: 'kube-apiserver-audit-0123', subscriptionFilters: ['audit'], logEvents: lines().map((m, i) => ({ id: String(i), timestamp: 1764496800000, message: m })) })],
    ['a Logs Insights export', JSON.stringify(lines().map((m) => ({ '@timestamp': '2026-11-30 10:00:00.000', '@message': m })))],
    ['log events one per line', lines().map((m, i) => JSON.stringify(logEvent(m, i))).join('\n')],
    ['an export to S3, gzipped', gzipSync(lines().map((m, i) => `2026-11-30T10:00:0${i}.000Z ${m}`).join('\n') + '\n')],
    ['an export to S3, unzipped, with Windows line ends', lines().map((m, i) => `2026-11-30T10:00:0${i}.000Z ${m}`).join('\r\n') + '\r\n'],
  ];

  it.each(shapes().map(([name], i) => [name, i] as const))('reads %s, and the shell rule fires on the exec and the attach', async (_name, i) => {
    const [, content] = shapes()[i]!;
    const r = await plainsec('rules', 'test', ruleFile(`shell-${i}.yaml`, shellRule), '--events', write(`events-${i}`, content), '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ events: 3, rules: [{ id: 'shell-in-a-container', fires: [0, 2] }] });
  });

  it('names each audit event by what was done to what, where, by whom and when', async () => {
    const r = await plainsec('rules', 'test', ruleFile('named.yaml', shellRule), '--events', write('named.jsonl', lines().join('\n')));
    expect(r.code).toBe(0);
    expect(r.out).toContain('1 rule(s), 3 event(s).');
    expect(r.out).toContain(
      'FIRES  shell-in-a-container (Wake me up, #security-alerts) on 2 of 3:\n         event 1 (create pods/exec in default by minikube-user at 2018-10-26T13:38:34.867116Z)\n         event 3 (create pods/attach in default by minikube-user at',
    );
  });

  it('says why a quiet rule stayed quiet on each audit event', async () => {
    const r = await plainsec('rules', 'test', ruleFile('quiet.yaml', clusterAdminRule), '--events', write('quiet.jsonl', lines().join('\n')));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/quiet {2}cluster-admin-given: fires on none of the 3 event\(s\)\. It wants: /);
    expect(r.out).toMatch(/ {9}event 2 \(create secrets in default by minikube-user at [^)]+\): \S/);
  });

  it('finds cluster-admin given on the real event, and leaves out the cluster\'s own controllers', async () => {
    const events = ['attach_cluster_admin_role.json', 'create_clusterrolebinding.json', 'create_nginx_pod_privileged.json'].map(traceLine);
    const r = await plainsec('rules', 'test', ruleFile('admin.yaml', clusterAdminRule, shellRule), '--events', write('admin.jsonl', events.join('\n')), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).rules).toEqual([
      { id: 'cluster-admin-given', fires: [0] },
      { id: 'shell-in-a-container', fires: [] },
    ]);
  });

  it('checks a cluster rule\'s examples, taken from the real events', async () => {
    const example = (name: string, file: string, expect: string) => `      - name: ${name}\n        event: ${JSON.stringify(trace(file))}\n        expect: ${expect}\n`;
    const file = ruleFile('examples.yaml', `${shellRule}    examples:\n${example('a shell in a pod', 'exec_pod.json', 'fires')}${example('a secret is made', 'create_secret.json', 'does-not-fire')}`);
    const r = await plainsec('rules', 'test', file);
    expect(r.code).toBe(0);
    expect(r.out).toContain('ok     shell-in-a-container: a shell in a pod (fires)');
    expect(r.out).toContain('ok     shell-in-a-container: a secret is made (does-not-fire)');
  });

  it('says plainly, and exits 2, when CloudTrail rules are given only audit events', async () => {
    const r = await plainsec('rules', 'test', ruleFile('trail.yaml', trailRule), '--events', write('audit-only.jsonl', lines().join('\n')));
    expect(r.code).toBe(2);
    expect(r.out).toContain(
      "quiet  trail-stopped: this rule reads AWS CloudTrail records, and the 3 event(s) given are audit events from a cluster's audit log, so it read none of them. Give it CloudTrail records; the cluster's audit log needs rules with source: k8s-audit.",
    );
    expect(r.out).not.toContain('fires on none');
    expect(r.err).toMatch(/No rule in .*trail\.yaml reads these events: its rules read AWS CloudTrail records, and .*audit-only\.jsonl holds audit events from a cluster's audit log\. Nothing was checked\./);
  });

  it('says plainly, and exits 2, when a cluster rule is given only CloudTrail records, also as JSON', async () => {
    const events = write('cloudtrail.json', JSON.stringify({ Records: [stopLogging] }));
    const r = await plainsec('rules', 'test', ruleFile('shell-on-trail.yaml', shellRule), '--events', events);
    expect(r.code).toBe(2);
    expect(r.out).toContain(
      "quiet  shell-in-a-container: this rule reads the cluster's audit log, and the 1 event(s) given are AWS CloudTrail records, so it read none of them. Give it the cluster's audit events (plainsec rules test --help lists the shapes it reads).",
    );
    const json = await plainsec('rules', 'test', ruleFile('shell-on-trail-json.yaml', shellRule), '--events', events, '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toEqual({ events: 1, rules: [{ id: 'shell-in-a-container', fires: [], skipped: { events: 1, reason: "it reads the cluster's audit log only" } }] });
    expect(json.err).toContain('READ NONE  shell-in-a-container: this rule reads the cluster\'s audit log');
  });

  it('runs each rule of a mixed file on its own log only, and counts each log', async () => {
    // "Not StopLogging" would hold on every audit event; a CloudTrail rule never sees them in a real tool.
    const notStop = trailRule.replace('id: trail-stopped', 'id: anything-but-stop').replace('when: { field: eventName, equals: StopLogging }', 'when: { not: { field: eventName, equals: StopLogging } }');
    const mixed = [traceLine('exec_pod.json'), JSON.stringify(stopLogging), traceLine('create_secret.json')].join('\n');
    const r = await plainsec('rules', 'test', ruleFile('mixed.yaml', shellRule, trailRule, notStop), '--events', write('mixed.jsonl', mixed));
    expect(r.code).toBe(0);
    expect(r.out).toContain("3 rule(s), 3 event(s): 2 audit events from a cluster's audit log and 1 AWS CloudTrail record.");
    expect(r.out).toContain('FIRES  shell-in-a-container (Wake me up, #security-alerts) on 1 of 2:');
    expect(r.out).toContain('FIRES  trail-stopped (Wake me up, #security-alerts) on 1 of 1:\n         event 2 (StopLogging at 2026-11-30T08:00:00Z)');
    expect(r.out).toContain("quiet  anything-but-stop: fires on none of the 1 event(s).");
    expect(r.out).toContain("         (2 event(s) of the other log skipped: it reads AWS CloudTrail records only)");
    const json = JSON.parse((await plainsec('rules', 'test', ruleFile('mixed-json.yaml', shellRule, notStop), '--events', write('mixed.jsonl', mixed), '--json')).out);
    expect(json.rules).toEqual([
      { id: 'shell-in-a-container', fires: [0], skipped: { events: 1, reason: "it reads the cluster's audit log only" } },
      { id: 'anything-but-stop', fires: [], skipped: { events: 2, reason: 'it reads AWS CloudTrail records only' } },
    ]);
  });

  it('runs the Kubernetes templates on every recorded audit event: each example holds, and every tool that reads the log agrees with each rule', async () => {
    const all = readdirSync(traceDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .flatMap((f) => readFileSync(path.join(traceDir, f), 'utf8').split('\n'))
      .filter((line) => line.includes('"auditID"'));
    const r = await plainsec('rules', 'test', 'content/rules/kubernetes.yaml', '--events', write('every-trace.jsonl', all.join('\n')), '--targets', 'all', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { events: number; rules: { id: string; fires: number[]; targets: Record<string, unknown> }[] };
    expect(report.events).toBe(51);
    const firedOn = (id: string) => report.rules.find((x) => x.id === id)?.fires.map((i) => JSON.parse(all[i]!).objectRef.subresource);
    expect(firedOn('pod-exec-or-attach')).toEqual(['attach', 'exec']);
    expect(report.rules.filter((x) => x.fires.length > 0).length).toBeGreaterThanOrEqual(5);
  });

  it('says where an S3 export line is broken', async () => {
    const r = await plainsec('rules', 'test', ruleFile('broken.yaml', shellRule), '--events', write('broken.log', `2026-11-30T10:00:00.000Z ${traceLine('exec_pod.json')}\n2026-11-30T10:00:01.000Z not an event\n`));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.log: line 2, column 26: each line of a CloudWatch Logs export should hold a time and then one event as JSON/);
  });

  it('says what it reads when the file holds neither log', async () => {
    const r = await plainsec('rules', 'test', ruleFile('neither.yaml', shellRule), '--events', write('neither.txt', 'verb=create\n'));
    expect(r.code).toBe(2);
    expect(r.err).toContain("line 1, column 1: expected CloudTrail records ({\"Records\": [...]}, a list [...], one record { }, or one per line) or a cluster's audit events (one Event, an EventList, one per line, or a CloudWatch Logs export)");
  });

  it('test-pattern says EventBridge never sees an audit event, rather than "match" or "no match"', async () => {
    // EventBridge would wrap the event as if CloudTrail had sent it, and match on that.
    const pattern = write('pattern.json', JSON.stringify({ source: ['aws.cloudtrail'] }));
    const list = write('tp.json', JSON.stringify({ kind: 'EventList', items: lines().map((l) => JSON.parse(l)) }));
    const many = await plainsec('test-pattern', '--format', 'eventbridge', '--pattern', pattern, '--events', list);
    expect([many.code, many.out]).toEqual([2, '']);
    expect(many.err).toContain("tp.json: event 0 is from a cluster's audit log, and EventBridge never sees a cluster's audit log: EKS sends it to CloudWatch Logs only");
    const one = await plainsec('test-pattern', '--format', 'eventbridge', '--pattern', pattern, '--event', path.join(traceDir, 'exec_pod.json'));
    expect(one.code).toBe(2);
    expect(one.err).toContain("exec_pod.json: this event is from a cluster's audit log, and EventBridge never sees a cluster's audit log");
  });
});

describe('plainsec rules validate, describe and export on a cluster rule', () => {
  it('passes a file of cluster rules and says which log they read', async () => {
    const r = await plainsec('rules', 'validate', ruleFile('valid.yaml', shellRule, clusterAdminRule));
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toMatch(/valid\.yaml: 2 rule\(s\) \(all on the cluster's audit log\), all valid\./);
    const mixed = await plainsec('rules', 'validate', ruleFile('valid-mixed.yaml', shellRule, trailRule));
    expect(mixed.out).toMatch(/valid-mixed\.yaml: 2 rule\(s\) \(1 on AWS CloudTrail, 1 on the cluster's audit log\), all valid\./);
    const trailOnly = await plainsec('rules', 'validate', ruleFile('valid-trail.yaml', trailRule));
    expect(trailOnly.out).toMatch(/valid-trail\.yaml: 1 rule\(s\), all valid\./);
  });

  it('refuses an AWS exception on a cluster rule, naming the rule and saying what to write', async () => {
    const file = ruleFile('aws-exception.yaml', shellRule.replace('      - unlessDoneByCluster: true', '      - unlessDoneByCluster: true\n      - onlyInRegions: [eu-west-1]'));
    for (const command of ['validate', 'test', 'describe']) {
      const r = await plainsec('rules', command, file);
      expect(r.code, command).toBe(2);
      expect(r.err, command).toContain(
        "rules → rule 1 → exceptions → item 2: onlyInRegions reads AWS CloudTrail fields, which a cluster's audit log does not have; for a rule with source: k8s-audit write unlessDoneByCluster: true, unlessDoneByUsers: [a user] or unlessItFailed: true",
      );
    }
  });

  it('describes a cluster rule with the log it reads, and leaves a CloudTrail rule as it was', async () => {
    const r = await plainsec('rules', 'describe', ruleFile('describe.yaml', shellRule, trailRule));
    expect(r.code).toBe(0);
    expect(r.out).toContain("shell-in-a-container\n  Title: Someone opened a shell in a running container\n  Reads: the cluster's audit log (what happens in your Kubernetes clusters)\n  When it fires: ");
    expect(r.out).toContain('trail-stopped\n  Title: The audit log was stopped\n  When it fires: ');
    const json = JSON.parse((await plainsec('rules', 'describe', ruleFile('describe-json.yaml', shellRule, trailRule), '--json')).out);
    expect(json.map((d: { source?: string }) => d.source)).toEqual(['k8s-audit', undefined]);
  });

  it('exports a cluster rule: EventBridge refuses it with the reason, and Alertmanager routes it', async () => {
    const out = path.join(work, 'export');
    const r = await plainsec('rules', 'export', ruleFile('export.yaml', shellRule), '--to', 'eventbridge,alertmanager', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain('  alertmanager/alertmanager.yml');
    expect(r.out).not.toContain('eventbridge/');
    expect(r.out).toContain(
      "Not exported (nothing was written for these):\n  eventbridge: shell-in-a-container: EventBridge never sees a cluster's audit log: EKS sends it to CloudWatch Logs only; use the CloudWatch Logs, Falco, Sigma, Elastic or Splunk file for this rule",
    );
  });

  it('mentions the cluster\'s audit log in the help of each command that reads rules or events', async () => {
    const help = async (...argv: string[]) => (await plainsec(...argv, '--help')).out;
    expect(await help()).toContain("cluster's audit log");
    for (const command of ['test', 'validate', 'export', 'describe']) expect(await help('rules', command), command).toMatch(/cluster's audit log/);
    const testHelp = await help('rules', 'test');
    for (const shape of ['EventList', 'filter-log-events', 'Logs Insights', 'export to S3', 'source: k8s-audit']) expect(testHelp).toContain(shape);
    expect(await help('test-pattern')).toContain("cluster's audit event");
  });

  it('says the new sentences in plain words', async () => {
    const terms = siteGlossary();
    const r = await plainsec('rules', 'test', ruleFile('words.yaml', shellRule, trailRule), '--events', write('words.json', JSON.stringify([stopLogging, { auditID: 'a', verb: 'get' }])));
    const sentences = [
      ...r.out.split('\n').filter((l) => l.startsWith('quiet') || l.includes('skipped')),
      ...(await plainsec('rules', 'test', ruleFile('words2.yaml', trailRule), '--events', write('words2.json', JSON.stringify([{ auditID: 'a', verb: 'get' }])))).err.split('\n'),
    ]
      .map((l) => l.replace(/^quiet {2}[a-z-]+: |^ +/, '').trim())
      .filter((l) => l !== '');
    expect(sentences.length).toBeGreaterThanOrEqual(3);
    expect(sentences.flatMap((s) => plainWordsProblems(s, terms).map((p) => `${p} — in: ${s}`))).toEqual([]);
  });
});
