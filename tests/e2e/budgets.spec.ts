import { test, expect, type Page } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { aGuidePath } from './site-urls.ts';

const KB = 1024;
const budgets = { jsBeforeSearch: 8 * KB, total: 60 * KB, css: 15 * KB };

interface Loaded {
  url: string;
  type: string;
  gzipBytes: number;
}

/** Every response the page loads, with the size it would travel gzipped (the preview server does not compress). */
async function recordLoads(page: Page, action: () => Promise<void>): Promise<Loaded[]> {
  const loads: Promise<Loaded | undefined>[] = [];
  const onResponse = (response: import('@playwright/test').Response) => {
    loads.push(
      response
        .body()
        .then((body) => ({ url: response.url(), type: response.request().resourceType(), gzipBytes: gzipSync(body, { level: 9 }).length }))
        .catch(() => undefined),
    );
  };
  page.on('response', onResponse);
  await action();
  page.off('response', onResponse);
  return (await Promise.all(loads)).filter((l): l is Loaded => l !== undefined);
}

const sum = (loads: Loaded[], types: string[]) => loads.filter((l) => types.includes(l.type)).reduce((n, l) => n + l.gzipBytes, 0);

test('a guide page stays within its size budgets before search is opened', async ({ page }) => {
  const path = aGuidePath();
  const loads = await recordLoads(page, async () => {
    await page.goto(path, { waitUntil: 'networkidle' });
  });
  const js = sum(loads, ['script']);
  const css = sum(loads, ['stylesheet']);
  const total = sum(loads, ['document', 'script', 'stylesheet', 'font', 'image']);
  console.info(
    `Budget ${path}: JS ${(js / KB).toFixed(1)} KB gz (≤ 8), CSS ${(css / KB).toFixed(1)} KB gz (≤ 15), total ${(total / KB).toFixed(1)} KB gz (≤ 60)`,
  );
  expect(js).toBeLessThanOrEqual(budgets.jsBeforeSearch);
  expect(css).toBeLessThanOrEqual(budgets.css);
  expect(total).toBeLessThanOrEqual(budgets.total);
});

test('search code loads only when the reader opens search', async ({ page }) => {
  await page.goto(aGuidePath(), { waitUntil: 'networkidle' });
  const loads = await recordLoads(page, async () => {
    await page.getByRole('button', { name: /search/i }).click();
    await page.getByLabel('Search for').fill('alert');
    await expect(page.getByRole('status')).toHaveText(/result/);
  });
  expect(loads.some((l) => l.url.includes('/pagefind/'))).toBe(true);
});

test('the announce page loads at most 20 KB of JavaScript (gzipped) before the user does anything', async ({ page }) => {
  const loads = await recordLoads(page, async () => {
    await page.goto('/announce/', { waitUntil: 'networkidle' });
    await expect(page.getByRole('button', { name: 'Write the announcement' })).toBeEnabled();
  });
  const scripts = loads.filter((l) => l.type === 'script');
  const js = sum(loads, ['script']);
  console.info(
    `Budget /announce/: JS ${(js / KB).toFixed(1)} KB gz (≤ 20) in ${scripts.length} files: ${scripts.map((s) => `${new URL(s.url).pathname} ${(s.gzipBytes / KB).toFixed(1)}`).join(', ')}`,
  );
  expect(js).toBeLessThanOrEqual(20 * KB);
});
