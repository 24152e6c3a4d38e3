import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHospitalityClient, createLwaTokenProvider, HospitalityApiError, LwaTokenError } from '../src/index.js';
import { localServerPool, sendJson } from './local-server.js';

const PROPERTY_ID = 'amzn1.alexa.unit.did.AHQ5MVZ2X7DMGP4ZB3W2YQKRTNE6';
const property = { id: PROPERTY_ID, organizationId: 'amzn1.alexa.unit.did.ORG1', name: 'Seaside' };
const credentials = { clientId: 'amzn1.application-oa2-client.abc', clientSecret: 'shh', refreshToken: 'Atzr|first' };

const serve = localServerPool();
afterEach(() => {
  vi.useRealTimers();
});

/** A Login with Amazon stand-in that issues access-1, access-2, ... after `delayMs`. */
async function tokenServer(options: { expiresIn?: number; delayMs?: number } = {}) {
  let issued = 0;
  return serve(async (_req, res) => {
    issued += 1;
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    sendJson(res, 200, {
      access_token: `access-${issued}`,
      refresh_token: 'Atzr|rotated',
      token_type: 'bearer',
      expires_in: options.expiresIn ?? 3600,
    });
  });
}

/** An API that accepts only the tokens in `valid` and answers the property. */
async function apiAccepting(valid: (token: string) => boolean) {
  return serve((req, res) => {
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (valid(token)) sendJson(res, 200, property);
    else sendJson(res, 401, { message: 'The access token is invalid or expired.' });
  });
}

describe('LWA refresh-token provider', () => {
  it('posts grant_type=refresh_token with client id, secret and refresh token, form-encoded', async () => {
    const lwa = await tokenServer();
    const provider = createLwaTokenProvider({ ...credentials, tokenUrl: `${lwa.url}/auth/o2/token` });
    await expect(provider.getToken()).resolves.toBe('access-1');
    const [request] = lwa.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url.pathname).toBe('/auth/o2/token');
    expect(request?.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      grant_type: 'refresh_token',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      refresh_token: credentials.refreshToken,
    });
  });

  it('caches the token until shortly before it expires, then refreshes with the rotated refresh token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const lwa = await tokenServer({ expiresIn: 3600 });
    const provider = createLwaTokenProvider({ ...credentials, tokenUrl: lwa.url, refreshMarginSeconds: 60 });
    expect(await provider.getToken()).toBe('access-1');
    vi.advanceTimersByTime((3600 - 60) * 1000 - 1);
    expect(await provider.getToken()).toBe('access-1');
    expect(lwa.requests).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(await provider.getToken()).toBe('access-2');
    expect(lwa.requests).toHaveLength(2);
    expect(new URLSearchParams(lwa.requests[1]?.body).get('refresh_token')).toBe('Atzr|rotated');
  });

  it('reuses a token shorter-lived than the margin for half its lifetime instead of refreshing on every call', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const lwa = await tokenServer({ expiresIn: 30 });
    const provider = createLwaTokenProvider({ ...credentials, tokenUrl: lwa.url, refreshMarginSeconds: 60 });
    expect(await provider.getToken()).toBe('access-1');
    vi.advanceTimersByTime(15_000 - 1);
    expect(await provider.getToken()).toBe('access-1');
    vi.advanceTimersByTime(1);
    expect(await provider.getToken()).toBe('access-2');
  });

  it('refreshes once for many concurrent callers (single flight)', async () => {
    const lwa = await tokenServer({ delayMs: 50 });
    const api = await apiAccepting((token) => token === 'access-1');
    const client = createHospitalityClient({ baseUrl: api.url, auth: { ...credentials, tokenUrl: lwa.url } });
    const results = await Promise.all(Array.from({ length: 25 }, () => client.properties.get(PROPERTY_ID)));
    expect(results.every((r) => r.id === PROPERTY_ID)).toBe(true);
    expect(lwa.requests).toHaveLength(1);
    expect(api.requests.every((r) => r.headers.authorization === 'Bearer access-1')).toBe(true);
  });

  it('raises LwaTokenError with the OAuth error code when LWA refuses', async () => {
    const lwa = await serve((_req, res) =>
      sendJson(res, 400, { error: 'invalid_grant', error_description: 'The request has an invalid grant parameter' }),
    );
    const provider = createLwaTokenProvider({ ...credentials, tokenUrl: lwa.url });
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LwaTokenError);
    expect(error).toMatchObject({ status: 400, error: 'invalid_grant' });
    // A failed refresh is not cached: the next call asks again.
    await provider.getToken().catch(() => undefined);
    expect(lwa.requests).toHaveLength(2);
  });
});

describe('credentials failures', () => {
  it('reports an LWA refusal at once, without back-off and without calling the API', async () => {
    const lwa = await serve((_req, res) => sendJson(res, 401, { error: 'invalid_client' }));
    const api = await apiAccepting(() => true);
    const client = createHospitalityClient({ baseUrl: api.url, auth: { ...credentials, tokenUrl: lwa.url } });
    await expect(client.properties.get(PROPERTY_ID)).rejects.toBeInstanceOf(LwaTokenError);
    expect(lwa.requests).toHaveLength(1);
    expect(api.requests).toHaveLength(0);
  });
});

describe('401 handling', () => {
  it('refreshes the token and re-sends the request once', async () => {
    const lwa = await tokenServer();
    const api = await apiAccepting((token) => token === 'access-2');
    const client = createHospitalityClient({ baseUrl: api.url, auth: { ...credentials, tokenUrl: lwa.url } });
    await expect(client.properties.get(PROPERTY_ID)).resolves.toEqual(property);
    expect(api.requests.map((r) => r.headers.authorization)).toEqual(['Bearer access-1', 'Bearer access-2']);
    expect(lwa.requests).toHaveLength(2);
  });

  it('re-sends a POST body intact after the refresh', async () => {
    const lwa = await tokenServer();
    const api = await serve((req, res) => {
      if (req.headers.authorization !== 'Bearer access-2') sendJson(res, 401, { message: 'expired' });
      else
        sendJson(res, 201, { id: PROPERTY_ID }, { Location: `/enterprise/hospitality/v1/properties/${PROPERTY_ID}` });
    });
    const client = createHospitalityClient({ baseUrl: api.url, auth: { ...credentials, tokenUrl: lwa.url } });
    await expect(
      client.properties.create({ name: 'Seaside', organizationId: property.organizationId }),
    ).resolves.toMatchObject({ id: PROPERTY_ID });
    expect(api.requests.map((r) => JSON.parse(r.body))).toEqual([
      { name: 'Seaside', organizationId: property.organizationId },
      { name: 'Seaside', organizationId: property.organizationId },
    ]);
  });

  it('refreshes once when many concurrent requests are refused with the same token', async () => {
    const lwa = await tokenServer({ delayMs: 30 });
    const api = await apiAccepting((token) => token === 'access-2');
    const client = createHospitalityClient({ baseUrl: api.url, auth: { ...credentials, tokenUrl: lwa.url } });
    const results = await Promise.all(Array.from({ length: 20 }, () => client.properties.get(PROPERTY_ID)));
    expect(results).toHaveLength(20);
    expect(lwa.requests).toHaveLength(2);
    expect(api.requests.filter((r) => r.headers.authorization === 'Bearer access-2')).toHaveLength(20);
  });

  it('gives up after one re-send and reports the 401 with its request id', async () => {
    const lwa = await tokenServer();
    const api = await apiAccepting(() => false);
    const client = createHospitalityClient({ baseUrl: api.url, auth: { ...credentials, tokenUrl: lwa.url } });
    const error = await client.properties.get(PROPERTY_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HospitalityApiError);
    expect(error).toMatchObject({
      status: 401,
      requestId: 'req-401',
      serverMessage: 'The access token is invalid or expired.',
    });
    expect(api.requests).toHaveLength(2);
  });

  it('does not re-send with a static token, which cannot get any fresher', async () => {
    const api = await apiAccepting(() => false);
    const client = createHospitalityClient({ baseUrl: api.url, auth: 'static-token' });
    await expect(client.properties.get(PROPERTY_ID)).rejects.toMatchObject({ status: 401 });
    expect(api.requests.map((r) => r.headers.authorization)).toEqual(['Bearer static-token']);
  });
});

describe('options', () => {
  it('resolves NA and EU to the spec servers and refuses ambiguous or unknown targets', async () => {
    const { servers } = await import('../src/index.js');
    const seen: string[] = [];
    const fetch = async (input: RequestInfo | URL) => {
      seen.push(new URL(input instanceof Request ? input.url : input).origin);
      return new Response(JSON.stringify(property), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    await createHospitalityClient({ region: 'NA', auth: 't', fetch }).properties.get(PROPERTY_ID);
    await createHospitalityClient({ region: 'EU', auth: 't', fetch }).properties.get(PROPERTY_ID);
    expect(seen).toEqual([servers.NA, servers.EU]);
    expect(() => createHospitalityClient({ region: 'NA', baseUrl: 'http://x', auth: 't' })).toThrow(
      /either `region` or `baseUrl`/,
    );
    expect(() => createHospitalityClient({ auth: 't' })).toThrow(/region/);
    expect(() => createHospitalityClient({ region: 'APAC' as 'NA', auth: 't' })).toThrow(/unknown region "APAC"/);
  });
});
