import { defineConfig } from 'vitest/config';

// Packing, an npm install from the registry and a tsc run take a while on a small machine.
export default defineConfig({ test: { testTimeout: 240_000, hookTimeout: 240_000 } });
