/**
 * The backup a store keeps before it replaces what a person had, so Undo still works after a
 * reload and can say when the backup was taken.
 *
 * Stored shape (key `<store key>:backup`), JSON:
 *   { "backup": 1, "takenAt": "<ISO 8601 date and time>", "what": "<what replaced it, in words>",
 *     "text": "<the store's own text as it was>" }
 * Migration: backups written before this shape are the store's text itself (no envelope); they
 * read back as `{ text }` with no time, and Undo still works.
 */

export interface Backup {
  /** The store's text as it was before the change. */
  text: string;
  /** When the backup was taken (ISO 8601), when known. */
  takenAt?: string;
  /** What replaced it, in words ("Loaded bob.json."). */
  what?: string;
}

export function encodeBackup(backup: Required<Backup>): string {
  return JSON.stringify({ backup: 1, takenAt: backup.takenAt, what: backup.what, text: backup.text });
}

/** Reads a stored backup; never throws. An older backup (the store's text alone) is its own text. */
export function decodeBackup(raw: string | null | undefined): Backup | undefined {
  if (raw === null || raw === undefined || raw === '') return undefined;
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    if (value && typeof value === 'object' && value.backup === 1 && typeof value.text === 'string') {
      const backup: Backup = { text: value.text };
      if (typeof value.takenAt === 'string' && !Number.isNaN(Date.parse(value.takenAt))) backup.takenAt = value.takenAt;
      if (typeof value.what === 'string') backup.what = value.what;
      return backup;
    }
  } catch {
    // Not JSON: still the text of an older backup, which the store's own reader judges.
  }
  return { text: raw };
}
