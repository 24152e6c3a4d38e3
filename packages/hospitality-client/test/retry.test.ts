import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHospitalityClient, HospitalityApiError, throttling, type RetryOptions } from '../src/index.js';
import { sendJson, startLocalServer, timerFreeFetch, type Handler, type LocalServer } from './local-server.js';

const PROPERTY_ID = 'amzn1.alexa.unit.did.AHQ5MVZ2X7DMGP4ZB3W2YQKRTNE6';
const property = { id: PROPERTY_ID, organizationId: 'amzn1.alexa.unit.did.ORG1', name: 'Seaside' };

/** The vendor's schedule as the spec states it: initial, multiplied per retry, capped. */
function documentedDelayMs(retryIndex: number): number {
  let seconds: number = throttling.initialDelaySeconds;
  for (let i = 0; i < retryIndex; i += 1)
    seconds = Math.min(seconds * throttling.multiplier, throttling.maxDelaySeconds);
  return seconds * 1000;
}

let server: LocalServer | undefined;

const realSetImmediate = setImmediate;
const realSetTimeout = setTimeout;
const realClearTimeout = clearTimeout;

/**
 * Waits until request number `count` has arrived and the client has answered it by scheduling
 * its back-off timer: only then does advancing the fake clock mean "time passes while it waits".
 */
async function untilWaiting(count: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    server!.waitForRequests(count),
    new Promise((_, reject) => {
      timer = realSetTimeout(
        () => reject(new Error(`request ${count} never came (${server!.requests.length} so far)`)),
        // Only a guard against a hang: a loaded machine may take seconds to carry one local request.
        30_000,
      );
    }),
  ]).finally(() => realClearTimeout(timer));
  for (let spins = 0; vi.getTimerCount() === 0; spins += 1) {
    if (spins > 10_000) throw new Error(`the client never started waiting after request ${count}`);
    await new Promise((resolve) => realSetImmediate(resolve));
  }
}
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

async function clientFor(handler: Handler, retry?: RetryOptions) {
  server = await startLocalServer(handler);
  return createHospitalityClient({
    baseUrl: server.url,
    auth: 'token',
    fetch: timerFreeFetch,
    ...(retry ? { retry } : {}),
  });
}

/** Answers the throttling status `times` times, then the property. */
function throttledThenOk(times: number, headers: Record<string, string> = {}): Handler {
  let seen = 0;
  return (_req, res) => {
    seen += 1;
    if (seen <= times) sendJson(res, throttling.status, { message: 'Rate exceeded.' }, headers);
    else sendJson(res, 200, property);
  };
}

describe('throttling back-off (fake timers, real local server)', () => {
  beforeEach(() => {
    // Only the clock the client waits on; sockets and setImmediate stay real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });

  it('waits exactly the documented delays, doubling up to the cap and then repeating it', async () => {
    // Enough retries to pass the cap and stay on it twice.
    let retriesToCap = 0;
    while (documentedDelayMs(retriesToCap) < throttling.maxDelaySeconds * 1000) retriesToCap += 1;
    const throttledAnswers = retriesToCap + 3;
    const client = await clientFor(throttledThenOk(throttledAnswers), {
      maxAttempts: Infinity,
      maxElapsedMs: Infinity,
    });
    const result = client.properties.get(PROPERTY_ID);

    for (let retry = 0; retry < throttledAnswers; retry += 1) {
      await untilWaiting(retry + 1);
      const delay = documentedDelayMs(retry);
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(server!.requests, `retry ${retry + 1} must not be sent before ${delay} ms`).toHaveLength(retry + 1);
      await vi.advanceTimersByTimeAsync(1);
    }
    await expect(result).resolves.toEqual(property);
    expect(server!.requests).toHaveLength(throttledAnswers + 1);
    expect(documentedDelayMs(throttledAnswers - 1)).toBe(throttling.maxDelaySeconds * 1000);
  });

  it('honours Retry-After instead of the schedule when the server sends it', async () => {
    const client = await clientFor(throttledThenOk(1, { 'Retry-After': '7' }));
    const result = client.properties.get(PROPERTY_ID);
    await untilWaiting(1);
    await vi.advanceTimersByTimeAsync(documentedDelayMs(0));
    expect(server!.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(7000 - documentedDelayMs(0));
    await expect(result).resolves.toEqual(property);
    expect(server!.requests).toHaveLength(2);
  });

  it('gives up after maxAttempts with a typed error carrying status, message and request id', async () => {
    const client = await clientFor(throttledThenOk(Infinity), { maxAttempts: 3 });
    const result = client.properties.get(PROPERTY_ID).catch((error: unknown) => error);
    await untilWaiting(1);
    await vi.advanceTimersByTimeAsync(documentedDelayMs(0));
    await untilWaiting(2);
    await vi.advanceTimersByTimeAsync(documentedDelayMs(1));
    const error = await result;
    expect(error).toBeInstanceOf(HospitalityApiError);
    expect(error).toMatchObject({
      status: throttling.status,
      requestId: `req-${throttling.status}`,
      serverMessage: 'Rate exceeded.',
    });
    expect(server!.requests).toHaveLength(3);
  });

  it('gives up when the next wait would overrun maxElapsedMs', async () => {
    const budget = documentedDelayMs(0) + documentedDelayMs(1) + documentedDelayMs(2) - 1;
    const client = await clientFor(throttledThenOk(Infinity), { maxAttempts: Infinity, maxElapsedMs: budget });
    const result = client.properties.get(PROPERTY_ID).catch((error: unknown) => error);
    for (let retry = 0; retry < 2; retry += 1) {
      await untilWaiting(retry + 1);
      await vi.advanceTimersByTimeAsync(documentedDelayMs(retry));
    }
    expect(await result).toMatchObject({ status: throttling.status });
    expect(server!.requests).toHaveLength(3);
  });

  it('stops waiting at once when the AbortSignal fires, and sends nothing more', async () => {
    const client = await clientFor(throttledThenOk(Infinity));
    const controller = new AbortController();
    const result = client.properties.get(PROPERTY_ID, { signal: controller.signal }).catch((error: unknown) => error);
    await untilWaiting(1);
    await vi.advanceTimersByTimeAsync(documentedDelayMs(0) / 2);
    controller.abort();
    const error = await result;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    await vi.advanceTimersByTimeAsync(documentedDelayMs(5));
    expect(server!.requests).toHaveLength(1);
  });

  it('re-sends a throttled POST (a 429 means the server did not act) with the same body', async () => {
    let seen = 0;
    const client = await clientFor((_req, res) => {
      seen += 1;
      if (seen === 1) sendJson(res, throttling.status, { message: 'Rate exceeded.' });
      else
        sendJson(res, 201, { id: PROPERTY_ID }, { Location: `/enterprise/hospitality/v1/properties/${PROPERTY_ID}` });
    });
    const result = client.properties.create({ name: 'Seaside', organizationId: property.organizationId });
    await untilWaiting(1);
    await vi.advanceTimersByTimeAsync(documentedDelayMs(0));
    await expect(result).resolves.toMatchObject({
      id: PROPERTY_ID,
      location: `/enterprise/hospitality/v1/properties/${PROPERTY_ID}`,
    });
    expect(server!.requests.map((r) => r.body)).toEqual([
      JSON.stringify({ name: 'Seaside', organizationId: property.organizationId }),
      JSON.stringify({ name: 'Seaside', organizationId: property.organizationId }),
    ]);
  });

  it('starts the documented schedule at its first step for the first 429, whatever failed before', async () => {
    const answers = [503, throttling.status, 200];
    const client = await clientFor((_req, res) => {
      const status = answers.shift() ?? 200;
      sendJson(res, status, status === 200 ? property : { message: 'not now' });
    });
    const result = client.properties.get(PROPERTY_ID);
    await untilWaiting(1);
    await vi.advanceTimersByTimeAsync(documentedDelayMs(0));
    await untilWaiting(2);
    await vi.advanceTimersByTimeAsync(documentedDelayMs(0) - 1);
    expect(server!.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toEqual(property);
    expect(server!.requests).toHaveLength(3);
  });

  it('retries a 5xx for idempotent GET, PUT and DELETE', async () => {
    let seen = 0;
    const client = await clientFor((req, res) => {
      seen += 1;
      if (seen % 2 === 1) sendJson(res, 503, { message: 'try later' });
      else if (req.method === 'GET') sendJson(res, 200, property);
      else {
        res.writeHead(204, { 'X-Amzn-RequestId': 'ok' });
        res.end();
      }
    });
    for (const call of [
      () => client.properties.get(PROPERTY_ID),
      () => client.properties.update(PROPERTY_ID, { name: 'Renamed' }),
      () => client.properties.delete(PROPERTY_ID),
    ]) {
      const before = server!.requests.length;
      const result = call();
      await untilWaiting(before + 1);
      await vi.advanceTimersByTimeAsync(documentedDelayMs(0));
      await expect(result).resolves.toBeDefined();
      expect(server!.requests.length - before).toBe(2);
    }
  });
});

describe('never re-sends a POST the server may have acted on', () => {
  it('surfaces a 500 on create after one request', async () => {
    const client = await clientFor((_req, res) => sendJson(res, 500, { message: 'boom' }));
    const error = await client.properties
      .create({ name: 'x', organizationId: property.organizationId })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'HospitalityApiError',
      status: 500,
      operationId: 'createProperty',
      requestId: 'req-500',
    });
    expect(server!.requests).toHaveLength(1);
  });

  it('surfaces a dropped connection on create after one request', async () => {
    // The handler runs once the whole request is received, so the server may have acted on it.
    const client = await clientFor((_req, res) => {
      res.socket?.destroy();
    });
    await expect(client.properties.create({ name: 'x', organizationId: property.organizationId })).rejects.toThrow();
    expect(server!.requests).toHaveLength(1);
  });

  it('does retry a dropped connection on GET', async () => {
    let seen = 0;
    const client = await clientFor(
      (_req, res) => {
        seen += 1;
        if (seen === 1) res.socket?.destroy();
        else sendJson(res, 200, property);
      },
      { maxAttempts: 2 },
    );
    await expect(client.properties.get(PROPERTY_ID)).resolves.toEqual(property);
    expect(server!.requests).toHaveLength(2);
  });
});

describe('abort', () => {
  it('aborts a request in flight with the real fetch, and does not retry it', async () => {
    server = await startLocalServer(() => {
      // Never answers: only the abort can end the call.
    });
    const client = createHospitalityClient({ baseUrl: server.url, auth: 'token' });
    const controller = new AbortController();
    const result = client.properties.get(PROPERTY_ID, { signal: controller.signal }).catch((error: unknown) => error);
    await server.waitForRequests(1);
    controller.abort();
    expect(await result).toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    server = await startLocalServer((_req, res) => sendJson(res, 200, property));
    const client = createHospitalityClient({ baseUrl: server.url, auth: 'token' });
    await expect(client.properties.get(PROPERTY_ID, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(server.requests).toHaveLength(0);
  });
});
