import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { BudgetExhausted, RequestBudget } from '../src/http/budget.js';
import type { Exchange } from '../src/http/exchange.js';
import { HttpTransport, LiveSafetyRefusal } from '../src/http/transport.js';
import { openSpec } from '../src/openapi/open.js';
import { Redactor } from '../src/report/redact.js';
import { writeGuard } from '../src/safety/guard.js';
import { ResourceLedger } from '../src/safety/ledger.js';
import { Router } from '../src/safety/route.js';

const spec = openSpec('hospitality');
const BASE = '/enterprise/hospitality/v1';
const ORG = 'amzn1.alexa.unit.did.AORGANIZATION';
const MINE = 'amzn1.alexa.unit.did.AMINE';
const THEIRS = 'amzn1.alexa.unit.did.ATHEIRS';
const POLICY = { status: 429, initialDelaySeconds: 1, multiplier: 2, maxDelaySeconds: 256 };

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

function budget(maxDurationMs = 60_000) {
  return new RequestBudget({ maxRequests: 1000, maxDurationMs, cleanupMs: 5_000 });
}

describe('the router finds the operation a final URL addresses', () => {
  const router = new Router('http://h:1/api/', spec.operations);
  it('strips the base path, decodes path parameters and tells methods apart', () => {
    const routed = router.route('DELETE', new URL(`http://h:1/api${BASE}/rooms/a%2Fb`));
    expect(routed?.operation.operationId).toBe('deleteRoom');
    expect(routed?.pathValues).toEqual({ roomId: 'a/b' });
    expect(router.route('GET', new URL(`http://h:1/api${BASE}/rooms/x`))?.operation.operationId).toBe('getRoom');
    expect(router.route('PATCH', new URL(`http://h:1/api${BASE}/rooms/x`))).toBeUndefined();
  });
  it('knows nothing outside the base URL, and no empty path parameter', () => {
    expect(router.route('DELETE', new URL(`http://h:1${BASE}/rooms/x`))).toBeUndefined();
    expect(router.route('DELETE', new URL(`http://other:1/api${BASE}/rooms/x`))).toBeUndefined();
    expect(router.route('DELETE', new URL(`http://h:1/api${BASE}/rooms/`))).toBeUndefined();
  });
});

describe('the write guard judges the final request, never what the caller meant', () => {
  const ledger = new ResourceLedger('t');
  ledger.record('properties', MINE, ORG, 'roomkit-t-1');
  const guard = writeGuard({
    doc: spec.doc,
    operations: spec.operations,
    baseUrl: 'http://h:1',
    ledger,
    organizations: [ORG],
  });
  const request = (method: string, path: string, body?: unknown) => ({
    method,
    url: `http://h:1${BASE}${path}`,
    headers: {},
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  it('lets updates and deletes through only to ledger ids', () => {
    expect(guard(request('PUT', `/properties/${MINE}`, { name: 'x' }))).toBeUndefined();
    expect(guard(request('DELETE', `/properties/${MINE}`))).toBeUndefined();
    expect(guard(request('PUT', `/properties/${THEIRS}`, { name: 'x' }))).toMatch(/this run did not create it/);
    expect(guard(request('DELETE', `/properties/${THEIRS}`))).toMatch(/this run did not create it/);
  });
  it('lets creates through only under ledger parents or the given organizations', () => {
    expect(guard(request('POST', '/properties', { name: 'x', organizationId: ORG }))).toBeUndefined();
    expect(guard(request('POST', '/roomTypes', { name: 'x', propertyId: MINE }))).toBeUndefined();
    expect(guard(request('POST', '/roomTypes', { name: 'x', propertyId: THEIRS }))).toMatch(/propertyId/);
    expect(guard(request('POST', '/properties', { name: 'x', organizationId: 'amzn1.alexa.unit.did.AOTHER' }))).toMatch(
      /organizationId/,
    );
  });
  it('refuses writes to anything that is not an operation of the spec under the base URL; never refuses reads', () => {
    expect(guard(request('DELETE', `/properties/${MINE}/extra`))).toMatch(/not an operation of the spec/);
    expect(guard({ method: 'DELETE', url: `http://elsewhere:1${BASE}/properties/${MINE}`, headers: {} })).toMatch(
      /not an operation/,
    );
    expect(guard(request('GET', `/properties/${THEIRS}`))).toBeUndefined();
  });
  it('counts a deleted resource of the run as still the run own, and never a merely seen one', () => {
    ledger.sawId(THEIRS, 1);
    expect(ledger.owns(THEIRS)).toBe(false);
    ledger.markDeleted(MINE);
    expect(guard(request('DELETE', `/properties/${MINE}`))).toBeUndefined();
  });
});

describe('the transport under adversity', () => {
  it('never follows a redirect: the 3xx is the answer', async () => {
    let followed = 0;
    const url = await serve((req, res) => {
      if (req.url === '/elsewhere') followed += 1;
      res.writeHead(307, { location: '/elsewhere' }).end();
    });
    const transport = new HttpTransport({ baseUrl: url, budget: budget() });
    const exchange = await transport.send({ method: 'DELETE', path: '/x' });
    expect(exchange.response?.status).toBe(307);
    expect(followed).toBe(0);
  });

  it('reads a body up to --max-body, then drops the connection; an endless body ends there too', async () => {
    const url = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/endless') {
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const pump = () => {
          while (res.write(chunk));
        };
        res.on('drain', pump);
        pump();
        return;
      }
      res.end(JSON.stringify({ padding: 'x'.repeat(300_000) }));
    });
    const transport = new HttpTransport({ baseUrl: url, budget: budget(), maxBodyBytes: 100_000 });
    for (const path of ['/big', '/endless']) {
      const exchange = await transport.send({ method: 'GET', path });
      expect(exchange.response?.truncatedAt).toBe(100_000);
      expect(exchange.response?.bytes).toBe(100_000);
      expect(exchange.response?.json).toBeUndefined();
    }
    expect(transport.truncatedBodies).toBe(2);
  });

  it('no request waits longer than the time left: a hanging target ends the phase, not the process', async () => {
    const url = await serve(() => {});
    const b = budget(300);
    const transport = new HttpTransport({ baseUrl: url, budget: b });
    await expect(transport.send({ method: 'GET', path: '/hang' })).rejects.toThrow(/time limit of 0 s reached/);
    expect(b.exhausted).toMatch(/--max-duration/);
    // Cleanup has its own share, and its own deadline.
    b.beginCleanup();
    expect(b.remainingMs()).toBeGreaterThan(1000);
  });

  it('Ctrl-C aborts the request in flight', async () => {
    const b = budget();
    // Ctrl-C arrives once the target holds the request (an event, not a delay that may come first).
    const url = await serve(() => b.interrupt('interrupted (Ctrl-C)'));
    const unanswered: Exchange[] = [];
    const transport = new HttpTransport({ baseUrl: url, budget: b, onUnanswered: (e) => unanswered.push(e) });
    const pending = transport.send({ method: 'POST', path: '/create', json: { name: 'n' } });
    await expect(pending).rejects.toBeInstanceOf(BudgetExhausted);
    expect(unanswered.map((e) => e.request.method)).toEqual(['POST']);
  });

  it('throttling that outlasts the budget stops the request with a reason, instead of waiting forever', async () => {
    const url = await serve((_req, res) => void res.writeHead(429, { 'retry-after': '256' }).end());
    const slept: number[] = [];
    const transport = new HttpTransport({
      baseUrl: url,
      budget: budget(10_000),
      throttling: POLICY,
      sleep: async (ms) => void slept.push(ms),
    });
    await expect(transport.send({ method: 'PUT', path: '/x' })).rejects.toThrow(/kept answering 429/);
    expect(slept).toEqual([]);
  });

  it('the guard sees every attempt, the retries of a throttled request included', async () => {
    let calls = 0;
    const url = await serve((_req, res) => void res.writeHead(calls++ === 0 ? 429 : 204).end());
    let vetoes = 0;
    const transport = new HttpTransport({
      baseUrl: url,
      budget: budget(),
      throttling: POLICY,
      sleep: async () => {},
      guard: () => (++vetoes > 1 ? 'refused on retry' : undefined),
    });
    await expect(transport.send({ method: 'DELETE', path: '/x' })).rejects.toBeInstanceOf(LiveSafetyRefusal);
    expect(calls).toBe(1);
  });
});

describe('the redactor removes every form of a credential', () => {
  const basic = `Basic ${Buffer.from('channel-user:s3cret-pass').toString('base64')}`;
  const redactor = new Redactor([
    { value: 'tok/en+1|x', env: 'ROOMKIT_TOKEN' },
    { value: basic, env: 'ROOMKIT_API_KEY' },
  ]);
  it('whole, after its scheme, percent-encoded, JSON-escaped, decoded and its password', () => {
    const echoed = [
      'authorization: Bearer tok/en+1|x',
      `?t=${encodeURIComponent('tok/en+1|x')}`,
      basic,
      basic.slice(6),
      'channel-user:s3cret-pass',
      '{"password":"s3cret-pass"}',
    ].join('\n');
    const out = redactor.text(echoed);
    for (const secret of ['tok/en+1|x', encodeURIComponent('tok/en+1|x'), basic.slice(6), 's3cret-pass']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('Bearer ${ROOMKIT_TOKEN}');
  });
  it('in every string of a report, keys included', () => {
    expect(redactor.value({ a: ['tok/en+1|x'], 'tok/en+1|x': 1 })).toEqual({
      a: ['${ROOMKIT_TOKEN}'],
      '${ROOMKIT_TOKEN}': 1,
    });
  });
});
