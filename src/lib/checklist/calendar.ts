/**
 * The checklist's dates as calendar events: one on each due date of an item not yet done, and
 * one on each re-check date of a done item with a cadence. UIDs depend only on the item and the
 * kind of date, so importing a newer file moves the event instead of adding a second one.
 */
import type { ItemSummary, ItemRecords } from './model.ts';
import { itemStatus } from './status.ts';
import { writeCalendar, type CalendarEvent } from '../calendar/ics.ts';

export function checklistEvents(items: readonly ItemSummary[], records: ItemRecords, today: string, origin: string): CalendarEvent[] {
  const host = new URL(origin).hostname;
  const events: CalendarEvent[] = [];
  for (const item of items) {
    const record = records[item.id];
    const status = itemStatus(item, record, today);
    const url = new URL(`/checklist/#${item.id}`, origin).href;
    const owner = record?.owner ? `Owner: ${record.owner}\n` : '';
    if (record?.due && !record.done) {
      events.push({
        uid: `due-${item.id}@${host}`,
        start: { date: record.due },
        summary: `Due: ${item.title}`,
        description: `${owner}Done when: ${item.doneWhen}\n${url}`,
        url,
      });
    }
    if (status.nextCheck) {
      events.push({
        uid: `recheck-${item.id}@${host}`,
        start: { date: status.nextCheck },
        summary: `Re-check: ${item.title}`,
        description: `${owner}Last done on ${record?.done}. Check again that: ${item.doneWhen}\n${url}`,
        url,
      });
    }
  }
  return events;
}

/** The calendar file for the checklist. */
export function checklistCalendar(items: readonly ItemSummary[], records: ItemRecords, now: Date, today: string, origin: string): string {
  return writeCalendar(checklistEvents(items, records, today, origin), { prodId: '-//Plainsec//Checklist//EN', name: 'Security checklist', now });
}
