import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Bundling and compiling both specs takes a second idle and several on a loaded machine.
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
