/**
 * The browser's localStorage as the stores use it: reads and writes that never throw. A browser
 * may have no storage, block it for this site (a SecurityError on access), or be full (a
 * QuotaExceededError on write); each store turns these answers into its own plain-words message.
 */

/** localStorage, or undefined where the browser has none or blocks it. */
function browserStorage(): Storage | undefined {
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
