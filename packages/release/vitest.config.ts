import { defineConfig } from 'vitest/config';

// The release dry run packs every publishable package and installs each in an empty project from
// the registry: that takes a while on a small, shared machine.
export default defineConfig({ test: { testTimeout: 300_000, hookTimeout: 300_000 } });
