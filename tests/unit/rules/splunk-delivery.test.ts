/**
 * Who the Splunk saved searches tell: their alert actions against the apps' own definitions
 * (tests/fixtures/splunk-delivery/), and the out-of-hours condition against the clock.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplates, readConf } from './support/kit.ts';
import { splunkTarget } from '../../../src/lib/rules/exporters/splunk.ts';
import { outsideHoursSpl } from '../../../src/lib/rules/exporters/splunk-actions.ts';
import { chatTools, pagerTools, ruleSetSchema, type Alerting, type Rule, type RuleSet, type WorkingHours } from '../../../src/lib/rules/model.ts';
import { urgencies, weekdays } from '../../../src/lib/rules/vocabulary.ts';
import { evalClockWhere, localClock } from './delivery-readers/splunk.ts';
import { splunkDelivery } from '../../../src/lib/rules/delivery/splunk.ts';
import { hoursKinds } from '../../../src/lib/rules/delivery/matrix.ts';
import { setupNotes, timeZoneNote } from '../../../src/lib/rules/exporters/splunk-actions.ts';
import { plainWordsProblems, siteGlossary } from '../../support/plain-words.ts';

const fixtures = path.join(process.cwd(), 'tests', 'fixtures', 'splunk-delivery');

/** Every key the vendor files define: `key = ...` lines, and `param.x` of an alert action stanza `[name]` as `action.name.param.x`. */
function definedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const file of readdirSync(fixtures).filter((f) => f !== 'SOURCE.md')) {
    let stanza = '';
    for (const line of readFileSync(path.join(fixtures, file), 'utf8').split('\n')) {
      const name = /^\[([a-z_]+)\]$/.exec(line);
      if (name) stanza = name[1]!;
      const key = /^([A-Za-z_.<>]+)\s*=/.exec(line)?.[1];
      if (!key) continue;
      if (stanza && key.startsWith('param.')) keys.add(`action.${stanza}.${key}`);
      else keys.add(key);
      if (stanza) keys.add(`action.${stanza}`);
    }
  }
  return keys;
}

const berlinOffice: WorkingHours = { timeZone: 'Europe/Berlin', days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '09:00', end: '17:00' };

/** Every template at every urgency, half of them with working hours. */
function walked(): Rule[] {
  return loadTemplates().flatMap((t, i) =>
    urgencies.map((urgency) => {
      const { workingHours: _ignored, ...rest } = t;
      return { ...rest, id: `${t.id.slice(0, 40)}-${urgency}`, urgency, ...(i % 2 === 0 ? { workingHours: berlinOffice } : {}) };
    }),
  );
}

const alertings: Alerting[] = chatTools.flatMap((chat) => pagerTools.map((pager) => ({ chat, pager, victoropsRoutingKey: 'security' })));

const exported = (alerting: Alerting, rules: Rule[] = walked()) => {
  const set: RuleSet = ruleSetSchema.parse({ plainsecRules: 1, alerting, rules });
  return readConf(splunkTarget.exportRuleSet(set).files[0]!.content);
};

describe('the Splunk alert actions, against the apps\' own definitions', () => {
  const defined = definedKeys();

  for (const alerting of alertings)
    it(`writes only keys Splunk or the apps define, posting to ${alerting.chat} and paging through ${alerting.pager}`, () => {
      const undefinedKeys = new Set<string>();
      for (const settings of exported(alerting).values()) for (const key of settings.keys()) if (!defined.has(key)) undefinedKeys.add(key);
      expect([...undefinedKeys]).toEqual([]);
    });

  it('lists in actions exactly the actions it turns on', () => {
    for (const alerting of alertings)
      for (const [name, settings] of exported(alerting)) {
        const on = [...settings].filter(([k, v]) => /^action\.[a-z_]+$/.test(k) && v === '1').map(([k]) => k.slice('action.'.length));
        expect(settings.get('actions')!.split(','), name).toEqual(on);
      }
  });

  it('writes no webhook address, integration URL or API key: each app keeps those in its setup page', () => {
    for (const alerting of alertings)
      for (const settings of exported(alerting).values())
        for (const [key, value] of settings) {
          expect(key).not.toMatch(/webhook_url|integration_url|api_key|oauth|alert_ms_teams_url/);
          expect(value).not.toMatch(/https?:\/\//);
        }
  });

  it('sends a Splunk On-Call alert as CRITICAL, with the routing key the rule set names', () => {
    const conf = exported({ chat: 'slack', pager: 'victorops', victoropsRoutingKey: 'security' });
    const paging = [...conf.values()].filter((s) => s.get('action.victorops') === '1');
    expect(paging.length).toBeGreaterThan(0);
    for (const s of paging) {
      expect(s.get('action.victorops.param.message_type')).toBe('CRITICAL');
      expect(s.get('action.victorops.param.routing_key')).toBe('security');
    }
  });

  it('adds a second saved search for a look-today rule with working hours, which pages only and runs as its owner', () => {
    const exported = splunkTarget.exportRuleSet(ruleSetSchema.parse({ plainsecRules: 1, rules: walked() }));
    const file = exported.files[0]!.content;
    const conf = readConf(file);
    const outside = [...conf].filter(([name]) => name.endsWith(' (outside working hours)'));
    // Rules Splunk cannot say get no saved search at all; which ones have working hours depends on
    // where they fall among the templates, so they are left out by name.
    const refused = new Set(exported.refused.map((r) => r.ruleId));
    expect(outside.length).toBe(walked().filter((r) => r.urgency === 'look-today' && r.workingHours && !refused.has(r.id)).length);
    for (const [name, settings] of outside) {
      expect(settings.get('actions'), name).toBe('pagerduty');
      expect(settings.get('dispatchAs')).toBe('owner');
      // The comment above it says which time zone its owner must have.
      expect(file).toContain(`Set that user's time zone to Europe/Berlin: Settings > Account settings > Time zone, or tz = Europe/Berlin in the user's user-prefs.conf.\n[${name}]`);
    }
  });

  it('refuses working hours that start and end at the same time, as it cannot tell inside from outside', () => {
    expect(outsideHoursSpl({ ...berlinOffice, start: '09:00', end: '09:00' })).toEqual({ reason: expect.stringContaining('start and end at the same time') });
  });
});

/** Inside working hours, worked out from the rule's own words: its days, and a shift past midnight belonging to the day it starts. */
function insideHours(hours: WorkingHours, at: Date): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: hours.timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  const day = get('weekday').toLowerCase() as (typeof weekdays)[number];
  const minutes = Number(get('hour')) * 60 + Number(get('minute'));
  const [start, end] = [hours.start, hours.end].map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));
  const dayBefore = weekdays[(weekdays.indexOf(day) + 6) % 7]!;
  if (start! < end!) return hours.days.includes(day) && minutes >= start! && minutes < end!;
  return (hours.days.includes(day) && minutes >= start!) || (hours.days.includes(dayBefore) && minutes < end!);
}

describe('the out-of-hours condition, read as Splunk reads it in the owner\'s time zone', () => {
  const shapes: WorkingHours[] = [
    berlinOffice,
    { timeZone: 'America/New_York', days: ['monday', 'wednesday', 'friday'], start: '08:30', end: '16:45' },
    { timeZone: 'America/New_York', days: ['tuesday', 'saturday'], start: '22:00', end: '06:00' },
    { timeZone: 'Europe/Berlin', days: ['sunday'], start: '18:00', end: '00:00' },
    { timeZone: 'Europe/Berlin', days: ['saturday', 'sunday'], start: '00:00', end: '23:59' },
    { timeZone: 'Europe/Berlin', days: ['sunday', 'monday'], start: '23:00', end: '01:30' },
  ];
  // Whole days around each clock change (Berlin: 29 March, 25 October; New York: 8 March, 1 November 2026), every 10 minutes, and a week every 35.
  const instants: Date[] = [];
  for (const day of ['2026-03-07', '2026-03-28', '2026-10-24', '2026-10-31'])
    for (let m = 0; m < 3 * 24 * 60; m += 10) instants.push(new Date(Date.parse(`${day}T00:00:00Z`) + m * 60_000));
  for (let m = 0; m < 7 * 24 * 60; m += 35) instants.push(new Date(Date.parse('2026-12-07T00:00:00Z') + m * 60_000));

  for (const hours of shapes)
    it(`keeps exactly the events outside ${hours.days.join(', ')} ${hours.start}–${hours.end} ${hours.timeZone}`, () => {
      const spl = outsideHoursSpl(hours);
      if (typeof spl !== 'string') throw new Error(spl.reason);
      const where = spl.slice(spl.indexOf('| where ') + '| where '.length);
      const wrong = instants.filter((at) => evalClockWhere(where, localClock(at, hours.timeZone)) === insideHours(hours, at)).map((at) => at.toISOString());
      expect(wrong.slice(0, 5)).toEqual([]);
      // Both sides occur, so the check cannot pass by always saying the same.
      const kept = instants.filter((at) => evalClockWhere(where, localClock(at, hours.timeZone))).length;
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(instants.length);
    });

  it('reads the weekday as strftime %w does, with Sunday as 0', () => {
    expect(localClock(new Date('2026-12-13T12:00:00Z'), 'Europe/Berlin')).toEqual({ weekday: 0, hhmm: 1300 });
    expect(localClock(new Date('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toEqual({ weekday: 0, hhmm: 330 });
  });
});

describe('the words the Splunk delivery writes for people', () => {
  it('say who is told, what to set up and what the file cannot do in plain words', () => {
    const glossary = siteGlossary();
    const texts = new Set<string>([timeZoneNote(berlinOffice)]);
    for (const alerting of alertings) {
      for (const line of setupNotes(alerting)) texts.add(line);
      for (const line of setupNotes({ ...alerting, victoropsRoutingKey: undefined, opsgenieTeam: 'Security' })) texts.add(line);
      for (const urgency of urgencies)
        for (const hours of hoursKinds) {
          const d = splunkDelivery.deliver({ urgency, notify: '#security', workingHours: berlinOffice }, alerting, hours);
          for (const t of [...d.via, ...d.gaps]) texts.add(`${t[0]!.toUpperCase()}${t.slice(1)}.`);
        }
    }
    expect([...texts].flatMap((t) => plainWordsProblems(t, glossary).map((p) => `${p}: ${t}`))).toEqual([]);
  });
});
