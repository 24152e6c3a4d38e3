import { defineConfig } from 'vitest/config';

// Timeouts are hang guards sized for a loaded 2-core machine (pnpm test:busy), never speed limits.

export default defineConfig({
  // Bundling and compiling both specs takes a second idle and several on a loaded machine.
  test: { include: ['test/**/*.test.ts'], testTimeout: 300_000 },
});
