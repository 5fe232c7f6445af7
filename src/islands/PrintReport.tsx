/**
 * The report a team hands over, printed or saved as PDF from the browser's print dialog: title
 * with the team's name and the day, scores with ± and coverage, level and target per practice, the
 * chart, what to talk about, evidence, and the plan with the framework ids of each step. It is
 * drawn into its own element at the end of the page; the print stylesheet (global.css, "the
 * printed report") then prints that element alone, with no navigation and no buttons. Loaded
 * only when someone asks to print.
 */
import { render } from 'preact';
import { practiceIds, practices } from '../lib/practices.ts';
import type { AssessmentResult, QuestionResult } from '../lib/assessment/score.ts';
import type { Question, Snapshot, Targets } from '../lib/assessment/model.ts';
import { bucketNames, buckets, questionEffortWords, targetGaps, type NextStep } from '../lib/assessment/next-steps.ts';
import type { TeamEvidenceItem } from '../lib/assessment/evidence.ts';
import { frameworkParts, frameworkUrls, type FrameworkIds } from '../lib/frameworks/maps-to.ts';
import { targetWords } from '../lib/assessment/plan-export.ts';
import { dayInWords } from '../lib/text/days.ts';
import { namesInWords } from '../lib/text/words.ts';
import ScoresByPractice, { formatScore } from './ScoresByPractice.tsx';
import ScoreTrend from './ScoreTrend.tsx';

export interface ReportInput {
  /** "Security self-assessment: Platform team" or "…: Ana". */
  title: string;
  /** The day the report is made (ISO 8601). */
  date: string;
  /** Whose answers were scored, as people read them. */
  people: readonly string[];
  result: AssessmentResult;
  steps: readonly NextStep[];
  targets: Targets;
  /** Questions to talk about, with why (the team view's flags); empty for one person. */
  flags: readonly { result: QuestionResult; reasons: readonly string[] }[];
  evidence: Readonly<Record<string, readonly TeamEvidenceItem[]>>;
  questions: readonly Question[];
  guideTitles: Readonly<Record<string, string>>;
  mapsTo: Readonly<Record<string, FrameworkIds>>;
  snapshots: readonly Snapshot[];
  /** Where the site lives, so printed links are whole addresses. */
  siteUrl: string;
}

const share = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)} %`);

function Report({ input }: { input: ReportInput }) {
  const { result, steps, targets, flags, evidence, questions, guideTitles, mapsTo, snapshots, siteUrl } = input;
  const gaps = targetGaps(result, targets);
  const withEvidence = questions.filter((q) => (evidence[q.id] ?? []).length > 0);
  return (
    <article class="report" aria-label={input.title}>
      <section class="report__section">
        <h1>{input.title}</h1>
        <p>
          {dayInWords(input.date)}. From the answers of {input.people.length > 0 ? namesInWords([...input.people]) : 'nobody yet'}. Level {result.headlineLevel} of 3 overall: the level of the weakest
          practice.
        </p>
        <table class="report__scores">
          <caption>Scores by practice</caption>
          <thead>
            <tr>
              <th scope="col">Practice</th>
              <th scope="col">Score</th>
              <th scope="col">Give or take (±)</th>
              <th scope="col">Coverage</th>
              <th scope="col">Level</th>
              <th scope="col">Target</th>
            </tr>
          </thead>
          <tbody>
            {practiceIds.map((p) => {
              const r = result.practices[p];
              return (
                <tr key={p}>
                  <th scope="row">{practices[p].name}</th>
                  <td>
                    {formatScore(r.score)}
                    {r.preliminary ? ' (preliminary)' : ''}
                  </td>
                  <td>{r.uncertainty === null ? '—' : `± ${r.uncertainty.toFixed(1)}`}</td>
                  <td>{share(r.coverage)}</td>
                  <td>{r.level}</td>
                  <td>{targetWords(gaps[p])}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <ul class="report__levels">
          {practiceIds.map((p) => {
            const r = result.practices[p];
            return (
              <li key={p}>
                {practices[p].name}: score {formatScore(r.score)}
                {r.uncertainty === null ? '' : ` ± ${r.uncertainty.toFixed(1)}`}
                {r.preliminary ? ' (preliminary)' : ''}, coverage {share(r.coverage)}, level {r.level} of 3
                {gaps[p].target === null ? '' : `, target ${targetWords(gaps[p])}`}.
              </li>
            );
          })}
        </ul>
        <ScoresByPractice result={result} caption="Scores by practice, as a chart" idPrefix="report" />
        {snapshots.length >= 2 && <ScoreTrend snapshots={snapshots} idPrefix="report" title="Scores over time" />}
      </section>

      <section class="report__section">
        <h2>What to talk about</h2>
        {flags.length === 0 ? (
          <p>No question is flagged: the answers are close together, and nobody said "I don't know" where others said it is done.</p>
        ) : (
          <ul>
            {flags.map((f) => (
              <li key={f.result.question.id}>
                <strong>{f.result.question.topic}</strong> ({practices[f.result.question.practice].name}): {f.reasons.join('; ')}.
              </li>
            ))}
          </ul>
        )}
        <h2>Evidence</h2>
        {withEvidence.length === 0 ? (
          <p>No evidence was added.</p>
        ) : (
          <dl>
            {withEvidence.map((q) => (
              <div key={q.id}>
                <dt>{q.topic}</dt>
                {evidence[q.id]!.map((e) => (
                  <dd key={`${e.item.title}|${e.item.url ?? ''}|${e.item.date}`}>
                    {e.item.url ? <a href={e.item.url}>{e.item.title}</a> : e.item.title}. Checked {dayInWords(e.item.date)}
                    {e.addedBy ? `, added by ${e.addedBy}` : ''}
                    {e.stale ? '. Stale: check it again' : ''}.{e.item.note ? ` ${e.item.note}` : ''}
                  </dd>
                ))}
              </div>
            ))}
          </dl>
        )}
      </section>

      <section class="report__section">
        <h2>The plan</h2>
        {steps.length === 0 && <p>Nothing to plan from these answers.</p>}
        {buckets.map((bucket) => {
          const inBucket = steps.filter((s) => s.bucket === bucket);
          if (inBucket.length === 0) return null;
          return (
            <div key={bucket}>
              <h3>{bucketNames[bucket]}</h3>
              <ol>
                {inBucket.map((s) => {
                  const q = s.result.question;
                  const ids = frameworkParts(mapsTo[q.id]);
                  return (
                    <li key={q.id} class="report__step">
                      <strong>{q.topic}</strong> ({practices[q.practice].name}, level {q.level}, {questionEffortWords[q.effort]}). {q.goodLooksLike}
                      {guideTitles[q.guide] && (
                        <>
                          {' '}
                          Guide: <a href={`${siteUrl}/guides/${q.guide}/`}>{guideTitles[q.guide]}</a>.
                        </>
                      )}
                      {ids.length > 0 && (
                        <>
                          {' '}
                          Maps to:{' '}
                          {ids.map((part, i) => (
                            <span key={part.field}>
                              {i > 0 && ' · '}
                              {part.name} {part.ids.join(', ')}
                            </span>
                          ))}
                          .
                        </>
                      )}
                    </li>
                  );
                })}
              </ol>
            </div>
          );
        })}
        <p class="report__footer">
          Made with Plainsec's self-assessment: <a href={`${siteUrl}/assessment/`}>{siteUrl}/assessment/</a>. Framework ids name where to look; the frameworks' own pages are{' '}
          {Object.values(frameworkUrls).map((url, i, all) => (
            <span key={url}>
              <a href={url}>{url.replace(/^https:\/\//, '').replace(/\/.*$/, '')}</a>
              {i < all.length - 1 ? ', ' : '.'}
            </span>
          ))}
        </p>
      </section>
    </article>
  );
}

const hostId = 'print-report';

/**
 * Draws the report into its own element (made once, at the end of the page) and opens the print
 * dialog. The page itself is hidden in print while the report is there, so what prints is the
 * report alone; it is drawn again from the newest figures each time.
 */
export function printReport(input: ReportInput): void {
  let host = document.getElementById(hostId);
  if (!host) {
    host = document.createElement('div');
    host.id = hostId;
    document.body.append(host);
  }
  render(<Report input={input} />, host);
  document.documentElement.classList.add('printing-report');
  window.print();
}
