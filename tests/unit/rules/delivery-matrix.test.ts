/**
 * The delivery walk: every kind of template at every urgency, with and without working hours,
 * exported for every chat tool and pager, and each tool's files read back (delivery-readers/) at an instant inside
 * and outside working hours. The files must tell exactly whom the delivery matrix
 * (src/lib/rules/delivery/) says, so the builder's and the zip's "pages / does not page" is true.
 */
import { describe, expect, it } from 'vitest';
import { chatTools, pagerTools, ruleSetSchema, type Alerting, type Rule, type RuleSet } from '../../../src/lib/rules/model.ts';
import { urgencies } from '../../../src/lib/rules/vocabulary.ts';
import { deliveryOf, type Hours } from '../../../src/lib/rules/delivery/index.ts';
import { targets } from '../../../src/lib/rules/targets.ts';
import { targetIds } from '../../../src/lib/rules/target.ts';
import { loadTemplates } from './support/kit.ts';
import { sourceOf } from '../../../src/lib/rules/sources.ts';
import type { DeliveryReader } from './delivery-readers/reader.ts';

const readers = Object.values(import.meta.glob<{ reader: DeliveryReader }>('./delivery-readers/*.ts', { eager: true }))
  .map((m) => m.reader)
  .filter((r): r is DeliveryReader => r !== undefined);

/** The issue's own example: Mon–Fri 09:00–17:00 in Berlin. */
const berlinOffice = { timeZone: 'Europe/Berlin', days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '09:00', end: '17:00' } as const;

/** Fixed instants, never today: a Wednesday morning in the office, that night, and a Saturday noon (Berlin is UTC+1 in December). */
const instants: { at: Date; hours: Hours; words: string }[] = [
  { at: new Date('2026-12-09T10:30:00+01:00'), hours: 'in-hours', words: 'Wednesday 10:30 in Berlin' },
  { at: new Date('2026-12-09T03:00:00+01:00'), hours: 'out-of-hours', words: 'Wednesday 03:00 in Berlin' },
  { at: new Date('2026-12-12T12:00:00+01:00'), hours: 'out-of-hours', words: 'Saturday 12:00 in Berlin' },
];

/**
 * One template of each kind that can change whom a file tells: its source (an AWS account or a
 * cluster), whether it counts, and which tools refuse it. What a template watches for never changes
 * the delivery, so walking all 127 (which took over eight minutes) proves no more than these.
 */
function templateKinds(): Rule[] {
  const kinds = new Map<string, Rule>();
  for (const t of loadTemplates()) {
    const refusedBy = targetIds.filter((id) => targets[id]!.exportRuleSet({ plainsecRules: 1, rules: [t] }).refused.length > 0);
    const kind = `${sourceOf(t)} ${t.count ? 'counts' : 'each'} ${refusedBy.join(',')}`;
    if (!kinds.has(kind)) kinds.set(kind, t);
  }
  return [...kinds.values()];
}

/** Each kind of template at every urgency, without and with working hours; channels vary so a file that posts in the wrong one is caught. */
function walkedRules(): Rule[] {
  const out: Rule[] = [];
  templateKinds().forEach((t, i) => {
    for (const urgency of urgencies)
      for (const timed of [false, true]) {
        const id = `${t.id.slice(0, 40)}-${urgency}${timed ? '-hours' : ''}`;
        const { workingHours: _ignored, ...rest } = t;
        out.push({ ...rest, id, urgency, notify: `#team-${i % 3}`, ...(timed ? { workingHours: { ...berlinOffice, days: [...berlinOffice.days] } } : {}) });
      }
  });
  return out;
}

const alertings: Alerting[] = chatTools.flatMap((chat) => pagerTools.map((pager) => ({ chat, pager })));

describe('who each file tells, against the delivery matrix', () => {
  const rules = walkedRules();
  const set: RuleSet = ruleSetSchema.parse({ plainsecRules: 1, rules });

  it('has a reader for every tool Plainsec exports to', () => {
    expect(readers.map((r) => r.target).sort()).toEqual([...targetIds].sort());
  });

  it('walks every kind of template at three urgencies, with and without working hours', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    const kinds = templateKinds();
    expect(rules.length).toBe(kinds.length * 6);
    // Both sources, counting and not, and templates some tools refuse.
    expect(new Set(kinds.map(sourceOf))).toEqual(new Set(['cloudtrail', 'k8s-audit']));
    expect(kinds.some((t) => t.count)).toBe(true);
    expect(kinds.length).toBeGreaterThanOrEqual(10);
    console.info(`Delivery walk: ${kinds.length} kinds of template of ${loadTemplates().length}.`);
  });

  for (const reader of readers) {
    describe(`the ${reader.target} files`, () => {
      for (const alerting of alertings) {
        it(`tell exactly whom the matrix says, posting to ${alerting.chat} and paging through ${alerting.pager}`, () => {
          const withAlerting = { ...set, alerting };
          const { files, refused } = targets[reader.target]!.exportRuleSet(withAlerting);
          const refusedIds = new Set(refused.map((r) => r.ruleId));
          const wrong: string[] = [];
          let walked = 0;
          for (const rule of rules) {
            if (refusedIds.has(rule.id)) continue;
            for (const { at, hours, words } of instants) {
              const expected = deliveryOf(reader.target, rule, alerting, hours);
              const read = reader.told(files, rule, alerting, at);
              walked++;
              const channelWrong = read.channel !== undefined && expected.chat !== 'no' && read.channel !== rule.notify;
              if (read.chat !== expected.chat || read.page !== expected.page || channelWrong)
                wrong.push(`${rule.id} at ${words}: files ${JSON.stringify(read)}, matrix ${JSON.stringify({ chat: expected.chat, page: expected.page })}`);
            }
          }
          expect(wrong.slice(0, 10)).toEqual([]);
          expect(walked).toBeGreaterThan(0);
        });
      }
    });
  }
});
