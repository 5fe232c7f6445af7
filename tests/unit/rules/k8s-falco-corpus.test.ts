/**
 * The Kubernetes templates against Falco's own test events. Falco's tests say, for each trace file
 * in ../shared/corpora/k8s-audit/falco-trace-files, which Falco rule fires on it and how often
 * (expected-rules.go and the older expected-rules.yaml). Where a template claims the same
 * behaviour as a Falco rule (written below as data), it must fire on the same events of the same
 * files, and stay quiet on every other trace file, unless a file is listed with the reason the
 * template rightly differs. The table printed at the end is the one for the note.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { matchesCondition, type CloudTrailEvent } from '../../../src/lib/rules/canonical.ts';
import { effectiveCondition, ruleSetSchema, type Rule } from '../../../src/lib/rules/model.ts';
import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { corporaDir, templatesDir } from './support/kit.ts';

const corpus = path.join(corporaDir, 'k8s-audit');
const traceDir = path.join(corpus, 'falco-trace-files');
const haveCorpus = existsSync(traceDir) && existsSync(path.join(corpus, 'expected-rules.go')) && existsSync(path.join(corpus, 'expected-rules.yaml'));

/** Falco rule → the templates that claim to catch the same behaviour. */
const sameBehaviour: Record<string, string[]> = {
  'Attach/Exec Pod': ['pod-exec-or-attach'],
  'Create Privileged Pod': ['privileged-pod'],
  'Create Sensitive Mount Pod': ['node-folder-mounted'],
  'Create HostNetwork Pod': ['pod-shares-node-network-or-processes'],
  'Create HostPid Pod': ['pod-shares-node-network-or-processes'],
  'Create HostIPC Pod': ['pod-shares-node-network-or-processes'],
  'Create NodePort Service': ['nodeport-service'],
  'Anonymous Request Allowed': ['anonymous-request-allowed'],
  'Attach to cluster-admin Role': ['cluster-admin-granted'],
  'ClusterRole With Wildcard Created': ['role-with-wildcard-or-exec'],
  'ClusterRole With Pod Exec Created': ['role-with-wildcard-or-exec'],
  'System ClusterRole Modified/Deleted': ['system-cluster-role-changed'],
  'Pod Created in Kube Namespace': ['workload-added-to-kube-system'],
  'Service Account Created in Kube Namespace': ['workload-added-to-kube-system'],
  'K8s Secret Get Successfully': ['secret-read-by-person'],
};

/** Trace files where a template rightly does not do what the claimed Falco rule does, and why. */
const rightlyDiffers: { template: string; file: string; fires: boolean; reason: string }[] = [
  {
    template: 'workload-added-to-kube-system',
    file: 'create_pod_kube_system_namespace.json',
    fires: false,
    reason: "the cluster's replicaset controller made the pod for a Deployment; the template catches the person's Deployment instead, and leaves the cluster out",
  },
  {
    template: 'workload-added-to-kube-system',
    file: 'create_pod_kube_public_namespace.json',
    fires: false,
    reason: "the cluster's replicaset controller made the pod for a Deployment; the template catches the person's Deployment instead, and leaves the cluster out",
  },
  {
    template: 'cluster-token-made',
    file: 'create_kube_system_secret.json',
    fires: true,
    reason: 'a person (kubeadm, as admin) made a bootstrap token, with which a node can join; Falco has no rule for new tokens',
  },
];

/** The events of a trace file: one JSON object, or one per line; `{"kind": 0}` is kept, to be ignored by every rule. */
function eventsOf(file: string): CloudTrailEvent[] {
  const text = readFileSync(path.join(traceDir, file), 'utf8').trim();
  try {
    return [JSON.parse(text) as CloudTrailEvent];
  } catch {
    return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as CloudTrailEvent);
  }
}

/** A trace file's name with only its letters and digits, lower case: how the Go tests' capture names spell it. */
const squash = (name: string) => name.replace(/\.json$/, '').replace(/[^A-Za-z0-9]/g, '').toLowerCase();

/** Falco rule → trace file → how many alerts Falco's tests expect there (the Go tests and the YAML together). */
function expectations(files: string[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const add = (rule: string, file: string, count: number) => {
    if (!out.has(rule)) out.set(rule, new Map());
    const before = out.get(rule)!.get(file);
    if (before !== undefined && before !== count) throw new Error(`Falco's tests disagree on ${rule} in ${file}: ${before} and ${count}`);
    out.get(rule)!.set(file, count);
  };
  const byCapture = new Map(files.map((file) => [squash(file), file]));
  // expected-rules.go: each test names one capture and asserts `OfRule("…").Count()` equals n.
  const go = readFileSync(path.join(corpus, 'expected-rules.go'), 'utf8');
  for (const body of go.split(/\nfunc Test/).slice(1)) {
    const capture = /captures\.K8SAudit(\w+)/.exec(body)?.[1];
    if (!capture) continue;
    const file = byCapture.get(capture.toLowerCase());
    if (!file) throw new Error(`no trace file for the capture K8SAudit${capture}`);
    for (const m of body.matchAll(/assert\.Equal\(t, (\d+), res\.Detections\(\)\.OfRule\("([^"]+)"\)\.Count\(\)\)/g)) add(m[2]!, file, Number(m[1]));
  }
  // expected-rules.yaml: each case lists detect_counts and opens one trace file.
  const yaml = parse(readFileSync(path.join(corpus, 'expected-rules.yaml'), 'utf8').replace('!mux', '')) as {
    trace_files: Record<string, { detect_counts?: Record<string, number>[]; addl_cmdline_opts: string }>;
  };
  for (const test of Object.values(yaml.trace_files)) {
    const file = /trace_files\/k8s_audit\/([\w.-]+\.json)/.exec(test.addl_cmdline_opts)?.[1];
    if (!file) continue;
    for (const counts of test.detect_counts ?? []) for (const [rule, count] of Object.entries(counts)) add(rule, file, count);
  }
  return out;
}

const rules: Rule[] = ruleSetSchema.safeParse(parse(readFileSync(path.join(templatesDir, 'kubernetes.yaml'), 'utf8'))).data?.rules ?? [];
const templateIds = [...new Set(Object.values(sameBehaviour).flat())].sort();
const table: string[] = [];

describe.skipIf(skipWhenMissing(haveCorpus, reasons.corpora))('the Kubernetes templates on Falco’s trace files', () => {
  const files = haveCorpus ? readdirSync(traceDir).filter((f) => f.endsWith('.json')).sort() : [];
  const expected = haveCorpus ? expectations(files) : new Map<string, Map<string, number>>();
  const firings = (id: string, file: string): number => {
    const rule = rules.find((r) => r.id === id);
    if (!rule) throw new Error(`no template ${id}`);
    return eventsOf(file).filter((event) => matchesCondition(effectiveCondition(rule), event)).length;
  };

  it('read every trace file and expectations for at least thirty Falco rules', () => {
    expect(files.length).toBeGreaterThanOrEqual(47);
    expect(expected.size).toBeGreaterThanOrEqual(30);
  });

  it('claim only Falco rules that exist in the k8saudit rules file', () => {
    const falcoRules = (parse(readFileSync(path.join(corpus, 'falco-k8saudit-rules.yaml'), 'utf8')) as { rule?: string }[])
      .flatMap((item) => (item.rule ? [item.rule] : []));
    expect(Object.keys(sameBehaviour).filter((name) => !falcoRules.includes(name))).toEqual([]);
  });

  it('list only differences that are real', () => {
    for (const d of rightlyDiffers) {
      const falcoFires = Object.entries(sameBehaviour).some(([falco, ids]) => ids.includes(d.template) && (expected.get(falco)?.has(d.file) ?? false));
      expect(falcoFires, `${d.template} on ${d.file}`).toBe(!d.fires);
      expect(firings(d.template, d.file) > 0, `${d.template} on ${d.file}`).toBe(d.fires);
    }
  });

  describe.each(templateIds)('%s', (id) => {
    const claimed = Object.entries(sameBehaviour).filter(([, ids]) => ids.includes(id)).map(([falco]) => falco);
    it.each(haveCorpus ? files : [])(`fires on %s exactly as ${claimed.join(' or ')} does in Falco's tests`, (file) => {
      const falcoCount = claimed.reduce((sum, falco) => sum + (expected.get(falco)?.get(file) ?? 0), 0);
      const difference = rightlyDiffers.find((d) => d.template === id && d.file === file);
      const want = difference ? (difference.fires ? eventsOf(file).length : 0) : falcoCount;
      expect(firings(id, file)).toBe(want);
    });
  });

  it('stay quiet on every trace file where they claim no Falco rule, but for the differences listed', () => {
    const unclaimed = rules.map((r) => r.id).filter((id) => !templateIds.includes(id));
    const loud = unclaimed.flatMap((id) =>
      files.filter((file) => firings(id, file) > 0 && !rightlyDiffers.some((d) => d.template === id && d.file === file)).map((file) => `${id} on ${file}`),
    );
    expect(loud).toEqual([]);
    expect(unclaimed.length).toBeGreaterThan(0);
  });

  it('make the table for the note', () => {
    table.push('| Plainsec template | claims the same as (Falco rule) | Falco fires on (its tests) | template fires on | agree |', '|---|---|---|---|---|');
    for (const id of templateIds) {
      const claimed = Object.entries(sameBehaviour).filter(([, ids]) => ids.includes(id)).map(([falco]) => falco);
      const falcoFiles = files.filter((f) => claimed.some((falco) => expected.get(falco)?.has(f)));
      const ours = files.filter((f) => firings(id, f) > 0);
      const differences = rightlyDiffers.filter((d) => d.template === id).length;
      const agree = falcoFiles.join() === ours.join() ? 'yes' : `yes, but for ${differences} listed below`;
      table.push(`| ${id} | ${claimed.join('; ')} | ${falcoFiles.join(', ') || '(no trace file)'} | ${ours.join(', ') || '(none)'} | ${agree} |`);
    }
    table.push('', 'Differences, each with its reason:');
    for (const d of rightlyDiffers) table.push(`- ${d.template} ${d.fires ? 'fires' : 'stays quiet'} on ${d.file}: ${d.reason}.`);
    const unclaimed = rules.map((r) => r.id).filter((id) => !templateIds.includes(id));
    table.push('', `Templates no Falco k8saudit rule matches, quiet on all ${files.length} trace files but for the differences above: ${unclaimed.join(', ')}.`);
    expect(table.length).toBeGreaterThan(templateIds.length);
  });

  afterAll(() => {
    if (table.length) console.log(`\nKubernetes templates against Falco's trace files\n\n${table.join('\n')}\n`);
  });
});
