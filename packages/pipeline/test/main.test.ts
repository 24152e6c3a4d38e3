import { mkdtemp, readdir, rm } from 'node:fs/promises';
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
    expect(code).toBe(0);
    const files = (await readdir(dir)).sort();
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(4);
    expect(files.filter((f) => f.endsWith('.xml'))).toHaveLength(4);
    // Two Prism starts and four verify runs: a minute idle, several on a loaded machine. Only a
    // guard against a hang; how long it takes is measured by the benchmarks, not here.
  }, 600_000);
});
