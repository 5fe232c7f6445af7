/**
 * IAM policies in guides must be policies AWS would accept: a misspelt `Effect`, an operator that
 * does not exist (`StringEqual`) or both `Action` and `NotAction` is rejected by AWS, or worse,
 * a typo in a Condition key's operator makes a reader's Deny do nothing. The grammar is a JSON
 * Schema (iam-policy.schema.json, draft 2020-12) checked with ajv.
 *
 * Any JSON object with a `Statement` key is taken as a policy, wherever it sits in the block
 * (a CloudFormation `PolicyDocument`, a trust policy, an SCP): they all share the grammar.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import schema from './iam-policy.schema.json' with { type: 'json' };

// strictRequired is off: the oneOf/not branches name properties defined beside them, on purpose.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validate = ajv.compile(schema);

export interface PolicyProblem {
  /** JSON pointer to the policy inside the block ('' when the block is the policy). */
  at: string;
  message: string;
}

/** Every object in a parsed JSON value that has a `Statement` key, with its JSON pointer. */
export function policiesIn(value: unknown, pointer = ''): { at: string; policy: Record<string, unknown> }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => policiesIn(v, `${pointer}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  if ('Statement' in object) return [{ at: pointer, policy: object }];
  return Object.entries(object).flatMap(([k, v]) => policiesIn(v, `${pointer}/${k}`));
}

/** The grammar problems of one policy, in plain words, most specific first. */
export function checkPolicy(policy: unknown): string[] {
  if (validate(policy)) return [];
  const errors = validate.errors ?? [];
  // oneOf/anyOf/not repeat their branches' errors; keep the leaf ones, which say what to fix.
  const leaves = errors.filter((e) => !['oneOf', 'anyOf', 'if'].includes(e.keyword) || errors.length === 1);
  const words = (leaves.length ? leaves : errors).map((e) => {
    const where = e.instancePath || '(top)';
    if (e.keyword === 'enum') return `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    if (e.keyword === 'additionalProperties') return `${where} has an element the grammar does not know: "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    if (e.keyword === 'pattern' && e.propertyName) return `${where} uses "${e.propertyName}", which is not a condition operator`;
    if (e.keyword === 'propertyNames') return '';
    if (e.keyword === 'not' && /Statement/.test(where)) return `${where} has both Resource and NotResource, or both Principal and NotPrincipal`;
    if (e.keyword === 'required') return `${where} needs ${(e.params as { missingProperty: string }).missingProperty}`;
    return `${where} ${e.message ?? e.keyword}`;
  });
  return [...new Set(words.filter(Boolean))];
}

/** Grammar problems of every policy in a parsed JSON block. */
export function checkPoliciesIn(value: unknown): PolicyProblem[] {
  return policiesIn(value).flatMap(({ at, policy }) => checkPolicy(policy).map((message) => ({ at, message })));
}
