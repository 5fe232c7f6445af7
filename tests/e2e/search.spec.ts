import { test, expect } from './fixtures.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aGuidePath } from './site-urls.ts';

/** A distinctive word from a guide's own title, so the test follows whatever guides exist. */
function wordFromGuide(path: string): { title: string; word: string } {
  const html = readFileSync(join('dist', path, 'index.html'), 'utf8');
  const title = /<h1[^>]*>([^<]+)<\/h1>/.exec(html)![1]!.trim();
  const word = title
    .split(/[^A-Za-z]+/)
    .filter((w) => w.length >= 6)
    .sort((a, b) => b.length - a.length)[0]!;
  return { title, word };
}

test('a search for a word from a guide finds that guide', async ({ page }) => {
  const path = aGuidePath();
  const { title, word } = wordFromGuide(path);
  await page.goto('/');
  await page.getByRole('button', { name: /search/i }).click();
  await page.getByLabel('Search for').fill(word);
  await expect(page.getByRole('dialog').getByRole('link', { name: title })).toBeVisible();
});

test('the practice filter narrows results to that practice', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: /search/i }).click();
  await page.getByLabel('Search for').fill('team');
  await page.getByLabel('Practice').selectOption('Everyone owns security');
  await expect(page.getByRole('status')).toHaveText(/result/);
  const metas = await page.locator('.search-results__meta').allTextContents();
  expect(metas.length).toBeGreaterThan(0);
  for (const meta of metas) expect(meta).toContain('Everyone owns security');
});

test('a search that matches nothing says so and how to widen it', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('/');
  // Search forgives typos, so a made-up word can still match; a quoted phrase is matched exactly.
  await page.getByLabel('Search for').fill('"purple xylophone quartet"');
  await expect(page.getByRole('status')).toHaveText(/No results/);
});
