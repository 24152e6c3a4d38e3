#!/usr/bin/env node
// Measures a full `roomkit verify hospitality` with default settings against the local sandbox
// (the targets: at most 30 s and 5,000 requests), the same way a user runs it: the real CLI in a
// child process, credentials from the environment. Prints requests, requests per second and the
// ratio to each target for each round. Then the fault matrix: a default verify against the
// sandbox with each fault switched on, printing how many faults were found and faults found per
// thousand requests (how much checking power each request buys).
//
// The latency leg (LATENCY, default 0,50,100 ms): the sandbox behind an in-repo delay proxy that
// holds every answer that long, each delay at --concurrency 1 and at the default, printing wall
// time, requests, peak requests in flight (as the run and as the proxy counted them) and the
// speed-up. The read-lag leg (LAG=300): the same default run against a sandbox whose reads lag
// that long behind writes, beside a consistent one. The throttling leg (THROTTLE=5): a sandbox
// that answers 429 above 5 requests/s per token, showing the rate the run settled at.
// Switches: ROUNDS=0, LATENCY=, LAG=0, THROTTLE=0, MATRIX=0 skip a leg; LEVELS=1,16 are the
// latency leg's concurrency levels; MATRIX_CONCURRENCY=1,16 runs the fault matrix at each level
// and compares what was found, fault by fault; MATRIX_RUNS=<n> (default: verify's), MATRIX_FAULTS=
// <names> (default: all) and MATRIX_SECONDS=<s> (start no fault after it) bound that leg. CLI=<path>
// runs the rounds and the latency, read-lag and throttling legs with another build's dist/cli.js.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONCURRENCY, verify, type VerifyReport } from '@roomkit/contract';
import { readFileSync } from 'node:fs';
import {
  createSandbox,
  defaultFixturePath,
  faults,
  roomRetrieveAuthorization,
  startDelayProxy,
  type Fixture,
  type SandboxOptions,
} from '@roomkit/sandbox';

const TARGET_SECONDS = 30;
const TARGET_REQUESTS = 5_000;
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const list = (value: string | undefined, fallback: string) =>
  (value ?? fallback)
    .split(',')
    .filter((v) => v.trim() !== '')
    .map(Number);
const LATENCIES = list(process.env.LATENCY, '0,50,100');
const LEVELS = list(process.env.LEVELS, `1,${DEFAULT_CONCURRENCY}`);
const LAG_MS = Number(process.env.LAG ?? 300);
const THROTTLE_RATE = Number(process.env.THROTTLE ?? 5);
const MATRIX_LEVELS = list(process.env.MATRIX_CONCURRENCY, String(DEFAULT_CONCURRENCY));
// CLI=<path of another build's dist/cli.js>: the CLI legs run that build (before/after figures side by side).
const cliPath = process.env.CLI ?? join(dirname(fileURLToPath(import.meta.resolve('@roomkit/contract'))), 'cli.js');

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

/** One default `verify hospitality` through the real CLI against a fresh sandbox, its JSON report read back. */
async function cliRun(
  sandboxOptions: Partial<SandboxOptions>,
  delayMs: number,
  extra: string[],
): Promise<{
  report: VerifyReport;
  seconds: number;
  proxyPeak: number;
  arrivals: readonly number[];
  statuses: readonly number[];
}> {
  const box = await createSandbox({
    database: ':memory:',
    host: '127.0.0.1',
    port: 0,
    log: () => {},
    ...sandboxOptions,
  });
  const proxy = await startDelayProxy({ target: box.url, delayMs });
  const dir = mkdtempSync(join(tmpdir(), 'roomkit-bench-'));
  try {
    const [org, other] = box.organizations;
    const json = join(dir, 'report.json');
    const started = process.hrtime.bigint();
    await new Promise<void>((done) => {
      const child = spawn(
        process.execPath,
        [
          cliPath,
          'verify',
          'hospitality',
          '--base-url',
          proxy.url,
          '--organization-id',
          org!.id,
          '--second-organization-id',
          other!.id,
          '--quiet',
          '--json',
          json,
          '--ledger',
          join(dir, 'ledger.json'),
          ...extra,
        ],
        {
          env: { ...process.env, ROOMKIT_TOKEN: org!.tokens[0]!, ROOMKIT_SECOND_TOKEN: other!.tokens[0]! },
          stdio: 'ignore',
        },
      );
      child.on('exit', () => done());
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const report = JSON.parse(readFileSync(json, 'utf8')) as VerifyReport;
    return {
      report,
      seconds,
      proxyPeak: proxy.peakInFlight,
      arrivals: [...proxy.arrivals],
      statuses: [...proxy.statuses],
    };
  } finally {
    await proxy.close();
    await box.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const left = (r: VerifyReport) => r.cleanup.leftovers.length + r.cleanup.unaccounted.length;
const line = (text: string) => process.stdout.write(`${text}\n`);
/** What a run that should conform found, so that a surprise in a leg can be looked into. */
const why = (r: VerifyReport) =>
  r.result === 'conforms'
    ? ''
    : ` [seed ${r.seed}: ${[...r.violations.map((v) => `${v.name} (${v.property})`), ...r.properties.filter((p) => p.status !== 'passed' && p.status !== 'skipped').map((p) => `${p.name} ${p.status}`)].slice(0, 4).join(', ')}]`;

if (LATENCIES.length > 0) {
  line(
    `latency leg: the sandbox behind a delay proxy, --concurrency ${LEVELS.join(' and ')} (default ${DEFAULT_CONCURRENCY})`,
  );
  for (const delayMs of LATENCIES) {
    const walls: number[] = [];
    for (const concurrency of LEVELS) {
      const { report, seconds, proxyPeak } = await cliRun({}, delayMs, ['--concurrency', String(concurrency)]);
      walls.push(seconds);
      line(
        `  ${String(delayMs).padStart(3)} ms, --concurrency ${String(concurrency).padStart(2)}: ${report.result}, wall ${seconds.toFixed(1)} s, ${report.requests} requests + ${report.cleanup.requests} cleanup, peak in flight ${report.engine?.peakInFlight ?? '?'} (proxy saw ${proxyPeak})${(report.engine?.peakInFlight ?? 0) > concurrency ? ' OVER --concurrency' : ''}, left behind ${left(report)}${why(report)}`,
      );
    }
    if (walls.length > 1)
      line(`  ${String(delayMs).padStart(3)} ms: speed-up ${(walls[0]! / walls.at(-1)!).toFixed(2)}x`);
  }
}

if (LAG_MS > 0) {
  const consistent = await cliRun({}, 0, []);
  const lagging = await cliRun({ readLagMs: LAG_MS }, 0, []);
  line(
    `read-lag leg: consistent ${consistent.report.result}${why(consistent.report)} in ${consistent.seconds.toFixed(1)} s; reads ${LAG_MS} ms behind writes ${lagging.report.result}${why(lagging.report)} in ${lagging.seconds.toFixed(1)} s: ${(lagging.seconds / consistent.seconds).toFixed(2)}x (target at most 2x)`,
  );
}

if (THROTTLE_RATE > 0) {
  const { report, seconds, arrivals, statuses } = await cliRun(
    { throttle: { ratePerSecond: THROTTLE_RATE, burst: THROTTLE_RATE } },
    0,
    ['--max-duration', '60'],
  );
  // The rate the run settled at: what reached the target in the second half of the run.
  const start = arrivals[0] ?? 0;
  const end = arrivals.at(-1) ?? start;
  const half = start + (end - start) / 2;
  const late = arrivals.filter((at) => at >= half).length;
  const refused = statuses.filter((s) => s === 429).length;
  const lateRefused = statuses.filter((s, i) => s === 429 && arrivals[i]! >= half).length;
  line(
    `throttling leg: the target answers 429 above ${THROTTLE_RATE} requests/s; the run (${report.result}, ${seconds.toFixed(1)} s, ${arrivals.length} requests, ${refused} answered 429, ${lateRefused} of them in the second half) settled at ${((late * 1000) / Math.max(1, end - half)).toFixed(1)} requests/s; the window was halved ${report.engine?.halvings ?? 0} time(s), down to ${report.engine?.lowestWindow ?? '?'}`,
  );
}

// The fault matrix, with the default settings of a user's run (in process: the same verify), at
// each concurrency level asked for, fault by fault: each fault is run at every level before the
// next, and a line compares what the levels found, so that a run cut short by MATRIX_SECONDS (a
// time bound: no fault is started after it) still compares every fault it reached. The faults
// found must be the same at every level; the names of the violations are compared too.
if (process.env.MATRIX !== '0') {
  const levels = MATRIX_LEVELS;
  const runs = process.env.MATRIX_RUNS === undefined ? undefined : Number(process.env.MATRIX_RUNS);
  const deadline = Date.now() + Number(process.env.MATRIX_SECONDS ?? Number.POSITIVE_INFINITY) * 1000;
  const only =
    list(process.env.MATRIX_FAULTS, '').length === 0 ? undefined : (process.env.MATRIX_FAULTS ?? '').split(',');
  const chosen = Object.entries(faults).filter(([name]) => only === undefined || only.includes(name));
  const tally = levels.map((concurrency) => ({ concurrency, found: 0, requests: 0, ms: 0, missed: [] as string[] }));
  const differ: string[] = [];
  const namesDiffer: string[] = [];
  let compared = 0;
  line(
    `fault matrix: ${chosen.length} faults, --concurrency ${levels.join(' and ')}, ${runs === undefined ? 'default runs' : `--runs ${runs}`}, seed 20261201${Number.isFinite(deadline) ? `, no fault started after ${process.env.MATRIX_SECONDS} s` : ''}`,
  );
  for (const [name, fault] of chosen) {
    if (Date.now() > deadline) break;
    const seen: Array<{ found: boolean; names: string }> = [];
    for (const [index, concurrency] of levels.entries()) {
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
        const started = Date.now();
        const report = await verify({ target, seed: 20261201, concurrency, ...(runs === undefined ? {} : { runs }) });
        const row = tally[index]!;
        row.ms += Date.now() - started;
        row.requests += report.requests + report.cleanup.requests;
        const found = report.violations.length > 0;
        if (found) row.found += 1;
        else row.missed.push(name);
        seen.push({ found, names: [...new Set(report.violations.map((v) => v.name))].sort().join(' ') || '-' });
      } finally {
        await faulty.close();
      }
    }
    compared += 1;
    const same = seen.every((s) => s.found === seen[0]!.found);
    const sameNames = seen.every((s) => s.names === seen[0]!.names);
    if (!same) differ.push(name);
    else if (!sameNames) namesDiffer.push(name);
    line(
      `  ${name}: ${seen.map((s, i) => `--concurrency ${levels[i]} ${s.found ? 'found' : 'MISSED'} (${s.names})`).join(' · ')}${same ? (sameNames ? '' : ' · same fault found, names differ') : ' · DIFFERENT'}`,
    );
  }
  const total = chosen.length;
  for (const row of tally) {
    line(
      `fault matrix (--concurrency ${row.concurrency}): ${row.found} of ${compared} faults found${compared < total ? ` (${total - compared} not reached in MATRIX_SECONDS)` : ''}, ${row.requests} requests, ${((row.found * 1000) / Math.max(1, row.requests)).toFixed(2)} faults found per thousand requests, ${(row.ms / 1000).toFixed(1)} s${row.missed.length > 0 ? `; missed: ${row.missed.join(', ')}` : ''}`,
    );
  }
  if (levels.length > 1)
    line(
      `fault matrix at --concurrency ${levels.join(' and ')}: ${compared} faults compared, ${differ.length === 0 ? 'the same faults found' : `found at one level only: ${differ.join(', ')}`}${namesDiffer.length === 0 ? '' : `; same fault, different violation names: ${namesDiffer.join(', ')}`}`,
    );
}
