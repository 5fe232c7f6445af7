/**
 * `npm run pack:cli` packs the single-file command as an npm tarball that installs offline, with no
 * dependencies, and gives a `plainsec` on the PATH that runs on Node 20.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCliFile } from '../../../src/integrations/cli-file.ts';

const repo = process.cwd();
const work = mkdtempSync(path.join(tmpdir(), 'plainsec-pack-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The system's Node 20 when this machine has one, else the Node running the tests. */
const node20 = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => existsSync(p) && spawnSync(p, ['--version'], { encoding: 'utf8' }).stdout.startsWith('v20.'));

describe('the packed command', () => {
  it('installs offline from its tarball with nothing else, and runs as plainsec', async () => {
    const { file } = await writeCliFile(work);
    const tarball = execFileSync(process.execPath, [path.join(repo, 'scripts/pack-cli.mjs'), '--cli', file, '--out', work], { encoding: 'utf8' }).trim();
    expect(path.basename(tarball)).toMatch(/^plainsec-\d+\.\d+\.\d+\.tgz$/);
    const listing = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(listing).toEqual(['package/README.md', 'package/package.json', 'package/plainsec.mjs']);

    const prefix = path.join(work, 'global');
    execFileSync('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], { encoding: 'utf8', stdio: 'pipe' });
    const bin = path.join(prefix, 'bin', 'plainsec');
    const folder = mkdtempSync(path.join(work, 'repo-'));
    writeFileSync(path.join(folder, 'rules.yaml'), 'plainsecRules: 1\nrules: []\n');
    // The installed `plainsec` starts with `#!/usr/bin/env node`: run it on Node 20 where there is one.
    const env = { ...process.env, PATH: `${path.dirname(node20 ?? process.execPath)}:${process.env.PATH}` };
    const help = spawnSync(bin, ['--help'], { cwd: folder, encoding: 'utf8', env });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^plainsec: alert rules in plain words/);
    const validate = spawnSync(bin, ['rules', 'validate', 'rules.yaml'], { cwd: folder, encoding: 'utf8', env });
    expect(validate.stdout + validate.stderr).toMatch(/rules\.yaml/);
    if (!node20) console.warn('Ran the packed command on the project’s Node: this machine has no Node 20.');
  }, 120_000);
});
