/**
 * The team on /assessment/team/: everyone's answers as one result file, kept in this browser only.
 * Reads and writes go through browser-storage.ts; the stored shape, its reader and migrations are
 * in src/lib/assessment/stored.ts.
 *
 * Keys:
 * - `plainsec:team:v1`: `{ "version": 1, "file": <result file, format 1, with every person in the
 *   team (any number, also none)> }` (`decodeTeam`). The team's history is the file's team
 *   snapshots (src/lib/assessment/trend.ts): each holds the scores and every question's team value
 *   when the team's result was saved or downloaded, so "what changed" needs nothing else. Whether
 *   the answers are revealed is not stored: they are hidden each time the page opens, so a new
 *   meeting never starts with last time's answers on screen.
 * - `plainsec:team:v1:backup`: the team as it was before a removal, "Start a new team", or people
 *   added from a link or file that replaced someone (or joined as another person), for Undo, in
 *   the backup envelope of src/lib/storage/backup.ts (`{ "backup": 1, "takenAt", "what", "text" }`,
 *   `text` being this store's own text). Backups written before the envelope are the stored text
 *   alone and still undo.
 * - `plainsec:team:v1:unreadable`: stored text this page could not read, kept aside before
 *   anything overwrites it.
 *
 * Migrations: version 1 is the first shape; text from earlier builds that also holds "baseline"
 * is read past, and the key is dropped at the next change. A later shape gets a new key
 * (`plainsec:team:v2`) and a reader in src/lib/assessment/stored.ts; a version this page does not
 * know is kept aside and never overwritten.
 *
 * Every change starts from the team as stored now, not as this tab read it earlier, and a change
 * made in another tab is read at once (`watchOtherTabs`): two tabs adding different people keep
 * both. A change that replaces people is made only once its backup is written.
 *
 * Decoding never throws. When the browser cannot store (full or blocked), the team stays on the
 * page and a plain message says to save it as a file.
 */
import { atom } from 'nanostores';
import type { ResultFile } from '../lib/assessment/model.ts';
import { decodeTeam, emptyTeamState, type TeamState } from '../lib/assessment/stored.ts';
import type { Backup } from '../lib/storage/backup.ts';
import { readStored, writeStored, watchOtherTabs } from './browser-storage.ts';
import { dropBackup, keepBackup, readBackup } from './backups.ts';

const teamStorageKey = 'plainsec:team:v1';
const teamUnreadableKey = `${teamStorageKey}:unreadable`;

export { emptyTeamState, type TeamState } from '../lib/assessment/stored.ts';

/** A plain-words problem with reading or saving the team, shown at the top of the tool. */
export const $teamProblem = atom<string | undefined>(undefined);
/** The backup kept before the last change that can be undone (also after a reload). */
export const $undo = atom<Backup | undefined>(undefined);
/** False until this browser's copy has been read: until then the page shows no team, not even an empty one. */
export const $teamReady = atom(false);

const notKept =
  'Your browser is not keeping the team (its storage is full or blocked for this site). It stays on this page until you leave it: use "Save the team as a file" to keep it.';
const noBackup =
  'Your browser could not keep a backup of the team (its storage is full or blocked), so nothing was changed. Use "Save the team as a file" first, then try again.';

let writesBlocked = false;
export const $team = atom<TeamState>(emptyTeamState());

/** Re-reads the stored team and backup into the page (another tab changed them). */
function refresh(): void {
  const { state } = decodeTeam(readStored(teamStorageKey) ?? null);
  if (state) $team.set(state);
  $undo.set(readBackup(teamStorageKey));
}

let stopWatching: (() => void) | undefined;

/**
 * Reads the browser's copy; called once when the team page starts in the browser. From then on a
 * change another tab makes is read at once. Returns a function that stops watching.
 */
export function startTeam(): () => void {
  stopWatching?.();
  stopWatching = watchOtherTabs([teamStorageKey], refresh);
  const stop = () => {
    stopWatching?.();
    stopWatching = undefined;
  };
  const raw = readStored(teamStorageKey);
  $teamReady.set(true);
  if (raw === undefined) {
    $teamProblem.set(notKept);
    return stop;
  }
  $undo.set(readBackup(teamStorageKey));
  const { state, problem } = decodeTeam(raw);
  if (problem && raw !== null) {
    const keptAside = writeStored(teamUnreadableKey, raw);
    $teamProblem.set(
      `${problem} ${keptAside ? `A copy of what was stored is kept in your browser under "${teamUnreadableKey}", and` : 'It is left where it was, and'} you can start a new team below.`,
    );
    if (!keptAside) writesBlocked = true;
  }
  if (state) $team.set(state);
  return stop;
}

/**
 * The team as stored now, which another tab may have changed since this one read it (this tab's
 * own copy when nothing readable is stored). Also shown on the page, so what a person decides on
 * is what is stored.
 */
export function latestTeam(): TeamState {
  const { state } = decodeTeam(readStored(teamStorageKey) ?? null);
  if (state) $team.set(state);
  return $team.get();
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

/**
 * Keeps the team as stored now as the Undo backup, saying what is about to change it. False (with
 * a plain message) when the browser will not keep it: the caller then changes nothing.
 */
function backUp(current: TeamState, what: string): boolean {
  const backup = keepBackup(teamStorageKey, JSON.stringify(current), what);
  if (!backup) {
    $teamProblem.set(noBackup);
    return false;
  }
  if ($teamProblem.get() === noBackup) $teamProblem.set(undefined);
  $undo.set(backup);
  return true;
}

/**
 * Changes the team as stored now. With `backup`, the team before is kept first for Undo, and when
 * that cannot be written nothing changes and false is returned.
 */
export function changeTeam(change: (state: TeamState) => TeamState, backup?: string): boolean {
  const current = latestTeam();
  if (backup !== undefined && !backUp(current, backup)) return false;
  if (backup !== undefined) writesBlocked = false;
  persist(change(current));
  return true;
}

/** A new version of the team file (people added, a snapshot kept). */
export function setTeamFile(file: ResultFile): void {
  changeTeam(() => ({ version: 1, file }));
}

/**
 * Changes the team file as stored now with `keep` (today's team result added to its trend:
 * `withResultKept` in src/lib/assessment/keep-result.ts). Returns the file as kept.
 */
export function keepTeamFile(keep: (file: ResultFile) => ResultFile): ResultFile {
  changeTeam((current) => ({ version: 1, file: keep(current.file) }));
  return $team.get().file;
}

/** Removes a person, keeping the team before as the backup for Undo; false when nothing could be kept. */
export function removeFromTeam(id: string, label: string): boolean {
  return changeTeam(
    (current) => ({ ...current, file: { ...current.file, respondents: current.file.respondents.filter((r) => r.id !== id) } }),
    `${label} was removed.`,
  );
}

/** Gives the team a name (empty text removes it). */
export function nameTeam(name: string): void {
  changeTeam((current) => {
    const file = { ...current.file };
    const trimmed = name.trim().slice(0, 200);
    if (trimmed) file.team = trimmed;
    else delete file.team;
    return { ...current, file };
  });
}

/** Starts a new, empty team; the old one becomes the backup, so Undo brings it back. */
export function startNewTeam(): boolean {
  return changeTeam(() => emptyTeamState(), 'A new team was started.');
}

/**
 * Puts the team back as it was before the last change with a backup (a backup from before the
 * envelope too). Undo swaps: the team as it is now (with anyone added since) becomes the backup,
 * so a second Undo brings it back and nothing is lost.
 */
export function undoTeamChange(): boolean {
  const backup = readBackup(teamStorageKey) ?? $undo.get();
  const { state } = decodeTeam(backup?.text ?? null);
  if (!state) {
    $teamProblem.set('The backup could not be read, so the team was left as it is.');
    return false;
  }
  return changeTeam(() => state, 'Undo put back the earlier team.');
}

/** Keeps the team as it is now and forgets the backup. */
export function keepTeamChange(): void {
  dropBackup(teamStorageKey);
  $undo.set(undefined);
}
