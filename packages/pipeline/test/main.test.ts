import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSummary, main, type RunResult } from '../src/main.js';

const result = (label: string, conforms: boolean): RunResult => ({
  label,
  exitCode: conforms ? 0 : 1,
  conforms,
  violations: conforms ? 0 : 3,
  requests: 120,
  requestsPerSecond: 240,
  durationMs: 500,
  properties: { passed: 5, failed: conforms ? 0 : 1, skipped: 2 },
});

describe('summary', () => {
  it('has one row per target with its verdict and counts', () => {
    const text = formatSummary([result('hospitality @ sandbox', true), result('room-retrieve @ sandbox', false)]);
    const rows = text.split('\n').filter((l) => l.includes('@ sandbox'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/hospitality @ sandbox\s+conforms\s+0\s+5\/0\/2\s+120\s+240\s+0\.5/);
    expect(rows[1]).toMatch(/room-retrieve @ sandbox\s+VIOLATIONS\s+3\s+5\/1\/2/);
  });
});

/** What the reports in `dir` say went wrong: each target's result, failed properties and violations. */
async function whyNot(dir: string): Promise<string> {
  const lines: string[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
    const report = JSON.parse(await readFile(join(dir, file), 'utf8')) as {
      result?: string;
      properties?: { name: string; status: string; reason?: string }[];
      violations?: { name: string; message?: string }[];
      cleanup?: unknown;
    };
    lines.push(`${file}: ${report.result ?? '?'}`);
    for (const p of report.properties ?? []) {
      if (p.status !== 'passed' && p.status !== 'skipped') lines.push(`  ${p.status} ${p.name}: ${p.reason ?? ''}`);
    }
    for (const v of (report.violations ?? []).slice(0, 10)) lines.push(`  violation ${v.name}: ${v.message ?? ''}`);
    if (report.result !== 'conforms') lines.push(`  cleanup: ${JSON.stringify(report.cleanup)}`);
  }
  return lines.join('\n');
}

describe('main job', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('starts both mocks and the sandbox, verifies all four targets, and they conform', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roomkit-main-'));
    dirs.push(dir);
    process.env.ROOMKIT_REPORTS = dir;
    const code = await main(['--runs', '3', '--seed', '7', '--quiet']);
    expect(code, code === 0 ? '' : await whyNot(dir)).toBe(0);
    const files = (await readdir(dir)).sort();
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(4);
    expect(files.filter((f) => f.endsWith('.xml'))).toHaveLength(4);
    // Two Prism starts and four verify runs: a minute idle, several on a loaded machine. Only a
    // guard against a hang; how long it takes is measured by the benchmarks, not here.
  }, 600_000);
});
