/**
 * Saving, exporting and loading the checklist: loaded only when a reader first asks for one of
 * them, so the page itself starts with less code.
 */
import { now as clockNow } from '../stores/clock.ts';
import type { ItemSummary, ItemRecords } from '../lib/checklist/model.ts';
import { copyText, saveFile } from './browser-files.ts';
import { localDay } from '../lib/checklist/model.ts';
import { checklistMarkdown } from '../lib/checklist/markdown.ts';
import { checklistCsv } from '../lib/checklist/csv.ts';
import { checklistCalendar } from '../lib/checklist/calendar.ts';
import { checklistFileText, maxChecklistFileBytes, parseChecklistText } from '../lib/checklist/file.ts';
import { addRecords } from '../stores/checklist-backups.ts';
import type { LoadedFile } from './ChecklistUndo.tsx';

export type ExportKind = 'markdown' | 'csv' | 'ics' | 'json';

/** Makes one export; says what happened in plain words. Markdown is also returned to show on the page. */
export async function exportChecklist(kind: ExportKind, items: readonly ItemSummary[], records: ItemRecords): Promise<{ message: string; text?: string }> {
  const now = clockNow();
  const today = localDay(now);
  const origin = location.origin;
  const base = `plainsec-checklist-${today}`;
  switch (kind) {
    case 'markdown': {
      const text = checklistMarkdown(items, records, today, origin);
      return (await copyText(text))
        ? { message: 'The task list is copied: paste it into a GitHub or GitLab issue. It is also shown below.', text }
        : { message: 'The task list is shown below: select it and copy it into a GitHub or GitLab issue.', text };
    }
    case 'csv':
      saveFile(`${base}.csv`, checklistCsv(items, records, today, origin), 'text/csv;charset=utf-8');
      return { message: `Downloaded ${base}.csv.` };
    case 'ics':
      saveFile(`${base}.ics`, checklistCalendar(items, records, now, today, origin), 'text/calendar;charset=utf-8');
      return { message: `Downloaded ${base}.ics: add it to your team calendar. Adding a newer file moves the events instead of copying them.` };
    case 'json':
      saveFile(`${base}.json`, checklistFileText(records, now), 'application/json');
      return { message: `Saved as ${base}.json. Load it on this page in any browser to carry on there.` };
  }
}

export interface Loaded {
  ok: boolean;
  message: string;
  /** The file's records, kept on the page so the reader can still choose to replace instead of add. */
  file?: LoadedFile;
}

/**
 * Reads a picked file and, if it is a good checklist, adds it to the records here: new items and
 * empty fields come in, values already set here stay (a backup is kept first, for Undo).
 */
export async function loadChecklistFile(picked: File, items: readonly ItemSummary[]): Promise<Loaded> {
  if (picked.size > maxChecklistFileBytes) {
    return {
      ok: false,
      message: `"${picked.name}" is ${(picked.size / 1_000_000).toFixed(2)} MB; a checklist file is at most 1 MB. Nothing was changed. Check that you picked a Plainsec checklist file.`,
    };
  }
  const parsed = parseChecklistText(await picked.text(), picked.size);
  if (!parsed.ok) return { ok: false, message: `"${picked.name}": ${parsed.error} Nothing was changed.` };
  const outcome = addRecords(parsed.file.items, picked.name);
  if (!outcome) return { ok: false, message: `"${picked.name}" was not loaded: your browser could not keep a backup. Nothing was changed.` };
  const known = new Set(items.map((i) => i.id));
  const unknown = Object.keys(parsed.file.items).filter((id) => !known.has(id)).length;
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const parts = [
    `${count(outcome.added.length, 'item')} added`,
    ...(outcome.filled.length ? [`${count(outcome.filled.length, 'item')} filled in where yours were empty`] : []),
    ...(outcome.differing.length ? [`${count(outcome.differing.length, 'item')} kept as you had ${outcome.differing.length === 1 ? 'it' : 'them'}, because the file says something else`] : []),
  ];
  return {
    ok: true,
    message: `Added "${picked.name}" to your checklist: ${parts.join('; ')}.${unknown ? ` ${count(unknown, 'item')} in the file ${unknown === 1 ? 'is' : 'are'} not on this page and ${unknown === 1 ? 'is' : 'are'} kept in case ${unknown === 1 ? 'it comes' : 'they come'} back.` : ''}`,
    file: { name: picked.name, items: parsed.file.items, differing: outcome.differing.length },
  };
}
