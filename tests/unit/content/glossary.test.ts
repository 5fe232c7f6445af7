import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGlossary, parseGlossaryFile, type GlossaryEntry } from '../../../src/lib/content/glossary.ts';
import { findTermOccurrences } from '../../../src/lib/content/first-use.ts';
import { findUnexplainedAcronyms, findWordsToAvoid } from '../../../src/lib/content/plain-words.ts';
import { fleschKincaidGrade, stripNonProse, words } from '../../../src/lib/content/readability.ts';

const folder = path.resolve(process.cwd(), 'content/glossary');
const files = new Map(
  readdirSync(folder)
    .filter((name) => name.endsWith('.md'))
    .map((name) => [name.slice(0, -3), readFileSync(path.join(folder, name), 'utf8')]),
);
const parsed = parseGlossary(files);
const entries: GlossaryEntry[] = parsed.ok ? parsed.value : [];

/** Every guide on the site, read from content/guides: glossary entries may point at any of them. */
const guidesRoot = path.resolve(process.cwd(), 'content/guides');
const guideIds = new Set(
  readdirSync(guidesRoot, { withFileTypes: true })
    .filter((practice) => practice.isDirectory())
    .flatMap((practice) =>
      readdirSync(path.join(guidesRoot, practice.name))
        .filter((name) => name.endsWith('.mdx'))
        .map((name) => `${practice.name}/${name.slice(0, -4)}`),
    ),
);

describe('parseGlossaryFile', () => {
  const good = '---\nterm: Token\ndefinition: A string that works like a temporary password.\naliases: [tokens]\n---\nBody one.\n\nBody two.\n';

  it('reads frontmatter and body', () => {
    const result = parseGlossaryFile('token', good);
    expect(result.ok && result.value).toMatchObject({ slug: 'token', term: 'Token', aliases: ['tokens'], autoLink: true, body: 'Body one.\n\nBody two.' });
  });

  it('names the file and field when a field is wrong', () => {
    const result = parseGlossaryFile('token', good.replace('definition: A string that works like a temporary password.', 'definition: short'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatch(/content\/glossary\/token\.md: definition/);
  });

  it('rejects unknown fields, missing frontmatter, bad YAML and bad file names in plain words', () => {
    const unknown = parseGlossaryFile('token', good.replace('aliases', 'alias'));
    expect(!unknown.ok && unknown.errors.join(' ')).toMatch(/alias/);
    const none = parseGlossaryFile('token', 'Just text');
    expect(!none.ok && none.errors[0]).toMatch(/must start with frontmatter/);
    const badYaml = parseGlossaryFile('token', '---\nterm: [unclosed\n---\n');
    expect(!badYaml.ok && badYaml.errors[0]).toMatch(/not valid YAML/);
    const badName = parseGlossaryFile('Token File', good);
    expect(!badName.ok && badName.errors[0]).toMatch(/lower-case words joined by hyphens/);
  });

  it('reports a spelling claimed by two files', () => {
    const result = parseGlossary(new Map([['a', good], ['b', good.replace('term: Token', 'term: Other')]]));
    expect(!result.ok && result.errors.join(' ')).toMatch(/"tokens" is listed in both/);
  });
});

describe('the glossary in content/glossary', () => {
  it('parses without problems', () => {
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });

  it('has at least 55 terms', () => {
    expect(entries.length).toBeGreaterThanOrEqual(55);
  });

  it('covers every term guide writers were promised', () => {
    const required = [
      'access key', 'AWS account', 'admin access', 'administrator access', 'alert', 'alert fatigue', 'allowlist',
      'Amazon Web Services', 'AWS', 'API', 'audit log', 'authentication', 'Auto Scaling group', 'backup',
      'blameless review', 'CI/CD', 'continuous integration', 'CloudTrail', 'CloudWatch', 'container', 'container image',
      'CVE', 'CVSS', 'EPSS', 'KEV', 'known exploited vulnerabilities', 'dependency', 'encryption', 'EventBridge',
      'exploit', 'Falco', 'firewall', 'GuardDuty', 'IAM', 'incident', 'KMS', 'Kubernetes', 'least privilege',
      // "Logs", not "log": the bare word would also link the verb in "log in".
      'logs', 'log file',
      'MFA', 'on-call', 'patch', 'phishing', 'principal', 'IAM role', 'privilege', 'public bucket', 'ransomware',
      'root account', 'runbook', 'S3', 'SBOM', 'secret', 'secrets manager', 'security group', 'Sev 1', 'Sev 2', 'Sev 3',
      'severity', 'SIEM', 'Sigma', 'Slack channel', 'SSH', 'SSO', 'tabletop exercise', 'threat model', 'token',
      'two-person rule', 'unattended upgrades', 'VPC', 'vulnerability', 'zero-day', 'audit', 'EC2', 'EKS', 'ECR', 'SNS',
      'VPN', 'OIDC', 'RBAC', 'TLS', 'DNS', 'CIDR', 'ARN', 'SOC 2',
    ];
    const missing = required.filter((spelling) => {
      const found = findTermOccurrences(spelling, entries);
      return !(found.length === 1 && found[0]?.start === 0 && found[0].end === spelling.length);
    });
    expect(missing).toEqual([]);
  });

  it('has plain one-line definitions with no words to avoid and no unexplained acronyms', () => {
    const problems = entries.flatMap((entry) => {
      const found = [
        ...findWordsToAvoid(entry.definition, entries).filter((f) => f.severity === 'error'),
        ...findUnexplainedAcronyms(entry.definition, entries),
      ].map((f) => `${entry.slug}: ${f.message}`);
      if (entry.definition.includes('\n')) found.push(`${entry.slug}: the definition must be one line`);
      if (words(entry.definition).length > 30) found.push(`${entry.slug}: the definition is over 30 words`);
      return found;
    });
    expect(problems).toEqual([]);
  });

  it('explains each term in two to five short, plain paragraphs with an example', () => {
    const problems = entries.flatMap((entry) => {
      const paragraphs = entry.body.split(/\n\s*\n/).filter((p) => p.trim() !== '');
      const prose = stripNonProse(entry.body);
      const found: string[] = [];
      if (paragraphs.length < 2 || paragraphs.length > 5) found.push(`${entry.slug}: ${paragraphs.length} paragraphs`);
      if (!/for example/i.test(entry.body)) found.push(`${entry.slug}: no example`);
      const grade = fleschKincaidGrade(prose);
      if (grade > 9) found.push(`${entry.slug}: reading grade ${grade.toFixed(1)}`);
      found.push(
        ...findWordsToAvoid(prose, entries).filter((f) => f.severity === 'error').map((f) => `${entry.slug}: ${f.message}`),
        ...findUnexplainedAcronyms(prose, entries).map((f) => `${entry.slug}: ${f.message}`),
      );
      return found;
    });
    expect(problems).toEqual([]);
  });

  it('points only at guides that exist', () => {
    const unknown = entries.flatMap((entry) => entry.relatedGuides.filter((id) => !guideIds.has(id)).map((id) => `${entry.slug}: ${id}`));
    expect(unknown).toEqual([]);
  });
});
