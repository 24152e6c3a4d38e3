import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { BudgetExhausted, RequestBudget } from '../src/http/budget.js';
import type { Exchange } from '../src/http/exchange.js';
import { simultaneously } from '../src/http/simultaneous.js';
import { HttpTransport, LiveSafetyRefusal, type TransportOptions } from '../src/http/transport.js';
import { AdaptiveWindow } from '../src/http/window.js';

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

interface Arrival {
  method: string;
  url: string;
  body: string;
}

/**
 * A server that answers nothing until `expected` requests have fully arrived, then answers each
 * with how many had arrived when it was complete. A client that waited for one answer before
 * writing the next request would wait forever (vitest's timeout fails it): no clock decides.
 */
async function barrierServer(
  expected: number,
  answer: (arrival: Arrival, index: number) => { status: number; body?: string } = () => ({ status: 200 }),
  onHead: (req: IncomingMessage) => void = () => {},
): Promise<{ url: string; arrivals: Arrival[] }> {
  const arrivals: Arrival[] = [];
  const pending: Array<() => void> = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    onHead(req);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const arrival = { method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString() };
      const index = arrivals.push(arrival) - 1;
      pending.push(() => {
        const { status, body } = answer(arrival, index);
        res.writeHead(status, { 'content-type': 'application/json', 'x-arrived': String(arrivals.length) });
        res.end(body ?? JSON.stringify({ index }));
      });
      if (arrivals.length === expected) for (const go of pending.splice(0)) go();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    arrivals,
  };
}

function transportFor(baseUrl: string, more: Partial<TransportOptions> = {}): HttpTransport {
  return new HttpTransport({
    baseUrl,
    budget: new RequestBudget({ maxRequests: 100, maxDurationMs: 60_000 }),
    // A batch needs as many requests in flight as it holds (a transport alone allows one).
    window: new AdaptiveWindow({ concurrency: 8 }),
    ...more,
  });
}

describe('simultaneous batches', () => {
  it('writes every request of the batch before any answer (creates and deletes)', async () => {
    const target = await barrierServer(4);
    const seen: Exchange[] = [];
    const transport = transportFor(target.url, { observer: (e) => void seen.push(e) });
    const { results, early } = await simultaneously(4, (dispatch, i) =>
      transport.send(
        i < 2
          ? { method: 'POST', path: '/things', json: { name: `n-${i}`, note: 'é' } }
          : { method: 'DELETE', path: `/things/${i}` },
        dispatch,
      ),
    );
    expect(early).toBe(0);
    expect(results.map((r) => r.response?.status)).toEqual([200, 200, 200, 200]);
    // Every answer was given once all four had arrived.
    expect(results.map((r) => r.response?.headers['x-arrived'])).toEqual(['4', '4', '4', '4']);
    // Bodies arrive whole, multi-byte characters included; the observer saw every exchange.
    expect(target.arrivals.filter((a) => a.method === 'POST').map((a) => JSON.parse(a.body) as unknown)).toEqual(
      expect.arrayContaining([
        { name: 'n-0', note: 'é' },
        { name: 'n-1', note: 'é' },
      ]),
    );
    expect(seen).toHaveLength(4);
    expect(transport.budget.requests).toBe(4);
  });

  it('holds back the last byte: a request stays one byte short until the whole batch is written', async () => {
    // The first request's bytes as the server receives them, until it stops one short of its
    // Content-Length (or, if the last byte was not held back, reaches it).
    let firstStalled!: (bytes: number) => void;
    const stalledAt = new Promise<number>((resolve) => (firstStalled = resolve));
    const target = await barrierServer(2, undefined, (req) => {
      if (req.url !== '/first') return;
      const length = Number(req.headers['content-length']);
      let received = 0;
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= length - 1) firstStalled(received - length);
      });
    });
    const transport = transportFor(target.url);
    await simultaneously(2, async (dispatch, i) => {
      // The second request is only started once the first is on the server, but for its end.
      if (i === 1) await stalledAt;
      return transport.send({ method: 'PUT', path: i === 0 ? '/first' : '/second', json: { name: 'same' } }, dispatch);
    });
    expect(await stalledAt).toBe(-1);
    expect(target.arrivals.map((a) => a.url).sort()).toEqual(['/first', '/second']);
  });

  it('keeps the time limit while the body of an answer stalls', async () => {
    const stalled = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"never":');
    });
    servers.push(stalled);
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    // The body never ends, so the limit ends each request whatever the machine's speed.
    const transport = transportFor(`http://127.0.0.1:${(stalled.address() as { port: number }).port}`, {
      timeoutMs: 300,
    });
    const { results } = await simultaneously(2, (dispatch) => transport.send({ method: 'GET', path: '/' }, dispatch));
    expect(results.map((r) => r.error)).toEqual(['no complete answer within 0 s', 'no complete answer within 0 s']);
  });

  it('keeps the guard: a refused request is never sent, the others are not kept waiting for it', async () => {
    const target = await barrierServer(2);
    const transport = transportFor(target.url, {
      guard: (request) => (request.url.endsWith('/forbidden') ? 'not the run’s own' : undefined),
    });
    const paths = ['/a', '/forbidden', '/b'];
    await expect(
      simultaneously(3, (dispatch, i) => transport.send({ method: 'DELETE', path: paths[i]! }, dispatch)),
    ).rejects.toBeInstanceOf(LiveSafetyRefusal);
    expect(target.arrivals.map((a) => a.url).sort()).toEqual(['/a', '/b']);
  });

  it('keeps the budget and the body cap', async () => {
    const target = await barrierServer(2, () => ({ status: 200, body: 'x'.repeat(5000) }));
    const transport = transportFor(target.url, { maxBodyBytes: 1000 });
    const { results } = await simultaneously(2, (dispatch) => transport.send({ method: 'GET', path: '/' }, dispatch));
    expect(results.map((r) => r.response?.truncatedAt)).toEqual([1000, 1000]);
    expect(transport.truncatedBodies).toBe(2);

    // One request left in the budget: the second is refused, which ends the phase, and the first
    // is aborted with it instead of waiting for a partner that never comes.
    const sent = await barrierServer(1);
    const one = new HttpTransport({
      baseUrl: sent.url,
      budget: new RequestBudget({ maxRequests: 1, maxDurationMs: 60_000 }),
      window: new AdaptiveWindow({ concurrency: 2 }),
    });
    await expect(
      simultaneously(2, (dispatch) => one.send({ method: 'GET', path: '/' }, dispatch)),
    ).rejects.toBeInstanceOf(BudgetExhausted);
    expect(one.budget.exhausted).toMatch(/request limit of 1/);
  });
});
