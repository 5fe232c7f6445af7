/** The published JSON Schema of a Plainsec self-assessment result file, generated from the zod model. */
import type { APIRoute } from 'astro';
import { assessmentJsonSchema } from '../../lib/assessment/result-file-schema.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(assessmentJsonSchema(), null, 2), { headers: { 'Content-Type': 'application/schema+json' } });
