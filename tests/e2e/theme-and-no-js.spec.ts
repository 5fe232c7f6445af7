import { test, expect } from './fixtures.ts';
import { aGuidePath } from './site-urls.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** How many templates the rule files hold: every one of them is listed on /rules/. */
const templateCount = readdirSync('content/rules')
  .filter((f) => f.endsWith('.yaml'))
  .reduce((n, f) => n + (readFileSync(join('content/rules', f), 'utf8').match(/^  - id: /gm) ?? []).length, 0);

test('a chosen dark theme is applied before the page first paints', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('plainsec:theme', 'dark'));
  // Record the theme at the first moment the body exists, before any module script runs.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.body) {
        (window as unknown as { themeAtFirstBody?: string }).themeAtFirstBody = document.documentElement.dataset.theme;
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('/');
  expect(await page.evaluate(() => (window as unknown as { themeAtFirstBody?: string }).themeAtFirstBody)).toBe('dark');
});

test('the theme picker remembers the choice on the next page', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Colour theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.goto('/guides/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByLabel('Colour theme').selectOption('auto');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
});

test('the theme picker still works when storage is full or blocked', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
  });
  await page.goto('/');
  await page.getByLabel('Colour theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });
  test('a guide reads in full, with its contents and links', async ({ page }) => {
    await page.goto(aGuidePath());
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'On this page' })).toBeVisible();
    await expect(page.locator('[data-prose] h2').first()).toBeVisible();
    // Search needs JavaScript, so its button stays hidden rather than doing nothing.
    await expect(page.getByRole('button', { name: /search/i })).toBeHidden();
  });
});

test.describe('without JavaScript, the rule builder', () => {
  test.use({ javaScriptEnabled: false });
  test('lists every template with a link to its files, and its buttons do not pretend to work', async ({ page }) => {
    await page.goto('/rules/');
    expect(templateCount).toBeGreaterThanOrEqual(64);
    await expect(page.locator('.rule-list li')).toHaveCount(templateCount);
    await expect(page.getByRole('link', { name: 'A server was started by hand, outside auto-scaling' })).toHaveAttribute('href', '/rules/server-outside-autoscaling/');
    await expect(page.getByText('The builder needs JavaScript')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Start a blank rule' })).toBeDisabled();
    for (const button of await page.getByRole('button', { name: /^Use this rule/ }).all()) await expect(button).toBeDisabled();
  });
});
