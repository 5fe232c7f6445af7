/**
 * Kubernetes manifests in guides must be objects the API server would accept. The schemas come
 * from `kubernetes-models`, which ships one validator per built-in apiVersion/kind, compiled from
 * the Kubernetes OpenAPI definitions. Those validators check types and required fields, but, like
 * the OpenAPI definitions, they let unknown fields through (`kubectl apply` rejects them since
 * server-side field validation became strict by default). So this module adds the strict part
 * itself: it hands the validator a Proxy of the object and notes which keys the validator looks
 * at; a key of an object whose schema lists properties, that the validator never looked at, is
 * an unknown field. Objects whose schema lists no properties (free-form ones) are not judged.
 *
 * A kind with no validator (a custom resource, or a non-Kubernetes file with apiVersion/kind
 * such as a kubeconfig) is returned as skipped, so the caller can say so instead of passing it.
 */

/** The validator kubernetes-models attaches to each model class (throws when invalid). */
type ModelValidate = (this: unknown) => void;

/** Finds the validator for an apiVersion/kind, or undefined when none ships. */
export type ValidatorLookup = (apiVersion: string, kind: string) => Promise<ModelValidate | undefined>;

/** The validators that ship with kubernetes-models, loaded on first use. */
export const builtInValidator: ValidatorLookup = async (apiVersion, kind) => {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  // Only names the package could hold; anything else (a path, a typo with spaces) has no validator.
  if (!/^[a-z0-9.-]*$/.test(group!) || !/^v[a-z0-9]+$/.test(version!) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
  const path = group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
  try {
    const module = (await import(/* @vite-ignore */ path)) as Record<string, { prototype: { validate: ModelValidate } }>;
    return module[kind]?.prototype.validate;
  } catch {
    return undefined;
  }
};

export type ManifestResult =
  | { status: 'valid' }
  | { status: 'invalid'; problems: string[] }
  | { status: 'skipped'; reason: string };

/** True when a parsed YAML document looks like a Kubernetes object (has apiVersion and kind). */
export function isManifest(value: unknown): value is { apiVersion: string; kind: string } {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Record<string, unknown>).apiVersion === 'string' &&
    typeof (value as Record<string, unknown>).kind === 'string'
  );
}

/** Wraps an object tree so every key read is recorded per object path. */
function watch(value: unknown, path: string, read: Map<string, Set<string>>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (!read.has(path)) read.set(path, new Set());
  const seen = read.get(path)!;
  return new Proxy(value as object, {
    get(target, key, receiver) {
      if (typeof key === 'string') seen.add(key);
      const inner = Reflect.get(target, key, receiver);
      return typeof key === 'string' && Object.prototype.hasOwnProperty.call(target, key) ? watch(inner, `${path}/${key}`, read) : inner;
    },
    has(target, key) {
      if (typeof key === 'string') seen.add(key);
      return Reflect.has(target, key);
    },
  });
}

/** Keys never looked at in objects where the validator did look at some key: unknown fields. */
function unknownFields(value: unknown, path: string, read: Map<string, Set<string>>): string[] {
  if (value === null || typeof value !== 'object') return [];
  const seen = read.get(path);
  const keys = Array.isArray(value) ? [] : Object.keys(value);
  const here = seen && seen.size > 0 ? keys.filter((k) => !seen.has(k)).map((k) => `${path}/${k}`) : [];
  const below = Object.entries(value).flatMap(([k, v]) => unknownFields(v, `${path}/${k}`, read));
  return [...here, ...below];
}

/** Validates one manifest: types and required fields by its schema, then unknown fields. */
export async function checkManifest(manifest: unknown, lookup: ValidatorLookup = builtInValidator): Promise<ManifestResult> {
  if (!isManifest(manifest)) return { status: 'skipped', reason: 'no apiVersion and kind' };
  const validate = await lookup(manifest.apiVersion, manifest.kind);
  if (!validate) return { status: 'skipped', reason: `no schema for ${manifest.apiVersion} ${manifest.kind} (a custom resource or not a Kubernetes object)` };
  const read = new Map<string, Set<string>>();
  const problems: string[] = [];
  try {
    validate.call(watch(manifest, '', read));
  } catch (error) {
    problems.push(...String(error instanceof Error ? error.message : error).split(', data').map((m, i) => (i ? `data${m}` : m)));
  }
  problems.push(...unknownFields(manifest, '', read).map((p) => `unknown field ${p} (not in the ${manifest.kind} schema)`));
  return problems.length ? { status: 'invalid', problems } : { status: 'valid' };
}
