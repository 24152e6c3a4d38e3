import { defineConfig } from 'vitest/config';
// Timeouts are hang guards sized for a loaded 2-core machine (pnpm test:busy), never speed limits.

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser test may install Chromium through apt on first run.
    hookTimeout: 900_000,
    testTimeout: 600_000,
    fileParallelism: false,
  },
});
