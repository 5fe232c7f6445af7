/**
 * "Now" for everything that runs in the browser: the one place the islands and stores read the
 * clock, so a test fixes it in one place (Playwright's `page.clock` replaces what this reads).
 */
export function now(): Date {
  return new Date();
}
