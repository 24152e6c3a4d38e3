import { defineConfig } from 'vitest/config';
// Timeouts are hang guards sized for a loaded 2-core machine (pnpm test:busy), never speed limits.

// Prism takes a few seconds to start on a small machine.
export default defineConfig({ test: { testTimeout: 300_000, hookTimeout: 300_000 } });
