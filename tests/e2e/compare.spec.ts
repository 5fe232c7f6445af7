/**
 * Compare two results as a person uses it: they pick two saved results and read what changed per
 * question, the scores before and after, and which evidence was added, removed or has gone stale.
 * A bad file is refused in plain words and both sides stay as they were. The page only reads what
 * the browser keeps. Accessibility is checked in each state, in both themes.
 */
import { type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.ts';
import { plainWordsProblems, siteGlossary } from '../support/plain-words.ts';
import { asUpload, compareBoth, compareFiles, compareSide, compareStates, openCompare } from './tool-states.ts';

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const fileOf = (page: Page, side: 'Before' | 'After') => compareSide(page, side).getByLabel(`${side}: a result file (JSON, at most 1 MB)`);
const row = (page: Page, practice: string, topic: string) => page.getByRole('table', { name: new RegExp(`^${practice}:`) }).getByRole('row', { name: new RegExp(`^${topic}`) });

test('a person picks two saved results and sees what changed per question, per practice and in the evidence', async ({ page }) => {
  await compareBoth(page);
  await expect(page.getByText('Before is from 3 Nov 2026 and After from 20 Nov 2026.')).toBeVisible();
  await expect(page.getByText('After holds a team of 2 people')).toBeVisible();
  // Each change is said in words, not only with a colour.
  await expect(row(page, 'Start somewhere', 'Who did what and when').getByRole('cell')).toHaveText(['Some of it', 'All of it', 'Better']);
  await expect(row(page, 'Start somewhere', 'Nightly security updates').getByRole('cell')).toHaveText(['All of it', 'Most of it', 'Worse']);
  await expect(row(page, 'Trust but verify', 'Alerts in chat').getByRole('cell')).toHaveText(['Mostly', 'Mostly', 'Same']);
  await expect(page.getByRole('table', { name: 'Scores by practice, before and after' }).getByRole('row', { name: /^Start somewhere/ })).toContainText('level');

  const list = (title: string) => page.getByRole('heading', { name: new RegExp(`^${title} \\(`) }).locator('xpath=following-sibling::*[1]');
  await expect(page.getByRole('heading', { name: 'Added (1)' })).toBeVisible();
  await expect(list('Added')).toContainText('Who did what and when: Audit log runbook, checked 2026-11-20 (Read by Bo)');
  await expect(list('Added').getByRole('link', { name: 'Audit log runbook' })).toHaveAttribute('href', 'https://example.com/wiki/audit-runbook');
  await expect(list('Removed')).toContainText('Ticket 12 in the tracker');
  await expect(list('Gone stale')).toContainText('Trail set up in Terraform, checked 2026-04-01');
  await expect(list('Gone stale')).not.toContainText('Audit log runbook');
});

test('picking the two the other way round keeps that order and says the After file was saved first', async ({ page }) => {
  await openCompare(page);
  await fileOf(page, 'Before').setInputFiles(asUpload('late.json', compareFiles.after));
  await expect(compareSide(page, 'Before')).toContainText('Chosen: late.json');
  await fileOf(page, 'After').setInputFiles(asUpload('early.json', compareFiles.before));
  await expect(page.getByText('The file picked as After was saved first.')).toBeVisible();
  await expect(row(page, 'Start somewhere', 'Who did what and when').getByRole('cell')).toHaveText(['All of it', 'Some of it', 'Worse']);
});

test('a bad file is refused in plain words and both sides stay as they were', async ({ page }) => {
  await compareBoth(page);
  const bad = [
    { name: 'broken.json', body: '{"formatVersion": 1, "respond', says: 'not readable JSON' },
    { name: 'notes.json', body: { hello: 'world' }, says: 'This is not a Plainsec result file' },
    { name: 'huge.json', body: 'x'.repeat(1_000_001), says: 'a result file is at most 1 MB' },
  ];
  for (const { name, body, says } of bad) {
    await fileOf(page, 'After').setInputFiles(asUpload(name, body));
    const alert = compareSide(page, 'After').getByRole('alert');
    await expect(alert).toContainText(`"${name}"`);
    await expect(alert).toContainText(says);
    await expect(alert).toContainText('After still shows november-20.json.');
    await expect(compareSide(page, 'Before')).toContainText('Chosen: november-3.json');
    await expect(compareSide(page, 'After')).toContainText('Chosen: november-20.json');
    await expect(row(page, 'Start somewhere', 'Who did what and when').getByRole('cell')).toHaveText(['Some of it', 'All of it', 'Better']);
  }
  // A good file afterwards clears the error.
  await fileOf(page, 'After').setInputFiles(asUpload('again.json', compareFiles.after));
  await expect(compareSide(page, 'After')).toContainText('Chosen: again.json');
  await expect(compareSide(page, 'After').getByRole('alert')).toHaveCount(0);
});

test('your answers and the team kept in this browser can be compared, and the page never changes what the browser keeps', async ({ page }) => {
  await page.goto('/assessment/compare/');
  const kept = {
    'plainsec:assessment:v1': JSON.stringify({ version: 1, step: 3, file: compareFiles.before }),
    'plainsec:team:v1': JSON.stringify({ version: 1, file: compareFiles.after }),
  };
  await page.evaluate((items) => Object.entries(items).forEach(([k, v]) => localStorage.setItem(k, v)), kept);
  await openCompare(page);
  const storedBefore = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  await compareSide(page, 'Before').getByRole('button', { name: 'Your answers in this browser' }).click();
  await expect(compareSide(page, 'Before')).toContainText('Chosen: your answers in this browser, one person.');
  await compareSide(page, 'After').getByRole('button', { name: 'The team in this browser' }).click();
  await expect(compareSide(page, 'After')).toContainText('Chosen: the team in this browser, a team of 2 people.');
  await expect(row(page, 'Start somewhere', 'Who did what and when').getByRole('cell')).toHaveText(['Some of it', 'All of it', 'Better']);
  expect(await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()))).toBe(storedBefore);
});

test('with nothing kept in this browser, the quick choices say so and choose nothing', async ({ page }) => {
  await openCompare(page);
  await compareSide(page, 'Before').getByRole('button', { name: 'The team in this browser' }).click();
  await expect(compareSide(page, 'Before').getByRole('alert')).toContainText('This browser holds no team yet.');
  await compareSide(page, 'Before').getByRole('button', { name: 'Your answers in this browser' }).click();
  await expect(compareSide(page, 'Before').getByRole('alert')).toContainText('This browser holds no answers of yours yet.');
  await expect(compareSide(page, 'Before')).toContainText('Nothing chosen yet.');
});

test('the words on the page, with results and with an error, are plain words', async ({ page }) => {
  await compareStates.find((s) => s.name === 'compare, a file that cannot be read')!.reach(page);
  await compareSide(page, 'Before').getByRole('button', { name: 'The team in this browser' }).click();
  await expect(compareSide(page, 'Before').getByRole('alert')).toBeVisible();
  expect(plainWordsProblems(await page.locator('main').innerText(), siteGlossary())).toEqual([]);
});

for (const theme of ['light', 'dark'] as const) {
  test.describe(`in the ${theme} theme`, () => {
    test.use({ colorScheme: theme });
    for (const state of compareStates) {
      test(`${state.name} has no accessibility violations`, async ({ page }) => {
        await page.addInitScript((t) => localStorage.setItem('plainsec:theme', t), theme);
        await state.reach(page);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        const results = await new AxeBuilder({ page }).withTags(tags).analyze();
        const summary = results.violations.map(
          (v) =>
            `${v.id} (${v.impact}): ${v.help} — ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(' | ')}`,
        );
        expect(summary).toEqual([]);
      });
    }
  });
}
