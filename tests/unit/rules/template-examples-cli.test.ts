import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Io } from '../../../src/cli/args.ts';
import { run } from '../../../src/cli/main.ts';
import { templatesDir } from './support/kit.ts';

const work = mkdtempSync(path.join(tmpdir(), 'plainsec-template-examples-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function plainsec(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`) };
  return { code: await run(argv, io), out, err };
}

describe('plainsec rules test on the templates’ own examples', () => {
  for (const file of ['starter.yaml', 'identity.yaml', 'cis-aws-foundations.yaml'])
    it(`passes on ${file}, against the rule and every tool’s export`, async () => {
      const result = await plainsec('rules', 'test', path.join(templatesDir, file));
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      expect(result.out).toContain('Every example holds.');
    }, 60_000);

  it('fails, naming the example, when a template’s example is changed to expect the wrong result', async () => {
    const text = readFileSync(path.join(templatesDir, 'starter.yaml'), 'utf8');
    const first = text.indexOf('expect: does-not-fire');
    expect(first).toBeGreaterThan(0);
    const changed = `${text.slice(0, first)}expect: fires${text.slice(first + 'expect: does-not-fire'.length)}`;
    const file = path.join(work, 'starter-changed.yaml');
    writeFileSync(file, changed);
    const result = await plainsec('rules', 'test', file);
    expect(result.code).toBe(1);
    // The example's name is the line's `name:` just before the changed expect.
    const name = /name: (.+)\n[^]*$/.exec(text.slice(0, first))?.[1]?.replace(/^['"]|['"]$/g, '');
    expect(name).toBeDefined();
    expect(`${result.out}${result.err}`).toContain(name!);
  }, 60_000);
});
