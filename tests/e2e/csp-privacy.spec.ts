import { type Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { sitemapPaths, aGuidePath } from './site-urls.ts';

/** Collects CSP violations (console and events) and requests that leave this origin. */
function watch(page: Page, origin: string) {
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (/Content[- ]Security[- ]Policy|Refused to (load|execute|apply|connect|create)/i.test(text)) problems.push(`CSP: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`Script error: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) problems.push(`Request to another origin: ${url}`);
  });
  return problems;
}

test.describe('every page', () => {
  for (const path of sitemapPaths()) {
    test(`${path} breaks no content security rule and talks to no other origin`, async ({ page, baseURL }) => {
      const problems = watch(page, new URL(baseURL!).origin);
      await page.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
        ),
      );
      await page.goto(path, { waitUntil: 'networkidle' });
      expect(problems).toEqual([]);
    });
  }
});

test('opening search and searching breaks no content security rule', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto(aGuidePath());
  await page.getByRole('button', { name: /search/i }).click();
  await page.getByLabel('Search for').fill('alert');
  await expect(page.getByRole('status')).toHaveText(/result/);
  expect(problems).toEqual([]);
});

test('the CSP forbids inline scripts that are not pinned by hash', async ({ page }) => {
  await page.goto('/');
  const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
  expect(csp).toMatch(/script-src 'self'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toMatch(/default-src 'self'/);
});
