/**
 * The builder's sample library: every template's examples (an event it fires on and a near miss),
 * served once as /rules/samples.json and fetched only when someone opens "Try it on an event".
 * Each event is offered once, under the first template that has it.
 */
import type { RuleExample, RuleSet } from '../model.ts';
import { sourceOfEvent, type RuleSource } from '../sources.ts';

/** One sample event, and the other templates that have the same event among their examples. */
export interface LibrarySample extends Omit<RuleExample, 'event' | 'events'> {
  event: Record<string, unknown>;
  /** The later templates with the same event, with their own name for it and what they expect; absent when none. */
  alsoIn?: { id: string; title: string; name: string; expect: RuleExample['expect'] }[];
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
export function sameEventKey(event: Record<string, unknown>): string {
  return stableJson(Object.fromEntries(Object.entries(event).filter(([k]) => !recordIdentity.has(k))));
}

/**
 * The library from the template packs, in the order given, grouped by template. An event that an
 * earlier template already has is left out, and the earlier one lists this template in `alsoIn`;
 * a template left with no examples is left out too.
 */
export function sampleLibrary(packs: readonly RuleSet[]): SampleLibrary {
  const first = new Map<string, LibrarySample>();
  const out: SampleLibrary['templates'] = [];
  for (const t of packs.flatMap((pack) => pack.rules)) {
    const examples: LibrarySample[] = [];
    // A counting rule's burst of events is not one sample; the library offers single events.
    for (const { events: _burst, event, ...example } of t.examples ?? []) {
      if (event === undefined) continue;
      const key = sameEventKey(event);
      const kept = first.get(key);
      if (!kept) {
        const sample: LibrarySample = { ...example, event };
        first.set(key, sample);
        examples.push(sample);
      } else if (!examples.includes(kept)) kept.alsoIn = [...(kept.alsoIn ?? []), { id: t.id, title: t.title, name: example.name, expect: example.expect }];
    }
    if (examples.length > 0) out.push({ id: t.id, title: t.title, examples });
  }
  return { templates: out };
}

/**
 * The library as offered for a rule made from the template with this title: that template comes
 * first and takes back the samples it shares with earlier ones, under its own names and expectations.
 */
export function libraryFor(library: SampleLibrary, title: string): SampleLibrary {
  const shared = library.templates.flatMap((t) =>
    t.examples.flatMap((e) => (e.alsoIn ?? []).filter((x) => x.title === title).map(({ id, name, expect }) => ({ id, sample: { name, expect, event: e.event } }))),
  );
  const own = library.templates.find((t) => t.title === title);
  if (!own && shared.length === 0) return library;
  // Each sample stays offered once: those it takes back leave the template that listed them.
  const mine = (e: LibrarySample) => (e.alsoIn ?? []).some((x) => x.title === title);
  const others = library.templates
    .filter((t) => t !== own)
    .map((t) => (t.examples.some(mine) ? { ...t, examples: t.examples.filter((e) => !mine(e)) } : t))
    .filter((t) => t.examples.length > 0);
  const examples = [...(own?.examples ?? []), ...shared.map((x) => x.sample)];
  return { templates: [shared.length === 0 ? own! : { id: own?.id ?? shared[0]!.id, title, examples }, ...others] };
}

/**
 * The library's samples of one source: a rule on a cluster is offered audit events, a CloudTrail rule
 * CloudTrail records. A template left with no samples is left out.
 */
export function librarySourced(library: SampleLibrary, source: RuleSource): SampleLibrary {
  const templates = library.templates
    .map((t) => ({ ...t, examples: t.examples.filter((e) => sourceOfEvent(e.event) === source) }))
    .filter((t) => t.examples.length > 0);
  return { templates };
}
