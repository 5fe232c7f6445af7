/**
 * The fix-first exports: Markdown that GitHub reads as a task list per bucket (ticks kept, names
 * from reports kept as text inside their item), CSV that parses back to the same rows, spreadsheet
 * formulas kept as text, a chat message that always fits, and words that pass the plain-words check.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { marked, type Token, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { readReport } from '../../../src/lib/fix-first/detect.ts';
import { chatLimit, csvColumns, csvField, fixFirstChat, fixFirstCsv, fixFirstMarkdown, type FixFirstExportInput } from '../../../src/lib/fix-first/exports.ts';
import { readKev } from '../../../src/lib/fix-first/kev.ts';
import { upgradeKey, type Finding, type Plan, type Upgrade } from '../../../src/lib/fix-first/model.ts';
import { planFixes } from '../../../src/lib/fix-first/plan.ts';
import { bucketHeading, bucketTitles } from '../../../src/lib/fix-first/words.ts';
import { plainWordsProblems, siteGlossary } from '../../support/plain-words.ts';
import { reasons, skipWhenMissing } from '../../support/skips.ts';

const fixtures = path.join(process.cwd(), 'tests', 'fixtures', 'fix-first');
const corpus = path.join(process.cwd(), '..', 'shared', 'corpora', 'scanner-reports');
const day = '2026-12-06';

/** A finding with plain defaults; each test changes what it needs. */
function finding(over: Partial<Finding>): Finding {
  return { where: 'web:1.4', whereKind: 'image', package: 'openssl', ecosystem: 'debian', installed: '3.0.2', id: 'CVE-2024-0001', aliases: [], severity: 'HIGH', epss: null, kev: false, fixedIn: ['3.0.13'], ...over };
}

/** Findings in every bucket, with a rebuild step for the image (most of its holes are system packages with fixes). */
const handMade: Finding[] = [
  finding({ id: 'CVE-2024-0001', kev: true }),
  finding({ id: 'CVE-2024-0002', severity: 'CRITICAL' }),
  finding({ package: 'zlib', installed: '1.2.11', id: 'CVE-2024-0003', severity: 'CRITICAL', fixedIn: ['1.2.12'] }),
  finding({ package: 'curl', installed: '7.88.1', id: 'CVE-2024-0004', severity: 'HIGH', fixedIn: ['7.88.2'] }),
  finding({ package: 'tar', installed: '1.34', id: 'CVE-2024-0005', severity: 'LOW', fixedIn: ['1.35'] }),
  finding({ where: 'app/package-lock.json', whereKind: 'files', ecosystem: 'npm', package: 'lodash', installed: '4.17.20', id: 'CVE-2024-0006', severity: 'MEDIUM', fixedIn: [] }),
];

function inputOf(plan: Plan, over: Partial<FixFirstExportInput> = {}): FixFirstExportInput {
  return { plan, done: new Set(), sources: ['trivy.json (Trivy JSON)'], kevUsed: false, day, ...over };
}

/** A report (from the fixtures unless a folder is given), planned with the KEV excerpt. */
function fixturePlan(name: string, folder = fixtures): Plan {
  const report = readReport(JSON.parse(readFileSync(path.join(folder, name), 'utf8')));
  if (!report.ok) throw new Error(report.error);
  const kev = readKev(JSON.parse(readFileSync(path.join(fixtures, 'kev-excerpt.json'), 'utf8')));
  if (!kev.ok) throw new Error(kev.error);
  return planFixes(report.findings, kev.ids);
}

/** The text a token shows, escapes resolved. */
function textOf(token: Token): string {
  if (token.type === 'checkbox') return '';
  if ('tokens' in token && token.tokens) return token.tokens.map(textOf).join('');
  return 'text' in token && typeof token.text === 'string' ? token.text : '';
}

/** Every inline token type used under a token. */
function typesUnder(token: Token): string[] {
  const children = 'tokens' in token && token.tokens ? token.tokens : [];
  return children.flatMap((t) => [t.type, ...typesUnder(t)]);
}

/** The Markdown's task items, each with the bucket heading it sits under. */
function tasksOf(markdown: string): { heading: string; item: Tokens.ListItem }[] {
  const out: { heading: string; item: Tokens.ListItem }[] = [];
  let heading = '';
  for (const token of marked.lexer(markdown, { gfm: true })) {
    if (token.type === 'heading') heading = `${token.depth} ${textOf(token)}`;
    if (token.type === 'list') for (const item of (token as Tokens.List).items) out.push({ heading, item });
  }
  return out;
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('the fix-first plan as Markdown for a GitHub issue', () => {
  const plan = planFixes(handMade);
  const keys = plan.upgrades.map(upgradeKey);

  it('has one task per step, ticked where the step is done, under its bucket heading, in the plan’s order', () => {
    expect(plan.upgrades.some((u) => u.package === null)).toBe(true);
    const done = new Set([keys[1]!, keys[3]!, 'a key from another report']);
    const tasks = tasksOf(fixFirstMarkdown(inputOf(plan, { done })));
    expect(tasks).toHaveLength(plan.upgrades.length);
    for (const [i, { heading, item }] of tasks.entries()) {
      const u = plan.upgrades[i]!;
      expect(item.task).toBe(true);
      expect(item.checked).toBe(done.has(keys[i]!));
      expect(heading).toBe(`2 ${bucketHeading(u.bucket)}`);
      expect(squash(textOf(item))).toBe(squash(`${u.line} ${u.why}`));
    }
  });

  it('starts with the numbers, says what was read on which day, and ends with the holes per bucket and how many steps are done', () => {
    const md = fixFirstMarkdown(inputOf(plan, { done: new Set([keys[0]!]), sources: ['trivy.json (Trivy JSON)', 'grype.json (Grype JSON)'], kevUsed: true }));
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Fix first: 5 upgrades for 6 known holes');
    expect(lines[2]).toBe('Read trivy.json (Trivy JSON) and grype.json (Grype JSON) on 2026-12-06. The holes were matched against CISA’s list of holes used in real attacks.');
    expect(md.trimEnd().split('\n').slice(-2)).toEqual(['Known holes by bucket: today 1, this week 2, this month 1, later 1, no fix yet 1.', `1 of the ${plan.upgrades.length} steps above is done.`]);
    expect(fixFirstMarkdown(inputOf(plan))).toContain('No list of holes used in real attacks was given');
  });

  it('names the owner on the task where one is set', () => {
    const md = fixFirstMarkdown(inputOf(plan, { owners: { [keys[0]!]: 'Ana', [keys[2]!]: '  ' } }));
    const tasks = tasksOf(md);
    expect(squash(textOf(tasks[0]!.item))).toContain(' — owner: Ana ');
    expect(tasks.filter(({ item }) => textOf(item).includes('owner:'))).toHaveLength(1);
  });

  it('keeps names with Markdown characters and line breaks as text inside their own task', () => {
    const hostile = [
      finding({ where: 'evil|img:1 <b>', package: '**bold** _x_ `code` [link](javascript:alert) ~~gone~~ &lt; $x$', installed: '1.0\n## Injected heading\n- [x] fake task', id: 'CVE-2024-1000', kev: true }),
      finding({ where: 'app\r\n| a | b |\n| - | - |', whereKind: 'files', ecosystem: 'npm', package: '#tag\\', installed: '2.0\\', id: 'CVE-2024-1001', severity: 'LOW', fixedIn: ['2.1'] }),
    ];
    const hostilePlan = planFixes(hostile);
    const hostileKeys = hostilePlan.upgrades.map(upgradeKey);
    const md = fixFirstMarkdown(inputOf(hostilePlan, { owners: { [hostileKeys[0]!]: 'Ana\n- [x] Bo *now*' }, sources: ['a_b*c[1].json\n# x'] }));
    const tokens = marked.lexer(md, { gfm: true });
    // Only our own headings and lists: nothing from the names became a heading, a table or a task.
    expect(tokens.filter((t) => t.type === 'heading').map((t) => textOf(t))).toEqual(['Fix first: 2 upgrades for 2 known holes', ...new Set(hostilePlan.upgrades.map((u) => bucketHeading(u.bucket)))]);
    expect(tokens.some((t) => t.type === 'table' || t.type === 'html' || t.type === 'code')).toBe(false);
    const tasks = tasksOf(md);
    expect(tasks).toHaveLength(hostilePlan.upgrades.length);
    for (const [i, { item }] of tasks.entries()) {
      const u = hostilePlan.upgrades[i]!;
      expect(new Set(typesUnder(item))).toEqual(new Set(['checkbox', 'text', 'escape']));
      expect(squash(textOf(item))).toBe(squash(`${u.line}${i === 0 ? ' — owner: Ana - [x] Bo *now*' : ''} ${u.why}`));
    }
    expect(squash(textOf(tokens.find((t) => t.type === 'paragraph')!))).toContain('Read a_b*c[1].json # x on 2026-12-06.');
  });

  it('says so when the reports hold no known holes', () => {
    const md = fixFirstMarkdown(inputOf(planFixes([])));
    expect(md.split('\n')[0]).toBe('# Fix first: no known holes in these reports');
    expect(tasksOf(md)).toHaveLength(0);
    expect(md).toContain('Nothing to fix.');
  });
});

describe('the fix-first plan as CSV', () => {
  const plan = planFixes(handMade);
  const keys = plan.upgrades.map(upgradeKey);

  it('parses back with a CSV parser into a header row and one row per step, every column in place', () => {
    const owners = { [keys[0]!]: 'Ana, "the lead"' };
    const csv = fixFirstCsv(inputOf(plan, { done: new Set([keys[1]!]), owners }));
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows: string[][] = parse(csv, { relax_column_count: false });
    expect(rows[0]).toEqual([...csvColumns]);
    expect(rows).toHaveLength(plan.upgrades.length + 1);
    for (const [i, u] of plan.upgrades.entries()) {
      const rebuild = u.package === null;
      expect(rows[i + 1]).toEqual([
        String(i + 1),
        bucketTitles[u.bucket],
        i === 1 ? 'yes' : 'no',
        owners[keys[i]!] ?? '',
        u.where,
        u.package ?? '',
        u.installed ?? '',
        typeof u.target === 'string' ? u.target : (u.target ?? []).join(' or '),
        rebuild ? '' : String(u.findings.length),
        rebuild ? '' : String(u.findings.filter((f) => f.kev).length),
        u.findings.map((f) => f.id).join(', '),
        u.why,
      ]);
    }
  });

  it('keeps commas, quotes and line breaks from the report inside their cell', () => {
    const odd = planFixes([finding({ where: 'web "prod", eu', package: 'lib\r\nfoo', installed: '1,2', id: 'CVE-2024-2000', fixedIn: ['1.3', '2.0'], ecosystem: 'unknown-kind' })]);
    const rows: string[][] = parse(fixFirstCsv(inputOf(odd)), { relax_column_count: false });
    const row = rows.find((r) => r[5] === 'lib\r\nfoo')!;
    expect(row.slice(4, 7)).toEqual(['web "prod", eu', 'lib\r\nfoo', '1,2']);
    expect(rows.every((r) => r.length === csvColumns.length)).toBe(true);
  });

  it('keeps a cell that starts like a spreadsheet formula as text', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+cmd')).toBe("'+cmd");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    const formulas = planFixes([finding({ where: '@evil', package: '=HYPERLINK("https://example.com")', installed: '+1', id: 'CVE-2024-3000', ecosystem: 'unknown-kind', fixedIn: ['-2'] })]);
    const key = upgradeKey(formulas.upgrades.find((u) => u.package !== null)!);
    const rows: string[][] = parse(fixFirstCsv(inputOf(formulas, { owners: { [key]: '=cmd|calc' } })), { relax_column_count: false });
    const row = rows.find((r) => r[5]!.includes('HYPERLINK'))!;
    expect([row[3], row[4], row[5], row[6], row[7]]).toEqual(["'=cmd|calc", "'@evil", '\'=HYPERLINK("https://example.com")', "'+1", "'-2"]);
  });
});

describe('the fix-first plan as a chat message', () => {
  const plan = planFixes(handMade);
  const keys = plan.upgrades.map(upgradeKey);

  it('gives the day, the upgrades per bucket, the first three steps not done and how many are done', () => {
    const chat = fixFirstChat(inputOf(plan, { done: new Set([keys[0]!]) }));
    const open = plan.upgrades.slice(1, 4).map((u) => u.line);
    expect(chat).toBe(`Fix first (2026-12-06): 1 upgrade today, 1 this week, 1 this month, 1 later and 1 with no fix yet. Top: 1) ${open[0]} 2) ${open[1]} 3) ${open[2]} 1 of ${plan.upgrades.length} done.`);
    expect(chat.length).toBeLessThanOrEqual(chatLimit);
  });

  it('says when everything is done, and when there is nothing to fix', () => {
    expect(fixFirstChat(inputOf(plan, { done: new Set(keys) }))).toBe(`Fix first (2026-12-06): 1 upgrade today, 1 this week, 1 this month, 1 later and 1 with no fix yet. All ${keys.length} done.`);
    expect(fixFirstChat(inputOf(planFixes([])))).toBe('Fix first (2026-12-06): no known holes in these reports.');
  });

  it('stays within 600 characters for a huge plan with very long names', () => {
    const long = 'x'.repeat(400);
    const huge = planFixes(
      Array.from({ length: 2000 }, (_, i) => finding({ where: `${long}-${i % 50}`, package: `${long}-${i}`, installed: long, id: `CVE-2024-${10000 + i}`, kev: i % 3 === 0, severity: i % 2 ? 'CRITICAL' : 'LOW', fixedIn: i % 7 ? ['9'] : [], ecosystem: 'unknown-kind' })),
    );
    expect(huge.upgrades.length).toBeGreaterThan(1000);
    const chat = fixFirstChat(inputOf(huge, { done: new Set(huge.upgrades.slice(0, 5).map(upgradeKey)) }));
    expect(chat.length).toBeLessThanOrEqual(chatLimit);
    expect(chat).toMatch(/^Fix first \(2026-12-06\): \d+ upgrades today, /);
    expect(chat).toMatch(/ 5 of \d+ done\.$/);
    expect(chat).toContain(' Top: ');
  });
});

/** Every export of a plan agrees with the plan: one task and one row per step, in order, ticks kept. */
function expectExportsMatch(plan: Plan): void {
  const done = new Set(plan.upgrades.filter((_, i) => i % 2 === 1).map(upgradeKey));
  const input = inputOf(plan, { done, kevUsed: true });
  const tasks = tasksOf(fixFirstMarkdown(input));
  expect(tasks.map(({ heading, item }) => [heading, item.task, item.checked])).toEqual(plan.upgrades.map((u) => [`2 ${bucketHeading(u.bucket)}`, true, done.has(upgradeKey(u))]));
  const rows: string[][] = parse(fixFirstCsv(input), { relax_column_count: false });
  expect(rows.slice(1).map((r) => [r[0], r[2], r[4], r[5]])).toEqual(plan.upgrades.map((u, i) => [String(i + 1), done.has(upgradeKey(u)) ? 'yes' : 'no', u.where, u.package ?? '']));
  expect(fixFirstChat(input).length).toBeLessThanOrEqual(chatLimit);
}

describe('the exports of real reports', () => {
  it.each(['inspector-findings.json', 'dependabot-alerts.json', 'asff-findings.json'])('%s: one task and one row per step, ticks kept', (name) => {
    expectExportsMatch(fixturePlan(name));
  });

  it.skipIf(skipWhenMissing(existsSync(corpus), reasons.corpora))('every corpus report: one task and one row per step, ticks kept', () => {
    const names = readdirSync(corpus).filter((name) => name.endsWith('.json'));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expectExportsMatch(fixturePlan(name, corpus));
  });
});

describe('the words of the fix-first exports', () => {
  it('pass the plain-words check for the vendor examples and a hand-made plan', () => {
    const terms = siteGlossary();
    const plans = [fixturePlan('inspector-findings.json'), fixturePlan('dependabot-alerts.json'), fixturePlan('asff-findings.json'), planFixes(handMade)];
    for (const plan of plans) {
      // The holes' IDs are the report's names, not our words: masked as words.test.ts does.
      const ids = [...new Set(plan.upgrades.flatMap((u: Upgrade) => u.findings.flatMap((f) => [f.id, ...f.aliases])))].sort((a, b) => b.length - a.length);
      const mask = (text: string) => ids.reduce((t, id) => t.split(id).join('the-id'), text);
      const input = inputOf(plan, { done: new Set([upgradeKey(plan.upgrades[0]!)]), kevUsed: true });
      const markdown = fixFirstMarkdown(input).replace(/\\(.)/g, '$1');
      const prose = [...markdown.split('\n').filter((l) => l !== '').map((l) => l.replace(/^(#+ |- \[[ x]\] |\s+)/, '')), fixFirstChat(input), fixFirstCsv(input).split('\r\n')[0]!];
      expect(prose.flatMap((text) => plainWordsProblems(mask(text), terms))).toEqual([]);
    }
  });
});
