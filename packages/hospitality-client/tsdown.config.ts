// The published build: one ESM file and one .d.ts. @roomkit/http-runtime (private, shared with
// the sandbox and the contract suite) is bundled in, code and types, so the tarball depends on
// openapi-fetch alone; openapi-fetch stays an ordinary dependency.
import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
  fixedExtension: false,
  sourcemap: false,
  deps: { alwaysBundle: ['@roomkit/http-runtime'] },
  dts: { resolve: ['@roomkit/http-runtime'] },
  checks: { pluginTimings: false },
});
