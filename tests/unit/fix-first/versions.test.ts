/**
 * Versions compare as each ecosystem's package manager compares them: Debian and RPM (written here)
 * against dpkg's and rpm's own published test vectors and, where dpkg is installed, against
 * `dpkg --compare-versions` itself on generated versions; Python through its library against the
 * ordering example in PEP 440; npm and Go through semver.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDebian, compareRpm, compareVersions, newestVersion, isOsPackage } from '../../../src/lib/fix-first/versions.ts';
import { skipWhenMissing } from '../../support/skips.ts';

const vectors = JSON.parse(readFileSync(path.join(process.cwd(), 'tests/fixtures/fix-first/version-vectors.json'), 'utf8')) as {
  debian: [string, string, number][];
  rpm: [string, string, number][];
  pep440Ascending: string[];
};

describe('Debian versions', () => {
  it.each(vectors.debian)('%s compared with %s gives %i, as in dpkg’s own tests', (a, b, expected) => {
    expect(compareDebian(a, b)).toBe(expected);
  });

  // dpkg's own comparison (its Perl module, one process for all pairs) as the oracle.
  const haveDpkg = spawnSync('perl', ['-MDpkg::Version', '-e', '1']).status === 0;
  it.skipIf(skipWhenMissing(haveDpkg, 'no dpkg Perl module (Dpkg::Version, in libdpkg-perl) to compare against'))('generated versions compare as dpkg itself compares them', () => {
    const part = fc.stringMatching(/^[0-9][0-9a-z.+~]{0,6}$/);
    const version = fc
      .tuple(fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }), part, fc.option(fc.stringMatching(/^[0-9a-z.+~]{1,4}$/), { nil: undefined }))
      .map(([epoch, upstream, revision]) => `${epoch === undefined ? '' : `${epoch}:`}${upstream}${revision === undefined ? '' : `-${revision}`}`);
    const pairs = fc.sample(fc.tuple(version, version), { numRuns: 2000, seed: 3217 });
    const answers = spawnSync('perl', ['-MDpkg::Version', '-ne', 'chomp; my ($a, $b) = split / /; print version_compare($a, $b), "\\n"'], {
      input: pairs.map(([a, b]) => `${a} ${b}`).join('\n') + '\n',
      encoding: 'utf8',
    })
      .stdout.trim()
      .split('\n')
      .map(Number);
    expect(answers).toHaveLength(pairs.length);
    pairs.forEach(([a, b], k) => expect(compareDebian(a, b), `${a} against ${b}`).toBe(answers[k]));
  });
});

describe('RPM versions', () => {
  it.each(vectors.rpm)('%s compared with %s gives %i, as in rpm’s own tests', (a, b, expected) => {
    expect(compareRpm(a, b)).toBe(expected);
  });

  it('an epoch wins over the version, and a release counts only when both have one', () => {
    expect(compareRpm('1:1.0-1', '2.0-1')).toBe(1);
    expect(compareRpm('0:0.7-21.el8_9.1', '0.7-20.el8')).toBe(1);
    expect(compareRpm('32:9.11.36-8.el8_8.2', '32:9.11.36-11.el8_9')).toBe(-1);
    expect(compareRpm('1.0', '1.0-5')).toBe(0);
  });
});

describe('Python versions', () => {
  it('follow the ordering example of PEP 440, one after the other', () => {
    const list = vectors.pep440Ascending;
    for (let i = 1; i < list.length; i++) expect(compareVersions('pypi', list[i - 1]!, list[i]!), `${list[i - 1]} before ${list[i]}`).toBe(-1);
  });
});

describe('other ecosystems', () => {
  it('npm and Rust crates follow semver, pre-releases before the release', () => {
    expect(compareVersions('npm', '4.1.3', '2.5.0')).toBe(1);
    expect(compareVersions('npm', '1.0.0-rc.1', '1.0.0')).toBe(-1);
    expect(compareVersions('crates.io', '0.2.23', '0.8.0')).toBe(-1);
  });

  it('Go module versions compare with or without the v, pseudo-versions included', () => {
    expect(compareVersions('Go', '0.7.0', '0.1.1-0.20221104162952-702349b0e862')).toBe(1);
    expect(compareVersions('go', 'v1.19.4', '1.18.9')).toBe(1);
  });

  it('Alpine versions are never guessed, and Maven ones only when both are plain numbers', () => {
    expect(compareVersions('alpine', '3.0.2-r1', '3.0.13-r0')).toBeUndefined();
    expect(compareVersions('java-archive', '1.26.0', '1.21')).toBe(1);
    expect(compareVersions('maven', '2.0.0.RELEASE', '1.9')).toBeUndefined();
  });

  it('the newest of several, or the choices when they cannot be compared', () => {
    expect(newestVersion('debian', ['1.43.4-2+deb9u1', '1.43.4-2+deb9u10', '1.43.4-2'])).toEqual({ version: '1.43.4-2+deb9u10' });
    expect(newestVersion('alpine', ['3.0.2-r1', '3.0.13-r0'])).toEqual({ choices: ['3.0.2-r1', '3.0.13-r0'] });
    expect(newestVersion('alpine', ['3.0.13-r0', '3.0.13-r0'])).toEqual({ version: '3.0.13-r0' });
  });

  it('operating-system packages are told apart from libraries', () => {
    expect(['debian', 'Debian:10', 'rpm', 'redhat', 'alpine'].map(isOsPackage)).toEqual([true, true, true, true, true]);
    expect(['npm', 'java-archive', 'crates.io', 'binary'].map(isOsPackage)).toEqual([false, false, false, false]);
  });
});
