/**
 * What the team sees after the reveal: team scores by practice, every question with each person's
 * answer and its flags, what to talk about first, the team's next steps, the plan to paste where
 * the team works, and the trend. Loaded only when the answers are revealed.
 */
import { now as clockNow } from '../stores/clock.ts';
import { useState } from 'preact/hooks';
import { practiceIds, practices } from '../lib/practices.ts';
import type { Question } from '../lib/assessment/model.ts';
import { unknownQuestionIds } from '../lib/assessment/result-file.ts';
import { scoreAssessment } from '../lib/assessment/score.ts';
import { nextSteps } from '../lib/assessment/next-steps.ts';
import { answersTo, changesSince, percent, personLabel, spreadInWords, talkAboutFirst } from '../lib/assessment/team.ts';
import { planChat, planCsv, planMarkdown } from '../lib/assessment/plan-export.ts';
import type { TeamState } from '../stores/team.ts';
import ScoresByPractice, { LevelProgress, formatScore } from './ScoresByPractice.tsx';
import ScoreTrend from './ScoreTrend.tsx';
import PlanSteps from './PlanSteps.tsx';


interface Props {
  questions: Question[];
  guideTitles: Record<string, string>;
  state: TeamState;
  headingRef: preact.RefObject<HTMLHeadingElement>;
  onNotice: (text: string) => void;
  onDownload: (name: string, text: string, type: string) => void;
}

function Flags({ flags }: { flags: { discuss: boolean; knowledgeGap: boolean; applicabilityDisputed: boolean } }) {
  return (
    <>
      {flags.discuss && <span class="tag tag--warn">Discuss</span>}
      {flags.knowledgeGap && <span class="tag tag--warn">Knowledge gap</span>}
      {flags.applicabilityDisputed && <span class="tag tag--warn">Applicability disputed</span>}
    </>
  );
}

export function TeamResults({ questions, guideTitles, state, headingRef, onNotice, onDownload }: Props) {
  const now = clockNow();
  const team = state.file;
  const result = scoreAssessment(questions, team.respondents, now);
  const steps = nextSteps(result);
  const first = talkAboutFirst(result);
  const spreads = Object.fromEntries(first.map((r) => [r.question.id, spreadInWords(r.question, team.respondents)]));
  const weakest = practiceIds.filter((p) => result.practices[p].level === result.headlineLevel).map((p) => practices[p].name);
  const siteUrl = location.origin;
  const date = now.toISOString();
  const exports = [
    {
      id: 'markdown',
      title: 'Markdown for a GitHub or GitLab issue',
      file: `plainsec-team-plan-${date.slice(0, 10)}.md`,
      type: 'text/markdown',
      text: planMarkdown({ result, steps, talkFirst: first, siteUrl, date, team: team.team, guideTitles, spreads }),
    },
    { id: 'csv', title: 'CSV for a spreadsheet', file: `plainsec-team-plan-${date.slice(0, 10)}.csv`, type: 'text/csv', text: planCsv(steps, siteUrl) },
    {
      id: 'chat',
      title: 'A short chat message',
      file: `plainsec-team-message-${date.slice(0, 10)}.txt`,
      type: 'text/plain',
      text: planChat({ result, steps, team: team.team, siteUrl }),
    },
  ];
  const unknown = unknownQuestionIds(team, new Set(questions.map((q) => q.id)));
  const snapshots = team.snapshots ?? [];
  const last = snapshots[snapshots.length - 1];
  const changes = state.baseline ? changesSince(questions, state.baseline.respondents, team.respondents, now) : [];
  // The live region (in TeamView) announces; the same words show under the export that was used.
  const [said, setSaid] = useState<{ id: string; text: string } | undefined>(undefined);
  const tell = (id: string, text: string) => {
    setSaid({ id, text });
    onNotice(text);
  };
  const copy = async (id: string, title: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      tell(id, `${title}: copied. Paste it where your team works.`);
    } catch {
      tell(id, `${title}: this browser would not copy it. Open "Show the text" and copy it from there, or download it.`);
    }
  };

  return (
    <section aria-labelledby="team-results" class="results team-results">
      <h2 id="team-results" tabIndex={-1} ref={headingRef}>
        What the team answered
      </h2>
      <p class="results__headline">
        Level <strong>{result.headlineLevel}</strong> of 3 overall: the level of the weakest practice ({weakest.join(', ')}). Average
        score {formatScore(result.overall)} out of 100, from {result.respondents === 1 ? '1 person' : `${result.respondents} people`}.
      </p>
      <p class="hint">
        "±" is how far apart the answers are: a wide one means people see things differently. "Preliminary" means fewer than 60 % of
        that practice's questions (by weight) have an answer.
      </p>
      <ScoresByPractice result={result} caption="Team scores by practice" idPrefix="team" />
      {unknown.length > 0 && (
        <p class="hint">
          Kept but not scored: answers to {unknown.length} question{unknown.length === 1 ? '' : 's'} this version no longer asks (
          {unknown.join(', ')}).
        </p>
      )}
      <LevelProgress result={result} />

      <h3 id="talk-first">Talk about these first</h3>
      {first.length === 0 ? (
        <p>Nothing to settle: the answers are close together, and nobody said "I don't know" where others said it is done.</p>
      ) : (
        <>
          <p>
            Questions where answers are far apart (Discuss) or where some said "I don't know" while others say it is done (Knowledge gap),
            foundations first. Ask the people with the highest and lowest answers to explain.
          </p>
          <ol class="talk-first">
            {first.map((r) => (
              <li key={r.question.id}>
                <p class="plan__title">
                  <strong>{r.question.topic}</strong> <span class="tag">{practices[r.question.practice].name}</span>
                  <Flags flags={{ ...r.flags, applicabilityDisputed: false }} />
                </p>
                <p>{r.question.question}</p>
                <p class="plan__meta">
                  Answers: {spreads[r.question.id]}
                  {guideTitles[r.question.guide] && (
                    <>
                      {' · '}Guide: <a href={`/guides/${r.question.guide}/`}>{guideTitles[r.question.guide]}</a>
                    </>
                  )}
                </p>
              </li>
            ))}
          </ol>
        </>
      )}

      <h3 id="by-question">Answers by question</h3>
      <p class="hint">
        Team value: the average of the answers, from 0 % ("Not yet") to 100 % ("All of it"), with the lowest and highest answer.
        Agreement: 100 % when everyone gave the same answer.
      </p>
      {practiceIds.map((p) => (
        <div class="table-scroll" key={p}>
          <table class="team-questions">
            <caption>{practices[p].name}: answers by question</caption>
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col">Team value</th>
                {team.respondents.map((r) => (
                  <th scope="col" key={r.id}>
                    {personLabel(team, r.id)}
                  </th>
                ))}
                <th scope="col">Flags</th>
                <th scope="col">Agreement</th>
              </tr>
            </thead>
            <tbody>
              {result.practices[p].questions.map((r) => (
                <tr key={r.question.id} data-question={r.question.id}>
                  <th scope="row">
                    {r.question.topic}
                    <span class="team-questions__level"> · level {r.question.level}</span>
                  </th>
                  <td>
                    {r.status === 'na'
                      ? "Doesn't apply"
                      : r.status === 'unanswered'
                        ? r.dk > 0
                          ? 'Nobody knows'
                          : 'Not answered'
                        : `${percent(r.value)} (${percent(r.min)}–${percent(r.max)})`}
                  </td>
                  {answersTo(r.question, team).map((a) => (
                    <td key={a.id}>{a.text}</td>
                  ))}
                  <td>
                    <Flags flags={r.flags} />
                  </td>
                  <td>{r.consensus === null ? '—' : percent(r.consensus)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}

      <h3 id="team-next-steps">The team's next steps</h3>
      {steps.length === 0 ? (
        <p>Nothing to plan from these answers.</p>
      ) : (
        <PlanSteps steps={steps} idPrefix="team-bucket" guideTitles={guideTitles} />
      )}

      <h3 id="team-plan">Plan for the team</h3>
      <p>Ready to paste where your team works. Each one can be copied or downloaded.</p>
      {exports.map((e) => (
        <section key={e.id} aria-labelledby={`export-${e.id}`} class="plan-export">
          <h4 id={`export-${e.id}`}>{e.title}</h4>
          <p class="button-row">
            <button type="button" class="button" onClick={() => void copy(e.id, e.title, e.text)}>
              Copy <span class="visually-hidden">{e.title}</span>
            </button>{' '}
            <button
              type="button"
              class="button button--secondary"
              onClick={() => {
                onDownload(e.file, e.text, e.type);
                tell(e.id, `${e.title}: downloaded as ${e.file}.`);
              }}
            >
              Download <span class="visually-hidden">{e.title}</span>
            </button>
          </p>
          {said?.id === e.id && <p class="hint">{said.text}</p>}
          <details>
            <summary>
              Show the text <span class="visually-hidden">of the {e.title}</span>
            </summary>
            <pre tabIndex={0}>{e.text}</pre>
          </details>
        </section>
      ))}

      <h3 id="team-over-time">Over time</h3>
      {snapshots.length >= 2 ? (
        <ScoreTrend snapshots={snapshots} idPrefix="team" />
      ) : (
        <p>Save the team as a file after each meeting: from the second time on, the trend shows here.</p>
      )}
      {last && (
        <>
          <h4 id="team-changes">What changed since the last snapshot ({last.date.slice(0, 10)})</h4>
          <ul>
            {practiceIds.map((p) => {
              const was = last.scores[p];
              const is = result.practices[p].score;
              const delta = was === null || is === null ? null : Math.round(is - was);
              return (
                <li key={p}>
                  <strong>{practices[p].name}</strong>: {was ?? 'no score'} then, {formatScore(is)} now
                  {delta !== null && (delta === 0 ? ' (no change)' : ` (${delta > 0 ? 'up' : 'down'} ${Math.abs(delta)})`)}.
                </li>
              );
            })}
          </ul>
          {state.baseline &&
            (changes.length === 0 ? (
              <p>No question's team value moved since then.</p>
            ) : (
              <ul class="team-changes">
                {changes.map((c) => (
                  <li key={c.question.id}>
                    <strong>{c.direction === 'up' ? 'Up' : 'Down'}</strong>: {c.question.topic} ({practices[c.question.practice].name}),{' '}
                    {c.before === null ? 'not answered' : percent(c.before)} then, {percent(c.after)} now.
                  </li>
                ))}
              </ul>
            ))}
        </>
      )}
    </section>
  );
}
