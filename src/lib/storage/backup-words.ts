/**
 * The words beside Undo: what replaced the saved state and when the backup was taken. Apart from
 * the backup's shape (backup.ts) because only pages that show a backup need them: every tool page
 * reads its backup when it starts, but only some ever show one.
 */
import type { Backup } from './backup.ts';

/**
 * When a backup was taken, in words: "today at 14:02", "yesterday at 09:15" or
 * "on 3 December 2026 at 18:40", in the reader's time zone.
 */
export function takenWhen(takenAt: string | undefined, now: Date, timeZone?: string): string {
  if (!takenAt) return 'earlier';
  const taken = new Date(takenAt);
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(taken);
  if (day(taken) === day(now)) return `today at ${time}`;
  if (day(taken) === day(new Date(now.getTime() - 24 * 60 * 60 * 1000))) return `yesterday at ${time}`;
  const date = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(taken);
  return `on ${date} at ${time}`;
}

/** What a backup holds, as the subject of a sentence: "Your earlier rules" (plural) or "Your checklist". */
export interface BackupSubject {
  subject: string;
  plural?: boolean;
}

/** The line shown beside Undo: what replaced it, what the backup holds and when it was taken. */
export function backupNotice(backup: Backup, { subject, plural = false }: BackupSubject, now: Date, timeZone?: string): string {
  const what = backup.what ? `${backup.what.replace(/\.$/, '')}. ` : '';
  const verb = plural ? 'were' : 'was';
  return `${what}${subject} ${backup.takenAt ? `${verb} kept as a backup ${takenWhen(backup.takenAt, now, timeZone)}` : `${plural ? 'are' : 'is'} kept as a backup`}.`;
}
