import { defineConfig } from 'vitest/config';
// Timeouts are hang guards sized for a loaded 2-core machine (pnpm test:busy), never speed limits.

export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 600_000 },
});
