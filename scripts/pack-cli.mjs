#!/usr/bin/env node
/**
 * `npm run pack:cli`: packs the single-file command (dist/plainsec.mjs, from `npm run build`, or the
 * file given with --cli FILE) as an
 * npm package tarball, `plainsec-<version>.tgz`, in the current folder (or --out DIR). It has no
 * dependencies, so `npm install -g ./plainsec-<version>.tgz` works offline and puts `plainsec` on the
 * PATH. The repository's own package.json stays private: it is the site, with hundreds of development
 * packages, and must never be published by mistake.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outIndex = process.argv.indexOf('--out');
const outDir = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : '.');
const cliIndex = process.argv.indexOf('--cli');
const cli = cliIndex > 0 ? path.resolve(process.argv[cliIndex + 1]) : path.join(root, 'dist/plainsec.mjs');
if (!existsSync(cli)) {
  console.error(`${path.relative('.', cli)} is missing: run npm run build first.`);
  process.exit(2);
}
const site = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const stage = mkdtempSync(path.join(tmpdir(), 'plainsec-pack-'));
try {
  copyFileSync(cli, path.join(stage, 'plainsec.mjs'));
  writeFileSync(
    path.join(stage, 'README.md'),
    `# plainsec\n\nAlert rules and the team self-assessment in plain words, as one command. Run \`plainsec --help\`.\n\nThe same file as ${'`'}plainsec.mjs${'`'} on the Plainsec site, packed so \`npm install -g ./plainsec-${site.version}.tgz\` puts \`plainsec\` on the PATH, offline.\n`,
  );
  const manifest = {
    name: 'plainsec',
    version: site.version,
    description: site.description,
    license: site.license,
    type: 'module',
    bin: { plainsec: 'plainsec.mjs' },
    files: ['plainsec.mjs'],
    engines: { node: '>=20' },
  };
  writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', outDir], { cwd: stage, encoding: 'utf8' }).trim().split('\n').pop();
  console.log(path.join(outDir, name));
} finally {
  rmSync(stage, { recursive: true, force: true });
}
