/**
 * What the builder and the zip README say about who is told: every sentence of the delivery matrix
 * passes the guides' plain-words checks, the builder's paging line is true to the matrix, and the
 * README's table is there for every tool in the zip.
 */
import { describe, expect, it } from 'vitest';
import { chatTools, pagerTools, type Rule } from '../../../src/lib/rules/model.ts';
import { urgencies } from '../../../src/lib/rules/vocabulary.ts';
import { targetIds } from '../../../src/lib/rules/target.ts';
import { deliveryOf, hoursKinds, pagingLine } from '../../../src/lib/rules/delivery/index.ts';
import { exportRuleSet } from '../../../src/lib/rules/targets.ts';
import { installReadme } from '../../../src/lib/rules/builder/install-readme.ts';
import { plainWordsProblems, siteGlossary } from '../../support/plain-words.ts';
import { loadTemplates } from './support/kit.ts';

const office = { timeZone: 'Europe/Berlin', days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as ('monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday')[], start: '09:00', end: '17:00' };
const shapes = urgencies.flatMap((urgency) => [{ urgency, notify: '#security' }, { urgency, notify: '#security', workingHours: office }]);
const alertings = chatTools.flatMap((chat) => pagerTools.map((pager) => ({ chat, pager })));

describe('the words about who is told', () => {
  const terms = siteGlossary();

  it('pass the plain-words checks, for every tool, urgency, time of day, chat tool and pager', () => {
    const sentences = new Set<string>();
    for (const target of targetIds)
      for (const alerting of alertings)
        for (const rule of shapes) {
          for (const hours of hoursKinds) {
            const d = deliveryOf(target, rule, alerting, hours);
            for (const s of [...d.via, ...d.gaps]) sentences.add(`${s[0]!.toUpperCase()}${s.slice(1)}.`);
          }
          sentences.add(pagingLine(target, [rule], alerting).words);
        }
    const problems = [...sentences].flatMap((s) => plainWordsProblems(s, terms).map((p) => `${p} — in: ${s}`));
    expect(problems).toEqual([]);
    expect(sentences.size).toBeGreaterThan(40);
  });

  it('say a file does not page only where the matrix has it not page when the rule asks', () => {
    for (const target of targetIds)
      for (const alerting of alertings)
        for (const rule of shapes) {
          const line = pagingLine(target, [rule], alerting);
          const asked = rule.urgency === 'wake-me-up' || (rule.urgency === 'look-today' && rule.workingHours !== undefined);
          const missed = hoursKinds.filter((h) => (rule.urgency === 'wake-me-up' || h === 'out-of-hours') && asked && !deliveryOf(target, rule, alerting, h).page);
          expect(line.pages, `${target} ${rule.urgency} ${alerting.chat}/${alerting.pager}`).toBe(!asked ? 'not-asked' : missed.length === 0 ? 'yes' : 'no');
          expect(line.words.startsWith('Does not page')).toBe(line.pages === 'no' || line.pages === 'partly');
        }
  });

  it('says Sigma does not page for the root sign-in rule, and why', () => {
    const root = loadTemplates().find((r) => r.id === 'root-account-used') as Rule;
    expect(root.urgency).toBe('wake-me-up');
    expect(pagingLine('sigma', [root], { chat: 'slack', pager: 'pagerduty' })).toMatchObject({ pages: 'no', words: expect.stringMatching(/^Does not page: a Sigma rule says what to detect/) });
    expect(pagingLine('alertmanager', [root], { chat: 'slack', pager: 'pagerduty' }).pages).toBe('yes');
  });

  it('puts one table of who is told when in the zip README, with a row per folder and what the rules ask for', () => {
    const rules = [loadTemplates().find((r) => r.id === 'root-account-used')!, { ...loadTemplates().find((r) => r.id === 'root-account-used')!, id: 'root-used-office', urgency: 'look-today' as const, workingHours: office }];
    const set = { plainsecRules: 1 as const, alerting: { chat: 'slack' as const, pager: 'victorops' as const }, rules };
    const { files, refused } = exportRuleSet(set, targetIds);
    const readme = installReadme(files, refused, set);
    const table = readme.slice(readme.indexOf('## Who is told when'));
    expect(table).toContain('| files | Wake me up | Look today, in working hours | Look today, outside working hours |');
    expect(table).toContain('| what the rules ask for | channel and pager | channel | channel and pager |');
    expect(table).toContain('| alertmanager/ | channel and pager | channel | channel and pager |');
    expect(table).toContain('| sigma/ | nobody | nobody | nobody |');
    expect(table).toMatch(/- sigma\/: a Sigma rule says what to detect/);
    for (const folder of ['sigma', 'eventbridge', 'cloudwatch', 'falco', 'alertmanager', 'elastic', 'splunk'])
      if (files.some((f) => f.path.startsWith(`${folder}/`))) expect(table).toContain(`| ${folder}/ |`);
    const section = table.slice(0, table.search(/\n## (?!Who)|\nThe rules themselves/));
    expect(plainWordsProblems(section, siteGlossary())).toEqual([]);
  });
});
