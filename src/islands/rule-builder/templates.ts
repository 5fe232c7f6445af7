/**
 * The whole templates, fetched from /rules/templates.json the first time one is used. The page
 * lists them as plain HTML (TemplateList.astro) with only what the list shows; putting 100 whole
 * rules in the island's props would make the browser read them before anything responds.
 */
import type { Rule } from '../../lib/rules/model.ts';

let whole: Promise<Map<string, Rule>> | undefined;

/**
 * The whole template (without its examples; "Try it" fetches those), or undefined when no template
 * has this id. Fetched once per page; a failed fetch is tried again on the next use.
 */
export async function wholeTemplate(id: string): Promise<Rule | undefined> {
  whole ??= fetch('/rules/templates.json')
    .then((r) => (r.ok ? (r.json() as Promise<Rule[]>) : Promise.reject(new Error(String(r.status)))))
    .then((rules) => new Map(rules.map((r) => [r.id, r])));
  try {
    return (await whole).get(id);
  } catch (error) {
    whole = undefined;
    throw error;
  }
}
