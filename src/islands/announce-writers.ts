/**
 * What the announce page writes once an announcement is complete: the chat messages, the silences,
 * the amtool commands and the calendar entry. Loaded when the first announcement is shown, not
 * before, so the page loads little before anyone has typed anything.
 */
export { amtoolCommand } from '../lib/announce/amtool.ts';
export { calendarEntry } from '../lib/announce/calendar-entry.ts';
export { allClearMessage, announcementMessage, windowWords } from '../lib/announce/messages.ts';
export { silencesFor } from '../lib/announce/silence.ts';
