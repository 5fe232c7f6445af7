/**
 * The last announcement written on /announce/, kept in this browser only.
 * Decoding never throws (a throwing decode would break every island on the page at import time);
 * unreadable saved text is kept aside under `<key>:unreadable` before anything overwrites it.
 */
import { atom } from 'nanostores';
import { persistentAtom } from '@nanostores/persistent';
import type { AlertChoice, AnnouncementInput } from '../lib/announce/announcement.ts';
import { alertListFileName, alertListJson, parseAlertList } from '../lib/announce/alert-list.ts';
import { inputFromJson, inputToJson } from '../lib/announce/share.ts';

const key = 'plainsec:announce:v1';

/** A plain-words problem to show the user, if loading or saving went wrong. */
export const $announceProblem = atom<string | undefined>(undefined);

function keepAside(raw: string): void {
  try {
    localStorage.setItem(`${key}:unreadable`, raw);
  } catch {
    // Storage is unavailable or full: the message below still tells the user.
  }
}

export const $lastAnnouncement = persistentAtom<AnnouncementInput | undefined>(key, undefined, {
  // Undefined removes the saved value (the store's engine deletes the key when encode returns undefined).
  encode: (input) => (input === undefined ? (undefined as unknown as string) : inputToJson(input)),
  decode(raw) {
    let read: ReturnType<typeof inputFromJson>;
    try {
      read = inputFromJson(JSON.parse(raw));
    } catch {
      read = { ok: false, problem: 'it is not readable' };
    }
    if (read.ok) return read.input;
    keepAside(raw);
    $announceProblem.set(
      `Your last announcement could not be loaded (${read.problem}). A copy of what was saved is kept in your browser under "${key}:unreadable".`,
    );
    return undefined;
  },
});

/** Keeps this announcement as the last one; if the browser cannot save it, says so and returns false. */
export function keepAnnouncement(input: AnnouncementInput): boolean {
  try {
    $lastAnnouncement.set(input);
    return true;
  } catch {
    $announceProblem.set(
      'Your browser could not keep this announcement (its storage may be full or blocked). The texts below still work; copy the share link to keep it.',
    );
    return false;
  }
}

const ownKey = 'plainsec:announce-rules:v1';
/** What the page calls the user's own alerts. */
export const ownAlertsFrom = 'Your rules';

/** The user's own alerts, loaded from the Alertmanager export's announce-alerts.json; kept in this browser. */
export const $ownAlerts = persistentAtom<AlertChoice[]>(ownKey, [], {
  encode: alertListJson,
  decode(raw) {
    const read = parseAlertList(raw, ownAlertsFrom);
    if (read.ok) return read.alerts;
    try {
      localStorage.setItem(`${ownKey}:unreadable`, raw);
    } catch {
      // Storage is unavailable or full: the message below still tells the user.
    }
    $announceProblem.set(`Your own rules could not be loaded again; load ${alertListFileName} once more. A copy of what was saved is kept under "${ownKey}:unreadable".`);
    return [];
  },
});

/** Reads an alerts file the user chose; keeps the alerts they had when it cannot be read. Returns a problem in words, or undefined. */
export function loadOwnAlerts(text: string): string | undefined {
  const read = parseAlertList(text, ownAlertsFrom);
  if (!read.ok) return read.problem;
  try {
    $ownAlerts.set(read.alerts);
  } catch {
    return 'Your browser could not keep these rules (its storage may be full or blocked); they were not loaded.';
  }
  return undefined;
}
