/**
 * What Amazon Inspector findings and Security Hub findings (ASFF) share: the same package fields
 * (epoch, version, release, package manager) in two spellings, and the same kinds of resource.
 */
import { asText, type WhereKind } from '../model.ts';

/** Installed version as the package manager writes it: [epoch:]version[-release]; epoch 0 is left out. */
export function packageVersion(epoch: unknown, version: unknown, release: unknown): string {
  const e = asText(epoch);
  const v = asText(version) ?? '';
  const r = asText(release);
  return `${e && e !== '0' ? `${e}:` : ''}${v}${r ? `-${r}` : ''}`;
}

/** Inspector's and ASFF's package managers, as the ecosystems versions.ts knows; `os` is resolved from the platform. */
export function ecosystemOfManager(manager: string | undefined, platform: string | undefined): string {
  const m = (manager ?? 'OS').toUpperCase();
  if (m === 'OS') return osFamily(platform);
  const map: Record<string, string> = {
    NPM: 'npm',
    NODEPKG: 'npm',
    YARN: 'npm',
    PIP: 'pypi',
    PIPENV: 'pypi',
    POETRY: 'pypi',
    PYTHONPKG: 'pypi',
    GOBINARY: 'go',
    GOMOD: 'go',
    JAR: 'maven',
    POM: 'maven',
    CARGO: 'cargo',
    NUGET: 'nuget',
    DOTNET_CORE: 'nuget',
    BUNDLER: 'rubygems',
    GEMSPEC: 'rubygems',
    COMPOSER: 'composer',
  };
  return map[m] ?? m.toLowerCase();
}

/** The OS package family from a platform name such as UBUNTU_20_04, AMAZON_LINUX_2023 or DEBIAN_12. */
export function osFamily(platform: string | undefined): string {
  const p = (platform ?? '').toUpperCase();
  if (/UBUNTU|DEBIAN/.test(p)) return 'debian';
  if (/ALPINE/.test(p)) return 'alpine';
  if (/AMAZON|RHEL|RED_?HAT|CENTOS|ORACLE|ALMA|ROCKY|SUSE|SLES|FEDORA|MARINER/.test(p)) return 'rpm';
  return 'os';
}

/** A resource type (Inspector's AWS_EC2_INSTANCE or ASFF's AwsEc2Instance) as the kind of place it is. */
export function whereKindOf(type: string | undefined): WhereKind {
  const t = (type ?? '').toUpperCase().replace(/_/g, '');
  if (t.includes('ECRCONTAINERIMAGE')) return 'image';
  if (t.includes('LAMBDAFUNCTION')) return 'function';
  return 'host';
}
