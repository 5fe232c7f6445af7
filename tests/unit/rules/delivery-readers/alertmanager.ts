/**
 * Reads alertmanager.yml the way Alertmanager routes: walk the tree with the alert's labels, keep
 * every route that matches (following `continue`), then apply each route's mute and active time
 * intervals at the instant. The receivers the walk picks are checked against the real Alertmanager's
 * `amtool config routes test` where amtool is installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { findOnPath } from '../support/kit.ts';
import type { DeliveryReader, ToldByFiles } from './reader.ts';

type Route = { receiver?: string; matchers?: string[]; continue?: boolean; routes?: Route[]; mute_time_intervals?: string[]; active_time_intervals?: string[] };
type Config = { route: Route; time_intervals?: { name: string; time_intervals: Range[] }[]; receivers: Record<string, any>[] };
type Range = { weekdays?: string[]; times?: { start_time: string; end_time: string }[]; location?: string };

const amtool = findOnPath('amtool');
/** Each file is read once; the walk asks about thousands of rules in it. */
const parsed = new Map<string, Config>();
if (!amtool) console.warn('Skipped the real Alertmanager check in the delivery walk: amtool (Debian package prometheus-alertmanager) is absent.');

/** One matcher as Alertmanager writes it: name, operator (= != =~ !~) and a quoted value. */
function matches(matcher: string, labels: Record<string, string>): boolean {
  const m = /^([a-zA-Z_][a-zA-Z0-9_]*)(=~|!~|!=|=)"((?:[^"\\]|\\.)*)"$/.exec(matcher);
  if (!m) throw new Error(`a matcher this reader does not know: ${matcher}`);
  const [, name, op, quoted] = m;
  const value = JSON.parse(`"${quoted}"`) as string;
  const have = labels[name!] ?? '';
  if (op === '=') return have === value;
  if (op === '!=') return have !== value;
  const full = new RegExp(`^(?:${value})$`).test(have);
  return op === '=~' ? full : !full;
}

/** Alertmanager's walk: the deepest matching routes, continuing past a match only where `continue` says so. */
function matchingRoutes(route: Route, labels: Record<string, string>, inherited: string): (Route & { receiver: string })[] {
  const receiver = route.receiver ?? inherited;
  const found: (Route & { receiver: string })[] = [];
  for (const child of route.routes ?? []) {
    if (!(child.matchers ?? []).every((m) => matches(m, labels))) continue;
    found.push(...matchingRoutes(child, labels, receiver));
    if (!child.continue) break;
  }
  return found.length > 0 ? found : [{ ...route, receiver }];
}

const dayNames = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Whether one time range holds at the instant, read in its own location with Intl. */
const clocks = new Map<string, Intl.DateTimeFormat>();
function inRange(range: Range, at: Date): boolean {
  const zone = range.location ?? 'UTC';
  const clock = clocks.get(zone) ?? new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  clocks.set(zone, clock);
  const parts = clock.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  const day = get('weekday').toLowerCase();
  const minutes = Number(get('hour')) * 60 + Number(get('minute'));
  if (range.weekdays && !range.weekdays.some((w) => (w.includes(':') ? dayRange(w).includes(day) : w === day))) return false;
  const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  return !range.times || range.times.some((t) => minutes >= toMinutes(t.start_time) && minutes < toMinutes(t.end_time));
}

function dayRange(text: string): string[] {
  const [from, to] = text.split(':').map((d) => dayNames.indexOf(d));
  const out: string[] = [];
  for (let i = from!; ; i = (i + 1) % 7) {
    out.push(dayNames[i]!);
    if (i === to) break;
  }
  return out;
}

const checkedByAmtool = new Set<string>();
/**
 * The receivers the real Alertmanager picks for these labels, or undefined where a rule of the same
 * shape (urgency, working hours, channel) in the same file was already checked: amtool starts a
 * process each time, and the walk reads thousands of rules, so amtool proves this reader's walk on
 * one rule of each shape and the reader does the rest.
 */
function amtoolReceivers(config: string, labels: Record<string, string>, shape: string): string[] | undefined {
  const key = `${config}\u0000${shape}`;
  if (checkedByAmtool.has(key)) return undefined;
  checkedByAmtool.add(key);
  const dir = mkdtempSync(path.join(tmpdir(), 'plainsec-delivery-am-'));
  const file = path.join(dir, 'alertmanager.yml');
  writeFileSync(file, config);
  const out = execFileSync(amtool!, ['config', 'routes', 'test', `--config.file=${file}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.trim().split(',').sort();
}

export const reader: DeliveryReader = {
  target: 'alertmanager',
  told(files, rule, _alerting, at) {
    const text = files.find((f) => f.path === 'alertmanager/alertmanager.yml')!.content;
    const config = parsed.get(text) ?? (parse(text) as Config);
    parsed.set(text, config);
    // The shape every source but falcosidekick sends (see the export's README).
    const labels = { alertname: rule.id, urgency: rule.urgency };
    const routes = matchingRoutes(config.route, labels, config.route.receiver!);
    // Debian's Alertmanager (0.25) predates Microsoft Teams receivers (0.26), so it cannot load such a file.
    const real = amtool && !text.includes('msteams_configs:') ? amtoolReceivers(text, labels, `${rule.urgency} ${rule.workingHours ? 'hours' : 'always'} ${rule.notify}`) : undefined;
    if (real) {
      const ours = [...new Set(routes.map((r) => r.receiver))].sort();
      if (JSON.stringify(real) !== JSON.stringify(ours)) throw new Error(`amtool picks ${real.join(',')} for ${rule.id}, this reader ${ours.join(',')}`);
    }
    const active = (name: string) => (config.time_intervals ?? []).find((t) => t.name === name)!.time_intervals.some((r) => inRange(r, at));
    const told: ToldByFiles = { chat: 'no', page: false };
    for (const route of routes) {
      if ((route.mute_time_intervals ?? []).some(active)) continue;
      const waits = route.active_time_intervals !== undefined && !route.active_time_intervals.some(active);
      const receiver = config.receivers.find((r) => r['name'] === route.receiver)!;
      if (receiver['pagerduty_configs'] || receiver['opsgenie_configs'] || receiver['victorops_configs']) told.page = true;
      else {
        // Alertmanager holds a notification outside its active interval and sends it once the interval starts.
        told.chat = waits ? 'held' : 'now';
        const slack = receiver['slack_configs']?.[0];
        told.channel = slack ? `#${String(slack.channel).replace(/^#/, '')}` : `#${String(receiver['name']).replace(/^msteams-/, '')}`;
      }
    }
    return told;
  },
};
