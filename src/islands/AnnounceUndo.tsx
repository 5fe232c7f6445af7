/**
 * The announce page's Undo notices: what replaced the last announcement or the loaded rules, when
 * the backup was taken, Undo and "Keep the new ones". Read from the stored backups, so they survive
 * a reload. Loaded only when there is a backup to offer.
 */
import { useStore } from '@nanostores/preact';
import type { AnnouncementInput } from '../lib/announce/announcement.ts';
import type { Backup } from '../lib/storage/backup.ts';
import { backupNotice } from '../lib/storage/backup-words.ts';
import { now } from '../stores/clock.ts';
import { $undo, keepNewAnnouncement, keepNewOwnAlerts, undoAnnouncement, undoOwnAlerts } from '../stores/announce-backups.ts';

interface Props {
  /** Shows the announcement Undo brought back. */
  onAnnouncementBack: (input: AnnouncementInput) => void;
  setStatus: (status: string) => void;
}

function Notice({ backup, holds, id, onUndo, onKeep }: { backup: Backup; holds: string; id: string; onUndo: () => void; onKeep: () => void }) {
  return (
    <div class="notice announce-undo" id={id} role="status">
      <p>{backupNotice(backup, { subject: holds }, now())}</p>
      <p class="announce-actions">
        <button type="button" onClick={onUndo}>
          Undo
        </button>
        <button type="button" onClick={onKeep}>
          Keep the new ones
        </button>
      </p>
    </div>
  );
}

export function AnnounceUndo({ onAnnouncementBack, setStatus }: Props) {
  const { ownAlerts: own, announcement } = useStore($undo);
  return (
    <>
      {own && (
        <Notice
          backup={own}
          holds="The list of rules loaded before"
          id="announce-own-undo"
          onUndo={() => undoOwnAlerts() && setStatus('Undone: your rules are the ones loaded before.')}
          onKeep={() => {
            keepNewOwnAlerts();
            setStatus('Kept the rules you loaded last.');
          }}
        />
      )}
      {announcement && (
        <Notice
          backup={announcement}
          holds="The earlier announcement"
          id="announce-undo"
          onUndo={() => {
            const earlier = undoAnnouncement();
            if (!earlier) return;
            onAnnouncementBack(earlier);
            setStatus('Undone: your earlier announcement is back.');
          }}
          onKeep={() => {
            keepNewAnnouncement();
            setStatus('Kept your new announcement.');
          }}
        />
      )}
    </>
  );
}
