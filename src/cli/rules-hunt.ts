/**
 * `plainsec rules hunt`: would these rules have fired on the logs we already have? Runs the
 * rules' Athena searches (src/lib/rules/search/) on CloudTrail log files in a folder, on this
 * machine, with DuckDB (an analytical database inside the command), in one read of the files for
 * all rules (hunt/hunt-sql.ts). A month of a few accounts' logs, 2 GB gzip'd, takes a minute or two
 * on 2 cores (npm run bench -- --hunt 2).
 */
import { mkdtemp, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Rule } from '../lib/rules/model.ts';
import type { SearchRange } from '../lib/rules/search/search-queries.ts';
import { exitCodes, parse, usageError, type Io } from './args.ts';
import { fileProblem, readRuleSet } from './read.ts';
import { cloudtrailView, openHuntDatabase } from './hunt/duckdb-athena.ts';
import { huntPlan, huntSql, type HuntPlan, type HuntRule } from './hunt/hunt-sql.ts';

export const rulesHuntHelp = `plainsec rules hunt FILE... --logs DIR [--since DAY [--until DAY] | --days N] [--json] [--limit N]

Searches CloudTrail log files on this machine for what the rules in each FILE would have fired on:
for each rule, how many times, on which days, and the first hits (when, who, what, in which
account and region, from which address). Each record is tested with the same SQL that
rules export --to athena writes, so it finds what those searches would find in Amazon Athena,
without an AWS bill: the files are read once, by DuckDB, for all the rules together.

  --logs DIR     the folder you copied the trail's bucket into: the folder that holds AWSLogs/,
                 AWSLogs/ itself, or any folder below it. Every *.json.gz and *.json file in it
                 and its folders is read, where CloudTrail puts them:
                 AWSLogs/[organization ID/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/. To copy a month:
                 aws s3 sync s3://BUCKET/AWSLogs/ DIR/AWSLogs/ --exclude "*" --include "*/2026/11/*"
  --since DAY    search from this day (YYYY-MM-DD, UTC), to --until DAY if given; or
  --days N       search the last N days (default 30)
  --limit N      how many hits to print per rule (default 20); the count is always given
  --json         print one JSON document: {"rules": [{"id", "title", "hits", "shown", "perDay"}],
                 "refused": [{"id", "reason"}], "records", "files", "seconds"}

A rule that counts ("20 times within 5 minutes") gives its windows: each is one alert.
Rules on a cluster's audit log, and rules Athena cannot search for, are listed with the reason.
It uses every core, and keeps DuckDB's data within 1 GB of memory. 2 GB of gzip'd logs (about
8 million records) take a minute or two on 2 cores.

Exit code: 0 searched (whether or not a rule fired); 2 bad input: no log files in DIR, a file
that is not a CloudTrail log (broken gzip or JSON; the error names it), or a wrong option.`;

/** The most memory DuckDB keeps data in; it says so, rather than taking more, when that is not enough. */
const memoryLimit = '1GB';

/** A log file found in the folder, and its size once unpacked (for DuckDB's read buffer). */
interface LogFile {
  file: string;
  bytes: number;
}

/** Where CloudTrail puts its log files: the account, region and day come from the folders. */
const cloudtrailLayout = /[\\/]\d{12}[\\/]CloudTrail[\\/][^\\/]+[\\/]\d{4}[\\/]\d{2}[\\/]\d{2}[\\/][^\\/]+$/;
/** Files CloudTrail writes beside its logs that hold no records: digests and Insights events. */
const besideLogs = /[\\/]CloudTrail-(Digest|Insight)[\\/]/;
/** The names DuckDB's glob `*.json*` reads. */
const logName = /\.json/;

type Found = { ok: true; files: LogFile[]; outside: string[] } | { ok: false; error: string };

/** Every log file under `dir`, with its unpacked size, or a plain error naming what is wrong. */
async function findLogs(dir: string): Promise<Found> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) return { ok: false, error: `${dir} is a file; give the folder that holds AWSLogs/ (or AWSLogs/ itself) with --logs.` };
  } catch (e) {
    const problem = fileProblem(dir, e);
    return { ok: false, error: (e as NodeJS.ErrnoException).code === 'ENOENT' ? `${dir}: no such folder. Give the folder you copied the trail's bucket into with --logs.` : problem };
  }
  const files: LogFile[] = [];
  const outside: string[] = [];
  const walk = async (folder: string): Promise<string | undefined> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EACCES' ? `${folder}: not allowed to read this folder. Check its permissions.` : fileProblem(folder, e);
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        const problem = await walk(full);
        if (problem) return problem;
      } else if (logName.test(entry.name) && !besideLogs.test(full)) {
        if (!cloudtrailLayout.test(full)) outside.push(full);
        else {
          const size = await unpackedSize(full);
          if (typeof size === 'string') return size;
          files.push({ file: full, bytes: size });
        }
      }
    }
    return undefined;
  };
  const problem = await walk(dir);
  return problem ? { ok: false, error: problem } : { ok: true, files, outside };
}

/** Why a gzip file cannot be read, in the words every such error uses. */
const brokenGzip = (file: string, why: string): string => `${file} is not a readable gzip file: ${why}. Copy it again from the bucket, or move it out of the folder of logs.`;

/**
 * A file's size once unpacked: a gzip file says it in its last 4 bytes. A file cut short ends in
 * other bytes, which may say gigabytes (and DuckDB would reserve them): a size no gzip file of
 * this length can unpack to is checked by unpacking the file here, which also finds the damage.
 */
async function unpackedSize(file: string): Promise<number | string> {
  try {
    const handle = await open(file);
    try {
      const { size } = await handle.stat();
      if (!file.endsWith('.gz')) return size;
      if (size < 18) return brokenGzip(file, 'it is too short to be one');
      const head = Buffer.alloc(2);
      await handle.read(head, 0, 2, 0);
      if (head[0] !== 0x1f || head[1] !== 0x8b) return brokenGzip(file, 'it does not start as gzip files do');
      const tail = Buffer.alloc(4);
      await handle.read(tail, 0, 4, size - 4);
      const said = tail.readUInt32LE(0);
      // Deflate packs at most about 1,032 to 1; JSON never packs to less than its own size.
      if (said >= size / 2 && said <= size * 1032) return said;
      try {
        return gunzipSync(await handle.readFile()).length;
      } catch (e) {
        return brokenGzip(file, `it is cut short or damaged (${(e as Error).message})`);
      }
    } finally {
      await handle.close();
    }
  } catch (e) {
    return fileProblem(file, e);
  }
}

/** Whether a gzip file unpacks whole (its check sum agrees), read here only after a failed search. */
async function unpacksWhole(file: string): Promise<boolean> {
  try {
    gunzipSync(await readFile(file));
    return true;
  } catch {
    return false;
  }
}

/**
 * A DuckDB error in plain words, naming the file. DuckDB names the file whose JSON is broken, but
 * unpacks a damaged gzip file without checking it, so the damage shows as broken JSON, or as an
 * unpacking error that names no file: the gzip files are then checked here, one by one, to name it.
 */
async function scanProblem(message: string, dir: string, logs: readonly LogFile[]): Promise<string> {
  const first = message.split('\n')[0]!;
  if (/out of memory/i.test(message)) return `The hunt ran out of the ${memoryLimit} of memory it allows itself (${first}). Search fewer days with --since and --until, or fewer rules at a time.`;
  const named = /file "([^"]+)"/.exec(message)?.[1];
  const unpacking = /gzip|compress|inflate|zlib|IO Error/i.test(message);
  const suspects = named ? [named] : unpacking ? logs.map((l) => l.file) : [];
  for (const file of suspects.filter((f) => f.endsWith('.gz'))) if (!(await unpacksWhole(file))) return brokenGzip(file, `it is cut short or damaged (${first})`);
  if (named && /malformed json|json/i.test(message)) return `${named} is not a CloudTrail log file: its JSON is broken (${first}). Copy it again from the bucket, or move it out of ${dir}.`;
  return `The search could not run: ${first}`;
}

/** "from 2026-11-01 to 2026-11-30", "since 2026-11-01", "in the last 30 days". */
function rangeWords(range: SearchRange): string {
  if ('lastDays' in range) return `in the last ${range.lastDays} day${range.lastDays === 1 ? '' : 's'}`;
  return range.until === undefined ? `since ${range.since}` : range.since === range.until ? `on ${range.since}` : `from ${range.since} to ${range.until}`;
}

const times = (n: number): string => (n === 1 ? 'once' : `${n.toLocaleString('en-US')} times`);

/** One hit as the JSON output gives it: a record, or for a counting rule a window (one alert). */
type Shown =
  | { time: string; who: string | null; what: string | null; account: string | null; region: string | null; sourceIp: string | null }
  | { windowStart: string; events: number; firstTime: string; lastTime: string; who?: string; sourceIp?: string };

interface RuleResult {
  rule: Rule;
  hits: number;
  shown: Shown[];
  perDay: Record<string, number>;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Runs the hunt: one read of the logs, then each rule's hits from what was kept. */
async function hunt(
  plan: HuntPlan,
  range: SearchRange,
  logs: LogFile[],
  dir: string,
  limit: number,
  io: Io,
): Promise<{ ok: true; results: RuleResult[]; records: number } | { ok: false; error: string }> {
  let database;
  // DuckDB writes what does not fit in its memory to a folder, by default .tmp in the folder the
  // command runs in: here a folder of its own, removed afterwards.
  const spill = await mkdtemp(path.join(tmpdir(), 'plainsec-hunt-'));
  try {
    const largest = Math.max(...logs.map((l) => l.bytes));
    database = await openHuntDatabase({
      threads: String(availableParallelism()),
      memory_limit: memoryLimit,
      temp_directory: spill,
      preserve_insertion_order: 'false',
      // DuckDB turns a test of a value against a list of five or more (eventName IN (...), and
      // the JSON type test inside json_extract_scalar) into a join over every record; a hundred
      // rules made a hundred joins and ran out of memory. Tested in place, each test only looks
      // at the records the tests before it kept.
      disabled_optimizers: 'in_clause',
    });
    const { connection } = database;
    // Progress is counted for connection.progress (a setting of the connection, not the database);
    // DuckDB draws nothing on the terminal itself.
    await connection.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
    // The buffer DuckDB holds per thread is twice the largest object it may read: here, the
    // largest file unpacked, with room to spare, instead of the 512 MB default.
    const maximumObjectBytes = Math.max(16 * 2 ** 20, Math.ceil((largest * 1.25) / 2 ** 20) * 2 ** 20);
    // Every file findLogs found matches this pattern; the view keeps those in CloudTrail's folders.
    await connection.run(cloudtrailView('cloudtrail_logs', path.join(dir, '**', '*.json*'), { maximumObjectBytes }));
    const started = Date.now();
    const progress = setInterval(() => {
      const seconds = (Date.now() - started) / 1000;
      const { percentage } = connection.progress;
      if ((process.stderr.isTTY || seconds > 2) && percentage >= 0) io.err(`Reading the logs: ${Math.floor(percentage)}% of ${logs.length.toLocaleString('en-US')} files (${Math.round(seconds)} s so far)…`);
    }, 5000);
    let found: Record<string, unknown>[];
    try {
      found = (await connection.runAndReadAll(huntSql(plan, range, 'cloudtrail_logs', limit))).getRowObjectsJS();
    } catch (e) {
      return { ok: false, error: await scanProblem((e as Error).message, dir, logs) };
    } finally {
      clearInterval(progress);
    }
    const records = Number(found.find((row) => row['rule'] === null)?.['times'] ?? 0);
    const results = plan.searched.map((r) => resultOf(r, found.filter((row) => row['rule'] !== null && Number(row['rule']) === r.tag), limit));
    return { ok: true, results, records };
  } catch (e) {
    const message = (e as Error).message;
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && /@duckdb/.test(message))
      return { ok: false, error: 'plainsec rules hunt runs DuckDB, which the single-file plainsec.mjs does not carry. Run npm install @duckdb/node-api in the folder of plainsec.mjs, or run the hunt from a checkout of Plainsec after npm ci.' };
    return { ok: false, error: /out of memory/i.test(message) ? await scanProblem(message, dir, logs) : `The search could not run: ${message.split('\n')[0]}` };
  } finally {
    database?.close();
    await rm(spill, { recursive: true, force: true });
  }
}

const byTime = (a: Shown, b: Shown): number => {
  const key = (s: Shown) => ('time' in s ? [s.time, s.who ?? '', s.what ?? ''] : [s.windowStart, s.who ?? s.sourceIp ?? '']).join('\u0000');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
};

/**
 * One rule's hits from the hunt's rows (hunt-sql.ts): for a rule on each record, its days and
 * first records; for a counting rule, its windows, each one alert, on the day of its first record.
 */
function resultOf(r: HuntRule, rows: Record<string, unknown>[], limit: number): RuleResult {
  const perDay: Record<string, number> = {};
  if (r.rule.count) {
    const by = r.rule.count.by;
    const windows: Shown[] = rows.map((w) => ({
      windowStart: String(w['window_utc']),
      events: Number(w['times']),
      firstTime: String(w['first_time']),
      lastTime: String(w['last_time']),
      ...(by === 'who' ? { who: String(w['grp']) } : by === 'address' ? { sourceIp: String(w['grp']) } : {}),
    }));
    windows.sort(byTime);
    for (const w of windows) if ('firstTime' in w) perDay[w.firstTime.slice(0, 10)] = (perDay[w.firstTime.slice(0, 10)] ?? 0) + 1;
    return { rule: r.rule, hits: windows.length, shown: windows.slice(0, limit), perDay };
  }
  const shown: Shown[] = [];
  for (const row of rows) {
    perDay[String(row['day'])] = Number(row['times']);
    for (const s of (row['shown'] ?? []) as (Record<string, unknown> | null)[])
      if (s) shown.push({ time: String(s['eventtime']), who: text(s['who']), what: text(s['what']), account: text(s['account']), region: text(s['region']), sourceIp: text(s['source_ip']) });
  }
  const days = Object.fromEntries(Object.entries(perDay).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { rule: r.rule, hits: Object.values(perDay).reduce((n, x) => n + x, 0), shown: shown.sort(byTime).slice(0, limit), perDay: days };
}

/** A hit on one line: when, who, what, where, from where. */
function hitLine(s: Shown): string {
  if ('windowStart' in s) {
    const group = s.who !== undefined ? ` by ${s.who}` : s.sourceIp !== undefined ? ` from ${s.sourceIp}` : '';
    return `${s.windowStart}  ${s.events.toLocaleString('en-US')} events${group}, ${s.firstTime.slice(11, 19)} to ${s.lastTime.slice(11, 19)}`;
  }
  return [s.time, s.who ?? '(no one named)', s.what ?? '', s.account ? `account ${s.account}` : '', s.region ?? '', s.sourceIp ? `from ${s.sourceIp}` : ''].filter((x) => x !== '').join('  ');
}

function printText(io: Io, results: RuleResult[], refused: HuntPlan['refused'], summary: { records: number; files: number; seconds: number; range: SearchRange }, limit: number): void {
  const { records, files, seconds, range } = summary;
  // Files in other days' folders are skipped unread, so the records are those of the days searched.
  io.out(`Searched ${records.toLocaleString('en-US')} CloudTrail record(s) ${rangeWords(range)} with ${results.length} rule(s), in ${seconds.toFixed(1)} s (${files.toLocaleString('en-US')} log file(s) found; those in other days' folders were not read).`);
  io.out('');
  const fired = results.filter((r) => r.hits > 0);
  for (const r of fired) {
    const days = Object.entries(r.perDay);
    const what = r.rule.count ? `would have fired ${times(r.hits)} (${r.hits === 1 ? 'a window' : 'windows'} of ${r.rule.count.withinMinutes} minutes with at least ${r.rule.count.atLeast} matching events)` : `would have fired ${times(r.hits)}`;
    io.out(`FIRED  ${r.rule.id}: ${r.rule.title}`);
    const oneDay = !('lastDays' in range) && range.since === range.until;
    io.out(`       ${what} ${rangeWords(range)}${oneDay ? '' : `, on ${days.length} day${days.length === 1 ? '' : 's'}`}:`);
    for (let i = 0; i < days.length; i += 6)
      io.out(`         ${days.slice(i, i + 6).map(([day, n]) => `${day}: ${n.toLocaleString('en-US')}`).join(', ')}`);
    for (const s of r.shown) io.out(`       ${hitLine(s)}`);
    // With --limit 0 only the counts were asked for.
    if (r.hits > r.shown.length && limit > 0) io.out(`       (the first ${r.shown.length} of ${r.hits.toLocaleString('en-US')}; --limit N shows more, --json gives them as data)`);
    io.out('');
  }
  // Each rule that fired ends with an empty line; so does each paragraph below.
  const quiet = results.filter((r) => r.hits === 0).map((r) => r.rule.id);
  if (fired.length === 0 || quiet.length > 0) {
    io.out(fired.length === 0 ? `No rule would have fired ${rangeWords(range)}.` : `Would not have fired ${rangeWords(range)} (${quiet.length}): ${quiet.join(', ')}`);
    io.out('');
  }
  if (refused.length > 0) {
    io.out(`Not searched (no search could be run for these):`);
    for (const r of refused) io.out(`  ${r.id}: ${r.reason}`);
  }
}

/**
 * `rangeOf` turns --days, --since and --until into the days to search, or what to fix; main.ts
 * passes its own, so the hunt and the export read the days the same way and this file does not
 * import main.ts (which imports this file).
 */
export async function rulesHunt(args: string[], io: Io, rangeOf: (values: Record<string, unknown>) => SearchRange | string): Promise<number> {
  const p = parse(args, { logs: { type: 'string' }, days: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' } });
  if (!p.ok) return usageError(io, 'rules hunt', p.error);
  if (p.values['help']) return (io.out(rulesHuntHelp), exitCodes.ok);
  const files = p.positionals;
  if (files.length === 0) return usageError(io, 'rules hunt', 'name the rule file to hunt with, like: plainsec rules hunt rules.yaml --logs logs');
  const logs = p.values['logs'];
  if (typeof logs !== 'string') return usageError(io, 'rules hunt', "say where the log files are with --logs DIR: the folder you copied the trail's bucket into");
  const range = rangeOf(p.values);
  if (typeof range === 'string') return usageError(io, 'rules hunt', range);
  const limitText = p.values['limit'];
  const limit = typeof limitText === 'string' ? (/^\d+$/.test(limitText) ? Number(limitText) : NaN) : 20;
  if (!Number.isSafeInteger(limit)) return usageError(io, 'rules hunt', `give --limit as a whole number, like --limit 50 (it was ${String(limitText)})`);
  const json = p.values['json'] === true;

  // Every rule file is read before the logs, so a mistake in one is said at once.
  const rules: Rule[] = [];
  const from = new Map<string, string>();
  for (const file of files) {
    const ruleSet = await readRuleSet(file);
    if (!ruleSet.ok) return (io.err(ruleSet.error), exitCodes.badInput);
    for (const rule of ruleSet.value.rules) {
      const earlier = from.get(rule.id);
      if (earlier !== undefined) return (io.err(`${file}: the rule id ${rule.id} is already used in ${earlier}; give each rule its own id`), exitCodes.badInput);
      from.set(rule.id, file);
      rules.push(rule);
    }
  }
  const plan = huntPlan(rules);
  if (plan.searched.length === 0) {
    io.err(`Nothing to search: no rule in ${files.join(', ')} can be searched for in CloudTrail logs.`);
    for (const r of plan.refused) io.err(`  ${r.id}: ${r.reason}`);
    return exitCodes.badInput;
  }

  const dir = path.resolve(logs);
  // DuckDB reads the files by a pattern (DIR/**/*.json*), where these characters are wildcards.
  if (/[*?[\]{}]/.test(dir)) return (io.err(`${logs}: the folder's path holds one of * ? [ ] { }, which the search reads as a wildcard. Move or rename the folder.`), exitCodes.badInput);
  const found = await findLogs(dir);
  if (!found.ok) return (io.err(found.error), exitCodes.badInput);
  if (found.files.length === 0) {
    io.err(
      found.outside.length > 0
        ? `${logs} holds ${found.outside.length} JSON file(s), but none where CloudTrail puts its log files (AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/), for example ${found.outside[0]}. The account, region and day are read from those folders: copy the bucket with its folders (aws s3 sync s3://BUCKET/AWSLogs/ DIR/AWSLogs/).`
        : `No CloudTrail log file (*.json.gz or *.json) in ${logs} or the folders in it. Give the folder you copied the trail's bucket into: aws s3 sync s3://BUCKET/AWSLogs/ DIR/AWSLogs/`,
    );
    return exitCodes.badInput;
  }
  if (found.outside.length > 0)
    io.err(`Left out ${found.outside.length} JSON file(s) outside CloudTrail's folders (AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/), whose day cannot be told, for example ${found.outside[0]}.`);

  const started = Date.now();
  const outcome = await hunt(plan, range, found.files, dir, limit, io);
  if (!outcome.ok) return (io.err(outcome.error), exitCodes.badInput);
  const seconds = (Date.now() - started) / 1000;
  if (json) {
    io.out(
      JSON.stringify({
        rules: outcome.results.map((r) => ({ id: r.rule.id, title: r.rule.title, hits: r.hits, shown: r.shown, perDay: r.perDay })),
        refused: plan.refused,
        records: outcome.records,
        files: found.files.length,
        seconds: Math.round(seconds * 10) / 10,
      }),
    );
  } else printText(io, outcome.results, plan.refused, { records: outcome.records, files: found.files.length, seconds, range }, limit);
  return exitCodes.ok;
}
