#!/usr/bin/env node
// Measures a full `roomkit verify hospitality` with default settings against the local sandbox
// (the target: at most 30 s), the same way a user runs it: the real CLI in a child
// process. Prints requests, requests per second and the ratio to the target for each round.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandbox } from '@roomkit/sandbox';

const TARGET_SECONDS = 30;
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const cliPath = join(dirname(fileURLToPath(import.meta.resolve('@roomkit/contract'))), 'cli.js');

const sandbox = await createSandbox({ database: ':memory:', host: '127.0.0.1', port: 0, log: () => {} });
const [first, second] = sandbox.organizations;
const args = [
  'verify',
  'hospitality',
  '--base-url',
  sandbox.url,
  '--token',
  first!.tokens[0]!,
  '--organization-id',
  first!.id,
  '--second-token',
  second!.tokens[0]!,
  '--second-organization-id',
  second!.id,
  '--quiet',
];
const rows: string[] = [];
try {
  for (let round = 1; round <= ROUNDS; round += 1) {
    const started = process.hrtime.bigint();
    const out = await new Promise<{ code: number | null; text: string }>((done) => {
      const child = spawn(process.execPath, [cliPath, ...args]);
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('exit', (code) => done({ code, text }));
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const m = /requests: (\d+) in ([\d.]+) s \(([\d.]+) requests\/s\)/.exec(out.text);
    const verdict = out.code === 0 ? 'conforms' : `exit ${out.code}`;
    rows.push(
      `round ${round}: ${verdict}, ${m?.[1] ?? '?'} requests, ${m?.[3] ?? '?'} requests/s, wall ${seconds.toFixed(1)} s vs target ${TARGET_SECONDS} s: ${(seconds / TARGET_SECONDS).toFixed(2)}x of the budget ${seconds <= TARGET_SECONDS ? '(ok)' : '(OVER)'}`,
    );
    process.stdout.write(`${rows[rows.length - 1]}\n`);
  }
} finally {
  await sandbox.close();
}
