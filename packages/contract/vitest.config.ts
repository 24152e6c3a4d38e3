import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The hostile-target suite runs its cases concurrently: each is a child process and a sandbox,
    // and three at once keep a loaded 2-core machine responsive.
    maxConcurrency: 3,
  },
});
