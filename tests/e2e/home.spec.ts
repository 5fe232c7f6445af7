/** The home page as a new reader first sees it. */
import { test, expect } from './fixtures.ts';

const tools = [
  ['Guides', '/guides/'],
  ['Self-assessment', '/assessment/'],
  ['Team view', '/assessment/team/'],
  ['Checklist', '/checklist/'],
  ['Alert rule builder', '/rules/'],
  ['Announce a change', '/announce/'],
] as const;

test('on a 390 × 844 phone the home page shows a link to every tool in the first screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  const list = page.getByRole('navigation', { name: 'Tools' });
  for (const [name, href] of tools) {
    const link = list.getByRole('link', { name, exact: true });
    await expect(link).toHaveAttribute('href', href);
    const box = (await link.boundingBox())!;
    expect(box.y + box.height, `${name} ends within the first screen`).toBeLessThanOrEqual(844);
  }
});
