/**
 * The team view: several people's result files put together, what each person answered per
 * question, and what the team should talk about first (what changed over time is in trend.ts).
 * The team math itself (team value, spread, flags, consensus) is scoreQuestion in score.ts; this
 * module arranges it for people to read and act on.
 *
 * Everything here is order-free: people are kept sorted by id (as mergeResults does), so adding the
 * same people in another order gives the same team, the same labels and the same figures.
 */
import { answerChoices } from './answers.ts';
import { evidenceWithAuthors } from './evidence.ts';
import { mergeResults } from './merge.ts';
import { stamped, type AnswerValue, type Question, type Respondent, type ResultFile } from './model.ts';
import type { QuestionResult } from './score.ts';

/** A team with nobody in it yet. */
export function emptyTeam(): ResultFile {
  return { formatVersion: 1, respondents: [] };
}

/** How a person is called on the team page: their name, or "Person N" by their place in the team. */
export function personLabel(team: ResultFile, id: string): string {
  const index = team.respondents.findIndex((r) => r.id === id);
  const person = team.respondents[index];
  return person?.name ?? `Person ${index + 1}`;
}

/** One incoming file or link and where it came from ("Line 2", "ana.json"), as people will read it. */
export interface Incoming {
  source: string;
  file: ResultFile;
}

export interface Refused {
  source: string;
  reason: string;
}

export interface TeamAddition {
  file: ResultFile;
  /** The incoming results that joined. */
  accepted: ResultFile[];
  /** Ids of people who were not in the team before. */
  added: string[];
  /** People found more than once (in the team and the new files, or twice among the new files). */
  replaced: { id: string; kept: string }[];
  refused: Refused[];
}

/**
 * Why an incoming result cannot join a team that answers `questionSet`'s questions, or undefined
 * when it can. A result without a question set (a share link from before the first save) is
 * accepted, and so is one saved under an older model version: it is scored under this one.
 */
export function refusalOf(file: ResultFile, questionSet: string): string | undefined {
  if (file.respondents.length === 0) return 'It holds nobody\u2019s answers. Ask for the link or file again once the person has answered.';
  if (file.questionSet !== undefined && file.questionSet !== questionSet) {
    return `Its answers were given to another version of the questions (version ${file.questionSet}; this page asks version ${questionSet}), so they cannot be compared. Ask the person to open the self-assessment, check their answers, press "Save as a file", and send the new file or a new share link.`;
  }
  return undefined;
}

/**
 * The team with the incoming results added. Results that cannot join are refused with a reason and
 * change nothing; the same person found twice keeps the later answers (mergeResults).
 */
export function addToTeam(team: ResultFile, incoming: readonly Incoming[], questionSet: string): TeamAddition {
  const refused: Refused[] = [];
  const accepted: ResultFile[] = [];
  for (const item of incoming) {
    const reason = refusalOf(item.file, questionSet);
    if (reason === undefined) accepted.push(item.file);
    else refused.push({ source: item.source, reason });
  }
  if (accepted.length === 0) return { file: team, accepted, added: [], replaced: [], refused };
  const before = new Set(team.respondents.map((r) => r.id));
  // What joins is scored from now on under this model version and question set; the team file
  // keeps the lowest model version it held (its own saved scores may come from it).
  const merged = mergeResults([team, ...accepted.map((f) => stamped(f, questionSet))]);
  return {
    file: merged.file,
    accepted,
    added: merged.file.respondents.filter((r) => !before.has(r.id)).map((r) => r.id),
    replaced: merged.replaced.map(({ id, kept }) => ({ id, kept })),
    refused,
  };
}

/** A person arriving whose id is already in the team, with other answers than the team holds. */
export interface Conflict {
  /** The person as the team holds them now. */
  earlier: Respondent;
  /** The same person as the link or file holds them. */
  incoming: Respondent;
}

export interface Arrivals {
  /**
   * Every incoming file with only the people who are not in the team yet; a file may be left with
   * nobody, and its snapshots still join the team's history.
   */
  fresh: ResultFile[];
  /** Ids of people who arrived exactly as the team already holds them. */
  alreadyThere: string[];
  /** People already in the team who arrived with other answers: to ask about before anything replaces them. */
  conflicts: Conflict[];
}

/** Object keys sorted at every depth, so two equal records give the same text whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** True when two records of a person hold the same name, role, answers, reasons and dates. */
export function samePerson(a: Respondent, b: Respondent): boolean {
  return canonical(a) === canonical(b);
}

/**
 * Sorts incoming results (already checked with refusalOf) by whether each person is new to the
 * team, already there exactly, or already there with other answers. Nothing a person saved is
 * replaced from here: conflicts go back to the caller to ask about. A file's evidence stays in
 * its fresh copy, marked with who added it, so it joins the team whichever way a conflict goes.
 */
export function sortArrivals(team: ResultFile, incoming: readonly ResultFile[]): Arrivals {
  const held = new Map(team.respondents.map((r) => [r.id, r]));
  const fresh: ResultFile[] = [];
  const alreadyThere: string[] = [];
  const conflicts: Conflict[] = [];
  for (const file of incoming) {
    const newcomers: Respondent[] = [];
    for (const person of file.respondents) {
      const earlier = held.get(person.id);
      if (!earlier) newcomers.push(person);
      else if (samePerson(earlier, person)) {
        if (!alreadyThere.includes(person.id)) alreadyThere.push(person.id);
      } else if (!conflicts.some((c) => c.incoming.id === person.id && samePerson(c.incoming, person))) {
        conflicts.push({ earlier, incoming: person });
      }
    }
    // Evidence joins with the file, marked with who added it before that person is taken out.
    fresh.push(file.evidence === undefined ? { ...file, respondents: newcomers } : { ...file, evidence: evidenceWithAuthors(file), respondents: newcomers });
  }
  return { fresh, alreadyThere, conflicts };
}

/**
 * The team with one person's answers replaced by the ones that arrived (same id, same place); if
 * they are no longer in the team (removed meanwhile), they join it.
 */
export function replacePerson(team: ResultFile, person: Respondent): ResultFile {
  if (!team.respondents.some((r) => r.id === person.id)) {
    return { ...team, respondents: [...team.respondents, person].sort((a, b) => a.id.localeCompare(b.id)) };
  }
  return { ...team, respondents: team.respondents.map((r) => (r.id === person.id ? person : r)) };
}

/**
 * The team with the answers that arrived kept as another person, under a new id; a named person
 * gets the first free "Name (2)", "Name (3)"… so the two can be told apart. Returns the new id too.
 */
export function addAsAnotherPerson(team: ResultFile, person: Respondent, newId: string): { file: ResultFile; id: string } {
  const copy: Respondent = { ...person, id: newId };
  if (person.name !== undefined) {
    const taken = new Set(team.respondents.map((r) => r.name));
    let n = 2;
    while (taken.has(`${person.name} (${n})`)) n++;
    // A name is at most 100 characters in a result file; shorten it rather than make one the file refuses.
    const suffix = ` (${n})`;
    copy.name = `${person.name.slice(0, 100 - suffix.length)}${suffix}`;
  }
  const respondents = [...team.respondents, copy].sort((a, b) => a.id.localeCompare(b.id));
  return { file: { ...team, respondents }, id: newId };
}

/** The team without one person; their answers leave every figure. */
export function removePerson(team: ResultFile, id: string): ResultFile {
  return { ...team, respondents: team.respondents.filter((r) => r.id !== id) };
}

/** One person's answer to a question, as the team table shows it. */
export interface PersonAnswer {
  id: string;
  label: string;
  value: AnswerValue | undefined;
  /** The answer in the question's own words ("Most of it", "I don't know"), or "—". */
  text: string;
}

/** The words of an answer on this question's scale. */
export function answerText(question: Question, value: AnswerValue | undefined): string {
  if (value === undefined) return '—';
  return answerChoices(question.scale).find((c) => c.value === value)?.label ?? String(value);
}

/** What each person in the team answered to a question, in team order. */
export function answersTo(question: Question, team: ResultFile): PersonAnswer[] {
  return team.respondents.map((r) => ({
    id: r.id,
    label: personLabel(team, r.id),
    value: r.answers[question.id],
    text: answerText(question, r.answers[question.id]),
  }));
}

/** The spread of answers in words, most common first: "All of it ×2, I don't know ×1". */
export function spreadInWords(question: Question, respondents: readonly Respondent[]): string {
  const counts = new Map<AnswerValue, number>();
  for (const r of respondents) {
    const v = r.answers[question.id];
    if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  if (counts.size === 0) return 'nobody answered';
  const order = answerChoices(question.scale).map((c) => c.value);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([v, n]) => `${answerText(question, v)} \u00d7${n}`)
    .join(', ');
}

/** "1 of 3 know": how many of those who answered the question gave a number. */
export function knowInWords(r: QuestionResult): string {
  return `${r.n} of ${r.responded} know`;
}

/** A share (0–1) as a whole percentage, the way the team page shows team values. */
export function percent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 100)} %`;
}
