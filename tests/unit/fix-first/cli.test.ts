/**
 * `plainsec fix-first`: its JSON for the two smallest corpus reports equals the plan worked out by
 * hand (tests/fixtures/fix-first/expected), --fail-on gives exit code 1 only for work in that
 * bucket or a more urgent one, and bad input (another kind of file, broken JSON, a file over
 * 200 MB, the KEV file in the wrong place) gets a plain error naming the file and exit code 2.
 */
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../../src/cli/args.ts';
import { run } from '../../../src/cli/main.ts';
import { reasons, skipWhenMissing } from '../../support/skips.ts';

const corpus = path.join(process.cwd(), '..', 'shared', 'corpora', 'scanner-reports');
const fixtures = path.join(process.cwd(), 'tests', 'fixtures', 'fix-first');
const work = mkdtempSync(path.join(tmpdir(), 'plainsec-fix-first-'));
const file = (name: string, text: string): string => (writeFileSync(path.join(work, name), text), path.join(work, name));
const kevFile = (...ids: string[]): string =>
  file(
    `kev-${ids.join('-') || 'none'}.json`,
    JSON.stringify({ title: 'CISA Catalog of Known Exploited Vulnerabilities', catalogVersion: '2026.12.01', vulnerabilities: ids.map((cveID) => ({ cveID })) }),
  );
const dependabot = path.join(fixtures, 'dependabot-alerts.json');

async function plainsec(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), now: () => new Date('2026-12-06T10:00:00Z') };
  const code = await run(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe.skipIf(skipWhenMissing(existsSync(corpus), reasons.corpora))('the JSON for the two smallest corpus reports', () => {
  it.each(['trivy-debian-stretch.json', 'trivy-defectdojo-issue_9333.json'])('%s equals the plan worked out by hand', async (name) => {
    const result = await plainsec('fix-first', path.join(corpus, name), '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual(JSON.parse(readFileSync(path.join(fixtures, 'expected', name), 'utf8')));
  });

  it('a KEV file that lists a fixed hole puts its upgrades first, in today, with the words for it', async () => {
    const result = await plainsec('fix-first', path.join(corpus, 'trivy-debian-stretch.json'), '--kev', kevFile('CVE-2019-5094'));
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines[2]).toBe('Today — attackers are using this now');
    expect(lines[3]).toMatch(/^ {2}1\. Rebuild testdata\/fixtures\/images\/debian-stretch\.tar\.gz on a current base image/);
    expect(lines[5]).toMatch(/^ {2}2\. Upgrade e2fslibs 1\.43\.4-2 → 1\.43\.4-2\+deb9u1 .* fixes 1 known hole, used by attackers now\.$/);
    expect(lines[6]).toContain('CVE-2019-5094 is on CISA’s list of holes used in real attacks.');
  });
});

describe('exit codes for CI', () => {
  it('--fail-on this-week passes when the worst is this month', async () => {
    expect((await plainsec('fix-first', dependabot, '--fail-on', 'this-week')).code).toBe(0);
  });

  it('--fail-on today fails when the KEV file lists a hole with a fix, and says why on stderr', async () => {
    const result = await plainsec('fix-first', dependabot, '--kev', kevFile('CVE-2021-23337'), '--fail-on', 'today');
    expect(result.code).toBe(1);
    expect(result.err).toBe('Work found in today: exit code 1 (--fail-on today).');
  });

  it('--fail-on this-week fails on work in today too, a more urgent bucket', async () => {
    expect((await plainsec('fix-first', dependabot, '--kev', kevFile('CVE-2021-23337'), '--fail-on', 'this-week', '--json')).code).toBe(1);
  });

  it('a hole found by its alias in the KEV file counts as known exploited', async () => {
    const plan = JSON.parse((await plainsec('fix-first', dependabot, '--kev', kevFile('GHSA-35JH-R3H4-6JHM'), '--json')).out);
    expect(plan.upgrades[0].bucket).toBe('today');
    expect(plan.counts.today).toBe(1);
  });

  it('--help prints the help and exits 0', async () => {
    const result = await plainsec('fix-first', '--help');
    expect(result.code).toBe(0);
    expect(result.out).toContain('--fail-on BUCKET');
  });
});

describe('bad input gets a plain error and exit code 2', () => {
  it('a JSON file of another kind names the formats read', async () => {
    const other = file('other.json', '{"hello": "world"}');
    const result = await plainsec('fix-first', other);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      `${other}: this is not a scanner report Plainsec reads. It reads Trivy JSON, Grype JSON, OSV-Scanner JSON, Amazon Inspector findings, Security Hub findings (ASFF) or GitHub Dependabot alerts, saved as JSON.`,
    );
  });

  it('broken JSON says where it breaks', async () => {
    const broken = file('broken.json', '{"SchemaVersion": 2,\n "Results": [\n}');
    const result = await plainsec('fix-first', broken);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: this is not valid JSON at line 3, column 1`));
  });

  it('a file over 200 MB is refused before it is read', async () => {
    const big = path.join(work, 'big.json');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 200 * 1024 * 1024 + 1); // sparse: no disk or memory is used
    closeSync(fd);
    const result = await plainsec('fix-first', big);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`${big}: it is 200.0 MB, larger than the 200 MB Plainsec reads. Check that this is the report, not an image or a log.`);
  });

  it('the KEV file given as a report says to give it with --kev', async () => {
    const kev = kevFile('CVE-2021-23337');
    const result = await plainsec('fix-first', kev);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`${kev}: this is CISA’s list of known exploited vulnerabilities, not a scanner report; give it with --kev FILE instead.`);
  });

  it('a report given as the KEV file says where to get the real one', async () => {
    const result = await plainsec('fix-first', dependabot, '--kev', dependabot);
    expect(result.code).toBe(2);
    expect(result.err).toContain('is not CISA’s list of known exploited vulnerabilities. Download known_exploited_vulnerabilities.json from cisa.gov');
  });

  it('every bad file is named, not just the first', async () => {
    const a = file('a.json', '[1, 2');
    const b = file('b.json', '{"x": 1}');
    const result = await plainsec('fix-first', a, dependabot, b);
    expect(result.code).toBe(2);
    expect(result.err.split('\n').map((l) => l.split(':')[0])).toEqual([a, b]);
  });

  it('an unknown option is named, with the way to the help', async () => {
    const result = await plainsec('fix-first', dependabot, '--fast');
    expect(result.code).toBe(2);
    expect(result.err.startsWith('plainsec fix-first: Unknown option')).toBe(true);
    expect(result.err.endsWith('\nRun "plainsec fix-first --help" for how to use it.')).toBe(true);
  });

  it('a missing file, no file, and a wrong --fail-on are usage errors', async () => {
    expect((await plainsec('fix-first', path.join(work, 'nowhere.json'))).err).toBe(`${path.join(work, 'nowhere.json')}: no such file. Check the path and try again.`);
    expect((await plainsec('fix-first')).code).toBe(2);
    const wrong = await plainsec('fix-first', dependabot, '--fail-on', 'later');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--fail-on takes today or this-week, not "later"');
  });
});
