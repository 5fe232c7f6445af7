/**
 * Every `plainsec` command that reads a file says the same thing, naming the file, when the file
 * is missing, is a folder or is not the JSON or YAML it should be; and every command names an
 * option it does not know and points to its --help. All of them exit 2.
 * (A file the user may not read is not tried here: the tests may run as root, who can read anything.)
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../../src/cli/args.ts';
import { run } from '../../../src/cli/main.ts';

const work = mkdtempSync(path.join(tmpdir(), 'plainsec-bad-input-'));
const file = (name: string, text: string): string => (writeFileSync(path.join(work, name), text), path.join(work, name));
const missing = path.join(work, 'nowhere.yaml');
const folder = path.join(work, 'folder.yaml');
mkdirSync(folder);
const brokenYaml = file('broken.yaml', 'plainsecRules: 1\nrules:\n  - id: x\n   title: [\n');
const brokenJson = file('broken.json', '{"eventName": "X",\n  "a": 1\n  "b": 2}\n');
const rules = path.resolve('content/rules/starter.yaml');
const pattern = file('pattern.json', '{"source": ["aws.iam"]}');
const out = path.join(work, 'out');

async function plainsec(...args: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const io: Io = { out: () => {}, err: (t) => err.push(t), now: () => new Date('2026-11-25T10:00:00Z') };
  const code = await run(args, io);
  return { code, err: err.join('\n') };
}

/** Each command with the place a rule file goes. */
const ruleFileCommands: [string, (f: string) => string[]][] = [
  ['rules export', (f) => ['rules', 'export', f, '--to', 'all', '--out', out]],
  ['rules test', (f) => ['rules', 'test', f]],
  ['rules validate', (f) => ['rules', 'validate', f]],
  ['rules describe', (f) => ['rules', 'describe', f]],
];

/** Each command with the place an event or result file (JSON) goes. */
const jsonFileCommands: [string, (f: string) => string[]][] = [
  ['rules test --events', (f) => ['rules', 'test', rules, '--events', f]],
  ['test-pattern --event', (f) => ['test-pattern', '--format', 'eventbridge', '--pattern', pattern, '--event', f]],
  ['test-pattern --events', (f) => ['test-pattern', '--format', 'eventbridge', '--pattern', pattern, '--events', f]],
  ['assess score', (f) => ['assess', 'score', f]],
  ['assess merge', (f) => ['assess', 'merge', f, '--out', path.join(work, 'team.json')]],
  ['fix-first', (f) => ['fix-first', f]],
  ['fix-first --kev', (f) => ['fix-first', path.resolve('tests/fixtures/fix-first/dependabot-alerts.json'), '--kev', f]],
];

describe('a file that cannot be read', () => {
  const everyCommand = [
    ...ruleFileCommands,
    ...jsonFileCommands,
    ['test-pattern --pattern', (f: string) => ['test-pattern', '--format', 'eventbridge', '--pattern', f, '--event', pattern]] as const,
  ];

  it.each(everyCommand)('%s names a missing file and says to check the path', async (_, args) => {
    const r = await plainsec(...args(missing));
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${missing}: no such file. Check the path and try again.`);
  });

  it.each(everyCommand)('%s says a folder is a folder and asks for a file inside it', async (name, args) => {
    const r = await plainsec(...args(folder));
    expect(r.code).toBe(2);
    const wanted = name.startsWith('assess') ? 'result file' : name === 'fix-first' ? 'report' : name === 'fix-first --kev' ? 'KEV file' : 'file';
    expect(r.err).toBe(`${folder} is a folder; give the path of a ${wanted} inside it.`);
  });

  it('rules import-sigma skips a missing file, says why, and exits 2 when nothing is left to import', async () => {
    const r = await plainsec('rules', 'import-sigma', missing);
    expect(r).toEqual({ code: 2, err: `skipped ${missing}: no such file. Check the path and try again.\nNo rule could be imported.` });
  });
});

describe('a file that is not what it should be', () => {
  it.each(ruleFileCommands)('%s says where a rule file is not valid YAML', async (_, args) => {
    const r = await plainsec(...args(brokenYaml));
    expect(r).toEqual({ code: 2, err: `${brokenYaml} line 4, column 1: this is not valid YAML (MISSING_CHAR). Check the indentation and quotes there.` });
  });

  it('test-pattern --event says where the event is not valid JSON', async () => {
    const r = await plainsec(...jsonFileCommands[1]![1](brokenJson));
    expect(r).toEqual({ code: 2, err: `${brokenJson}: this is not valid JSON at line 3, column 3: expected a comma or }. Check for a missing comma, quote or bracket.` });
  });

  it.each([jsonFileCommands[0]!, jsonFileCommands[2]!])('%s says which record is broken, and where', async (_, args) => {
    const r = await plainsec(...args(brokenJson));
    expect(r).toEqual({ code: 2, err: `${brokenJson}: record 1, line 3, column 3: expected a comma or }` });
  });

  it.each(jsonFileCommands.slice(5))('%s says where the file is not valid JSON', async (_, args) => {
    const r = await plainsec(...args(brokenJson));
    expect(r).toEqual({ code: 2, err: `${brokenJson}: this is not valid JSON at line 3, column 3: expected a comma or }. Check for a missing comma, quote or bracket.` });
  });

  it.each(jsonFileCommands.slice(3, 5))('%s says a result file that is not JSON may be cut short', async (_, args) => {
    const r = await plainsec(...args(brokenJson));
    expect(r).toEqual({
      code: 2,
      err: `${brokenJson}: This file is not readable JSON: it may be cut short or not a Plainsec result. Save it again from Plainsec and load the new file.`,
    });
  });
});

describe('an option a command does not know', () => {
  it.each(['rules export', 'rules test', 'rules validate', 'rules describe', 'rules import-sigma', 'test-pattern', 'assess score', 'assess merge', 'fix-first'])(
    'plainsec %s names the option and points to its help',
    async (command) => {
      const r = await plainsec(...command.split(' '), rules, '--colour');
      expect(r.code).toBe(2);
      expect(r.err.startsWith(`plainsec ${command}: Unknown option '--colour'.`)).toBe(true);
      expect(r.err.endsWith(`\nRun "plainsec ${command} --help" for how to use it.`)).toBe(true);
    },
  );
});
