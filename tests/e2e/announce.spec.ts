import { type Page } from '@playwright/test';
import { test, expect, newContext } from './fixtures.ts';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import AxeBuilder from '@axe-core/playwright';
import { parse } from 'yaml';
import { checkAnnouncement, type AnnouncementInput } from '../../src/lib/announce/announcement.ts';
import { alertChoices } from '../../src/lib/announce/catalogue.ts';
import { silencesFor } from '../../src/lib/announce/silence.ts';
import { exportAlertmanager } from '../../src/lib/rules/exporters/alertmanager.ts';
import { ruleSetSchema } from '../../src/lib/rules/model.ts';

/** The alerts the page offers, read from the templates the same way the page is built. */
function templateCatalogue() {
  const dir = path.resolve(process.cwd(), 'content/rules');
  const names: Record<string, string> = { starter: 'Starter pack', identity: 'Identity and access', 'cis-aws-foundations': 'CIS AWS Foundations monitoring' };
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort((a, b) => Object.keys(names).indexOf(a.replace('.yaml', '')) - Object.keys(names).indexOf(b.replace('.yaml', '')))
    .flatMap((f) => alertChoices(ruleSetSchema.parse(parse(readFileSync(path.join(dir, f), 'utf8'))), names[f.replace('.yaml', '')] ?? f));
}

const catalogue = templateCatalogue();
const [first, second] = [catalogue.find((c) => c.urgency === 'wake-me-up' && c.falcoName)!, catalogue.find((c) => c.urgency === 'look-today' && c.falcoName)!];

test.use({ timezoneId: 'Europe/London', permissions: ['clipboard-read', 'clipboard-write'] });

/** Presses Tab (or Shift+Tab) until the focused element satisfies the check; fails after 80 presses. */
async function tabTo(page: Page, check: (el: Element) => boolean, backwards = false): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate(`(${check.toString()})(document.activeElement)`)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error('could not reach the element by keyboard');
}

const byId = (id: string) => new Function('el', `return el && el.id === ${JSON.stringify(id)}`) as (el: Element) => boolean;
const byText = (text: string) =>
  new Function('el', `return !!el && (el.closest('label, button')?.textContent ?? '').includes(${JSON.stringify(text)})`) as (el: Element) => boolean;

/** Replaces a field's text by keyboard: select all, then type. */
async function retype(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

async function ready(page: Page): Promise<void> {
  await page.goto('/announce/');
  await expect(page.getByRole('button', { name: 'Write the announcement' })).toBeEnabled();
}

const typed: Omit<AnnouncementInput, 'alerts'> = {
  what: 'Upgrade the payments database',
  who: 'Ana Pérez',
  startDate: '2026-12-01',
  startTime: '14:00',
  endDate: '2026-12-01',
  endTime: '16:00',
  timeZone: 'Europe/London',
  alertmanagerUrl: 'http://localhost:9093',
};

test('announces a 2-hour change for two chosen rules by keyboard alone, then copies and downloads what it wrote', async ({ page }) => {
  await ready(page);
  await expect(page.getByLabel('Time zone')).toHaveValue('Europe/London');
  await tabTo(page, byId('announce-what'));
  for (const [id, value] of [
    ['announce-what', typed.what],
    ['announce-who', typed.who],
    ['announce-startDate', typed.startDate],
    ['announce-startTime', typed.startTime],
    ['announce-endDate', typed.endDate],
    ['announce-endTime', typed.endTime],
    ['announce-timeZone', typed.timeZone],
  ] as const) {
    await tabTo(page, byId(id));
    await retype(page, value);
  }
  for (const [i, choice] of [first, second].entries()) {
    // The search field comes after the time zone; after ticking a box it is behind the focus.
    await tabTo(page, byId('announce-search'), i > 0);
    await retype(page, choice.title);
    await tabTo(page, byText(choice.title));
    await page.keyboard.press('Space');
  }
  await expect(page.getByText('2 chosen')).toBeVisible();
  await tabTo(page, byText('Write the announcement'));
  await page.keyboard.press('Enter');

  const message = page.locator('#announce-message');
  await expect(message).toContainText(`• ${first.title} (${first.urgencyWords})`);
  await expect(message).toContainText(`• ${second.title} (${second.urgencyWords})`);
  await expect(message).toContainText('Tuesday 1 December 2026, 14:00 GMT to 16:00 GMT (Europe/London), 2 hours');
  await expect(message).toContainText('2026-12-01 14:00 to 16:00 UTC');

  await tabTo(page, byText('Copy chat message'));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Copied the chat message.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await message.innerText());

  const expected = checkAnnouncement({ ...typed, alerts: [first.id, second.id] }, catalogue);
  if (!expected.ok) throw new Error(JSON.stringify(expected.errors));
  for (const { key, silence } of silencesFor(expected.announcement)) {
    await tabTo(page, byText(`Download silence-${key}.json`));
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe(`silence-${key}.json`);
    expect(JSON.parse(readFileSync((await download.path())!, 'utf8'))).toEqual(silence);
  }

  await tabTo(page, byText('Download announced-change.ics'));
  const [ics] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const event = new ICAL.Event(new ICAL.Component(ICAL.parse(readFileSync((await ics.path())!, 'utf8'))).getFirstSubcomponent('vevent')!);
  expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-01T14:00:00.000Z');
  expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-01T16:00:00.000Z');
  expect(event.summary).toBe('Announced change: Upgrade the payments database');
});

test('puts an error next to the end time when the end is before the start', async ({ page }) => {
  await ready(page);
  await page.getByLabel('What will you change?').fill(typed.what);
  await page.getByLabel('Who is doing it?').fill(typed.who);
  await page.getByLabel('Start date').fill('2026-12-01');
  await page.getByLabel('Start time').fill('14:00');
  await page.getByLabel('End date').fill('2026-12-01');
  await page.getByLabel('End time').fill('13:00');
  await page.getByRole('checkbox', { name: first.title }).check();
  await page.getByRole('button', { name: 'Write the announcement' }).click();
  const end = page.getByLabel('End time');
  await expect(end).toHaveAttribute('aria-invalid', 'true');
  await expect(end).toBeFocused();
  await expect(end).toHaveAccessibleDescription(/the end is before the start/);
  await expect(page.getByRole('heading', { name: 'Your announcement' })).toHaveCount(0);
  // Nothing the user typed is lost.
  await expect(page.getByLabel('What will you change?')).toHaveValue(typed.what);
});

test('says 01:30 does not exist in London on the last Sunday of March, next to the start time', async ({ page }) => {
  await ready(page);
  await page.getByLabel('What will you change?').fill(typed.what);
  await page.getByLabel('Who is doing it?').fill(typed.who);
  await page.getByLabel('Start date').fill('2026-03-29');
  await page.getByLabel('Start time').fill('01:30');
  await page.getByLabel('End date').fill('2026-03-29');
  await page.getByLabel('End time').fill('04:00');
  await page.getByLabel('Time zone').fill('Europe/London');
  await page.getByRole('checkbox', { name: first.title }).check();
  await page.getByRole('button', { name: 'Write the announcement' }).click();
  await expect(page.getByLabel('Start time')).toHaveAccessibleDescription(/01:30 does not exist on 2026-03-29 in Europe\/London/);
  await expect(page.locator('#announce-startTime-error')).toBeVisible();
});

test('asks for an alert when none is picked, and searching narrows the list', async ({ page }) => {
  await ready(page);
  await page.getByLabel('What will you change?').fill(typed.what);
  await page.getByLabel('Who is doing it?').fill(typed.who);
  await page.getByRole('button', { name: 'Write the announcement' }).click();
  await expect(page.locator('#announce-alerts-error')).toHaveText(/pick at least one alert/);
  await page.getByLabel('Search the alerts').fill(first.title);
  await expect(page.getByRole('checkbox')).toHaveCount(catalogue.filter((c) => c.title.toLowerCase().includes(first.title.toLowerCase())).length);
});

test('the time zone field suggests the zones this browser knows once it is used', async ({ page }) => {
  await ready(page);
  const suggestions = page.locator('datalist#announce-zones option');
  // Listed on first use, not while the page starts: there are about 400 of them.
  await expect(suggestions).toHaveCount(0);
  await page.getByLabel('Time zone').focus();
  await expect.poll(() => suggestions.count()).toBeGreaterThan(300);
  expect(await suggestions.evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value))).toEqual(expect.arrayContaining(['Europe/London', 'America/New_York']));
});

test('a ticked alert stays ticked while other fields are typed in and the list is searched', async ({ page }) => {
  await ready(page);
  await page.getByRole('checkbox', { name: first.title }).check();
  await page.getByLabel('What will you change?').fill(typed.what);
  await page.getByLabel('Search the alerts').fill(second.title);
  await expect(page.getByRole('checkbox', { name: first.title })).toBeChecked();
  await page.getByRole('checkbox', { name: second.title }).check();
  await page.getByLabel('Search the alerts').fill('');
  await expect(page.getByRole('checkbox', { checked: true })).toHaveCount(2);
  await page.getByRole('checkbox', { name: first.title }).uncheck();
  await page.getByLabel('Who is doing it?').fill(typed.who);
  await expect(page.getByRole('checkbox', { checked: true })).toHaveCount(1);
  await expect(page.getByText(/1 chosen/)).toBeVisible();
});

test('keeps the last announcement in the browser, and a share link opens it elsewhere', async ({ page, browser }) => {
  await ready(page);
  await page.getByLabel('What will you change?').fill('Rotate the deploy keys');
  await page.getByLabel('Who is doing it?').fill(typed.who);
  await page.getByRole('checkbox', { name: second.title }).check();
  await page.getByRole('button', { name: 'Write the announcement' }).click();
  await expect(page.locator('#announce-message')).toContainText('Rotate the deploy keys');
  const link = await page.getByLabel(/Share link/).inputValue();
  expect(new URL(link).hash).toMatch(/^#change=/);

  await page.goto('/announce/');
  await expect(page.getByLabel('What will you change?')).toHaveValue('Rotate the deploy keys');
  await expect(page.locator('#announce-message')).toContainText('Rotate the deploy keys');

  const other = await newContext(browser, { timezoneId: 'America/New_York' });
  const elsewhere = await other.newPage();
  await elsewhere.goto(link);
  await expect(elsewhere.locator('#announce-message')).toContainText('Rotate the deploy keys');
  await expect(elsewhere.getByRole('status')).toHaveText('Loaded the announcement from the share link.');
  await other.close();
});

test('explains a damaged share link and keeps the saved announcement', async ({ page }) => {
  await ready(page);
  await page.getByLabel('What will you change?').fill('Kept safe');
  await page.getByLabel('Who is doing it?').fill(typed.who);
  await page.getByRole('checkbox', { name: second.title }).check();
  await page.getByRole('button', { name: 'Write the announcement' }).click();
  // A fresh page: a link that differs only after the # would not reload the one already open.
  await page.goto('about:blank');
  await page.goto('/announce/#change=eyJ2IjoxLCJ3aGF0');
  await expect(page.getByRole('alert')).toContainText('This share link');
  await expect(page.getByLabel('What will you change?')).toHaveValue('Kept safe');
});

test('offers the team’s own rules from the Alertmanager export’s alerts file, and keeps them', async ({ page }) => {
  const own = ruleSetSchema.parse({
    plainsecRules: 1,
    rules: [
      {
        id: 'deploy-role-used-by-hand',
        title: 'The "deploy" role was used by hand',
        means: 'm',
        whatToDo: 'w',
        when: { field: 'userIdentity.sessionContext.sessionIssuer.userName', equals: 'deploy' },
        urgency: 'look-today',
        notify: '#team-infra',
      },
    ],
  });
  const file = exportAlertmanager(own).files.find((f) => f.path.endsWith('announce-alerts.json'))!;
  await ready(page);
  await page.getByLabel('Your own rules (optional)').setInputFiles({ name: 'announce-alerts.json', mimeType: 'application/json', buffer: Buffer.from(file.content) });
  await expect(page.getByRole('status')).toHaveText('Loaded your rules from announce-alerts.json.');
  await page.getByLabel('What will you change?').fill('Rotate the deploy role');
  await page.getByLabel('Who is doing it?').fill(typed.who);
  await page.getByRole('checkbox', { name: /The "deploy" role was used by hand/ }).check();
  await page.getByRole('button', { name: 'Write the announcement' }).click();
  await expect(page.locator('#announce-message')).toContainText('• The "deploy" role was used by hand (Look today)');
  await expect(page.locator('#announce-silence-falco')).toContainText('"value": "The \\"deploy\\" role was used by hand"');

  await page.goto('about:blank');
  await page.goto('/announce/');
  await expect(page.getByRole('checkbox', { name: /The "deploy" role was used by hand/ })).toBeChecked();
});

test('offers the rules saved in the rule builder, without any file', async ({ page }) => {
  const mine = {
    plainsecRules: 1,
    rules: [
      {
        id: 'database-snapshot-shared',
        title: 'A database snapshot was shared',
        means: 'm',
        whatToDo: 'w',
        when: { allOf: [{ field: 'eventSource', equals: 'rds.amazonaws.com' }, { field: 'eventName', equals: 'ModifyDBSnapshotAttribute' }] },
        exceptions: [],
        urgency: 'wake-me-up',
        notify: '#security-alerts',
        references: [],
        attack: [],
      },
    ],
  };
  await page.addInitScript((text) => localStorage.setItem('plainsec:rules:v1', text), JSON.stringify({ version: 1, ruleSet: mine }));
  await ready(page);
  const box = page.getByRole('checkbox', { name: /A database snapshot was shared/ });
  await expect(box).toBeVisible();
  await expect(page.locator('.announce-choices li', { has: box })).toContainText('My rules (the rule builder)');
  await page.getByLabel('What will you change?').fill('Share a snapshot with the test account');
  await page.getByLabel('Who is doing it?').fill(typed.who);
  await box.check();
  await page.getByRole('button', { name: 'Write the announcement' }).click();
  await expect(page.locator('#announce-message')).toContainText('• A database snapshot was shared (Wake me up)');
});

test('refuses a file that is not an alerts file, next to the file field, and keeps the list as it was', async ({ page }) => {
  await ready(page);
  const before = await page.getByRole('checkbox').count();
  await page.getByLabel('Your own rules (optional)').setInputFiles({ name: 'rules.yaml', mimeType: 'text/yaml', buffer: Buffer.from('plainsecRules: 1\nrules: []\n') });
  await expect(page.getByLabel('Your own rules (optional)')).toHaveAccessibleDescription(/not an alerts file.*announce-alerts\.json/);
  await expect(page.getByRole('checkbox')).toHaveCount(before);
});

/** The alerts file the Alertmanager export writes, for one rule of a team's own. */
function alertsFile(id: string, title: string): Buffer {
  const own = ruleSetSchema.parse({
    plainsecRules: 1,
    rules: [{ id, title, means: 'm', whatToDo: 'w', when: { field: 'eventName', equals: 'ConsoleLogin' }, urgency: 'look-today', notify: '#team-infra' }],
  });
  return Buffer.from(exportAlertmanager(own).files.find((f) => f.path.endsWith('announce-alerts.json'))!.content);
}

/** Loads one alerts file, then another over it: the second replaces "Your rules", and the first is kept as a backup. */
async function loadTwoAlertsFiles(page: Page): Promise<void> {
  await ready(page);
  const field = page.getByLabel('Your own rules (optional)');
  await field.setInputFiles({ name: 'first.json', mimeType: 'application/json', buffer: alertsFile('break-glass-sign-in', 'The break-glass user signed in') });
  await expect(page.getByRole('checkbox', { name: /The break-glass user signed in/ })).toBeVisible();
  await field.setInputFiles({ name: 'second.json', mimeType: 'application/json', buffer: alertsFile('root-sign-in', 'The root user signed in') });
  await expect(page.getByRole('checkbox', { name: /The root user signed in/ })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: /The break-glass user signed in/ })).toHaveCount(0);
}

test('loading an alerts file over existing ones can be undone after a reload', async ({ page }) => {
  await loadTwoAlertsFiles(page);
  const notice = page.locator('#announce-own-undo');
  await expect(notice).toContainText('Loaded your rules from second.json. The list of rules loaded before was kept as a backup today at 10:00.');
  await page.goto('about:blank');
  await ready(page);
  await expect(notice).toContainText('The list of rules loaded before was kept as a backup today at 10:00.');
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('checkbox', { name: /The break-glass user signed in/ })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: /The root user signed in/ })).toHaveCount(0);
  await expect(notice).toHaveCount(0);
  await page.goto('about:blank');
  await ready(page);
  await expect(page.getByRole('checkbox', { name: /The break-glass user signed in/ })).toBeVisible();
  await expect(notice).toHaveCount(0);
});

test('a new announcement keeps the last one as a backup, and Undo brings it back after a reload', async ({ page }) => {
  await ready(page);
  for (const what of ['Rotate the deploy keys', 'Upgrade the payments database']) {
    await page.getByLabel('What will you change?').fill(what);
    await page.getByLabel('Who is doing it?').fill(typed.who);
    await page.getByRole('checkbox', { name: second.title }).check();
    await page.getByRole('button', { name: 'Write the announcement' }).click();
    await expect(page.locator('#announce-message')).toContainText(what);
  }
  const notice = page.locator('#announce-undo');
  await expect(notice).toContainText('Wrote a new announcement in place of “Rotate the deploy keys”. The earlier announcement was kept as a backup today at 10:00.');
  await page.goto('about:blank');
  await ready(page);
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByLabel('What will you change?')).toHaveValue('Rotate the deploy keys');
  await expect(page.locator('#announce-message')).toContainText('Rotate the deploy keys');
  await page.goto('about:blank');
  await ready(page);
  await expect(page.getByLabel('What will you change?')).toHaveValue('Rotate the deploy keys');
  await expect(notice).toHaveCount(0);
});

for (const theme of ['light', 'dark'] as const) {
  test(`the Undo notice after loading an alerts file has no accessibility violations in the ${theme} theme`, async ({ page }) => {
    await page.addInitScript((t) => localStorage.setItem('plainsec:theme', t), theme);
    await loadTwoAlertsFiles(page);
    await expect(page.locator('#announce-own-undo')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
    expect(results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
  });
}
