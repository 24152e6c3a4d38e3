import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpecValidator, getOperation, loadSpec, paginationOf, type OpenApiDocument } from '@roomkit/openapi';
import { PortInUseError, startMock, type RunningMock } from '../src/index.js';

/** The `example` the spec documents for one response of one operation. */
function documentedExample(doc: OpenApiDocument, operationId: string, status: string): unknown {
  const op = getOperation(doc, operationId);
  const paths = doc.paths as Record<
    string,
    Record<string, { responses: Record<string, { content: Record<string, { example?: unknown }> }> }>
  >;
  const example = paths[op.path]?.[op.method]?.responses[status]?.content['application/json']?.example;
  if (example === undefined) throw new Error(`${operationId} ${status} documents no example`);
  return example;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const hospitality = loadSpec('hospitality');
const exampleProperty = documentedExample(hospitality, 'getProperty', '200') as { id: string };
const bearer = { Authorization: 'Bearer test-token' };

describe('hospitality mock (static examples)', () => {
  let mock: RunningMock;
  let base: string;
  beforeAll(async () => {
    mock = await startMock({ api: 'hospitality' });
    base = mock.url + getOperation(hospitality, 'listProperties').path;
  });
  afterAll(() => mock?.stop());

  it('listens on 127.0.0.1 and serves the documented example', async () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${base}/${exampleProperty.id}`, { headers: bearer });
    expect(response.status).toBe(200);
    expect(response.headers.get('X-Amzn-RequestId')).toBeTruthy();
    expect(await response.json()).toEqual(exampleProperty);
  });

  it('answers a valid create with 201, the documented body and a Location', async () => {
    const response = await fetch(base, {
      method: 'POST',
      headers: { ...bearer, 'Content-Type': 'application/json' },
      body: JSON.stringify(documentedRequestExample('createProperty')),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual(documentedExample(hospitality, 'createProperty', '201'));
    expect(response.headers.get('Location')).toMatch(/^\/enterprise\/hospitality\/v1\/properties\//);
  });

  it('refuses a page size above the spec maximum with the documented 400', async () => {
    const paging = paginationOf(hospitality, 'listProperties')!;
    const query = new URLSearchParams({
      [paging.filter]: exampleProperty.id,
      [paging.pageSize]: String(paging.pageSizeMaximum + 1),
    });
    const response = await fetch(`${base}?${query}`, { headers: bearer });
    expect(response.status).toBe(400);
    expect(response.headers.get('sl-violations')).toContain('maximum');
  });

  it('refuses a body with a property the strict schema does not allow', async () => {
    const response = await fetch(base, {
      method: 'POST',
      headers: { ...bearer, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...(documentedRequestExample('createProperty') as object), unexpected: true }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('sl-violations')).toContain('additionalProperties');
  });

  it('enforces the oauth2 (Bearer) security requirement', async () => {
    const missing = await fetch(`${base}/${exampleProperty.id}`);
    expect(missing.status).toBe(401);
    const wrongScheme = await fetch(`${base}/${exampleProperty.id}`, {
      headers: { Authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(wrongScheme.status).toBe(401);
  });
});

function documentedRequestExample(operationId: string): unknown {
  const op = getOperation(hospitality, operationId);
  const paths = hospitality.paths as Record<
    string,
    Record<string, { requestBody: { content: Record<string, { example?: unknown }> } }>
  >;
  return paths[op.path]?.[op.method]?.requestBody.content['application/json']?.example;
}

describe('room-retrieve mock', () => {
  const roomRetrieve = loadSpec('room-retrieve');
  const operation = getOperation(roomRetrieve, 'retrieveRooms');
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ api: 'room-retrieve', port: await freePort() });
  });
  afterAll(() => mock?.stop());

  const body = JSON.stringify({ hotel_id: 'AWSTEST', channel_hotel_id: '12962495' });

  it('serves the documented Success envelope to app-id + Basic credentials', async () => {
    const response = await fetch(mock.url + operation.path, {
      method: 'POST',
      headers: { 'app-id': 'app', Authorization: 'Basic dXNlcjpwYXNz', 'Content-Type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(documentedExample(roomRetrieve, 'retrieveRooms', '200'));
  });

  it('answers 401 with a Fail envelope when app-id is missing', async () => {
    const response = await fetch(mock.url + operation.path, {
      method: 'POST',
      headers: { Authorization: 'Bearer token', 'Content-Type': 'application/json' },
      body,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ Status: 'Fail' });
  });

  it('answers 400 when a required field is empty', async () => {
    const response = await fetch(mock.url + operation.path, {
      method: 'POST',
      headers: { 'app-id': 'app', Authorization: 'Bearer token', 'Content-Type': 'application/json' },
      body: JSON.stringify({ hotel_id: '', channel_hotel_id: '12962495' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('sl-violations')).toContain('minLength');
  });
});

describe('dynamic mode', () => {
  it('generates responses that the spec validates', async () => {
    const mock = await startMock({ api: 'hospitality', dynamic: true, seed: '7' });
    try {
      const response = await fetch(
        `${mock.url}${getOperation(hospitality, 'getProperty').path.replace('{propertyId}', exampleProperty.id)}`,
        {
          headers: bearer,
        },
      );
      const received = await response.json();
      expect(received).not.toEqual(exampleProperty);
      expect(createSpecValidator(hospitality).responseBody('getProperty', 200, received)).toMatchObject({
        valid: true,
      });
    } finally {
      await mock.stop();
    }
  });
});

describe('lifecycle', () => {
  it('uses the requested port and stop() ends Prism and frees it', async () => {
    const port = await freePort();
    const mock = await startMock({ api: 'hospitality', port });
    expect(mock.url).toBe(`http://127.0.0.1:${port}`);
    expect(isAlive(mock.pid)).toBe(true);
    await mock.stop();
    expect(isAlive(mock.pid)).toBe(false);
    await expect(fetch(`${mock.url}/`)).rejects.toThrow();
  });

  it('ends Prism when the process that started it exits without stop()', async () => {
    const script = `
      import { startMock } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
      const mock = await startMock({ api: 'hospitality' });
      console.log(mock.pid);
      process.exit(0);
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    const pid = Number(stdout.trim());
    expect(pid).toBeGreaterThan(0);
    // Up to 60 s: a loaded machine may take a while to notice the parent is gone; an idle one takes well under 1 s.
    for (let i = 0; i < 600 && isAlive(pid); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isAlive(pid)).toBe(false);
  });

  it('rejects at once with PortInUseError naming the port when it is taken, without starting Prism', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      const error = await startMock({ api: 'hospitality', port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortInUseError);
      expect(error).toMatchObject({ port, host: '127.0.0.1', message: `port ${port} on 127.0.0.1 is already in use` });
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('stops listening when Prism dies, and says so through exited', async () => {
    const mock = await startMock({ api: 'hospitality' });
    process.kill(mock.pid, 'SIGKILL');
    await mock.exited;
    await expect(fetch(`${mock.url}/`, { signal: AbortSignal.timeout(10_000) })).rejects.toThrow();
    await mock.stop();
  });
});
