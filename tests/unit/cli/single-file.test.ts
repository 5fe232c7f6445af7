/**
 * The single-file command (`dist/plainsec.mjs`): copied alone into an empty folder outside the
 * repository, every command gives the same output, files and exit code as the command run from the
 * sources, on the system's Node 20 and on the project's Node.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { cliFileName, writeCliFile } from '../../../src/integrations/cli-file.ts';
import { workedExampleFiles, workedExampleQuestions } from '../../../src/lib/assessment/worked-example.ts';
import { stringify } from 'yaml';

const repo = process.cwd();
const sourcesBin = path.join(repo, 'bin/plainsec.mjs');
const fixedClock = path.join(repo, 'tests/unit/cli/support/fixed-clock.mjs');
const fixedNow = '2026-11-25T10:00:00.000Z';

/** Node 20, as most CI machines have it: the system's, when this machine has one older than the project's. */
const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => existsSync(p) && spawnSync(p, ['--version'], { encoding: 'utf8' }).stdout.startsWith('v20.'));
if (!systemNode) console.warn('Skipped on Node 20: this machine has no Node 20 at /usr/bin/node or /usr/local/bin/node.');

const built = mkdtempSync(path.join(tmpdir(), 'plainsec-built-'));
const alone = mkdtempSync(path.join(tmpdir(), 'plainsec-alone-'));
let cli = '';

/** Each command's inputs, the same in both folders: a rule file, events, a Sigma rule, results. */
function writeInputs(dir: string): void {
  cpSync(path.join(repo, 'content/rules/starter.yaml'), path.join(dir, 'rules.yaml'));
  const login = { eventVersion: '1.08', eventTime: '2026-11-20T03:12:00Z', awsRegion: 'eu-west-1', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', eventType: 'AwsConsoleSignIn', userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' }, additionalEventData: { MFAUsed: 'No' }, responseElements: { ConsoleLogin: 'Success' } };
  writeFileSync(path.join(dir, 'events.json'), JSON.stringify({ Records: [login] }));
  writeFileSync(path.join(dir, 'event.json'), JSON.stringify(login));
  writeFileSync(path.join(dir, 'pattern.json'), JSON.stringify({ source: ['aws.signin'], detail: { eventName: ['ConsoleLogin'] } }));
  writeFileSync(
    path.join(dir, 'sigma.yml'),
    ['title: Console sign-in without MFA', 'id: 0b9b5a35-2bd1-4f3e-9e1a-5c6f2b0e6c11', 'status: test', 'logsource:', '  product: aws', '  service: cloudtrail', 'detection:', '  selection:', '    eventName: ConsoleLogin', "    additionalEventData.MFAUsed: 'No'", '  condition: selection', 'level: medium', ''].join('\n'),
  );
  // Two scanner reports and an excerpt of CISA's list of holes attackers use now.
  for (const name of ['dependabot-alerts.json', 'asff-findings.json', 'kev-excerpt.json']) cpSync(path.join(repo, 'tests/fixtures/fix-first', name), path.join(dir, name));
  // The worked example with its own questions, and one person's answers to the site's questions.
  workedExampleFiles().forEach((f, i) => writeFileSync(path.join(dir, `person-${i + 1}.json`), JSON.stringify(f, null, 2)));
  mkdirSync(path.join(dir, 'questions'));
  for (const { id, ...data } of workedExampleQuestions) writeFileSync(path.join(dir, 'questions', `${id}.yaml`), stringify(data));
  const siteIds = readdirSync(path.join(repo, 'content/quiz')).filter((n) => n.endsWith('.yaml')).map((n) => n.slice(0, -5));
  const answers = Object.fromEntries(siteIds.map((id, i) => [id, [1, 0.5, 0, 0.25, 'DK'][i % 5]]));
  writeFileSync(path.join(dir, 'mine.json'), JSON.stringify({ formatVersion: 1, respondents: [{ id: 'me', name: 'Me', answers, answeredAt: '2026-11-01T10:00:00Z' }] }, null, 2));
}

/** Every command a team runs, with the files each reads (paths relative to the folder). */
const commands: string[][] = [
  ['--help'],
  ['rules', 'validate', 'rules.yaml'],
  ['rules', 'describe', 'rules.yaml'],
  ['rules', 'describe', 'rules.yaml', '--json'],
  ['rules', 'test', 'rules.yaml'],
  ['rules', 'test', 'rules.yaml', '--events', 'events.json', '--json'],
  ['rules', 'export', 'rules.yaml', '--to', 'all', '--out', 'out'],
  ['rules', 'import-sigma', 'sigma.yml', '--out', 'imported.yaml'],
  ['test-pattern', '--format', 'eventbridge', '--pattern', 'pattern.json', '--event', 'event.json'],
  ['assess', 'score', 'person-1.json', 'person-2.json', 'person-3.json', '--questions', 'questions'],
  ['assess', 'score', 'mine.json', '--json', '--min-level', '1', '--badge', 'badge.svg'],
  ['assess', 'merge', 'person-1.json', 'person-2.json', '--out', 'team.json'],
  ['rules', 'validate', 'missing.yaml'],
  ['fix-first', 'dependabot-alerts.json', 'asff-findings.json', '--kev', 'kev-excerpt.json'],
  ['fix-first', 'dependabot-alerts.json', '--json', '--fail-on', 'this-week'],
];

/** Runs one command in a fresh copy of the inputs; returns its exit code, output and the files it wrote. */
function runIn(node: string, script: string, args: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'plainsec-run-'));
  try {
    writeInputs(dir);
    const before = new Set(listFiles(dir));
    const r = spawnSync(node, ['--import', fixedClock, script, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, PLAINSEC_TEST_NOW: fixedNow, NO_COLOR: '1' } });
    const written = Object.fromEntries(listFiles(dir).filter((f) => !before.has(f)).map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')]));
    return { code: r.status, out: r.stdout, err: r.stderr, written };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The command from the sources, run once per command and compared with the single file on each Node. */
const fromSources = new Map<string, ReturnType<typeof runIn>>();
function expectedFor(args: string[]): ReturnType<typeof runIn> {
  const key = args.join('\0');
  if (!fromSources.has(key)) fromSources.set(key, runIn(process.execPath, sourcesBin, args));
  return fromSources.get(key)!;
}

function listFiles(dir: string, under = ''): string[] {
  return readdirSync(path.join(dir, under)).flatMap((n) => {
    const rel = path.join(under, n);
    return statSync(path.join(dir, rel)).isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

beforeAll(async () => {
  const { file } = await writeCliFile(built);
  cli = path.join(alone, cliFileName);
  copyFileSync(file, cli);
}, 60_000);
afterAll(() => {
  for (const dir of [built, alone]) rmSync(dir, { recursive: true, force: true });
});

describe('the single-file command', () => {
  it('is one file with a checksum that sha256sum reads, under 400 KB compressed', async () => {
    const names = await readdir(built);
    expect(names.sort()).toEqual([cliFileName, `${cliFileName}.sha256`]);
    const bytes = readFileSync(path.join(built, cliFileName));
    const line = readFileSync(path.join(built, `${cliFileName}.sha256`), 'utf8');
    expect(line).toBe(`${createHash('sha256').update(bytes).digest('hex')}  ${cliFileName}\n`);
    const check = spawnSync('sha256sum', ['-c', `${cliFileName}.sha256`], { cwd: built, encoding: 'utf8' });
    if (check.error) console.warn('sha256sum is not installed here; the checksum line was compared by hand only.');
    else expect(check.stdout.trim()).toBe(`${cliFileName}: OK`);
    const { gzipSync } = await import('node:zlib');
    const gz = gzipSync(bytes).length;
    console.log(`${cliFileName}: ${Math.round(bytes.length / 1024)} KB, ${Math.round(gz / 1024)} KB gzipped`);
    expect(gz).toBeLessThan(400 * 1024);
  });

  it.each(commands.map((args) => [args.join(' '), args] as const))('gives the same answer as the command from the sources, alone in an empty folder on the project’s Node: plainsec %s', (_name, args) => {
    const expected = expectedFor(args);
    const got = runIn(process.execPath, cli, args);
    expect(got).toEqual(expected);
    expect(expected.out + expected.err).not.toBe('');
  }, 60_000);

  it.skipIf(!systemNode).each(commands.map((args) => [args.join(' '), args] as const))('gives the same answer on Node 20: plainsec %s', (_name, args) => {
    const expected = expectedFor(args);
    const got = runIn(systemNode!, cli, args);
    expect(got).toEqual(expected);
  }, 60_000);
});
