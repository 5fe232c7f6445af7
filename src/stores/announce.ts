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
 * The persistent stores follow other tabs' writes themselves. Keeping a backup, Undo and its
 * offer are in announce-backups.ts, loaded only when there is a backup to keep or to offer (the
 * page's 20 KB budget). A replace whose backup cannot be kept is not made.
 */
import { atom } from 'nanostores';
import { persistentAtom } from '@nanostores/persistent';
import type { AlertChoice, AnnouncementInput } from '../lib/announce/announcement.ts';
import { alertListFileName, alertListJson, parseAlertList } from '../lib/announce/alert-list.ts';
import { inputFromJson, inputToJson } from '../lib/announce/share.ts';
import { readStored } from './browser-storage.ts';

export const announceKey = 'plainsec:announce:v1';
const key = announceKey;

/** A plain-words problem to show the user, if loading or saving went wrong. */
export const $announceProblem = atom<string | undefined>(undefined);

function keepAside(raw: string): void {
  try {
    localStorage.setItem(`${key}:unreadable`, raw);
  } catch {
    // Storage is unavailable or full: the message below still tells the user.
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

type Backups = typeof import('./announce-backups.ts');
/** Backups and Undo, loaded the first time there is something stored that a change would replace. */
let backups: Backups | undefined;
export async function loadBackups(): Promise<Backups> {
  if (!backups) {
    backups = await import('./announce-backups.ts');
    backups.connect({ announceKey, ownKey, ownAlertsFrom, $announceProblem, $lastAnnouncement, $ownAlerts, announcementText: inputToJson, announcementIn });
  }
  return backups;
}

/**
 * Keeps this announcement as the last one. When one is kept already, announce-backups.ts keeps
 * it as the backup first (Undo brings it back). Says so and returns false when the browser will
 * not keep it.
 */
export async function keepAnnouncement(input: AnnouncementInput): Promise<boolean> {
  if (typeof readStored(key) === 'string') return (await loadBackups()).keepAnnouncementOver(input);
  // Nothing kept yet: no await between this read and the write, so nothing can slip in between.
  try {
    $lastAnnouncement.set(input);
    return true;
  } catch {
    $announceProblem.set(
      'Your browser could not keep this announcement (its storage may be full or blocked). The texts below still work; copy the share link to keep it.',
    );
    return false;
  }
}

export const ownKey = 'plainsec:announce-rules:v1';
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

/**
 * Reads an alerts file the user chose; keeps the alerts they had when it cannot be read. When a
 * list is loaded already, announce-backups.ts keeps it as the backup first. Returns a problem in
 * words, or undefined.
 */
export async function loadOwnAlerts(text: string, fileName: string): Promise<string | undefined> {
  const read = parseAlertList(text, ownAlertsFrom);
  if (!read.ok) return read.problem;
  if (typeof readStored(ownKey) === 'string') return (await loadBackups()).loadOwnAlertsOver(read.alerts, fileName);
  try {
    $ownAlerts.set(read.alerts);
  } catch {
    return 'Your browser could not keep these rules (its storage may be full or blocked); they were not loaded.';
  }
  return undefined;
}

/** True when either store on this page has a backup to offer Undo for. */
export function hasBackups(): boolean {
  return [key, ownKey].some((k) => typeof readStored(`${k}:backup`) === 'string');
}
