/**
 * The team on /assessment/team/: everyone's answers as one result file, kept in this browser only.
 *
 * Stored shape (key `plainsec:team:v1`), JSON:
 *   { "version": 1,
 *     "file": <result file, format 1, with every person in the team (any number, also none)>,
 *     "baseline"?: { "date": <ISO 8601 of the last snapshot>, "respondents": [<respondent>, …] } }
 * `baseline` is the team's answers as they were at the last snapshot (when the team was last saved
 * as a file, or when a saved team file was loaded): "what changed since the last snapshot" compares
 * the answers now with these, because a snapshot in the file holds practice scores only.
 * Whether the answers are revealed is not stored: they are hidden each time the page opens, so a
 * new meeting never starts with last time's answers on screen.
 *
 * Migrations: version 1 is the first shape. A later shape gets a new key (`plainsec:team:v2`) and
 * a reader here that takes a v1 text and returns the new shape; a version this page does not know
 * is kept aside (below) and never overwritten.
 *
 * Other keys:
 * - `plainsec:team:v1:backup`: the stored text before a removal, "Start a new team" or a change
 *   that replaced people, for Undo.
 * - `plainsec:team:v1:unreadable`: stored text this page could not read, kept aside before
 *   anything overwrites it.
 *
 * Decoding never throws. When the browser cannot store (full or blocked), the team stays on the
 * page and a plain message says to save it as a file.
 */
import { atom } from 'nanostores';
import type { ResultFile } from '../lib/assessment/model.ts';
import { checkResultValue } from '../lib/assessment/result-file.ts';
import type { TeamBaseline } from '../lib/assessment/team.ts';
import { readStored, removeStored, writeStored } from './browser-storage.ts';

export const teamStorageKey = 'plainsec:team:v1';
export const teamBackupKey = `${teamStorageKey}:backup`;
export const teamUnreadableKey = `${teamStorageKey}:unreadable`;

export type { TeamBaseline };

export interface TeamState {
  version: 1;
  file: ResultFile;
  baseline?: TeamBaseline;
}

/** A plain-words problem with reading or saving the team, shown at the top of the tool. */
export const $teamProblem = atom<string | undefined>(undefined);
/** The stored text before the last change that can be undone, with what that change was. */
export const $teamUndo = atom<{ text: string; what: string } | undefined>(undefined);

export function emptyTeamState(): TeamState {
  return { version: 1, file: { formatVersion: 1, respondents: [] } };
}

/** Reads the stored text; never throws. */
export function decodeTeam(raw: string | null): { state?: TeamState; problem?: string } {
  if (raw === null || raw === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { problem: 'The team kept in this browser could not be read (the stored text is not valid JSON).' };
  }
  if (typeof value !== 'object' || value === null || (value as { version?: unknown }).version !== 1) {
    return { problem: 'The team kept in this browser is in a shape this page does not know.' };
  }
  const { file, baseline } = value as { file?: unknown; baseline?: unknown };
  const checked = checkResultValue(file);
  if (!checked.ok) return { problem: `The team kept in this browser could not be read: ${checked.error}` };
  const state: TeamState = { version: 1, file: checked.file };
  if (typeof baseline === 'object' && baseline !== null) {
    // The baseline is read like a result file, so its answers pass the same checks.
    const b = baseline as { date?: unknown; respondents?: unknown };
    const asFile = checkResultValue({ formatVersion: 1, respondents: b.respondents, snapshots: [{ date: b.date, scores: {} }] });
    // A damaged baseline only loses "what changed"; the team itself is kept.
    if (asFile.ok) state.baseline = { date: b.date as string, respondents: asFile.file.respondents };
  }
  return { state };
}

const notKept =
  'Your browser is not keeping the team (its storage is full or blocked for this site). It stays on this page until you leave it: use "Save the team as a file" to keep it.';

let writesBlocked = false;
export const $team = atom<TeamState>(emptyTeamState());

/** Reads the browser's copy; called once when the team page starts in the browser. */
export function startTeam(): void {
  const raw = readStored(teamStorageKey);
  if (raw === undefined) {
    $teamProblem.set(notKept);
    return;
  }
  const { state, problem } = decodeTeam(raw);
  if (problem && raw !== null) {
    const keptAside = writeStored(teamUnreadableKey, raw);
    $teamProblem.set(
      `${problem} ${keptAside ? `A copy of what was stored is kept in your browser under "${teamUnreadableKey}", and` : 'It is left where it was, and'} you can start a new team below.`,
    );
    if (!keptAside) writesBlocked = true;
  }
  if (state) $team.set(state);
}

function persist(state: TeamState): void {
  $team.set(state);
  if (writesBlocked) return;
  if (writeStored(teamStorageKey, JSON.stringify(state))) {
    if ($teamProblem.get() === notKept) $teamProblem.set(undefined);
  } else {
    $teamProblem.set(notKept);
  }
}

/** Keeps the current team as the Undo backup before a change. */
function keepBackup(what: string): void {
  const text = JSON.stringify($team.get());
  // Without storage nothing is kept across pages anyway; Undo still works while the page is open.
  writeStored(teamBackupKey, text);
  $teamUndo.set({ text, what });
}

/** A new version of the team file (people added, a snapshot kept); the baseline stays unless given. */
export function setTeamFile(file: ResultFile, baseline?: TeamBaseline): void {
  const current = $team.get();
  const next: TeamState = { ...current, file };
  if (baseline) next.baseline = baseline;
  persist(next);
}

/** Removes a person, keeping the team before as the backup for Undo. */
export function removeFromTeam(file: ResultFile, label: string): void {
  keepBackup(`${label} was removed.`);
  setTeamFile(file);
}

/** Gives the team a name (empty text removes it). */
export function nameTeam(name: string): void {
  const file = { ...$team.get().file };
  const trimmed = name.trim().slice(0, 200);
  if (trimmed) file.team = trimmed;
  else delete file.team;
  setTeamFile(file);
}

/** Starts a new, empty team; the old one becomes the backup, so Undo brings it back. */
export function startNewTeam(): void {
  keepBackup('A new team was started.');
  persist(emptyTeamState());
}

/** Puts the team back as it was before the last removal or new start. */
export function undoTeamChange(): void {
  const { state } = decodeTeam($teamUndo.get()?.text ?? null);
  if (!state) return;
  persist(state);
  removeStored(teamBackupKey);
  $teamUndo.set(undefined);
}
