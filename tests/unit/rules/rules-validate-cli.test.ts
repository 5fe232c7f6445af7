/**
 * `plainsec rules validate` passes a valid file, and warns, naming the line, where YAML read a
 * value written without quotes as a number or true/false in a field AWS writes as text: such a
 * test can never match.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../../src/cli/args.ts';
import { run } from '../../../src/cli/main.ts';

const work = mkdtempSync(path.join(tmpdir(), 'plainsec-validate-'));

async function validate(name: string, text: string): Promise<{ code: number; out: string; err: string }> {
  const file = path.join(work, name);
  writeFileSync(file, text);
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), now: () => new Date('2026-11-25T10:00:00Z') };
  const code = await run(['rules', 'validate', file], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A rule file with one rule whose `when` is the given YAML lines (indented under `when:`). */
const ruleFile = (when: string): string => `plainsecRules: 1
rules:
  - id: other-account
    title: Something happened in another account
    means: A call was made in an account we do not expect.
    whatToDo: Find out who made it.
    urgency: look-today
    notify: '#security-alerts'
    when:
${when}
`;

describe('plainsec rules validate', () => {
  it('warns that two rules which replace one another send two alerts for one thing, and still passes the file', async () => {
    const rule = (id: string, extra: string) => `  - id: ${id}
    title: The root account was used
    means: Someone used root.
    whatToDo: Ask who used it.
    urgency: look-today
    notify: '#security-alerts'
${extra}    when:
      field: userIdentity.type
      equals: Root
`;
    const r = await validate('both.yaml', `plainsecRules: 1\nrules:\n${rule('cis-root', '    replaces: [root-used]\n')}${rule('root-used', '')}`);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: cis-root and root-used fire on the same events, so each one sends a second alert for the same thing; keep one of them');
    expect(r.out).toMatch(/2 rule\(s\), all valid, with 1 warning\(s\) above\.$/);
  });

  it('warns, naming the line, that an unquoted account id with a leading zero was read as a number', async () => {
    const r = await validate('leading-zero.yaml', ruleFile('      field: userIdentity.accountId\n      equals: 017622104382'));
    expect(r.code).toBe(0);
    expect(r.err).toContain('leading-zero.yaml line 11: warning: userIdentity.accountId equals: YAML read 017622104382 as the number 17622104382 (the leading zero was lost)');
    expect(r.err).toContain('so this test can never match; put it in quotes: "017622104382"');
    expect(r.out).toMatch(/1 rule\(s\), all valid, with 1 warning\(s\) above\.$/);
  });

  it('warns on each unquoted number in a list, and says nothing of a leading zero where none was lost', async () => {
    const r = await validate('list.yaml', ruleFile('      anyOf:\n        - field: recipientAccountId\n          oneOf: ["017622104382", 123456789012, true]'));
    expect(r.code).toBe(0);
    const lines = r.err.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      `${path.join(work, 'list.yaml')} line 12: warning: recipientAccountId oneOf: YAML read 123456789012 as the number 123456789012, but AWS writes recipientAccountId as text, so this test can never match; put it in quotes: "123456789012"`,
    );
    expect(lines[1]).toContain('YAML read true as true, a true/false value');
  });

  it('says nothing of a quoted account id, or of a number in a field AWS does not document as text', async () => {
    for (const when of ['      field: userIdentity.accountId\n      equals: "017622104382"', '      field: requestParameters.maxResults\n      equals: 5']) {
      const r = await validate('quiet.yaml', ruleFile(when));
      expect(r).toEqual({ code: 0, out: `${path.join(work, 'quiet.yaml')}: 1 rule(s), all valid.`, err: '' });
    }
  });
});
