/**
 * The alert path, end to end, on a real Alertmanager (Debian's prometheus-alertmanager).
 *
 * Each test starts `alertmanager` on 127.0.0.1 (a free port, loopback only) with the exported
 * configuration, pointing the chat and paging receivers at a small HTTP receiver this test runs on
 * 127.0.0.1. Only the secret files, the receivers' API addresses and the timing values
 * (group_wait, group_interval) are changed; a test checks that nothing else is. Alerts are posted
 * exactly as falcosidekick would send them for our Falco rules (labels from
 * falcosidekick's outputs/alertmanager.go), or with `alertname` and `urgency` as other sources do.
 * Every process and server is stopped when the tests end.
 * It runs with the browser tests (Playwright), the project's end-to-end tests, though it opens no
 * page: like them it starts real programs and servers, which unit tests do not.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { parse, stringify } from 'yaml';
import { checkAnnouncement, type AlertChoice } from '../../src/lib/announce/announcement.ts';
import { amtoolCommand } from '../../src/lib/announce/amtool.ts';
import { alertChoices } from '../../src/lib/announce/catalogue.ts';
import { silencesFor } from '../../src/lib/announce/silence.ts';
import { utcToZoned } from '../../src/lib/announce/time.ts';
import { exportAlertmanager, msteamsWebhookFile } from '../../src/lib/rules/exporters/alertmanager.ts';
import { exportFalco } from '../../src/lib/rules/exporters/falco.ts';
import { ruleSetSchema, type Rule, type RuleSet, type WorkingHours } from '../../src/lib/rules/model.ts';

const binary = ['/usr/bin/prometheus-alertmanager', '/usr/bin/alertmanager', '/usr/local/bin/alertmanager'].find((p) => existsSync(p));
const amtool = ['/usr/bin/amtool', '/usr/local/bin/amtool'].find((p) => existsSync(p));
if (!binary || !amtool)
  console.warn('Skipped: the end-to-end Alertmanager tests need alertmanager and amtool (Debian package prometheus-alertmanager), which are absent.');

// ------------------------------------------------------------------ the templates, as one rule set

function templates(): RuleSet {
  const dir = path.resolve(process.cwd(), 'content/rules');
  const rules = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => ruleSetSchema.parse(parse(readFileSync(path.join(dir, f), 'utf8'))).rules);
  return { plainsecRules: 1, rules };
}

interface FalcoEntry {
  rule: string;
  output: string;
  priority: string;
  tags: string[];
}

/** The Falco rules file our export writes, entry by Plainsec rule id. */
function falcoEntries(set: RuleSet): Map<string, FalcoEntry> {
  const file = exportFalco(set).files[0]!;
  const entries = (parse(file.content) as Record<string, unknown>[]).filter((e): e is FalcoEntry & Record<string, unknown> => 'rule' in e);
  const byId = new Map<string, FalcoEntry>();
  for (const e of entries) byId.set(/\(rule=([a-z0-9-]+) /.exec(e.output)![1]!, e);
  return byId;
}

// ------------------------------------------------------------------ alerts as their sources send them

type PostedAlert = { labels: Record<string, string>; annotations: Record<string, string>; endsAt?: string };

/** falcosidekick's label-name clean-up: anything but [a-zA-Z0-9_] becomes _, runs of _ collapse, no _ at the ends. */
function falcosidekickLabel(field: string): string {
  return field.replace(/[^a-zA-Z0-9_]/g, '_').replace(/__/g, '_').replace(/_+$/, '').replace(/^_+/, '');
}

const falcoSeverity: Record<string, string> = { Critical: 'critical', Warning: 'warning', Notice: 'information' };
const capitalised = (p: string) => p.charAt(0) + p.slice(1).toLowerCase();

/**
 * The alert falcosidekick posts to /api/v2/alerts when Falco fires this rule. `marker` is the user
 * in the CloudTrail record, so each delivery can be traced back to the alert that caused it.
 */
function falcosidekickAlert(entry: FalcoEntry, marker: string, priority = capitalised(entry.priority)): PostedAlert {
  const values: Record<string, string> = {
    'ct.user': marker,
    'ct.user.identitytype': 'IAMUser',
    'ct.srcip': '203.0.113.7',
    'ct.region': 'eu-west-1',
    'ct.name': 'RunInstances',
    'ct.src': 'ec2.amazonaws.com',
    'ct.error': '<NA>',
  };
  const fields = [...entry.output.matchAll(/%([a-z.]+)/g)].map((m) => m[1]!);
  const output = `12:00:00.000000000: ${capitalised(entry.priority)} ${entry.output.replace(/%([a-z.]+)/g, (_m, f: string) => values[f] ?? '<NA>')}`;
  const labels: Record<string, string> = {};
  for (const f of fields) labels[falcosidekickLabel(f)] = values[f] ?? '<NA>';
  Object.assign(labels, {
    source: 'falco',
    rule: entry.rule,
    eventsource: 'aws_cloudtrail',
    hostname: 'falco-0',
    tags: [...entry.tags].sort().join(','),
    priority,
    severity: falcoSeverity[priority]!,
  });
  // falcosidekick always sends endsAt; the zero time means "not set" to Alertmanager.
  return { labels, annotations: { info: output, description: output, summary: entry.rule }, endsAt: '0001-01-01T00:00:00Z' };
}

/** The alert another source (a Prometheus rule, a Lambda behind EventBridge) sends, labelled as our README asks. */
function labelledAlert(rule: Rule, marker: string, urgency: string = rule.urgency): PostedAlert {
  return {
    labels: { alertname: rule.id, urgency },
    annotations: { summary: rule.title, description: `user=${marker}` },
  };
}

// ------------------------------------------------------------------ the local HTTP receiver

interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, any>;
  raw: string;
}

class LocalReceiver {
  deliveries: Delivery[] = [];
  private server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      let body: Record<string, any> = {};
      try {
        body = JSON.parse(raw);
      } catch {
        // Kept as raw text; the shape checks will fail on it.
      }
      this.deliveries.push({ path: req.url ?? '', headers: req.headers, body, raw });
      res.writeHead(req.url?.startsWith('/pagerduty') ? 202 : 200, { 'content-type': 'application/json' });
      res.end(req.url?.startsWith('/slack') || req.url?.startsWith('/mattermost') ? 'ok' : '{"result":"success","status":"success"}');
    });
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('the receiver has no port');
    this.url = `http://127.0.0.1:${address.port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Which receivers got an alert carrying this marker: `pager`, or `chat:<channel>`. */
  whoGot(marker: string): string[] {
    const who = new Set<string>();
    for (const d of this.deliveries) {
      if (!d.raw.includes(marker)) continue;
      if (d.path.startsWith('/slack') || d.path.startsWith('/mattermost')) who.add(`chat:${String(d.body['channel']).replace(/^#?/, '#')}`);
      else who.add('pager');
    }
    return [...who].sort();
  }
}

// ------------------------------------------------------------------ running Alertmanager

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

const timingKeys = new Set(['group_wait', 'group_interval']);
const pointedKeys = new Set(['api_url_file', 'routing_key_file', 'api_key_file', 'url', 'api_url']);

/**
 * The exported configuration, with its secrets in local files, the receivers' API addresses on
 * the local receiver, and the waits shortened; nothing else changes.
 */
function pointAtLocalReceiver(configText: string, receiverUrl: string, dir: string): Record<string, any> {
  const config = parse(configText) as Record<string, any>;
  const secret = (name: string, value: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, value);
    return file;
  };
  for (const receiver of config['receivers'] as Record<string, any>[]) {
    for (const c of receiver['slack_configs'] ?? [])
      c.api_url_file = secret(`${receiver.name}-url`, `${receiverUrl}/${receiver.name.startsWith('mattermost') ? 'mattermost' : 'slack'}/${receiver.name}`);
    for (const c of receiver['pagerduty_configs'] ?? []) {
      c.routing_key_file = secret('pagerduty-key', 'test-routing-key');
      c.url = `${receiverUrl}/pagerduty/v2/enqueue`;
    }
    for (const c of receiver['opsgenie_configs'] ?? []) {
      c.api_key_file = secret('opsgenie-key', 'test-opsgenie-key');
      c.api_url = `${receiverUrl}/opsgenie/`;
    }
    for (const c of receiver['victorops_configs'] ?? []) {
      c.api_key_file = secret('victorops-key', 'test-victorops-key');
      c.api_url = `${receiverUrl}/victorops/`;
    }
  }
  const shorten = (route: Record<string, any>) => {
    for (const key of timingKeys) if (key in route) route[key] = '1s';
    for (const child of route['routes'] ?? []) shorten(child);
  };
  shorten(config['route']);
  return config;
}

/** A config with the keys the test may change taken out, to compare with the export. */
function withoutPointedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPointedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !timingKeys.has(k) && !pointedKeys.has(k))
      .map(([k, v]) => [k, withoutPointedKeys(v)]),
  );
}

interface RunningAlertmanager {
  url: string;
  receiver: LocalReceiver;
  post(alerts: PostedAlert[]): Promise<void>;
  stop(): Promise<void>;
}

const running: RunningAlertmanager[] = [];

async function startAlertmanager(configText: string): Promise<RunningAlertmanager> {
  const receiver = new LocalReceiver();
  await receiver.start();
  const dir = mkdtempSync(path.join(tmpdir(), 'plainsec-am-e2e-'));
  const config = pointAtLocalReceiver(configText, receiver.url, dir);
  const configFile = path.join(dir, 'alertmanager.yml');
  writeFileSync(configFile, stringify(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(
    binary!,
    [
      `--config.file=${configFile}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // An empty cluster address turns clustering off: no gossip port, no other address.
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited: ${log}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`alertmanager did not start: ${log}`);
    }
    await sleep(100);
  }
  const am: RunningAlertmanager = {
    url,
    receiver,
    async post(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
      if (!res.ok) throw new Error(`posting alerts failed: ${res.status} ${await res.text()}`);
    },
    stop,
  };
  running.push(am);
  return am;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Alertmanager decides working hours and silences by its own clock, which need not be this
 * process's: under `faketime` Node's clock moves while Go reads the kernel's. Times the tests
 * hand to Alertmanager are taken from its clock: the offset is read once from a throwaway
 * Alertmanager's start time (`/api/v2/status`, `uptime`), good to about a second.
 */
let alertmanagerOffsetMs = 0;
const alertmanagerNow = () => Date.now() + alertmanagerOffsetMs;

test.beforeAll(async () => {
  if (!binary) return;
  const am = await startAlertmanager(stringify({ route: { receiver: 'none' }, receivers: [{ name: 'none' }] }));
  const startedHere = Date.now();
  const status = (await (await fetch(`${am.url}/api/v2/status`)).json()) as { uptime: string };
  alertmanagerOffsetMs = Date.parse(status.uptime) - startedHere;
  await am.stop();
  running.splice(running.indexOf(am), 1);
});

/** Waits until every marker has reached the expected receivers, then a little longer for anything unexpected. */
async function settle(am: RunningAlertmanager, expected: Record<string, string[]>): Promise<void> {
  const deadline = Date.now() + 20_000;
  const done = () => Object.entries(expected).every(([marker, who]) => who.every((w) => am.receiver.whoGot(marker).includes(w)));
  while (!done() && Date.now() < deadline) await sleep(100);
  // group_wait and group_interval are 1s: anything else that was going to arrive has by now.
  await sleep(3_000);
}

test.afterEach(async () => {
  while (running.length > 0) await running.pop()!.stop();
});
test.afterAll(async () => {
  while (running.length > 0) await running.pop()!.stop();
});

// ------------------------------------------------------------------ the tests

const set = templates();
const falco = falcoEntries(set);
const falcoRules = set.rules.filter((r) => falco.has(r.id));
const configOf = (rules: RuleSet) => exportAlertmanager(rules).files.find((f) => f.path.endsWith('alertmanager.yml'))!.content;
const expectedFor = (rule: Rule) => (rule.urgency === 'wake-me-up' ? ['chat:' + rule.notify, 'pager'] : ['chat:' + rule.notify]);

test.describe('the exported Alertmanager config, running on a real Alertmanager', () => {
  test.skip(!binary || !amtool, "needs Debian's prometheus-alertmanager (alertmanager and amtool)");
  test('is changed by the test only in secrets, receiver addresses and waits', () => {
    const text = configOf(set);
    const pointed = pointAtLocalReceiver(text, 'http://127.0.0.1:1', mkdtempSync(path.join(tmpdir(), 'plainsec-am-cmp-')));
    expect(withoutPointedKeys(pointed)).toEqual(withoutPointedKeys(parse(text)));
  });

  test('sends each template Falco rule, as falcosidekick delivers it, to the receivers its urgency promises', async () => {
    expect(falcoRules.map((r) => r.urgency)).toEqual(expect.arrayContaining(['wake-me-up', 'look-today', 'fyi']));
    const am = await startAlertmanager(configOf(set));
    const expected: Record<string, string[]> = {};
    const alerts = falcoRules.map((rule, i) => {
      const marker = `probe-falco-${i}-end`;
      expected[marker] = expectedFor(rule);
      return falcosidekickAlert(falco.get(rule.id)!, marker);
    });
    await am.post(alerts);
    await settle(am, expected);
    const got = Object.fromEntries(Object.keys(expected).map((m) => [m, am.receiver.whoGot(m)]));
    expect(got).toEqual(expected);
  });

  test('still routes alerts that carry alertname and urgency the same way', async () => {
    const am = await startAlertmanager(configOf(set));
    const expected: Record<string, string[]> = {};
    const alerts = set.rules.map((rule, i) => {
      const marker = `probe-labelled-${i}-end`;
      expected[marker] = expectedFor(rule);
      return labelledAlert(rule, marker);
    });
    await am.post(alerts);
    await settle(am, expected);
    expect(Object.fromEntries(Object.keys(expected).map((m) => [m, am.receiver.whoGot(m)]))).toEqual(expected);
  });

  test('keeps the same rule quiet at lower urgency while its wake-me-up alert fires, for both alert shapes', async () => {
    const rule = falcoRules.find((r) => r.urgency === 'wake-me-up')!;
    const other = falcoRules.find((r) => r.urgency === 'look-today')!;
    const am = await startAlertmanager(configOf(set));
    await am.post([falcosidekickAlert(falco.get(rule.id)!, 'probe-loud-falco-end'), labelledAlert(rule, 'probe-loud-labelled-end')]);
    await sleep(300);
    await am.post([
      falcosidekickAlert(falco.get(rule.id)!, 'probe-quiet-falco-end', 'Warning'),
      labelledAlert(rule, 'probe-quiet-labelled-end', 'look-today'),
      // Another rule's look-today alert is not muted.
      falcosidekickAlert(falco.get(other.id)!, 'probe-other-end'),
    ]);
    await settle(am, { 'probe-loud-falco-end': ['pager'], 'probe-loud-labelled-end': ['pager'], 'probe-other-end': ['chat:' + other.notify] });
    expect(am.receiver.whoGot('probe-loud-falco-end')).toEqual(['chat:' + rule.notify, 'pager']);
    expect(am.receiver.whoGot('probe-quiet-falco-end')).toEqual([]);
    expect(am.receiver.whoGot('probe-quiet-labelled-end')).toEqual([]);
    expect(am.receiver.whoGot('probe-other-end')).toEqual(['chat:' + other.notify]);
  });

  test.describe('odd hours', () => {
    const zone = 'Europe/London';
    /** Every day, from `from` hours to `to` hours after now, on a London clock. */
    const hoursAround = (from: number, to: number): WorkingHours => ({
      timeZone: zone,
      days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
      start: utcToZoned(new Date(alertmanagerNow() + from * 3_600_000), zone).time,
      end: utcToZoned(new Date(alertmanagerNow() + to * 3_600_000), zone).time,
    });
    const lookToday = falcoRules.find((r) => r.urgency === 'look-today')!;
    const fyi = falcoRules.find((r) => r.urgency === 'fyi')!;
    const withHours = (hours: WorkingHours): RuleSet => ({
      plainsecRules: 1,
      rules: set.rules.map((r) => (r.id === lookToday.id || r.id === fyi.id ? { ...r, workingHours: hours } : r)),
    });

    async function deliveries(hours: WorkingHours) {
      const rules = withHours(hours);
      const entries = falcoEntries(rules);
      const am = await startAlertmanager(configOf(rules));
      const sentinel = falcoRules.find((r) => r.urgency === 'wake-me-up')!;
      await am.post([
        falcosidekickAlert(entries.get(lookToday.id)!, 'probe-look-falco-end'),
        labelledAlert(lookToday, 'probe-look-labelled-end'),
        falcosidekickAlert(entries.get(fyi.id)!, 'probe-fyi-falco-end'),
        labelledAlert(fyi, 'probe-fyi-labelled-end'),
        falcosidekickAlert(entries.get(sentinel.id)!, 'probe-sentinel-end'),
      ]);
      await settle(am, { 'probe-sentinel-end': ['pager'], 'probe-look-falco-end': ['chat:' + lookToday.notify] });
      const who = (m: string) => am.receiver.whoGot(m);
      return { lookFalco: who('probe-look-falco-end'), lookLabelled: who('probe-look-labelled-end'), fyiFalco: who('probe-fyi-falco-end'), fyiLabelled: who('probe-fyi-labelled-end') };
    }

    test('inside working hours: a look-today alert posts in chat without paging, and a just-so-you-know alert posts', async () => {
      const got = await deliveries(hoursAround(-2, 2));
      expect(got).toEqual({
        lookFalco: ['chat:' + lookToday.notify],
        lookLabelled: ['chat:' + lookToday.notify],
        fyiFalco: ['chat:' + fyi.notify],
        fyiLabelled: ['chat:' + fyi.notify],
      });
    });

    test('outside working hours: a look-today alert also pages, and a just-so-you-know alert waits', async () => {
      const got = await deliveries(hoursAround(2, 4));
      expect(got).toEqual({
        lookFalco: ['chat:' + lookToday.notify, 'pager'],
        lookLabelled: ['chat:' + lookToday.notify, 'pager'],
        fyiFalco: [],
        fyiLabelled: [],
      });
    });
  });

  test.describe('every receiver kind Debian’s Alertmanager 0.25 can load', () => {
    const wake = falcoRules.find((r) => r.urgency === 'wake-me-up')!;
    const deliver = async (alerting: RuleSet['alerting']) => {
      const rules: RuleSet = { ...set, alerting };
      const am = await startAlertmanager(configOf(rules));
      await am.post([falcosidekickAlert(falcoEntries(rules).get(wake.id)!, 'probe-kind-end')]);
      await settle(am, { 'probe-kind-end': ['chat:' + wake.notify, 'pager'] });
      return am.receiver.deliveries.filter((d) => d.raw.includes('probe-kind-end'));
    };

    test('Slack and PagerDuty: an incoming-webhook message and an Events API v2 trigger', async () => {
      const got = await deliver({ chat: 'slack', pager: 'pagerduty' });
      const slack = got.find((d) => d.path.startsWith('/slack'))!;
      expect(slack.body).toMatchObject({ channel: wake.notify, attachments: [expect.objectContaining({ title: expect.stringContaining(wake.title), text: expect.any(String), fallback: expect.any(String) })] });
      const pd = got.find((d) => d.path.startsWith('/pagerduty'))!;
      expect(pd.path).toBe('/pagerduty/v2/enqueue');
      expect(pd.body).toMatchObject({
        routing_key: 'test-routing-key',
        event_action: 'trigger',
        dedup_key: expect.any(String),
        payload: { summary: expect.any(String), source: expect.any(String), severity: expect.stringMatching(/^(critical|error|warning|info)$/) },
      });
    });

    test('Mattermost and Opsgenie: a Slack-shaped message naming the channel without # and an Opsgenie alert for the team', async () => {
      const got = await deliver({ chat: 'mattermost', pager: 'opsgenie', opsgenieTeam: 'Platform' });
      const mm = got.find((d) => d.path.startsWith('/mattermost'))!;
      expect(mm.body).toMatchObject({ channel: wake.notify.replace(/^#/, ''), attachments: [expect.objectContaining({ title: expect.stringContaining(wake.title) })] });
      const og = got.find((d) => d.path.startsWith('/opsgenie'))!;
      expect(og.path).toBe('/opsgenie/v2/alerts');
      expect(og.headers['authorization']).toBe('GenieKey test-opsgenie-key');
      expect(og.body).toMatchObject({ message: expect.stringContaining(wake.title), alias: expect.any(String), priority: 'P1', responders: [{ name: 'Platform', type: 'team' }] });
      expect(og.body['message'].length).toBeLessThanOrEqual(130);
    });

    test('Splunk On-Call (VictorOps): a REST alert on the routing key', async () => {
      const got = await deliver({ chat: 'slack', pager: 'victorops', victoropsRoutingKey: 'platform' });
      const vo = got.find((d) => d.path.startsWith('/victorops'))!;
      expect(vo.path).toBe('/victorops/test-victorops-key/platform');
      expect(vo.body).toMatchObject({ message_type: 'CRITICAL', entity_id: expect.any(String), entity_display_name: expect.stringContaining(wake.title), state_message: expect.any(String), monitoring_tool: expect.any(String) });
    });
  });

  test.describe('an announced change', () => {
    const chosen = [falcoRules.find((r) => r.urgency === 'wake-me-up')!, falcoRules.find((r) => r.urgency === 'look-today')!];
    const unchosen = falcoRules.find((r) => !chosen.includes(r) && r.urgency === 'wake-me-up')!;
    const catalogue: AlertChoice[] = alertChoices(set, 'templates');
    const zone = 'Europe/London';

    function announcement(fromHours: number, toHours: number) {
      const start = utcToZoned(new Date(alertmanagerNow() + fromHours * 3_600_000), zone);
      const end = utcToZoned(new Date(alertmanagerNow() + toHours * 3_600_000), zone);
      const checked = checkAnnouncement(
        {
          what: `Upgrade "payments" $(reboot) \`now\`\nsecond line`,
          who: "Ana O'Brien",
          startDate: start.date,
          startTime: start.time,
          endDate: end.date,
          endTime: end.time,
          timeZone: zone,
          alerts: chosen.map((r) => r.id),
          alertmanagerUrl: 'http://127.0.0.1:1',
        },
        catalogue,
      );
      if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
      return checked.announcement;
    }

    async function fireEverything(am: RunningAlertmanager) {
      await am.post([
        ...chosen.map((r, i) => falcosidekickAlert(falco.get(r.id)!, `probe-chosen-falco-${i}-end`)),
        ...chosen.map((r, i) => labelledAlert(r, `probe-chosen-labelled-${i}-end`)),
        falcosidekickAlert(falco.get(unchosen.id)!, 'probe-unchosen-falco-end'),
        labelledAlert(unchosen, 'probe-unchosen-labelled-end'),
      ]);
      await settle(am, { 'probe-unchosen-falco-end': ['pager'], 'probe-unchosen-labelled-end': ['pager'] });
      const markers = ['probe-chosen-falco-0-end', 'probe-chosen-falco-1-end', 'probe-chosen-labelled-0-end', 'probe-chosen-labelled-1-end', 'probe-unchosen-falco-end', 'probe-unchosen-labelled-end'];
      return Object.fromEntries(markers.map((m) => [m, am.receiver.whoGot(m)]));
    }

    const mutedChosen = {
      'probe-chosen-falco-0-end': [],
      'probe-chosen-falco-1-end': [],
      'probe-chosen-labelled-0-end': [],
      'probe-chosen-labelled-1-end': [],
      'probe-unchosen-falco-end': ['chat:' + unchosen.notify, 'pager'],
      'probe-unchosen-labelled-end': ['chat:' + unchosen.notify, 'pager'],
    };

    test('posted through the API, its silences mute exactly the chosen alerts inside the window', async () => {
      const am = await startAlertmanager(configOf(set));
      const a = announcement(-0.05, 2);
      for (const { silence } of silencesFor(a)) {
        const res = await fetch(`${am.url}/api/v2/silences`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(silence) });
        expect(res.status, await res.clone().text()).toBe(200);
      }
      const stored = (await (await fetch(`${am.url}/api/v2/silences`)).json()) as { status: { state: string }; comment: string; createdBy: string }[];
      expect(stored.map((s) => s.status.state)).toEqual(['active', 'active']);
      expect(stored[0]!.createdBy).toBe("Ana O'Brien");
      expect(await fireEverything(am)).toEqual(mutedChosen);
    });

    test('created by running the generated amtool command in a shell, its silences mute exactly the same alerts', async () => {
      const am = await startAlertmanager(configOf(set));
      const a = announcement(-0.05, 2);
      for (const { silence } of silencesFor(a)) {
        const command = amtoolCommand(silence, am.url);
        const id = execFileSync('/bin/sh', ['-c', command], { env: { PATH: `${path.dirname(amtool!)}:/usr/bin:/bin`, HOME: tmpdir() }, encoding: 'utf8' }).trim();
        expect(id).toMatch(/^[0-9a-f-]{36}$/);
      }
      const stored = (await (await fetch(`${am.url}/api/v2/silences`)).json()) as { comment: string; startsAt: string; endsAt: string }[];
      expect(stored.map((s) => s.comment)).toEqual([`Announced change: Upgrade "payments" $(reboot) \`now\`\nsecond line`, `Announced change: Upgrade "payments" $(reboot) \`now\`\nsecond line`]);
      expect(new Date(stored[0]!.endsAt).getTime()).toBe(a.end.getTime());
      expect(await fireEverything(am)).toEqual(mutedChosen);
    });

    test('before its window starts, the silences mute nothing', async () => {
      const am = await startAlertmanager(configOf(set));
      for (const { silence } of silencesFor(announcement(1, 3)))
        expect((await fetch(`${am.url}/api/v2/silences`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(silence) })).status).toBe(200);
      const got = await fireEverything(am);
      expect(got['probe-chosen-falco-0-end']).toEqual(['chat:' + chosen[0]!.notify, 'pager']);
      expect(got['probe-chosen-labelled-1-end']).toEqual(['chat:' + chosen[1]!.notify]);
    });
  });
});

test.describe('rule titles that look like code, on a real Alertmanager', () => {
  test.skip(!binary || !amtool, "needs Debian's prometheus-alertmanager (alertmanager and amtool)");
  // Falco rule names are the titles, so they reach matchers and silences verbatim.
  const rule = (id: string, title: string) => ({ id, title, means: 'm', whatToDo: 'w', when: { field: 'eventName', equals: id }, urgency: 'wake-me-up' as const, notify: '#security-alerts' });
  const hostile = ruleSetSchema.parse({
    plainsecRules: 1,
    rules: [rule('quoted-title', 'He said "stop" \\ {{ .Labels }}, a|b (x) $(id)'), rule('second-title', 'Second: `uname`'), rule('bystander-title', 'b x')],
  });
  const entries = falcoEntries(hostile);
  const choices = alertChoices(hostile, 'test');

  test('routes them, and silences made by API and by amtool mute exactly the chosen ones', async () => {
    for (const how of ['api', 'amtool'] as const) {
      const am = await startAlertmanager(configOf(hostile));
      const now = utcToZoned(new Date(alertmanagerNow() - 60_000), 'UTC');
      const later = utcToZoned(new Date(alertmanagerNow() + 3_600_000), 'UTC');
      const checked = checkAnnouncement(
        { what: 'w', who: 'w', startDate: now.date, startTime: now.time, endDate: later.date, endTime: later.time, timeZone: 'UTC', alerts: ['quoted-title', 'second-title'], alertmanagerUrl: am.url },
        choices,
      );
      if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
      for (const { silence } of silencesFor(checked.announcement)) {
        if (how === 'api')
          expect((await fetch(`${am.url}/api/v2/silences`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(silence) })).status).toBe(200);
        else execFileSync('/bin/sh', ['-c', amtoolCommand(silence, am.url)], { env: { PATH: `${path.dirname(amtool!)}:/usr/bin:/bin`, HOME: tmpdir() }, stdio: 'pipe' });
      }
      await am.post(hostile.rules.map((r, i) => falcosidekickAlert(entries.get(r.id)!, `probe-hostile-${i}-end`)));
      await settle(am, { 'probe-hostile-2-end': ['pager'] });
      expect([0, 1, 2].map((i) => am.receiver.whoGot(`probe-hostile-${i}-end`)), how).toEqual([[], [], ['chat:#security-alerts', 'pager']]);
      await am.stop();
      running.splice(running.indexOf(am), 1);
    }
  });
});

test.describe('Microsoft Teams, which Debian’s Alertmanager 0.25 cannot load', () => {
  test.skip(!amtool, "needs amtool (Debian package prometheus-alertmanager)");
  // The fields of <msteams_config> in Alertmanager's configuration documentation (0.26 and later;
  // webhook_url_file and summary came later still).
  const documented = ['send_resolved', 'webhook_url', 'webhook_url_file', 'title', 'summary', 'text', 'http_config'];
  const teams: RuleSet = { ...set, alerting: { chat: 'msteams', pager: 'pagerduty' } };
  const config = parse(configOf(teams)) as { receivers: Record<string, any>[] };

  test('writes only documented msteams_configs fields, one webhook file per channel', () => {
    const chat = config.receivers.filter((r) => r['msteams_configs']);
    expect(chat.length).toBeGreaterThan(0);
    for (const receiver of chat)
      for (const c of receiver['msteams_configs']) {
        expect(Object.keys(c).filter((k) => !documented.includes(k))).toEqual([]);
        expect(c.webhook_url_file).toBe(msteamsWebhookFile(receiver.name.replace(/^msteams-/, '#')));
      }
  });

  test('says in the file which Alertmanager it needs, and 0.25 does refuse it', () => {
    expect(configOf(teams)).toMatch(/^# .*Microsoft Teams \(msteams_configs\) needs Alertmanager 0\.26 or later/m);
    const dir = mkdtempSync(path.join(tmpdir(), 'plainsec-teams-'));
    writeFileSync(path.join(dir, 'alertmanager.yml'), configOf(teams));
    let refusal = '';
    try {
      execFileSync(amtool!, ['check-config', path.join(dir, 'alertmanager.yml')], { stdio: 'pipe', encoding: 'utf8' });
    } catch (error) {
      refusal = String((error as { stdout?: string }).stdout) + String((error as { stderr?: string }).stderr);
    }
    expect(refusal).toMatch(/field msteams_configs not found/);
  });
});
