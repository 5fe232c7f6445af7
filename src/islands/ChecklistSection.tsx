/** One practice's checklist items with tick boxes and a progress count; ticks stay in this browser. */
import { useEffect, useState } from 'preact/hooks';
import { useStore } from '@nanostores/preact';
import { $checklist, $checklistProblem, markItem } from '../stores/checklist.ts';
import { countDone } from '../lib/assessment/checklist-progress.ts';

export interface ChecklistItemView {
  id: string;
  title: string;
  level: number;
  why: string;
  howToCheck: string;
  guide?: { href: string; title: string };
}

interface Props {
  practiceId: string;
  items: ChecklistItemView[];
}

export default function ChecklistSection({ practiceId, items }: Props) {
  const progress = useStore($checklist, { ssr: 'initial' });
  // Tick boxes only work once this island runs; until then (or with JavaScript off) they say so by being disabled.
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  const problem = useStore($checklistProblem, { ssr: 'initial' });
  const { done, total } = countDone(
    progress,
    items.map((i) => i.id),
  );
  return (
    <div class="checklist-section">
      <p class="checklist-progress" aria-live="polite" id={`progress-${practiceId}`}>
        {done} of {total} done
      </p>
      {problem && (
        <p class="notice" role="alert">
          {problem}
        </p>
      )}
      <ul class="checklist">
        {items.map((item) => {
          const when = progress.done[item.id];
          return (
            <li id={item.id} class="checklist__item" key={item.id}>
              <h3>
                <label>
                  <input
                    type="checkbox"
                    checked={when !== undefined}
                    disabled={!live}
                    onChange={(event) => {
                      const box = event.currentTarget;
                      // The state did not change, so nothing re-renders: put the box back by hand.
                      if (!markItem(item.id, box.checked)) box.checked = !box.checked;
                    }}
                  />{' '}
                  {item.title}
                </label>
              </h3>
              <p class="checklist__level">
                Level {item.level}
                {when ? ` · done on ${when}` : ''}
              </p>
              <p>
                <strong>Why:</strong> {item.why}
              </p>
              <p>
                <strong>How to check:</strong> {item.howToCheck}
              </p>
              {item.guide && (
                <p>
                  Guide: <a href={item.guide.href}>{item.guide.title}</a>
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
