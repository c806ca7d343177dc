import { defineConfig } from 'vitest/config';

// Every test file runs in a process of its own (the integration files each start their own
// local stack); tests in a file run one after another. Unit tests need no stack and run alone
// with `npm run test:unit`. Timeouts are generous caps, not expectations: tests wait on
// conditions, and a slow or loaded machine only makes them take longer.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    isolate: true,
    fileParallelism: true,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
