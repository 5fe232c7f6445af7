/**
 * Every browser test runs at one fixed moment in one time zone, never the machine's: pages read
 * the clock through `Date`, which Playwright's clock replaces in each new context. A test that
 * needs another day moves the clock itself (`page.clock.setFixedTime`).
 *
 * Every test also fails when any page it opened threw an uncaught error (`pageerror`): a person
 * would meet a half-working page, and the console is where it shows. The errors are collected
 * from every page of the context, those open already and those opened later, and reported with
 * their page's address when the test ends, so the test's own steps still run and explain more.
 *
 * Import `test` and `expect` from here, not from '@playwright/test'; a context made by hand comes
 * from `newContext` so it gets the same clock and the same watch for errors.
 */
import { test as base, expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';

/** The moment every page sees: a weekday morning, after the dates the seeded records use. */
export const fixedNow = new Date('2026-11-25T10:00:00Z');
/** The day `fixedNow` falls on where the browser is (the config sets Europe/London). */
export const fixedDay = '2026-11-25';

export async function fixClock(context: BrowserContext, at: Date = fixedNow): Promise<void> {
  await context.clock.setFixedTime(at);
}

/** Uncaught errors seen in the contexts being watched, with the address of the page that threw. */
type PageError = { url: string; message: string };
const watched = new Map<BrowserContext, PageError[]>();

/** Collects every uncaught error thrown in any page of `context`, now or later. */
export function watchPageErrors(context: BrowserContext): PageError[] {
  const known = watched.get(context);
  if (known) return known;
  const errors: PageError[] = [];
  watched.set(context, errors);
  const listen = (page: Page) =>
    page.on('pageerror', (error) => {
      // No code of the site runs on about:blank: an error there comes from a test's own init
      // script (one that sets the theme in storage, which about:blank may not use).
      if (page.url() !== 'about:blank') errors.push({ url: page.url(), message: error.message });
    });
  context.pages().forEach(listen);
  context.on('page', listen);
  return errors;
}

/** The uncaught errors of every watched context, as one line each; the watch is then cleared. */
function takePageErrors(): string[] {
  const lines = [...watched.values()].flat().map((e) => `${e.url}: ${e.message}`);
  watched.clear();
  return lines;
}

/** A new context on the fixed clock (for a second person, or a fresh browser), watched for page errors. */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  watchPageErrors(context);
  await fixClock(context);
  return context;
}

/**
 * Without the fixed clock, for tests that measure time (a fake clock would change what they
 * measure), but with the same watch for page errors.
 */
export const testOnRealClock = base.extend<{ failOnPageErrors: void }>({
  context: async ({ context }, use) => {
    watchPageErrors(context);
    await use(context);
  },
  // Automatic, so even a test that never asks for `context` (one that made its own) is checked.
  failOnPageErrors: [
    async ({}, use) => {
      await use();
      const errors = takePageErrors();
      expect(errors, 'uncaught errors in the pages this test opened').toEqual([]);
    },
    { auto: true },
  ],
});

export const test = testOnRealClock.extend({
  context: async ({ context }, use) => {
    await fixClock(context);
    await use(context);
  },
});

export { expect };
