import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    // The differential property tests take 5 to 15 s each on a quiet machine and five times that on
    // a busy one (a run beside a browser test run timed one out at 60 s): the limit is for hangs.
    testTimeout: 180_000,
    // One time zone whatever the machine's; tests that need another pass it to the code they test.
    env: { TZ: 'UTC' },
    coverage: {
      provider: 'v8',
      include: ['src/lib/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 85 },
    },
  },
});
