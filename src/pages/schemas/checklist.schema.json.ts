/** The published JSON Schema of a Plainsec checklist file, generated from the zod model. */
import type { APIRoute } from 'astro';
import { checklistJsonSchema } from '../../lib/checklist/file-schema.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(checklistJsonSchema(), null, 2), { headers: { 'Content-Type': 'application/schema+json' } });
