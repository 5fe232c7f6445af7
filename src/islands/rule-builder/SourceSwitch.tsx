/**
 * Switching what a rule watches (an AWS account, a Kubernetes cluster): the question asked before a
 * switch drops anything, and the undo after. Loaded with the first switch, not with the page; it
 * imports nothing but types, so it does not split the code the page shares with its other parts.
 */
import type { Draft } from '../../lib/rules/builder/draft.ts';
import type { RuleSource } from '../../lib/rules/sources.ts';

export { switchSource } from '../../lib/rules/builder/switch-source.ts';

/** What each source is called in the notices about switching. */
export const watchWords: Record<RuleSource, string> = { cloudtrail: 'an AWS account', 'k8s-audit': 'a Kubernetes cluster' };

/** What the builder's status line says about a switch, for screen readers. */
export const said = {
  now: (to: RuleSource) => `The rule now watches ${watchWords[to]}.`,
  ask: (to: RuleSource, n: number) => `Watching ${watchWords[to]} would drop ${n === 1 ? 'one thing' : `${n} things`}; choose below what to watch.`,
  done: (to: RuleSource) => `The rule now watches ${watchWords[to]}. Undo is just below what to watch.`,
  undone: (from: RuleSource) => `Undone: the rule watches ${watchWords[from]} again, with everything it had.`,
  kept: (source: RuleSource) => `The rule still watches ${watchWords[source]}; nothing changed.`,
};

export interface Pending {
  to: RuleSource;
  dropped: string[];
  next: Draft;
}

export interface Done {
  draft: Draft;
  from: RuleSource;
  dropped: string[];
}

interface Props {
  current: RuleSource;
  pending: Pending | undefined;
  done: Done | undefined;
  onConfirm: () => void;
  onKeep: () => void;
  onUndo: () => void;
  onDismiss: () => void;
}

export function SwitchNotices({ current, pending, done, onConfirm, onKeep, onUndo, onDismiss }: Props) {
  if (pending)
    return (
      <div class="notice builder-switch" role="group" aria-labelledby="builder-switch-title">
        <p id="builder-switch-title">
          To watch {watchWords[pending.to]}, the rule drops what only {watchWords[current]} has: {pending.dropped.join('; ')}.
        </p>
        <div class="button-row">
          <button type="button" class="button" onClick={onConfirm}>
            Watch {watchWords[pending.to]} and drop {pending.dropped.length === 1 ? 'it' : 'them'}
          </button>{' '}
          <button type="button" class="button button--secondary" onClick={onKeep}>
            Keep watching {watchWords[current]}
          </button>
        </div>
      </div>
    );
  if (done)
    return (
      <div class="notice builder-switch" role="group" aria-labelledby="builder-switched-title">
        <p id="builder-switched-title">
          The rule now watches {watchWords[current]}. It dropped: {done.dropped.join('; ')}.
        </p>
        <div class="button-row">
          <button type="button" class="button button--secondary" onClick={onUndo}>
            Undo: watch {watchWords[done.from]} again
          </button>{' '}
          <button type="button" class="button button--secondary" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      </div>
    );
  return null;
}
