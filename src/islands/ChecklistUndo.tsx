/**
 * The checklist's Undo notice: what replaced the records and when the backup was taken, with Undo,
 * "Keep it as it is now" and, right after a file was added, "Replace my checklist with it
 * instead". Loaded only when there is a backup to offer, so the page starts with less code.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ItemRecords } from '../lib/checklist/model.ts';
import { backupNotice } from '../lib/storage/backup-words.ts';
import { $undo } from '../stores/checklist.ts';
import { dismissUndo, replaceRecords, undoReplace } from '../stores/checklist-backups.ts';
import { now } from '../stores/clock.ts';
import UndoButtons from './UndoButtons.tsx';

/** The file just added, kept on the page so the reader can still choose to replace instead. */
export interface LoadedFile {
  name: string;
  items: ItemRecords;
  differing: number;
}

interface Props {
  loaded: LoadedFile | undefined;
  /** The loaded file is no longer on offer (undone, kept or replaced): called with nothing. */
  onDone: (loaded?: LoadedFile) => void;
  say: (text: string) => void;
}

export default function ChecklistUndo({ loaded, onDone, say }: Props) {
  const [backup, setBackup] = useState($undo.get());
  useEffect(() => $undo.subscribe(setBackup), []);
  if (!backup) return null;
  return (
    <div class="notice" role="status">
      <p>
        {backupNotice(backup, { subject: 'Your checklist before that' }, now())}{' '}
        <UndoButtons
          onUndo={() => {
            if (undoReplace()) {
              onDone();
              say('Your earlier checklist is back.');
            }
          }}
          onKeep={() => {
            dismissUndo();
            onDone();
          }}
          keepLabel="Keep it as it is now"
        />
      </p>
      {loaded && (
        <p>
          <button
            type="button"
            class="button button--secondary"
            onClick={() => {
              if (replaceRecords(loaded.items, loaded.name)) {
                say(`Your checklist is now exactly what "${loaded.name}" holds. Undo puts back what you had.`);
                onDone();
              }
            }}
          >
            Replace my checklist with “{loaded.name}” instead
          </button>
        </p>
      )}
    </div>
  );
}
