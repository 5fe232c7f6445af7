import { test, expect } from '@playwright/test';

test('a ticked checklist item is still ticked after a reload, and the count follows', async ({ page }) => {
  await page.goto('/checklist/');
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Start somewhere', level: 2 }) });
  const first = section.getByRole('checkbox').first();
  await expect(section.getByText(/^0 of \d+ done$/)).toBeVisible();
  await first.check();
  await expect(section.getByText(/^1 of \d+ done$/)).toBeVisible();
  await page.reload();
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
  await page.evaluate(() => {
    const block = 'x'.repeat(256 * 1024);
    try {
      for (let i = 0; i < 1000; i++) localStorage.setItem(`filler-${i}`, block);
    } catch {
      // Full.
    }
  });
  const box = page.getByRole('checkbox').first();
  await box.click();
  await expect(page.getByRole('alert').first()).toContainText('could not save');
  await expect(box).not.toBeChecked();
});
