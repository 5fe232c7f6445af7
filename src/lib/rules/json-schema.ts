/**
 * The published JSON Schema of a rule-set file, generated from the zod model so the two can never
 * disagree. Editors use it to check and complete `plainsec-rules.yaml` as people type.
 */
import * as z from 'zod/mini';
import { ruleSetSchema } from './model.ts';

/** Where the schema is published; YAML files point at it with `# yaml-language-server: $schema=...`. */
export const ruleSetSchemaId = 'https://plainsec.dev/schemas/rule-set.schema.json';

/** The JSON Schema (draft 2020-12) for a rule-set file, as a person writes it (defaults may be left out). */
export function ruleSetJsonSchema(): Record<string, unknown> {
  const generated = nameDefinitions(z.toJSONSchema(ruleSetSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: ruleSetSchemaId,
    title: 'Plainsec rule set',
    description: "Alert rules in plain words, over the fields of AWS CloudTrail records or a Kubernetes cluster's audit events.",
    ...Object.fromEntries(Object.entries(generated).filter(([key]) => key !== '$schema')),
  };
}

/** zod names the recursive condition `__schema0`; editors show that name, so call it `condition`. */
function nameDefinitions(schema: Record<string, unknown>): Record<string, unknown> {
  const defs = schema['$defs'];
  if (!defs || typeof defs !== 'object') return schema;
  const renames = new Map<string, string>();
  for (const key of Object.keys(defs)) if (/^__schema\d+$/.test(key)) renames.set(key, renames.size === 0 ? 'condition' : `condition${renames.size}`);
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (k === '$ref' && typeof v === 'string') {
          const name = v.replace(/^#\/\$defs\//, '');
          return [k, renames.has(name) ? `#/$defs/${renames.get(name)}` : v];
        }
        if (k === '$defs' && value === schema)
          return [k, Object.fromEntries(Object.entries(v as object).map(([d, body]) => [renames.get(d) ?? d, walk(body)]))];
        return [k, walk(v)];
      }),
    );
  };
  return walk(schema) as Record<string, unknown>;
}
