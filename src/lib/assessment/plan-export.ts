/**
 * The team's plan in the forms people paste where they work: Markdown for a GitHub or GitLab
 * issue, CSV for a spreadsheet or a tracker's import, and a short chat message. Pure text from a
 * scored result and its next steps; links point at the guides on `siteUrl`.
 */
import { practiceIds, practices } from '../practices.ts';
import { bucketNames, buckets, type NextStep } from './next-steps.ts';
import type { AssessmentResult, QuestionResult } from './score.ts';

export interface PlanInput {
  result: AssessmentResult;
  steps: readonly NextStep[];
  talkFirst: readonly QuestionResult[];
  /** Where the site lives, e.g. https://plainsec.dev (no trailing slash needed). */
  siteUrl: string;
  /** When the plan was made (ISO 8601); its day heads the plan. */
  date: string;
  team?: string;
  /** Guide titles by `practice/slug`. */
  guideTitles: Readonly<Record<string, string>>;
  /** The spread of answers in words, by question id (for "talk about these first"). */
  spreads?: Readonly<Record<string, string>>;
}

const effortWords = { 1: 'hours', 2: 'days', 3: 'weeks' } as const;
/** The most a chat message may hold, so it fits one message in any chat tool without folding. */
export const chatLimit = 600;

/** The address of a guide on the site. */
export function guideUrl(siteUrl: string, guide: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/guides/${guide}/`;
}

const score = (v: number | null) => (v === null ? 'no score' : v.toFixed(0));
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Text safe inside a Markdown table cell or list item: one line, no table breaks, no stray markup. */
function markdownText(text: string): string {
  return oneLine(text).replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

/** The plan as Markdown for a GitHub or GitLab issue: heading, scores, task lists per bucket, then the talk-first list. */
export function planMarkdown(input: PlanInput): string {
  const { result, steps, talkFirst, siteUrl, date, team, guideTitles, spreads } = input;
  const lines: string[] = [];
  const who = team ? `${markdownText(team)}: ` : '';
  lines.push(`# ${who}security plan from the self-assessment, ${date.slice(0, 10)}`, '');
  lines.push(
    `Level ${result.headlineLevel} of 3 overall (the level of the weakest practice), from the answers of ${result.respondents} ${result.respondents === 1 ? 'person' : 'people'}.`,
    '',
  );
  lines.push('| Practice | Score | ± | Coverage | Level |', '| --- | ---: | ---: | ---: | ---: |');
  for (const p of practiceIds) {
    const r = result.practices[p];
    const coverage = r.coverage === null ? '—' : `${Math.round(r.coverage * 100)} %`;
    const uncertainty = r.uncertainty === null ? '—' : r.uncertainty.toFixed(1);
    lines.push(`| ${practices[p].name} | ${score(r.score)}${r.preliminary ? ' (preliminary)' : ''} | ${uncertainty} | ${coverage} | ${r.level} |`);
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
      lines.push(
        `- [ ] **${markdownText(q.topic)}** (${practices[q.practice].name}, ${effortWords[q.effort]}${notes.length ? `, ${notes.join(', ')}` : ''}): ${markdownText(q.goodLooksLike)} Guide: ${guideLink(q.guide)}`,
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
  return lines.join('\n');
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. */
export function csvField(value: string): string {
  // A spreadsheet runs a cell that starts with = + - @ as a formula: a leading ' keeps it text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvColumns = ['bucket', 'practice', 'question', 'what good looks like', 'effort', 'guide URL'] as const;

/** The plan as CSV: one row per next step, with a header row, lines ending CRLF as RFC 4180 says. */
export function planCsv(steps: readonly NextStep[], siteUrl: string): string {
  const rows: string[][] = [[...csvColumns]];
  for (const s of steps) {
    const q = s.result.question;
    rows.push([bucketNames[s.bucket], practices[q.practice].name, q.question, q.goodLooksLike, effortWords[q.effort], guideUrl(siteUrl, q.guide)]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1)).trimEnd()}\u2026`;
}

/**
 * A short chat message (at most 600 characters): the headline level, the three practice scores and
 * the top three actions. Long names are shortened with "…" so the message always fits.
 */
export function planChat(input: Pick<PlanInput, 'result' | 'steps' | 'team' | 'siteUrl'>): string {
  const { result, steps, team, siteUrl } = input;
  const top = steps.slice(0, 3).map((s) => oneLine(s.result.question.topic));
  const scores = practiceIds.map((p) => `${practices[p].name} ${score(result.practices[p].score)}`).join(', ');
  const link = `${siteUrl.replace(/\/+$/, '')}/assessment/`;
  const build = (teamName: string, actions: string[]) => {
    const head = `${teamName ? `${teamName}: ` : ''}security self-assessment, ${result.respondents} ${result.respondents === 1 ? 'person' : 'people'}. Level ${result.headlineLevel} of 3 overall.`;
    const todo = actions.length === 0 ? 'Nothing to plan yet.' : `Top ${actions.length === 1 ? 'action' : `${actions.length} actions`}: ${actions.map((a, i) => `${i + 1}) ${a}`).join('; ')}.`;
    return `${head} Scores: ${scores}. ${todo} Take the self-assessment: ${link}`;
  };
  let message = build(oneLine(team ?? ''), top);
  // Shorten what varies, longest first, until it fits: the team name, then each action.
  for (const max of [60, 40, 20, 0]) {
    if (message.length <= chatLimit) break;
    message = build(clip(oneLine(team ?? ''), max), top.map((a) => clip(a, Math.max(max * 2, 24))));
  }
  return message.length <= chatLimit ? message : clip(message, chatLimit);
}
