/**
 * Comparing versions the way each ecosystem's own package manager does, so that an upgrade's target
 * is the version that fixes all its findings. Maintained libraries where they exist: `semver` for
 * npm, Go modules and Rust crates, `@renovatebot/pep440` for Python. Debian and RPM have no
 * maintained JavaScript package, so their algorithms are written here from their published rules
 * (Debian Policy 5.6.12; rpm's rpmvercmp) and tested against their projects' own test vectors.
 * Where a version cannot be compared (Alpine, Maven and the rest, unless both are plain numbers),
 * the caller is told so and lists the choices instead of guessing.
 */
import { compare as pep440Compare, valid as pep440Valid } from '@renovatebot/pep440';
import semverCompare from 'semver/functions/compare.js';
import semverValid from 'semver/functions/valid.js';

/** The comparison rules a version follows. `none` where there is no rule we can trust. */
export type Scheme = 'deb' | 'rpm' | 'apk' | 'semver' | 'go' | 'pep440' | 'numeric';

const debian = ['debian', 'ubuntu', 'deb', 'dpkg', 'raspbian', 'kali'];
const rpm = [
  'rpm',
  'redhat',
  'red hat',
  'rhel',
  'centos',
  'rocky',
  'rocky linux',
  'alma',
  'almalinux',
  'amazon',
  'amazon linux',
  'amzn',
  'oracle',
  'oracle linux',
  'ol',
  'fedora',
  'photon',
  'photon os',
  'suse',
  'sles',
  'opensuse',
  'opensuse.leap',
  'opensuse.tumbleweed',
  'suse linux enterprise',
  'cbl-mariner',
  'mariner',
  'azurelinux',
  'azure linux',
  'openeuler',
  'mageia',
];
const alpine = ['alpine', 'apk', 'wolfi', 'chainguard', 'minimos'];
const semverEcosystems = ['npm', 'node-pkg', 'javascript', 'yarn', 'pnpm', 'nodepkg', 'cargo', 'crates.io', 'rust', 'rust-crate', 'rust-binary'];
const goEcosystems = ['go', 'golang', 'gomod', 'gobinary', 'go-module'];
const pythonEcosystems = ['pypi', 'pip', 'python', 'python-pkg', 'pythonpkg', 'poetry', 'pipenv', 'uv', 'conda'];

/** The rules for an ecosystem as the readers name it ("debian", "Debian:10", "rpm", "npm", "crates.io", ...). */
export function schemeOf(ecosystem: string): Scheme {
  // OSV names a distribution release after a colon ("Debian:10", "Alpine:v3.18"); the family decides.
  const e = ecosystem.toLowerCase().split(':')[0]!.trim();
  if (debian.includes(e)) return 'deb';
  if (rpm.includes(e)) return 'rpm';
  if (alpine.includes(e)) return 'apk';
  if (semverEcosystems.includes(e)) return 'semver';
  if (goEcosystems.includes(e)) return 'go';
  if (pythonEcosystems.includes(e)) return 'pep440';
  return 'numeric';
}

/** True for packages installed by the operating system's package manager (what a newer base image replaces). */
export function isOsPackage(ecosystem: string): boolean {
  const s = schemeOf(ecosystem);
  return s === 'deb' || s === 'rpm' || s === 'apk';
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

/**
 * Debian Policy 5.6.12: in the non-digit parts, `~` sorts before anything (even the end), the end
 * before letters, letters before other characters; digit parts compare as numbers.
 */
function debianWeight(c: string | undefined): number {
  if (c === undefined || isDigit(c)) return 0;
  if (c === '~') return -1;
  if (isLetter(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function debianPart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const wa = debianWeight(a[i]);
      const wb = debianWeight(b[j]);
      if (wa !== wb) return sign(wa - wb);
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    let firstDifference = 0;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (firstDifference === 0) firstDifference = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (firstDifference !== 0) return sign(firstDifference);
  }
  return 0;
}

function debianSplit(v: string): { epoch: number; upstream: string; revision: string } | undefined {
  let rest = v.trim();
  let epoch = 0;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const e = rest.slice(0, colon);
    if (!/^\d+$/.test(e)) return undefined;
    epoch = Number(e);
    rest = rest.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  return dash >= 0 ? { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) } : { epoch, upstream: rest, revision: '' };
}

/** Debian package versions ([epoch:]upstream[-revision]), as `dpkg --compare-versions` orders them; undefined for a bad epoch. */
export function compareDebian(a: string, b: string): number | undefined {
  const x = debianSplit(a);
  const y = debianSplit(b);
  if (!x || !y) return undefined;
  if (x.epoch !== y.epoch) return sign(x.epoch - y.epoch);
  return debianPart(x.upstream, y.upstream) || debianPart(x.revision, y.revision);
}

const isAlnum = (c: string | undefined): boolean => isDigit(c) || isLetter(c);

/**
 * rpm's rpmvercmp: separators are ignored; `~` sorts before anything and `^` after the end but
 * before more text; runs of digits compare as numbers and beat runs of letters.
 */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isAlnum(a[i]) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b[j]) && b[j] !== '~' && b[j] !== '^') j++;
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigit(a[i]);
    const take = numeric ? isDigit : isLetter;
    let ei = i;
    let ej = j;
    while (take(a[ei])) ei++;
    while (take(b[ej])) ej++;
    // A number against letters: the number is newer.
    if (ej === j) return numeric ? 1 : -1;
    let x = a.slice(i, ei);
    let y = b.slice(j, ej);
    if (numeric) {
      x = x.replace(/^0+/, '');
      y = y.replace(/^0+/, '');
      if (x.length !== y.length) return x.length > y.length ? 1 : -1;
    }
    if (x !== y) return x < y ? -1 : 1;
    i = ei;
    j = ej;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i < a.length ? 1 : -1;
}

function rpmSplit(v: string): { epoch: number; version: string; release: string | undefined } | undefined {
  let rest = v.trim();
  let epoch = 0;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const e = rest.slice(0, colon);
    if (!/^\d+$/.test(e)) return undefined;
    epoch = Number(e);
    rest = rest.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  return dash >= 0 ? { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) } : { epoch, version: rest, release: undefined };
}

/** RPM package versions ([epoch:]version[-release]); a release is compared only when both have one, as rpm does. */
export function compareRpm(a: string, b: string): number | undefined {
  const x = rpmSplit(a);
  const y = rpmSplit(b);
  if (!x || !y) return undefined;
  if (x.epoch !== y.epoch) return sign(x.epoch - y.epoch);
  const v = rpmvercmp(x.version, y.version);
  if (v !== 0 || x.release === undefined || y.release === undefined) return v;
  return rpmvercmp(x.release, y.release);
}

/** Plain dotted numbers ("1.26.0", "3.7.2"), which every ecosystem orders the same way; undefined otherwise. */
export function compareNumeric(a: string, b: string): number | undefined {
  const plain = /^v?\d+(\.\d+)*$/;
  if (!plain.test(a) || !plain.test(b)) return undefined;
  const x = a.replace(/^v/, '').split('.');
  const y = b.replace(/^v/, '').split('.');
  for (let k = 0; k < Math.max(x.length, y.length); k++) {
    const p = (x[k] ?? '0').replace(/^0+(?=\d)/, '');
    const q = (y[k] ?? '0').replace(/^0+(?=\d)/, '');
    if (p.length !== q.length) return p.length > q.length ? 1 : -1;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

/**
 * -1, 0 or 1 as `a` is older, the same or newer than `b` by the ecosystem's rules; undefined
 * where they cannot be compared (then the caller lists both).
 */
export function compareVersions(ecosystem: string, a: string, b: string): number | undefined {
  if (a === b) return 0;
  switch (schemeOf(ecosystem)) {
    case 'deb':
      return compareDebian(a, b);
    case 'rpm':
      return compareRpm(a, b);
    case 'apk':
      // No maintained library and no published test vectors to write one against: list the choices.
      return undefined;
    case 'semver': {
      const x = semverValid(a);
      const y = semverValid(b);
      return x && y ? semverCompare(x, y) : compareNumeric(a, b);
    }
    case 'go': {
      // Go module versions are semver with a leading v (pseudo-versions included).
      const x = semverValid(a.replace(/^v?/, 'v'));
      const y = semverValid(b.replace(/^v?/, 'v'));
      return x && y ? semverCompare(x, y) : undefined;
    }
    case 'pep440':
      return pep440Valid(a) && pep440Valid(b) ? sign(pep440Compare(a, b)) : undefined;
    case 'numeric':
      return compareNumeric(a, b);
  }
}

/** The newest of some versions, or, where some cannot be compared, all the distinct ones as choices (in the order given). */
export function newestVersion(ecosystem: string, versions: readonly string[]): { version: string } | { choices: string[] } | undefined {
  const distinct = [...new Set(versions)];
  if (distinct.length === 0) return undefined;
  let newest = distinct[0]!;
  for (const v of distinct.slice(1)) {
    const c = compareVersions(ecosystem, v, newest);
    if (c === undefined) return { choices: distinct };
    if (c > 0) newest = v;
  }
  return { version: newest };
}
