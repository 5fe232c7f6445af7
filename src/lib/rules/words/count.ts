/**
 * A count in plain words, for the rule sentence and the exports' titles. Kept apart from count.ts
 * so the words stay free of zod (the rule sentence is shown before the model loads).
 */
import type { Count, CountFiring } from '../count.ts';

/** How a count reads in plain words: "20 times or more within 5 minutes by the same person or role". */
export function countWords(count: Count): string {
  const minutes = count.withinMinutes % 60 === 0 ? `${count.withinMinutes / 60} hour${count.withinMinutes === 60 ? '' : 's'}` : `${count.withinMinutes} minute${count.withinMinutes === 1 ? '' : 's'}`;
  const by = count.by === 'who' ? ' by the same person or role' : count.by === 'address' ? ' from the same address' : '';
  return `${count.atLeast} times or more within ${minutes}${by}`;
}

/** What the try-it panel and `rules test` say about a count over the events given. */
export function firingsWords(count: Count, firings: readonly CountFiring[]): string {
  if (firings.length === 0) return `No window of ${count.withinMinutes} minutes held ${count.atLeast} matching events${count.by ? ` from one ${count.by === 'who' ? 'person or role' : 'address'}` : ''}.`;
  const parts = firings.slice(0, 10).map((f) => `${f.events.length} at ${f.start}${f.group !== undefined ? ` by ${f.group}` : ''}`);
  const more = firings.length > 10 ? `; and ${firings.length - 10} more` : '';
  return `Fires in ${firings.length} window(s): ${parts.join('; ')}${more}.`;
}
