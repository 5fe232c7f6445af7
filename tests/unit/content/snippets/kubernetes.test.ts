import { describe, expect, it } from 'vitest';
import { builtInValidator, checkManifest, isManifest } from '../../../../src/lib/content/snippets/kubernetes.ts';

const policy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'deny-all', namespace: 'shop', labels: { team: 'web' } },
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] },
};

describe('the Kubernetes manifest check', () => {
  it('passes a correct NetworkPolicy', async () => {
    expect(await checkManifest(policy)).toEqual({ status: 'valid' });
  });

  it('fails an unknown field in a NetworkPolicy, which the schema alone lets through', async () => {
    const result = await checkManifest({ ...policy, spec: { ...policy.spec, podSelectr: {} } });
    expect(result).toEqual({ status: 'invalid', problems: ['unknown field /spec/podSelectr (not in the NetworkPolicy schema)'] });
  });

  it('fails a wrong type and a missing required field', async () => {
    const wrongType = await checkManifest({ ...policy, spec: { ...policy.spec, policyTypes: 'Ingress' } });
    expect(wrongType.status === 'invalid' && wrongType.problems.join(' ')).toMatch(/policyTypes must be array/);
    const role = await checkManifest({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'x' }, subjects: [] });
    expect(role.status).toBe('invalid');
  });

  it('reports a custom resource as skipped, never as passed', async () => {
    expect(await checkManifest({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', spec: {} })).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/no schema for external-secrets.io\/v1 ExternalSecret/) });
    expect(await checkManifest({ a: 1 })).toMatchObject({ status: 'skipped' });
    expect(await builtInValidator('../../etc', 'Passwd')).toBeUndefined();
    expect(isManifest({ apiVersion: 'v1', kind: 'Pod' })).toBe(true);
  });

  it('reads core kinds and leaves free-form maps such as labels alone', async () => {
    expect(await checkManifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { 'any/key': 'v' } }, data: { anything: 'goes' } })).toEqual({ status: 'valid' });
  });
});
