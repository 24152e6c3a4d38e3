import { join } from 'node:path';
import { buildSite, docsDir } from './site.js';

const outDir = join(docsDir, 'dist');
const started = Date.now();
const site = await buildSite({ outDir, guidesDir: join(docsDir, 'guides') });
console.log(
  `docs built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${site.references.length} references, ` +
    `${site.guides.length} guides -> ${outDir}/index.html`,
);
