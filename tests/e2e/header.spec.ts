/** The site header: one row on a desktop screen, every link on screen on a phone. */
import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';

const toolPages = ['/', '/guides/', '/checklist/', '/assessment/', '/assessment/team/', '/assessment/how-scoring-works/', '/rules/', '/announce/', '/glossary/'];

/** The boxes of the header's name, each main link, the search button and the theme picker. */
async function headerBoxes(page: Page): Promise<{ name: string; top: number; bottom: number; left: number; right: number }[]> {
  return page.locator('.site-header').evaluate((header) =>
    [...header.querySelectorAll<HTMLElement>('.brand, nav a, .search-button, .theme-picker select')].map((e) => {
      const r = e.getBoundingClientRect();
      return { name: e.textContent!.trim() || e.tagName, top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    }),
  );
}

for (const path of toolPages) {
  test(`at 1280 px the header of ${path} is one row: its name, every link, search and theme side by side`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(path);
    const boxes = await headerBoxes(page);
    expect(boxes.length).toBe(9);
    const brand = boxes[0]!;
    for (const box of boxes) {
      // On one row every box lies beside the name, not under it.
      expect(box.top, `${box.name} starts beside the name`).toBeLessThan(brand.bottom);
      expect(box.bottom, `${box.name} ends beside the name`).toBeGreaterThan(brand.top);
    }
  });
}

for (const width of [320, 390]) {
  test(`on a ${width} px phone every header link and tool is on screen, none cut off or hidden`, async ({ page }) => {
    await page.setViewportSize({ width, height: 844 });
    await page.goto('/assessment/');
    const boxes = await headerBoxes(page);
    expect(boxes.length).toBe(9);
    for (const box of boxes) {
      expect(box.left, `${box.name} starts on screen`).toBeGreaterThanOrEqual(0);
      expect(box.right, `${box.name} ends on screen`).toBeLessThanOrEqual(width);
    }
  });
}

test('on a 390 × 844 phone the header takes less than a fifth of the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/assessment/');
  const header = (await page.locator('.site-header').boundingBox())!;
  expect(header.height).toBeLessThan(844 / 5);
});
