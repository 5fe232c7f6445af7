import { test, expect } from './fixtures.ts';
import { aGuidePath } from './site-urls.ts';

test('a linked term shows its plain definition on keyboard focus, and Escape hides it', async ({ page }) => {
  await page.goto(aGuidePath());
  const term = page.locator('[data-prose] a.term').first();
  const tipId = await term.getAttribute('aria-describedby');
  const tip = page.locator(`[id="${tipId}"]`);
  await expect(tip).toBeHidden();
  await term.focus();
  await expect(tip).toBeVisible();
  await expect(tip).not.toHaveText('');
  await page.keyboard.press('Escape');
  await expect(tip).toBeHidden();
  await expect(term).toBeFocused();
});

test('a linked term leads to its entry in the glossary', async ({ page }) => {
  await page.goto(aGuidePath());
  const term = page.locator('[data-prose] a.term').first();
  const href = (await term.getAttribute('href'))!;
  await term.click();
  await expect(page).toHaveURL(new RegExp(`${href.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  await expect(page.locator(`[id="${decodeURIComponent(href.split('#')[1]!)}"]`)).toBeVisible();
});
