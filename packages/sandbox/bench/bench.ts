// pnpm bench:sandbox — the sandbox (SQLite file, response validation on) and `prism mock` on
// the same bundled spec, driven with the same requests by autocannon, side by side.
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

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = 1;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
// Targets take turns in short rounds, so a burst of load from elsewhere on the machine
// hits both rather than one.
const ROUNDS = 2;

interface Scenario {
  name: string;
  kind: 'read' | 'create';
  method: 'GET' | 'POST';
  path: string;
  body?: () => string;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

function startSandboxProcess(database: string): Promise<{ child: ChildProcess; url: string }> {
  // Built to dist/bench/bench.js, beside the package's dist/cli.js.
  const cli = fileURLToPath(new URL('../cli.js', import.meta.url));
  const child = spawn(process.execPath, [cli, '--port', '0', '--db', database], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sandbox exited with code ${code} before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve({ child, url: m[1]! });
    });
  });
}

async function run(url: string, scenario: Scenario, token: string, seconds: number): Promise<Measured> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: scenario.method,
        path: scenario.path,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(scenario.body ? { setupRequest: (req) => ({ ...req, body: scenario.body!() }) } : {}),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
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

async function main(): Promise<void> {
  const doc = loadSpec('hospitality');
  const seed = loadSeed(defaultSeedPath, () => true);
  const org = seed.organizations[0]!;
  const token = org.tokens[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'roomkit-bench-'));
  const sandbox = await startSandboxProcess(join(dir, 'bench.db'));
  const prism = await startMock({ api: 'hospitality', errors: true });
  try {
    // Data for the reads: a full page of properties, one room type to add rooms to.
    const ops = { getProperty: '', listProperties: '', createRoom: '', createProperty: '', createRoomType: '' };
    for (const id of Object.keys(ops) as (keyof typeof ops)[]) ops[id] = getOperation(doc, id).path;
    let propertyId = '';
    for (let i = 0; i < 12; i++)
      propertyId = (
        await json(sandbox.url + ops.createProperty, 'POST', token, {
          name: `Bench Hotel ${i}`,
          organizationId: org.id,
        })
      ).id;
    const roomTypeId = (await json(sandbox.url + ops.createRoomType, 'POST', token, { name: 'Bench King', propertyId }))
      .id;
    let counter = 0;
    const scenarios: Scenario[] = [
      { name: 'get one property', kind: 'read', method: 'GET', path: path(ops.getProperty, { propertyId }) },
      {
        name: 'list a page of properties',
        kind: 'read',
        method: 'GET',
        path: `${ops.listProperties}?organizationId=${org.id}&maxResults=10`,
      },
      {
        name: 'create a room',
        kind: 'create',
        method: 'POST',
        path: ops.createRoom,
        body: () => JSON.stringify({ name: `Bench-${process.pid}-${counter++}`, roomTypeId }),
      },
    ];
    const targets = [
      { name: 'sandbox', url: sandbox.url },
      { name: 'prism', url: prism.url },
    ];
    const results = new Map<string, Measured>();
    console.log(
      `autocannon: ${CONNECTIONS} connections, ${SECONDS} s per scenario and target in ${ROUNDS} alternating rounds (after ${WARMUP_SECONDS} s warm-up)\n`,
    );
    console.log(
      `${'scenario'.padEnd(28)}${'target'.padEnd(9)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'non-2xx'.padStart(9)}`,
    );
    for (const scenario of scenarios) {
      for (const target of targets) await run(target.url, scenario, token, WARMUP_SECONDS);
      const rounds = new Map<string, Measured[]>(targets.map((t) => [t.name, []]));
      for (let r = 0; r < ROUNDS; r++) {
        for (const target of targets)
          rounds.get(target.name)!.push(await run(target.url, scenario, token, SECONDS / ROUNDS));
      }
      for (const target of targets) {
        const all = rounds.get(target.name)!;
        const sum = (f: (m: Measured) => number) => all.reduce((a, m) => a + f(m), 0);
        const m: Measured = {
          rps: sum((x) => x.requests) / SECONDS,
          // Rounds are equally long: the mean of their percentiles stands for the whole.
          p50: sum((x) => x.p50) / all.length,
          p99: sum((x) => x.p99) / all.length,
          requests: sum((x) => x.requests),
          non2xx: sum((x) => x.non2xx),
          errors: sum((x) => x.errors),
        };
        results.set(`${scenario.name}/${target.name}`, m);
        console.log(
          `${scenario.name.padEnd(28)}${target.name.padEnd(9)}${fmt(m.rps).padStart(9)}${ms(m.p50).padStart(9)}${ms(m.p99).padStart(9)}${String(m.non2xx + m.errors).padStart(9)}`,
        );
      }
    }
    const total = (kind: Scenario['kind'], target: string) =>
      scenarios.filter((s) => s.kind === kind).reduce((sum, s) => sum + results.get(`${s.name}/${target}`)!.rps, 0);
    const failed = [...results].filter(([, m]) => m.non2xx + m.errors > 0).map(([k]) => k);
    if (failed.length > 0)
      console.log(`\nwarning: non-2xx answers or errors in ${failed.join(', ')}; their throughput is not comparable.`);
    const reads = total('read', 'sandbox') / total('read', 'prism');
    const creates = total('create', 'sandbox') / total('create', 'prism');
    console.log(`\nsandbox/prism throughput ratio: reads ${reads.toFixed(1)}x, creates ${creates.toFixed(1)}x`);
  } finally {
    sandbox.child.kill('SIGTERM');
    await prism.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
