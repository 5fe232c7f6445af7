/**
 * Fix first in the forms people paste where they work: Markdown for a GitHub issue (a task list
 * per bucket, ticks kept), CSV for a spreadsheet or a tracker's import, and a short chat message.
 * Pure text from a plan, the upgrades ticked off (by `upgradeKey`) and their owners. The caller
 * gives the day: nothing here reads the clock. Package, image and file names come from reports
 * and people, so they are escaped in Markdown and guarded against formulas in CSV.
 */
import { buckets, upgradeKey, type Bucket, type Plan, type Upgrade } from './model.ts';
import { bucketHeading, bucketTitles } from './words.ts';
import { namesInWords } from '../text/words.ts';

export interface FixFirstExportInput {
  plan: Plan;
  /** The `upgradeKey` values of the upgrades ticked off; keys not in the plan are left out of the counts. */
  done: ReadonlySet<string>;
  /** Who does each upgrade, by `upgradeKey`. */
  owners?: Readonly<Record<string, string>>;
  /** The files read, as the caller names them: "trivy.json (Trivy JSON)". */
  sources: readonly string[];
  /** Whether CISA's list of known exploited vulnerabilities was given and matched. */
  kevUsed: boolean;
  /** The day the plan was made, YYYY-MM-DD. */
  day: string;
}

/** The most a chat message may hold, so it fits one message in any chat tool without folding. */
export const chatLimit = 600;

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const holes = (n: number) => `${n} known hole${n === 1 ? '' : 's'}`;
const isRebuild = (u: Upgrade) => u.package === null;

/**
 * Text that reads as text in GitHub Markdown, on one line: every character that could start
 * emphasis, code, a link, HTML, a table cell, a heading, strikethrough, an entity or math is
 * escaped with a backslash, and line breaks become spaces so nothing leaves its list item.
 */
export function markdownText(text: string): string {
  return oneLine(text).replace(/([\\`*_[\]<>|#~&$!])/g, '\\$1');
}

/** The owner of an upgrade on one line, or '' when none is set. */
function ownerOf(input: Pick<FixFirstExportInput, 'owners'>, u: Upgrade): string {
  return oneLine(input.owners?.[upgradeKey(u)] ?? '');
}

/** The target as words: the version, the choices joined with "or", or '' when nothing fixes it yet. */
function targetText(target: Upgrade['target']): string {
  if (target === null) return '';
  return typeof target === 'string' ? target : target.join(' or ');
}

/** How many of the plan's steps are ticked off, and how many there are. */
function doneCount(input: Pick<FixFirstExportInput, 'plan' | 'done'>): { done: number; steps: number } {
  const steps = input.plan.upgrades;
  return { done: steps.filter((u) => input.done.has(upgradeKey(u))).length, steps: steps.length };
}

/** "Known holes by bucket: today 1, this week 2, this month 0, later 3, no fix yet 1." */
function countsLine(plan: Plan): string {
  return `Known holes by bucket: ${buckets.map((b) => `${bucketTitles[b].toLowerCase()} ${plan.counts[b]}`).join(', ')}.`;
}

/** "2 of the 6 steps above are done." */
function doneLine(input: Pick<FixFirstExportInput, 'plan' | 'done'>): string {
  const { done, steps } = doneCount(input);
  if (done === steps) return steps === 1 ? 'The step above is done.' : `All ${steps} steps above are done.`;
  return `${done} of the ${steps} ${steps === 1 ? 'step' : 'steps'} above ${done === 1 ? 'is' : 'are'} done.`;
}

/**
 * The plan as Markdown for a GitHub issue: a heading with the numbers, what was read and when,
 * then per bucket a heading and a task list (ticked where done), each task's why on an indented
 * line under it, and at the end the known holes per bucket and how many steps are done.
 */
export function fixFirstMarkdown(input: FixFirstExportInput): string {
  const { plan, done, sources, kevUsed, day } = input;
  const total = buckets.reduce((n, b) => n + plan.counts[b], 0);
  const upgrades = plan.upgrades.filter((u) => !isRebuild(u)).length;
  const lines: string[] = [];
  lines.push(total === 0 && upgrades === 0 ? '# Fix first: no known holes in these reports' : `# Fix first: ${upgrades} upgrade${upgrades === 1 ? '' : 's'} for ${holes(total)}`, '');
  const read = sources.length === 0 ? `Planned on ${day}.` : `Read ${namesInWords(sources.map(markdownText))} on ${day}.`;
  const kev = kevUsed
    ? 'The holes were matched against CISA’s list of holes used in real attacks.'
    : 'No list of holes used in real attacks was given, so only the reports’ own marks say which holes attackers use now.';
  lines.push(`${read} ${kev}`, '');
  for (const b of buckets) {
    const here = plan.upgrades.filter((u) => u.bucket === b);
    if (here.length === 0) continue;
    lines.push(`## ${bucketHeading(b)}`, '');
    for (const u of here) {
      const owner = ownerOf(input, u);
      lines.push(`- [${done.has(upgradeKey(u)) ? 'x' : ' '}] ${markdownText(u.line)}${owner ? ` — owner: ${markdownText(owner)}` : ''}`, `  ${markdownText(u.why)}`);
    }
    lines.push('');
  }
  if (plan.upgrades.length === 0) lines.push('Nothing to fix.', '');
  lines.push(countsLine(plan));
  if (plan.upgrades.length > 0) lines.push(doneLine(input));
  lines.push('');
  return lines.join('\n');
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or spaces at
 * either end, quotes doubled. A cell that starts with = + - @, a tab or a CR would run as a
 * formula in a spreadsheet, so it gets a leading apostrophe. (The same rules as the checklist's
 * and the self-assessment's CSV; kept here so the fix-first page loads none of their modules.)
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvColumns = ['Order', 'Bucket', 'Done', 'Owner', 'Where', 'Package', 'Installed', 'Target', 'Known holes', 'Used by attackers now', 'IDs', 'Why'] as const;

/** One row per step, in the plan's order. A rebuild step has no package and no holes of its own: those cells are empty. */
function csvRow(input: FixFirstExportInput, u: Upgrade, i: number): string[] {
  const rebuild = isRebuild(u);
  return [
    String(i + 1),
    bucketTitles[u.bucket],
    input.done.has(upgradeKey(u)) ? 'yes' : 'no',
    ownerOf(input, u),
    u.where,
    u.package ?? '',
    u.installed ?? '',
    targetText(u.target),
    rebuild ? '' : String(u.findings.length),
    rebuild ? '' : String(u.findings.filter((f) => f.kev).length),
    u.findings.map((f) => f.id).join(', '),
    u.why,
  ];
}

/** The plan as CSV: a header row, then one row per step (upgrade or rebuild), lines ending CRLF as RFC 4180 says. */
export function fixFirstCsv(input: FixFirstExportInput): string {
  const rows: string[][] = [[...csvColumns], ...input.plan.upgrades.map((u, i) => csvRow(input, u, i))];
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1)).trimEnd()}\u2026`;
}

const chatBucketWords: Record<Bucket, string> = { today: 'today', 'this-week': 'this week', 'this-month': 'this month', later: 'later', 'no-fix-yet': 'with no fix yet' };

/**
 * A short chat message (at most 600 characters): the day, the upgrades per bucket, the first
 * three steps not yet done, and how many are done. Long lines are shortened with "…", then fewer
 * steps are named, so the message always fits.
 */
export function fixFirstChat(input: FixFirstExportInput): string {
  const { plan, done, day } = input;
  const per = buckets.map((b) => [b, plan.upgrades.filter((u) => u.bucket === b && !isRebuild(u)).length] as const).filter(([, n]) => n > 0);
  if (plan.upgrades.length === 0) return `Fix first (${day}): no known holes in these reports.`;
  const counts = per.map(([b, n], i) => `${n}${i === 0 ? ` upgrade${n === 1 ? '' : 's'}` : ''} ${chatBucketWords[b]}`);
  const head = `Fix first (${day}): ${counts.length === 0 ? 'no upgrades' : namesInWords(counts)}.`;
  const { done: ticked, steps } = doneCount(input);
  const tail = ticked === 0 ? '' : ticked === steps ? ` All ${steps} done.` : ` ${ticked} of ${steps} done.`;
  const open = plan.upgrades.filter((u) => !done.has(upgradeKey(u))).slice(0, 3).map((u) => oneLine(u.line));
  const build = (top: string[]) => `${head}${top.length === 0 ? '' : ` Top: ${top.length === 1 ? top[0] : top.map((t, i) => `${i + 1}) ${t}`).join(' ')}`}${tail}`;
  let message = build(open);
  // Shorten each line, then name fewer steps, until it fits.
  for (const max of [200, 140, 100, 70, 50]) {
    if (message.length <= chatLimit) break;
    message = build(open.map((t) => clip(t, max)));
  }
  for (let shown = open.length - 1; shown >= 0 && message.length > chatLimit; shown--) message = build(open.slice(0, shown).map((t) => clip(t, 50)));
  return message.length <= chatLimit ? message : clip(message, chatLimit);
}
