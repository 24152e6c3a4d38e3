import { createSandbox, type Sandbox } from '@roomkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsDir } from '../src/site.js';
import { runNode } from './support/run-node.js';
import { extractSamples, transpileSample, typeCheckSamples, type ExtractedSample } from './support/samples.js';

/** The address the guides give for a sandbox started with `pnpm sandbox` (its default port). */
const DOCUMENTED_SANDBOX_URL = 'http://127.0.0.1:4020';

let samples: ExtractedSample[] = [];
let sandbox: Sandbox | undefined;

beforeAll(async () => {
  samples = await extractSamples();
});

afterAll(async () => {
  await sandbox?.close();
});

describe('guide code samples', () => {
  it('the client guides carry TypeScript samples', () => {
    const guides = new Set(samples.map((s) => s.guide));
    for (const guide of [
      '01-getting-started-hospitality.md',
      '02-getting-started-room-retrieve.md',
      '03-pagination.md',
      '04-room-names.md',
      '05-errors-and-throttling.md',
      '07-mock-and-sandbox.md',
    ]) {
      expect(guides, `${guide} has no \`\`\`ts sample`).toContain(guide);
    }
  });

  it('every ```ts sample type-checks against the real roomkit packages', () => {
    const problems = typeCheckSamples(samples);
    expect(problems, problems.join('\n')).toEqual([]);
  }, 600_000);

  it('the type check catches a sample that misuses the client', async () => {
    const broken = samples.find((s) => s.code.includes('createHospitalityClient'));
    expect(broken).toBeDefined();
    const { writeFile } = await import('node:fs/promises');
    const file = broken!.file.replace(/\.ts$/, '-broken.ts');
    await writeFile(
      file,
      `import { createHospitalityClient } from '@roomkit/hospitality-client';\ncreateHospitalityClient({ region: 'MARS', auth: 42 });\n`,
    );
    const problems = typeCheckSamples([{ ...broken!, file }]);
    expect(problems.join('\n')).toMatch(/MARS|not assignable/);
  }, 600_000);

  it('the guides point at the sandbox where `pnpm sandbox` listens by default', () => {
    const withSandbox = samples.filter((s) => s.code.includes(DOCUMENTED_SANDBOX_URL));
    expect(withSandbox.length).toBeGreaterThan(0);
  });

  it('every ```ts run sample runs to completion (against the Prism mock or a live sandbox)', async () => {
    const runnable = samples.filter((s) => s.runnable);
    expect(runnable.length).toBeGreaterThan(0);
    sandbox = await createSandbox({ port: 0, database: ':memory:' });
    for (const sample of runnable) {
      const file = await transpileSample(sample, { [DOCUMENTED_SANDBOX_URL]: sandbox.url });
      const { code, output } = await runNode([file], { cwd: docsDir, timeoutMs: 300_000 });
      expect(code, `guides/${sample.guide}:${sample.line} exited ${code}:\n${output}`).toBe(0);
    }
  }, 900_000);
});
