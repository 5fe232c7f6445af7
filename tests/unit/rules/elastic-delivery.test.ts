/**
 * The Elastic file's delivery: every rule action and connector it writes, checked against an extract
 * of Kibana's own definitions (tests/fixtures/elastic-delivery/, SOURCE.md says where each part comes
 * from), and the time frames that page a look-today rule outside working hours.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { elasticTarget } from '../../../src/lib/rules/exporters/elastic.ts';
import { outsideHoursTimeframes } from '../../../src/lib/rules/exporters/elastic-actions.ts';
import { deliveryOf, hoursKinds } from '../../../src/lib/rules/delivery/index.ts';
import { chatTools, pagerTools, ruleSetSchema, type Alerting, type RuleSet } from '../../../src/lib/rules/model.ts';
import { urgencies } from '../../../src/lib/rules/vocabulary.ts';
import { loadTemplates } from './support/kit.ts';
import { inTimeframe } from './delivery-readers/elastic.ts';
import { plainWordsProblems, siteGlossary } from '../../support/plain-words.ts';

const schema = JSON.parse(readFileSync(path.join(process.cwd(), 'tests/fixtures/elastic-delivery/kibana-actions.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addSchema(schema, 'kibana');
const check = (ref: string, value: unknown): string[] => {
  const validate = ajv.getSchema(`kibana#/$defs/${ref}`);
  if (!validate) throw new Error(`no definition ${ref} in the extract`);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${ref}${e.instancePath} ${e.message}`);
};
const pointer = (type: string): string => type.replace(/~/g, '~0').replace(/\//g, '~1');

const berlinOffice = { timeZone: 'Europe/Berlin', days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '09:00', end: '17:00' } as const;

/** A few templates at every urgency, with and without working hours. */
function sampleSet(alerting: Alerting): RuleSet {
  const rules = loadTemplates()
    .slice(0, 4)
    .flatMap((t, i) =>
      urgencies.flatMap((urgency) =>
        [false, true].map((timed) => {
          const { workingHours: _ignored, ...rest } = t;
          return { ...rest, id: `${t.id.slice(0, 40)}-${urgency}${timed ? '-h' : ''}`, urgency, notify: `#team-${i}`, ...(timed ? { workingHours: { ...berlinOffice, days: [...berlinOffice.days] } } : {}) };
        }),
      ),
    );
  return ruleSetSchema.parse({ plainsecRules: 1, rules, alerting });
}

const objectsOf = (set: RuleSet): Record<string, unknown>[] =>
  elasticTarget.exportRuleSet(set).files[0]!.content.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

const alertings: Alerting[] = chatTools.flatMap((chat) => pagerTools.map((pager) => ({ chat, pager, opsgenieTeam: 'Security', victoropsRoutingKey: 'security' })));

describe('the actions and connectors in the Elastic file', () => {
  for (const alerting of alertings) {
    it(`follow Kibana's definitions, posting to ${alerting.chat} and paging through ${alerting.pager}`, () => {
      const objects = objectsOf(sampleSet(alerting));
      const connectors = objects.filter((o) => o['type'] === 'action');
      const problems: string[] = [];
      for (const c of connectors) {
        problems.push(...check('ConnectorSavedObject', c));
        const attributes = c['attributes'] as { actionTypeId: string; config: unknown; secrets: object };
        problems.push(...check(`config/${pointer(attributes.actionTypeId)}`, attributes.config));
        // Secrets never travel in the file: Kibana asks for them after import.
        expect(attributes.secrets).toEqual({});
      }
      const ids = new Set(connectors.map((c) => c['id']));
      for (const rule of objects.filter((o) => 'rule_id' in o)) {
        for (const action of rule['actions'] as { id: string; action_type_id: string; params: Record<string, unknown> }[]) {
          problems.push(...check('RuleAction', action));
          problems.push(...check(`params/${pointer(action.action_type_id)}`, action.params));
          expect(ids.has(action.id), `${rule['rule_id']}: connector ${action.id}`).toBe(true);
          if (action.action_type_id === '.webhook') problems.push(...check('VictorOpsAlert', JSON.parse(action.params['body'] as string)));
        }
      }
      expect(problems.slice(0, 10)).toEqual([]);
    });
  }

  it('writes each connector once, with an id from the chat tool and channel or the pager, so a new import updates it', () => {
    const objects = objectsOf(sampleSet({ chat: 'msteams', pager: 'opsgenie' }));
    const ids = objects.filter((o) => o['type'] === 'action').map((o) => o['id']);
    expect(ids).toEqual(['plainsec-msteams-team-0', 'plainsec-opsgenie', 'plainsec-msteams-team-1', 'plainsec-msteams-team-2', 'plainsec-msteams-team-3']);
    const slack = objectsOf(sampleSet({ chat: 'slack', pager: 'victorops' }));
    expect(slack.filter((o) => o['type'] === 'action').map((o) => o['id'])).toEqual(['plainsec-slack', 'plainsec-victorops']);
  });

  it('sends Opsgenie alerts as P1 to the team named in the settings', () => {
    const objects = objectsOf(sampleSet({ chat: 'slack', pager: 'opsgenie', opsgenieTeam: 'Night owls' }));
    const pages = objects.flatMap((o) => (o['actions'] as { action_type_id: string; params: { subActionParams: object } }[] | undefined) ?? []).filter((a) => a.action_type_id === '.opsgenie');
    expect(pages.length).toBeGreaterThan(0);
    for (const a of pages) expect(a.params.subActionParams).toMatchObject({ priority: 'P1', responders: [{ name: 'Night owls', type: 'team' }] });
  });
});

describe('the time frames that page outside working hours', () => {
  it('are weekday nights and whole weekend days for Mon–Fri 09:00–17:00', () => {
    expect(outsideHoursTimeframes({ ...berlinOffice, days: [...berlinOffice.days] })).toEqual([
      { days: [1, 2, 3, 4, 5], hours: { start: '16:59', end: '09:00' }, timezone: 'Europe/Berlin' },
      { days: [6, 7], hours: { start: '00:00', end: '00:00' }, timezone: 'Europe/Berlin' },
    ]);
  });

  it('match, as Kibana checks them, every minute of a week outside working hours and none inside, but 00:00', () => {
    for (const hours of [
      { ...berlinOffice, days: [...berlinOffice.days] },
      { timeZone: 'America/New_York', days: ['saturday', 'sunday'] as const, start: '00:00', end: '12:00' },
      { timeZone: 'Asia/Tokyo', days: ['monday', 'tuesday', 'wednesday', 'thursday'] as const, start: '22:00', end: '06:00' },
    ]) {
      const frames = outsideHoursTimeframes({ ...hours, days: [...hours.days] });
      const wrong: string[] = [];
      // A week of minutes from a Monday 00:00 in the zone (no daylight saving change that week).
      const monday = new Date('2026-12-07T00:00:00Z');
      for (let m = 0; m < 7 * 1440; m++) {
        const at = new Date(monday.getTime() + m * 60_000);
        const local = new Intl.DateTimeFormat('en-GB', { timeZone: hours.timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
        const part = (t: string): string => local.find((p) => p.type === t)!.value;
        const minute = Number(part('hour')) * 60 + Number(part('minute'));
        const day = part('weekday').toLowerCase();
        const yesterday = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].indexOf(day) + 7) % 7]!;
        const [s, e] = [hours.start, hours.end].map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));
        const days = hours.days as readonly string[];
        const working = s! < e! ? days.includes(day) && minute >= s! && minute < e! : (days.includes(day) && minute >= s!) || (days.includes(yesterday) && minute < e!);
        const paged = frames.some((f) => inTimeframe(f, at));
        // Kibana never matches 00:00 itself (SOURCE.md), so that minute does not page.
        if (paged === !working || (minute === 0 && !paged && !working)) continue;
        wrong.push(`${hours.timeZone} ${day} ${part('hour')}:${part('minute')}: working ${working}, paged ${paged}`);
      }
      expect(wrong.slice(0, 5)).toEqual([]);
    }
  }, 240_000); // Every minute of a week for each working-hours shape: about 20 s alone, several times that on a busy machine.
});

describe('the words the Elastic delivery says', () => {
  it('are plain for every urgency, time of day, chat tool and pager', () => {
    const terms = siteGlossary();
    const said = new Set<string>();
    for (const alerting of alertings)
      for (const urgency of urgencies)
        for (const hours of hoursKinds)
          for (const workingHours of [undefined, { ...berlinOffice, days: [...berlinOffice.days] }]) {
            const d = deliveryOf('elastic', { urgency, notify: '#security', workingHours }, alerting, hours);
            for (const text of [...d.via, ...d.gaps]) said.add(text);
          }
    const problems = [...said].flatMap((text) => plainWordsProblems(`${text[0]!.toUpperCase()}${text.slice(1)}.`, terms).map((p) => `${text}: ${p}`));
    expect(problems).toEqual([]);
  });
});
