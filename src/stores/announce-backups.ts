/**
 * The announce page's backups and Undo: what a new announcement or a loaded alerts file replaced,
 * kept under `<key>:backup` (keys, shapes and migrations: see announce.ts). Loaded only when there
 * is something to back up or to offer, so the page stays within its budget before anyone does
 * anything.
 */
import { atom } from 'nanostores';
import type { AlertChoice, AnnouncementInput } from '../lib/announce/announcement.ts';
import { alertListJson, parseAlertList } from '../lib/announce/alert-list.ts';
import type { Backup } from '../lib/storage/backup.ts';
import type { WritableAtom } from 'nanostores';
import { readStored, removeStored, writeStored, watchOtherTabs } from './browser-storage.ts';
import { dropBackup, keepBackup, readBackup } from './backups.ts';

/**
 * The page's stores, handed over by announce.ts when it loads this module. Not imported from it:
 * importing would split the store out of the page's first chunk and cost the page's budget.
 */
export interface AnnounceStores {
  announceKey: string;
  ownKey: string;
  ownAlertsFrom: string;
  $announceProblem: WritableAtom<string | undefined>;
  /** Keep a value in the store and the browser; false, with nothing changed, when the browser will not. */
  setLastAnnouncement: (input: AnnouncementInput) => boolean;
  setOwnAlerts: (alerts: AlertChoice[]) => boolean;
  /** The stored text of an announcement, and back (share.ts, passed in for the same reason). */
  announcementText: (input: AnnouncementInput) => string;
  announcementIn: (text: string) => AnnouncementInput | undefined;
}
let stores: AnnounceStores;
let announceKey = '';
let ownKey = '';

/**
 * The backups Undo would put back, for the last announcement and for "Your rules"; each undefined
 * when there is none.
 */
export const $undo = atom<{ announcement?: Backup; ownAlerts?: Backup }>({});

function refresh(): void {
  $undo.set({ announcement: readBackup(announceKey), ownAlerts: readBackup(ownKey) });
}

/** Called once by announce.ts: reads the Undo offers, and follows other tabs' backups. */
export function connect(from: AnnounceStores): void {
  stores = from;
  ({ announceKey, ownKey } = from);
  refresh();
  // Another tab's Undo, or a backup it kept, shows here too.
  watchOtherTabs([`${announceKey}:backup`, `${ownKey}:backup`], refresh);
}

/** Keeps a value with `set`; when the browser will not keep it, puts the backup from before back and returns false. */
function setKept<T>(set: (value: T) => boolean, value: T, storeKey: string, backupBefore: string | null | undefined): boolean {
  const kept = set(value);
  if (!kept) {
    if (typeof backupBefore === 'string') writeStored(`${storeKey}:backup`, backupBefore);
    else removeStored(`${storeKey}:backup`);
  }
  refresh();
  return kept;
}

/**
 * Keeps this announcement as the last one, the one kept before (as stored now: another tab may
 * have written it) kept as the backup first. When that backup cannot be kept, the new one is not
 * kept either. Says so and returns false when the browser will not keep it.
 */
export function keepAnnouncementOver(input: AnnouncementInput): boolean {
  const before = readStored(announceKey);
  const backupBefore = readStored(`${announceKey}:backup`);
  if (typeof before === 'string' && before !== stores.announcementText(input)) {
    const old = stores.announcementIn(before);
    if (!keepBackup(announceKey, before, old ? `Wrote a new announcement in place of “${old.what}”.` : 'Wrote a new announcement.')) {
      stores.$announceProblem.set(
        'Your browser could not keep a backup of your last announcement (its storage may be full), so the new one was not kept in this browser. The texts below still work; copy the share link to keep it.',
      );
      return false;
    }
  }
  if (setKept(stores.setLastAnnouncement, input, announceKey, backupBefore)) return true;
  stores.$announceProblem.set('Your browser could not keep this announcement (its storage may be full or blocked). The texts below still work; copy the share link to keep it.');
  return false;
}

/**
 * Keeps these alerts as "Your rules", the list loaded before (as stored now) kept as the backup
 * first; when that backup cannot be kept, nothing is loaded. Returns a problem in words, or undefined.
 */
export function loadOwnAlertsOver(alerts: AlertChoice[], fileName: string): string | undefined {
  const before = readStored(ownKey);
  const backupBefore = readStored(`${ownKey}:backup`);
  if (typeof before === 'string' && before !== alertListJson(alerts) && parseAlertList(before, stores.ownAlertsFrom).ok) {
    if (!keepBackup(ownKey, before, `Loaded your rules from ${fileName}.`))
      return 'Your browser could not keep a backup of the rules loaded before (its storage may be full), so this file was not loaded. Nothing was changed.';
  }
  if (setKept(stores.setOwnAlerts, alerts, ownKey, backupBefore)) return undefined;
  return 'Your browser could not keep these rules (its storage may be full or blocked); they were not loaded.';
}

/** Puts back the announcement kept as the backup, forgets the backup, and returns it; undefined when it cannot. */
export function undoAnnouncement(): AnnouncementInput | undefined {
  const backup = readBackup(announceKey);
  const input = backup && stores.announcementIn(backup.text);
  if (!input) {
    stores.$announceProblem.set('The backup of your earlier announcement could not be read, so nothing was changed.');
    return undefined;
  }
  if (!setKept(stores.setLastAnnouncement, input, announceKey, readStored(`${announceKey}:backup`))) {
    stores.$announceProblem.set('Your browser could not put your earlier announcement back (its storage may be full or blocked). Nothing was changed.');
    return undefined;
  }
  dropBackup(announceKey);
  refresh();
  return input;
}

/** Keeps the new announcement and forgets the backup. */
export function keepNewAnnouncement(): void {
  dropBackup(announceKey);
  refresh();
}

/** Puts back the list of your rules kept as the backup, and forgets the backup; false when it cannot. */
export function undoOwnAlerts(): boolean {
  const backup = readBackup(ownKey);
  const read = backup ? parseAlertList(backup.text, stores.ownAlertsFrom) : undefined;
  if (!read?.ok) {
    stores.$announceProblem.set('The backup of the rules loaded before could not be read, so nothing was changed.');
    return false;
  }
  if (!setKept(stores.setOwnAlerts, read.alerts, ownKey, readStored(`${ownKey}:backup`))) {
    stores.$announceProblem.set('Your browser could not put the rules loaded before back (its storage may be full or blocked). Nothing was changed.');
    return false;
  }
  dropBackup(ownKey);
  refresh();
  return true;
}

/** Keeps the newly loaded rules and forgets the backup. */
export function keepNewOwnAlerts(): void {
  dropBackup(ownKey);
  refresh();
}
