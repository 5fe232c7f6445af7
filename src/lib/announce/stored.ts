/**
 * What /announce/ keeps in the browser (src/stores/announce.ts), and how it is read back.
 *
 * - `plainsec:announce:v1`: the last announcement, the same JSON as a share link carries
 *   (`inputToJson` in share.ts): `{ "v": 1, "what", "who", "startDate", "startTime", "endDate",
 *   "endTime", "timeZone", "alertmanagerUrl", "alerts": [<rule id>…] }`. The format's version is
 *   under the short key `v` (the code calls it `shareVersion`): links people have sent and
 *   announcements kept in browsers carry it, so it is read and written as it is; a later shape
 *   gets a new version there and a reader here that takes the old one.
 * - `plainsec:announce-rules:v1`: "Your rules", the alerts loaded from announce-alerts.json, in
 *   that file's own shape (`alertListJson` in alert-list.ts, `"plainsecAlerts": 1`).
 *
 * No migrations yet: both shapes are still their first. Reading never throws: text that cannot be
 * read gives nothing plus a plain-words problem that names where the store keeps the text aside.
 */
import type { AlertChoice, AnnouncementInput } from './announcement.ts';
import { alertListFileName, parseAlertList } from './alert-list.ts';
import { inputFromJson } from './share.ts';

export const announceKey = 'plainsec:announce:v1';
export const ownAlertsKey = 'plainsec:announce-rules:v1';
/** What the page calls the user's own alerts. */
export const ownAlertsFrom = 'Your rules';

/** The announcement a stored text holds, or undefined (for backups, where the caller words the problem). */
export function announcementIn(text: string): AnnouncementInput | undefined {
  try {
    const read = inputFromJson(JSON.parse(text));
    return read.ok ? read.input : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the stored last announcement; nothing stored gives neither an announcement nor a problem. */
export function decodeLastAnnouncement(raw: string | null | undefined): { input?: AnnouncementInput; problem?: string } {
  if (raw === null || raw === undefined) return {};
  let read: ReturnType<typeof inputFromJson>;
  try {
    read = inputFromJson(JSON.parse(raw));
  } catch {
    read = { ok: false, problem: 'it is not readable' };
  }
  if (read.ok) return { input: read.input };
  return {
    problem: `Your last announcement could not be loaded (${read.problem}). A copy of what was saved is kept in your browser under "${announceKey}:unreadable".`,
  };
}

/** Reads the stored "Your rules"; nothing stored gives an empty list and no problem. */
export function decodeOwnAlerts(raw: string | null | undefined): { alerts: AlertChoice[]; problem?: string } {
  if (raw === null || raw === undefined) return { alerts: [] };
  const read = parseAlertList(raw, ownAlertsFrom);
  if (read.ok) return { alerts: read.alerts };
  return {
    alerts: [],
    problem: `Your own rules could not be loaded again; load ${alertListFileName} once more. A copy of what was saved is kept under "${ownAlertsKey}:unreadable".`,
  };
}
