// How a published roomkit client is built with tsdown: one ESM file and one .d.ts, with this
// package (private) bundled in, code and types, so the client's tarball depends on openapi-fetch
// alone. Each client's tsdown.config.ts exports this.
/** @type {import('tsdown').UserConfig} */
export const clientBuild = {
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
};
