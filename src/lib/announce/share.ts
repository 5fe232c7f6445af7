/**
 * An announcement in a share link (`/announce/#change=…`) and in the browser's storage. The
 * fragment never reaches a server. Reading never throws: anything malformed comes back as a
 * plain-words problem, and the caller keeps what the user had.
 */
import type { AnnouncementInput } from './announcement.ts';

/** Bumped when a change would misread old links or saved announcements. */
export const shareVersion = 1;
const fragmentKey = 'change';

const textFields = ['what', 'who', 'startDate', 'startTime', 'endDate', 'endTime', 'timeZone', 'alertmanagerUrl'] as const;

/** Reads an announcement from parsed JSON, or says what is wrong with it. */
export function inputFromJson(value: unknown): { ok: true; input: AnnouncementInput } | { ok: false; problem: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, problem: 'it does not hold an announcement' };
  const fields = value as Record<string, unknown>;
  // The format's version is under the short key "v" in every link and stored text (see stored.ts).
  if (fields['v'] !== shareVersion) return { ok: false, problem: 'it was written by another version of this page' };
  const input: Partial<AnnouncementInput> = {};
  for (const field of textFields) {
    const text = fields[field];
    if (typeof text !== 'string' || text.length > 2000) return { ok: false, problem: `its "${field}" is missing or too long` };
    input[field] = text;
  }
  const alerts = fields['alerts'];
  if (!Array.isArray(alerts) || alerts.length > 500 || !alerts.every((a) => typeof a === 'string' && /^[a-z0-9][a-z0-9-]{0,62}$/.test(a)))
    return { ok: false, problem: 'its list of alerts is not readable' };
  input.alerts = [...new Set(alerts as string[])];
  return { ok: true, input: input as AnnouncementInput };
}

/** The announcement as JSON text, with the format version. */
export function inputToJson(input: AnnouncementInput): string {
  const plain: Record<string, unknown> = { v: shareVersion };
  for (const field of textFields) plain[field] = input[field];
  plain['alerts'] = input.alerts;
  return JSON.stringify(plain);
}

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string | undefined {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/** The URL fragment (without `#`) that carries the announcement. */
export function shareFragment(input: AnnouncementInput): string {
  return `${fragmentKey}=${toBase64Url(inputToJson(input))}`;
}

/**
 * Reads a URL fragment (with or without `#`). `none` when the fragment carries no announcement,
 * so an ordinary visit is not an error.
 */
export function parseShareFragment(fragment: string): { kind: 'none' } | { kind: 'ok'; input: AnnouncementInput } | { kind: 'bad'; problem: string } {
  const text = fragment.replace(/^#/, '');
  const prefix = `${fragmentKey}=`;
  if (!text.startsWith(prefix)) return { kind: 'none' };
  const json = fromBase64Url(text.slice(prefix.length));
  if (json === undefined) return { kind: 'bad', problem: 'This share link is damaged (it may have been cut short when copied). Ask for it again.' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { kind: 'bad', problem: 'This share link is damaged (it may have been cut short when copied). Ask for it again.' };
  }
  const read = inputFromJson(value);
  return read.ok ? { kind: 'ok', input: read.input } : { kind: 'bad', problem: `This share link cannot be read: ${read.problem}. Ask for it again.` };
}
