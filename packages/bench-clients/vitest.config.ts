import { defineConfig } from 'vitest/config';
// Timeouts are hang guards sized for a loaded 2-core machine (pnpm test:busy), never speed limits.

// Packing, an npm install from the registry and a tsc run take a while on a small machine.
export default defineConfig({ test: { testTimeout: 600_000, hookTimeout: 600_000 } });
