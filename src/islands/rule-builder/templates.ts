/**
 * The templates as the builder receives them from the page: grouped by pack, in the order a team
 * should adopt them, each with only what the list shows (127 whole rules would make the page's
 * island props ten times larger, and the browser would parse them before anything responds).
 * The whole rule is fetched from /rules/templates.json the first time a template is used.
 */
import type { Rule } from '../../lib/rules/model.ts';

/** What the template list shows and searches: the rest of the rule comes with wholeTemplate. */
export type TemplateSummary = Pick<Rule, 'id' | 'title' | 'means' | 'urgency' | 'noise' | 'replaces'>;

export interface TemplateGroup {
  id: string;
  name: string;
  about?: string;
  rules: TemplateSummary[];
}

/** The list entry of a whole rule (the page makes these at build time). */
export function summaryOf(rule: Rule): TemplateSummary {
  const { id, title, means, urgency, noise, replaces } = rule;
  return { id, title, means, urgency, ...(noise ? { noise } : {}), ...(replaces ? { replaces } : {}) };
}

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
