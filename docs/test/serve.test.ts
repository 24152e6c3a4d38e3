import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { apiNames } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { loadGuides } from '../src/guides.js';
import { DECISIONS_SLUG, docsDir } from '../src/site.js';

describe('the landing page', () => {
  it('links both references, their bundled specs and every guide', async () => {
    const html = await readFile(join(docsDir, 'dist', 'index.html'), 'utf8');
    for (const api of apiNames) {
      expect(html).toContain(`href="reference/${api}.html"`);
      expect(html).toContain(`href="specs/${api}.json"`);
    }
    for (const guide of await loadGuides(join(docsDir, 'guides')))
      expect(html).toContain(`href="guides/${guide.slug}.html"`);
    expect(html).toContain(`href="guides/${DECISIONS_SLUG}.html"`);
  });
});

describe('docs:serve', () => {
  it('serves docs/dist on 127.0.0.1 and says where', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(docsDir, 'src', 'serve-cli.ts'), '--port', '0'], {
      cwd: docsDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`no address announced:\n${output}`)), 30_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /(http:\/\/127\.0\.0\.1:\d+)\/index\.html/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.on('exit', (code) => reject(new Error(`docs:serve exited ${code}:\n${output}`)));
      });
      const index = await fetch(`${url}/index.html`);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('roomkit documentation');
      expect((await fetch(`${url}/reference/hospitality.html`)).status).toBe(200);
      expect((await fetch(`${url}/no-such-page.html`)).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
  }, 300_000);
});
