// pnpm bench:sandbox — the same requests, driven by autocannon, against every way the sandbox
// runs and two references, side by side in one run:
//   sqlite     the sandbox on a SQLite file (response validation on)
//   pg-1       the sandbox on PostgreSQL, one replica
//   pg-2       two replicas on that PostgreSQL database, the load generator split across both
//   prism      `prism mock` on the same bundled spec
//   bare       a bare node:http server answering fixed JSON: the ceiling for any Node server here
// Each is printed as a ratio to Prism and to bare node:http, for get, list (a page of 10) and
// create. A last leg restarts one of two replicas (behind bench/proxy.ts, a round-robin proxy)
// under load and counts lost requests and 5xx.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startMock } from '@roomkit/mock';
import { getOperation, loadSpec } from '@roomkit/openapi';
// The package's own public surface, as any user of the sandbox would import it.
import { defaultSeedPath, loadSeed } from '@roomkit/sandbox';
import { startPostgres } from './embedded-postgres.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = 1;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const RESTART_SECONDS = Number(process.env.BENCH_RESTART_SECONDS ?? 8);
// Targets take turns in short rounds, so a burst of load from elsewhere on the machine
// hits all of them rather than one.
const ROUNDS = 2;

interface Scenario {
  name: string;
  kind: 'get' | 'list' | 'create';
  method: 'GET' | 'POST';
  /** The path and body for a target, from the data made on it. */
  path: (data: TargetData) => string;
  body?: (data: TargetData) => string;
}

interface TargetData {
  propertyId: string;
  roomTypeId: string;
}

interface Target {
  name: string;
  /** One URL, or several that share the load (autocannon split across them). */
  urls: string[];
  data: TargetData;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Answers by status. */
  statuses: Record<string, number>;
}

// Built to dist/bench/, beside the package's dist/cli.js.
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Starts a node script and resolves with its URL once it prints "listening on <url>". */
function startProcess(script: string, args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with code ${code} before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve({ child, url: m[1]! });
    });
  });
}

const startSandbox = (database: string, port = 0) =>
  startProcess(here('../cli.js'), ['--port', String(port), '--db', database]);

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function runOne(
  url: string,
  connections: number,
  scenario: Scenario,
  data: TargetData,
  token: string,
  seconds: number,
) {
  return autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: scenario.method,
        path: scenario.path(data),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(scenario.body ? { setupRequest: (req) => ({ ...req, body: scenario.body!(data) }) } : {}),
      },
    ],
  });
}

/** One target for `seconds`: split targets run one autocannon per URL at once, connections shared out. */
async function run(target: Target, scenario: Scenario, token: string, seconds: number): Promise<Measured> {
  const share = Math.max(1, Math.round(CONNECTIONS / target.urls.length));
  const results = await Promise.all(
    target.urls.map((url) => runOne(url, share, scenario, target.data, token, seconds)),
  );
  const sum = (f: (r: autocannon.Result) => number) => results.reduce((a, r) => a + f(r), 0);
  return {
    rps: sum((r) => r.requests.total) / seconds,
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    requests: sum((r) => r.requests.total),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors + r.timeouts),
    statuses: countStatuses(results),
  };
}

function countStatuses(results: readonly autocannon.Result[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results)
    for (const [status, stat] of Object.entries(r.statusCodeStats ?? {}))
      counts[status] = (counts[status] ?? 0) + (stat.count ?? 0);
  return counts;
}

/** Creates a resource and answers it (its `id` is all the set-up reads). */
async function json(url: string, method: string, token: string, body?: unknown): Promise<{ id: string }> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

function path(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => params[name] ?? `{${name}}`);
}

const fmt = (n: number) => n.toFixed(n >= 100 ? 0 : 1);
// autocannon records latencies in whole milliseconds.
const ms = (n: number) => (n < 1 ? '<1' : String(Math.round(n)));
const ratio = (a: number, b: number) => `${(a / b).toFixed(a / b >= 10 ? 0 : 2)}x`;
const percent = (a: number, b: number) => `${Math.round((a / b) * 100)}%`;

async function main(): Promise<void> {
  const doc = loadSpec('hospitality');
  const seed = loadSeed(defaultSeedPath, () => true);
  const org = seed.organizations[0]!;
  const token = org.tokens[0]!;
  const ops = { getProperty: '', listProperties: '', createRoom: '', createProperty: '', createRoomType: '' };
  for (const id of Object.keys(ops) as (keyof typeof ops)[]) ops[id] = getOperation(doc, id).path;

  const dir = mkdtempSync(join(tmpdir(), 'roomkit-bench-'));
  const children: ChildProcess[] = [];
  const postgres = await startPostgres({ durable: true });
  let prism: Awaited<ReturnType<typeof startMock>> | undefined;
  try {
    const pgDatabase = await postgres.createDatabase();
    const sqlite = await startSandbox(join(dir, 'bench.db'));
    const pg = [await startSandbox(pgDatabase), await startSandbox(pgDatabase)];
    const bare = await startProcess(here('./bare.js'), []);
    children.push(sqlite.child, ...pg.map((p) => p.child), bare.child);
    prism = await startMock({ api: 'hospitality', errors: true });

    /** Data for the reads on one store: a full page of properties, one room type to add rooms to. */
    const prepare = async (url: string): Promise<TargetData> => {
      let propertyId = '';
      for (let i = 0; i < 12; i++)
        propertyId = (
          await json(url + ops.createProperty, 'POST', token, { name: `Bench Hotel ${i}`, organizationId: org.id })
        ).id;
      const roomTypeId = (await json(url + ops.createRoomType, 'POST', token, { name: 'Bench King', propertyId })).id;
      return { propertyId, roomTypeId };
    };
    const sqliteData = await prepare(sqlite.url);
    const pgData = await prepare(pg[0]!.url);
    const targets: Target[] = [
      { name: 'sqlite', urls: [sqlite.url], data: sqliteData },
      { name: 'pg-1', urls: [pg[0]!.url], data: pgData },
      { name: 'pg-2', urls: pg.map((p) => p.url), data: pgData },
      // Prism and the bare server answer any well-formed id.
      { name: 'prism', urls: [prism.url], data: sqliteData },
      { name: 'bare', urls: [bare.url], data: sqliteData },
    ];
    let counter = 0;
    const scenarios: Scenario[] = [
      {
        name: 'get one property',
        kind: 'get',
        method: 'GET',
        path: (d) => path(ops.getProperty, { propertyId: d.propertyId }),
      },
      {
        name: 'list a page of 10',
        kind: 'list',
        method: 'GET',
        path: () => `${ops.listProperties}?organizationId=${org.id}&maxResults=10`,
      },
      {
        name: 'create a room',
        kind: 'create',
        method: 'POST',
        path: () => ops.createRoom,
        body: (d) => JSON.stringify({ name: `Bench-${process.pid}-${counter++}`, roomTypeId: d.roomTypeId }),
      },
    ];

    const results = new Map<string, Measured>();
    console.log(
      `autocannon: ${CONNECTIONS} connections, ${SECONDS} s per scenario and target in ${ROUNDS} alternating rounds (after ${WARMUP_SECONDS} s warm-up)\n` +
        `pg-1/pg-2: PostgreSQL ${'(embedded-postgres, fsync on)'}; pg-2 splits the connections across two replicas\n`,
    );
    console.log(
      `${'scenario'.padEnd(20)}${'target'.padEnd(8)}${'req/s'.padStart(9)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'non-2xx'.padStart(9)}${'/prism'.padStart(8)}${'/bare'.padStart(7)}`,
    );
    for (const scenario of scenarios) {
      for (const target of targets) await run(target, scenario, token, WARMUP_SECONDS);
      const rounds = new Map<string, Measured[]>(targets.map((t) => [t.name, []]));
      for (let r = 0; r < ROUNDS; r++) {
        for (const target of targets)
          rounds.get(target.name)!.push(await run(target, scenario, token, SECONDS / ROUNDS));
      }
      for (const target of targets) {
        const all = rounds.get(target.name)!;
        const sum = (f: (m: Measured) => number) => all.reduce((a, m) => a + f(m), 0);
        results.set(`${scenario.kind}/${target.name}`, {
          rps: sum((x) => x.requests) / SECONDS,
          // Rounds are equally long: the mean of their percentiles stands for the whole.
          p50: sum((x) => x.p50) / all.length,
          p99: sum((x) => x.p99) / all.length,
          requests: sum((x) => x.requests),
          non2xx: sum((x) => x.non2xx),
          errors: sum((x) => x.errors),
          statuses: {},
        });
      }
      const prismRps = results.get(`${scenario.kind}/prism`)!.rps;
      const bareRps = results.get(`${scenario.kind}/bare`)!.rps;
      for (const target of targets) {
        const m = results.get(`${scenario.kind}/${target.name}`)!;
        console.log(
          `${scenario.name.padEnd(20)}${target.name.padEnd(8)}${fmt(m.rps).padStart(9)}${ms(m.p50).padStart(8)}${ms(m.p99).padStart(8)}${String(m.non2xx + m.errors).padStart(9)}${ratio(m.rps, prismRps).padStart(8)}${percent(m.rps, bareRps).padStart(7)}`,
        );
      }
    }
    const failed = [...results].filter(([, m]) => m.non2xx + m.errors > 0).map(([k]) => k);
    if (failed.length > 0)
      console.log(`\nwarning: non-2xx answers or errors in ${failed.join(', ')}; their throughput is not comparable.`);

    // The targets, each measured above.
    const rps = (kind: Scenario['kind'], target: string) => results.get(`${kind}/${target}`)!.rps;
    const checks: [string, boolean][] = [];
    for (const kind of ['get', 'list'] as const) {
      checks.push([
        `sqlite ${kind} >= 10x prism (${ratio(rps(kind, 'sqlite'), rps(kind, 'prism'))})`,
        rps(kind, 'sqlite') >= 10 * rps(kind, 'prism'),
      ]);
      checks.push([
        `sqlite ${kind} >= 40% of bare (${percent(rps(kind, 'sqlite'), rps(kind, 'bare'))})`,
        rps(kind, 'sqlite') >= 0.4 * rps(kind, 'bare'),
      ]);
    }
    checks.push([
      `sqlite create >= 5x prism (${ratio(rps('create', 'sqlite'), rps('create', 'prism'))})`,
      rps('create', 'sqlite') >= 5 * rps('create', 'prism'),
    ]);
    for (const kind of ['get', 'list', 'create'] as const)
      checks.push([
        `pg-2 ${kind} >= prism (${ratio(rps(kind, 'pg-2'), rps(kind, 'prism'))})`,
        rps(kind, 'pg-2') >= rps(kind, 'prism'),
      ]);

    // A rolling restart: replica 0 stops (SIGTERM: answers what it has, then exits) and starts
    // again on its port while the proxy spreads a create load over both.
    const proxy = await startProcess(
      here('./proxy.js'),
      pg.map((p) => p.url),
    );
    children.push(proxy.child);
    const port = new URL(pg[0]!.url).port;
    const createScenario = scenarios.find((s) => s.kind === 'create')!;
    const load = run({ name: 'restart', urls: [proxy.url], data: pgData }, createScenario, token, RESTART_SECONDS);
    await new Promise((r) => setTimeout(r, (RESTART_SECONDS * 1000) / 4));
    const restartStarted = Date.now();
    await stopProcess(pg[0]!.child);
    const restarted = await startSandbox(pgDatabase, Number(port));
    children.push(restarted.child);
    const restartMs = Date.now() - restartStarted;
    const during = await load;
    console.log(
      `\nrestart under load (pg-2 behind bench/proxy.js, creates, ${RESTART_SECONDS} s; replica 0 down and back in ${restartMs} ms):` +
        ` ${during.requests} requests, ${fmt(during.rps)} req/s, non-2xx ${during.non2xx}, errors ${during.errors}` +
        ` (statuses ${JSON.stringify(during.statuses)})`,
    );
    checks.push([
      `no request lost or 5xx during a replica restart (${during.non2xx} non-2xx, ${during.errors} errors)`,
      during.non2xx === 0 && during.errors === 0,
    ]);

    console.log('\ntargets (issue 20):');
    for (const [line, ok] of checks) console.log(`  ${ok ? 'met   ' : 'MISSED'} ${line}`);
  } finally {
    await Promise.all(children.map(stopProcess));
    await prism?.stop();
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
