import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { faults, variations } from '../src/index.js';

const CLI = resolve(import.meta.dirname, '../dist/cli.js');

function cli(...args: string[]) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "pnpm --filter @roomkit/sandbox build" first.`);
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
}

describe('CLI', () => {
  it('lists every fault and variation', () => {
    const run = cli('--list-faults');
    expect(run.status).toBe(0);
    for (const name of [...Object.keys(faults), ...Object.keys(variations)]) expect(run.stdout).toContain(name);
  });

  it('refuses an unknown fault, naming it, with exit code 2', () => {
    const run = cli('--port', '0', '--db', ':memory:', '--fault', 'pagination-skips-item,no-such-fault');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no-such-fault');
  });

  it('refuses a seed file that does not exist, naming it', () => {
    const run = cli('--port', '0', '--db', ':memory:', '--seed-file', '/nonexistent/seed.json');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('/nonexistent/seed.json');
  });

  it('refuses a port that is not a whole number from 0 to 65535, naming the flag', () => {
    for (const value of ['-1', '65536', 'x']) {
      const run = cli('--port', value, '--db', ':memory:');
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain(`--port must be a whole number from 0 to 65535, got "${value}".`);
    }
  });

  it('refuses --seed, the random seed of verify and the mock, pointing to --seed-file', () => {
    for (const value of ['7', 'seed.json']) {
      const run = cli('--port', '0', '--db', ':memory:', '--seed', value);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('--seed-file <file>');
      expect(run.stderr).toContain(`--seed "${value}"`);
    }
  });

  it('names the seed file option in its help', () => {
    const run = cli('--help');
    expect(run.stdout).toContain('--seed-file <file>');
    expect(run.stdout).not.toMatch(/--seed </);
  });
});
