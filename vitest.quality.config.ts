import { defineConfig } from 'vitest/config';

/** Checks over the built site in dist/; run after `astro build`. */
export default defineConfig({
  test: {
    include: ['tests/quality/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
