/**
 * The team's plan in the forms people paste where they work: Markdown for a GitHub or GitLab
 * issue, CSV for a spreadsheet or a tracker's import, and a short chat message. Pure text from a
 * scored result and its next steps; links point at the guides on `siteUrl`.
 */
import { practiceIds, practices } from '../practices.ts';
import { bucketNames, buckets, questionEffortWords, type NextStep } from './next-steps.ts';
import type { AssessmentResult, QuestionResult } from './score.ts';
import { namesInWords } from '../text/words.ts';
import type { Targets } from './model.ts';
import type { TeamEvidenceItem } from './evidence.ts';
import { targetGaps } from './next-steps.ts';
import { frameworkParts, type FrameworkIds } from '../frameworks/maps-to.ts';

export interface PlanInput {
  result: AssessmentResult;
  steps: readonly NextStep[];
  talkFirst: readonly QuestionResult[];
  /** Where the site lives, e.g. https://plainsec.dev (no trailing slash needed). */
  siteUrl: string;
  /** When the plan was made (ISO 8601); its day heads the plan. */
  date: string;
  /** The team's name as the team typed it; every export names it in its first line. */
  team?: string;
  /**
   * How the people whose answers were scored are called, in team order: ["Ana", "Bo", "Cy"] or
   * ["Person 1", …]. Every export says who was included. Without it an export says only how many.
   */
  people?: readonly string[];
  /** Guide titles by `practice/slug`. */
  guideTitles: Readonly<Record<string, string>>;
  /** The spread of answers in words, by question id (for "talk about these first"). */
  spreads?: Readonly<Record<string, string>>;
  /** The level aimed for per practice; the scores table gains a Target column when any is set. */
  targets?: Targets;
  /** What backs the answers up, by question id, with who added it and whether it is stale (teamEvidence in evidence.ts). */
  evidence?: Readonly<Record<string, readonly TeamEvidenceItem[]>>;
  /** The framework ids each question's checklist items and alert rules carry, by question id. */
  mapsTo?: Readonly<Record<string, FrameworkIds>>;
}

/** "Maps to: CIS Controls 8.2, 8.5 · NIST CSF DE.CM-01", or '' when the question carries no ids. */
export function mapsToWords(ids: FrameworkIds | undefined): string {
  const parts = frameworkParts(ids);
  return parts.length === 0 ? '' : `Maps to: ${parts.map((p) => `${p.name} ${p.ids.join(', ')}`).join(' · ')}`;
}

/** One item of evidence on one line: title, link, day checked, who added it, note, and "stale" when it is. */
export function evidenceLine(entry: TeamEvidenceItem): string {
  const { item } = entry;
  return [
    oneLine(item.title),
    item.url ? ` (${item.url})` : '',
    `, checked ${item.date.slice(0, 10)}`,
    entry.addedBy ? `, added by ${oneLine(entry.addedBy)}` : '',
    entry.stale ? ', stale: check it again' : '',
    item.note ? `. ${oneLine(item.note)}` : '',
  ].join('');
}

/** One item of evidence as a Markdown list item's text: the title a link when there is one, the rest as text. */
function evidenceMarkdown(entry: TeamEvidenceItem): string {
  const { url, ...rest } = entry.item;
  const title = markdownText(entry.item.title);
  const after = markdownText(evidenceLine({ ...entry, item: rest }).slice(oneLine(entry.item.title).length));
  // Brackets and spaces in a link would end it early: percent-encode them.
  return url ? `[${title}](${url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})${after}` : `${title}${after}`;
}

/** How many items of evidence, and how many are stale, in words ("5 items of evidence, 1 stale"). */
function evidenceCount(evidence: PlanInput['evidence']): string {
  const all = Object.values(evidence ?? {}).flat();
  if (all.length === 0) return '';
  const stale = all.filter((e) => e.stale).length;
  return `${all.length} ${all.length === 1 ? 'item' : 'items'} of evidence${stale > 0 ? `, ${stale} stale` : ''}`;
}

/** The most a chat message may hold, so it fits one message in any chat tool without folding. */
export const chatLimit = 600;

/** The address of a guide on the site. */
function guideUrl(siteUrl: string, guide: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/guides/${guide}/`;
}

const score = (v: number | null) => (v === null ? 'no score' : v.toFixed(0));
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Text safe inside a Markdown table cell or list item: one line, no table breaks, no stray markup. */
function markdownText(text: string): string {
  return oneLine(text).replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

/** "1 person" or "3 people". */
function peopleCount(count: number): string {
  return `${count} ${count === 1 ? 'person' : 'people'}`;
}

/** The team's name on one line, or '' when there is none. */
const teamOf = (team: string | undefined) => oneLine(team ?? '');
/** The people's labels on one line each, or undefined when the caller did not say who they are. */
const labelsOf = (people: readonly string[] | undefined) => (people && people.length > 0 ? people.map(oneLine) : undefined);

/** The plan as Markdown for a GitHub or GitLab issue: heading, scores, task lists per bucket, then the talk-first list. */
export function planMarkdown(input: PlanInput): string {
  const { result, steps, talkFirst, siteUrl, date, team, people, guideTitles, spreads, targets = {}, evidence = {}, mapsTo = {} } = input;
  const lines: string[] = [];
  const teamName = teamOf(team);
  // The heading always starts with "Security", so it begins with a capital whatever the team typed.
  lines.push(`# Security plan ${teamName ? `for ${markdownText(teamName)}` : 'from the self-assessment'}, ${date.slice(0, 10)}`, '');
  const labels = labelsOf(people);
  const count = labels?.length ?? result.respondents;
  lines.push(
    count === 0
      ? 'No answers were included.'
      : `From the answers of ${labels ? `${namesInWords(labels.map(markdownText))} (${peopleCount(count)})` : peopleCount(count)}.`,
    `Level ${result.headlineLevel} of 3 overall (the level of the weakest practice).`,
    '',
  );
  // The Target column shows only when the team set a target, so a plan without one reads as before.
  const gaps = targetGaps(result, targets);
  const withTargets = practiceIds.some((p) => gaps[p].target !== null);
  lines.push(
    `| Practice | Score | ± | Coverage | Level |${withTargets ? ' Target |' : ''}`,
    `| --- | ---: | ---: | ---: | ---: |${withTargets ? ' --- |' : ''}`,
  );
  for (const p of practiceIds) {
    const r = result.practices[p];
    const coverage = r.coverage === null ? '—' : `${Math.round(r.coverage * 100)} %`;
    const uncertainty = r.uncertainty === null ? '—' : r.uncertainty.toFixed(1);
    const target = withTargets ? ` ${targetWords(gaps[p])} |` : '';
    lines.push(`| ${practices[p].name} | ${score(r.score)}${r.preliminary ? ' (preliminary)' : ''} | ${uncertainty} | ${coverage} | ${r.level} |${target}`);
  }
  lines.push('');
  const guideLink = (guide: string) => `[${markdownText(guideTitles[guide] ?? guide)}](${guideUrl(siteUrl, guide)})`;
  for (const bucket of buckets) {
    const inBucket = steps.filter((s) => s.bucket === bucket);
    if (inBucket.length === 0) continue;
    lines.push(`## ${bucketNames[bucket]}`, '');
    for (const s of inBucket) {
      const q = s.result.question;
      const notes = [s.talkFirst && 'talk about it first', s.findOut && 'find out first'].filter(Boolean);
      const maps = mapsToWords(mapsTo[q.id]);
      lines.push(
        `- [ ] **${markdownText(q.topic)}** (${practices[q.practice].name}, ${questionEffortWords[q.effort]}${notes.length ? `, ${notes.join(', ')}` : ''}): ${markdownText(q.goodLooksLike)} Guide: ${guideLink(q.guide)}${maps ? ` ${markdownText(maps)}.` : ''}`,
      );
    }
    lines.push('');
  }
  if (steps.length === 0) lines.push('Nothing to plan from these answers.', '');
  if (talkFirst.length > 0) {
    lines.push('## Talk about these first', '');
    for (const r of talkFirst) {
      const flags = [r.flags.discuss && 'answers far apart', r.flags.knowledgeGap && 'some said "I don\'t know"'].filter(Boolean).join('; ');
      const spread = spreads?.[r.question.id];
      lines.push(`- **${markdownText(r.question.topic)}**: ${markdownText(r.question.question)} (${flags}${spread ? `: ${markdownText(spread)}` : ''}). Guide: ${guideLink(r.question.guide)}`);
    }
    lines.push('');
  }
  const withEvidence = practiceIds.flatMap((p) => result.practices[p].questions).filter((r) => (evidence[r.question.id] ?? []).length > 0);
  if (withEvidence.length > 0) {
    lines.push('## Evidence', '');
    for (const r of withEvidence) {
      lines.push(`- **${markdownText(r.question.topic)}**`);
      for (const entry of evidence[r.question.id]!) lines.push(`  - ${evidenceMarkdown(entry)}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** "level 2 (1 level to go)", "level 1 (reached)" or "—" with no target. */
export function targetWords(gap: { target: number | null; gapToTarget: number | null }): string {
  if (gap.target === null || gap.gapToTarget === null) return '—';
  return `level ${gap.target} (${gap.gapToTarget === 0 ? 'reached' : `${gap.gapToTarget} ${gap.gapToTarget === 1 ? 'level' : 'levels'} to go`})`;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. */
export function csvField(value: string): string {
  // A spreadsheet runs a cell that starts with = + - @ as a formula: a leading ' keeps it text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvColumns = ['Team', 'Answers from', 'Bucket', 'Practice', 'Question', 'What good looks like', 'Effort', 'Guide URL', 'Maps to', 'Evidence'] as const;

/**
 * The plan as CSV: a header row, then one row per next step, lines ending CRLF as RFC 4180 says.
 * Every row names the team and the people whose answers it came from, so rows pasted into a shared
 * sheet or tracker still say whose plan they are.
 */
export function planCsv(steps: readonly NextStep[], siteUrl: string, who: Pick<PlanInput, 'team' | 'people' | 'evidence' | 'mapsTo'> = {}): string {
  const team = teamOf(who.team);
  const labels = labelsOf(who.people);
  const from = labels ? namesInWords(labels) : '';
  const rows: string[][] = [[...csvColumns]];
  for (const s of steps) {
    const q = s.result.question;
    const evidence = (who.evidence?.[q.id] ?? []).map(evidenceLine).join('; ');
    const maps = mapsToWords(who.mapsTo?.[q.id]).replace(/^Maps to: /, '');
    rows.push([team, from, bucketNames[s.bucket], practices[q.practice].name, q.question, q.goodLooksLike, questionEffortWords[q.effort], guideUrl(siteUrl, q.guide), maps, evidence]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1)).trimEnd()}\u2026`;
}

/**
 * A short chat message (at most 600 characters): the team, who was included, the headline level,
 * the three practice scores and the top three actions. Long names are shortened with "…", and a
 * long list of people to "Ana, Bo and 3 others", so the message always fits.
 */
export function planChat(input: Pick<PlanInput, 'result' | 'steps' | 'team' | 'people' | 'siteUrl' | 'evidence'>): string {
  const { result, steps, team, people, siteUrl } = input;
  const kept = evidenceCount(input.evidence);
  const top = steps.slice(0, 3).map((s) => oneLine(s.result.question.topic));
  const scores = practiceIds.map((p) => `${practices[p].name} ${score(result.practices[p].score)}`).join(', ');
  const link = `${siteUrl.replace(/\/+$/, '')}/assessment/`;
  const labels = labelsOf(people) ?? [];
  const count = labels.length > 0 ? labels.length : result.respondents;
  const build = (teamName: string, names: string, actions: string[]) => {
    // Always starts with "Security", so the message begins with a capital whatever the team typed.
    const head = `Security self-assessment${teamName ? ` for ${teamName}` : ''}: ${peopleCount(count)}${names ? ` (${names})` : ''}. Level ${result.headlineLevel} of 3 overall.`;
    const todo = actions.length === 0 ? 'Nothing to plan yet.' : `Top ${actions.length === 1 ? 'action' : `${actions.length} actions`}: ${actions.map((a, i) => `${i + 1}) ${a}`).join('; ')}.`;
    return `${head} Scores: ${scores}. ${todo}${kept ? ` ${kept[0]!.toUpperCase()}${kept.slice(1)}.` : ''} Take the self-assessment: ${link}`;
  };
  let message = build(teamOf(team), namesInWords(labels), top);
  // Shorten what varies, longest first, until it fits: the team name, each person's name and each
  // action; then, only if that is not enough, name fewer people and count the rest as "others".
  for (const [max, fewest] of [[60, 3], [40, 3], [20, 2], [0, 0]] as const) {
    if (message.length <= chatLimit) break;
    const names = labels.map((name) => clip(name, Math.max(max / 2, 12)));
    for (const shown of [labels.length, Math.min(fewest, labels.length)]) {
      message = build(clip(teamOf(team), max), shown === 0 ? '' : namesInWords(names, shown), top.map((a) => clip(a, Math.max(max * 2, 24))));
      if (message.length <= chatLimit) break;
    }
  }
  return message.length <= chatLimit ? message : clip(message, chatLimit);
}
