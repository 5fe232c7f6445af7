/**
 * The self-assessment: one question at a time, practice by practice, then the results with the
 * plan, files, share link and history. Answers stay in this browser (src/stores/assessment.ts);
 * all figures come from src/lib/assessment. Code for share links and for loading a file loads only
 * when one is made, opened or picked.
 *
 * Until this browser's copy has been read, the tool shows only "Reading your saved progress…" in
 * the space the start screen takes, never an empty start or empty results that then change.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useStore } from '@nanostores/preact';
import { practiceIds, practices } from '../lib/practices.ts';
import { answerChoices } from '../lib/assessment/answers.ts';
import type { AnswerValue, Question, ResultFile } from '../lib/assessment/model.ts';
import { backupNotice } from '../lib/storage/backup-words.ts';
import {
  $assessment,
  $assessmentProblem,
  $assessmentReady,
  $undo,
  answer,
  answeredCount,
  describeMe,
  giveReason,
  goTo,
  keepNewAnswers,
  replaceWith,
  startAgain,
  startAssessment,
  undoReplace,
} from '../stores/assessment.ts';
import { now } from '../stores/clock.ts';
import ReadingState from './ReadingState.tsx';
import type { Titles } from './assessment-titles.ts';
import { UndoNotice } from './UndoButtons.tsx';
import Field from './Field.tsx';

type ResultsModule = typeof import('./AssessmentResults.tsx');


interface Props {
  questions: Question[];
  titles: Titles;
}

type Shared = { file: ResultFile } | { error: string };

export default function Assessment({ questions, titles }: Props) {
  const state = useStore($assessment);
  const problem = useStore($assessmentProblem);
  const undo = useStore($undo);
  const ready = useStore($assessmentReady);
  const [shared, setShared] = useState<Shared | undefined>(undefined);
  // The results address opened in a browser that holds no answers: say so, and store nothing.
  const [noResults, setNoResults] = useState(false);
  const [notice, setNotice] = useState('');
  // The question number just skipped (Skip with no answer), said on the next screen; 0 when none.
  const [skipped, setSkipped] = useState(0);
  const [results, setResults] = useState<ResultsModule | undefined>(undefined);
  // Checklist items marked done in this browser, to show how much of each question's checklist is
  // done. Read when the first question shows, so the start screen loads no checklist code.
  const [checklistDone, setChecklistDone] = useState<ReadonlySet<string> | undefined>(undefined);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const total = questions.length;
  const answered = answeredCount(state);
  // Results need answers: a stored step at the results with none (an empty result saved by an
  // earlier version of this page) opens the start screen instead.
  const view: 'start' | 'question' | 'results' | 'no-results' =
    state.step >= total && answered > 0 ? 'results' : noResults ? 'no-results' : state.step >= 0 && state.step < total ? 'question' : 'start';
  const showingResults = view === 'results' || (shared !== undefined && 'file' in shared);

  useEffect(() => {
    if (checklistDone || state.step < 0 || state.step >= total) return;
    void import('../stores/checklist.ts').then(({ readChecklist }) => {
      const { items } = readChecklist().state;
      setChecklistDone(new Set(Object.keys(items).filter((id) => items[id]?.done)));
    });
  }, [state.step]);

  // The results code loads when first needed.
  useEffect(() => {
    if (showingResults && !results) void import('./AssessmentResults.tsx').then(setResults);
  }, [showingResults]);

  useEffect(() => {
    const stopWatching = startAssessment();
    const readHash = () => {
      const hash = location.hash;
      if (hash.startsWith('#r=')) {
        void import('../lib/assessment/share-code.ts').then(async ({ decodeShareCode, shareCodeFrom }) => {
          const decoded = await decodeShareCode(shareCodeFrom(hash));
          setShared(decoded.ok ? { file: decoded.file } : { error: decoded.error });
        });
      } else {
        setShared(undefined);
        if (hash !== '#results') setNoResults(false);
        // Opening the results address writes nothing when there are no answers to show.
        else if (answeredCount($assessment.get()) > 0) goTo(questions.length);
        else setNoResults(true);
      }
    };
    readHash();
    addEventListener('hashchange', readHash);
    return () => {
      removeEventListener('hashchange', readHash);
      stopWatching();
    };
  }, []);

  // Move focus to the new screen's heading after Next, Back or Start, so screen readers read it.
  useEffect(() => {
    // The results heading may appear only once their code has loaded: keep the wish until then.
    if (moved.current && headingRef.current) {
      headingRef.current.focus();
      moved.current = false;
    }
  }, [state.step, shared, results, noResults]);

  const move = (step: number, skip = false) => {
    moved.current = true;
    setSkipped(skip ? step : 0);
    setNoResults(false);
    goTo(step);
    const wantHash = step >= questions.length ? '#results' : '';
    if (location.hash !== wantHash) history.replaceState(null, '', wantHash === '' ? location.pathname : wantHash);
  };

  const respondent = state.file.respondents[0]!;
  const knownIds = useMemo(() => new Set(questions.map((q) => q.id)), [questions]);

  /** After a file replaced the answers: show them as results, heading focused. */
  const showLoaded = () => {
    moved.current = true;
    setSkipped(0);
    setNoResults(false);
    if (location.hash !== '#results') history.replaceState(null, '', '#results');
  };

  if (!ready) {
    return (
      <div class="assessment">
        <ReadingState noJs="The questions need JavaScript. All of them are listed below to read or print." />
      </div>
    );
  }

  const working = (
    <p role="status" class="hint">
      Working out the results…
    </p>
  );

  if (shared && 'file' in shared) {
    return (
      <div class="assessment">
        <div class="notice" role="status">
          <p>
            You are looking at a shared result
            {shared.file.respondents[0]?.name ? ` from ${shared.file.respondents[0].name}` : ''}. It is read-only and not kept in
            this browser unless you keep a copy.
          </p>
          <p class="button-row">
            <button
              type="button"
              class="button"
              onClick={() => {
                if (shared.file.respondents.length !== 1) {
                  setNotice('This link holds several people\u2019s answers; this page keeps one person\u2019s answers.');
                  return;
                }
                const from = shared.file.respondents[0]?.name;
                if (replaceWith(shared.file, questions.length, `Kept a copy of ${from ? `${from}’s` : 'a'} shared result.`)) {
                  setNotice('A copy is kept as your answers. Undo puts your own answers back.');
                  moved.current = true;
                  history.replaceState(null, '', '#results');
                  setShared(undefined);
                }
              }}
            >
              Keep a copy
            </button>{' '}
            <button
              type="button"
              class="button button--secondary"
              onClick={() => {
                moved.current = true;
                history.replaceState(null, '', location.pathname);
                setShared(undefined);
              }}
            >
              Back to your own answers
            </button>
          </p>
        </div>
        {results ? (
          <results.Results
            result={results.scoreAssessment(questions, shared.file.respondents, now())}
            file={shared.file}
            titles={titles}
            headingRef={headingRef}
            heading="Shared result"
            unknown={results.unknownQuestionIds(shared.file, knownIds)}
          />
        ) : (
          working
        )}
      </div>
    );
  }

  const step = view === 'question' ? state.step : -1;
  return (
    <div class="assessment">
      {problem && (
        <div class="notice notice--error" role="alert">
          <p>{problem}</p>
        </div>
      )}
      {shared && 'error' in shared && (
        <div class="notice notice--error" role="alert">
          <p>{shared.error}</p>
          <p>Your own answers are unchanged.</p>
        </div>
      )}
      {undo && (
        <UndoNotice
          role="status"
          message={backupNotice(undo, { subject: 'Your answers before that', plural: true }, now())}
          onUndo={() => {
            if (undoReplace()) setNotice('Undone: your earlier answers are back.');
          }}
          onKeep={() => keepNewAnswers()}
          keepLabel="Keep the new ones"
        />
      )}
      {notice && (
        <p key="notice" class="visually-hidden" role="status">
          {notice}
        </p>
      )}
      {view === 'start' && (
        <AboutYou
          name={respondent.name ?? ''}
          role={respondent.role ?? ''}
          answered={answered}
          total={total}
          headingRef={headingRef}
          onStart={() => move(0)}
          onResults={() => move(total)}
          onLoaded={showLoaded}
        />
      )}
      {view === 'no-results' && (
        <section aria-labelledby="results-heading" class="results">
          <h2 id="results-heading" tabIndex={-1} ref={headingRef}>
            Your results
          </h2>
          <p>No results in this browser yet — take the self-assessment or load a saved result.</p>
          <p class="button-row">
            <button
              type="button"
              class="button"
              onClick={() => {
                moved.current = true;
                setNoResults(false);
                history.replaceState(null, '', location.pathname);
              }}
            >
              Take the self-assessment
            </button>
          </p>
          <LoadOrOpen total={total} onLoaded={showLoaded} />
        </section>
      )}
      {/* Always on the page, so a screen reader hears it change when a question is skipped. Keyed:
          Preact matches an unkeyed <p> that appears (the notice above) to this one, and the parts
          after it would be made anew, losing the results' own state (the share link box). */}
      <p key="quiz-skipped" class="quiz-skipped" role="status">
        {skipped > 0 && `You skipped question ${skipped} of ${total}. It stays unanswered until you go back to it.`}
      </p>
      {view === 'question' && (
        <QuestionStep
          key={questions[step]!.id}
          questions={questions}
          index={step}
          value={respondent.answers[questions[step]!.id]}
          reason={respondent.reasons?.[questions[step]!.id] ?? ''}
          titles={titles}
          checklistDone={checklistDone}
          headingRef={headingRef}
          onMove={move}
        />
      )}
      {view === 'results' && !results && working}
      {view === 'results' && results && (
        <>
          <results.Results
            result={results.scoreAssessment(questions, state.file.respondents, now())}
            file={state.file}
            titles={titles}
            headingRef={headingRef}
            heading="Your results"
            unknown={results.unknownQuestionIds(state.file, knownIds)}
            keep={results.keepFile}
          />
          <results.FileActions questions={questions} file={state.file} onNotice={setNotice} />
          <p class="button-row">
            <button type="button" class="button button--secondary" onClick={() => move(0)}>
              Change my answers
            </button>{' '}
            <button
              type="button"
              class="button button--secondary"
              onClick={() => {
                if (startAgain()) move(-1);
              }}
            >
              Start again
            </button>
          </p>
        </>
      )}
    </div>
  );
}

interface AboutYouProps {
  name: string;
  role: string;
  answered: number;
  total: number;
  headingRef: preact.RefObject<HTMLHeadingElement>;
  onStart: () => void;
  onResults: () => void;
  onLoaded: () => void;
}

function AboutYou({ name, role, answered, total, headingRef, onStart, onResults, onLoaded }: AboutYouProps) {
  return (
    <section aria-labelledby="about-you">
      <h2 id="about-you" tabIndex={-1} ref={headingRef}>
        About you
      </h2>
      <p>Both are optional. They are kept with your answers, so your team can tell whose answers are whose.</p>
      <Field id="respondent-name" label="Your name">
        <input id="respondent-name" type="text" autocomplete="name" maxLength={100} value={name} onChange={(e) => describeMe({ name: e.currentTarget.value })} />
      </Field>
      <Field id="respondent-role" label="Your role">
        <input
          id="respondent-role"
          type="text"
          list="roles"
          maxLength={100}
          value={role}
          onChange={(e) => describeMe({ role: e.currentTarget.value })}
        />
        <datalist id="roles">
          {['Engineer', 'Team lead', 'Platform or DevOps engineer', 'Engineering manager', 'Product owner'].map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
      </Field>
      <p class="button-row">
        <button type="button" class="button" onClick={onStart}>
          {answered > 0 ? `Go on with the questions (${answered} of ${total} answered)` : `Start the ${total} questions`}
        </button>{' '}
        {answered > 0 && (
          <button type="button" class="button button--secondary" onClick={onResults}>
            See my results
          </button>
        )}
      </p>
      <LoadOrOpen total={total} onLoaded={onLoaded} />
    </section>
  );
}

/**
 * "Load a saved result" and "Open a share link", for a person who answered before (in another
 * browser, or who was sent a link). The code that reads a file or a link loads only when used.
 */
function LoadOrOpen({ total, onLoaded }: { total: number; onLoaded: () => void }) {
  const [error, setError] = useState('');
  const [link, setLink] = useState('');
  const load = async (input: HTMLInputElement) => {
    const picked = input.files?.[0];
    input.value = '';
    if (!picked) return;
    const { loadResultFile } = await import('./load-result.ts');
    const outcome = await loadResultFile(picked, total);
    setError(outcome.ok ? '' : outcome.error);
    if (outcome.ok) onLoaded();
  };
  const open = async () => {
    const { shareCodeFrom } = await import('../lib/assessment/share-code.ts');
    const code = shareCodeFrom(link);
    if (code === '') {
      setError('There is no share code in what you pasted. Paste the whole link you were sent, or just the part after "#r=".');
      return;
    }
    setError('');
    // The address's fragment opens the shared result, as the link itself would; never sent to a server.
    location.hash = `r=${code}`;
  };
  return (
    <section aria-labelledby="load-or-open" class="load-or-open">
      <h3 id="load-or-open">Answered before, or sent a result?</h3>
      <div class="field">
        <label for="start-load-result">Load a saved result (JSON, at most 1 MB)</label>
        <input id="start-load-result" type="file" accept="application/json,.json" onChange={(e) => void load(e.currentTarget)} />
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void open();
        }}
      >
        <div class="field">
          <label for="open-share-link">Open a share link (paste the link or its code)</label>
          <input id="open-share-link" type="text" autocomplete="off" spellcheck={false} value={link} onInput={(e) => setLink(e.currentTarget.value)} />
        </div>
        <p class="button-row">
          <button type="submit" class="button button--secondary">
            Open the share link
          </button>
        </p>
      </form>
      {error && (
        <div class="notice notice--error" role="alert">
          <p>{error}</p>
        </div>
      )}
    </section>
  );
}

interface QuestionStepProps {
  questions: Question[];
  index: number;
  value: AnswerValue | undefined;
  reason: string;
  titles: Titles;
  checklistDone: ReadonlySet<string> | undefined;
  headingRef: preact.RefObject<HTMLHeadingElement>;
  onMove: (step: number, skip?: boolean) => void;
}

function QuestionStep({ questions, index, value: stored, reason, titles, checklistDone, headingRef, onMove }: QuestionStepProps) {
  const question = questions[index]!;
  // The answer as picked here: the stored one reaches this step a moment later (the store re-renders
  // the tool on a timer), and a re-render in between would otherwise put the old choice back.
  const [picked, setPicked] = useState<{ value: AnswerValue | undefined } | undefined>(undefined);
  const value = picked ? picked.value : stored;
  const inPractice = questions.filter((q) => q.practice === question.practice);
  const position = inPractice.indexOf(question) + 1;
  const [reasonError, setReasonError] = useState(false);
  const [draftReason, setDraftReason] = useState(reason);
  const next = () => {
    if (value === 'NA' && draftReason.trim() === '') {
      setReasonError(true);
      document.getElementById(`reason-${question.id}`)?.focus();
      return;
    }
    if (value === 'NA' && draftReason.trim() !== reason) giveReason(question.id, draftReason.trim());
    onMove(index + 1, value === undefined);
  };
  const practiceIndex = practiceIds.indexOf(question.practice);
  return (
    <section aria-labelledby="question-progress" class="quiz-step">
      <p class="quiz-step__overall">
        Practice {practiceIndex + 1} of {practiceIds.length} · question {index + 1} of {questions.length} overall
      </p>
      <progress max={questions.length} value={index} aria-label="Questions done" />
      <div class="quiz-step__body">
        <fieldset class="quiz-step__question">
          {/* The heading focused on each step is the question itself, so a screen reader says where
              you are and what is asked in one go; it also names the group of answers. */}
          <legend>
            <h2 id="question-progress" tabIndex={-1} ref={headingRef}>
              <span class="quiz-step__where">
                {practices[question.practice].name} · {position} of {inPractice.length}
                {/* Heard, not seen: a pause between where you are and the question. Not .visually-hidden,
                    whose out-of-flow box makes browsers put a space before it. */}
                <span class="quiz-step__pause">:</span>
              </span>{' '}
              {question.question}
            </h2>
          </legend>
          {answerChoices(question.scale).map((choice) => {
            const id = `answer-${question.id}-${String(choice.value)}`;
            return (
              <div class="choice" key={id}>
                <input
                  type="radio"
                  id={id}
                  name={`answer-${question.id}`}
                  value={String(choice.value)}
                  checked={value === choice.value}
                  onChange={() => {
                    setPicked({ value: choice.value });
                    answer(question.id, choice.value);
                    setReasonError(false);
                  }}
                />
                <label for={id}>{choice.label}</label>
              </div>
            );
          })}
          {value === 'NA' && (
            <div class="field">
              <label for={`reason-${question.id}`}>In one line, why doesn't it apply to you?</label>
              <input
                id={`reason-${question.id}`}
                type="text"
                maxLength={500}
                value={draftReason}
                aria-invalid={reasonError ? 'true' : undefined}
                aria-describedby={reasonError ? `reason-error-${question.id}` : undefined}
                onInput={(e) => setDraftReason(e.currentTarget.value)}
                onChange={(e) => giveReason(question.id, e.currentTarget.value.trim())}
              />
              {reasonError && (
                <p class="field__error" id={`reason-error-${question.id}`}>
                  Say in one line why it does not apply, so your team can check it.
                </p>
              )}
            </div>
          )}
        </fieldset>
        {/* Right after the answers, so Next is two Tab presses from them; the help's links come after. */}
        <p class="button-row">
          <button type="button" class="button button--secondary" onClick={() => onMove(index - 1)}>
            Back
          </button>{' '}
          <button type="button" class="button" onClick={next}>
            {/* Says what it does: with no answer chosen it skips the question. */}
            {index + 1 === questions.length ? (value === undefined ? 'Skip to my results' : 'See my results') : value === undefined ? 'Skip' : 'Next'}
          </button>
        </p>
        <aside class="quiz-step__good" aria-labelledby={`good-${question.id}`}>
          <h3 id={`good-${question.id}`}>What good looks like</h3>
          <p>{question.goodLooksLike}</p>
          {titles.guides[question.guide] && (
            <p>
              How to get there: <a href={`/guides/${question.guide}/`}>{titles.guides[question.guide]}</a>
            </p>
          )}
          <ChecklistBehind ids={question.checklist.filter((id) => titles.checklist[id])} titles={titles} done={checklistDone} />
        </aside>
      </div>
    </section>
  );
}


/** The checklist items behind a question, and how many of them are marked done in this browser. */
function ChecklistBehind({ ids, titles, done }: { ids: string[]; titles: Titles; done: ReadonlySet<string> | undefined }) {
  if (ids.length === 0) return null;
  return (
    <>
      <p class="quiz-step__checklist">
        On the checklist{done ? `: ${ids.filter((id) => done.has(id)).length} of ${ids.length} done` : ''}
      </p>
      <ul class="quiz-step__checklist-items">
        {ids.map((id) => (
          <li key={id}>
            <a href={`/checklist/#${id}`}>{titles.checklist[id]}</a>
            {done?.has(id) ? ' (done)' : ''}
          </li>
        ))}
      </ul>
    </>
  );
}
