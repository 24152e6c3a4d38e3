import { defineConfig } from 'vitest/config';
// Timeouts are hang guards sized for a loaded 2-core machine (pnpm test:busy), never speed limits.

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // The hostile-target suite runs its cases concurrently: each is a child process and a sandbox,
    // and three at once keep a loaded 2-core machine responsive.
    maxConcurrency: 3,
  },
});
