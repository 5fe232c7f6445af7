/** Every template as a whole rule (without its examples), fetched by the builder the first time a template is used. */
import type { APIRoute } from 'astro';
import { templatePacks } from '../../components/rule-pages-data.ts';

export const GET: APIRoute = async () =>
  new Response(JSON.stringify((await templatePacks()).flatMap((p) => p.ruleSet.rules.map(({ examples: _examples, ...rule }) => rule))), {
    headers: { 'Content-Type': 'application/json' },
  });
