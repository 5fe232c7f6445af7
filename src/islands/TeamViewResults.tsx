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
import { scoreAssessment, weakestPracticeNames } from '../lib/assessment/score.ts';
import { namesInWords } from '../lib/text/words.ts';
import { dayInWords } from '../lib/text/days.ts';
import { nextSteps } from '../lib/assessment/next-steps.ts';
import { answersTo, knowInWords, percent, personLabel, spreadInWords } from '../lib/assessment/team.ts';
import { talkAgenda, type TalkItem } from '../lib/assessment/talk-agenda.ts';
import { changesSince, pointBefore, teamTrend } from '../lib/assessment/trend.ts';
import { planChat, planCsv, planMarkdown } from '../lib/assessment/plan-export.ts';
import { teamFileName } from '../lib/assessment/file-names.ts';
import { keepTeamFile, type TeamState } from '../stores/team.ts';
import { addEvidence, removeEvidence, teamEvidence } from '../lib/assessment/evidence.ts';
import { withTarget } from '../lib/assessment/targets.ts';
import type { FrameworkIds } from '../lib/frameworks/maps-to.ts';
import { localDay } from '../lib/text/days.ts';
import TargetLevels from './TargetLevels.tsx';
import EvidencePanel from './EvidencePanel.tsx';
import ScoresByPractice, { LevelProgress, formatScore } from './ScoresByPractice.tsx';
import ScoreTrend from './ScoreTrend.tsx';
import PlanSteps from './PlanSteps.tsx';
import { copyText } from './browser-files.ts';


interface Props {
  questions: Question[];
  guideTitles: Record<string, string>;
  mapsTo: Record<string, FrameworkIds>;
  state: TeamState;
  headingRef: preact.RefObject<HTMLHeadingElement>;
  onNotice: (text: string) => void;
  onDownload: (name: string, text: string, type: string) => void;
  /** Keeps today's team result as a point of the team's trend (a download is a saved result). */
  onKeepResult: () => void;
  /** True when the team has a name; otherwise asks for it (the name heads every export) and is false. */
  ensureTeamName: () => boolean;
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

/** One question to talk about: what it asks, why it is on the list, and how people answered. */
function TalkAbout({ item, spread, guideTitles }: { item: TalkItem; spread: string; guideTitles: Record<string, string> }) {
  const q = item.result.question;
  return (
    <li>
      <p class="plan__title">
        <strong>{q.topic}</strong> <span class="tag">{practices[q.practice].name}</span>
        <Flags flags={{ ...item.result.flags, applicabilityDisputed: false }} />
      </p>
      <p>{q.question}</p>
      <p class="plan__meta">
        Why: {item.reasons.join('; ')}. Answers: {spread}
        {guideTitles[q.guide] && (
          <>
            {' · '}Guide: <a href={`/guides/${q.guide}/`}>{guideTitles[q.guide]}</a>
          </>
        )}
      </p>
    </li>
  );
}

export function TeamResults({ questions, guideTitles, mapsTo, state, headingRef, onNotice, onDownload, onKeepResult, ensureTeamName }: Props) {
  const now = clockNow();
  const team = state.file;
  const result = scoreAssessment(questions, team.respondents, now);
  const targets = team.targets ?? {};
  const steps = nextSteps(result, targets);
  const evidence = teamEvidence(team, questions, now, (id) => personLabel(team, id));
  const agenda = talkAgenda(result);
  const first = agenda.first.map((item) => item.result);
  const people = team.respondents.map((r) => personLabel(team, r.id));
  const spreads = Object.fromEntries([...agenda.first, ...agenda.more].map((i) => [i.result.question.id, spreadInWords(i.result.question, team.respondents)]));
  const weakest = weakestPracticeNames(result);
  const siteUrl = location.origin;
  const date = now.toISOString();
  const exports = [
    {
      id: 'markdown',
      title: 'Markdown for a GitHub or GitLab issue',
      file: teamFileName(team.team, 'plan', date, 'md'),
      type: 'text/markdown',
      text: planMarkdown({ result, steps, talkFirst: first, siteUrl, date, team: team.team, people, guideTitles, spreads, targets, evidence, mapsTo }),
    },
    {
      id: 'csv',
      title: 'CSV for a spreadsheet',
      file: teamFileName(team.team, 'plan', date, 'csv'),
      type: 'text/csv',
      text: planCsv(steps, siteUrl, { team: team.team, people, evidence, mapsTo }),
    },
    {
      id: 'chat',
      title: 'A short chat message',
      file: teamFileName(team.team, 'message', date, 'txt'),
      type: 'text/plain',
      text: planChat({ result, steps, team: team.team, people, siteUrl, evidence }),
    },
  ];
  const unknown = unknownQuestionIds(team, new Set(questions.map((q) => q.id)));
  const trend = teamTrend(team, questions);
  const before = pointBefore(trend.points, date.slice(0, 10));
  const changes = before ? changesSince(result, before) : [];
  // The live region (in TeamView) announces; the same words show under the export that was used.
  const [said, setSaid] = useState<{ id: string; text: string } | undefined>(undefined);
  const tell = (id: string, text: string) => {
    setSaid({ id, text });
    onNotice(text);
  };
  const print = async () => {
    if (!ensureTeamName()) return;
    const { printReport } = await import('./PrintReport.tsx');
    printReport({
      title: `Security self-assessment: ${team.team ?? 'the team'}`,
      date,
      people,
      result,
      steps,
      targets,
      flags: [...agenda.first, ...agenda.more],
      evidence,
      questions,
      guideTitles,
      mapsTo,
      snapshots: trend.kind === 'trend' ? trend.points : [],
      siteUrl,
    });
  };
  const copy = async (id: string, title: string, text: string) => {
    if (!ensureTeamName()) return;
    if (await copyText(text)) tell(id, `${title}: copied. Paste it where your team works.`);
    else tell(id, `${title}: this browser would not copy it. Open "Show the text" and copy it from there, or download it.`);
  };

  return (
    <section aria-labelledby="team-results" class="results team-results">
      <h2 id="team-results" tabIndex={-1} ref={headingRef}>
        What the team answered
      </h2>
      <p class="results__headline">
        Level <strong>{result.headlineLevel}</strong> of 3 overall: the level of the weakest practice ({weakest.join(', ')}). Average
        score {formatScore(result.overall)} out of 100, from the answers of {namesInWords(people)}.
      </p>
      <p class="hint">
        "±" is how far the score could move: it grows when answers are far apart and when people don't know. "Preliminary" means
        fewer than 60 % of that practice's questions (by weight) have an answer someone knows. A level needs at least 60 % known,
        so no level rests on one voice. <a href="/assessment/how-scoring-works/">How scoring works</a>
      </p>
      <ScoresByPractice result={result} caption="Team scores by practice" idPrefix="team" />
      {unknown.length > 0 && (
        <p class="hint">
          Kept but not scored: answers to {unknown.length} question{unknown.length === 1 ? '' : 's'} this version no longer asks (
          {unknown.join(', ')}).
        </p>
      )}
      <LevelProgress result={result} />
      <TargetLevels result={result} targets={targets} idPrefix="team" onChange={(p, level) => keepTeamFile((f) => withTarget(f, p, level))} />

      <h3 id="talk-first">Talk about these first</h3>
      {agenda.first.length === 0 ? (
        <p>Nothing to settle: the answers are close together, and nobody said "I don't know" where others said it is done.</p>
      ) : (
        <>
          <p>
            Questions where answers are far apart (Discuss) or where people don't know (Knowledge gap), the ones that matter most
            first. Ask the people with the highest and lowest answers to explain.
          </p>
          <ol class="talk-first">
            {agenda.first.map((item) => (
              <TalkAbout key={item.result.question.id} item={item} spread={spreads[item.result.question.id]!} guideTitles={guideTitles} />
            ))}
          </ol>
          {agenda.more.length > 0 && (
            <details class="talk-more">
              <summary>More to talk about ({agenda.more.length})</summary>
              <ol class="talk-first" start={agenda.first.length + 1}>
                {agenda.more.map((item) => (
                  <TalkAbout key={item.result.question.id} item={item} spread={spreads[item.result.question.id]!} guideTitles={guideTitles} />
                ))}
              </ol>
            </details>
          )}
        </>
      )}

      <h3 id="by-question">Answers by question</h3>
      <p class="hint">
        Team value: the average of the answers, from 0 % ("Not yet") to 100 % ("All of it"), with the lowest and highest answer.
        Who knows: how many of the people who answered gave a number rather than "I don't know". Agreement: 100 % when everyone
        gave the same answer; it needs at least two numbers.
      </p>
      {practiceIds.map((p) => (
        <section class="table-scroll" key={p} aria-label={`${practices[p].name}: answers by question`} tabIndex={0}>
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
                <th scope="col">Who knows</th>
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
                  <td class="num">
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
                  <td>{r.responded === 0 ? '—' : knowInWords(r)}</td>
                  <td>
                    <Flags flags={r.flags} />
                  </td>
                  <td class="num">{r.consensus === null ? '—' : percent(r.consensus)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}

      <h3 id="team-next-steps">The team's next steps</h3>
      {steps.length === 0 ? (
        <p>Nothing to plan from these answers.</p>
      ) : (
        <PlanSteps steps={steps} idPrefix="team-bucket" guideTitles={guideTitles} />
      )}

      <EvidencePanel
        questions={questions}
        evidence={evidence}
        today={localDay(now)}
        idPrefix="team"
        onAdd={(q, item) => keepTeamFile((f) => addEvidence(f, q, item))}
        onRemove={(q, item) => keepTeamFile((f) => removeEvidence(f, q, item))}
      />

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
                if (!ensureTeamName()) return;
                onKeepResult();
                onDownload(e.file, e.text, e.type);
                tell(e.id, `${e.title}: downloaded as ${e.file}. Today's team result is kept for the trend.`);
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

      <section aria-labelledby="team-report" class="plan-export">
        <h4 id="team-report">A report to hand over</h4>
        <p>
          The scores, levels and targets, what to talk about, the evidence and the plan with the framework ids of each step: for
          your lead, a customer's questionnaire or a yearly review.
        </p>
        <p class="button-row">
          <button type="button" class="button" onClick={() => void print()}>
            Print or save as PDF
          </button>
        </p>
        <p>
          To see what changed between two saved results, <a href="/assessment/compare/">compare two results</a>.
        </p>
      </section>

      <h3 id="team-over-time">The team over time</h3>
      <p class="hint">
        Each point is the team's result on one day, kept when the team's result is saved or downloaded. People's own earlier results
        are not part of it.
      </p>
      {trend.kind === 'trend' ? <ScoreTrend snapshots={trend.points} idPrefix="team" title="The team's scores over time" /> : <p>{trend.text}</p>}
      {before && (
        <>
          <h4 id="team-changes">What changed since the team's result of {dayInWords(before.date)}</h4>
          <ul>
            {practiceIds.map((p) => {
              const was = before.scores[p];
              const is = result.practices[p].score;
              const delta = was === null || is === null ? null : Math.round(is - was);
              return (
                <li key={p}>
                  <strong>{practices[p].name}</strong>: {was === null ? 'no score' : formatScore(was)} then, {formatScore(is)} now
                  {delta !== null && (delta === 0 ? ' (no change)' : ` (${delta > 0 ? 'up' : 'down'} ${Math.abs(delta)})`)}.
                </li>
              );
            })}
          </ul>
          {before.values === undefined ? (
            <p>That result was saved by an older version of this page, so it holds no answers by question to compare with.</p>
          ) : changes.length === 0 ? (
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
          )}
        </>
      )}
    </section>
  );
}
