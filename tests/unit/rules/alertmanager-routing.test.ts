import { reasons, skipWhenMissing } from '../../support/skips.ts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findOnPath, loadTemplateFiles } from './support/kit.ts';
import { alertmanagerTarget, pagingReceiver, slackReceiverName } from '../../../src/lib/rules/exporters/alertmanager.ts';
import { ruleSetSchema, type RuleInput, type RuleSet } from '../../../src/lib/rules/model.ts';

// Found on PATH, as `.ci/run` finds it with `command -v amtool`.
const amtool = findOnPath('amtool');
if (!amtool) console.warn('Skipped: the amtool checks need amtool on PATH (Debian package prometheus-alertmanager), which is absent.');

const base = {
  title: 't',
  means: 'm',
  whatToDo: 'w',
  when: { field: 'eventName', equals: 'RunInstances' },
} satisfies Partial<RuleInput>;

const ruleSet = (rules: RuleInput[]): RuleSet => ruleSetSchema.parse({ plainsecRules: 1, rules });

const mixed = ruleSet([
  { ...base, id: 'pager-rule', urgency: 'wake-me-up', notify: '#ops-pager' },
  { ...base, id: 'daytime-rule', urgency: 'look-today', notify: '#security-alerts' },
  {
    ...base,
    id: 'office-hours-rule',
    urgency: 'look-today',
    notify: '#team-infra',
    workingHours: { timeZone: 'Europe/London', days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '09:00', end: '17:30' },
  },
  { ...base, id: 'fyi-rule', urgency: 'fyi', notify: '#security-alerts' },
  {
    ...base,
    id: 'night-shift-fyi',
    urgency: 'fyi',
    notify: '#team-infra',
    workingHours: { timeZone: 'America/New_York', days: ['sunday', 'monday'], start: '22:00', end: '06:00' },
  },
]);

function exportConfig(set: RuleSet): { file: string; config: Record<string, any> } {
  const result = alertmanagerTarget.exportRuleSet(set);
  const yml = result.files.find((f) => f.path === 'alertmanager/alertmanager.yml')!;
  const dir = mkdtempSync(path.join(tmpdir(), 'plainsec-am-'));
  const file = path.join(dir, 'alertmanager.yml');
  writeFileSync(file, yml.content);
  return { file, config: parse(yml.content) };
}

function receiversFor(file: string, labels: Record<string, string>): string[] {
  const out = execFileSync(amtool!, ['config', 'routes', 'test', `--config.file=${file}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out.trim().split(',');
}

describe('finding amtool', () => {
  it('finds a program in any folder on PATH, as `command -v` does, and nothing that is not executable', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plainsec-path-'));
    const other = mkdtempSync(path.join(tmpdir(), 'plainsec-path-'));
    writeFileSync(path.join(dir, 'amtool'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(path.join(other, 'amtool'), 'not a program', { mode: 0o644 });
    expect(findOnPath('amtool', [other, '/nonexistent', dir].join(path.delimiter))).toBe(path.join(dir, 'amtool'));
    expect(findOnPath('amtool', other)).toBeUndefined();
    expect(findOnPath('amtool', '')).toBeUndefined();
  });
});

describe('the Alertmanager export', () => {
  it('writes the configuration and a README with the silence commands for announced changes, for both alert shapes', () => {
    const { files, refused } = alertmanagerTarget.exportRuleSet(mixed);
    expect(refused).toEqual([]);
    expect(files.map((f) => f.path).sort()).toEqual(['alertmanager/README.md', 'alertmanager/alertmanager.yml', 'alertmanager/announce-alerts.json']);
    const readme = files.find((f) => f.path.endsWith('README.md'))!.content;
    expect(readme).toMatch(/amtool silence add 'alertname=~"pager-rule\|daytime-rule"' --duration=/);
    expect(readme).toMatch(/amtool silence add source=falco 'rule="t"' --duration=/);
  });

  it('gives each rule with working hours a time interval with its time zone', () => {
    const { config } = exportConfig(mixed);
    const names = config.time_intervals.map((t: any) => t.name);
    expect(names).toEqual(['working-hours-office-hours-rule', 'working-hours-night-shift-fyi']);
    const office = config.time_intervals[0].time_intervals;
    expect(office).toEqual([
      { weekdays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], times: [{ start_time: '09:00', end_time: '17:30' }], location: 'Europe/London' },
    ]);
  });

  it('splits a shift that runs past midnight into two ranges, the second on the following days', () => {
    const { config } = exportConfig(mixed);
    const night = config.time_intervals[1].time_intervals;
    expect(night).toEqual([
      { weekdays: ['monday', 'sunday'], times: [{ start_time: '22:00', end_time: '24:00' }], location: 'America/New_York' },
      { weekdays: ['monday', 'tuesday'], times: [{ start_time: '00:00', end_time: '06:00' }], location: 'America/New_York' },
    ]);
  });

  it('keeps a shift that ends exactly at midnight to one range, with nothing on the following day', () => {
    const lateShift = ruleSet([
      { ...base, id: 'late-shift', urgency: 'look-today', notify: '#team-infra', workingHours: { timeZone: 'Europe/London', days: ['friday'], start: '18:00', end: '00:00' } },
    ]);
    const { config } = exportConfig(lateShift);
    expect(config.time_intervals[0].time_intervals).toEqual([
      { weekdays: ['friday'], times: [{ start_time: '18:00', end_time: '24:00' }], location: 'Europe/London' },
    ]);
  });

  it('pages outside working hours only: the escalation route is muted during them', () => {
    const { config } = exportConfig(mixed);
    const escalation = config.route.routes.find((r: any) => r.matchers.includes('alertname="office-hours-rule"'));
    expect(escalation.receiver).toBe(pagingReceiver);
    expect(escalation.mute_time_intervals).toEqual(['working-hours-office-hours-rule']);
    expect(escalation.continue).toBe(true);
  });

  it('lets a wake-me-up alert silence the same alert at lower urgency, and announced changes mute their service', () => {
    const { config } = exportConfig(mixed);
    expect(config.inhibit_rules).toContainEqual({
      source_matchers: ['urgency="wake-me-up"'],
      target_matchers: ['urgency=~"look-today|fyi"'],
      equal: ['alertname'],
    });
    const planned = config.inhibit_rules.find((r: any) => r.source_matchers.includes('alertname="AnnouncedChange"'));
    expect(planned.equal).toEqual(['service']);
    expect(planned.target_matchers).toContain('service=~".+"');
  });

  it('refuses a rule whose time zone Alertmanager would not know, and still routes the others', () => {
    const set = ruleSet([
      { ...base, id: 'bad-zone', urgency: 'fyi', notify: '#a', workingHours: { timeZone: 'Mars/Olympus_Mons', days: ['monday'], start: '09:00', end: '17:00' } },
      { ...base, id: 'good-rule', urgency: 'fyi', notify: '#a' },
    ]);
    const { files, refused } = alertmanagerTarget.exportRuleSet(set);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.ruleId).toBe('bad-zone');
    expect(refused[0]!.reason).toMatch(/Mars\/Olympus_Mons.*like Europe\/London/);
    expect(files[0]!.content).not.toContain('bad-zone');
    expect(files[0]!.content).toContain('good-rule');
  });
});

describe.skipIf(skipWhenMissing(Boolean(amtool), reasons.amtool))('the Alertmanager export, checked by amtool', () => {
  it('passes amtool check-config', () => {
    const { file } = exportConfig(mixed);
    expect(() => execFileSync(amtool!, ['check-config', file], { stdio: 'pipe' })).not.toThrow();
  });

  it('passes amtool check-config for working hours that end at midnight', () => {
    const { file } = exportConfig(
      ruleSet([{ ...base, id: 'late-shift', urgency: 'fyi', notify: '#team-infra', workingHours: { timeZone: 'UTC', days: ['monday'], start: '20:00', end: '00:00' } }]),
    );
    expect(() => execFileSync(amtool!, ['check-config', file], { stdio: 'pipe' })).not.toThrow();
  });

  it('passes amtool check-config for every template file', () => {
    for (const { file: name, rules } of loadTemplateFiles()) {
      const { file } = exportConfig({ plainsecRules: 1, rules });
      expect(() => execFileSync(amtool!, ['check-config', file], { stdio: 'pipe' }), name).not.toThrow();
    }
  });

  it('sends a wake-me-up alert to the pager and to its Slack channel', () => {
    const { file } = exportConfig(mixed);
    expect(receiversFor(file, { alertname: 'pager-rule', urgency: 'wake-me-up' })).toEqual([pagingReceiver, slackReceiverName('#ops-pager')]);
  });

  it('sends a look-today alert to its Slack channel only', () => {
    const { file } = exportConfig(mixed);
    expect(receiversFor(file, { alertname: 'daytime-rule', urgency: 'look-today' })).toEqual([slackReceiverName('#security-alerts')]);
  });

  it('sends a look-today alert with working hours to the pager as well (muted in working hours) and to Slack', () => {
    const { file } = exportConfig(mixed);
    expect(receiversFor(file, { alertname: 'office-hours-rule', urgency: 'look-today' })).toEqual([pagingReceiver, slackReceiverName('#team-infra')]);
  });

  it('sends fyi alerts to their Slack channel, and never to the pager', () => {
    const { file } = exportConfig(mixed);
    expect(receiversFor(file, { alertname: 'fyi-rule', urgency: 'fyi' })).toEqual([slackReceiverName('#security-alerts')]);
    expect(receiversFor(file, { alertname: 'night-shift-fyi', urgency: 'fyi' })).toEqual([slackReceiverName('#team-infra')]);
  });

  it('posts an announcement quietly to the default channel instead of paging', () => {
    const { file } = exportConfig(mixed);
    expect(receiversFor(file, { alertname: 'AnnouncedChange', service: 'payments', urgency: 'wake-me-up' })).toEqual([slackReceiverName('#security-alerts')]);
  });
});
