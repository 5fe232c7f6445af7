/**
 * The ticks kept by the /fix-first/ page, as stored text. Stored shape (version 1):
 * `{ "version": 1, "done": { "<upgrade key>": "YYYY-MM-DD" } }`, the key from `upgradeKey` and the
 * day the upgrade was ticked off. No migrations yet: this is the first version. Text of another
 * shape is reported, never guessed at, so the page can keep it aside before writing.
 */
import { isDay } from '../checklist/model.ts';

export interface DoneState {
  version: 1;
  done: Record<string, string>;
}

export const emptyDone: DoneState = { version: 1, done: {} };

/** The ticks in stored text, or a plain problem (and nothing ticked) when the text cannot be read. */
export function decodeDone(raw: string): { state: DoneState; problem?: string } {
  const unreadable = { state: emptyDone, problem: 'The upgrades ticked off in this browser could not be read. They were kept aside, and the page starts with nothing ticked.' };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return unreadable;
  }
  if (typeof value !== 'object' || value === null || (value as { version?: unknown }).version !== 1) return unreadable;
  const done = (value as { done?: unknown }).done;
  if (typeof done !== 'object' || done === null || Array.isArray(done)) return unreadable;
  const kept: Record<string, string> = {};
  for (const [key, day] of Object.entries(done)) if (isDay(day)) kept[key] = day;
  return { state: { version: 1, done: kept } };
}

export const encodeDone = (state: DoneState): string => JSON.stringify(state);

/** The state with one upgrade ticked (on that day) or unticked. */
export function withTick(state: DoneState, key: string, day: string | undefined): DoneState {
  const done = { ...state.done };
  if (day) done[key] = day;
  else delete done[key];
  return { version: 1, done };
}
