/**
 * The builder's sample library: every template's examples (an event it fires on and a near miss),
 * served once as /rules/samples.json and fetched only when someone opens "Try it on an event".
 * Each event is offered once, under the first template that has it.
 */
import type { RuleExample, RuleSet } from '../model.ts';

/** One sample event, and the other templates that have the same event among their examples. */
export interface LibrarySample extends RuleExample {
  /** Titles of the later templates with the same event; absent when no other template has it. */
  alsoIn?: string[];
}

export interface SampleLibrary {
  templates: { id: string; title: string; examples: LibrarySample[] }[];
}

/**
 * Fields that name one record rather than what happened: two records that differ only in these are
 * the same event told twice (no rule tests them; the templates' examples differ only here).
 */
const recordIdentity = new Set(['eventID', 'requestID', 'sharedEventID', 'eventTime']);

/** JSON with object keys in order, so that the same event written in another key order reads the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What makes two sample events the same: everything but the record's own id and time. */
export function sameEventKey(event: RuleExample['event']): string {
  return stableJson(Object.fromEntries(Object.entries(event).filter(([k]) => !recordIdentity.has(k))));
}

/**
 * The library from the template packs, in the order given, grouped by template. An event that an
 * earlier template already has is left out, and the earlier one lists this template's title in
 * `alsoIn`; a template left with no examples is left out too.
 */
export function sampleLibrary(packs: readonly RuleSet[]): SampleLibrary {
  const first = new Map<string, LibrarySample>();
  const out: SampleLibrary['templates'] = [];
  for (const t of packs.flatMap((pack) => pack.rules)) {
    const examples: LibrarySample[] = [];
    for (const example of t.examples ?? []) {
      const key = sameEventKey(example.event);
      const kept = first.get(key);
      if (!kept) {
        const sample: LibrarySample = { ...example };
        first.set(key, sample);
        examples.push(sample);
      } else if (!examples.includes(kept) && !(kept.alsoIn ?? []).includes(t.title)) kept.alsoIn = [...(kept.alsoIn ?? []), t.title];
    }
    if (examples.length > 0) out.push({ id: t.id, title: t.title, examples });
  }
  return { templates: out };
}
