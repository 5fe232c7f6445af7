/**
 * Fix first as a person uses it: they drop a scanner report and CISA's KEV file, read the upgrades
 * by bucket with the one attackers use now at the top, tick some off, take the plan away as a
 * GitHub task list, and put the top ones on the checklist. A file of another kind, broken JSON or
 * a file too large is refused in plain words, and the page keeps the plan it had. Accessibility
 * is checked in each state, in both themes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { marked, type Tokens } from 'marked';
import { test, expect } from './fixtures.ts';
import { asUpload, fixFirstKev, fixFirstReports, openFixFirst, planSmallReport } from './tool-states.ts';
import { kevExcerpt, smallTrivy } from './fix-first-reports.ts';
import { plainWordsProblems, siteGlossary } from '../support/plain-words.ts';

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const reports = fixFirstReports;
const kevInput = fixFirstKev;
const steps = (page: Page) => page.locator('.fix-upgrade');

test('a Trivy report and the KEV file put the upgrade attackers use now first, under Today, with why', async ({ page }) => {
  await planSmallReport(page);
  const first = steps(page).first();
  await expect(first).toContainText('Upgrade curl 7.88.1-10 → 7.88.1-10+deb12u8 in image shop/web:1.4');
  await expect(first).toContainText('used by attackers now');
  await expect(page.locator('.fix-bucket').first().getByRole('heading')).toHaveText('Today — attackers are using this now');
  await expect(first).toContainText('CVE-2024-49035 is on CISA’s list of holes used in real attacks');
  // Two findings of one express are one upgrade, to the newer fix, in the more urgent bucket.
  await expect(page.locator('[data-bucket="this-week"] .fix-upgrade')).toHaveCount(1);
  await expect(page.locator('[data-bucket="this-week"] .fix-upgrade')).toContainText('Upgrade express 4.18.2 → 4.19.2 in image shop/web:1.4 — fixes 2 known holes.');
  await expect(page.locator('[data-bucket="no-fix-yet"]')).toContainText('Watch libxml2');
  await expect(page.getByText('Read: trivy.json (Trivy JSON, 5 findings)')).toBeVisible();
  await expect(page.getByText('Checked against known_exploited_vulnerabilities.json (2 holes used in real attacks).')).toBeVisible();
  // The order and the words on screen pass the same plain-words checks as the guides.
  const words = (await page.locator('.fix-results').innerText()).replace(/CVE-\d{4}-\d+/g, 'the hole');
  expect(plainWordsProblems(words, siteGlossary())).toEqual([]);
});

test('reports dropped on the box are planned together, as if chosen', async ({ page }) => {
  await openFixFirst(page);
  // A drop as the browser delivers it: a drop event whose DataTransfer holds the files.
  await page.locator('.fix-drop').evaluate(
    (box, texts) => {
      const data = new DataTransfer();
      texts.forEach(({ name, text }) => data.items.add(new File([text], name, { type: 'application/json' })));
      box.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data }));
      box.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }));
    },
    [
      { name: 'trivy.json', text: JSON.stringify(smallTrivy) },
      { name: 'dependabot.json', text: readFileSync(path.resolve('tests/fixtures/fix-first/dependabot-alerts.json'), 'utf8') },
    ],
  );
  await expect(page.getByRole('heading', { name: 'What to fix first' })).toBeVisible();
  await expect(page.getByText(/^Read: trivy\.json \(Trivy JSON, 5 findings\); dependabot\.json \(GitHub Dependabot alerts, \d+ findings?\)\./)).toBeVisible();
});

test('without the KEV file the same report has nothing for today, and the KEV file chosen later plans it again', async ({ page }) => {
  await openFixFirst(page);
  await reports(page).setInputFiles(asUpload('trivy.json', smallTrivy));
  await expect(page.getByRole('heading', { name: 'What to fix first' })).toBeVisible();
  await expect(page.locator('[data-bucket="today"]')).toHaveCount(0);
  await expect(page.getByText('No KEV file')).toBeVisible();
  await kevInput(page).setInputFiles({ name: 'kev.json', mimeType: 'application/json', buffer: Buffer.from(kevExcerpt) });
  await expect(page.locator('[data-bucket="today"] .fix-upgrade')).toContainText('Upgrade curl');
});

test('the plan downloads as Markdown that GitHub reads as a task list, with ticked steps checked', async ({ page }) => {
  await planSmallReport(page);
  await steps(page).first().getByRole('checkbox').check();
  await expect(steps(page).first()).toContainText('Done on 2026-11-25.');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download fix-first.md' }).click()]);
  expect(download.suggestedFilename()).toBe('fix-first.md');
  const markdown = readFileSync((await download.path())!, 'utf8');
  const items = marked
    .lexer(markdown, { gfm: true })
    .filter((t): t is Tokens.List => t.type === 'list')
    .flatMap((l) => l.items);
  expect(items.length).toBe(await steps(page).count());
  expect(items.every((i) => i.task)).toBe(true);
  expect(items.map((i) => i.checked)).toEqual([true, ...Array(items.length - 1).fill(false)]);
  expect(items[0]!.text).toContain('Upgrade curl');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download fix-first.csv' }).click()]);
  expect(readFileSync((await csv.path())!, 'utf8').split('\r\n')[0]).toContain('Order,Bucket,Done,Owner');
});

test('a tick is kept in this browser: after a reload, the same report shows the step done', async ({ page }) => {
  await planSmallReport(page);
  const express = page.getByRole('checkbox', { name: /^Upgrade express/ });
  await express.check();
  await page.reload();
  await expect(reports(page)).toBeEnabled();
  await reports(page).setInputFiles(asUpload('trivy-again.json', smallTrivy));
  await expect(page.getByText('4 steps for 5 known holes, most urgent first. 1 done.')).toBeVisible();
  await expect(express).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /^Upgrade curl/ })).not.toBeChecked();
  await express.uncheck();
  await expect(page.getByText('0 done', { exact: false }).first()).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('plainsec:fix-first:v1'))).toBe('{"version":1,"done":{}}');
});

test('the top upgrades go on the checklist with an owner and due dates, and Undo on the checklist takes them off', async ({ page }) => {
  await planSmallReport(page);
  await page.getByLabel('Who does them').fill('Ana');
  await page.getByLabel('How many').selectOption('3');
  await page.getByRole('button', { name: 'Add to the checklist' }).click();
  await expect(page.getByRole('status')).toContainText('Added 3 upgrades to the checklist item');
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('plainsec:checklist:v2') ?? '{}'));
  const record = stored.items['ss-fix-order-agreed'];
  expect(record.owner).toBe('Ana');
  expect(record.due).toBe('2026-11-25');
  expect(record.notes).toContain('Upgrades from Fix first, 2026-11-25:');
  expect(record.notes).toContain('- Upgrade curl 7.88.1-10 → 7.88.1-10+deb12u8 in image shop/web:1.4');
  expect(record.notes).toContain('Owner: Ana. Due 2026-11-25.');
  expect(record.notes).toMatch(/express.*Due 2026-12-02\./);
  await page.goto('/checklist/');
  await page.getByRole('button', { name: 'Undo' }).first().click();
  await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('plainsec:checklist:v2') ?? '{"items":{}}').items['ss-fix-order-agreed'])).toBeUndefined();
});

test.describe('bad input changes nothing', () => {
  test('a file of another kind and broken JSON are named with a plain reason, and the plan stays', async ({ page }) => {
    await planSmallReport(page);
    const before = await steps(page).allInnerTexts();
    await reports(page).setInputFiles([asUpload('team.json', { formatVersion: 1, respondents: [] }), asUpload('cut.json', '{"SchemaVersion": 2, "Results": [')]);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('2 files could not be planned');
    await expect(alert).toContainText('team.json: this is not a scanner report Plainsec reads. It reads Trivy JSON, Grype JSON');
    await expect(alert).toContainText('cut.json: this is not valid JSON at line 1');
    await expect(alert).toContainText('The page still shows the plan it had.');
    expect(await steps(page).allInnerTexts()).toEqual(before);
  });

  test('the KEV file given as a report says where it goes', async ({ page }) => {
    await openFixFirst(page);
    await reports(page).setInputFiles({ name: 'known_exploited_vulnerabilities.json', mimeType: 'application/json', buffer: Buffer.from(kevExcerpt) });
    await expect(page.getByRole('alert')).toContainText('choose it in the box for the KEV file instead');
  });

  test('a file chosen as the KEV file that is not one is refused at once, and the reports then plan without it', async ({ page }) => {
    await openFixFirst(page);
    await kevInput(page).setInputFiles(asUpload('team.json', { formatVersion: 1, respondents: [] }));
    await expect(page.getByRole('alert')).toContainText('team.json: this is not CISA’s list of known exploited vulnerabilities.');
    await reports(page).setInputFiles(asUpload('trivy.json', smallTrivy));
    await expect(page.getByRole('heading', { name: 'What to fix first' })).toBeVisible();
    await expect(page.getByText('No KEV file')).toBeVisible();
    await kevInput(page).setInputFiles({ name: 'kev.json', mimeType: 'application/json', buffer: Buffer.from(kevExcerpt) });
    await expect(page.locator('[data-bucket="today"] .fix-upgrade').first()).toContainText('Upgrade curl');
  });

  test('a file over 200 MB is refused before it is read', async ({ page }) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plainsec-large-'));
    try {
      // A sparse file: 201 MB long, no disk space used; the page must refuse it by its size alone.
      const big = path.join(dir, 'huge.json');
      execFileSync('truncate', ['-s', '201M', big]);
      await planSmallReport(page);
      await reports(page).setInputFiles(big);
      await expect(page.getByRole('alert')).toContainText('huge.json: it is 201.0 MB, larger than the 200 MB Plainsec reads.');
      await expect(steps(page).first()).toContainText('Upgrade curl');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('ticks kept in this browser that cannot be read are kept aside and reported', async ({ page }) => {
    await page.addInitScript(() => {
      if (!localStorage.getItem('plainsec:fix-first:v1:unreadable')) localStorage.setItem('plainsec:fix-first:v1', '{"version": 1, "done": [');
    });
    await openFixFirst(page);
    await expect(page.getByRole('alert')).toContainText('could not be read. They were kept aside');
    expect(await page.evaluate(() => localStorage.getItem('plainsec:fix-first:v1:unreadable'))).toBe('{"version": 1, "done": [');
  });
});

for (const theme of ['light', 'dark'] as const) {
  test.describe(`accessibility in the ${theme} theme`, () => {
    test.use({ colorScheme: theme });
    test('the page empty, with a plan, and with an error has no violations', async ({ page }) => {
      await page.addInitScript((t) => localStorage.setItem('plainsec:theme', t), theme);
      await openFixFirst(page);
      expect((await new AxeBuilder({ page }).withTags(tags).analyze()).violations).toEqual([]);
      await planSmallReport(page);
      expect((await new AxeBuilder({ page }).withTags(tags).analyze()).violations).toEqual([]);
      await reports(page).setInputFiles(asUpload('cut.json', '{"SchemaVersion": 2,'));
      await expect(page.getByRole('alert')).toBeVisible();
      expect((await new AxeBuilder({ page }).withTags(tags).analyze()).violations).toEqual([]);
    });
  });
}

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });
  test('the page explains what it does and how the order is decided, and points to the command', async ({ page }) => {
    await page.goto('/fix-first/');
    await expect(page.getByRole('heading', { name: 'How the order is decided' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'The buckets, most urgent first' }).getByRole('row')).toHaveCount(6);
    await expect(page.getByText('This page needs JavaScript to read the reports.')).toBeVisible();
    await expect(reports(page)).toBeDisabled();
  });
});

test('the two guides and the checklist item about scanning in the build lead to Fix first', async ({ page }) => {
  for (const guide of ['/guides/start-somewhere/finding-known-holes/', '/guides/start-somewhere/nightly-security-updates/']) {
    await page.goto(guide);
    await expect(page.locator('main a[href="/fix-first/"]').first()).toBeVisible();
  }
  await page.goto('/checklist/');
  const html = await page.content();
  expect(html).toContain('href="/fix-first/"');
});
