import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { BudgetExhausted, RequestBudget } from '../src/http/budget.js';
import { toCurl } from '../src/http/curl.js';
import type { Exchange } from '../src/http/exchange.js';
import { backoffDelayMs } from '../src/http/throttling.js';
import { HttpTransport, LiveSafetyRefusal } from '../src/http/transport.js';
import { AdaptiveWindow } from '../src/http/window.js';
import { ResourceLedger } from '../src/safety/ledger.js';

const POLICY = { status: 429, initialDelaySeconds: 1, multiplier: 2, maxDelaySeconds: 256 };
let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(statuses: number[], retryAfter?: string): Promise<string> {
  let i = 0;
  server = createServer((_req, res) => {
    const status = statuses[Math.min(i, statuses.length - 1)]!;
    i += 1;
    res.writeHead(status, {
      'content-type': 'application/json',
      ...(status === 429 && retryAfter ? { 'retry-after': retryAfter } : {}),
    });
    res.end(JSON.stringify({ status }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('curl reproduction', () => {
  it('quotes the URL, headers and body, and turns credentials into ${ENV} references', () => {
    const curl = toCurl(
      {
        method: 'POST',
        url: "http://h/x?a=1&b='2'",
        headers: { authorization: 'Bearer s3cr$t', 'content-type': 'application/json' },
        body: `{"name":"it's"}`,
      },
      [{ value: 's3cr$t', env: 'ROOMKIT_TOKEN' }],
    );
    expect(curl).toBe(
      `curl -i -X POST 'http://h/x?a=1&b='\\''2'\\''' -H "authorization: Bearer \${ROOMKIT_TOKEN}" -H 'content-type: application/json' --data-raw '{"name":"it'\\''s"}'`,
    );
    expect(curl).not.toContain('s3cr$t');
  });

  it('replaces only a whole credential, so a short token never garbles the rest of the command', () => {
    const curl = toCurl(
      {
        method: 'GET',
        url: 'http://h/enterprise/t?x=t',
        headers: { authorization: 'Bearer t', 'content-type': 'text/t' },
        body: '{"t":"t"}',
      },
      [{ value: 't', env: 'ROOMKIT_TOKEN' }],
    );
    expect(curl).toBe(
      `curl -i -X GET 'http://h/enterprise/t?x=t' -H "authorization: Bearer \${ROOMKIT_TOKEN}" -H 'content-type: text/t' --data-raw '{"t":"t"}'`,
    );
  });
});

describe('429 back-off (x-roomkit-throttling)', () => {
  it('doubles from the initial delay up to the maximum, then stays there', () => {
    expect([0, 1, 2, 7, 8, 9, 20].map((a) => backoffDelayMs(POLICY, a) / 1000)).toEqual([1, 2, 4, 128, 256, 256, 256]);
  });
  it('a longer Retry-After wins, capped at the maximum', () => {
    expect(backoffDelayMs(POLICY, 0, '5')).toBe(5000);
    expect(backoffDelayMs(POLICY, 3, '1')).toBe(8000);
    expect(backoffDelayMs(POLICY, 0, '9999')).toBe(256_000);
  });
  it('the transport retries throttled answers with those delays and records every exchange', async () => {
    const baseUrl = await serve([429, 429, 200]);
    const delays: number[] = [];
    const exchanges: Exchange[] = [];
    const transport = new HttpTransport({
      baseUrl,
      budget: new RequestBudget({ maxRequests: 10, maxDurationMs: 60_000 }),
      throttling: POLICY,
      sleep: async (ms) => void delays.push(ms),
      onExchange: (e) => exchanges.push(e),
    });
    const exchange = await transport.send({ method: 'GET', path: '/x' });
    expect(exchange.response?.status).toBe(200);
    expect(delays).toEqual([1000, 2000]);
    expect(exchanges.map((e) => e.response?.status)).toEqual([429, 429, 200]);
    expect(exchanges.every((e) => e.durationMs > 0)).toBe(true);
  });
  it('never retries before the Retry-After a 429 names', async () => {
    const baseUrl = await serve([429, 429, 200], '3');
    const delays: number[] = [];
    const transport = new HttpTransport({
      baseUrl,
      budget: new RequestBudget({ maxRequests: 10, maxDurationMs: 60_000 }),
      throttling: POLICY,
      sleep: async (ms) => void delays.push(ms),
    });
    expect((await transport.send({ method: 'GET', path: '/x' })).response?.status).toBe(200);
    // 3 s twice: the back-off's 1 s and 2 s would retry earlier than the target asked.
    expect(delays).toEqual([3000, 3000]);
  });
  it('gives up when the next back-off would exceed the time budget', async () => {
    const baseUrl = await serve([429]);
    const transport = new HttpTransport({
      baseUrl,
      budget: new RequestBudget({ maxRequests: 10, maxDurationMs: 1500 }),
      throttling: POLICY,
      sleep: async () => {},
    });
    await expect(transport.send({ method: 'GET', path: '/x' })).rejects.toBeInstanceOf(BudgetExhausted);
  });
});

describe('budget and live safety', () => {
  it('refuses requests beyond the request budget, but never cleanup', async () => {
    const baseUrl = await serve([200]);
    const budget = new RequestBudget({ maxRequests: 2, maxDurationMs: 60_000 });
    const transport = new HttpTransport({ baseUrl, budget });
    await transport.send({ method: 'GET', path: '/a' });
    await transport.send({ method: 'GET', path: '/b' });
    await expect(transport.send({ method: 'GET', path: '/c' })).rejects.toThrow(
      /request limit of 2 reached \(--max-requests\)/,
    );
    budget.beginCleanup();
    // Only the cleanup's own work sends now; the run's (a property fast-check stopped waiting for)
    // is refused, so it can neither create after the cleanup took stock nor use its share.
    await expect(transport.send({ method: 'DELETE', path: '/e' })).rejects.toThrow(/the run phase is over/);
    expect((await budget.inCleanup(() => transport.send({ method: 'DELETE', path: '/d' }))).response?.status).toBe(200);
  });
  it('the guard vetoes a request before anything is sent', async () => {
    const baseUrl = await serve([200]);
    const ledger = new ResourceLedger('t1');
    ledger.record('rooms', 'mine');
    const exchanges: Exchange[] = [];
    const transport = new HttpTransport({
      baseUrl,
      budget: new RequestBudget({ maxRequests: 10, maxDurationMs: 60_000 }),
      guard: (r) =>
        r.method === 'DELETE' && !ledger.owns(new URL(r.url).pathname.split('/').pop()!) ? 'not ours' : undefined,
      onExchange: (e) => exchanges.push(e),
    });
    await expect(transport.send({ method: 'DELETE', path: '/rooms/theirs' })).rejects.toBeInstanceOf(LiveSafetyRefusal);
    expect(exchanges).toHaveLength(0);
    expect((await transport.send({ method: 'DELETE', path: '/rooms/mine' })).response?.status).toBe(200);
  });
  it('the ledger cleans up children before parents and names resources recognisably', () => {
    const ledger = new ResourceLedger('abc123');
    ledger.record('properties', 'p');
    ledger.record('roomTypes', 't', 'p');
    ledger.record('rooms', 'r', 't');
    ledger.record('rooms', 'gone', 't');
    ledger.markDeleted('gone');
    expect(ledger.pendingCleanup().map((r) => r.id)).toEqual(['r', 't', 'p']);
    expect(ledger.name('rooms')).toMatch(/^roomkit-abc123-\d+-rooms$/);
  });
});

describe('one shared back-off for every worker (--concurrency)', () => {
  it('a target that throttles above 5 requests/s sees few refusals after its first 429s, never a storm', async () => {
    // The target: a token bucket of 5 requests per second, burst 5; a refused request is answered
    // 429 with Retry-After: 1. Eight workers send 30 requests through one window of 8.
    const RATE = 5;
    let tokens = RATE;
    let refilledAt = Date.now();
    const statuses: number[] = [];
    server = createServer((_req, res) => {
      const now = Date.now();
      tokens = Math.min(RATE, tokens + ((now - refilledAt) * RATE) / 1000);
      refilledAt = now;
      const status = tokens >= 1 ? 200 : 429;
      if (status === 200) tokens -= 1;
      statuses.push(status);
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '1' } : {}) });
      res.end('{}');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const transport = new HttpTransport({
      baseUrl,
      budget: new RequestBudget({ maxRequests: 1000, maxDurationMs: 120_000 }),
      throttling: POLICY,
      window: new AdaptiveWindow({ concurrency: 8 }),
    });
    const answers = await Promise.all(Array.from({ length: 30 }, () => transport.send({ method: 'GET', path: '/x' })));
    expect(answers.every((a) => a.response?.status === 200)).toBe(true);
    expect(transport.window.peak).toBeLessThanOrEqual(8);
    // The first episode: the window (8) and the requests sent before the first 429 was read ran
    // into the bucket (5), the window halved and everyone paused once. The second taught the
    // client the target's pace; after that starts are paced near 5/s and refusals are rare. A
    // client whose workers back off alone, or that does not pace, is refused over and over (one
    // run of refusals per window it sends). Counted, not timed: a slower client is refused less.
    const refused = statuses.filter((s) => s === 429).length;
    const runsOfRefusals = statuses
      .join(',')
      .split(/(?:^|,)200(?=,|$)/)
      .filter((run) => run.includes('429')).length;
    expect(runsOfRefusals).toBeLessThanOrEqual(4);
    expect(refused).toBeLessThanOrEqual(8 + 8 + 4);
    expect(transport.window.pace).toBeDefined();
  }, 60_000);
});

describe('a connection that closes before any answer', () => {
  /**
   * Closes the connection of the first `drops` requests without answering (as a server does when
   * its keep-alive timeout fires just as a client reuses the connection, or when it crashes), and
   * answers the others. Counts the connections it accepted.
   */
  async function serveDropping(drops: number): Promise<{ url: string; connections: () => number }> {
    let connections = 0;
    let seen = 0;
    server = createServer((req, res) => {
      seen += 1;
      if (seen <= drops) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, connections: () => connections };
  }

  const transportFor = (url: string, unanswered: Exchange[] = []) =>
    new HttpTransport({
      baseUrl: url,
      budget: new RequestBudget({ maxRequests: 10, maxDurationMs: 60_000 }),
      onUnanswered: (e) => unanswered.push(e),
    });

  it('sends the request once more on a new connection, and the answer is the target’s', async () => {
    const { url, connections } = await serveDropping(1);
    const unanswered: Exchange[] = [];
    const transport = transportFor(url, unanswered);
    const exchange = await transport.send({ method: 'POST', path: '/b', json: { name: 'x' } });
    expect(exchange.response?.status).toBe(200);
    expect(exchange.reconnectedAfter).toMatch(/UND_ERR_SOCKET|ECONNRESET|EPIPE/);
    expect(transport.reconnects).toBe(1);
    // The dropped attempt reaches the ledger as unanswered (a create it applied is looked for).
    expect(unanswered.map((e) => e.request.method)).toEqual(['POST']);
    expect(connections()).toBe(2);
  });

  it('reports a target that drops the request on a new connection too: no answer is invented', async () => {
    const { url } = await serveDropping(Infinity);
    const transport = transportFor(url);
    const exchange = await transport.send({ method: 'GET', path: '/a' });
    expect(exchange.response).toBeUndefined();
    expect(exchange.error).toMatch(/UND_ERR_SOCKET|ECONNRESET|EPIPE/);
    expect(transport.reconnects).toBe(1);
    // Once per request: the next one gets its own second chance, no more.
    await transport.send({ method: 'GET', path: '/a' });
    expect(transport.reconnects).toBe(2);
  });
});

describe('a body sent in chunks', () => {
  /** Answers with the framing headers the body came with and the body it read. */
  async function serveEcho(): Promise<string> {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            length: req.headers['content-length'] ?? null,
            encoding: req.headers['transfer-encoding'] ?? null,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  it('goes without Content-Length, whole, and the curl command says so; other bodies keep their length', async () => {
    const url = await serveEcho();
    const transport = new HttpTransport({
      baseUrl: url,
      budget: new RequestBudget({ maxRequests: 10, maxDurationMs: 60_000 }),
    });
    // Over one piece (16 KiB), so that it really goes in several.
    const text = JSON.stringify({ name: 'x'.repeat(40_000) });
    const chunked = await transport.send({ method: 'PUT', path: '/b', rawBody: text, chunked: true });
    expect(chunked.response?.json).toEqual({ length: null, encoding: 'chunked', body: text });
    expect(chunked.request.chunked).toBe(true);
    expect(toCurl(chunked.request)).toContain("-H 'Transfer-Encoding: chunked'");
    const plain = await transport.send({ method: 'PUT', path: '/b', rawBody: text });
    expect(plain.response?.json).toEqual({ length: String(text.length), encoding: null, body: text });
    expect(toCurl(plain.request)).not.toContain('Transfer-Encoding');
  });
});
