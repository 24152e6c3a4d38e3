import { startMock, type RunningMock } from '@roomkit/mock';
import { deref, getOperation, loadSpec } from '@roomkit/openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRoomRetrieveClient,
  RoomRetrieveError,
  type Middleware,
  type RetrieveRoomsSuccess,
} from '../src/index.js';

const doc = loadSpec('room-retrieve');
const operation = getOperation(doc, 'retrieveRooms');

interface DocumentedResponse {
  content: { 'application/json': { example?: unknown; examples?: Record<string, { value: unknown }> } };
}
function documentedResponse(status: string): DocumentedResponse['content']['application/json'] {
  return deref<DocumentedResponse>(doc, { $ref: `${operation.pointer}/responses/${status}` }, '').value.content[
    'application/json'
  ];
}

const success = documentedResponse('200').example as RetrieveRoomsSuccess;
const request = { hotel_id: 'AWSTEST', channel_hotel_id: '12962495' };

/** Asks Prism for a specific documented response. */
function prefer(value: string): Middleware {
  return {
    onRequest({ request: outgoing }) {
      outgoing.headers.set('Prefer', value);
      return outgoing;
    },
  };
}

describe('against the Prism mock', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ api: 'room-retrieve' });
  });
  afterAll(() => mock?.stop());

  it('returns the typed units of Data with Basic credentials', async () => {
    const client = createRoomRetrieveClient({
      baseUrl: mock.url,
      appId: 'app',
      authorization: { username: 'user', password: 'pass' },
    });
    const units = await client.retrieveRooms(request);
    expect(units).toEqual(success.Data);
    expect(units[0]?.configuration.occupancy?.max_guests).toBeTypeOf('number');
  });

  it('returns the whole envelope with a Bearer token', async () => {
    const client = createRoomRetrieveClient({
      baseUrl: mock.url,
      appId: 'app',
      authorization: { bearerToken: 'token' },
    });
    await expect(client.retrieveRoomsEnvelope(request)).resolves.toEqual(success);
  });

  it.each(Object.entries(documentedResponse('400').examples ?? {}))(
    'turns the documented Fail example %s into a typed error',
    async (name, { value }) => {
      const client = createRoomRetrieveClient({
        baseUrl: mock.url,
        appId: 'app',
        authorization: 'Basic dXNlcjpwYXNz',
        middleware: [prefer(`code=400, example=${name}`)],
      });
      const error = await client.retrieveRooms(request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RoomRetrieveError);
      const envelope = value as { Errors: unknown[]; Ruid: string };
      expect(error).toMatchObject({ status: 400, errors: envelope.Errors, ruid: envelope.Ruid });
    },
  );

  it('reports the 401 Fail envelope when Prism finds no credentials', async () => {
    const dropAuthorization: Middleware = {
      onRequest({ request: outgoing }) {
        outgoing.headers.delete('Authorization');
        return outgoing;
      },
    };
    const client = createRoomRetrieveClient({
      baseUrl: mock.url,
      appId: 'app',
      authorization: 'Basic x',
      middleware: [dropAuthorization],
    });
    const error = (await client.retrieveRooms(request).catch((e: unknown) => e)) as RoomRetrieveError;
    expect(error).toBeInstanceOf(RoomRetrieveError);
    expect(error.status).toBe(401);
    expect(error.codes).toEqual(['401']);
  });

  it('reports a request the spec forbids (empty hotel_id) as a Fail', async () => {
    const client = createRoomRetrieveClient({
      baseUrl: mock.url,
      appId: 'app',
      authorization: { bearerToken: 'token' },
    });
    await expect(client.retrieveRooms({ ...request, hotel_id: '' })).rejects.toMatchObject({
      name: 'RoomRetrieveError',
      status: 400,
    });
  });
});

describe('envelope and credentials', () => {
  function stub(status: number, body: string, seen: Request[] = []) {
    return async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Request(input, init));
      return new Response(body, { status, headers: { 'Content-Type': 'application/json' } });
    };
  }

  it('sends app-id and Basic base64(user:password) as UTF-8, and the JSON body', async () => {
    const seen: Request[] = [];
    const client = createRoomRetrieveClient({
      appId: 'app-1',
      authorization: { username: 'hôtel', password: 'p:ss' },
      fetch: stub(200, JSON.stringify(success), seen),
    });
    await client.retrieveRooms(request);
    const sent = seen[0]!;
    expect(sent.headers.get('app-id')).toBe('app-1');
    expect(sent.headers.get('Authorization')).toBe(`Basic ${Buffer.from('hôtel:p:ss', 'utf8').toString('base64')}`);
    expect(await sent.json()).toEqual(request);
    expect(new URL(sent.url).pathname.endsWith(operation.path)).toBe(true);
    expect(sent.url.startsWith(String((doc.servers as { url: string }[])[0]?.url))).toBe(true);
  });

  it('treats a Fail envelope as a failure even under HTTP 200', async () => {
    const fail = {
      Status: 'Fail',
      Errors: [
        { Code: '572', ShortText: 'a' },
        { Code: '400', Message: 'b' },
      ],
      Ruid: 'R1',
    };
    const client = createRoomRetrieveClient({
      appId: 'a',
      authorization: 'Bearer t',
      fetch: stub(200, JSON.stringify(fail)),
    });
    const error = (await client.retrieveRooms(request).catch((e: unknown) => e)) as RoomRetrieveError;
    expect(error).toBeInstanceOf(RoomRetrieveError);
    expect(error).toMatchObject({ status: 200, errors: fail.Errors, ruid: 'R1' });
    expect(error.message).toContain('[572] a; [400] b');
    expect(error.message).toContain('R1');
  });

  it('reports a non-envelope error body as it came', async () => {
    const client = createRoomRetrieveClient({ appId: 'a', authorization: 'Bearer t', fetch: stub(502, 'Bad Gateway') });
    const error = (await client.retrieveRooms(request).catch((e: unknown) => e)) as RoomRetrieveError;
    expect(error).toMatchObject({ status: 502, errors: [], ruid: undefined, body: 'Bad Gateway' });
  });

  it('passes the AbortSignal through', async () => {
    const controller = new AbortController();
    controller.abort();
    const client = createRoomRetrieveClient({
      appId: 'a',
      authorization: 'Bearer t',
      fetch: (input, init) => fetch(input, init),
    });
    await expect(client.retrieveRooms(request, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('refuses to start without an app id', () => {
    expect(() => createRoomRetrieveClient({ appId: '', authorization: 'Bearer t' })).toThrow(/appId/);
  });
});
