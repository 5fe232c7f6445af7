/**
 * Evidence per question on the results and the team view: what backs an answer up (a link, a
 * note and the day it was checked), listed per question with who added it and whether it is
 * stale, and a form to add more. A removal can be undone. The caller keeps the items in its store.
 */
import { useState } from 'preact/hooks';
import type { Evidence, Question } from '../lib/assessment/model.ts';
import { evidenceFrom, evidenceProblem, type EvidenceInput, type TeamEvidenceItem } from '../lib/assessment/evidence.ts';
import { dayInWords } from '../lib/text/days.ts';
import Field from './Field.tsx';

interface Props {
  questions: Question[];
  /** Everyone's evidence by question id, with who added it and whether it is stale (teamEvidence). */
  evidence: Record<string, TeamEvidenceItem[]>;
  /** Today as a day in this browser's time zone (YYYY-MM-DD): the form's default "checked on". */
  today: string;
  /** Keeps a new item; without it (a shared result, which is read-only) the panel only lists. */
  onAdd?: (questionId: string, item: Evidence) => void;
  onRemove?: (questionId: string, item: Evidence) => void;
  /** Prefix of the form's ids, so two panels on one page do not clash. */
  idPrefix: string;
}

export default function EvidencePanel({ questions, evidence, today, onAdd, onRemove, idPrefix }: Props) {
  const blank: EvidenceInput = { title: '', url: '', date: today, note: '' };
  const [input, setInput] = useState<EvidenceInput>(blank);
  const [questionId, setQuestionId] = useState(questions[0]?.id ?? '');
  const [error, setError] = useState('');
  const [said, setSaid] = useState('');
  const [removed, setRemoved] = useState<{ questionId: string; item: Evidence } | undefined>(undefined);
  const listed = questions.filter((q) => (evidence[q.id] ?? []).length > 0);
  const stale = listed.reduce((n, q) => n + evidence[q.id]!.filter((e) => e.stale).length, 0);
  const topic = (id: string) => questions.find((q) => q.id === id)?.topic ?? id;
  const set = (key: keyof EvidenceInput) => (e: Event) => setInput({ ...input, [key]: (e.currentTarget as HTMLInputElement).value });

  const add = (e: Event) => {
    e.preventDefault();
    const problem = evidenceProblem(input);
    if (problem) {
      setError(problem);
      return;
    }
    const item = evidenceFrom(input);
    onAdd?.(questionId, item);
    setError('');
    setRemoved(undefined);
    setInput({ ...blank, date: input.date });
    setSaid(`Added "${item.title}" to ${topic(questionId)}.`);
  };

  return (
    <section aria-labelledby={`${idPrefix}-evidence`} class="evidence">
      <h3 id={`${idPrefix}-evidence`}>Evidence</h3>
      <p>
        What backs an answer up: a link to the setting, the runbook or the ticket, and the day someone checked it. It goes with the saved file, the share link and every export, for your lead, a
        customer's questionnaire or next year's review.
      </p>
      {listed.length === 0 ? (
        <p class="hint">No evidence {onAdd ? 'yet' : 'in this result'}.</p>
      ) : (
        <>
          {stale > 0 && (
            <div class="notice">
              <p>
                Stale: {stale === 1 ? '1 item is' : `${stale} items are`} older than its question says an answer stays true. Check {stale === 1 ? 'it' : 'them'} again and add the new date.
              </p>
            </div>
          )}
          <dl class="evidence__list">
            {listed.map((q) => (
              <div key={q.id} class="evidence__question" data-question={q.id}>
                <dt>{q.topic}</dt>
                {evidence[q.id]!.map((entry) => (
                  <dd key={`${entry.item.title}|${entry.item.url ?? ''}|${entry.item.date}`} class="evidence__item">
                    <span class="evidence__title">
                      {entry.item.url ? (
                        <a href={entry.item.url} rel="noopener noreferrer">
                          {entry.item.title}
                        </a>
                      ) : (
                        entry.item.title
                      )}
                    </span>
                    {entry.stale && <span class="tag tag--warn">Stale</span>}
                    <span class="evidence__meta">
                      {' '}
                      Checked {dayInWords(entry.item.date)}
                      {entry.addedBy && `, added by ${entry.addedBy}`}.
                    </span>
                    {entry.item.note && <span class="evidence__note"> {entry.item.note}</span>}{' '}
                    {onRemove && (
                      <button
                        type="button"
                        class="button button--small button--secondary"
                        onClick={() => {
                          onRemove(q.id, entry.item);
                          setRemoved({ questionId: q.id, item: entry.item });
                          setSaid(`Removed "${entry.item.title}" from ${q.topic}.`);
                        }}
                      >
                        Remove <span class="visually-hidden">"{entry.item.title}"</span>
                      </button>
                    )}
                  </dd>
                ))}
              </div>
            ))}
          </dl>
        </>
      )}
      {removed && (
        <p class="button-row">
          Removed "{removed.item.title}".{' '}
          <button
            type="button"
            class="button button--small"
            onClick={() => {
              onAdd?.(removed.questionId, removed.item);
              setSaid(`Put "${removed.item.title}" back.`);
              setRemoved(undefined);
            }}
          >
            Undo
          </button>
        </p>
      )}
      {onAdd && (
        <form class="evidence__form" onSubmit={add} noValidate>
          <h4 id={`${idPrefix}-evidence-add`}>Add evidence</h4>
          {error && (
            <div class="notice notice--error" role="alert">
              <p>{error}</p>
            </div>
          )}
          <Field id={`${idPrefix}-evidence-question`} label="Question">
            <select id={`${idPrefix}-evidence-question`} value={questionId} onChange={(e) => setQuestionId(e.currentTarget.value)}>
              {questions.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.topic}
                </option>
              ))}
            </select>
          </Field>
          <Field id={`${idPrefix}-evidence-title`} label='Title, like "CloudTrail org trail"'>
            <input id={`${idPrefix}-evidence-title`} type="text" value={input.title} onInput={set('title')} maxLength={200} />
          </Field>
          <Field id={`${idPrefix}-evidence-url`} label="Link (optional)">
            <input id={`${idPrefix}-evidence-url`} type="url" value={input.url} onInput={set('url')} placeholder="https://" />
          </Field>
          <Field id={`${idPrefix}-evidence-date`} label="Checked on">
            <input id={`${idPrefix}-evidence-date`} type="date" value={input.date} onInput={set('date')} />
          </Field>
          <Field id={`${idPrefix}-evidence-note`} label="Note (optional)">
            <textarea id={`${idPrefix}-evidence-note`} rows={2} value={input.note} onInput={set('note')} />
          </Field>
          <p class="button-row">
            <button type="submit" class="button">
              Add evidence
            </button>
          </p>
        </form>
      )}
      <p class="visually-hidden" role="status" aria-live="polite">
        {said}
      </p>
    </section>
  );
}
