// The token-based scheme end to end against local stand-ins for the vendor's token endpoint and
// Room Retrieve: headers sent, expire_in read as a string, cache and expiry, single flight, the
// one re-send after a 401, and failures that name what went wrong.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localServerPool, sendJson, type LocalServer } from '../../hospitality-client/test/local-server.js';
import {
  createRoomRetrieveClient,
  createRoomRetrieveTokenProvider,
  RoomRetrieveError,
  RoomRetrieveTokenError,
  tokenEndpoint,
  type TokenProvider,
} from '../src/index.js';

const request = { hotel_id: 'AWSTEST', channel_hotel_id: '12962495' };
const success = { Status: 'Success', Data: [], Message: '', Ruid: 'ruid-1' };
const credentials = { clientId: 'cG1zLmV4YW1wbGUuY29t', clientSecret: 'sandbox-secret' };

const serve = localServerPool();
afterEach(() => {
  vi.useRealTimers();
});

/**
 * The vendor's token endpoint: issues sandbox_token-1, sandbox_token-2, ... with `expire_in` as a
 * string. With `gate`, each answer waits until the test opens it.
 */
async function tokenServer(options: { expireIn?: unknown; gate?: Promise<void> } = {}) {
  let issued = 0;
  return serve(async (req, res) => {
    issued += 1;
    const token = `sandbox_token-${issued}`;
    await options.gate;
    if (req.headers['client-id'] !== credentials.clientId || req.headers['client-secret'] !== credentials.clientSecret)
      return sendJson(res, 401, { success: false, message: 'Invalid client-id or client-secret.' });
    sendJson(res, 200, {
      success: true,
      data: { token_type: 'Bearer', token, expire_in: options.expireIn ?? '3600' },
      message: 'Access Token generated successfully',
    });
  });
}

/** Room Retrieve accepting only the tokens `valid` approves, with app-id. */
async function apiAccepting(valid: (token: string) => boolean) {
  return serve((req, res) => {
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (req.headers['app-id'] === 'app' && valid(token)) sendJson(res, 200, success);
    else sendJson(res, 401, { Status: 'Fail', Errors: [{ Code: '401', ShortText: 'Unauthorized' }], Ruid: 'r401' });
  });
}

function clientFor(api: LocalServer, tokens: LocalServer, extra: { refreshMarginSeconds?: number } = {}) {
  return createRoomRetrieveClient({
    baseUrl: api.url,
    appId: 'app',
    authorization: { ...credentials, tokenUrl: `${tokens.url}${tokenEndpoint.path}`, ...extra },
  });
}

describe('Room Retrieve token provider', () => {
  it('GETs the token endpoint with client-id and client-secret, then sends Bearer <token> with app-id', async () => {
    const tokens = await tokenServer();
    const api = await apiAccepting((token) => token === 'sandbox_token-1');
    await expect(clientFor(api, tokens).retrieveRoomsEnvelope(request)).resolves.toEqual(success);
    const [asked] = tokens.requests;
    expect(asked).toMatchObject({ method: 'GET', body: '' });
    expect(asked?.url.pathname).toBe('/auth/generate-access-token');
    expect(asked?.headers).toMatchObject({ 'client-id': credentials.clientId, 'client-secret': 'sandbox-secret' });
    expect(api.requests[0]?.headers).toMatchObject({ authorization: 'Bearer sandbox_token-1', 'app-id': 'app' });
  });

  it("defaults to the token endpoint on the client's baseUrl", async () => {
    const both = await serve((req, res) => {
      if (req.url.pathname === tokenEndpoint.path)
        return sendJson(res, 200, { success: true, data: { token_type: 'Bearer', token: 'live_x', expire_in: '60' } });
      sendJson(res, req.headers.authorization === 'Bearer live_x' ? 200 : 401, success);
    });
    const client = createRoomRetrieveClient({ baseUrl: `${both.url}/`, appId: 'app', authorization: credentials });
    await expect(client.retrieveRooms(request)).resolves.toEqual([]);
    expect(both.requests.map((r) => r.url.pathname)).toEqual(['/auth/generate-access-token', '/bdc/room/retrieve']);
  });

  it('caches the token until refreshMarginSeconds before expire_in (a string) runs out', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const tokens = await tokenServer({ expireIn: '3600' });
    const provider = createRoomRetrieveTokenProvider({
      ...credentials,
      tokenUrl: tokens.url,
      refreshMarginSeconds: 60,
    });
    expect(await provider.getToken()).toBe('sandbox_token-1');
    vi.advanceTimersByTime((3600 - 60) * 1000 - 1);
    expect(await provider.getToken()).toBe('sandbox_token-1');
    expect(tokens.requests).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(await provider.getToken()).toBe('sandbox_token-2');
    expect(tokens.requests).toHaveLength(2);
  });

  it('keeps a token shorter-lived than the margin for half its lifetime, and reads a numeric expire_in', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const tokens = await tokenServer({ expireIn: 90 });
    const provider = createRoomRetrieveTokenProvider({
      ...credentials,
      tokenUrl: tokens.url,
      refreshMarginSeconds: 60,
    });
    expect(await provider.getToken()).toBe('sandbox_token-1');
    vi.advanceTimersByTime(45_000 - 1);
    expect(await provider.getToken()).toBe('sandbox_token-1');
    vi.advanceTimersByTime(1);
    expect(await provider.getToken()).toBe('sandbox_token-2');
  });

  it('fetches one token for many concurrent calls (single flight)', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const tokens = await tokenServer({ gate });
    const api = await apiAccepting((token) => token === 'sandbox_token-1');
    const client = clientFor(api, tokens);
    const calls = Promise.all(Array.from({ length: 25 }, () => client.retrieveRooms(request)));
    // Every call has asked for a token while the first token request is still unanswered.
    await tokens.waitForRequests(1);
    open();
    expect(await calls).toHaveLength(25);
    expect(tokens.requests).toHaveLength(1);
    expect(api.requests).toHaveLength(25);
    expect(api.requests.every((r) => r.headers.authorization === 'Bearer sandbox_token-1')).toBe(true);
  });
});

describe('401 handling', () => {
  it('fetches a new token and re-sends the request once, body intact', async () => {
    const tokens = await tokenServer();
    const api = await apiAccepting((token) => token === 'sandbox_token-2');
    await expect(clientFor(api, tokens).retrieveRooms(request)).resolves.toEqual([]);
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer sandbox_token-1',
      'Bearer sandbox_token-2',
    ]);
    expect(api.requests.map((r) => JSON.parse(r.body))).toEqual([request, request]);
    expect(tokens.requests).toHaveLength(2);
  });

  it('refreshes once when many concurrent calls are refused with the same token', async () => {
    const tokens = await tokenServer();
    const api = await apiAccepting((token) => token === 'sandbox_token-2');
    const client = clientFor(api, tokens);
    const results = await Promise.all(Array.from({ length: 20 }, () => client.retrieveRooms(request)));
    expect(results).toHaveLength(20);
    expect(tokens.requests).toHaveLength(2);
    expect(api.requests.filter((r) => r.headers.authorization === 'Bearer sandbox_token-2')).toHaveLength(20);
  });

  it('gives up after one re-send and reports the 401 Fail envelope', async () => {
    const tokens = await tokenServer();
    const api = await apiAccepting(() => false);
    const error = await clientFor(api, tokens)
      .retrieveRooms(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RoomRetrieveError);
    expect(error).toMatchObject({ status: 401, codes: ['401'], ruid: 'r401' });
    expect(api.requests).toHaveLength(2);
    expect(tokens.requests).toHaveLength(2);
  });

  it('does not re-send with a static bearer token, nor with a provider that cannot refresh', async () => {
    const api = await apiAccepting(() => false);
    const fixed = createRoomRetrieveClient({
      baseUrl: api.url,
      appId: 'app',
      authorization: { bearerToken: 'live_a' },
    });
    await expect(fixed.retrieveRooms(request)).rejects.toMatchObject({ status: 401 });
    const provider: TokenProvider = { getToken: async () => 'live_b' };
    const custom = createRoomRetrieveClient({ baseUrl: api.url, appId: 'app', authorization: provider });
    await expect(custom.retrieveRooms(request)).rejects.toMatchObject({ status: 401 });
    expect(api.requests.map((r) => r.headers.authorization)).toEqual(['Bearer live_a', 'Bearer live_b']);
  });
});

describe('token endpoint failures', () => {
  it('reports refused client credentials with the message, without calling the API, and does not cache the failure', async () => {
    const tokens = await tokenServer();
    const api = await apiAccepting(() => true);
    const client = createRoomRetrieveClient({
      baseUrl: api.url,
      appId: 'app',
      authorization: { ...credentials, clientSecret: 'wrong', tokenUrl: tokens.url },
    });
    const error = await client.retrieveRooms(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RoomRetrieveTokenError);
    expect(error).toMatchObject({ status: 401, serverMessage: 'Invalid client-id or client-secret.' });
    expect((error as Error).message).toMatch(/Check clientId and clientSecret/);
    await client.retrieveRooms(request).catch(() => undefined);
    expect(tokens.requests).toHaveLength(2);
    expect(api.requests).toHaveLength(0);
  });

  it('names an expire_in that is not a number of seconds', async () => {
    const tokens = await tokenServer({ expireIn: 'one hour' });
    const provider = createRoomRetrieveTokenProvider({ ...credentials, tokenUrl: tokens.url });
    await expect(provider.getToken()).rejects.toThrow(/data\.expire_in is not a number of seconds \("one hour"\)/);
  });

  it('refuses incomplete credentials and a missing token URL at once', () => {
    expect(() => createRoomRetrieveTokenProvider({ clientId: 'x', clientSecret: '' })).toThrow(/clientSecret/);
    expect(() => createRoomRetrieveTokenProvider(credentials)).toThrow(/tokenUrl.*baseUrl/);
  });
});
