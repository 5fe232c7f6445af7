/** The rule builder's sample events: each template's examples, fetched when "Try it" opens. */
import type { APIRoute } from 'astro';
import { sampleLibrary } from '../../lib/rules/builder/samples.ts';
import { templatePacks } from '../../components/rule-pages-data.ts';

export const GET: APIRoute = async () =>
  new Response(JSON.stringify(sampleLibrary((await templatePacks()).map((p) => p.ruleSet))), { headers: { 'Content-Type': 'application/json' } });
