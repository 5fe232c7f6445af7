/**
 * `plainsec rules hunt` over a folder laid out as CloudTrail writes to S3, holding every example
 * record of the templates moved to two days in November 2026: each rule's hits and days are
 * exactly the records the rule's own meaning (canonical.ts, count.ts) fires on in the days
 * searched. Every run names its days with --since and --until, or fixes the clock for --days, so
 * nothing depends on today.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { matchesCondition, type CloudTrailEvent } from '../../../../src/lib/rules/canonical.ts';
import { countFirings } from '../../../../src/lib/rules/count.ts';
import { effectiveCondition, type Rule } from '../../../../src/lib/rules/model.ts';
import { sourceOf } from '../../../../src/lib/rules/sources.ts';
import { loadTemplateFiles, templatesDir } from '../support/kit.ts';
import { plainsec } from '../../../support/run-cli.ts';

const account = '111122223333';
const region = 'eu-west-1';
const since = '2026-11-29';
const until = '2026-11-30';
/** Four packs of CloudTrail rules, two of them with counting rules, and the pack for clusters. */
const packs = ['starter.yaml', 'identity.yaml', 'cis-aws-foundations.yaml', 'left-the-door-open.yaml', 'kubernetes.yaml'];
const ruleFiles = (): string[] => packs.map((f) => path.join(templatesDir, f));
const rules: Rule[] = loadTemplateFiles()
  .filter((f) => packs.includes(f.file))
  .flatMap((f) => f.rules);

const work = mkdtempSync(path.join(tmpdir(), 'plainsec-hunt-'));
const logs = path.join(work, 'logs');
/** The records written, with their new times; those in the days searched are `searched`. */
let searched: CloudTrailEvent[] = [];
/** The records in each day's folder (YYYY/MM/DD), as written: a folder may hold another day's records. */
const inFolder = new Map<string, CloudTrailEvent[]>();


/** A CloudTrail log file where S3 keeps it, for the day given (YYYY-MM-DD). */
function logFile(root: string, day: string, name: string, content: Buffer): string {
  const folder = path.join(root, 'AWSLogs', account, 'CloudTrail', region, ...day.split('-'));
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, name);
  writeFileSync(file, content);
  return file;
}

const cloudtrailFile = (records: readonly CloudTrailEvent[]): Buffer => gzipSync(JSON.stringify({ Records: records }));

/** The rules the JSON output lists, by id. */
type HuntJson = {
  rules: { id: string; title: string; hits: number; shown: Record<string, unknown>[]; perDay: Record<string, number> }[];
  refused: { id: string; reason: string }[];
  records: number;
  files: number;
  seconds: number;
};

const day = (e: CloudTrailEvent): string => String(e['eventTime']).slice(0, 10);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('plainsec rules hunt finds what each rule fires on in CloudTrail log files', () => {
  let json: HuntJson;

  beforeAll(async () => {
    // Every example of the templates read, each moved to its own 5-minute slot from 2026-11-29,
    // the records of a counting rule's example kept as far apart as they were.
    const records: CloudTrailEvent[] = [];
    let slot = 0;
    for (const rule of rules.filter((r) => sourceOf(r) === 'cloudtrail')) {
      for (const example of rule.examples ?? []) {
        const events = (example.event ? [example.event] : (example.events ?? [])) as CloudTrailEvent[];
        const first = Date.parse(String(events[0]?.['eventTime'] ?? '2024-01-01T00:00:00Z'));
        const start = Date.parse(`${since}T00:00:00Z`) + slot++ * 5 * 60_000;
        for (const event of events) {
          const offset = Number.isNaN(Date.parse(String(event['eventTime']))) ? 0 : Date.parse(String(event['eventTime'])) - first;
          records.push({ ...event, eventTime: new Date(start + offset).toISOString().replace(/\.\d{3}Z$/, 'Z') });
        }
      }
    }
    // A record the day before and one the day after the days searched: neither is counted.
    const someone = records[0]!;
    const outside = [
      { ...someone, eventTime: '2026-11-28T23:59:59Z' },
      { ...someone, eventTime: '2026-12-02T10:00:00Z' },
    ];
    searched = records.filter((e) => day(e) >= since && day(e) <= until);
    inFolder.set('2026/11/29', records.filter((e) => day(e) === since));
    inFolder.set('2026/11/30', [...records.filter((e) => day(e) === until), outside[0]!]);
    inFolder.set('2026/12/02', [outside[1]!, ...records.filter((e) => day(e) > until)]);
    for (const d of [since, until]) logFile(logs, d, `${account}_CloudTrail_${region}_${d.replace(/-/g, '')}T0000Z_a1.json.gz`, cloudtrailFile(records.filter((e) => day(e) === d)));
    // The folder of a day may hold the last minutes of the day before, as CloudTrail delivers them.
    logFile(logs, until, `${account}_CloudTrail_${region}_${until.replace(/-/g, '')}T0005Z_b2.json.gz`, cloudtrailFile([outside[0]!]));
    logFile(logs, '2026-12-02', `${account}_CloudTrail_${region}_20261202T1000Z_c3.json.gz`, cloudtrailFile([outside[1]!, ...records.filter((e) => day(e) > until)]));
    const result = await plainsec('rules', 'hunt', ...ruleFiles(), '--logs', logs, '--since', since, '--until', until, '--json', '--limit', '100000');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    json = JSON.parse(result.out) as HuntJson;
  }, 120_000);

  it('counts every record in the days searched, and only those', () => {
    expect(json.records).toBe(searched.length);
    expect(json.files).toBe(4);
  });

  it('gives each rule exactly the records its own meaning fires on, with their times', () => {
    const wrong: string[] = [];
    for (const found of json.rules) {
      const rule = rules.find((r) => r.id === found.id)!;
      if (rule.count) continue;
      const expected = searched.filter((e) => matchesCondition(effectiveCondition(rule), e));
      const times = found.shown.map((s) => s['time']).sort();
      if (found.hits !== expected.length || times.join() !== expected.map((e) => e['eventTime']).sort().join())
        wrong.push(`${rule.id}: found ${found.hits}, the rule fires on ${expected.length}`);
    }
    expect(wrong).toEqual([]);
    expect(json.rules.filter((r) => r.hits > 0).length).toBeGreaterThan(20);
  });

  it('searches the rules that read every item of a list, or a field that may hold a list, and finds their examples', () => {
    for (const id of ['security-group-open-to-internet', 'disk-or-image-shared', 'bucket-acl-opened-to-everyone']) {
      const found = json.rules.find((r) => r.id === id);
      expect(found, id).toBeDefined();
      expect(found!.hits, id).toBeGreaterThan(0);
    }
  });

  it('gives a counting rule the windows its own count fires in, each one alert', () => {
    const counting = json.rules.filter((found) => rules.find((r) => r.id === found.id)!.count);
    expect(counting.length).toBeGreaterThan(0);
    for (const found of counting) {
      const rule = rules.find((r) => r.id === found.id)!;
      const expected = countFirings(rule.count!, effectiveCondition(rule), searched).map((f) => `${f.start.replace(/\.\d{3}Z$/, 'Z')} ${f.group ?? ''}`);
      const windows = found.shown.map((w) => `${String(w['windowStart'])} ${String(w['who'] ?? w['sourceIp'] ?? '')}`);
      expect(windows, rule.id).toEqual(expected);
      expect(found.hits).toBe(expected.length);
    }
  });

  it('says how many times each rule would have fired on each day', () => {
    for (const found of json.rules) {
      const rule = rules.find((r) => r.id === found.id)!;
      if (rule.count) continue;
      const expected: Record<string, number> = {};
      for (const e of searched.filter((x) => matchesCondition(effectiveCondition(rule), x))) expected[day(e)] = (expected[day(e)] ?? 0) + 1;
      expect(found.perDay, rule.id).toEqual(expected);
    }
  });

  it('lists the rules it cannot search for, each with the reason in words', () => {
    const k8s = rules.filter((r) => sourceOf(r) === 'k8s-audit');
    expect(k8s.length).toBeGreaterThan(0);
    for (const rule of k8s) expect(json.refused.find((r) => r.id === rule.id)?.reason).toMatch(/audit log/);
    for (const refused of json.refused) expect(refused.reason.length).toBeGreaterThan(20);
    expect(json.rules.length + json.refused.length).toBe(rules.length);
  });

  it('prints one JSON document with the rules, the refused, and what was read', () => {
    expect(Object.keys(json).sort()).toEqual(['files', 'records', 'refused', 'rules', 'seconds']);
    for (const r of json.rules) expect(Object.keys(r).sort()).toEqual(['hits', 'id', 'perDay', 'shown', 'title']);
    const plain = json.rules.find((r) => r.hits > 0 && !rules.find((x) => x.id === r.id)!.count)!;
    expect(Object.keys(plain.shown[0]!).sort()).toEqual(['account', 'region', 'sourceIp', 'time', 'what', 'who']);
    expect(typeof json.seconds).toBe('number');
  });

  it('prints each rule that fired with its count, its days and its first hits, in words', async () => {
    const { code, out } = await plainsec('rules', 'hunt', ruleFiles()[0]!, '--logs', logs, '--since', since, '--until', until, '--limit', '2');
    expect(code).toBe(0);
    const rule = rules.find((r) => r.id === 'server-outside-autoscaling')!;
    const hits = searched.filter((e) => matchesCondition(effectiveCondition(rule), e));
    expect(out).toContain(`FIRED  ${rule.id}: ${rule.title}`);
    expect(out).toMatch(new RegExp(`would have fired ${hits.length === 1 ? 'once' : `${hits.length} times`} from ${since} to ${until}, on \\d days?:`));
    expect(out).toMatch(/Searched [\d,]+ CloudTrail record\(s\) from 2026-11-29 to 2026-11-30 with \d+ rule\(s\), in [\d.]+ s \(4 log file\(s\) found/);
    expect(out).toMatch(/\(the first 2 of \d+; --limit N shows more/);
    expect(out).toContain(`account ${account}`);
  }, 60_000);

  it('shows no more hits than --limit asks for, and still counts them all', async () => {
    const { out } = await plainsec('rules', 'hunt', ruleFiles()[0]!, '--logs', logs, '--since', since, '--until', until, '--json', '--limit', '1');
    const limited = JSON.parse(out) as HuntJson;
    for (const r of limited.rules) {
      expect(r.shown.length).toBeLessThanOrEqual(1);
      expect(r.hits).toBe(json.rules.find((x) => x.id === r.id)!.hits);
    }
  }, 60_000);

  it('with --days N, reads the folders of the last N days by its own clock, as Athena reads them by current_date', async () => {
    // Athena's "last N days" keeps the day folders from N days before today; so does the hunt.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-03T12:00:00Z') });
    try {
      for (const [days, folders] of [
        ['3', ['2026/11/30', '2026/12/02']],
        ['4', ['2026/11/29', '2026/11/30', '2026/12/02']],
      ] as const) {
        const result = await plainsec('rules', 'hunt', path.join(templatesDir, 'starter.yaml'), '--logs', logs, '--days', days, '--json', '--limit', '100000');
        expect(result.code, result.err).toBe(0);
        const found = JSON.parse(result.out) as HuntJson;
        const read = folders.flatMap((f) => inFolder.get(f)!);
        expect(found.records, `--days ${days}`).toBe(read.length);
        for (const r of found.rules) {
          const rule = rules.find((x) => x.id === r.id)!;
          if (!rule.count) expect(r.hits, `${r.id} with --days ${days}`).toBe(read.filter((e) => matchesCondition(effectiveCondition(rule), e)).length);
        }
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('finds the logs from the folder holding AWSLogs, from AWSLogs itself, and from a folder below it', async () => {
    const counts: number[] = [];
    for (const dir of [logs, path.join(logs, 'AWSLogs'), path.join(logs, 'AWSLogs', account, 'CloudTrail', region, '2026', '11')]) {
      const { code, out } = await plainsec('rules', 'hunt', ruleFiles()[0]!, '--logs', dir, '--since', since, '--until', until, '--json');
      expect(code).toBe(0);
      counts.push((JSON.parse(out) as HuntJson).records);
    }
    expect(counts).toEqual([searched.length, searched.length, searched.length]);
  }, 90_000);
});

describe('plainsec rules hunt says plainly what is wrong with the logs it is given', () => {
  const rulesFile = path.join(templatesDir, 'starter.yaml');
  const hunt = (dir: string, ...more: string[]) => plainsec('rules', 'hunt', rulesFile, '--logs', dir, '--since', since, '--until', until, ...more);
  const folder = (name: string): string => {
    const dir = path.join(work, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const login = { eventVersion: '1.09', eventTime: `${until}T08:00:00Z`, eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', awsRegion: region, recipientAccountId: account };

  it('names a folder that is not there', async () => {
    const { code, err } = await hunt(path.join(work, 'nowhere'));
    expect(code).toBe(2);
    expect(err).toMatch(/nowhere: no such folder\. Give the folder you copied the trail's bucket into/);
  });

  it('says when the folder holds no CloudTrail log file, and how to copy them', async () => {
    const { code, err } = await hunt(folder('empty'));
    expect(code).toBe(2);
    expect(err).toMatch(/No CloudTrail log file \(\*\.json\.gz or \*\.json\) in .*empty.*aws s3 sync/);
  });

  it('says when the files are not in the folders CloudTrail writes, which give their day', async () => {
    const dir = folder('flat');
    writeFileSync(path.join(dir, 'records.json.gz'), cloudtrailFile([login]));
    const { code, err } = await hunt(dir);
    expect(code).toBe(2);
    expect(err).toMatch(/none where CloudTrail puts its log files \(AWSLogs\/ACCOUNT\/CloudTrail\/REGION\/YYYY\/MM\/DD\/\), for example .*records\.json\.gz/);
  });

  it('names a gzip file that is cut short, and says to copy it again', async () => {
    const root = folder('cut-short');
    const whole = cloudtrailFile(Array.from({ length: 200 }, (_, i) => ({ ...login, eventID: `id-${i}` })));
    const file = logFile(root, until, 'cut.json.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    const { code, err } = await hunt(root);
    expect(code).toBe(2);
    expect(err).toContain(file);
    expect(err).toMatch(/not a readable gzip file.*Copy it again from the bucket, or move it out of/);
  }, 60_000);

  it('names a gzip file damaged inside, which unpacks to nonsense, as a damaged gzip file', async () => {
    const root = folder('damaged');
    const zipped = cloudtrailFile(Array.from({ length: 2000 }, (_, i) => ({ ...login, eventID: `id-${i}` })));
    for (let i = Math.floor(zipped.length / 2); i < Math.floor(zipped.length / 2) + 100; i++) zipped[i] = zipped[i]! ^ 0x55;
    const file = logFile(root, until, 'damaged.json.gz', zipped);
    const { code, err } = await hunt(root);
    expect(code).toBe(2);
    expect(err).toContain(`${file} is not a readable gzip file: it is cut short or damaged`);
  }, 60_000);

  it('names a file whose JSON is broken, and says to copy it again', async () => {
    const root = folder('broken-json');
    const file = logFile(root, until, 'broken.json.gz', gzipSync('{"Records": [{"eventName": "ConsoleLogin", '));
    const { code, err } = await hunt(root);
    expect(code).toBe(2);
    expect(err).toContain(file);
    expect(err).toMatch(/is not a CloudTrail log file: its JSON is broken.*Copy it again from the bucket, or move it out of/);
  }, 60_000);

  it('asks for the folder of logs when --logs is left out', async () => {
    const { code, err } = await plainsec('rules', 'hunt', rulesFile, '--since', since);
    expect(code).toBe(2);
    expect(err).toMatch(/say where the log files are with --logs DIR/);
  });

  it('asks for a whole number after --limit', async () => {
    const { code, err } = await hunt(logs, '--limit', 'ten');
    expect(code).toBe(2);
    expect(err).toMatch(/give --limit as a whole number, like --limit 50/);
  });

  it('refuses a rule file with only cluster rules, listing why each cannot be searched', async () => {
    const { code, err } = await plainsec('rules', 'hunt', path.join(templatesDir, 'kubernetes.yaml'), '--logs', logs, '--since', since, '--until', until);
    expect(code).toBe(2);
    expect(err).toMatch(/Nothing to search: no rule in .*kubernetes\.yaml can be searched for in CloudTrail logs/);
  });
});
