import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser test may install Chromium through apt on first run.
    hookTimeout: 900_000,
    testTimeout: 120_000,
    fileParallelism: false,
  },
});
