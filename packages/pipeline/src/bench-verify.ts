#!/usr/bin/env node
// Measures a full `roomkit verify hospitality` with default settings against the local sandbox
// (the targets: at most 30 s and 5,000 requests), the same way a user runs it: the real CLI in a
// child process, credentials from the environment. Prints requests, requests per second and the
// ratio to each target for each round. Then the fault matrix: a default verify against the
// sandbox with each fault switched on, printing how many faults were found and faults found per
// thousand requests (how much checking power each request buys).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verify } from '@roomkit/contract';
import { readFileSync } from 'node:fs';
import { createSandbox, defaultFixturePath, faults, roomRetrieveAuthorization, type Fixture } from '@roomkit/sandbox';

const TARGET_SECONDS = 30;
const TARGET_REQUESTS = 5_000;
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const cliPath = join(dirname(fileURLToPath(import.meta.resolve('@roomkit/contract'))), 'cli.js');

const sandbox = await createSandbox({ database: ':memory:', host: '127.0.0.1', port: 0, log: () => {} });
const [first, second] = sandbox.organizations;
const args = [
  'verify',
  'hospitality',
  '--base-url',
  sandbox.url,
  '--organization-id',
  first!.id,
  '--second-organization-id',
  second!.id,
  '--quiet',
];
const env = { ...process.env, ROOMKIT_TOKEN: first!.tokens[0]!, ROOMKIT_SECOND_TOKEN: second!.tokens[0]! };
const rows: string[] = [];
try {
  for (let round = 1; round <= ROUNDS; round += 1) {
    const started = process.hrtime.bigint();
    const out = await new Promise<{ code: number | null; text: string }>((done) => {
      const child = spawn(process.execPath, [cliPath, ...args], { env });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('exit', (code) => done({ code, text }));
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const m = /requests: (\d+) in ([\d.]+) s \(([\d.]+) requests\/s\)/.exec(out.text);
    const verdict = out.code === 0 ? 'conforms' : `exit ${out.code}`;
    const requests = Number(m?.[1] ?? Number.NaN);
    rows.push(
      `round ${round}: ${verdict}, ${m?.[1] ?? '?'} requests (${(requests / TARGET_REQUESTS).toFixed(2)}x of ${TARGET_REQUESTS} ${requests <= TARGET_REQUESTS ? 'ok' : 'OVER'}), ${m?.[3] ?? '?'} requests/s, wall ${seconds.toFixed(1)} s vs target ${TARGET_SECONDS} s: ${(seconds / TARGET_SECONDS).toFixed(2)}x of the budget ${seconds <= TARGET_SECONDS ? '(ok)' : '(OVER)'}`,
    );
    process.stdout.write(`${rows[rows.length - 1]}\n`);
  }
} finally {
  await sandbox.close();
}

// The fault matrix, with the default settings of a user's run (in process: the same verify).
if (process.env.MATRIX !== '0') {
  let found = 0;
  let requests = 0;
  const missed: string[] = [];
  const started = Date.now();
  for (const [name, fault] of Object.entries(faults)) {
    const faulty = await createSandbox({
      database: ':memory:',
      host: '127.0.0.1',
      port: 0,
      faults: [name],
      log: () => {},
    });
    try {
      const [org, other] = faulty.organizations;
      const app = faulty.seed.roomRetrieve.apps[0]!;
      const fixture = JSON.parse(readFileSync(defaultFixturePath, 'utf8')) as Fixture;
      const hotels = fixture.hotels.map((h) => ({
        hotelId: h.hotel_id,
        channelHotelId: h.channel_hotel_id,
      }));
      const target =
        fault.area === 'room-retrieve'
          ? {
              api: 'room-retrieve' as const,
              baseUrl: faulty.url,
              appId: app.appId,
              apiKey: roomRetrieveAuthorization(app),
              hotels,
            }
          : {
              api: 'hospitality' as const,
              baseUrl: faulty.url,
              token: org!.tokens[0]!,
              organizationId: org!.id,
              secondToken: other!.tokens[0]!,
              secondOrganizationId: other!.id,
            };
      const report = await verify({ target, seed: 20261201 });
      requests += report.requests + report.cleanup.requests;
      if (report.violations.length > 0) found += 1;
      else missed.push(name);
    } finally {
      await faulty.close();
    }
  }
  const total = Object.keys(faults).length;
  process.stdout.write(
    `fault matrix: ${found} of ${total} faults found, ${requests} requests, ${((found * 1000) / requests).toFixed(2)} faults found per thousand requests, ${((Date.now() - started) / 1000).toFixed(1)} s${missed.length > 0 ? `; missed: ${missed.join(', ')}` : ''}\n`,
  );
}
