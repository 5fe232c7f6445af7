/**
 * The backup a store keeps for Undo before it replaces what a person had (`<key>:backup`, shape in
 * src/lib/storage/backup.ts).
 *
 * A module of their own, apart from browser-storage.ts, on purpose: every island imports
 * browser-storage.ts, so the bundler puts everything used from it in the one chunk every tool page
 * loads. Kept here (with the backup envelope), they load only on the pages whose stores keep
 * backups, and on the checklist and announce pages only once there is a backup to show or keep.
 */
import { decodeBackup, encodeBackup, type Backup } from '../lib/storage/backup.ts';
import { readStored, removeStored, writeStored } from './browser-storage.ts';
import { now } from './clock.ts';

/** Keeps a store's text as its backup, with when and why; undefined when the browser will not keep it. */
export function keepBackup(key: string, text: string, what: string): Backup | undefined {
  const backup = { text, what, takenAt: now().toISOString() };
  return writeStored(`${key}:backup`, encodeBackup(backup)) ? backup : undefined;
}

/** The backup kept for a store, if any (older backups without a time read too). */
export function readBackup(key: string): Backup | undefined {
  return decodeBackup(readStored(`${key}:backup`));
}

/** Forgets a store's backup (after Undo, or when the person keeps the new state). */
export function dropBackup(key: string): void {
  removeStored(`${key}:backup`);
}
