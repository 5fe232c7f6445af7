/** The published JSON Schema of a Plainsec rule-set file, generated from the zod model. */
import type { APIRoute } from 'astro';
import { ruleSetJsonSchema } from '../../lib/rules/json-schema.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(ruleSetJsonSchema(), null, 2), { headers: { 'Content-Type': 'application/schema+json' } });
