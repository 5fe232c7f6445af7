/**
 * Pages that once threw an uncaught error. Every browser test already fails on one (see
 * fixtures.ts); these wait long enough for a late one to show.
 */
import { test, expect } from './fixtures.ts';

test('the old quiz address sends people to the self-assessment without an error in the console', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/quiz/');
  await expect(page).toHaveURL(/\/assessment\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // The aborted transition was reported a moment after the new page showed: give it two frames.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  expect(errors).toEqual([]);
});
