/**
 * `plainsec assess`: the team self-assessment from result files, for a repository or CI.
 * `score` merges everyone's answers and prints the scores, levels and next steps (or JSON, or a
 * README badge, or an exit code against a minimum level); `merge` writes one file with everyone.
 * A thin layer over src/lib/assessment.
 */
import { copyFile, mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { practiceIds, practices } from '../lib/practices.ts';
import { badgeSvg } from '../lib/assessment/badge.ts';
import { mergeResults, type MergeOutcome } from '../lib/assessment/merge.ts';
import { currentModelVersion, questionSetOf, savedUnderOtherModel, type Question, type ResultFile, type Targets } from '../lib/assessment/model.ts';
import { bucketNames, nextSteps, targetGaps } from '../lib/assessment/next-steps.ts';
import { reportJson } from '../lib/assessment/report-json.ts';
import { talkAgenda } from '../lib/assessment/talk-agenda.ts';
import { maxResultBytes, parseResultText, resultFileText, unknownQuestionIds } from '../lib/assessment/result-file.ts';
import { allQuestionResults, levelThreshold, scoreAssessment, type AssessmentResult } from '../lib/assessment/score.ts';
import { exitCodes, nowFor, parse, usageError, type Io } from './args.ts';
import { readQuestions } from './questions.ts';
import { fileProblem, readBytes, type Read } from './read.ts';

const assessHelp = `plainsec assess: the team self-assessment from result files.

Usage:
  plainsec assess score FILE... [--json] [--badge OUT.svg] [--min-level N] [--questions DIR]
  plainsec assess merge FILE... --out FILE

Run "plainsec assess score --help" or "plainsec assess merge --help" for details.`;

const scoreHelp = `plainsec assess score FILE... [--json] [--badge OUT.svg] [--min-level N] [--questions DIR]

Reads one or more result files saved from the assessment page (each with one or more people),
puts everyone into one team result and prints, for each practice: the score (0-100) with its
uncertainty (± points), the coverage, the level reached and the progress to the next level;
then the headline level (the weakest practice's level), the next steps, and at most five
questions to talk about first, each with why.
A person found in two files counts once: the answers with the later answeredAt are kept, and
it says so on stderr. Answers to questions this version does not have are kept, not scored, and
reported on stderr.
Scoring follows the assessment model, version ${currentModelVersion}: an "I don't know" lowers the
coverage and widens the ±, and a level counts only when at least 60 % of its weight is known.
Files saved under an earlier version are scored under this one, and it says so on stderr.
Where the files set target levels ("targets":{PRACTICE:1-3}), the plan works toward them first
and each practice's target and levels to go are shown (target and gapToTarget in --json, null
where no target is set).
  --json           print the result as JSON instead of the table (numbers unrounded; scores
                   and uncertainty 0-100, coverage and progress 0-1, null where there is none):
                   {"practices":{ID:{"score","uncertainty","coverage","level","progress",
                   "preliminary","target","gapToTarget"}},"overall","headlineLevel",
                   "respondents","nextSteps":[{"question","bucket","priority"}]}
  --badge OUT.svg  also write a README badge showing the headline level, like
                   "security level 1 of 3"
  --min-level N    exit 1 when the headline level is below N (0 to 3), for CI
  --questions DIR  read the questions from DIR (<id>.yaml files) instead of the site's own
Exit code: 0 done, 1 below --min-level, 2 bad input (the file and what is wrong are named).`;

const mergeHelp = `plainsec assess merge FILE... --out FILE

Writes one result file with everyone in FILE..., each person once. A person (same id) found in
two files keeps the answers with the later answeredAt, and it says so on stderr. Score
histories are joined. If the --out file exists and is a Plainsec result file, it is first
copied to FILE.bak (replacing an older .bak); a file there that is not a Plainsec result is
never replaced.
  --out FILE   where to write the team's file (it may be one of the inputs)
Exit code: 0 written, 2 bad input (nothing is written).`;

/** One result file, or a plain error naming it. A file over 1 MB is refused before it is read. */
async function readResultFile(file: string): Promise<Read<ResultFile>> {
  const bytes = await readBytes(file, 'result file', {
    bytes: maxResultBytes,
    refusal: (size) => {
      const refused = parseResultText('', size);
      return refused.ok ? 'is larger than 1 MB.' : refused.error;
    },
  });
  if (!bytes.ok) return bytes;
  let text: string;
  try {
    // Strips a byte-order mark, which some editors add and JSON does not allow.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.value);
  } catch {
    return { ok: false, error: `${file}: this is not text (it is not UTF-8). Check that you picked the file Plainsec saved.` };
  }
  const parsed = parseResultText(text, bytes.value.length);
  return parsed.ok ? { ok: true, value: parsed.file } : { ok: false, error: `${file}: ${parsed.error}` };
}

/** Every file read, or every problem found in them (all are reported, not just the first). */
async function readResultFiles(files: readonly string[]): Promise<Read<ResultFile[]>> {
  const read = await Promise.all(files.map(readResultFile));
  const errors = read.flatMap((r) => (r.ok ? [] : [r.error]));
  if (errors.length > 0) return { ok: false, error: errors.join('\n') };
  return { ok: true, value: read.map((r) => (r as { ok: true; value: ResultFile }).value) };
}

/** Says on stderr who was found more than once and whose answers were kept. */
function reportDuplicates(io: Io, names: readonly string[], files: readonly ResultFile[], outcome: MergeOutcome): void {
  for (const { id, name, kept } of outcome.replaced) {
    const found = files.flatMap((f, i) => f.respondents.filter((r) => r.id === id).map((r) => ({ file: names[i]!, at: r.answeredAt })));
    const where = [...new Set(found.map((f) => f.file))];
    const inFiles = where.length === 1 ? `${where[0]} ${found.length} times` : `${where.slice(0, -1).join(', ')} and ${where.at(-1)}`;
    const who = name === undefined ? id : `${id} (${name})`;
    const sameTime = found.every((f) => Date.parse(f.at) === Date.parse(kept));
    const keptWhat = sameTime
      ? `all answered at ${kept}; kept one set, the same whatever the order of the files`
      : `kept the answers given at ${kept}, the later`;
    io.err(`${who} is in ${inFiles}: counted once; ${keptWhat}.`);
  }
}

const oneDecimal = (v: number): string => v.toFixed(1);
const percent = (v: number): string => `${Math.round(v * 100)} %`;
/** Coverage to a tenth of a percent: one "I don't know" among many answers still shows (95.2 %, not 95 %). */
const coveragePercent = (v: number): string => `${(v * 100).toFixed(1)} %`;

/** The table and the headline a person reads. */
function scoreTable(result: AssessmentResult, fileCount: number): string[] {
  const rows = practiceIds.map((id) => {
    const p = result.practices[id];
    // The ± to two decimals, as the model's worked example checks it (5.11).
    const score = p.score === null ? 'no answers' : `${oneDecimal(p.score)} ± ${(p.uncertainty ?? 0).toFixed(2)}`;
    const coverage = p.coverage === null ? 'no questions' : `${coveragePercent(p.coverage)}${p.preliminary ? ' (preliminary)' : ''}`;
    // A level whose answers are high enough but that too few people know is not reached: say why.
    const tooFewKnow = p.level < 3 && (p.levelMeans[p.level] ?? 0) >= levelThreshold;
    const progress =
      p.level === 3
        ? 'top level reached'
        : p.progress === null
          ? `level ${p.level + 1} not answered`
          : `${percent(p.progress)} to level ${p.level + 1}${tooFewKnow ? ` (under 60 % of it is known)` : ''}`;
    return [practices[id].name, score, coverage, String(p.level), progress];
  });
  const header = ['Practice', 'Score', 'Coverage', 'Level', 'Progress to next'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const people = result.respondents === 1 ? '1 person' : `${result.respondents} people`;
  const files = fileCount === 1 ? '1 file' : `${fileCount} files`;
  return [
    `Team result: ${people} from ${files}.`,
    '',
    line(header),
    ...rows.map(line),
    '',
    `Headline level: ${result.headlineLevel} of 3 (the weakest practice's level).` +
      (result.overall === null ? ' No overall score: nothing was answered.' : ` Overall score: ${oneDecimal(result.overall)}.`),
  ];
}

function staleNote(result: AssessmentResult): string[] {
  const stale = allQuestionResults(result).reduce((a, q) => a + q.stale, 0);
  if (stale === 0) return [];
  const effective = practiceIds
    .filter((id) => result.practices[id].effectiveScore !== null)
    .map((id) => `${practices[id].name} ${oneDecimal(result.practices[id].effectiveScore!)}`);
  return [
    `${stale} answer${stale === 1 ? ' is' : 's are'} older than the question says an answer stays true. Counting those at half value, the effective scores are: ${effective.join(', ')}.`,
  ];
}

/** One line per practice with a target: the level aimed for and how far it is. */
function targetLines(result: AssessmentResult, targets: Targets): string[] {
  const gaps = targetGaps(result, targets);
  return practiceIds.flatMap((p) => {
    const g = gaps[p];
    if (g.target === null) return [];
    const name = practices[p].name;
    const howFar = g.gapToTarget === 0 ? 'reached' : `${g.gapToTarget} level${g.gapToTarget === 1 ? '' : 's'} to go`;
    return [`Target for ${name}: level ${g.target} (now ${g.level}, ${howFar})`];
  });
}

function stepLines(result: AssessmentResult, targets: Targets = {}): string[] {
  const steps = nextSteps(result, targets);
  if (steps.length === 0) return ['Next steps: none; every question within reach is done.'];
  const shown = steps.slice(0, 12);
  const width = Math.max(...shown.map((s) => s.result.question.id.length));
  return [
    'Next steps, most urgent first ("talk first" where the team disagrees or does not know):',
    ...shown.map((s) => {
      const notes = [s.talkFirst ? 'talk first' : '', s.findOut ? 'no answer yet: find out' : ''].filter(Boolean);
      return `  ${bucketNames[s.bucket].padEnd(12)}  ${s.result.question.id.padEnd(width)}  ${s.result.question.topic}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
    }),
    ...(steps.length > shown.length ? [`  and ${steps.length - shown.length} more (see --json)`] : []),
  ];
}

/** "Talk about these first": at most five questions with why, then how many more there are. */
function talkLines(result: AssessmentResult): string[] {
  const { first, more } = talkAgenda(result);
  if (first.length === 0) return [];
  const width = Math.max(...first.map((i) => i.result.question.id.length));
  return [
    '',
    'Talk about these first (where the team disagrees or does not know):',
    ...first.map((i) => `  ${i.result.question.id.padEnd(width)}  ${i.result.question.topic}: ${i.reasons.join('; ')}`),
    ...(more.length > 0 ? [`  More to talk about (${more.length}): ${more.map((i) => i.result.question.id).join(', ')}`] : []),
  ];
}

async function assessScore(args: string[], io: Io): Promise<number> {
  const p = parse(args, { json: { type: 'boolean' }, badge: { type: 'string' }, 'min-level': { type: 'string' }, questions: { type: 'string' } });
  if (!p.ok) return usageError(io, 'assess score', p.error);
  if (p.values['help']) return (io.out(scoreHelp), exitCodes.ok);
  if (p.positionals.length === 0) return usageError(io, 'assess score', 'name one or more result files, like: plainsec assess score team.json');
  const minLevelText = p.values['min-level'];
  let minLevel: number | undefined;
  if (typeof minLevelText === 'string') {
    if (!/^[0-3]$/.test(minLevelText.trim())) return usageError(io, 'assess score', `--min-level takes a level from 0 to 3, not "${minLevelText}"`);
    minLevel = Number(minLevelText.trim());
  }
  const badge = p.values['badge'];
  const questions = await readQuestions(typeof p.values['questions'] === 'string' ? p.values['questions'] : undefined);
  if (!questions.ok) return (io.err(questions.error), exitCodes.badInput);
  const files = await readResultFiles(p.positionals);
  if (!files.ok) return (io.err(files.error), exitCodes.badInput);

  const outcome = mergeResults(files.value);
  reportDuplicates(io, p.positionals, files.value, outcome);
  reportQuestionSet(io, questions.value, files.value, p.positionals, outcome.file);
  const result = scoreAssessment(questions.value, outcome.file.respondents, nowFor(io));

  const targets = outcome.file.targets ?? {};
  if (p.values['json']) io.out(JSON.stringify(reportJson(result, undefined, targets), null, 2));
  else
    io.out(
      [...scoreTable(result, p.positionals.length), ...targetLines(result, targets), ...staleNote(result), '', ...stepLines(result, targets), ...talkLines(result)].join(
        '\n',
      ),
    );

  if (typeof badge === 'string') {
    try {
      await mkdir(path.dirname(path.resolve(badge)), { recursive: true });
      await writeFile(badge, badgeSvg(result.headlineLevel));
    } catch (e) {
      io.err(`${badge}: could not write the badge (${(e as Error).message}).`);
      return exitCodes.badInput;
    }
    io.err(`Wrote the badge (security level ${result.headlineLevel} of 3) to ${badge}.`);
  }
  if (minLevel !== undefined && result.headlineLevel < minLevel) {
    io.err(`The headline level is ${result.headlineLevel}, below the required ${minLevel}.`);
    return exitCodes.checkFailed;
  }
  return exitCodes.ok;
}

/**
 * Answers to questions the set does not have, files saved against another question set, and files
 * saved under another model version (scored under this one all the same): one line each on stderr.
 */
function reportQuestionSet(io: Io, questions: readonly Question[], files: readonly ResultFile[], names: readonly string[], team: ResultFile): void {
  const unknown = unknownQuestionIds(team, new Set(questions.map((q) => q.id)));
  if (unknown.length > 0) {
    io.err(
      `Answers to ${unknown.length} question${unknown.length === 1 ? '' : 's'} that this question set does not have were kept but not scored (from an older or newer set?): ${unknown.join(', ')}.`,
    );
  }
  const set = questionSetOf(questions);
  const other = files.flatMap((f, i) => (f.questionSet !== undefined && f.questionSet !== set ? [`${names[i]} (${f.questionSet})`] : []));
  if (other.length > 0) io.err(`Saved against another question set than this one (${set}): ${other.join(', ')}.`);
  const older = files.flatMap((f, i) => (savedUnderOtherModel(f) ? [`${names[i]} (model ${f.modelVersion})`] : []));
  if (older.length > 0) {
    io.err(
      `Saved under another scoring model than this one (model ${currentModelVersion}): ${older.join(', ')}. Scored here under model ${currentModelVersion}, so the scores may differ from the ones saved.`,
    );
  }
}

async function assessMerge(args: string[], io: Io): Promise<number> {
  const p = parse(args, { out: { type: 'string' } });
  if (!p.ok) return usageError(io, 'assess merge', p.error);
  if (p.values['help']) return (io.out(mergeHelp), exitCodes.ok);
  if (p.positionals.length === 0) return usageError(io, 'assess merge', 'name the result files to merge, like: plainsec assess merge alice.json bob.json --out team.json');
  const out = p.values['out'];
  if (typeof out !== 'string' || out.length === 0) return usageError(io, 'assess merge', 'say where to write the team file with --out FILE');
  const files = await readResultFiles(p.positionals);
  if (!files.ok) return (io.err(files.error), exitCodes.badInput);

  const outcome = mergeResults(files.value);
  // A file that names no model version is read as this one (savedUnderOtherModel): say so in the
  // team file, so a later version can tell which model its saved scores came from.
  const team: ResultFile = outcome.file.modelVersion === undefined ? { ...outcome.file, modelVersion: currentModelVersion } : outcome.file;
  const text = resultFileText(team);
  // Only a file that Plainsec reads back is written (at most 1 MB and 500 people).
  const check = parseResultText(text);
  if (!check.ok) return (io.err(`Not written: the merged file would not load. ${check.error}`), exitCodes.badInput);

  let replacing = false;
  try {
    const info = await stat(out);
    if (info.isDirectory()) return (io.err(`${out} is a folder; give --out a file name, like ${path.join(out, 'team.json')}.`), exitCodes.badInput);
    const existing = await readResultFile(out);
    if (!existing.ok) {
      io.err(`${out} exists and is not a Plainsec result file, so it was not replaced (${existing.error}). Move it away or choose another --out.`);
      return exitCodes.badInput;
    }
    replacing = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return (io.err(fileProblem(out, e, 'result file')), exitCodes.badInput);
  }
  reportDuplicates(io, p.positionals, files.value, outcome);
  try {
    await mkdir(path.dirname(path.resolve(out)), { recursive: true });
    if (replacing) {
      await copyFile(out, `${out}.bak`);
      io.err(`${out} already existed: kept a copy of it as ${out}.bak before replacing it.`);
    }
    // Written beside the target and renamed, so a failed write never leaves half a file.
    const temporary = `${out}.${process.pid}.tmp`;
    await writeFile(temporary, text);
    await rename(temporary, out);
  } catch (e) {
    io.err(`${out}: could not write it (${(e as Error).message}).`);
    return exitCodes.badInput;
  }
  const n = outcome.file.respondents.length;
  io.out(`Wrote ${out}: ${n} ${n === 1 ? 'person' : 'people'} from ${p.positionals.length} file${p.positionals.length === 1 ? '' : 's'}.`);
  return exitCodes.ok;
}

/** `plainsec assess ...` (the arguments after "assess"); resolves to the exit code. */
export async function assess(args: string[], io: Io): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'score') return assessScore(rest, io);
  if (command === 'merge') return assessMerge(rest, io);
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(assessHelp);
    return command === undefined ? exitCodes.badInput : exitCodes.ok;
  }
  io.err(`plainsec assess: unknown command "${command}". Use score or merge.`);
  return exitCodes.badInput;
}
