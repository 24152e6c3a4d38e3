import { defineConfig } from 'vitest/config';

// Prism takes a few seconds to start on a small machine.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
