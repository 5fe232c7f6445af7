/**
 * `plainsec rules describe` prints each rule in the words the rule builder shows, from the same
 * module, so a rule kept in a repository reads the same in the terminal as on the site.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { blankDraft, ruleFromDraft } from '../../../src/lib/rules/builder/draft.ts';
import type { Io } from '../../../src/cli/args.ts';
import { run } from '../../../src/cli/main.ts';
import { ruleInWords, suggestMeans, suggestRuleId, suggestTitle, suggestWhatToDo } from '../../../src/lib/rules/words/index.ts';
import type { Rule } from '../../../src/lib/rules/model.ts';

const work = mkdtempSync(path.join(tmpdir(), 'plainsec-describe-'));

async function plainsec(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), now: () => new Date('2026-11-25T10:00:00Z') };
  const code = await run(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The rule a person builds with the form from a blank start: the console sign-in, by the root user, texts as suggested. */
function rootSignIn(): Rule {
  const rule = ruleFromDraft({ ...blankDraft(), who: 'root', actions: ['sign-in-to-console'] });
  const title = suggestTitle(rule);
  return { ...rule, id: suggestRuleId(title, []), title, means: suggestMeans(rule), whatToDo: suggestWhatToDo(rule) };
}

function ruleFile(name: string, rules: Rule[]): string {
  const file = path.join(work, name);
  writeFileSync(file, stringify({ plainsecRules: 1, rules }));
  return file;
}

describe('plainsec rules describe', () => {
  it('prints the root sign-in rule in the words the builder shows', async () => {
    const file = ruleFile('root.yaml', [rootSignIn()]);
    const r = await plainsec('rules', 'describe', file);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('root-user-signs-in-to-the-console');
    expect(lines[1]).toBe('  Title: Root user signs in to the console');
    // The same sentence the builder shows for this rule (tests/e2e/rule-builder.spec.ts).
    expect(lines[2]).toBe('  When it fires: When the root user signs in to the console (ConsoleLogin): tell #security-alerts, look at it today.');
    expect(lines[3]).toBe(`  What it means: ${suggestMeans(rootSignIn())}`);
  });

  it('prints every rule of every file as JSON with its id, title, sentence, meaning and what to do', async () => {
    const second = { ...rootSignIn(), id: 'second', title: 'A title of our own', means: 'Our words.', whatToDo: 'Call Sam.' };
    const r = await plainsec('rules', 'describe', ruleFile('a.yaml', [rootSignIn()]), ruleFile('b.yaml', [second]), '--json');
    expect(r.code).toBe(0);
    const described = JSON.parse(r.out) as Record<string, string>[];
    expect(described.map((d) => Object.keys(d))).toEqual([
      ['id', 'title', 'sentence', 'meaning', 'whatToDo'],
      ['id', 'title', 'sentence', 'meaning', 'whatToDo'],
    ]);
    expect(described[0]).toEqual(ruleInWords(rootSignIn()));
    expect(described[1]).toMatchObject({ id: 'second', title: 'A title of our own', meaning: 'Our words.', whatToDo: 'Call Sam.' });
  });

  it('says in plain words what is wrong with a file it cannot read, and prints nothing', async () => {
    const bad = path.join(work, 'bad.yaml');
    writeFileSync(bad, 'plainsecRules: 1\nrules: [ { id: "x"\n');
    const r = await plainsec('rules', 'describe', ruleFile('good.yaml', [rootSignIn()]), bad);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/bad\.yaml/);
    expect((await plainsec('rules', 'describe')).err).toMatch(/name the rule file to describe/);
  });
});
