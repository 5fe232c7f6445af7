import type { Page } from '@playwright/test';

/**
 * Fills this origin's storage for real, so the next save fails the way it does in a full browser:
 * big blocks first, then smaller ones, until not even one more character fits.
 */
export async function fillStorage(page: Page): Promise<void> {
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
}
