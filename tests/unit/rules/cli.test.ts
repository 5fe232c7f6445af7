import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ruleSetSchema } from '../../../src/lib/rules/model.ts';
import { reviewedRefusals } from '../../../src/lib/rules/known-refusals.ts';
import { corporaDir, loadTemplates, stratusDir } from './support/kit.ts';
import { sourceOf } from '../../../src/lib/rules/sources.ts';

const repo = process.cwd();
const bin = path.join(repo, 'bin/plainsec.mjs');
const corpora = corporaDir;
const stratus = stratusDir;
const sigmaDir = path.join(corpora, 'sigma-cloudtrail-rules');
const haveCorpora = existsSync(stratus) && existsSync(sigmaDir);
if (!haveCorpora) console.warn(`Skipped: the CLI checks on real events and Sigma rules need ${corpora}, which is absent.`);

function plainsec(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const work = mkdtempSync(path.join(tmpdir(), 'plainsec-cli-'));
const write = (name: string, text: string): string => {
  const file = path.join(work, name);
  writeFileSync(file, text);
  return file;
};

const consoleLogin = {
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  eventType: 'AwsConsoleSignIn',
  userIdentity: { type: 'IAMUser', userName: 'alice' },
  additionalEventData: { MFAUsed: 'No' },
  responseElements: { ConsoleLogin: 'Success' },
};

describe('the plainsec command', () => {
  it.each([
    [['--help'], /plainsec rules export FILE/],
    [['rules', 'export', '--help'], /--to TARGETS/],
    [['rules', 'test', '--help'], /--events FILE/],
    [['rules', 'import-sigma', '--help'], /Sigma rules for AWS CloudTrail/],
    [['rules', 'validate', '--help'], /plainsecRules: 1/],
    [['test-pattern', '--help'], /Exit code: 0 match, 1 no match, 2 invalid/],
  ])('explains itself with %j', (args, expected) => {
    const r = plainsec(...args);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(expected);
  });

  it('exits 2 with the list of commands when given none or an unknown one', () => {
    expect(plainsec().code).toBe(2);
    const r = plainsec('rules', 'frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command "frobnicate". Use export, test, hunt, describe, import-sigma or validate/);
  });

  it('validates the templates', () => {
    const r = plainsec('rules', 'validate', 'content/rules/starter.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\d+ rule\(s\), all valid/);
  });

  it('says where a YAML file is broken and what to check', () => {
    const r = plainsec('rules', 'validate', write('broken.yaml', 'plainsecRules: 1\nrules:\n  - id: "x\n'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/line \d+, column \d+: this is not valid YAML/);
  });

  it('names the rule and setting that is wrong, and what to write instead', () => {
    const file = write(
      'bad-channel.yaml',
      'plainsecRules: 1\nrules:\n  - id: a-rule\n    title: t\n    means: m\n    whatToDo: w\n    when: { field: eventName, equals: X }\n    urgency: fyi\n    notify: security alerts\n',
    );
    const r = plainsec('rules', 'validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain('rules → rule 1 → notify: write a Slack channel like #security-alerts');
  });

  it('names a misspelt test and lists the ones it knows', () => {
    const file = write(
      'typo.yaml',
      "plainsecRules: 1\nrules:\n  - id: a-rule\n    title: t\n    means: m\n    whatToDo: w\n    when: { field: eventName, equal: X }\n    urgency: fyi\n    notify: '#a'\n",
    );
    const r = plainsec('rules', 'validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain('rules → rule 1 → when: "equal" is not a test; write one of equals, oneOf, startsWith, endsWith, wildcard, exists');
  });

  it('says plainly when a file does not exist', () => {
    const r = plainsec('rules', 'validate', path.join(work, 'nowhere.yaml'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nowhere\.yaml: no such file\. Check the path/);
  });

  it('exports every template to every tool, refusing only what the reviewed list names, with what to do instead', () => {
    const out = path.join(work, 'export-all');
    const files = readdirSync('content/rules').filter((f) => f.endsWith('.yaml')).map((f) => path.join('content/rules', f));
    const r = plainsec('rules', 'export', ...files, '--to', 'all', '--out', out);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['alertmanager', 'athena', 'cloudtrail-lake', 'cloudwatch', 'elastic', 'eventbridge', 'falco', 'sigma', 'splunk']);
    expect(existsSync(path.join(out, 'alertmanager/alertmanager.yml'))).toBe(true);
    const listed = r.out.split('\n').filter((l) => /^  [a-z-]+: [a-z0-9-]+: /.test(l)).map((l) => l.trim());
    // The searches (Athena, CloudTrail Lake) write two queries for every CloudTrail rule they can say, and name the others with a reason.
    const isSearch = (l: string) => l.startsWith('athena: ') || l.startsWith('cloudtrail-lake: ');
    for (const search of ['athena', 'cloudtrail-lake'])
      for (const t of loadTemplates()) {
        const refusal = listed.find((l) => l.startsWith(`${search}: ${t.id}: `));
        if (sourceOf(t) === 'k8s-audit') expect(refusal, t.id).toMatch(/searches CloudTrail records; this rule reads a cluster's audit log/);
        else expect(existsSync(path.join(out, search, `${t.id}.per-day.sql`)), `${search} ${t.id}: ${refusal}`).toBe(refusal === undefined);
      }
    const refused = listed.filter((l) => !isSearch(l));
    // EventBridge refuses each cluster template for the one reason it never sees the audit log.
    const neverSeen = refused.filter((l) => l.startsWith('eventbridge: ') && l.includes("EventBridge never sees a cluster's audit log"));
    expect(neverSeen).toHaveLength(loadTemplates().filter((t) => sourceOf(t) === 'k8s-audit').length);
    expect(refused.filter((l) => !neverSeen.includes(l)).sort()).toEqual(reviewedRefusals.map((x) => `${x.target}: ${x.ruleId}: ${x.reason}`).sort());
    for (const x of reviewedRefusals) expect(r.out).toContain(`    Instead: ${x.instead}`);
  });

  it('exports several rule files together, as `plainsec rules export content/rules/*.yaml` names them', () => {
    const out = path.join(work, 'export-templates');
    const files = readdirSync('content/rules').filter((f) => f.endsWith('.yaml')).map((f) => path.join('content/rules', f));
    expect(files.length).toBeGreaterThan(1);
    const r = plainsec('rules', 'export', ...files, '--to', 'sigma', '--out', out);
    expect(r.code).toBe(0);
    const ids = files.flatMap((f) => ruleSetSchema.parse(parse(readFileSync(f, 'utf8'))).rules.map((x) => x.id));
    // One .yml file for every template, save those the reviewed list says Sigma cannot say, and the README.
    const written = readdirSync(path.join(out, 'sigma'));
    expect(written.filter((f) => f.endsWith('.yml')).length).toBe(ids.length - reviewedRefusals.filter((x) => x.target === 'sigma').length);
    expect(written.filter((f) => !f.endsWith('.yml'))).toEqual(['README.md']);
  });

  it('says after an export which files page on-call and which do not, and why', () => {
    const r = plainsec('rules', 'export', 'content/rules/identity.yaml', '--to', 'sigma,falco,alertmanager', '--pager', 'victorops', '--out', path.join(work, 'paging'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('Who gets woken up, file by file:');
    expect(r.out).toMatch(/\n {2}sigma: Does not page: a Sigma rule says what to detect/);
    expect(r.out).toMatch(/\n {2}falco: Does not page: falcosidekick has no Splunk On-Call output/);
    expect(r.out).toMatch(/\n {2}alertmanager: Pages on-call: yes; the receiver "page" in alertmanager\.yml pages through Splunk On-Call/);
  });

  it('refuses two files that use the same rule id, naming both', () => {
    const r = plainsec('rules', 'export', 'content/rules/starter.yaml', 'content/rules/starter.yaml', '--to', 'sigma', '--out', path.join(work, 'twice'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/content\/rules\/starter\.yaml: the rule id [a-z0-9-]+ is already used in content\/rules\/starter\.yaml/);
  });

  it('refuses an unknown tool name and lists the ones it knows', () => {
    const r = plainsec('rules', 'export', 'content/rules/starter.yaml', '--to', 'qradar', '--out', path.join(work, 'x'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown target "qradar"; write one or more of .*splunk, athena, cloudtrail-lake, or all/);
  });

  it('says which rules fire on which events, and why the others stay quiet', () => {
    const events = write('one.json', JSON.stringify(consoleLogin));
    const r = plainsec('rules', 'test', 'content/rules/identity.yaml', '--events', events);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/FIRES {2}console-sign-in-without-mfa/);
    // A counting rule says what it counts and why no window reached it.
    expect(r.out).toContain('console-sign-in-failed: counts 10 times or more within 15 minutes from the same address; 0 of 1 event(s) match. No window of 15 minutes held 10 matching events from one address.');
    expect(r.out).toContain('the kind of identity that acted was a user with a password or long-lived key (IAMUser), but the rule looks for the root user (Root)');
  });

  it('reads events as one record, a list, or a CloudTrail file with Records', () => {
    for (const [name, data] of [
      ['list.json', [consoleLogin, { ...consoleLogin, additionalEventData: { MFAUsed: 'Yes' } }]],
      ['records.json', { Records: [consoleLogin, { ...consoleLogin, additionalEventData: { MFAUsed: 'Yes' } }] }],
    ] as const) {
      const r = plainsec('rules', 'test', 'content/rules/identity.yaml', '--events', write(name, JSON.stringify(data)));
      expect(r.code, name).toBe(0);
      expect(r.out, name).toMatch(/console-sign-in-without-mfa \(Look today, #security-alerts\) on 1 of 2/);
    }
  });

  it('says plainly where the events are not JSON', () => {
    const r = plainsec('rules', 'test', 'content/rules/identity.yaml', '--events', write('bad.json', '{"eventName": '));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.json: record 1, line 1, column 15: expected a value: .*, but the text ended; is the file cut short\?/);
  });

  it('says where a single event for test-pattern is not JSON', () => {
    const r = plainsec('test-pattern', '--format', 'sigma', '--pattern', write('p.yml', 'x'), '--event', write('bad-one.json', '{\n  "eventName": "A"\n  "x": 1}'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad-one\.json: this is not valid JSON at line 3, column 3: expected a comma or }\. Check for a missing comma, quote or bracket/);
  });

  it('tests one EventBridge pattern against one event offline: 0 match, 1 no match, 2 invalid', () => {
    const pattern = write(
      'pattern.json',
      JSON.stringify({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { eventName: ['ConsoleLogin'], additionalEventData: { MFAUsed: ['No'] } } }),
    );
    const event = write('login.json', JSON.stringify(consoleLogin));
    expect(plainsec('test-pattern', '--format', 'eventbridge', '--pattern', pattern, '--event', event).code).toBe(0);
    const other = write('other.json', JSON.stringify({ ...consoleLogin, additionalEventData: { MFAUsed: 'Yes' } }));
    const noMatch = plainsec('test-pattern', '--format', 'eventbridge', '--pattern', pattern, '--event', other);
    expect([noMatch.code, noMatch.out.trim()]).toEqual([1, 'no match']);
    const invalid = plainsec('test-pattern', '--format', 'eventbridge', '--pattern', write('invalid.json', '{"detail": {"eventName": "ConsoleLogin"}}'), '--event', event);
    expect(invalid.code).toBe(2);
    expect(invalid.err).toMatch(/invalid eventbridge pattern/);
  });

  it('reads an EventBridge event with detail-type but no detail as it is, as TestEventPattern does', () => {
    // A custom event matched on top-level keys: a CloudTrail record never has detail-type, so it is not wrapped.
    const custom = { version: '0', id: '1', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '123456789012', time: '2026-11-30T08:00:00Z', region: 'eu-west-1', resources: [] };
    const pattern = write('time.json', JSON.stringify({ 'detail-type': ['Scheduled Event'], time: [{ prefix: '2026-11-30' }] }));
    expect(plainsec('test-pattern', '--format', 'eventbridge', '--pattern', pattern, '--event', write('custom.json', JSON.stringify(custom))).code).toBe(0);
    const other = write('custom-other.json', JSON.stringify({ ...custom, time: '2026-12-01T08:00:00Z' }));
    expect(plainsec('test-pattern', '--format', 'eventbridge', '--pattern', pattern, '--event', other).code).toBe(1);
  });

  it('tests a CloudWatch filter pattern too', () => {
    const cis3 = write(
      'cis3.txt',
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    );
    expect(plainsec('test-pattern', '--format', 'cloudwatch', '--pattern', cis3, '--event', write('l.json', JSON.stringify(consoleLogin))).code).toBe(0);
  });

  it('asks for a known format', () => {
    const r = plainsec('test-pattern', '--format', 'regex', '--pattern', 'x', '--event', 'y');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--format: eventbridge, cloudwatch, sigma, falco, elastic, splunk/);
  });
});

describe.skipIf(skipWhenMissing(haveCorpora, reasons.corpora))('the plainsec command on real data', () => {
  it('imports the community Sigma rules into a valid rule file, and says why it skipped the rest', () => {
    const files = readdirSync(sigmaDir).map((f) => path.join(sigmaDir, f));
    const out = path.join(work, 'imported.yaml');
    const r = plainsec('rules', 'import-sigma', ...files, '--out', out);
    expect(r.code).toBe(0);
    const imported = ruleSetSchema.safeParse(parse(readFileSync(out, 'utf8')));
    expect(imported.success).toBe(true);
    const skipped = r.err.split('\n').filter((l) => l.startsWith('skipped '));
    expect(imported.success && imported.data.rules.length + skipped.length).toBe(files.length);
    for (const line of skipped) expect(line).toMatch(/^skipped \S+: .{10,}/);
  });

  it('prints the imported rule file when no --out is given', () => {
    const r = plainsec('rules', 'import-sigma', path.join(sigmaDir, 'aws_cloudtrail_disable_logging.yml'));
    expect(r.code).toBe(0);
    expect(ruleSetSchema.parse(parse(r.out)).rules).toHaveLength(1);
  });

  it('finds the console sign-in without MFA in the real detonation log', () => {
    const r = plainsec('rules', 'test', 'content/rules/identity.yaml', '--events', path.join(stratus, 'aws.initial-access.console-login-without-mfa.json'));
    expect(r.out).toMatch(/FIRES {2}console-sign-in-without-mfa/);
  });

  it('round-trips an exported EventBridge pattern through test-pattern on the real event', () => {
    const out = path.join(work, 'export-eb');
    expect(plainsec('rules', 'export', 'content/rules/starter.yaml', '--to', 'eventbridge', '--out', out).code).toBe(0);
    const pattern = path.join(out, 'eventbridge/cloudtrail-stopped-or-deleted.pattern.json');
    expect(plainsec('test-pattern', '--format', 'eventbridge', '--pattern', pattern, '--event', path.join(stratus, 'aws.defense-evasion.cloudtrail-stop.json')).code).toBe(0);
    expect(plainsec('test-pattern', '--format', 'eventbridge', '--pattern', pattern, '--event', path.join(stratus, 'aws.defense-evasion.vpc-remove-flow-logs.json')).code).toBe(1);
  });
});
