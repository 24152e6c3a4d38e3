import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serveDocs } from './serve.js';
import { docsDir } from './site.js';

const { values } = parseArgs({ options: { port: { type: 'string', short: 'p', default: '4173' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer from 0 to 65535, got ${JSON.stringify(values.port)}`);
  process.exit(2);
}
const root = join(docsDir, 'dist');
if (!existsSync(join(root, 'index.html'))) {
  console.error(`${root}/index.html is missing: build the docs first with "pnpm run docs".`);
  process.exit(2);
}
const docs = await serveDocs(root, port);
console.log(`roomkit docs at ${docs.url}/index.html (serving ${root}); Ctrl-C stops`);
const stop = () => void docs.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
