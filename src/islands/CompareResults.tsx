/**
 * Compare two results: the user picks a Before and an After (a saved file, their own answers in
 * this browser, or the team kept in this browser) and sees what changed per question and practice,
 * and which evidence was added, removed or has gone stale.
 *
 * Read-only: this page never writes to browser storage, so nothing the other pages keep can be
 * lost here. The file checks and the comparison itself load only when used, so the page's code
 * before the first click stays small.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Evidence, Question, ResultFile } from '../lib/assessment/model.ts';
import type { Comparison, QuestionChange } from '../lib/assessment/compare.ts';
import { now } from '../stores/clock.ts';

type CompareModule = typeof import('../lib/assessment/compare.ts');

interface Props {
  questions: Question[];
}

type SideName = 'Before' | 'After';

import type { Chosen } from './compare-sources.ts';
// Read only: this page never writes what the browser keeps.
import { readStored } from '../stores/browser-storage.ts';

/** The readers of the two sides, loaded on the first pick. */
const sources = () => import('./compare-sources.ts');

function Picker({ side, chosen, error, ready, onPick }: { side: SideName; chosen?: Chosen; error?: string; ready: boolean; onPick: (read: Promise<Chosen | string>) => void }) {
  const id = `compare-${side.toLowerCase()}`;
  const people = chosen?.file.respondents.length ?? 0;
  return (
    <fieldset class="compare-side" aria-describedby={`${id}-chosen`}>
      <legend>{side}</legend>
      <div class="field">
        <label for={`${id}-file`}>{side}: a result file (JSON, at most 1 MB)</label>
        <input
          id={`${id}-file`}
          type="file"
          accept="application/json,.json"
          disabled={!ready}
          onChange={(e) => {
            const input = e.currentTarget;
            const picked = input.files?.[0];
            input.value = '';
            if (picked) onPick(sources().then((m) => m.readPicked(picked)));
          }}
        />
      </div>
      <p class="compare-side__quick">
        <button type="button" class="button button--secondary button--small" disabled={!ready} onClick={() => onPick(sources().then((m) => m.readMine(readStored('plainsec:assessment:v1'))))}>
          Your answers in this browser
        </button>{' '}
        <button type="button" class="button button--secondary button--small" disabled={!ready} onClick={() => onPick(sources().then((m) => m.readTeam(readStored('plainsec:team:v1'))))}>
          The team in this browser
        </button>
      </p>
      <p id={`${id}-chosen`} class="compare-side__chosen">
        {chosen ? (
          <>
            Chosen: <strong>{chosen.source}</strong>, {people === 1 ? 'one person' : `a team of ${people} people`}.
          </>
        ) : (
          'Nothing chosen yet.'
        )}
      </p>
      {error && (
        <div class="notice notice--error" role="alert">
          <p>{error}</p>
          <p>{chosen ? `${side} still shows ${chosen.source}.` : `Nothing was chosen for ${side}.`}</p>
        </div>
      )}
    </fieldset>
  );
}

function EvidenceItem({ topic, item }: { topic: string; item: Evidence }) {
  return (
    <li>
      {topic}:{' '}
      {item.url ? (
        <a href={item.url} rel="noopener noreferrer">
          {item.title}
        </a>
      ) : (
        item.title
      )}
      , checked {item.date.slice(0, 10)}
      {item.note ? ` (${item.note})` : ''}
    </li>
  );
}

function EvidenceList({ title, items, none }: { title: string; items: { topic: string; item: Evidence }[]; none: string }) {
  return (
    <>
      <h3>
        {title} ({items.length})
      </h3>
      {items.length === 0 ? (
        <p>{none}</p>
      ) : (
        <ul>
          {items.map(({ topic, item }, i) => (
            <EvidenceItem key={i} topic={topic} item={item} />
          ))}
        </ul>
      )}
    </>
  );
}

function Results({ c, words }: { c: Comparison; words: CompareModule }) {
  const evidence = (pick: (q: QuestionChange) => Evidence[]) => c.questions.flatMap((q) => pick(q).map((item) => ({ topic: q.topic, item })));
  return (
    <section aria-labelledby="compare-changes" class="compare-results">
      <h2 id="compare-changes">What changed</h2>
      <p>{words.summaryInWords(c)}</p>
      <p>
        Before holds {words.peopleInWords(c.beforePeople)}. After holds {words.peopleInWords(c.afterPeople)}.
      </p>
      <section class="table-scroll" aria-label="Scores by practice, before and after" tabIndex={0}>
        <table>
          <caption>Scores by practice, before and after</caption>
          <thead>
            <tr>
              <th scope="col">Practice</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {c.practices.map((p) => (
              <tr key={p.practice}>
                <th scope="row">{p.name}</th>
                <td>{words.practiceSideInWords(p.before)}</td>
                <td>{words.practiceSideInWords(p.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {c.practices.map(({ practice: p, name }) => {
        const rows = c.questions.filter((q) => q.practice === p);
        if (rows.length === 0) return null;
        const changed = rows.filter((q) => q.change !== 'same').length;
        return (
          <section class="table-scroll" key={p} aria-label={`${name}: answers before and after`} tabIndex={0}>
            <table class="compare-table">
              <caption>
                {name}: {changed} of {rows.length} changed
              </caption>
              <thead>
                <tr>
                  <th scope="col">Question</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((q) => (
                  <tr key={q.id} data-change={q.change}>
                    <th scope="row">{q.topic}</th>
                    <td>{q.beforeWords}</td>
                    <td>{q.afterWords}</td>
                    <td class="compare-change">{words.changeWords[q.change]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
      {c.unknown.length > 0 && (
        <>
          <h3>Questions this version does not ask</h3>
          <ul>
            {c.unknown.map((u) => (
              <li key={u.id}>{words.unknownInWords(u)}</li>
            ))}
          </ul>
        </>
      )}
      <h2 id="compare-evidence">Evidence</h2>
      <EvidenceList title="Added" items={evidence((q) => q.evidence.added)} none="No evidence was added." />
      <EvidenceList title="Removed" items={evidence((q) => q.evidence.removed)} none="No evidence was removed." />
      <EvidenceList title="Gone stale" items={evidence((q) => q.evidence.stale)} none="No evidence in After is older than its question says it should be." />
    </section>
  );
}

export default function CompareResults({ questions }: Props) {
  // Controls work only once the page runs; before that they are shown, but off.
  const [ready, setReady] = useState(false);
  const [chosen, setChosen] = useState<Partial<Record<SideName, Chosen>>>({});
  const [errors, setErrors] = useState<Partial<Record<SideName, string>>>({});
  const [compare, setCompare] = useState<CompareModule>();
  useEffect(() => setReady(true), []);

  const before = chosen.Before;
  const after = chosen.After;
  useEffect(() => {
    if (before && after && !compare) void import('../lib/assessment/compare.ts').then(setCompare);
  }, [before, after, compare]);

  const pick = (side: SideName) => (read: Promise<Chosen | string>) => {
    void read.then((outcome) => {
      if (typeof outcome === 'string') {
        // A bad file changes nothing: this side keeps what it had, and so does the other.
        setErrors((e) => ({ ...e, [side]: outcome }));
        return;
      }
      setErrors((e) => ({ ...e, [side]: undefined }));
      setChosen((c) => ({ ...c, [side]: outcome }));
    });
  };

  const comparison = before && after && compare ? compare.compareResults(before.file, after.file, questions, now()) : undefined;
  return (
    <div class="compare">
      <div class="compare-pickers">
        <Picker side="Before" chosen={before} error={errors.Before} ready={ready} onPick={pick('Before')} />
        <Picker side="After" chosen={after} error={errors.After} ready={ready} onPick={pick('After')} />
      </div>
      <p class="hint" role="status">
        {comparison ? 'Both chosen: what changed is below.' : before && after ? 'Comparing…' : 'Choose a Before and an After to see what changed.'}
      </p>
      {comparison && compare && <Results c={comparison} words={compare} />}
    </div>
  );
}
