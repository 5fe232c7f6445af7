/**
 * Evidence per question: what backs an answer up (a link, a note and the day it was checked),
 * kept in the result file's `evidence` field, merged in the team view with who added it, and
 * marked stale like answers once it is older than the question's `cadenceDays`.
 *
 * Everything here is pure: the day to judge staleness by is passed in, never read from the clock.
 */
import type { Evidence, Question, ResultFile } from './model.ts';
import { evidenceLimits, evidenceUrlPattern } from './result-file.ts';

const dayMs = 86_400_000;
const isoDay = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Two items with the same title, link and date are the same evidence, whoever added them. */
export function evidenceKey(item: Pick<Evidence, 'title' | 'url' | 'date'>): string {
  return JSON.stringify([item.title, item.url ?? '', item.date]);
}

/** What someone types into the evidence form. */
export interface EvidenceInput {
  title: string;
  url?: string;
  date: string;
  note?: string;
}

/**
 * Why this evidence cannot be kept, in plain words, or undefined when it can. The form's check:
 * stricter than reading a file (a title is needed), so what the form accepts every file accepts.
 */
export function evidenceProblem(input: EvidenceInput): string | undefined {
  const title = input.title.trim();
  if (title.length === 0) return 'Give the evidence a title, like "CloudTrail org trail".';
  if (title.length > evidenceLimits.title) return `The title is ${title.length} characters; keep it to ${evidenceLimits.title}.`;
  const url = input.url?.trim() ?? '';
  if (url.length > evidenceLimits.url) return `The link is ${url.length} characters; a link can be at most ${evidenceLimits.url}.`;
  if (url.length > 0 && !evidenceUrlPattern.test(url)) {
    return 'The link must be a web address starting with https:// or http://, without spaces.';
  }
  if (!isoDay.test(input.date) || Number.isNaN(Date.parse(input.date))) return 'Give the day it was checked, like 2026-11-30.';
  const note = input.note?.trim() ?? '';
  if (note.length > evidenceLimits.note) return `The note is ${note.length} characters; keep it to ${evidenceLimits.note}.`;
  return undefined;
}

/** The item the form's input makes (trimmed; empty link and note left out). Check it with evidenceProblem first. */
export function evidenceFrom(input: EvidenceInput, addedBy?: string): Evidence {
  const item: Evidence = { title: input.title.trim(), date: input.date };
  const url = input.url?.trim();
  if (url) item.url = url;
  const note = input.note?.trim();
  if (note) item.note = note;
  if (addedBy !== undefined) item.addedBy = addedBy;
  return item;
}

/** Items in their stored order: by date, then title, link, then the whole item, so any order of adding gives one file. */
export function sortEvidence(items: readonly Evidence[]): Evidence[] {
  return [...items].sort(
    (a, b) => a.date.localeCompare(b.date) || evidenceKey(a).localeCompare(evidenceKey(b)) || JSON.stringify(a).localeCompare(JSON.stringify(b)),
  );
}

/**
 * One question's evidence lists joined: each item once (same title, link and date), the copy with
 * the first person id (then the first text) kept, so the outcome never depends on the order.
 */
export function joinEvidence(...lists: readonly (readonly Evidence[])[]): Evidence[] {
  const byKey = new Map<string, Evidence>();
  for (const item of lists.flat()) {
    const key = evidenceKey(item);
    const kept = byKey.get(key);
    if (kept === undefined || preferred(item, kept)) byKey.set(key, item);
  }
  return sortEvidence([...byKey.values()]);
}

function preferred(a: Evidence, b: Evidence): boolean {
  const by = (a.addedBy ?? '\uffff').localeCompare(b.addedBy ?? '\uffff');
  return by !== 0 ? by < 0 : JSON.stringify(a) < JSON.stringify(b);
}

/** The file with one more item of evidence for a question (an item already there is not added twice). */
export function addEvidence(file: ResultFile, questionId: string, item: Evidence): ResultFile {
  const list = joinEvidence(file.evidence?.[questionId] ?? [], [item]);
  return { ...file, evidence: { ...file.evidence, [questionId]: list } };
}

/** The file without one item of evidence (found by title, link and date); a question left with none loses its list. */
export function removeEvidence(file: ResultFile, questionId: string, item: Pick<Evidence, 'title' | 'url' | 'date'>): ResultFile {
  const key = evidenceKey(item);
  const list = (file.evidence?.[questionId] ?? []).filter((e) => evidenceKey(e) !== key);
  const evidence = { ...file.evidence };
  if (list.length > 0) evidence[questionId] = list;
  else delete evidence[questionId];
  const { evidence: _old, ...rest } = file;
  return Object.keys(evidence).length > 0 ? { ...rest, evidence } : rest;
}

/**
 * A file's evidence with who added it: items without `addedBy` in a file that holds one person
 * are that person's. Used when files are put together into a team.
 */
export function evidenceWithAuthors(file: ResultFile): NonNullable<ResultFile['evidence']> {
  const only = file.respondents.length === 1 ? file.respondents[0]!.id : undefined;
  return Object.fromEntries(
    Object.entries(file.evidence ?? {}).map(([q, items]) => [q, items.map((e) => (e.addedBy === undefined && only !== undefined ? { ...e, addedBy: only } : e))]),
  );
}

/** True when the evidence is older than the question's cadence on `today` (never without a cadence). */
export function isStaleEvidence(item: Pick<Evidence, 'date'>, question: Pick<Question, 'cadenceDays'>, today: Date): boolean {
  if (question.cadenceDays === undefined) return false;
  return today.getTime() - Date.parse(item.date) > question.cadenceDays * dayMs;
}

export interface StaleEvidence {
  questionId: string;
  item: Evidence;
  /** Whole days since it was checked. */
  ageDays: number;
  cadenceDays: number;
}

/**
 * The evidence that is older than its question's `cadenceDays` on `today` (passed in), like a
 * stale answer: ordered by question id, then oldest first. Evidence for questions this version
 * does not have is never stale (it has no cadence here).
 */
export function staleEvidence(file: Pick<ResultFile, 'evidence'>, questions: readonly Pick<Question, 'id' | 'cadenceDays'>[], today: Date): StaleEvidence[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const stale: StaleEvidence[] = [];
  for (const [questionId, items] of Object.entries(file.evidence ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const question = byId.get(questionId);
    if (question?.cadenceDays === undefined) continue;
    for (const item of sortEvidence(items)) {
      if (!isStaleEvidence(item, question, today)) continue;
      stale.push({ questionId, item, ageDays: Math.floor((today.getTime() - Date.parse(item.date)) / dayMs), cadenceDays: question.cadenceDays });
    }
  }
  return stale;
}

/** One item as the team view lists it. */
export interface TeamEvidenceItem {
  item: Evidence;
  /** Who added it, as people read it ("Ana", "Person 2"); undefined when nobody is recorded. */
  addedBy?: string;
  stale: boolean;
}

/**
 * Everyone's evidence per question, with who added it and whether it is stale on `today`: the
 * team view's list. `label` names a person by id (personLabel in team.ts); an id no longer in the
 * team is shown as it is stored.
 */
export function teamEvidence(
  file: ResultFile,
  questions: readonly Pick<Question, 'id' | 'cadenceDays'>[],
  today: Date,
  label: (id: string) => string,
): Record<string, TeamEvidenceItem[]> {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const people = new Set(file.respondents.map((r) => r.id));
  return Object.fromEntries(
    Object.entries(file.evidence ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([q, items]) => [
        q,
        sortEvidence(items).map((item) => {
          const entry: TeamEvidenceItem = { item, stale: isStaleEvidence(item, byId.get(q) ?? {}, today) };
          if (item.addedBy !== undefined) entry.addedBy = people.has(item.addedBy) ? label(item.addedBy) : item.addedBy;
          return entry;
        }),
      ]),
  );
}
