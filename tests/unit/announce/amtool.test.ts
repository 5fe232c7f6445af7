import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { amtoolCommand, matcherText } from '../../../src/lib/announce/amtool.ts';
import { silencesFor } from '../../../src/lib/announce/silence.ts';
import { catalogue, hostileTexts, sampleAnnouncement } from './support.ts';

/** A stand-in `amtool` that prints the arguments it received, one JSON list; the shell is real. */
function fakeAmtoolDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'plainsec-fake-amtool-'));
  const script = path.join(dir, 'amtool');
  writeFileSync(script, `#!/bin/sh\nexec "${process.execPath}" -e 'process.stdout.write(JSON.stringify(process.argv.slice(1)))' -- "$@"\n`);
  chmodSync(script, 0o755);
  return dir;
}

function runInShell(command: string, dir: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', command], { env: { PATH: `${dir}:/usr/bin:/bin`, HOME: dir }, encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

describe('the amtool command', () => {
  it('reaches amtool with exactly what the user typed, whatever the text, and the shell runs nothing else', () => {
    const dir = fakeAmtoolDir();
    const canary = '/tmp/plainsec-pwned';
    rmSync(canary, { force: true });
    try {
      for (const text of hostileTexts) {
        const announcement = sampleAnnouncement({ what: text, who: text });
        for (const { silence } of silencesFor(announcement)) {
          const command = amtoolCommand(silence, 'http://127.0.0.1:9093');
          const args = runInShell(command, dir);
          expect(args, text).toEqual([
            'silence',
            'add',
            '--alertmanager.url=http://127.0.0.1:9093',
            `--author=${text.trim()}`,
            `--comment=Announced change: ${text.trim()}`,
            `--start=${silence.startsAt}`,
            `--end=${silence.endsAt}`,
            ...silence.matchers.map(matcherText),
          ]);
        }
      }
      expect(existsSync(canary)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('quotes rule names in matchers as Alertmanager reads them', () => {
    expect(matcherText({ name: 'rule', value: 'A "quoted" \\ name', isRegex: false, isEqual: true })).toBe('rule="A \\"quoted\\" \\\\ name"');
    expect(matcherText({ name: 'alertname', value: 'a|b', isRegex: true, isEqual: true })).toBe('alertname=~"a|b"');
  });

  it('keeps a rule title with quotes in one shell word', () => {
    const a = sampleAnnouncement({ alerts: ['iam-user-created'] });
    expect(a.chosen[0]!.title).toBe(catalogue[2]!.title);
    const [only] = silencesFor(a);
    expect(amtoolCommand(only!.silence, 'http://localhost:9093')).toMatch(/ 'alertname="iam-user-created"'$/);
  });
});
