/**
 * Reading a result file from outside (a file, a share link, browser storage) without ever
 * throwing: the answer is the file, or one plain-words sentence saying what is wrong and what to do.
 *
 * A hand-written check rather than zod keeps the browser's code small; result-file-schema.ts holds
 * the same shape as a zod model for the published JSON Schema, and the tests hold the two to
 * the same verdict on good and bad files.
 *
 * Format 1: { formatVersion: 1, modelVersion?, questionSet?, team?, respondents: [{ id, name?, role?,
 * answers: { <question id>: 0 | 0.25 | 0.5 | 1 | "NA" | "DK" }, reasons?, answeredAt,
 * answerDates? }], snapshots?: [{ date, scores: { <practice>: number | null }, headlineLevel?, people?, team?,
 * values?: { <question id>: number | null } }],
 * evidence?: { <question id>: [{ title, url?, date, note?, addedBy? }] },
 * targets?: { <practice>: 1 | 2 | 3 } }. Evidence links are https:// or http:// only; keys a newer
 * Plainsec adds to an evidence item are kept and saved again (note and addedBy came later than
 * title, url and date, and files without them stay valid). modelVersion is the scoring model's
 * version (a whole number, 2 now); files saved before version 2 hold the question set there as
 * text, and are read as { modelVersion: 1, questionSet: <that text> }.
 */
import { practiceIds } from '../practices.ts';
import { answerValues, type Evidence, type ResultFile, type Targets } from './model.ts';

/** Files and decoded links larger than this are refused before they are read. */
export const maxResultBytes = 1_000_000;
const currentFormatVersion = 1;
const maxRespondents = 500;
/** The largest model version a file may name (a sanity bound; newer ones are scored under this one's). */
const maxModelVersion = 999;

export type ParseResult = { ok: true; file: ResultFile } | { ok: false; error: string };

class Invalid extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isoDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function fail(path: string, what: string): never {
  throw new Invalid(`${path} ${what}`);
}

function text(value: unknown, path: string, max = 200): string {
  if (typeof value !== 'string') fail(path, 'must be text');
  if (value.length > max) fail(path, `is longer than ${max} characters`);
  return value;
}

function date(value: unknown, path: string): string {
  if (typeof value !== 'string' || !isoDate.test(value) || Number.isNaN(Date.parse(value))) {
    fail(path, 'must be a date such as 2026-11-30T09:00:00Z');
  }
  return value;
}

function optional<T>(value: unknown, read: (v: unknown) => T): T | undefined {
  return value === undefined ? undefined : read(value);
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], path: string): void {
  const extra = Object.keys(value).find((k) => !allowed.includes(k));
  if (extra !== undefined) fail(`${path}.${extra}`, 'is not part of a result file');
}

function textRecord(value: unknown, path: string, read: (v: unknown, p: string) => string): Record<string, string> {
  if (!isObject(value)) fail(path, 'must be an object');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, read(v, `${path}.${k}`)]));
}

/** How much one evidence item and one question's list may hold. */
export const evidenceLimits = { title: 200, url: 2000, note: 1000, addedBy: 100, items: 100 } as const;
/** A link evidence may hold: a web address (https:// or http://) with a host and no spaces. */
export const evidenceUrlPattern = /^https?:\/\/[^\s/?#]+[^\s]*$/;
const evidenceKeys = ['title', 'url', 'date', 'note', 'addedBy'];

/** One evidence item; keys a newer Plainsec added are kept as they are. */
function readEvidence(e: unknown, path: string): Evidence {
  if (!isObject(e)) fail(path, 'must be an object');
  const item: Evidence = { title: text(e.title, `${path}.title`, evidenceLimits.title), date: date(e.date, `${path}.date`) };
  const url = optional(e.url, (u) => text(u, `${path}.url`, evidenceLimits.url));
  if (url !== undefined) {
    if (!evidenceUrlPattern.test(url)) fail(`${path}.url`, 'must be a web link starting with https:// or http://, without spaces');
    item.url = url;
  }
  const note = optional(e.note, (n) => text(n, `${path}.note`, evidenceLimits.note));
  if (note !== undefined) item.note = note;
  const addedBy = optional(e.addedBy, (a) => text(a, `${path}.addedBy`, evidenceLimits.addedBy));
  if (addedBy !== undefined) item.addedBy = addedBy;
  for (const [key, kept] of Object.entries(e)) if (!evidenceKeys.includes(key)) item[key] = kept;
  return item;
}

function readFile(value: unknown): ResultFile {
  if (!isObject(value)) fail('The file', 'is not a Plainsec result (it holds no object)');
  onlyKeys(value, ['formatVersion', 'modelVersion', 'questionSet', 'team', 'respondents', 'snapshots', 'evidence', 'targets', '$schema'], 'file');
  const respondentsRaw = value.respondents;
  if (!Array.isArray(respondentsRaw)) fail('respondents', 'must be a list of people');
  if (respondentsRaw.length > maxRespondents) fail('respondents', `lists more than ${maxRespondents} people`);
  const respondents = respondentsRaw.map((r, i) => {
    const path = `respondents[${i}]`;
    if (!isObject(r)) fail(path, 'must be an object');
    onlyKeys(r, ['id', 'name', 'role', 'answers', 'reasons', 'answeredAt', 'answerDates'], path);
    const id = text(r.id, `${path}.id`, 100);
    if (id.length === 0) fail(`${path}.id`, 'is empty');
    if (!isObject(r.answers)) fail(`${path}.answers`, 'must be an object of question ids and answers');
    const answers = Object.fromEntries(
      Object.entries(r.answers).map(([q, a]) => {
        if (!(answerValues as readonly unknown[]).includes(a)) fail(`${path}.answers.${q}`, 'must be one of 0, 0.25, 0.5, 1, "NA" or "DK"');
        return [q, a];
      }),
    ) as ResultFile['respondents'][number]['answers'];
    const respondent: ResultFile['respondents'][number] = { id, answers, answeredAt: date(r.answeredAt, `${path}.answeredAt`) };
    const name = optional(r.name, (v) => text(v, `${path}.name`, 100));
    if (name !== undefined) respondent.name = name;
    const role = optional(r.role, (v) => text(v, `${path}.role`, 100));
    if (role !== undefined) respondent.role = role;
    const reasons = optional(r.reasons, (v) => textRecord(v, `${path}.reasons`, (x, p) => text(x, p, 500)));
    if (reasons !== undefined) respondent.reasons = reasons;
    const answerDates = optional(r.answerDates, (v) => textRecord(v, `${path}.answerDates`, date));
    if (answerDates !== undefined) respondent.answerDates = answerDates;
    return respondent;
  });
  const file: ResultFile = { formatVersion: 1, respondents };
  // Files saved before model version 2 held the question set in modelVersion, as text: such a file
  // was scored under model version 1, and its text names the question set.
  if (typeof value.modelVersion === 'string') {
    file.modelVersion = 1;
    file.questionSet = text(value.modelVersion, 'modelVersion', 100);
  } else if (value.modelVersion !== undefined) {
    const version = value.modelVersion;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > maxModelVersion) {
      fail('modelVersion', `must be a whole number from 1 to ${maxModelVersion}`);
    }
    file.modelVersion = version;
  }
  const questionSet = optional(value.questionSet, (v) => text(v, 'questionSet', 100));
  if (questionSet !== undefined) file.questionSet = questionSet;
  const team = optional(value.team, (v) => text(v, 'team', 200));
  if (team !== undefined) file.team = team;
  const snapshots = optional(value.snapshots, (v) => {
    if (!Array.isArray(v)) fail('snapshots', 'must be a list');
    return v.map((s, i) => {
      const path = `snapshots[${i}]`;
      if (!isObject(s)) fail(path, 'must be an object');
      onlyKeys(s, ['date', 'scores', 'headlineLevel', 'people', 'team', 'values'], path);
      if (!isObject(s.scores)) fail(`${path}.scores`, 'must be an object of practice scores');
      onlyKeys(s.scores, practiceIds, `${path}.scores`);
      const scores = Object.fromEntries(
        practiceIds.map((p) => {
          const score = (s.scores as Record<string, unknown>)[p];
          if (score === null || score === undefined) return [p, null];
          if (typeof score !== 'number' || !(score >= 0 && score <= 100)) fail(`${path}.scores.${p}`, 'must be a number from 0 to 100, or null');
          return [p, score];
        }),
      ) as Record<(typeof practiceIds)[number], number | null>;
      const snapshot: NonNullable<ResultFile['snapshots']>[number] = { date: date(s.date, `${path}.date`), scores };
      if (s.headlineLevel !== undefined) {
        if (![0, 1, 2, 3].includes(s.headlineLevel as number)) fail(`${path}.headlineLevel`, 'must be 0, 1, 2 or 3');
        snapshot.headlineLevel = s.headlineLevel as number;
      }
      if (s.people !== undefined) {
        if (!Array.isArray(s.people) || s.people.length > maxRespondents) fail(`${path}.people`, `must be a list of at most ${maxRespondents} person ids`);
        snapshot.people = s.people.map((id, j) => text(id, `${path}.people[${j}]`, 100));
      }
      const team = optional(s.team, (v) => text(v, `${path}.team`, 200));
      if (team !== undefined) snapshot.team = team;
      if (s.values !== undefined) {
        if (!isObject(s.values)) fail(`${path}.values`, 'must be an object of question ids and team values');
        snapshot.values = Object.fromEntries(
          Object.entries(s.values).map(([q, v]) => {
            text(q, `${path}.values key`, 100);
            if (v !== null && (typeof v !== 'number' || !(v >= 0 && v <= 1))) fail(`${path}.values.${q}`, 'must be a number from 0 to 1, or null');
            return [q, v as number | null];
          }),
        );
      }
      return snapshot;
    });
  });
  if (snapshots !== undefined) file.snapshots = snapshots;
  const evidence = optional(value.evidence, (v) => {
    if (!isObject(v)) fail('evidence', 'must be an object of question ids and lists');
    return Object.fromEntries(
      Object.entries(v).map(([q, list]) => {
        text(q, 'evidence: a question id', 100);
        if (!Array.isArray(list)) fail(`evidence.${q}`, 'must be a list');
        if (list.length > evidenceLimits.items) fail(`evidence.${q}`, `lists more than ${evidenceLimits.items} items`);
        return [q, list.map((e, i) => readEvidence(e, `evidence.${q}[${i}]`))];
      }),
    );
  });
  if (evidence !== undefined) file.evidence = evidence;
  const targets = optional(value.targets, (v) => {
    if (!isObject(v)) fail('targets', 'must be an object of practices and target levels');
    onlyKeys(v, practiceIds, 'targets');
    const read: Targets = {};
    for (const p of practiceIds) {
      const level = v[p];
      if (level === undefined) continue;
      if (level !== 1 && level !== 2 && level !== 3) fail(`targets.${p}`, 'must be a level: 1, 2 or 3');
      read[p] = level;
    }
    return read;
  });
  if (targets !== undefined) file.targets = targets;
  return file;
}

/** Checks an already-parsed value; never throws. */
export function checkResultValue(value: unknown): ParseResult {
  if (isObject(value) && 'formatVersion' in value) {
    const version = value.formatVersion;
    if (typeof version === 'number' && Number.isInteger(version) && version > currentFormatVersion) {
      return {
        ok: false,
        error: `This result was saved by a newer Plainsec (format ${version}); this version reads format ${currentFormatVersion}. Open it with the current Plainsec, or ask whoever sent it for a file from this version.`,
      };
    }
    if (version !== currentFormatVersion) {
      return { ok: false, error: 'This is not a Plainsec result file: its formatVersion is not 1. Check that you picked the right file.' };
    }
  } else {
    return { ok: false, error: 'This is not a Plainsec result file (it has no formatVersion). Check that you picked the file Plainsec saved.' };
  }
  try {
    return { ok: true, file: readFile(value) };
  } catch (error) {
    if (error instanceof Invalid) {
      return { ok: false, error: `This result file is damaged or was changed by hand: ${error.message}. Save it again from Plainsec, or fix that part.` };
    }
    return { ok: false, error: 'This result file could not be read. Save it again from Plainsec.' };
  }
}

/** A size in MB as people read it; two decimals just over the limit, so 1.04 never shows as "1.0". */
export function megabytes(bytes: number): string {
  const mb = bytes / 1_000_000;
  return mb < 1.1 ? mb.toFixed(2) : mb.toFixed(1);
}

/** Reads a result file's text; never throws. `bytes` is its size when known (for files). */
export function parseResultText(textValue: string, bytes = new TextEncoder().encode(textValue).length): ParseResult {
  if (bytes > maxResultBytes) {
    return {
      ok: false,
      error: `This file is ${megabytes(bytes)} MB; a result file is at most 1 MB. Check that you picked a Plainsec result file.`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(textValue);
  } catch {
    return { ok: false, error: 'This file is not readable JSON: it may be cut short or not a Plainsec result. Save it again from Plainsec and load the new file.' };
  }
  return checkResultValue(value);
}

/** The text Plainsec saves: stable key order, two-space indents, one newline at the end. */
export function resultFileText(file: ResultFile): string {
  return JSON.stringify(file, null, 2) + '\n';
}

/** Question ids in the answers that this version's questions do not have (kept, and reported). */
export function unknownQuestionIds(file: ResultFile, knownIds: ReadonlySet<string>): string[] {
  const unknown = new Set<string>();
  for (const r of file.respondents) for (const q of Object.keys(r.answers)) if (!knownIds.has(q)) unknown.add(q);
  return [...unknown].sort();
}
