import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { alertListJson, mergeCatalogues, parseAlertList } from '../../../src/lib/announce/alert-list.ts';
import { alertChoices } from '../../../src/lib/announce/catalogue.ts';
import { exportAlertmanager } from '../../../src/lib/rules/exporters/alertmanager.ts';
import { ruleSetSchema } from '../../../src/lib/rules/model.ts';
import { catalogue } from './support.ts';

const starter = ruleSetSchema.parse(parse(readFileSync(path.resolve(process.cwd(), 'content/rules/starter.yaml'), 'utf8')));

describe('your own rules for the announce page', () => {
  it('the Alertmanager export writes them with the Falco rule names its routes use, and the page reads them back', () => {
    const file = exportAlertmanager(starter).files.find((f) => f.path === 'alertmanager/announce-alerts.json')!;
    const read = parseAlertList(file.content, 'Your rules');
    expect(read).toEqual({ ok: true, alerts: alertChoices(starter, 'Your rules') });
  });

  it('says plainly what file to choose when given something else, and never throws', () => {
    expect(parseAlertList('plainsecRules: 1', 'x')).toEqual({ ok: false, problem: expect.stringMatching(/not JSON.*Choose alertmanager\/announce-alerts\.json/) });
    expect(parseAlertList('{"plainsecAlerts":1,"alerts":[{"id":"ab","title":"t","urgency":"fyi"}]}', 'x')).toMatchObject({ ok: false, problem: expect.stringMatching(/alert 1 has no rule id/) });
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(typeof parseAlertList(text, 'x').ok).toBe('boolean');
      }),
    );
  });

  it('puts the user’s rules first, and lets them replace a template with the same id', () => {
    const own = parseAlertList(alertListJson([{ ...catalogue[0]!, title: 'Our own wording' }]), 'Your rules');
    if (!own.ok) throw new Error(own.problem);
    const merged = mergeCatalogues(own.alerts, catalogue);
    expect(merged.map((c) => `${c.id}:${c.from}`)).toEqual(['cloudtrail-stopped:Your rules', 'security-group-opened:Starter pack', 'iam-user-created:Identity and access']);
  });
});
