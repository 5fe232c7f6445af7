import { test, expect, type Page } from '@playwright/test';

/** Ticks only work once the island has hydrated; the boxes are enabled from then on. */
async function waitForTickBoxes(page: Page): Promise<void> {
  await expect(page.getByRole('checkbox').first()).toBeEnabled();
}

test('a ticked checklist item is still ticked after a reload, and the count follows', async ({ page }) => {
  await page.goto('/checklist/');
  await waitForTickBoxes(page);
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Start somewhere', level: 2 }) });
  const first = section.getByRole('checkbox').first();
  await expect(section.getByText(/^0 of \d+ done$/)).toBeVisible();
  await first.check();
  await expect(section.getByText(/^1 of \d+ done$/)).toBeVisible();
  await page.reload();
  await waitForTickBoxes(page);
  await expect(section.getByRole('checkbox').first()).toBeChecked();
  await expect(section.getByText(/^1 of \d+ done$/)).toBeVisible();
});

test('unreadable saved progress is reported in plain words and kept aside, not thrown away', async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('plainsec:checklist:v1', '{broken');
      sessionStorage.setItem('seeded', '1');
    }
  });
  await page.goto('/checklist/');
  await expect(page.getByRole('alert').first()).toContainText('could not be read');
  expect(await page.evaluate(() => localStorage.getItem('plainsec:checklist:v1:unreadable'))).toBe('{broken');
});

test('when storage is full the reader is told and the tick is not pretended', async ({ page }) => {
  await page.goto('/checklist/');
  // Fill this origin's storage for real, so the save fails the way it does in a full browser.
  // Big blocks first, then smaller ones, until not even one more character fits.
  await page.evaluate(() => {
    let n = 0;
    for (const size of [256 * 1024, 16 * 1024, 1024, 64, 1]) {
      const block = 'x'.repeat(size);
      try {
        for (;;) localStorage.setItem(`filler-${n++}`, block);
      } catch {
        // Full at this block size; try a smaller one.
      }
    }
  });
  await waitForTickBoxes(page);
  const box = page.getByRole('checkbox').first();
  await box.click();
  await expect(page.getByRole('alert').first()).toContainText('could not save');
  await expect(box).not.toBeChecked();
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });
  test('the checklist reads in full and its tick boxes do not pretend to work', async ({ page }) => {
    await page.goto('/checklist/');
    await expect(page.getByRole('heading', { name: 'Start somewhere', level: 2 })).toBeVisible();
    const first = page.getByRole('checkbox').first();
    await expect(first).toBeDisabled();
  });
});
