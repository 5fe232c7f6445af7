/**
 * What /announce/ keeps in this browser only.
 *
 * Keys:
 * - `plainsec:announce:v1`: the last announcement written, as `inputToJson` in
 *   src/lib/announce/share.ts writes it.
 * - `plainsec:announce-rules:v1`: "Your rules", the alerts loaded from announce-alerts.json, as
 *   `alertListJson` in src/lib/announce/alert-list.ts writes it.
 * - `<key>:backup`: for each, what it held before a new announcement or a loaded file replaced it,
 *   for Undo (envelope with the time in src/lib/storage/backup.ts). It stays until Undo or "Keep
 *   the new ones", so Undo survives a reload.
 * - `<key>:unreadable`: saved text that could not be read, kept aside before anything overwrites it.
 *
 * Decoding never throws (a throwing decode would break every island on the page at import time).
 * The persistent stores follow other tabs' writes themselves; the Undo offers follow them through
 * `watchOtherTabs`. A replace whose backup cannot be kept is not made.
 */
import { atom } from 'nanostores';
import { persistentAtom } from '@nanostores/persistent';
import type { AlertChoice, AnnouncementInput } from '../lib/announce/announcement.ts';
import { alertListFileName, alertListJson, parseAlertList } from '../lib/announce/alert-list.ts';
import { inputFromJson, inputToJson } from '../lib/announce/share.ts';
import type { Backup } from '../lib/storage/backup.ts';
import { dropBackup, keepBackup, readBackup, readStored, removeStored, watchOtherTabs, writeStored } from './browser-storage.ts';

const key = 'plainsec:announce:v1';

/** A plain-words problem to show the user, if loading or saving went wrong. */
export const $announceProblem = atom<string | undefined>(undefined);

function keepAside(raw: string): void {
  try {
    localStorage.setItem(`${key}:unreadable`, raw);
  } catch {
    // Storage is unavailable or full: the message below still tells the user.
  }
}

export const $lastAnnouncement = persistentAtom<AnnouncementInput | undefined>(key, undefined, {
  // Undefined removes the saved value (the store's engine deletes the key when encode returns undefined).
  encode: (input) => (input === undefined ? (undefined as unknown as string) : inputToJson(input)),
  decode(raw) {
    let read: ReturnType<typeof inputFromJson>;
    try {
      read = inputFromJson(JSON.parse(raw));
    } catch {
      read = { ok: false, problem: 'it is not readable' };
    }
    if (read.ok) return read.input;
    keepAside(raw);
    $announceProblem.set(
      `Your last announcement could not be loaded (${read.problem}). A copy of what was saved is kept in your browser under "${key}:unreadable".`,
    );
    return undefined;
  },
});

/** The backup Undo would put back for the last announcement; undefined when there is none. */
export const $announcementUndo = atom<Backup | undefined>(undefined);

/** Sets a persistent store; when the browser will not keep it, puts the backup from before back and returns false. */
function setKept<T>(store: { set(value: T): void }, value: T, storeKey: string, backupBefore: string | null | undefined): boolean {
  try {
    store.set(value);
    return true;
  } catch {
    if (typeof backupBefore === 'string') writeStored(`${storeKey}:backup`, backupBefore);
    else removeStored(`${storeKey}:backup`);
    return false;
  }
}

/** The announcement a stored text holds, or undefined. */
function announcementIn(text: string): AnnouncementInput | undefined {
  try {
    const read = inputFromJson(JSON.parse(text));
    return read.ok ? read.input : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps this announcement as the last one. A different last announcement is kept as the backup
 * first (Undo brings it back); when that backup cannot be kept, the new one is not kept either.
 * Says so and returns false when the browser will not keep it.
 */
export function keepAnnouncement(input: AnnouncementInput): boolean {
  const before = readStored(key);
  const backupBefore = readStored(`${key}:backup`);
  if (typeof before === 'string' && before !== inputToJson(input)) {
    const old = announcementIn(before);
    const what = old ? `Wrote a new announcement in place of “${old.what}”.` : 'Wrote a new announcement.';
    if (!keepBackup(key, before, what)) {
      $announceProblem.set(
        'Your browser could not keep a backup of your last announcement (its storage may be full), so the new one was not kept in this browser. The texts below still work; copy the share link to keep it.',
      );
      return false;
    }
  }
  if (!setKept($lastAnnouncement, input, key, backupBefore)) {
    $announceProblem.set(
      'Your browser could not keep this announcement (its storage may be full or blocked). The texts below still work; copy the share link to keep it.',
    );
    return false;
  }
  $announcementUndo.set(readBackup(key));
  return true;
}

/** Puts back the announcement kept as the backup, forgets the backup, and returns it; undefined when it cannot. */
export function undoAnnouncement(): AnnouncementInput | undefined {
  const backup = readBackup(key);
  const input = backup && announcementIn(backup.text);
  if (!input) {
    $announceProblem.set('The backup of your earlier announcement could not be read, so nothing was changed.');
    return undefined;
  }
  if (!setKept($lastAnnouncement, input, key, readStored(`${key}:backup`))) {
    $announceProblem.set('Your browser could not put your earlier announcement back (its storage may be full or blocked). Nothing was changed.');
    return undefined;
  }
  dropBackup(key);
  $announcementUndo.set(undefined);
  return input;
}

/** Keeps the new announcement and forgets the backup. */
export function keepNewAnnouncement(): void {
  dropBackup(key);
  $announcementUndo.set(undefined);
}

const ownKey = 'plainsec:announce-rules:v1';
/** What the page calls the user's own alerts. */
export const ownAlertsFrom = 'Your rules';

/** The user's own alerts, loaded from the Alertmanager export's announce-alerts.json; kept in this browser. */
export const $ownAlerts = persistentAtom<AlertChoice[]>(ownKey, [], {
  encode: alertListJson,
  decode(raw) {
    const read = parseAlertList(raw, ownAlertsFrom);
    if (read.ok) return read.alerts;
    try {
      localStorage.setItem(`${ownKey}:unreadable`, raw);
    } catch {
      // Storage is unavailable or full: the message below still tells the user.
    }
    $announceProblem.set(`Your own rules could not be loaded again; load ${alertListFileName} once more. A copy of what was saved is kept under "${ownKey}:unreadable".`);
    return [];
  },
});

/** The backup Undo would put back for "Your rules"; undefined when there is none. */
export const $ownAlertsUndo = atom<Backup | undefined>(undefined);

/**
 * Reads an alerts file the user chose; keeps the alerts they had when it cannot be read. The list
 * it replaces, as stored now (another tab may have loaded one), is kept as the backup first, so
 * Undo brings it back; when that backup cannot be kept, nothing is loaded. Returns a problem in
 * words, or undefined.
 */
export function loadOwnAlerts(text: string, fileName: string): string | undefined {
  const read = parseAlertList(text, ownAlertsFrom);
  if (!read.ok) return read.problem;
  const before = readStored(ownKey);
  const backupBefore = readStored(`${ownKey}:backup`);
  if (typeof before === 'string' && before !== alertListJson(read.alerts) && parseAlertList(before, ownAlertsFrom).ok) {
    if (!keepBackup(ownKey, before, `Loaded your rules from ${fileName}.`))
      return 'Your browser could not keep a backup of the rules loaded before (its storage may be full), so this file was not loaded. Nothing was changed.';
  }
  if (!setKept($ownAlerts, read.alerts, ownKey, backupBefore)) return 'Your browser could not keep these rules (its storage may be full or blocked); they were not loaded.';
  $ownAlertsUndo.set(readBackup(ownKey));
  return undefined;
}

/** Puts back the list of your rules kept as the backup, and forgets the backup; false when it cannot. */
export function undoOwnAlerts(): boolean {
  const backup = readBackup(ownKey);
  const read = backup ? parseAlertList(backup.text, ownAlertsFrom) : undefined;
  if (!read?.ok) {
    $announceProblem.set('The backup of the rules loaded before could not be read, so nothing was changed.');
    return false;
  }
  if (!setKept($ownAlerts, read.alerts, ownKey, readStored(`${ownKey}:backup`))) {
    $announceProblem.set('Your browser could not put the rules loaded before back (its storage may be full or blocked). Nothing was changed.');
    return false;
  }
  dropBackup(ownKey);
  $ownAlertsUndo.set(undefined);
  return true;
}

/** Keeps the newly loaded rules and forgets the backup. */
export function keepNewOwnAlerts(): void {
  dropBackup(ownKey);
  $ownAlertsUndo.set(undefined);
}

let watching = false;

/**
 * Reads the Undo offers (they survive a reload) and follows other tabs' backups; `mineChanged`
 * is called when another tab changes the rule builder's saved rules. Called once in the browser.
 */
export function startAnnounceStore(mineChanged: () => void, myRulesKey: string): void {
  $announcementUndo.set(readBackup(key));
  $ownAlertsUndo.set(readBackup(ownKey));
  if (watching) return;
  watching = true;
  watchOtherTabs(`${key}:backup`, () => $announcementUndo.set(readBackup(key)));
  watchOtherTabs(`${ownKey}:backup`, () => $ownAlertsUndo.set(readBackup(ownKey)));
  watchOtherTabs(myRulesKey, mineChanged);
}
