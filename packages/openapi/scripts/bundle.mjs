// Bundles each hand-authored spec (specs/<api>/openapi.yaml) into dist/<api>.json, the single
// file that every other package consumes. Uses the repo's redocly.yaml so that lint and bundle
// see the same APIs.
import { bundle, loadConfig } from '@redocly/openapi-core';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const outDir = resolve(here, '../dist');
const apis = ['hospitality', 'room-retrieve'];

const config = await loadConfig({ configPath: join(repoRoot, 'redocly.yaml') });
await mkdir(outDir, { recursive: true });
let failed = false;
for (const api of apis) {
  const ref = join(repoRoot, 'specs', api, 'openapi.yaml');
  const { bundle: result, problems } = await bundle({ ref, config, dereference: false });
  const errors = problems.filter((p) => p.severity === 'error');
  for (const p of errors) {
    console.error(`${ref}: ${p.message} (${p.location?.[0]?.pointer ?? ''})`);
  }
  if (errors.length > 0) {
    failed = true;
    continue;
  }
  await writeFile(join(outDir, `${api}.json`), JSON.stringify(result.parsed, null, 2) + '\n');
  console.log(`bundled ${api}: specs/${api}/openapi.yaml -> packages/openapi/dist/${api}.json`);
}
if (failed) process.exit(1);
