// `pnpm bench:clients`: in one run against one local endpoint, the cost of a client call next to
// a bare fetch doing the same request, and each client's minified+gzipped size.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createHospitalityClient } from '@roomkit/hospitality-client';
import { createRoomRetrieveClient } from '@roomkit/room-retrieve-client';
import { bundleSize } from './bundle-size.js';

const OVERHEAD_TARGET = 1.15;
const SIZE_TARGET_BYTES = 12 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const CALLS_PER_ROUND = Number(process.env.BENCH_CALLS ?? 1000);
const WARMUP_CALLS = 500;

const PROPERTY = {
  id: 'amzn1.alexa.unit.did.AHQ5MVZ2X7DMGP4ZB3W2YQKRTNE6',
  organizationId: 'amzn1.alexa.unit.did.ORG',
  name: 'Seaside',
};
const ROOMS = { Status: 'Success', Data: [], Message: '', Ruid: 'bench' };

/** One endpoint answering both APIs' paths with fixed bodies, so only the client side differs. */
async function startEndpoint(): Promise<{ url: string; server: Server }> {
  const property = JSON.stringify(PROPERTY);
  const rooms = JSON.stringify(ROOMS);
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = req.method === 'POST' ? rooms : property;
      // A sized body, as the vendors send it (not chunked).
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        'X-Amzn-RequestId': 'bench',
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function timed(call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await call();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Pair {
  label: string;
  client: () => Promise<unknown>;
  bare: () => Promise<unknown>;
}

/**
 * Client and bare calls alternate call by call (ABBA...), so that the load of a shared machine
 * falls on both alike; each round gives one ratio of summed times, and the medians are reported.
 * CPU time of the process is compared too: it is far less disturbed by other processes.
 */
async function compare(pair: Pair) {
  for (let i = 0; i < WARMUP_CALLS; i += 1) {
    await pair.client();
    await pair.bare();
  }
  const client: number[] = [];
  const bare: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    let clientMs = 0;
    let bareMs = 0;
    let clientCpu = 0;
    let bareCpu = 0;
    for (let i = 0; i < CALLS_PER_ROUND; i += 1) {
      const clientFirst = i % 2 === 0;
      for (const side of clientFirst ? (['client', 'bare'] as const) : (['bare', 'client'] as const)) {
        const cpuBefore = process.cpuUsage();
        const ms = await timed(pair[side]);
        const cpu = process.cpuUsage(cpuBefore);
        const cpuMicros = cpu.user + cpu.system;
        if (side === 'client') {
          clientMs += ms;
          clientCpu += cpuMicros;
        } else {
          bareMs += ms;
          bareCpu += cpuMicros;
        }
      }
    }
    client.push(clientMs / CALLS_PER_ROUND);
    bare.push(bareMs / CALLS_PER_ROUND);
    ratios.push(clientMs / bareMs);
    cpuRatios.push(clientCpu / bareCpu);
  }
  return {
    label: pair.label,
    client: median(client),
    bare: median(bare),
    ratio: median(ratios),
    cpuRatio: median(cpuRatios),
  };
}

async function main(): Promise<void> {
  const { url, server } = await startEndpoint();
  const propertyUrl = `${url}/enterprise/hospitality/v1/properties/${PROPERTY.id}`;
  const hospitality = createHospitalityClient({ baseUrl: url, auth: 'bench-token' });
  const roomRetrieve = createRoomRetrieveClient({ baseUrl: url, appId: 'bench', authorization: 'Bearer bench-token' });
  const roomBody = { hotel_id: 'AWSTEST', channel_hotel_id: '12962495' };

  const pairs: Pair[] = [
    {
      label: 'hospitality getProperty',
      client: () => hospitality.properties.get(PROPERTY.id),
      bare: async () => {
        const response = await fetch(propertyUrl, { headers: { Authorization: 'Bearer bench-token' } });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
      },
    },
    {
      label: 'room-retrieve retrieveRooms',
      client: () => roomRetrieve.retrieveRooms(roomBody),
      bare: async () => {
        const response = await fetch(`${url}/bdc/room/retrieve`, {
          method: 'POST',
          headers: { 'app-id': 'bench', Authorization: 'Bearer bench-token', 'Content-Type': 'application/json' },
          body: JSON.stringify(roomBody),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return ((await response.json()) as typeof ROOMS).Data;
      },
    },
  ];

  console.log(
    `call overhead on ${url} (${ROUNDS} rounds x ${CALLS_PER_ROUND} calls each side, alternating call by call; medians)`,
  );
  console.log(
    `${'operation'.padEnd(30)}${'client µs'.padStart(12)}${'bare fetch µs'.padStart(15)}${'ratio'.padStart(9)}${'cpu ratio'.padStart(11)}  target <= ${OVERHEAD_TARGET}x`,
  );
  let allWithin = true;
  for (const pair of pairs) {
    const result = await compare(pair);
    // Judged on CPU time, the client's own cost: wall time on a shared machine mostly measures
    // who else is running (both columns are printed).
    const within = result.cpuRatio <= OVERHEAD_TARGET;
    allWithin &&= within;
    console.log(
      `${result.label.padEnd(30)}${(result.client * 1000).toFixed(1).padStart(12)}${(result.bare * 1000).toFixed(1).padStart(15)}${`${result.ratio.toFixed(3)}x`.padStart(9)}${`${result.cpuRatio.toFixed(3)}x`.padStart(11)}  ${within ? 'ok' : 'OVER'}`,
    );
  }
  server.close();

  const resolveDir = fileURLToPath(new URL('.', import.meta.url));
  console.log(`\nbundle size (esbuild --bundle --minify, then gzip -9; target <= ${SIZE_TARGET_BYTES / 1024} kB)`);
  console.log(
    `${'entry'.padEnd(30)}${'minified B'.padStart(12)}${'gzipped B'.padStart(12)}${'gzipped kB'.padStart(12)}`,
  );
  for (const entry of ['@roomkit/hospitality-client', '@roomkit/room-retrieve-client', 'openapi-fetch']) {
    const size = await bundleSize(entry, resolveDir);
    const within = entry === 'openapi-fetch' || size.gzippedBytes <= SIZE_TARGET_BYTES;
    allWithin &&= within;
    console.log(
      `${entry.padEnd(30)}${String(size.minifiedBytes).padStart(12)}${String(size.gzippedBytes).padStart(12)}${(size.gzippedBytes / 1024).toFixed(2).padStart(12)}  ${entry === 'openapi-fetch' ? '(included in both above)' : within ? 'ok' : 'OVER'}`,
    );
  }
  console.log(allWithin ? '\nall within target' : '\nsome measurement is over its target');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
