/**
 * The builder's sample library: every template's examples (an event it fires on and a near miss),
 * served once as /rules/samples.json and fetched only when someone opens "Try it on an event".
 */
import type { RuleExample, RuleSet } from '../model.ts';

export interface SampleLibrary {
  templates: { id: string; title: string; examples: RuleExample[] }[];
}

/** The library from the template packs, in the order given. */
export function sampleLibrary(packs: readonly RuleSet[]): SampleLibrary {
  return {
    templates: packs.flatMap((pack) =>
      pack.rules.filter((r) => (r.examples ?? []).length > 0).map((r) => ({ id: r.id, title: r.title, examples: r.examples ?? [] })),
    ),
  };
}
