/**
 * Moving the builder's form from one source to another (AWS CloudTrail, a cluster's audit log).
 * Loaded with the first switch. It imports types only and is told what the catalogues know, so
 * loading it does not split the code the page shares with its other parts.
 */
import type { RuleSource } from '../sources.ts';
import type { Draft, Who } from './draft.ts';

/** What the catalogues know, as the builder passes it in. */
export interface Known {
  /** The label of an action, like "starts a server". */
  actionLabel: (id: string) => string | undefined;
  /** Who did it, as the form's choice says it. */
  whoLabel: (who: Who) => string;
  /** Whether a source's catalogue offers a field. */
  hasField: (path: string, source: RuleSource) => boolean;
}

/** "a, b ,c" → ["a", "b", "c"], as draft.ts reads a typed list. */
const listOf = (text: string): string[] => text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);

/** What a switch of source would drop from the form, in words, and the form after it. */
export interface SourceSwitch {
  draft: Draft;
  /** Each thing typed or chosen that the other source cannot use; empty when everything fits. */
  dropped: string[];
}

/**
 * The form moved to another source: what fits both (the tests on fields both have, the people to
 * ignore, "unless it failed", the channel, how urgent, the hours, the texts the person wrote) stays;
 * the rest is dropped and named, so the builder can ask first and offer an undo.
 */
export function switchSource(draft: Draft, to: RuleSource, known: Known): SourceSwitch {
  if (draft.source === to) return { draft, dropped: [] };
  const dropped: string[] = [];
  const next: Draft = { ...draft, source: to, actions: [], targets: {} };
  for (const id of draft.actions) {
    const label = known.actionLabel(id);
    if (label) dropped.push(`the action “${label}”`);
  }
  if (draft.who !== 'anyone') {
    dropped.push(`who did it: ${known.whoLabel(draft.who)}`);
    next.who = 'anyone';
  }
  const drop = <K extends 'awsOnBehalf' | 'anyAwsService' | 'cluster'>(key: K, words: string) => {
    if (draft[key]) dropped.push(words);
    next[key] = false;
  };
  const clear = <K extends 'roles' | 'regions'>(key: K, words: string) => {
    if (listOf(draft[key]).length > 0) dropped.push(`${words} (${listOf(draft[key]).join(', ')})`);
    next[key] = '';
  };
  if (to === 'k8s-audit') {
    drop('awsOnBehalf', '“unless AWS did it on your behalf”');
    drop('anyAwsService', '“unless any AWS service made the call”');
    clear('roles', 'the roles to ignore');
    clear('regions', 'the regions');
  } else drop('cluster', '“unless the cluster did it itself”');
  // A test on a field only the old source has cannot hold on the new one; a field typed by hand stays.
  const from = draft.source;
  const fitsNot = (field: string) => known.hasField(field, from) && !known.hasField(field, to);
  next.tests = draft.tests.filter((t) => {
    if (!fitsNot(t.field)) return true;
    dropped.push(`the test on ${t.field}`);
    return false;
  });
  if (draft.advanced) {
    dropped.push('the condition written in YAML');
    delete next.advanced;
  }
  return { draft: next, dropped };
}
