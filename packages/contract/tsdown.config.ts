// The published build (tsdown): the clients' build (@roomkit/http-runtime/tsdown-client) for two
// entries on Node — dist/cli.js (the `roomkit` bin) and dist/index.js with one index.d.ts. The
// private workspace packages it uses are bundled in, code and types, and the bundled specs are
// copied beside them (dist/<api>.json, where @roomkit/openapi's loader looks, one folder below the
// package root), so the tarball installs alone with registry dependencies.
import { clientBuild } from '@roomkit/http-runtime/tsdown-client';
import { apiNames, bundledSpecPath } from '@roomkit/openapi';
import { defineConfig } from 'tsdown';

const workspace = ['@roomkit/http-runtime', '@roomkit/openapi', '@roomkit/arbitraries'];

export default defineConfig({
  ...clientBuild,
  entry: ['src/index.ts', 'src/cli.ts'],
  platform: 'node',
  target: 'node20.19',
  deps: { alwaysBundle: workspace },
  dts: { resolve: workspace },
  copy: apiNames.map((api) => bundledSpecPath(api)),
});
