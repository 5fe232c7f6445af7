import { test, expect } from './fixtures.ts';
import AxeBuilder from '@axe-core/playwright';
import { sitemapPaths } from './site-urls.ts';
import { announceStates } from './tool-states.ts';

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

for (const theme of ['light', 'dark'] as const) {
  test.describe(`in the ${theme} theme`, () => {
    test.use({ colorScheme: theme });
    for (const path of sitemapPaths()) {
      test(`${path} has no accessibility violations`, async ({ page }) => {
        // axe walks every node; the glossary page has thousands, and CI machines are shared.
        test.setTimeout(120_000);
        await page.addInitScript((t) => localStorage.setItem('plainsec:theme', t), theme);
        await page.goto(path);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        const results = await new AxeBuilder({ page }).withTags(tags).analyze();
        const summary = results.violations.map(
          (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`,
        );
        expect(summary).toEqual([]);
      });
    }
  });
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`/announce/ in the ${theme} theme`, () => {
    test.use({ colorScheme: theme });
    for (const [state, reach] of Object.entries(announceStates)) {
      test(`${state} has no accessibility violations`, async ({ page }) => {
        await page.addInitScript((t) => localStorage.setItem('plainsec:theme', t), theme);
        await page.goto('/announce/');
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await expect(page.getByRole('button', { name: 'Write the announcement' })).toBeEnabled();
        await reach(page);
        const results = await new AxeBuilder({ page }).withTags(tags).analyze();
        const summary = results.violations.map(
          (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`,
        );
        expect(summary).toEqual([]);
      });
    }
  });
}
