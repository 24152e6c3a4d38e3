import { defineConfig } from 'vitest/config';
// Timeouts are hang guards sized for a loaded 2-core machine (pnpm test:busy), never speed limits.

// The release dry run packs every publishable package and installs each in an empty project from
// the registry: that takes a while on a small, shared machine.
export default defineConfig({ test: { testTimeout: 600_000, hookTimeout: 600_000 } });
