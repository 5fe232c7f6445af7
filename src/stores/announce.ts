/**
 * What /announce/ keeps in this browser only. Reads and writes go through browser-storage.ts, as
 * every store's do; the stored shapes and their readers are in src/lib/announce/stored.ts.
 *
 * Keys:
 * - `plainsec:announce:v1`: the last announcement written, the share link's JSON
 *   (`{ "v": 1, "what", …, "alerts" }`, see src/lib/announce/stored.ts for why the version's key
 *   is `v`).
 * - `plainsec:announce-rules:v1`: "Your rules", the alerts loaded from announce-alerts.json, in
 *   that file's shape (`{ "plainsecAlerts": 1, "alerts": […] }`).
 * - `<key>:backup`: for each, what it held before a new announcement or a loaded file replaced it,
 *   for Undo (envelope with the time in src/lib/storage/backup.ts). It stays until Undo or "Keep
 *   the new ones", so Undo survives a reload.
 * - `<key>:unreadable`: saved text that could not be read, kept aside before anything overwrites it.
 * - The rule builder's `plainsec:rules:v1` is read (never written) for "My rules (the rule
 *   builder)"; its shape is in src/lib/rules/builder/stored-rules.ts.
 *
 * Migrations: none yet; both shapes are their first version.
 *
 * Both are read when this module loads in the browser, so the page's first render in the browser
 * already has them; another tab's write is read at once. Decoding never throws (a throwing decode
 * would break every island on the page at import time). Keeping a backup, Undo and its offer are in
 * announce-backups.ts, loaded only when there is a backup to keep or to offer (the page's 20 KB
 * budget). A replace whose backup cannot be kept is not made.
 */
import { atom } from 'nanostores';
import type { AlertChoice, AnnouncementInput } from '../lib/announce/announcement.ts';
import { alertListJson, parseAlertList } from '../lib/announce/alert-list.ts';
import { inputToJson } from '../lib/announce/share.ts';
import { announceKey, announcementIn, decodeLastAnnouncement, decodeOwnAlerts, ownAlertsFrom, ownAlertsKey } from '../lib/announce/stored.ts';
import { myRulesKey } from '../lib/rules/builder/stored-rules.ts';
import { readStored, removeStored, watchOtherTabs, writeStored } from './browser-storage.ts';

export { announceKey, ownAlertsFrom };
export const ownKey = ownAlertsKey;
const key = announceKey;

/** A plain-words problem to show the user, if loading or saving went wrong. */
export const $announceProblem = atom<string | undefined>(undefined);

/** Reads a key with its decoder; text that cannot be read is kept aside under `<key>:unreadable` and the problem said. */
function readOrKeepAside<T extends { problem?: string }>(storeKey: string, decode: (raw: string | null | undefined) => T): T {
  const raw = readStored(storeKey);
  const read = decode(raw);
  if (read.problem && typeof raw === 'string') {
    writeStored(`${storeKey}:unreadable`, raw);
    $announceProblem.set(read.problem);
  }
  return read;
}
const readLast = () => readOrKeepAside(key, decodeLastAnnouncement).input;
const readOwn = () => readOrKeepAside(ownKey, decodeOwnAlerts).alerts;

/** The last announcement kept in this browser. Change it with `setLastAnnouncement`. */
export const $lastAnnouncement = atom<AnnouncementInput | undefined>(readLast());
/** The user's own alerts, loaded from the Alertmanager export's announce-alerts.json. Change them with `setOwnAlerts`. */
export const $ownAlerts = atom<AlertChoice[]>(readOwn());

// Another tab's write shows here too.
watchOtherTabs([key], () => $lastAnnouncement.set(readLast()));
watchOtherTabs([ownKey], () => $ownAlerts.set(readOwn()));

/** Keeps an announcement (undefined forgets it); false, with nothing changed, when the browser will not. */
export function setLastAnnouncement(input: AnnouncementInput | undefined): boolean {
  if (input === undefined) removeStored(key);
  else if (!writeStored(key, inputToJson(input))) return false;
  $lastAnnouncement.set(input);
  return true;
}

/** Keeps the user's own alerts; false, with nothing changed, when the browser will not. */
export function setOwnAlerts(alerts: AlertChoice[]): boolean {
  if (!writeStored(ownKey, alertListJson(alerts))) return false;
  $ownAlerts.set(alerts);
  return true;
}

type Backups = typeof import('./announce-backups.ts');
/** Backups and Undo, loaded the first time there is something stored that a change would replace. */
let backups: Backups | undefined;
export async function loadBackups(): Promise<Backups> {
  if (!backups) {
    backups = await import('./announce-backups.ts');
    backups.connect({ announceKey, ownKey, ownAlertsFrom, $announceProblem, setLastAnnouncement, setOwnAlerts, announcementText: inputToJson, announcementIn });
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
  if (setLastAnnouncement(input)) return true;
  $announceProblem.set(
    'Your browser could not keep this announcement (its storage may be full or blocked). The texts below still work; copy the share link to keep it.',
  );
  return false;
}

/**
 * Reads an alerts file the user chose; keeps the alerts they had when it cannot be read. When a
 * list is loaded already, announce-backups.ts keeps it as the backup first. Returns a problem in
 * words, or undefined.
 */
export async function loadOwnAlerts(text: string, fileName: string): Promise<string | undefined> {
  const read = parseAlertList(text, ownAlertsFrom);
  if (!read.ok) return read.problem;
  if (typeof readStored(ownKey) === 'string') return (await loadBackups()).loadOwnAlertsOver(read.alerts, fileName);
  if (setOwnAlerts(read.alerts)) return undefined;
  return 'Your browser could not keep these rules (its storage may be full or blocked); they were not loaded.';
}

/** True when either store on this page has a backup to offer Undo for. */
export function hasBackups(): boolean {
  return [key, ownKey].some((k) => typeof readStored(`${k}:backup`) === 'string');
}

/**
 * The rule builder's saved rules as alerts ("My rules (the rule builder)"): none when none are
 * saved, undefined when they cannot be read (the page then keeps what it showed). The reader loads
 * only when there are saved rules.
 */
export async function builderAlerts(): Promise<AlertChoice[] | undefined> {
  const raw = readStored(myRulesKey);
  if (!raw) return [];
  const { alertsFromMyRules } = await import('../lib/announce/builder-alerts.ts');
  const read = alertsFromMyRules(raw);
  return read.ok ? read.alerts : undefined;
}

/**
 * Calls back when another tab changes the rule builder's rules, or a backup this page offers Undo
 * for; returns a function that stops watching.
 */
export function watchAnnounceTabs(builderRulesChanged: () => void, backupsChanged: () => void): () => void {
  const stopRules = watchOtherTabs([myRulesKey], builderRulesChanged);
  const stopBackups = watchOtherTabs([`${key}:backup`, `${ownKey}:backup`], backupsChanged);
  return () => {
    stopRules();
    stopBackups();
  };
}
