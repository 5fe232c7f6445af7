/**
 * The framework ids on checklist items and guides: every one is a real id the frameworks modules
 * know, the modules agree with the cited extracts in tests/fixtures/frameworks (SOURCES.md), most
 * checklist items answer to CIS Controls and NIST CSF, and the exports a team hands to a
 * questionnaire carry the ids.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseHtml } from 'node-html-parser';
import { cisSafeguards } from '../../../src/lib/frameworks/cis-controls.ts';
import { nistCsfCategories, nistCsfCategoryOf, nistCsfFunctions, nistCsfSubcategories } from '../../../src/lib/frameworks/nist-csf.ts';
import { cisAwsControls } from '../../../src/lib/frameworks/cis-aws.ts';
import { securityHubControls } from '../../../src/lib/frameworks/security-hub.ts';
import { attackTechniques } from '../../../src/lib/frameworks/attack.ts';
import { frameworkFields, frameworkNames, frameworkUrls, mapsToText, pickFrameworkIds, type FrameworkField, type FrameworkIds } from '../../../src/lib/frameworks/maps-to.ts';
import { checklistMarkdown } from '../../../src/lib/checklist/markdown.ts';
import { checklistCsv } from '../../../src/lib/checklist/csv.ts';
import { itemDetailsHtml } from '../../../src/lib/checklist/details-html.ts';
import type { ChecklistItem } from '../../../src/lib/checklist/model.ts';
import { practiceIds } from '../../../src/lib/practices.ts';

const root = process.cwd();
const fixtures = path.join(root, 'tests', 'fixtures', 'frameworks');
const tsv = (name: string) =>
  readFileSync(path.join(fixtures, name), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'));

type Entry = FrameworkIds & Record<string, unknown>;
const checklistFolder = path.join(root, 'content', 'checklist');
const checklist = readdirSync(checklistFolder)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ id: name.slice(0, -5), data: parseYaml(readFileSync(path.join(checklistFolder, name), 'utf8')) as Entry }));
const guidesFolder = path.join(root, 'content', 'guides');
const guides = readdirSync(guidesFolder, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(path.join(guidesFolder, d.name))
      .filter((name) => name.endsWith('.mdx'))
      .map((name) => {
        const text = readFileSync(path.join(guidesFolder, d.name, name), 'utf8');
        return { id: `${d.name}/${name.slice(0, -4)}`, data: parseYaml(/^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '') as Entry };
      }),
  );

const known: Record<FrameworkField, Readonly<Record<string, unknown>>> = {
  cisControls: cisSafeguards,
  nistCsf: nistCsfSubcategories,
  cisAws: cisAwsControls,
  securityHub: securityHubControls,
  attack: attackTechniques,
};

describe('framework ids on checklist items and guides', () => {
  it('are all ids the frameworks modules know', () => {
    const unknown = [...checklist, ...guides].flatMap(({ id, data }) =>
      frameworkFields.flatMap((field) => (data[field] ?? []).filter((x) => !(x in known[field])).map((x) => `${id}: ${field} ${x}`)),
    );
    expect(unknown).toEqual([]);
  });

  it('name no id twice in one list', () => {
    const twice = [...checklist, ...guides].flatMap(({ id, data }) =>
      frameworkFields.filter((field) => new Set(data[field] ?? []).size !== (data[field] ?? []).length).map((field) => `${id}: ${field}`),
    );
    expect(twice).toEqual([]);
  });

  it('give a CIS AWS Foundations id only beside the Security Hub control that checks it', () => {
    const alone = [...checklist, ...guides].flatMap(({ id, data }) =>
      (data.cisAws ?? []).filter((cis) => !cisAwsControls[cis]!.securityHub.some((sh) => data.securityHub?.includes(sh))).map((cis) => `${id}: ${cis}`),
    );
    expect(alone).toEqual([]);
  });

  it('are on at least 60 of the 76 checklist items as a CIS Controls safeguard and a NIST CSF subcategory', () => {
    expect(checklist).toHaveLength(76);
    const both = checklist.filter(({ data }) => (data.cisControls ?? []).length > 0 && (data.nistCsf ?? []).length > 0);
    expect(both.length).toBeGreaterThanOrEqual(60);
    // Every item answers to NIST CSF: its Govern and Identify functions cover even the team habits.
    expect(checklist.filter(({ data }) => (data.nistCsf ?? []).length === 0).map((c) => c.id)).toEqual([]);
  });

  it('on a guide include every id of the checklist items it teaches', () => {
    const missing = guides.flatMap(({ id, data }) =>
      ((data.relatedChecklist as string[] | undefined) ?? []).flatMap((itemId) => {
        const item = checklist.find((c) => c.id === itemId)!.data;
        return frameworkFields.flatMap((field) => (item[field] ?? []).filter((x) => !(data[field] ?? []).includes(x)).map((x) => `${id} lacks ${field} ${x} of ${itemId}`));
      }),
    );
    expect(missing).toEqual([]);
  });
});

describe('the CIS Controls module', () => {
  const rows = tsv('cis-controls-v8-safeguards.tsv');
  const source = new Map(rows.map(([id, title, groups]) => [id!, { title: title!, groups: groups!.split(',').map(Number) }]));
  // The source marks these two for group 1; CIS's v8 list puts them in IG2 (see SOURCES.md).
  const notIg1 = new Set(['14.9', '17.9']);

  it('has each safeguard under the title and smallest Implementation Group the source gives', () => {
    for (const [id, safeguard] of Object.entries(cisSafeguards)) {
      const row = source.get(id);
      expect(row, id).toBeDefined();
      expect(safeguard.title, id).toBe(row!.title);
      expect(safeguard.ig, id).toBe(notIg1.has(id) ? 2 : Math.min(...row!.groups));
    }
  });

  it('holds all 56 IG1 safeguards', () => {
    const ig1 = rows.filter(([id, , groups]) => groups!.startsWith('1') && !notIg1.has(id!)).map(([id]) => id);
    expect(ig1).toHaveLength(56);
    expect(Object.keys(cisSafeguards).filter((id) => cisSafeguards[id]!.ig === 1)).toEqual(ig1);
  });
});

describe('the NIST CSF module', () => {
  const rows = tsv('nist-csf-2.0-subcategories.tsv');

  it('has the 106 subcategories with the outcome NIST states, in the framework order', () => {
    expect(rows).toHaveLength(106);
    expect(Object.entries(nistCsfSubcategories)).toEqual(rows.map(([id, , , outcome]) => [id, outcome]));
  });

  it('has the 6 functions and 22 categories each subcategory sits under', () => {
    expect(Object.keys(nistCsfFunctions)).toHaveLength(6);
    expect(Object.keys(nistCsfCategories)).toHaveLength(22);
    for (const [id, fn, category] of rows) {
      expect(`${nistCsfFunctions[id!.slice(0, 2)]!.toUpperCase()} (${id!.slice(0, 2)})`).toBe(fn);
      expect(`${nistCsfCategories[nistCsfCategoryOf(id!)]} (${nistCsfCategoryOf(id!)})`).toBe(category);
    }
  });
});

describe('the ids where a team reads them', () => {
  const origin = 'https://plainsec.dev';
  const items: ChecklistItem[] = checklist.map(({ id, data }) => {
    const item: ChecklistItem = {
      id,
      practice: data.practice as ChecklistItem['practice'],
      level: data.level as number,
      order: data.order as number,
      title: data.title as string,
      why: data.why as string,
      howToCheck: data.howToCheck as string,
      doneWhen: data.doneWhen as string,
      effort: data.effort as ChecklistItem['effort'],
    };
    const maps = pickFrameworkIds(data);
    if (maps) item.maps = maps;
    return item;
  });
  const ordered = practiceIds.flatMap((p) => items.filter((i) => i.practice === p));

  it('the CSV has a column per framework, with every id of every item', () => {
    const rows = parseCsv(checklistCsv(ordered, {}, '2026-11-30', origin), { columns: true }) as Record<string, string>[];
    for (const item of ordered) {
      const row = rows.find((r) => r.id === item.id)!;
      for (const field of frameworkFields) expect(row[frameworkNames[field]], `${item.id} ${field}`).toBe((item.maps?.[field] ?? []).join('; '));
    }
    expect(rows.find((r) => r.id === 'ss-trail-all-regions')).toMatchObject({ 'CIS Controls': '8.2', 'NIST CSF': 'DE.CM-03; PR.PS-04', 'Security Hub': 'CloudTrail.1; CloudTrail.4' });
  });

  it('the Markdown task list says what each item maps to', () => {
    const lines = checklistMarkdown(ordered, {}, '2026-11-30', origin).split('\n').filter((l) => l.startsWith('- ['));
    expect(lines).toHaveLength(76);
    const trail = lines.find((l) => l.includes('CloudTrail records every region'))!;
    expect(trail).toContain('maps to CIS Controls 8.2; NIST CSF DE.CM-03, PR.PS-04; CIS AWS Foundations 3.1, 3.2; Security Hub CloudTrail.1, CloudTrail.4; MITRE ATT&CK T1562.008');
    for (const item of ordered.filter((i) => i.maps)) {
      const line = lines.find((l) => l.includes(`maps to ${mapsToText(item.maps, '; ')}`));
      expect(line, item.id).toBeDefined();
    }
  });

  it("the item's details say Maps to, each framework's name linking to its public page", () => {
    const item = items.find((i) => i.id === 'ss-root-mfa-no-keys')!;
    const html = parseHtml(itemDetailsHtml(item));
    const maps = html.querySelectorAll('p').find((p) => p.textContent.startsWith('Maps to:'))!;
    expect(maps.textContent).toBe('Maps to: CIS Controls 6.5, 5.4 · NIST CSF PR.AA-03 · CIS AWS Foundations 1.4, 1.5, 1.6 · Security Hub IAM.4, IAM.9, IAM.6 · MITRE ATT&CK T1078.004');
    expect(maps.querySelectorAll('a').map((a) => a.getAttribute('href'))).toEqual(frameworkFields.map((f) => frameworkUrls[f]));
  });
});
