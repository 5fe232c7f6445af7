import { type Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';

/** Presses Tab until the focused element matches, as a keyboard user would; fails after 60 presses. */
async function tabTo(page: Page, matches: (el: { text: string; href: string | null }) => boolean): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return { text: a?.textContent?.trim() ?? '', href: a?.getAttribute('href') ?? null };
    });
    if (matches(el)) return;
  }
  throw new Error('The element was never reached with the Tab key.');
}

test('home, a guide and search work with the keyboard alone', async ({ page }) => {
  await page.goto('/');
  // The skip link is the first stop and moves focus to the content.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);

  await tabTo(page, (el) => el.text.startsWith('Start with the first guide'));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/guides\/[^/]+\/[^/]+\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  // Ctrl+K opens search with focus in the box; Escape closes it and focus returns. The search
  // button appears once the page's script runs, which is when the shortcut starts to work.
  await expect(page.getByRole('button', { name: /search/i })).toBeVisible();
  await page.keyboard.press('Control+k');
  const box = page.getByLabel('Search for');
  await expect(box).toBeFocused();
  await page.keyboard.type('alert');
  await expect(page.getByRole('status')).toHaveText(/result/);
  // Past the search button and the filters to the first result.
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => Boolean(document.activeElement?.closest('[data-search-results]')))) break;
  }
  const focusedHref = await page.evaluate(() =>
    document.activeElement?.closest('[data-search-results]') ? document.activeElement.getAttribute('href') : null,
  );
  expect(focusedHref).toMatch(/^\//);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(focusedHref!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
});

test('Escape closes search', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('/');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
});
