/**
 * The team view: add everyone's share links and result files, see who is in, then reveal all the
 * answers at once. What the team sees after the reveal (scores, flags, plan, exports, trend) is in
 * TeamViewResults.tsx and loads only then, so the page starts with little code. The team is kept
 * in this browser (src/stores/team.ts); all figures come from src/lib/assessment.
 *
 * Until the kept team has been read the page shows only "Reading your saved progress…", never an
 * empty team that then fills. A person who arrives again with other answers is not replaced
 * without asking, and every change that replaces people keeps a backup for Undo.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { saveFile } from './browser-files.ts';
import { useStore } from '@nanostores/preact';
import { otherModelNote, questionSetOf, stamped, type Question, type ResultFile } from '../lib/assessment/model.ts';
import { maxResultBytes, megabytes, parseResultText, resultFileText } from '../lib/assessment/result-file.ts';
import { mergeResults } from '../lib/assessment/merge.ts';
import {
  addAsAnotherPerson,
  personLabel,
  refusalOf,
  replacePerson,
  sortArrivals,
  type Conflict,
  type Incoming,
  type Refused,
} from '../lib/assessment/team.ts';
import { backupNotice } from '../lib/storage/backup-words.ts';
import { namesInWords } from '../lib/text/words.ts';
import { answeredCount } from '../lib/assessment/stored.ts';
import { storedOwnAnswers } from '../stores/assessment.ts';
import { now } from '../stores/clock.ts';
import {
  $team,
  $teamProblem,
  $teamReady,
  changeTeam,
  keepTeamChange,
  keepTeamFile,
  latestTeam,
  nameTeam,
  removeFromTeam,
  setTeamFile,
  startNewTeam,
  startTeam,
  undoTeamChange,
  $undo,
} from '../stores/team.ts';
import ReadingState from './ReadingState.tsx';
import { UndoNotice } from './UndoButtons.tsx';

import type { FrameworkIds } from '../lib/frameworks/maps-to.ts';

type ResultsModule = typeof import('./TeamViewResults.tsx');

interface Props {
  questions: Question[];
  guideTitles: Record<string, string>;
  /** The framework ids of each question's checklist items and alert rules, for the exports and the printed report. */
  mapsTo: Record<string, FrameworkIds>;
}

const today = () => now().toISOString().slice(0, 10);
const newId = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `p-${now().getTime().toString(36)}-${Math.random().toString(36).slice(2)}`;
const day = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
};

export default function TeamView({ questions, guideTitles, mapsTo }: Props) {
  const state = useStore($team);
  const problem = useStore($teamProblem);
  const undo = useStore($undo);
  const live = useStore($teamReady);
  // People already in the team who arrived with other answers, asked about one at a time.
  const [pending, setPending] = useState<Conflict[]>([]);
  const askRef = useRef<HTMLDivElement>(null);
  const [links, setLinks] = useState('');
  const [refused, setRefused] = useState<Refused[]>([]);
  const [added, setAdded] = useState('');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  // Set when something needs the team's name and it has none: shown under the name field.
  const [nameNeeded, setNameNeeded] = useState('');
  const nameRef = useRef<HTMLInputElement>(null);
  const [results, setResults] = useState<ResultsModule | undefined>(undefined);
  // Not stored: the answers are hidden each time the page opens, so no meeting starts with them shown.
  const [revealed, setRevealed] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moveFocus = useRef(false);
  const questionSet = useMemo(() => questionSetOf(questions), [questions]);
  const team = state.file;
  const people = team.respondents;
  const showResults = revealed && people.length > 0;

  useEffect(() => startTeam(), []);
  // The question about a person who arrived again takes focus, so it is read out and answered first.
  useEffect(() => {
    if (pending.length > 0) askRef.current?.focus();
  }, [pending[0]]);
  useEffect(() => {
    if (showResults && !results) void import('./TeamViewResults.tsx').then(setResults);
  }, [showResults]);
  useEffect(() => {
    if (moveFocus.current && headingRef.current) {
      headingRef.current.focus();
      moveFocus.current = false;
    }
  }, [results, showResults]);

  const say = (text: string) => setStatus(text);

  /**
   * Adds what was read to the team as stored now. Bad ones are listed and change nothing; people
   * already in the team with the same answers are said to be there; people already in the team
   * with other answers are asked about before anything replaces them.
   */
  const join = (incoming: Incoming[], bad: Refused[]) => {
    const current = latestTeam();
    const allBad = [...bad];
    const accepted: ResultFile[] = [];
    for (const item of incoming) {
      const reason = refusalOf(item.file, questionSet);
      if (reason === undefined) accepted.push(item.file);
      else allBad.push({ source: item.source, reason });
    }
    setRefused(allBad);
    const { fresh, alreadyThere, conflicts } = sortArrivals(current.file, accepted);
    const parts: string[] = [];
    // Checked before joining: what joins is stamped with this page's model version.
    const olderModel = incoming.filter((i) => accepted.includes(i.file)).flatMap((i) => otherModelNote(i.file, i.source) ?? []);
    const newcomers = fresh.reduce((n, f) => n + f.respondents.length, 0);
    if (fresh.length > 0) {
      // What joins is marked with this page's model version and question set (see addToTeam).
      const merged = mergeResults([current.file, ...fresh.map((f) => stamped(f, questionSet))]);
      if (JSON.stringify(merged.file) !== JSON.stringify(current.file)) setTeamFile(merged.file);
      const before = new Set(current.file.respondents.map((r) => r.id));
      const added = merged.file.respondents.filter((r) => !before.has(r.id)).map((r) => personLabel(merged.file, r.id));
      if (newcomers > 0) parts.push(`Added ${added.length === 1 ? '1 person' : `${added.length} people`}: ${namesInWords(added)}.`);
      for (const r of merged.replaced) {
        parts.push(`${personLabel(merged.file, r.id)} was in more than one link or file: the later answers, from ${day(r.kept)}, are kept.`);
      }
    }
    const team = $team.get().file;
    for (const id of alreadyThere) parts.push(`${personLabel(team, id)} is already in the team with these answers.`);
    if (conflicts.length > 0) {
      const who = namesInWords(conflicts.map((c) => personLabel(team, c.earlier.id)));
      parts.push(`${who} ${conflicts.length === 1 ? 'is' : 'are'} already in the team with other answers: choose what to do below.`);
      setPending((waiting) => [...waiting, ...conflicts]);
    }
    if (allBad.length > 0) parts.push(`${allBad.length === 1 ? 'One was' : `${allBad.length} were`} refused; see the list.`);
    parts.push(...olderModel);
    const changed = newcomers > 0 || conflicts.length > 0 || alreadyThere.length > 0;
    if (!changed) {
      setAdded('');
      say(allBad.length > 0 ? `Nothing was added: ${allBad.length === 1 ? 'one was' : `${allBad.length} were`} refused. Everything else is as it was.` : 'There was nothing to add.');
      return allBad;
    }
    setAdded(parts.join(' '));
    say(parts.join(' '));
    return allBad;
  };

  /** The answer to "Replace X's earlier answers with these?" for the first person waiting. */
  const settle = (choice: 'replace' | 'another' | 'cancel') => {
    const [conflict, ...rest] = pending;
    if (!conflict) return;
    const label = personLabel($team.get().file, conflict.earlier.id);
    let done = true;
    if (choice === 'replace') {
      done = changeTeam((s) => ({ ...s, file: replacePerson(s.file, conflict.incoming) }), `${label}’s earlier answers were replaced.`);
      if (done) say(`${label}’s answers were replaced. Undo puts the earlier ones back.`);
    } else if (choice === 'another') {
      let added = '';
      done = changeTeam((s) => {
        const next = addAsAnotherPerson(s.file, conflict.incoming, newId());
        added = personLabel(next.file, next.id);
        return { ...s, file: next.file };
      }, `${label}’s new answers were added as another person.`);
      if (done) say(`The new answers were added as another person, ${added}. Undo takes them out again.`);
    } else {
      say(`Nothing was changed: ${label}’s earlier answers are kept.`);
    }
    // When the backup could not be kept, nothing changed and the question stays for another try.
    if (done) setPending(rest);
  };

  const addLinks = async () => {
    const lines = links.split(/\r?\n/).map((line, i) => ({ line: line.trim(), source: `Line ${i + 1}` }));
    const given = lines.filter((l) => l.line !== '');
    if (given.length === 0) {
      setRefused([]);
      say('Paste at least one share link or code first, one per line.');
      return;
    }
    setBusy(true);
    const { decodeShareCode, shareCodeFrom } = await import('../lib/assessment/share-code.ts');
    const incoming: Incoming[] = [];
    const bad: Refused[] = [];
    for (const { line, source } of given) {
      const code = shareCodeFrom(line);
      if (code === '') {
        bad.push({ source, reason: 'It holds no share code. Paste the whole link the person sent, or just the part after "#r=".' });
        continue;
      }
      const decoded = await decodeShareCode(code);
      if (decoded.ok) incoming.push({ source, file: decoded.file });
      else bad.push({ source, reason: decoded.error });
    }
    const allBad = join(incoming, bad);
    // Keep only the lines that were refused, so they can be fixed; the others are in the team now.
    const refusedSources = new Set(allBad.map((b) => b.source));
    setLinks(given.filter((g) => refusedSources.has(g.source)).map((g) => g.line).join('\n'));
    setBusy(false);
  };

  const addFiles = async (files: readonly File[]) => {
    if (files.length === 0) return;
    setBusy(true);
    const incoming: Incoming[] = [];
    const bad: Refused[] = [];
    for (const picked of files) {
      const source = `"${picked.name}"`;
      if (picked.size > maxResultBytes) {
        bad.push({ source, reason: `This file is ${megabytes(picked.size)} MB; a result file is at most 1 MB. Check that you picked a Plainsec result file.` });
        continue;
      }
      const parsed = parseResultText(await picked.text(), picked.size);
      if (parsed.ok) incoming.push({ source, file: parsed.file });
      else bad.push({ source, reason: parsed.error });
    }
    join(incoming, bad);
    setBusy(false);
  };

  const addMine = () => {
    const { state: own, problem: ownProblem } = storedOwnAnswers();
    const answered = own && answeredCount(own) > 0;
    if (!own || !answered) {
      setRefused([
        {
          source: 'Your own answers',
          reason: ownProblem ?? 'This browser holds no answers of yours yet. Answer the self-assessment first, then come back to this page.',
        },
      ]);
      setAdded('');
      say('Nothing was added.');
      return;
    }
    join([{ source: 'Your own answers', file: own.file }], []);
  };

  /**
   * True when the team has a name. Otherwise asks for it once, at the name field (it heads every
   * export and names every file), and returns false so nothing is saved without it.
   */
  const ensureTeamName = (): boolean => {
    if (latestTeam().file.team) return true;
    setNameNeeded('Give the team a name first: it goes at the top of every export and in the file names. It is kept for next time.');
    say('Give the team a name first.');
    nameRef.current?.focus();
    return false;
  };

  /** Today's team result, kept in the team as a point of its trend; the team file as kept. */
  const keepTeamResult = async (): Promise<ResultFile> => {
    const { withResultKept } = await import('../lib/assessment/keep-result.ts');
    const at = now();
    return keepTeamFile((file) => withResultKept(file, questions, at, 'team'));
  };

  const saveTeam = async () => {
    if (!ensureTeamName()) return;
    const [saved, { teamFileName }] = await Promise.all([keepTeamResult(), import('../lib/assessment/file-names.ts')]);
    const name = teamFileName(saved.team, 'result', today(), 'json');
    saveFile(name, resultFileText(saved), 'application/json');
    say(`Saved as ${name}. Today's team result is kept for the trend; load this file here next time to see what changed.`);
  };

  const reveal = () => {
    moveFocus.current = true;
    setRevealed(true);
  };

  if (!live) {
    return (
      <div class="team">
        <ReadingState noJs="Adding people needs JavaScript. Everything stays in this browser." />
      </div>
    );
  }

  const disabled = busy;
  const asking = pending[0];
  const askingLabel = asking ? personLabel(team, asking.earlier.id) : '';
  return (
    <div class="team">
      <p class="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {problem && (
        <div class="notice notice--error" role="alert">
          <p>{problem}</p>
        </div>
      )}
      {undo && (
        <UndoNotice
          message={backupNotice(undo, { subject: 'The team before that' }, now())}
          onUndo={() => {
            if (undoTeamChange()) say('Undone: the team is as it was.');
          }}
          onKeep={() => keepTeamChange()}
          keepLabel="Keep this change"
        />
      )}
      <section aria-labelledby="add-people" class="team-add">
        <h2 id="add-people">Add people</h2>
        <p>Each person answers the self-assessment alone, then sends you their share link or saved file.</p>
        <div class="field">
          <label for="team-links">Share links or codes, one per line</label>
          <textarea id="team-links" rows={4} value={links} onInput={(e) => setLinks(e.currentTarget.value)} />
        </div>
        <p class="button-row">
          <button type="button" class="button" disabled={disabled} onClick={() => void addLinks()}>
            Add these links
          </button>{' '}
          <button type="button" class="button button--secondary" disabled={disabled} onClick={addMine}>
            Add my own answers
          </button>
        </p>
        <div
          class={`field drop-zone${dragging ? ' drop-zone--over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            void addFiles([...(e.dataTransfer?.files ?? [])]);
          }}
        >
          <label for="team-files">Result files (JSON, at most 1 MB each): pick several, or drop them here</label>
          <input
            id="team-files"
            type="file"
            multiple
            accept="application/json,.json"
            disabled={disabled}
            onChange={(e) => {
              const input = e.currentTarget;
              const files = [...(input.files ?? [])];
              input.value = '';
              void addFiles(files);
            }}
          />
        </div>
        {refused.length > 0 && (
          <div class="notice notice--error" role="alert">
            <p>
              <strong>Not added:</strong>
            </p>
            <ul class="refused">
              {refused.map((r, i) => (
                <li key={`${r.source}-${i}`}>
                  <strong>{r.source}</strong>: {r.reason}
                </li>
              ))}
            </ul>
            <p>{added ? 'The others were added.' : 'Nothing on this page was changed.'}</p>
          </div>
        )}
        {asking && (
          <div class="notice ask-first" role="group" aria-labelledby="ask-first-question" tabIndex={-1} ref={askRef}>
            <p id="ask-first-question">
              <strong>Replace {askingLabel}’s earlier answers with these?</strong>
            </p>
            <p>
              {askingLabel} is already in the team, with answers from {day(asking.earlier.answeredAt)}. The link or file holds other answers,
              from {day(asking.incoming.answeredAt)}. Either way the team as it is now is kept as a backup, so Undo can put it back.
            </p>
            <p class="button-row">
              <button type="button" class="button" onClick={() => settle('replace')}>
                Replace
              </button>{' '}
              <button type="button" class="button button--secondary" onClick={() => settle('another')}>
                Add as another person
              </button>{' '}
              <button type="button" class="button button--secondary" onClick={() => settle('cancel')}>
                Cancel
              </button>
            </p>
            {pending.length > 1 && <p class="hint">Then {pending.length - 1} more to choose for.</p>}
          </div>
        )}
        {added && <p class="hint">{added}</p>}
      </section>

      <section aria-labelledby="team-people" class="team-people">
        <h2 id="team-people">The team{people.length > 0 ? ` (${people.length === 1 ? '1 person' : `${people.length} people`})` : ''}</h2>
        {people.length === 0 ? (
          <p>Nobody yet. Add share links or files above.</p>
        ) : (
          <section class="table-scroll" aria-label="People in the team" tabIndex={0}>
            <table class="team-people__table">
              <caption>People in the team</caption>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Role</th>
                  <th scope="col">Answered on</th>
                  <th scope="col">Answers</th>
                  <th scope="col">
                    <span class="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {people.map((r) => {
                  const label = personLabel(team, r.id);
                  return (
                    <tr key={r.id}>
                      <th scope="row">{label}</th>
                      <td>{r.role ?? '—'}</td>
                      <td class="num">{day(r.answeredAt)}</td>
                      <td class="num">
                        {Object.keys(r.answers).length} of {questions.length}
                      </td>
                      <td>
                        <button
                          type="button"
                          class="button button--secondary button--small"
                          disabled={disabled}
                          onClick={() => {
                            if (removeFromTeam(r.id, label)) say(`${label} was removed. Undo puts them back.`);
                          }}
                        >
                          Remove <span class="visually-hidden">{label}</span>
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        )}
        <div class="field">
          <label for="team-name">Team name</label>
          <p class="hint" id="team-name-hint">
            Asked once and kept: it heads every export and names the files.
          </p>
          {nameNeeded && !team.team && (
            <p class="field__error" id="team-name-error">
              {nameNeeded}
            </p>
          )}
          <input
            id="team-name"
            type="text"
            maxLength={200}
            ref={nameRef}
            value={team.team ?? ''}
            aria-describedby={nameNeeded && !team.team ? 'team-name-hint team-name-error' : 'team-name-hint'}
            aria-invalid={nameNeeded && !team.team ? 'true' : undefined}
            onChange={(e) => {
              nameTeam(e.currentTarget.value);
              if (e.currentTarget.value.trim()) setNameNeeded('');
            }}
          />
        </div>
        <p class="button-row">
          <button type="button" class="button" disabled={disabled || people.length === 0} onClick={() => void saveTeam()}>
            Save the team as a file
          </button>{' '}
          <button
            type="button"
            class="button button--secondary"
            disabled={disabled || people.length === 0}
            onClick={() => {
              if (!startNewTeam()) return;
              setRefused([]);
              setAdded('');
              setPending([]);
              say('A new, empty team was started. Undo brings the old one back.');
            }}
          >
            Start a new team
          </button>
        </p>
        <p class="hint">The saved file holds everyone's answers and the team's scores over time. Load it here next time, like any result file.</p>
      </section>

      <section aria-labelledby="reveal-heading" class="team-reveal">
        <h2 id="reveal-heading">Reveal together</h2>
        <p>
          Answers stay hidden until everyone is in, then show all at once, so nobody anchors on the first or loudest voice.
        </p>
        {!showResults && (
          <p class="button-row">
            <button type="button" class="button" disabled={disabled || people.length === 0} onClick={reveal}>
              Reveal all answers
            </button>
          </p>
        )}
        {showResults && !results && (
          <p role="status" class="hint">
            Working out the team's results…
          </p>
        )}
      </section>
      {showResults && results && (
        <>
          <results.TeamResults
            questions={questions}
            guideTitles={guideTitles}
            mapsTo={mapsTo}
            state={state}
            headingRef={headingRef}
            onNotice={say}
            onDownload={saveFile}
            onKeepResult={() => void keepTeamResult()}
            ensureTeamName={ensureTeamName}
          />
          <p class="button-row">
            <button type="button" class="button button--secondary" onClick={() => setRevealed(false)}>
              Hide the answers again
            </button>
          </p>
        </>
      )}
    </div>
  );
}
