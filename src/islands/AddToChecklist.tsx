/**
 * "Add these to the checklist" under each part of the self-assessment plan: gives the checklist
 * items behind those steps an owner and a due date. It fills only what is empty; where someone
 * already set an owner or a date it lists what would change and asks first. A backup of the
 * checklist is kept before any change, so Undo (here, or on the checklist page after a reload)
 * puts it back.
 */
import { useState } from 'preact/hooks';
import { localDay } from '../lib/checklist/model.ts';
import { suggestedDueDate, type PlanConflict, type PlanOutcome } from '../lib/checklist/plan.ts';
import type { Bucket } from '../lib/assessment/next-steps.ts';
import { planChecklistItems, previewPlan, undoReplace } from '../stores/checklist-backups.ts';
import { now } from '../stores/clock.ts';

interface Props {
  bucket: Bucket;
  ids: string[];
  /** Checklist item titles by id, to name the items whose values would change. */
  titles: Record<string, string>;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function doneWords(outcome: PlanOutcome, owner: string, due: string): string {
  const planned = outcome.planned.length;
  const what = [owner.trim() && `owner ${owner.trim()}`, due && `due date ${due}`].filter(Boolean).join(' and ') || 'no change';
  const parts = [planned === 0 ? 'No checklist item needed a change' : `${plural(planned, 'checklist item now has', 'checklist items now have')} ${what} where it was empty`];
  const kept = new Set(outcome.conflicts.map((c) => c.id)).size;
  if (kept > 0) parts.push(`${plural(kept, 'item keeps', 'items keep')} what was already set`);
  const done = outcome.alreadyDone.length;
  if (done > 0) parts.push(`${plural(done, 'item is', 'items are')} already done, left as ${done === 1 ? 'it is' : 'they are'}`);
  return `${parts.join('; ')}.`;
}

function conflictWords(c: PlanConflict, titles: Record<string, string>): string {
  const field = c.field === 'owner' ? 'owner' : 'due date';
  return `“${titles[c.id] ?? c.id}”: ${field} ${c.current} would become ${c.proposed}`;
}

export default function AddToChecklist({ bucket, ids, titles }: Props) {
  const unique = [...new Set(ids)];
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState(() => suggestedDueDate(bucket, localDay(now())));
  const [message, setMessage] = useState('');
  const [canUndo, setCanUndo] = useState(false);
  /** Values already set that the plan would change: shown, and changed only if the reader says so. */
  const [asking, setAsking] = useState<PlanConflict[] | undefined>(undefined);
  if (unique.length === 0) return null;

  const apply = (overwrite: boolean) => {
    setAsking(undefined);
    const outcome = planChecklistItems(unique, owner, due || undefined, overwrite);
    if (!outcome) {
      setMessage('Your browser could not save this (its storage may be full or blocked), so the checklist was not changed.');
      setCanUndo(false);
      return;
    }
    setMessage(
      overwrite && outcome.conflicts.length > 0
        ? `${plural(outcome.planned.length, 'checklist item now has', 'checklist items now have')} the new owner or due date, including the ${plural(outcome.conflicts.length, 'value', 'values')} you agreed to change.`
        : doneWords(outcome, owner, due),
    );
    setCanUndo(outcome.planned.length > 0);
  };

  return (
    <form
      class="add-to-checklist"
      aria-labelledby={`add-${bucket}`}
      onSubmit={(e) => {
        e.preventDefault();
        const preview = previewPlan(unique, owner, due || undefined);
        if (preview.conflicts.length > 0) {
          setMessage('');
          setAsking(preview.conflicts);
        } else apply(false);
      }}
    >
      <p id={`add-${bucket}`} class="add-to-checklist__heading">
        <strong>
          Add these to the checklist ({unique.length} item{unique.length === 1 ? '' : 's'})
        </strong>
      </p>
      <div class="add-to-checklist__fields">
        <div class="field">
          <label for={`add-owner-${bucket}`}>Owner</label>
          <input id={`add-owner-${bucket}`} type="text" maxLength={100} value={owner} onInput={(e) => setOwner(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for={`add-due-${bucket}`}>Due</label>
          <input id={`add-due-${bucket}`} type="date" value={due} onInput={(e) => setDue(e.currentTarget.value)} />
        </div>
      </div>
      <p class="button-row">
        <button type="submit" class="button button--secondary">
          Add these to the checklist
        </button>
      </p>
      {asking && (
        <div class="notice" role="alert" aria-labelledby={`ask-${bucket}`}>
          <p id={`ask-${bucket}`}>
            {plural(new Set(asking.map((c) => c.id)).size, 'item already has', 'items already have')} an owner or due date that this would change:
          </p>
          <ul>
            {asking.map((c) => (
              <li key={`${c.id}-${c.field}`}>{conflictWords(c, titles)}</li>
            ))}
          </ul>
          <p class="button-row">
            <button type="button" class="button" onClick={() => apply(false)}>
              Fill only the empty ones
            </button>{' '}
            <button type="button" class="button button--secondary" onClick={() => apply(true)}>
              Change these too
            </button>{' '}
            <button type="button" class="button button--secondary" onClick={() => setAsking(undefined)}>
              Cancel
            </button>
          </p>
        </div>
      )}
      <p role="status" class="hint">
        {message}
        {message && (
          <>
            {' '}
            <a href="/checklist/">Open the checklist</a>
          </>
        )}
      </p>
      {message && canUndo && (
        <p>
          <button
            type="button"
            class="button button--secondary"
            onClick={() => {
              if (undoReplace()) {
                setMessage('The checklist is back as it was.');
                setCanUndo(false);
              }
            }}
          >
            Undo
          </button>
        </p>
      )}
    </form>
  );
}
