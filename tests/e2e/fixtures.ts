/**
 * Every browser test runs at one fixed moment in one time zone, never the machine's: pages read
 * the clock through `Date`, which Playwright's clock replaces in each new context. A test that
 * needs another day moves the clock itself (`page.clock.setFixedTime`).
 *
 * Import `test` and `expect` from here, not from '@playwright/test'; a context made by hand comes
 * from `newContext` so it gets the same clock.
 */
import { test as base, expect, type Browser, type BrowserContext, type BrowserContextOptions } from '@playwright/test';

/** The moment every page sees: a weekday morning, after the dates the seeded records use. */
export const fixedNow = new Date('2026-11-25T10:00:00Z');
/** The day `fixedNow` falls on where the browser is (the config sets Europe/London). */
export const fixedDay = '2026-11-25';

export async function fixClock(context: BrowserContext, at: Date = fixedNow): Promise<void> {
  await context.clock.setFixedTime(at);
}

/** A new context on the fixed clock (for a second person, or a fresh browser). */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await fixClock(context);
  return context;
}

export const test = base.extend({
  context: async ({ context }, use) => {
    await fixClock(context);
    await use(context);
  },
});

export { expect };
