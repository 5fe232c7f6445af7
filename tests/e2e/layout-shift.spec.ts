/**
 * Pages must not move while their scripts start: the tools first show a neutral "Reading your
 * saved progress…" in the place the saved state will take, and the header keeps room for the
 * search button and theme picker. Measured as the browser's own layout-shift entries (what
 * Lighthouse sums as CLS) on a phone-sized screen, with saved state and without.
 */
import type { Page } from '@playwright/test';
import { test, expect, newContext } from './fixtures.ts';

const savedChecklist = { version: 2, items: { 'ss-owner-named': { done: '2026-11-01', owner: 'Ana' }, 'tbv-branch-protection': { due: '2026-12-01' } } };

async function layoutShift(page: Page, path: string, saved: Record<string, unknown> = {}): Promise<number> {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.addInitScript((entries) => {
    for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, JSON.stringify(value));
    const shifts: number[] = [];
    (window as unknown as { shifts: number[] }).shifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!entry.hadRecentInput) shifts.push(entry.value);
    }).observe({ type: 'layout-shift', buffered: true });
  }, saved);
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  // Islands start when the browser is idle; give them time to read storage and draw.
  await page.waitForTimeout(1500);
  return page.evaluate(() => (window as unknown as { shifts: number[] }).shifts.reduce((a, b) => a + b, 0));
}

const pages: [string, string, Record<string, unknown>?][] = [
  ['the checklist, empty', '/checklist/'],
  ['the checklist, with saved progress', '/checklist/', { 'plainsec:checklist:v2': savedChecklist }],
  ['the self-assessment', '/assessment/'],
  ['the team page', '/assessment/team/'],
  ['the announce page', '/announce/'],
  ['the home page', '/'],
];

for (const [name, path, saved] of pages) {
  test(`${name} does not move while its scripts start`, async ({ browser }) => {
    // Two fresh loads, the smaller shift counts: a shift the page causes happens every time, while
    // a shared machine busy elsewhere can now and then paint before the styles have arrived.
    const shifts: number[] = [];
    for (let i = 0; i < 2 && !shifts.includes(0); i++) {
      const context = await newContext(browser);
      shifts.push(await layoutShift(await context.newPage(), path, saved));
      await context.close();
    }
    expect(Math.min(...shifts), `layout shift in each load: ${shifts.join(', ')}`).toBe(0);
  });
}
