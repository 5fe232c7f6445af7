/**
 * The browser's localStorage as the stores use it: reads and writes that never throw. A browser
 * may have no storage, block it for this site (a SecurityError on access), or be full (a
 * QuotaExceededError on write); each store turns these answers into its own plain-words message.
 */
import { decodeBackup, encodeBackup, type Backup } from '../lib/storage/backup.ts';
import { now } from './clock.ts';

/** localStorage, or undefined where the browser has none or blocks it. */
export function browserStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** The text stored under a key: null when nothing is, undefined when the browser will not let us read. */
export function readStored(key: string): string | null | undefined {
  try {
    const store = browserStorage();
    return store ? store.getItem(key) : undefined;
  } catch {
    return undefined;
  }
}

/** Stores text under a key; false when the browser will not keep it (storage full or blocked). */
export function writeStored(key: string, text: string): boolean {
  try {
    const store = browserStorage();
    if (!store) return false;
    store.setItem(key, text);
    return true;
  } catch {
    return false;
  }
}

/** Removes a key; a browser that will not is left as it is. */
export function removeStored(key: string): void {
  try {
    browserStorage()?.removeItem(key);
  } catch {
    // Nothing to do: the key stays, and whatever reads it next decodes it safely.
  }
}

/**
 * Keeps a store's text as the backup for Undo under `<key>:backup`, with when and why (shape in
 * src/lib/storage/backup.ts). False when the browser will not keep it: the caller then replaces
 * nothing, so nothing is ever replaced without a way back.
 */
export function keepBackup(key: string, text: string, what: string): Backup | undefined {
  const backup = { text, what, takenAt: now().toISOString() };
  return writeStored(`${key}:backup`, encodeBackup(backup)) ? backup : undefined;
}

/** The backup kept for a store, if any (older backups without a time read too). */
export function readBackup(key: string): Backup | undefined {
  return decodeBackup(readStored(`${key}:backup`));
}

/** Forgets a store's backup (after Undo, or when the reader keeps the new state). */
export function dropBackup(key: string): void {
  removeStored(`${key}:backup`);
}

/**
 * Calls back when another tab of this browser changes the key (the `storage` event fires only in
 * the other tabs), so a store re-reads rather than writing older state over the newer. Returns a
 * function that stops listening.
 */
export function watchOtherTabs(key: string, changed: () => void): () => void {
  if (typeof addEventListener === 'undefined') return () => {};
  const listener = (event: StorageEvent) => {
    if (event.key === key || event.key === null) changed();
  };
  addEventListener('storage', listener);
  return () => removeEventListener('storage', listener);
}
