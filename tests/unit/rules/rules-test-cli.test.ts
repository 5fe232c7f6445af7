import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { streamEvents } from '../../../src/cli/event-stream.ts';
import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { stratusDir } from './support/kit.ts';
import { plainsec } from '../../support/run-cli.ts';

const work = mkdtempSync(path.join(tmpdir(), 'plainsec-rules-test-'));
const write = (name: string, text: string | Buffer): string => {
  const file = path.join(work, name);
  writeFileSync(file, text);
  return file;
};


const stop = { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', eventTime: '2026-11-30T08:00:00Z' };
const deleteTrail = { eventSource: 'cloudtrail.amazonaws.com', eventName: 'DeleteTrail', eventTime: '2026-11-30T08:01:00Z' };
const describeTrails = { eventSource: 'cloudtrail.amazonaws.com', eventName: 'DescribeTrails', eventTime: '2026-11-30T08:02:00Z' };
const events = [describeTrails, stop, deleteTrail, describeTrails];

/** A rule file with one rule; `examples` and `pinned` are YAML written under it. */
function ruleFile(name: string, { expectForList = 'does-not-fire', pinned = '' } = {}): string {
  return write(
    name,
    `plainsecRules: 1
rules:
  - id: trail-stopped
    title: The audit log was stopped or deleted
    means: Nothing is being written down.
    whatToDo: Turn it back on.
    when:
      allOf:
        - { field: eventSource, equals: cloudtrail.amazonaws.com }
        - { field: eventName, oneOf: [StopLogging, DeleteTrail] }
    urgency: wake-me-up
    notify: '#security-alerts'
${pinned}    examples:
      - name: someone stops the trail
        event: ${JSON.stringify(stop)}
        expect: fires
      - name: someone lists the trails
        event: ${JSON.stringify(describeTrails)}
        expect: ${expectForList}
  - id: no-examples-here
    title: A user was created
    means: m
    whatToDo: w
    when: { field: eventName, equals: CreateUser }
    urgency: fyi
    notify: '#security-alerts'
`,
  );
}

describe('plainsec rules test, the examples a rule carries', () => {
  it('exits 0 when every example holds for the rule and every tool, and mentions a rule without examples', async () => {
    const r = await plainsec('rules', 'test', ruleFile('good.yaml'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('ok     trail-stopped: someone stops the trail (fires)');
    expect(r.out).toContain('ok     trail-stopped: someone lists the trails (does-not-fire)');
    expect(r.out).toMatch(/No examples yet: no-examples-here\./);
    expect(r.out).toContain('Every example holds.');
  });

  it('exits 1 naming the rule, the example and what differed when an example expects the wrong result', async () => {
    const r = await plainsec('rules', 'test', ruleFile('wrong.yaml', { expectForList: 'fires' }), '--targets', 'sigma,eventbridge');
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'FAILS  trail-stopped: someone lists the trails: the rule does not fire on it, but the example expects it to; Sigma does not fire on it, but the example expects it to; EventBridge does not fire on it, but the example expects it to',
    );
    expect(r.out).toContain('1 example(s) failed.');
  });

  it('prints the examples and their outcomes as JSON', async () => {
    const r = await plainsec('rules', 'test', ruleFile('json.yaml'), '--targets', 'sigma', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.rules.map((x: { id: string; examples: unknown[] }) => [x.id, x.examples.length])).toEqual([['trail-stopped', 2], ['no-examples-here', 0]]);
    expect(report.rules[0].examples[0]).toMatchObject({ name: 'someone stops the trail', fires: true, ok: true, targets: { sigma: { fires: true } } });
  });
});

describe('plainsec rules test --events, a file of events', () => {
  const expected = {
    events: 4,
    rules: [
      { id: 'trail-stopped', fires: [1, 2], targets: { sigma: { fires: [1, 2] }, falco: { fires: [1, 2] }, alertmanager: { refused: expect.stringMatching(/does not read events/) } } },
      { id: 'no-examples-here', fires: [], targets: { sigma: { fires: [] }, falco: { fires: [] }, alertmanager: { refused: expect.any(String) } } },
    ],
  };
  const envelope = (record: object) => ({ version: '0', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.cloudtrail', detail: record });
  const forms: [string, string | Buffer][] = [
    ['list.json', JSON.stringify(events, null, 2)],
    ['cloudtrail.json', JSON.stringify({ Records: events })],
    ['lines.jsonl', events.map((e) => JSON.stringify(e)).join('\n') + '\n'],
    ['cloudtrail.json.gz', gzipSync(JSON.stringify({ Records: events }))],
    ['eventbridge.json', JSON.stringify(events.map(envelope))],
  ];

  it.each(forms)('gives the same JSON for %s', async (name, content) => {
    const r = await plainsec('rules', 'test', ruleFile(`rules-${name}.yaml`), '--events', write(name, content), '--targets', 'sigma,falco,alertmanager', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(expected);
  });

  it('leaves out targets when none are asked for', async () => {
    const r = await plainsec('rules', 'test', ruleFile('canonical.yaml'), '--events', write('c.json', JSON.stringify(events)), '--json');
    expect(JSON.parse(r.out)).toEqual({ events: 4, rules: [{ id: 'trail-stopped', fires: [1, 2] }, { id: 'no-examples-here', fires: [] }] });
  });

  it('keeps the FIRES and quiet lines with the reasons a rule stayed quiet', async () => {
    const r = await plainsec('rules', 'test', ruleFile('human.yaml'), '--events', write('h.json', JSON.stringify(events)));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/FIRES {2}trail-stopped \(Wake me up, #security-alerts\) on 2 of 4:\n {9}event 2 \(StopLogging at 2026-11-30T08:00:00Z\)\n {9}event 3 \(DeleteTrail/);
    expect(r.out).toContain('quiet  no-examples-here: fires on none of the 4 event(s). It wants: someone creates a user (CreateUser)');
    expect(r.out).toContain('event 1 (DescribeTrails at 2026-11-30T08:02:00Z): someone made another call (DescribeTrails), but the rule looks for this: someone creates a user (CreateUser)');
  });

  it('reports a tool that disagrees with the rule, by event, and exits 1', async () => {
    // A pinned CloudWatch filter is used as written; one left behind when the rule changed is a
    // real way for a tool to disagree with its rule.
    const pinned = `    pinned:\n      cloudwatch: '{ ($.eventSource = "cloudtrail.amazonaws.com") && ($.eventName = "StopLogging") }'\n`;
    const file = ruleFile('pinned.yaml', { pinned });
    const r = await plainsec('rules', 'test', file, '--events', write('p.json', JSON.stringify(events)), '--targets', 'cloudwatch,sigma');
    expect(r.code).toBe(1);
    expect(r.out).toContain('DISAGREES  trail-stopped cloudwatch on 1 of 4 event(s):\n         event 3 (DeleteTrail at 2026-11-30T08:01:00Z): the rule fires on it, but CloudWatch does not');
    expect(r.out).not.toMatch(/DISAGREES {2}trail-stopped sigma/);
    const asJson = await plainsec('rules', 'test', file, '--events', write('p.json', JSON.stringify(events)), '--targets', 'cloudwatch', '--json');
    expect(asJson.code).toBe(1);
    expect(JSON.parse(asJson.out).rules[0].targets.cloudwatch).toEqual({ fires: [1] });
    expect(asJson.err).toContain('DISAGREES  trail-stopped cloudwatch: event 3 (DeleteTrail at 2026-11-30T08:01:00Z): the rule fires on it, but CloudWatch does not');
  });

  it('exits 1 with --events too when an example fails', async () => {
    const r = await plainsec('rules', 'test', ruleFile('wrong-events.yaml', { expectForList: 'fires' }), '--events', write('w.json', JSON.stringify(events)), '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).events).toBe(4);
    expect(r.err).toMatch(/FAILS {2}trail-stopped: someone lists the trails: the rule does not fire on it/);
  });

  it.each([
    ['a missing comma between fields', '[\n  {"eventName": "A",\n   "x": 1\n   "y": 2}\n]', 'record 1, line 4, column 4: expected a comma or }'],
    ['a missing comma between records', '[{"eventName": "A"}\n {"eventName": "B"}]', 'line 2, column 2: expected a comma or ] after record 1'],
    ['a record cut short', '{"Records": [{"eventName": "A"}, {"eventName": "B", "x": [1, 2}]}', 'record 2, line 1, column 63: expected a comma or ]'],
    ['a broken JSON line', '{"eventName": "A"}\n{"eventName": "B",}\n', 'record 2, line 2, column 19: expected a field name in double quotes'],
    ['a list item that is not a record', '[{"eventName": "A"}, "B"]', 'line 1, column 22: record 2 is not a JSON object'],
    ['a file cut short', '{"Records": [{"eventName": "A"}, {"eventName": "B"', 'record 2, line 1, column 51: expected a comma or }, but the text ended; is the file cut short?'],
    ['text that is not JSON', 'eventName=StopLogging', 'line 1, column 1: expected CloudTrail records'],
  ])('exits 2 saying where the events break, for %s', async (_, text, message) => {
    const file = write('broken.json', text);
    const r = await plainsec('rules', 'test', ruleFile('b.yaml'), '--events', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}: ${message}`);
  });

  it('says plainly when the events file is missing or a gzip file is damaged', async () => {
    const missing = await plainsec('rules', 'test', ruleFile('m.yaml'), '--events', path.join(work, 'nowhere.json'));
    expect([missing.code, missing.err]).toEqual([2, expect.stringContaining('nowhere.json: no such file. Check the path')]);
    const gz = gzipSync(JSON.stringify({ Records: events }));
    const damaged = await plainsec('rules', 'test', ruleFile('d.yaml'), '--events', write('cut.json.gz', gz.subarray(0, gz.length - 12)));
    expect(damaged.code).toBe(2);
    expect(damaged.err).toMatch(/cut\.json\.gz: the gzip file is damaged or cut short/);
  });

  it('reads records that straddle the chunks a large file is read in, with quotes, braces and escapes inside text', async () => {
    const tricky = Array.from({ length: 3000 }, (_, i) => ({
      eventName: `Call${i}`,
      requestParameters: { policy: `{"Statement": [{"Effect": "Allow", "Resource": "arn:aws:s3:::b-${i}/*"}]}`, note: 'a "quoted" \\ } ] text, one " alone { — ünïcode ✓' },
    }));
    const file = write('tricky.json', JSON.stringify({ Records: tricky }));
    expect(readFileSync(file).length).toBeGreaterThan(3 * 65536);
    const read = [];
    for await (const e of streamEvents(file)) read.push(e);
    expect(read).toEqual(tricky);
  });
});

describe('plainsec test-pattern --events', () => {
  const pattern = () => write('pattern.json', JSON.stringify({ source: ['aws.cloudtrail'], detail: { eventName: ['StopLogging', 'DeleteTrail'] } }));

  it('prints one line per event, its number from 0 and whether it matched', async () => {
    const r = await plainsec('test-pattern', '--format', 'eventbridge', '--pattern', pattern(), '--events', write('tp.jsonl', events.map((e) => JSON.stringify(e)).join('\n')));
    expect(r.code).toBe(0);
    expect(r.out).toBe('0\tno match\n1\tmatch\n2\tmatch\n3\tno match\n');
  });

  it('exits 2 on an invalid pattern or broken events', async () => {
    const bad = await plainsec('test-pattern', '--format', 'eventbridge', '--pattern', write('bad-pattern.json', '{"detail": {"eventName": "StopLogging"}}'), '--events', write('e.json', JSON.stringify(events)));
    expect([bad.code, bad.out]).toEqual([2, '']);
    expect(bad.err).toMatch(/invalid eventbridge pattern/);
    const broken = await plainsec('test-pattern', '--format', 'eventbridge', '--pattern', pattern(), '--events', write('e2.json', '[{"eventName": "A"} {"eventName": "B"}]'));
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('line 1, column 21: expected a comma or ] after record 1');
  });

  it('asks for --event or --events, not both', async () => {
    const r = await plainsec('test-pattern', '--format', 'sigma', '--pattern', 'p', '--event', 'a', '--events', 'b');
    expect(r.code).toBe(2);
    expect(r.err).toContain('give either one event with --event FILE or many with --events FILE');
  });
});

describe.skipIf(skipWhenMissing(existsSync(stratusDir), reasons.corpora))('plainsec rules test on real detonation logs', () => {
  it('finds the stopped trail in the real record, and every tool agrees', async () => {
    const r = await plainsec('rules', 'test', 'content/rules/starter.yaml', '--events', path.join(stratusDir, 'aws.defense-evasion.cloudtrail-stop.json'), '--targets', 'all', '--json');
    expect(r.code).toBe(0);
    const stopped = JSON.parse(r.out).rules.find((x: { id: string }) => x.id === 'cloudtrail-stopped-or-deleted');
    expect(stopped.fires).toEqual([0]);
    expect(stopped.targets.sigma).toEqual({ fires: [0] });
    expect(stopped.targets.eventbridge).toEqual({ fires: [0] });
  });
});

describe('plainsec rules test on a rule that counts', () => {
  const read = (user: string, second: number) => ({
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'GetSecretValue',
    eventTime: `2026-11-30T08:04:${String(second).padStart(2, '0')}Z`,
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/${user}` },
    sourceIPAddress: '203.0.113.10',
  });
  const file = () =>
    write(
      'counting.yaml',
      `plainsecRules: 1
rules:
  - id: secrets-read-in-a-burst
    title: Many secrets were read
    means: One person read many secrets.
    whatToDo: Ask them why.
    when:
      allOf:
        - { field: eventSource, equals: secretsmanager.amazonaws.com }
        - { field: eventName, equals: GetSecretValue }
    count: { atLeast: 3, withinMinutes: 5, by: who }
    urgency: look-today
    notify: '#security-alerts'
    examples:
      - name: three reads by one person
        expect: fires
        events: ${JSON.stringify([read('alice', 1), read('alice', 2), read('alice', 3)])}
      - name: three reads by three people
        expect: does-not-fire
        events: ${JSON.stringify([read('alice', 1), read('bob', 2), read('carol', 3)])}
`,
    );

  it('checks a burst example against the rule and every tool that can count', async () => {
    const { code, out } = await plainsec('rules', 'test', file());
    expect(out).toContain('ok     secrets-read-in-a-burst: three reads by one person (fires)');
    expect(out).toContain('ok     secrets-read-in-a-burst: three reads by three people (does-not-fire)');
    expect(code).toBe(0);
  });

  it('says which windows fired, by whom, over a file of events, and that each counting tool agrees', async () => {
    const events = write('burst.json', JSON.stringify([read('alice', 1), read('bob', 2), read('alice', 3), read('alice', 59), read('bob', 4)]));
    const { code, out } = await plainsec('rules', 'test', file(), '--events', events, '--targets', 'sigma,splunk,elastic,eventbridge');
    expect(out).toContain(
      'FIRES  secrets-read-in-a-burst (Look today, #security-alerts): counts 3 times or more within 5 minutes by the same person or role; 5 of 5 event(s) match. Fires in 1 window(s): 3 at 2026-11-30T08:00:00.000Z by arn:aws:iam::111122223333:user/alice.',
    );
    // Counted per person, which CloudWatch cannot do, so EventBridge points to the tools that can.
    expect(out).toContain('eventbridge was not checked: EventBridge cannot count events; use the Sigma, Elastic or Splunk file, or the per-event rule (remove the count)');
    expect(out).not.toContain('DISAGREES');
    expect(code).toBe(0);
    const json = JSON.parse((await plainsec('rules', 'test', file(), '--events', events, '--json')).out);
    expect(json.rules[0].windows).toEqual([{ start: '2026-11-30T08:00:00.000Z', group: 'arn:aws:iam::111122223333:user/alice', events: [0, 2, 3] }]);
  });
});
