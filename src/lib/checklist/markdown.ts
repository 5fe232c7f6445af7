/**
 * The checklist as a Markdown task list to paste into a GitHub or GitLab issue: grouped by
 * practice and level, `- [x]` for done, owner and dates in the line, links to the guides, and the
 * framework ids each item maps to (CIS Controls, NIST CSF, …) for answering questionnaires.
 * Text from people (owners) and titles are escaped so they cannot turn into links or markup.
 */
import { practiceIds, practices } from '../practices.ts';
import type { ItemSummary, ItemRecords } from './model.ts';
import { countDone, itemStatus } from './status.ts';
import { mapsToText } from '../frameworks/maps-to.ts';

/**
 * Escapes the characters Markdown would read as markup, and flattens line breaks. GitHub also turns
 * bare web and mail addresses into links, so the ":" of "https://", the "." of "www." and "@" are
 * escaped too.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\\`*_{}[\]()<>#+!|~@]/g, (c) => `\\${c}`)
    .replace(/\b([a-z][a-z0-9+.-]*):\/\//gi, '$1\\://')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`);
}

/** The Markdown text. Items must be in reading order. */
export function checklistMarkdown(items: readonly ItemSummary[], records: ItemRecords, today: string, origin: string): string {
  const done = countDone(
    records,
    items.map((i) => i.id),
  );
  const out = [`# Security checklist`, '', `Exported from Plainsec on ${today}: ${done.done} of ${done.total} done.`, ''];
  for (const practice of practiceIds) {
    const inPractice = items.filter((i) => i.practice === practice);
    if (inPractice.length === 0) continue;
    out.push(`## ${practices[practice].name}`, '');
    for (const level of [...new Set(inPractice.map((i) => i.level))].sort()) {
      const group = inPractice.filter((i) => i.level === level);
      const count = countDone(
        records,
        group.map((i) => i.id),
      );
      out.push(`### Level ${level} · ${count.done} of ${count.total} done`, '');
      for (const item of group) {
        const record = records[item.id];
        const status = itemStatus(item, record, today);
        const details: string[] = [];
        if (record?.owner) details.push(`owner: ${escapeMarkdown(record.owner)}`);
        if (record?.due) details.push(`due ${record.due}`);
        if (record?.done) details.push(`done on ${record.done}`);
        if (status.kind === 'recheck') details.push(`**due for a re-check since ${status.nextCheck}**`);
        else if (status.nextCheck) details.push(`re-check on ${status.nextCheck}`);
        if (status.kind === 'overdue') details.push('**overdue**');
        if (item.guide) details.push(`[guide](${new URL(item.guide.href, origin).href})`);
        // "; " between frameworks, since " · " already parts the details.
        if (item.maps) details.push(`maps to ${escapeMarkdown(mapsToText(item.maps, '; '))}`);
        out.push(`- [${record?.done ? 'x' : ' '}] ${escapeMarkdown(item.title)}${details.length ? ` (${details.join(' · ')})` : ''}`);
      }
      out.push('');
    }
  }
  return out.join('\n');
}
