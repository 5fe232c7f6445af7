/**
 * The backup a store keeps for Undo before it replaces what a person had (`<key>:backup`, shape in
 * src/lib/storage/backup.ts), and the watch on other tabs.
 *
 * These do what `keepBackup`, `readBackup`, `dropBackup` and `watchOtherTabs` in browser-storage.ts
 * do, in a module of their own, on purpose: every island imports browser-storage.ts, so the bundler
 * puts everything used from it in the one chunk every tool page loads. Used from there, these (and
 * the backup envelope and its time words) cost every page about 0.6 KB gzipped, more than the
 * checklist's 15 KB budget has room for. Imported from here, only the pages that keep backups
 * (the rule builder, and the announce page once it needs one) load them.
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

/**
 * Calls back when another tab of this browser changes one of the keys (the `storage` event fires
 * only in the other tabs), so a store re-reads rather than writing older state over the newer.
 */
export function watchOtherTabs(keys: readonly string[], changed: () => void): () => void {
  if (typeof addEventListener === 'undefined') return () => {};
  const listener = (event: StorageEvent) => {
    if (event.key === null || keys.includes(event.key)) changed();
  };
  addEventListener('storage', listener);
  return () => removeEventListener('storage', listener);
}
