/**
 * The checklist as a team uses it: ticks, owners, due dates and notes kept across reloads,
 * statuses, filters, the four exports read back by real parsers, loading files (and refusing bad
 * ones), the v1 store from before owners and dates, the links to and from the self-assessment,
 * the page without JavaScript and in print, and accessibility in each state in both themes.
 */
import { type Browser, type Page } from '@playwright/test';
import { test, expect, newContext, fixedNow } from './fixtures.ts';
import { fillStorage } from './full-storage.ts';
import { checklistReady as ready, openDetails } from './tool-states.ts';
import AxeBuilder from '@axe-core/playwright';
import { readdirSync } from 'node:fs';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { marked } from 'marked';
import { parse as parseHtml } from 'node-html-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
/** How many items the checklist has: one per file in content/checklist, so new items need no edit here. */
const itemCount = readdirSync(path.join(process.cwd(), 'content', 'checklist')).filter((name) => name.endsWith('.yaml')).length;
const v2Key = 'plainsec:checklist:v2';
const v1Key = 'plainsec:checklist:v1';

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(tags).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/** Puts text in the browser's storage once, before the page's own code runs (a reload keeps what the page saved). */
async function seed(page: Page, entries: Record<string, unknown>): Promise<void> {
  await page.addInitScript((values) => {
    if (sessionStorage.getItem('seeded')) return;
    for (const [key, value] of Object.entries(values)) localStorage.setItem(key, typeof value === 'string' ? value : JSON.stringify(value));
    sessionStorage.setItem('seeded', '1');
  }, entries);
}

/** Today and other days where the browser is, as the page counts them. */
async function browserDay(page: Page, offset = 0): Promise<string> {
  return page.evaluate((days) => {
    const d = new Date();
    d.setDate(d.getDate() + days);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }, offset);
}

const item = (page: Page, id: string) => page.locator(`li[id="${id}"]`);

async function downloadText(page: Page, button: string): Promise<{ text: string; name: string; file: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const file = await download.path();
  return { text: await readFile(file, 'utf8'), name: download.suggestedFilename(), file };
}

async function storedItems(page: Page): Promise<unknown> {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{"items":null}').items, v2Key);
}

test('a ticked item with an owner, a due date and notes is kept after a reload, and the counts follow', async ({ page }) => {
  await page.goto('/checklist/');
  await ready(page);
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Start somewhere', level: 2 }) });
  await expect(section.getByRole('heading', { name: /^Level 1 · 0 of \d+ done$/ })).toBeVisible();
  const first = section.locator('li.checklist__item').first();
  const id = (await first.getAttribute('id'))!;
  await first.getByRole('checkbox').check();
  await expect(section.getByRole('heading', { name: /^Level 1 · 1 of \d+ done$/ })).toBeVisible();
  await expect(page.getByText(new RegExp(`^1 of ${itemCount} done overall$`))).toBeVisible();
  await openDetails(page, id);
  await first.getByLabel('Owner').fill('Ana');
  await first.getByLabel('Owner').press('Enter');
  await first.getByLabel('Due').fill('2027-01-15');
  await first.getByLabel('Notes').fill('Checked with Bo.');
  await first.getByLabel('Notes').blur();
  const today = await browserDay(page);
  await expect(first.getByLabel('Done on')).toHaveValue(today);

  await page.reload();
  await ready(page);
  const again = item(page, id);
  await expect(again.getByRole('checkbox')).toBeChecked();
  await expect(again.locator('.checklist__meta')).toContainText('Owner: Ana');
  await expect(again.locator('.checklist__meta')).toContainText('Due 2027-01-15');
  await expect(again.locator('.checklist__meta')).toContainText(`Done on ${today}`);
  await openDetails(page, id);
  await expect(again.getByLabel('Notes')).toHaveValue('Checked with Bo.');
  await expect(section.getByRole('heading', { name: /^Level 1 · 1 of \d+ done$/ })).toBeVisible();
});

test('the done date can be changed, and clearing it unticks the item', async ({ page }) => {
  await seed(page, { [v2Key]: { version: 2, items: { 'ss-owner-named': { done: '2026-01-05' } } } });
  await page.goto('/checklist/#ss-owner-named');
  await ready(page);
  const owner = item(page, 'ss-owner-named');
  await expect(owner.getByLabel('Done on')).toHaveValue('2026-01-05');
  await owner.getByLabel('Done on').fill('2026-02-10');
  // 90 days after the new day.
  await expect(owner.locator('.status')).toHaveText('Due for a re-check since 2026-05-11');
  await owner.getByLabel('Done on').fill('');
  await expect(owner.getByRole('checkbox')).not.toBeChecked();
});

test('an item done 100 days ago with a 90-day cadence is due for a re-check, and one past its due date is overdue', async ({ page }) => {
  await page.goto('/checklist/');
  const hundredDaysAgo = await browserDay(page, -100);
  const tenDaysAgo = await browserDay(page, -10);
  const yesterday = await browserDay(page, -1);
  const today = await browserDay(page);
  await page.evaluate(
    ([key, state]) => localStorage.setItem(key!, state!),
    [
      v2Key,
      JSON.stringify({
        version: 2,
        items: {
          // Both have a 90-day cadence in content/checklist.
          'ss-owner-named': { done: hundredDaysAgo },
          'ss-inventory-exists': { done: today },
          'ss-first-week-plan': { due: yesterday },
          'ss-root-mfa-no-keys': { due: today },
        },
      }),
    ],
  );
  await page.reload();
  await ready(page);
  await expect(item(page, 'ss-owner-named').locator('.status')).toHaveText(`Due for a re-check since ${tenDaysAgo}`);
  await expect(item(page, 'ss-inventory-exists').locator('.status')).toHaveText(`Done on ${today}`);
  await expect(item(page, 'ss-first-week-plan').locator('.status')).toHaveText(`Overdue since ${yesterday}`);
  await expect(item(page, 'ss-root-mfa-no-keys').locator('.status')).toHaveText('To do');
  // A re-check is still work that was done.
  await expect(item(page, 'ss-owner-named').getByRole('checkbox')).toBeChecked();
});

test('filters show one owner, only what is mine, a status or a level, and say how many items are shown', async ({ page }) => {
  await seed(page, {
    [v2Key]: {
      version: 2,
      items: {
        'ss-owner-named': { owner: 'Ana' },
        'tbv-alerts-reach-chat': { owner: 'Ana', done: '2026-11-01' },
        'eos-security-buddy': { owner: 'Bo' },
      },
    },
  });
  await page.goto('/checklist/');
  await ready(page);
  const visibleIds = () => page.locator('li.checklist__item:visible').evaluateAll((els) => els.map((e) => e.id));

  await page.getByLabel('Owner', { exact: true }).first().selectOption({ label: 'Ana' });
  await expect(page.getByText(`Showing 2 of ${itemCount} items.`)).toBeVisible();
  expect(await visibleIds()).toEqual(['ss-owner-named', 'tbv-alerts-reach-chat']);
  await expect(page.getByRole('heading', { name: 'Everyone owns security', level: 2 })).toBeHidden();

  await page.getByLabel('Owner', { exact: true }).first().selectOption({ label: 'Anyone' });
  await page.getByLabel('Your name').fill('bo');
  await page.getByLabel('Your name').press('Enter');
  await page.getByLabel('Show only what is mine').check();
  expect(await visibleIds()).toEqual(['eos-security-buddy']);

  await page.getByLabel('Show only what is mine').uncheck();
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Done' });
  expect(await visibleIds()).toEqual(['tbv-alerts-reach-chat']);

  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Any status' });
  await page.getByLabel('Practice', { exact: true }).selectOption({ label: 'Trust but verify' });
  await page.getByLabel('Level', { exact: true }).selectOption({ label: 'Level 3' });
  await expect(page.getByText('No items match these filters.')).toBeVisible();
});

test('new owners are offered as suggestions from the owners already used', async ({ page }) => {
  await seed(page, { [v2Key]: { version: 2, items: { 'ss-owner-named': { owner: 'Ana' }, 'ss-leak-plan': { owner: 'Bo' } } } });
  await page.goto('/checklist/');
  await ready(page);
  const options = await page.locator('datalist#checklist-owners option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
  expect(options.sort()).toEqual(['Ana', 'Bo']);
  await openDetails(page, 'ss-first-week-plan');
  await expect(item(page, 'ss-first-week-plan').getByLabel('Owner')).toHaveAttribute('list', 'checklist-owners');
});

test('items are compact until opened, and the details hold why, how to check, done when, the question and the guide', async ({ page }) => {
  await page.goto('/checklist/');
  await ready(page);
  const it = item(page, 'eos-review-after-every-incident');
  await expect(it.getByText('Done when:')).toBeHidden();
  await expect(it.locator('.checklist__meta')).toContainText('Level 2');
  await expect(it.locator('.checklist__meta')).toContainText('An hour or less');
  await openDetails(page, 'eos-review-after-every-incident');
  for (const words of ['Why:', 'How to check:', 'Done when:', 'Check again:', 'Guide:']) await expect(it.getByText(words)).toBeVisible();
  await expect(it.getByRole('link', { name: 'Learning from incidents' })).toHaveAttribute('href', '/assessment/#eos-blameless-reviews');
});

test('the four exports parse with real parsers, and the JSON validates and loads back identically in a fresh browser', async ({ page, browser, request }) => {
  await seed(page, {
    [v2Key]: {
      version: 2,
      items: {
        'ss-owner-named': { done: '2026-08-01', owner: 'Ana, lead', notes: 'Line one\nline "two"; ünïcödé' },
        'ss-first-week-plan': { owner: 'Bo', due: '2027-01-15' },
        'tbv-branch-protection': { done: '2026-11-20' },
      },
    },
  });
  await page.goto('/checklist/');
  await ready(page);

  // Markdown: shown on the page (and copied when the browser allows it), rendered to a task list.
  await page.getByRole('button', { name: 'Copy as a task list (Markdown)' }).click();
  const markdown = await page.getByLabel('Task list in Markdown').inputValue();
  const html = parseHtml(marked.parse(markdown, { gfm: true, async: false }) as string);
  const boxes = html.querySelectorAll('li > input[type="checkbox"]');
  expect(boxes).toHaveLength(itemCount);
  expect(boxes.filter((b) => b.hasAttribute('checked'))).toHaveLength(2);
  expect(markdown).toContain('owner: Ana, lead');
  expect(html.querySelectorAll('h2').map((h) => h.text)).toEqual(['Start somewhere', 'Trust but verify', 'Everyone owns security']);

  // CSV
  const csv = await downloadText(page, 'Download CSV');
  expect(csv.name).toMatch(/^plainsec-checklist-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = parseCsv(csv.text, { columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(itemCount);
  const owner = rows.find((r) => r.id === 'ss-owner-named')!;
  expect(owner).toMatchObject({ owner: 'Ana, lead', 'done on': '2026-08-01', 'next re-check': '2026-10-30', notes: 'Line one\nline "two"; ünïcödé' });
  expect(owner['guide URL']).toMatch(/^http:\/\/localhost:\d+\/guides\/start-somewhere\//);

  // Calendar
  const ics = await downloadText(page, 'Download calendar (.ics)');
  expect(ics.text).toMatch(/^BEGIN:VCALENDAR\r\n/);
  const events = new ICAL.Component(ICAL.parse(ics.text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const byUid = Object.fromEntries(events.map((e) => [e.uid, e]));
  expect(byUid['due-ss-first-week-plan@localhost']!.startDate.toString()).toBe('2027-01-15');
  expect(byUid['recheck-ss-owner-named@localhost']!.startDate.toString()).toBe('2026-10-30');
  expect(byUid['recheck-ss-owner-named@localhost']!.description).toContain('Owner: Ana, lead');

  // JSON, valid against the schema the site publishes
  const json = await downloadText(page, 'Save as a file (JSON)');
  const schema = (await (await request.get('/schemas/checklist.schema.json')).json()) as object;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  const saved = JSON.parse(json.text) as { items: unknown };
  expect(validate(saved), JSON.stringify(validate.errors)).toBe(true);

  // … and loaded into a browser that has never seen this checklist.
  const copy = await freshPage(browser);
  await copy.goto('/checklist/');
  await ready(copy);
  await copy.getByLabel(/^Load a saved checklist/).setInputFiles(json.file);
  await expect(copy.locator('.checklist-files__status')).toContainText('to your checklist: 3 items added.');
  expect(await storedItems(copy)).toEqual(saved.items);
  const again = await downloadText(copy, 'Save as a file (JSON)');
  expect((JSON.parse(again.text) as { items: unknown }).items).toEqual(saved.items);
  await expect(item(copy, 'ss-owner-named').locator('.checklist__meta')).toContainText('Owner: Ana, lead');
  await copy.context().close();
});

async function freshPage(browser: Browser): Promise<Page> {
  const context = await newContext(browser, { baseURL: test.info().project.use.baseURL });
  return context.newPage();
}

async function fileNamed(name: string, text: string | Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'plainsec-checklist-'));
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

test('a bad, oversized or future-version file gives a plain-words error and changes nothing', async ({ page }) => {
  const mine = { 'ss-owner-named': { done: '2026-11-01', owner: 'Ana' } };
  await seed(page, { [v2Key]: { version: 2, items: mine } });
  await page.goto('/checklist/');
  await ready(page);
  const load = page.getByLabel(/^Load a saved checklist/);
  const cases: [string, string | Buffer, RegExp][] = [
    ['broken.json', '{"formatVersion": 1, "items": {', /not readable JSON/],
    ['future.json', JSON.stringify({ formatVersion: 9, items: {} }), /newer Plainsec \(format 9\)/],
    ['damaged.json', JSON.stringify({ formatVersion: 1, items: { 'ss-owner-named': { done: 'last week' } } }), /items\.ss-owner-named\.done must be a day/],
    ['huge.json', Buffer.alloc(1_100_000, 32), /1\.10 MB; a checklist file is at most 1 MB/],
  ];
  for (const [name, text, message] of cases) {
    await load.setInputFiles(await fileNamed(name, text));
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(message);
    await expect(alert).toContainText(`"${name}"`);
    await expect(alert).toContainText('Nothing was changed.');
    expect(await storedItems(page)).toEqual(mine);
  }
  await expect(item(page, 'ss-owner-named').getByRole('checkbox')).toBeChecked();
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toHaveCount(0);
});

test('loading a file adds to the checklist and keeps what was set here; replacing is a choice, and Undo works after a reload and says when the backup was taken', async ({ page }) => {
  const mine = { 'ss-owner-named': { done: '2026-11-01', owner: 'Ana' } };
  await seed(page, { [v2Key]: { version: 2, items: mine } });
  await page.goto('/checklist/');
  await ready(page);
  const theirs = { formatVersion: 1, items: { 'ss-owner-named': { owner: 'Bo' }, 'tbv-branch-protection': { owner: 'Cy', due: '2027-02-01' } } };
  await page.getByLabel(/^Load a saved checklist/).setInputFiles(await fileNamed('theirs.json', JSON.stringify(theirs)));
  await expect(page.locator('.checklist-files__status')).toContainText('Added "theirs.json" to your checklist: 1 item added; 1 item kept as you had it');
  await expect(item(page, 'ss-owner-named').getByRole('checkbox')).toBeChecked();
  await expect(item(page, 'ss-owner-named').locator('.checklist__meta')).toContainText('Owner: Ana');
  await expect(item(page, 'tbv-branch-protection').locator('.checklist__meta')).toContainText('Owner: Cy');

  await page.getByRole('button', { name: 'Replace my checklist with “theirs.json” instead' }).click();
  await expect(item(page, 'ss-owner-named').getByRole('checkbox')).not.toBeChecked();
  await expect(item(page, 'ss-owner-named').locator('.checklist__meta')).toContainText('Owner: Bo');

  await page.reload();
  await ready(page);
  await expect(page.getByRole('status').filter({ hasText: 'Replaced the checklist with "theirs.json"' })).toContainText('Your checklist before that was kept as a backup today at 10:00');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(item(page, 'ss-owner-named').getByRole('checkbox')).toBeChecked();
  // Undo goes back one step: to the checklist with the file added, before the replace.
  expect(await storedItems(page)).toEqual({ ...mine, 'tbv-branch-protection': { owner: 'Cy', due: '2027-02-01' } });
  // Undo swaps, so what it took away is one more Undo away; keeping the checklist closes the offer.
  await expect(page.getByRole('status').filter({ hasText: 'Undo put back your earlier checklist. Your checklist before that was kept as a backup' })).toBeVisible();
  await page.getByRole('button', { name: 'Keep it as it is now' }).click();
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toHaveCount(0);
});

test(`the checklist shows that it is reading saved progress, never "0 of ${itemCount}" or "nobody yet", until the saved state appears`, async ({ page }) => {
  await seed(page, { [v2Key]: { version: 2, items: { 'ss-owner-named': { done: '2026-11-01', owner: 'Ana' } } } });
  // Hold the page's scripts back, as a slow phone would, to see the page before they run.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/_astro/*.js', async (route) => {
    await held;
    await route.continue();
  });
  // Module scripts hold back DOMContentLoaded, so wait only for the page to arrive.
  await page.goto('/checklist/', { waitUntil: 'commit' });
  await expect(page.locator('#checklist-overall')).toHaveText('Reading your saved progress…');
  await expect(page.getByText(/\b0 of \d+ done/)).toHaveCount(0);
  await expect(page.locator('.checklist__meta').getByText('nobody yet')).toHaveCount(0);
  release();
  await ready(page);
  await expect(page.locator('#checklist-overall')).toHaveText(`1 of ${itemCount} done overall`);
  await expect(item(page, 'ss-owner-named').locator('.checklist__meta')).toContainText('Owner: Ana');
});

test('two tabs each tick a different item and both ticks survive a reload', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  for (const tab of [first, second]) {
    await tab.goto('/checklist/');
    await ready(tab);
  }
  await item(first, 'ss-owner-named').getByRole('checkbox').check();
  await item(second, 'tbv-branch-protection').getByRole('checkbox').check();
  // The first tab sees the second tab's tick without a reload.
  await expect(item(first, 'tbv-branch-protection').getByRole('checkbox')).toBeChecked();
  for (const tab of [first, second]) {
    await tab.reload();
    await ready(tab);
    await expect(item(tab, 'ss-owner-named').getByRole('checkbox')).toBeChecked();
    await expect(item(tab, 'tbv-branch-protection').getByRole('checkbox')).toBeChecked();
  }
});

test('a v1 store from before owners and dates loads with every tick and its day kept', async ({ page }) => {
  const v1 = { version: 1, done: { 'ss-owner-named': '2026-11-01', 'tbv-alerts-reach-chat': '2026-10-15T09:30:00.000Z', 'eos-security-buddy': '2026-11-20' } };
  await seed(page, { [v1Key]: v1 });
  await page.goto('/checklist/');
  await ready(page);
  await expect(page.getByText(new RegExp(`^3 of ${itemCount} done overall$`))).toBeVisible();
  for (const [id, day] of [
    ['ss-owner-named', '2026-11-01'],
    ['tbv-alerts-reach-chat', '2026-10-15'],
    ['eos-security-buddy', '2026-11-20'],
  ] as const) {
    await expect(item(page, id).getByRole('checkbox')).toBeChecked();
    await expect(item(page, id).locator('.status')).toContainText(day);
  }
  // The first change writes version 2; the v1 text stays as it was.
  await item(page, 'ss-leak-plan').getByRole('checkbox').check();
  expect(Object.keys((await storedItems(page)) as object).sort()).toEqual(['eos-security-buddy', 'ss-leak-plan', 'ss-owner-named', 'tbv-alerts-reach-chat']);
  expect(await page.evaluate((key) => localStorage.getItem(key), v1Key)).toBe(JSON.stringify(v1));
  await page.reload();
  await ready(page);
  await expect(page.getByText(new RegExp(`^4 of ${itemCount} done overall$`))).toBeVisible();
});

test('unreadable saved progress is reported in plain words and kept aside, not thrown away', async ({ page }) => {
  await seed(page, { [v1Key]: '{broken' });
  await page.goto('/checklist/');
  await expect(page.getByRole('alert').first()).toContainText('could not be read');
  expect(await page.evaluate(() => localStorage.getItem('plainsec:checklist:v1:unreadable'))).toBe('{broken');
});

test('when storage is full the reader is told and the tick is not pretended', async ({ page }) => {
  await page.goto('/checklist/');
  await fillStorage(page);
  await ready(page);
  const box = page.locator('li.checklist__item').first().getByRole('checkbox');
  await box.click();
  await expect(page.getByRole('alert').first()).toContainText('could not save');
  await expect(box).not.toBeChecked();
});

test('a link to an item opens its details', async ({ page }) => {
  await page.goto('/checklist/#tbv-runbook-pinned');
  await ready(page);
  await expect(item(page, 'tbv-runbook-pinned').getByText('Done when:')).toBeVisible();
  await expect(item(page, 'tbv-runbook-pinned').getByRole('heading')).toBeInViewport();
  await expect(item(page, 'tbv-alerts-reach-chat').getByText('Done when:')).toBeHidden();
});

test('a quiz question shows the checklist items behind it and how many are done', async ({ page }) => {
  await seed(page, { [v2Key]: { version: 2, items: { 'eos-review-after-every-incident': { done: '2026-11-01' } } } });
  await page.goto('/assessment/');
  const ids = await page.locator('.quiz-list > li[id]').evaluateAll((items) => items.map((li) => li.id));
  const step = ids.indexOf('eos-blameless-reviews');
  const state = { version: 1, step, file: { formatVersion: 1, respondents: [{ id: 'p', answers: {}, answeredAt: fixedNow.toISOString() }] } };
  await page.evaluate((text) => localStorage.setItem('plainsec:assessment:v1', text), JSON.stringify(state));
  await page.reload();
  await expect(page.locator('#question-progress')).toBeVisible();
  await expect(page.getByText('On the checklist: 1 of 1 done')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Every incident gets a blameless review within a week' })).toHaveAttribute(
    'href',
    '/checklist/#eos-review-after-every-incident',
  );
});

/** Opens the self-assessment results with "not yet" as every answer, so there are next steps. */
async function resultsWithNextSteps(page: Page): Promise<void> {
  await page.goto('/assessment/');
  const ids = await page.locator('.quiz-list > li[id]').evaluateAll((items) => items.map((li) => li.id));
  const answers = Object.fromEntries(ids.map((id) => [id, 0]));
  const state = { version: 1, step: ids.length, file: { formatVersion: 1, respondents: [{ id: 'p', answers, answeredAt: fixedNow.toISOString() }] } };
  await page.evaluate((text) => localStorage.setItem('plainsec:assessment:v1', text), JSON.stringify(state));
  await page.goto('/assessment/#results');
  await page.reload();
}

test('the self-assessment results add the next steps to the checklist with an owner and a due date', async ({ page }) => {
  await resultsWithNextSteps(page);
  const sprint = page.getByRole('region', { name: 'This sprint' });
  const form = sprint.getByRole('form', { name: /^Add these to the checklist/ });
  await form.getByLabel('Owner').fill('Dee');
  await form.getByLabel('Due').fill('2027-03-01');
  await form.getByRole('button', { name: 'Add these to the checklist' }).click();
  await expect(form.getByRole('status')).toContainText(/\d+ checklist items? now ha(ve|s) owner Dee and due date 2027-03-01/);
  const linked = await sprint.locator('.plan__links a[href^="/checklist/#"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!.slice(12)));
  expect(linked.length).toBeGreaterThan(0);

  await page.goto('/checklist/');
  await ready(page);
  for (const id of new Set(linked)) {
    await expect(item(page, id).locator('.checklist__meta')).toContainText('Owner: Dee');
    await expect(item(page, id).locator('.checklist__meta')).toContainText('Due 2027-03-01');
  }
});

test('"Add these to the checklist" keeps an owner and due date already set unless told otherwise, and Undo puts the checklist back', async ({ page }) => {
  await resultsWithNextSteps(page);
  const sprint = page.getByRole('region', { name: 'This sprint' });
  await expect(sprint.locator('.plan__links a[href^="/checklist/#"]').first()).toBeVisible();
  const linked = [...new Set(await sprint.locator('.plan__links a[href^="/checklist/#"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!.slice(12))))];
  expect(linked.length).toBeGreaterThan(1);
  const [daves, ...others] = linked as [string, ...string[]];
  await page.evaluate(([key, id]) => localStorage.setItem(key!, JSON.stringify({ version: 2, items: { [id!]: { owner: 'Dave', due: '2026-12-31' } } })), [v2Key, daves]);
  await page.reload();

  const form = sprint.getByRole('form', { name: /^Add these to the checklist/ });
  await form.getByLabel('Owner').fill('Bob');
  await form.getByLabel('Due').fill('2026-12-19');
  await form.getByRole('button', { name: 'Add these to the checklist' }).click();
  const ask = form.getByRole('alert');
  await expect(ask).toContainText('1 item already has an owner or due date that this would change');
  await expect(ask).toContainText('owner Dave would become Bob');
  await expect(ask).toContainText('due date 2026-12-31 would become 2026-12-19');
  await ask.getByRole('button', { name: 'Fill only the empty ones' }).click();
  await expect(form.getByRole('status')).toContainText(`${others.length} checklist item`);
  await expect(form.getByRole('status')).toContainText('1 item keeps what was already set');

  await page.goto('/checklist/');
  await ready(page);
  await expect(item(page, daves).locator('.checklist__meta')).toContainText('Owner: Dave');
  await expect(item(page, daves).locator('.checklist__meta')).toContainText('Due 2026-12-31');
  await expect(item(page, others[0]!).locator('.checklist__meta')).toContainText('Owner: Bob');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(item(page, others[0]!).locator('.checklist__meta')).toContainText('Owner: nobody yet');
  expect(await storedItems(page)).toEqual({ [daves]: { owner: 'Dave', due: '2026-12-31' } });
});

test('adding next steps over an unreadable saved checklist keeps the unreadable text aside first', async ({ page }) => {
  await seed(page, { [v2Key]: '{broken' });
  await resultsWithNextSteps(page);
  const form = page.getByRole('region', { name: 'This sprint' }).getByRole('form', { name: /^Add these to the checklist/ });
  await form.getByRole('button', { name: 'Add these to the checklist' }).click();
  await expect(form.getByRole('status')).toContainText('now ha');
  expect(await page.evaluate((key) => localStorage.getItem(`${key}:unreadable`), v2Key)).toBe('{broken');
});

test('printing shows the whole list with every item open, even when filtered, and without the controls', async ({ page }) => {
  await page.goto('/checklist/');
  await ready(page);
  await page.getByLabel('Practice', { exact: true }).selectOption({ label: 'Trust but verify' });
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('li.checklist__item:visible')).toHaveCount(itemCount);
  await expect(page.getByText('Done when:').filter({ visible: true })).toHaveCount(itemCount);
  await expect(item(page, 'ss-owner-named').getByText('Done when:')).toBeVisible();
  await expect(page.locator('.checklist-filters')).toBeHidden();
  await expect(page.locator('.checklist-files')).toBeHidden();
  await expect(page.locator('.checklist__toggle').first()).toBeHidden();
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });
  test('the checklist reads in full, in order, and its fields do not pretend to work', async ({ page }) => {
    await page.goto('/checklist/');
    await expect(page.getByRole('heading', { name: 'Start somewhere', level: 2 })).toBeVisible();
    await expect(page.locator('li.checklist__item')).toHaveCount(itemCount);
    for (const words of ['Why:', 'How to check:', 'Done when:']) await expect(page.getByText(words).filter({ visible: true })).toHaveCount(itemCount);
    await expect(page.getByRole('heading', { name: /^Level 1$/ })).toHaveCount(3);
    // Nothing pretends to know what this browser saved: no counts, no owners, no "reading" that never ends.
    await expect(page.getByText(/\d+ of \d+ done|nobody yet|Reading your saved progress/).filter({ visible: true })).toHaveCount(0);
    await expect(page.getByRole('checkbox').first()).toBeDisabled();
    await expect(page.getByLabel('Owner', { exact: true }).last()).toBeDisabled();
    // Level 1 before level 2, and the explicit order within a level.
    const ids = await page.locator('section:has(#checklist-start-somewhere) li.checklist__item').evaluateAll((els) => els.map((e) => e.id));
    expect(ids.slice(0, 3)).toEqual(['ss-owner-named', 'ss-first-week-plan', 'ss-inventory-exists']);
    expect(ids.at(-1)).toBe('ss-eks-nodes-locked-and-patched');
  });
});

for (const theme of ['light', 'dark'] as const) {
  test.describe(`accessibility in the ${theme} theme`, () => {
    test.use({ colorScheme: theme });
    test.beforeEach(async ({ page }) => {
      await page.addInitScript((t) => localStorage.setItem('plainsec:theme', t), theme);
    });

    test('the checklist has no axe violations collapsed, expanded, filtered and with an error', async ({ page }) => {
      test.setTimeout(120_000);
      await page.addInitScript(
        ([key, state]) => {
          if (!localStorage.getItem(key!)) localStorage.setItem(key!, state!);
        },
        [
          v2Key,
          JSON.stringify({
            version: 2,
            items: { 'ss-owner-named': { done: '2020-01-01', owner: 'Ana' }, 'ss-first-week-plan': { due: '2020-01-01' }, 'ss-leak-plan': { done: '2099-01-01' } },
          }),
        ],
      );
      await page.goto('/checklist/');
      await ready(page);
      expect(await axeViolations(page), 'collapsed').toEqual([]);
      await openDetails(page, 'ss-owner-named');
      await openDetails(page, 'ss-first-week-plan');
      expect(await axeViolations(page), 'expanded').toEqual([]);
      await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Overdue' });
      expect(await axeViolations(page), 'filtered').toEqual([]);
      await page.getByLabel(/^Load a saved checklist/).setInputFiles(await fileNamed('bad.json', '{'));
      await expect(page.getByRole('alert')).toBeVisible();
      expect(await axeViolations(page), 'error').toEqual([]);
    });

    test('the checklist has no axe violations after a file is added, with Undo and Replace offered', async ({ page }) => {
      await page.goto('/checklist/');
      await ready(page);
      await page.getByLabel(/^Load a saved checklist/).setInputFiles(await fileNamed('good.json', JSON.stringify({ formatVersion: 1, items: { 'ss-owner-named': { owner: 'Bo' } } })));
      await expect(page.getByRole('button', { name: /^Replace my checklist with/ })).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });

    test('the checklist has no axe violations while it reads saved progress', async ({ page }) => {
      await page.route('**/_astro/*.js', (route) => route.abort());
      await page.goto('/checklist/');
      await expect(page.locator('#checklist-overall')).toHaveText('Reading your saved progress…');
      expect(await axeViolations(page)).toEqual([]);
    });

    test('"Add these to the checklist" has no axe violations while it asks before changing an owner', async ({ page }) => {
      await resultsWithNextSteps(page);
      const sprint = page.getByRole('region', { name: 'This sprint' });
      await expect(sprint.locator('.plan__links a[href^="/checklist/#"]').first()).toBeVisible();
      const first = await sprint.locator('.plan__links a[href^="/checklist/#"]').first().getAttribute('href');
      await page.evaluate(([key, id]) => localStorage.setItem(key!, JSON.stringify({ version: 2, items: { [id!]: { owner: 'Dave' } } })), [v2Key, first!.slice(12)]);
      await page.reload();
      const form = sprint.getByRole('form', { name: /^Add these to the checklist/ });
      await form.getByLabel('Owner').fill('Bob');
      await form.getByRole('button', { name: 'Add these to the checklist' }).click();
      await expect(form.getByRole('alert')).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });
  });
}
