/**
 * The results half of the self-assessment: scores, levels, the plan, history and the file and
 * share-link actions. Loaded only when a person reaches their results or opens a shared one, so
 * the quiz itself starts with less code.
 */
import { useState } from 'preact/hooks';
import { practiceIds, practices } from '../lib/practices.ts';
import { otherModelNote, questionSetOf, stamped, type Evidence, type Question, type ResultFile } from '../lib/assessment/model.ts';
import { scoreAssessment, weakestPracticeNames, type AssessmentResult } from '../lib/assessment/score.ts';
import { nextSteps } from '../lib/assessment/next-steps.ts';
import { resultFileText, unknownQuestionIds } from '../lib/assessment/result-file.ts';
import { ownPoints } from '../lib/assessment/snapshots.ts';
import { addEvidence, removeEvidence, teamEvidence } from '../lib/assessment/evidence.ts';
import { withTarget } from '../lib/assessment/targets.ts';
import { localDay } from '../lib/text/days.ts';
import { withResultKept } from '../lib/assessment/keep-result.ts';
import { personResultFileName } from '../lib/assessment/file-names.ts';
import { keepFile } from '../stores/assessment.ts';
import { now } from '../stores/clock.ts';
import { loadResultFile } from './load-result.ts';
import { copyText, saveFile } from './browser-files.ts';
import AddToChecklist from './AddToChecklist.tsx';
import ScoresByPractice, { LevelProgress, formatScore } from './ScoresByPractice.tsx';
import ScoreTrend from './ScoreTrend.tsx';
import PlanSteps from './PlanSteps.tsx';
import TargetLevels, { gapInWords } from './TargetLevels.tsx';
import EvidencePanel from './EvidencePanel.tsx';
import type { Titles } from './assessment-titles.ts';
import { targetGaps } from '../lib/assessment/next-steps.ts';

export { scoreAssessment, unknownQuestionIds, keepFile };

interface ResultsProps {
  result: AssessmentResult;
  file: ResultFile;
  titles: Titles;
  headingRef: preact.RefObject<HTMLHeadingElement>;
  heading: string;
  unknown: string[];
  /** Changes this browser's copy of the answers; left out for a shared result, which is read-only. */
  keep?: (change: (file: ResultFile) => ResultFile) => void;
}

export function Results({ result, file, titles, headingRef, heading, unknown, keep }: ResultsProps) {
  const targets = file.targets ?? {};
  const steps = nextSteps(result, targets);
  const at = now();
  const questions = practiceIds.flatMap((p) => result.practices[p].questions.map((r) => r.question));
  const name = file.respondents[0]?.name;
  const evidence = teamEvidence(file, questions, at, (id) => (id === file.respondents[0]?.id ? (name ?? 'this person') : id));
  const gaps = targetGaps(result, targets);
  const print = async () => {
    const { printReport } = await import('./PrintReport.tsx');
    printReport({
      title: `Security self-assessment${name ? `: ${name}` : ''}`,
      date: at.toISOString(),
      people: [name ?? 'one person'],
      result,
      steps,
      targets,
      flags: stale.map((r) => ({ result: r, reasons: [`the answer is older than ${r.question.cadenceDays} days, so it counts at half its value`] })),
      evidence,
      questions,
      guideTitles: titles.guides,
      mapsTo: titles.mapsTo,
      snapshots: own,
      siteUrl: location.origin,
    });
  };
  // Only this person's own snapshots: a team's result that came along in a file is not their trend.
  const own = ownPoints(file.snapshots ?? []);
  const note = otherModelNote(file);
  const stale = practiceIds.flatMap((p) => result.practices[p].questions.filter((q) => q.stale > 0));
  const weakest = weakestPracticeNames(result);
  return (
    <section aria-labelledby="results-heading" class="results" id="results">
      <h2 id="results-heading" tabIndex={-1} ref={headingRef}>
        {heading}
      </h2>
      <p class="results__headline">
        Level <strong>{result.headlineLevel}</strong> of 3 overall: the level of your weakest practice ({weakest.join(', ')}). Average
        score {formatScore(result.overall)} out of 100.
      </p>
      {practiceIds.some((p) => result.practices[p].preliminary) && (
        <p class="hint">
          "Preliminary" means fewer than 60 % of that practice's questions (by weight) have an answer, so the score may move a lot.
        </p>
      )}
      {note && <p class="hint">{note}</p>}
      <ScoresByPractice result={result} caption="Scores by practice" idPrefix="mine" />
      <LevelProgress result={result} />
      {keep ? (
        <TargetLevels result={result} targets={targets} idPrefix="mine" onChange={(p, level) => keep((f) => withTarget(f, p, level))} />
      ) : (
        Object.keys(targets).length > 0 && (
          <ul class="targets__list">
            {practiceIds
              .filter((p) => targets[p] !== undefined)
              .map((p) => (
                <li key={p}>
                  Target for <strong>{practices[p].name}</strong>: level {targets[p]}. {gapInWords(gaps[p])}
                </li>
              ))}
          </ul>
        )
      )}
      <p class="hint">
        The effective score counts an answer at half its value once it is older than its question says an answer stays true.
      </p>
      {stale.length > 0 && (
        <div class="notice">
          <p>
            Stale: {stale.length === 1 ? '1 answer is' : `${stale.length} answers are`} older than that ({stale.map((q) => q.question.topic).join(', ')}).
            Answer {stale.length === 1 ? 'it' : 'them'} again to bring the effective score back up.
          </p>
        </div>
      )}
      {unknown.length > 0 && (
        <p class="hint">
          Kept but not scored: answers to {unknown.length} question{unknown.length === 1 ? '' : 's'} this version no longer asks (
          {unknown.join(', ')}).
        </p>
      )}
      <h3>Next steps</h3>
      {steps.length === 0 ? (
        <p>Nothing to plan from these answers: answer more questions, or enjoy being at the top level.</p>
      ) : (
        <PlanSteps
          steps={steps}
          idPrefix="bucket"
          guideTitles={titles.guides}
          showPriority
          afterStep={(s) => {
            const q = s.result.question;
            return (
              (q.checklist.length > 0 || q.rules.length > 0) && (
                <ul class="plan__links">
                  {q.checklist
                    .filter((id) => titles.checklist[id])
                    .map((id) => (
                      <li key={id}>
                        Checklist: <a href={`/checklist/#${id}`}>{titles.checklist[id]}</a>
                      </li>
                    ))}
                  {q.rules
                    .filter((id) => titles.rules[id])
                    .map((id) => (
                      <li key={id}>
                        Alert rule: <a href={`/rules/${id}/`}>{titles.rules[id]}</a>
                      </li>
                    ))}
                </ul>
              )
            );
          }}
          afterBucket={(bucket, inBucket) => (
            <AddToChecklist bucket={bucket} ids={inBucket.flatMap((st) => st.result.question.checklist.filter((id) => titles.checklist[id]))} titles={titles.checklist} />
          )}
        />
      )}
      <EvidencePanel
        questions={questions}
        evidence={evidence}
        today={localDay(at)}
        idPrefix="mine"
        {...(keep ? { onAdd: (q: string, item: Evidence) => keep((f) => addEvidence(f, q, item)), onRemove: (q: string, item: Evidence) => keep((f) => removeEvidence(f, q, item)) } : {})}
      />
      <h3 id="hand-it-over">Hand it over</h3>
      <p>
        A report for your lead, a customer's questionnaire or a yearly review: the scores, levels and targets, the evidence and the plan
        with the framework ids of each step, ready to print or save as PDF.
      </p>
      <p class="button-row">
        <button type="button" class="button button--secondary" onClick={() => void print()}>
          Print or save as PDF
        </button>
      </p>
      <p>
        To see what changed between two saved results, yours or your team's, <a href="/assessment/compare/">compare two results</a>.
      </p>
      <h3 id="compare-with-team">Compare with your team</h3>
      <p>
        One person's answers are one guess. Send your share link or saved file to whoever runs the team meeting, and add everyone's on
        the <a href="/assessment/team/">team page</a> to see where you agree, where you don't, and one plan for the team.
      </p>
      {own.length >= 2 && (
        <>
          <h3 id="your-own-trend">Your own results over time</h3>
          <p class="hint">Your own saved results, one a day. Your team's trend is on the team page.</p>
          <ScoreTrend snapshots={own} idPrefix="mine" title="Your own scores over time" />
        </>
      )}
    </section>
  );
}

interface FileActionsProps {
  questions: Question[];
  file: ResultFile;
  onNotice: (text: string) => void;
}

export function FileActions({ questions, file, onNotice }: FileActionsProps) {
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [link, setLink] = useState('');
  const say = (text: string) => {
    setStatus(text);
    onNotice(text);
  };
  const save = () => {
    const at = now();
    const saved = keepFile((stored) => withResultKept(stored, questions, at, 'person'));
    // The person's name is in the file name, so a team lead collecting five files can tell them apart.
    const name = personResultFileName(saved.respondents[0]?.name, at.toISOString());
    saveFile(name, resultFileText(saved), 'application/json');
    setError('');
    say(`Saved as ${name}. Today's scores are kept in your history.`);
  };
  const load = async (input: HTMLInputElement) => {
    const picked = input.files?.[0];
    input.value = '';
    if (!picked) return;
    setStatus('');
    // The same checks as the start screen's loader; the answers stored now are kept as the backup first.
    const outcome = await loadResultFile(picked, questions.length);
    if (!outcome.ok) {
      setError(outcome.error);
      return;
    }
    setError('');
    say(`Loaded "${picked.name}". Your earlier answers are kept as a backup: Undo puts them back.`);
  };
  const share = async () => {
    const { encodeShareCode } = await import('../lib/assessment/share-code.ts');
    // The link names the question set, as a saved file does, so the team page can check it.
    const url = `${location.origin}${location.pathname}#r=${await encodeShareCode(stamped(file, questionSetOf(questions)))}`;
    setLink(url);
    say(
      (await copyText(url))
        ? 'Share link copied. Anyone who opens it sees these results; the answers travel inside the link, never to a server.'
        : 'Share link made: copy it from the box below.',
    );
  };
  return (
    <section aria-labelledby="your-data" class="file-actions">
      <h3 id="your-data">Your answers are yours</h3>
      <p>
        They stay in this browser. Save them as a file to keep them or pass them on; a share link carries them inside the link itself.
      </p>
      {error && (
        <div class="notice notice--error" role="alert">
          <p>{error}</p>
        </div>
      )}
      <p class="button-row">
        <button type="button" class="button" onClick={save}>
          Save as a file
        </button>{' '}
        <button type="button" class="button button--secondary" onClick={() => void share()}>
          Copy a share link
        </button>
      </p>
      <div class="field">
        <label for="load-result">Load a saved result (JSON, at most 1 MB)</label>
        <input id="load-result" type="file" accept="application/json,.json" onChange={(e) => void load(e.currentTarget)} />
      </div>
      {link && (
        <div class="field">
          <label for="share-link">Share link</label>
          <input id="share-link" type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
      <p class="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {status && <p class="hint">{status}</p>}
    </section>
  );
}
