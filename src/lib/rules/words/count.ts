/**
 * A count in plain words, for the rule sentence and the exports' titles. Kept apart from count.ts
 * so the words stay free of zod (the rule sentence is shown before the model loads).
 */
import type { Count } from '../count.ts';

/** How a count reads in plain words: "20 times or more within 5 minutes by the same person or role". */
export function countWords(count: Count): string {
  const minutes = count.withinMinutes % 60 === 0 ? `${count.withinMinutes / 60} hour${count.withinMinutes === 60 ? '' : 's'}` : `${count.withinMinutes} minute${count.withinMinutes === 1 ? '' : 's'}`;
  const by = count.by === 'who' ? ' by the same person or role' : count.by === 'address' ? ' from the same address' : '';
  return `${count.atLeast} times or more within ${minutes}${by}`;
}

