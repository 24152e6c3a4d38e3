import { afterEach, describe, expect, it } from 'vitest';
import { createHospitalityClient, type Middleware } from '../src/index.js';
import { LightRequest } from '@roomkit/http-runtime';
import { sendJson, startLocalServer, type LocalServer } from './local-server.js';

const ID = 'amzn1.alexa.unit.did.AHQ5MVZ2X7DMGP4ZB3W2YQKRTNE6';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('LightRequest', () => {
  it('passes for a Request in middleware and converts to a real one', async () => {
    const light = new LightRequest('http://127.0.0.1/x', { method: 'post', body: '{"a":1}', headers: { 'X-A': 'b' } });
    expect(light).toBeInstanceOf(Request);
    expect(LightRequest.isLight(light)).toBe(true);
    expect(LightRequest.isLight(new Request('http://127.0.0.1/x'))).toBe(false);
    const real = new Request(light.url, light);
    expect([real.method, real.headers.get('X-A'), await real.text()]).toEqual(['POST', 'b', '{"a":1}']);
    const copy = light.clone();
    copy.headers.set('X-A', 'changed');
    expect(light.headers.get('X-A')).toBe('b');
    expect(await copy.json()).toEqual({ a: 1 });
  });

  it('lets middleware replace the request with a real Request, which is sent (and re-sent) intact', async () => {
    let seen = 0;
    server = await startLocalServer((_req, res) => {
      seen += 1;
      if (seen === 1) sendJson(res, 429, { message: 'slow down' }, { 'Retry-After': '0' });
      else sendJson(res, 201, { id: ID }, { Location: `/enterprise/hospitality/v1/properties/${ID}` });
    });
    const tracing: Middleware = {
      onRequest({ request }) {
        const real = new Request(request.url, request);
        real.headers.set('X-Trace', 'abc');
        return real;
      },
    };
    const client = createHospitalityClient({ baseUrl: server.url, auth: 'token', middleware: [tracing] });
    await expect(
      client.properties.create({ name: 'Seaside', organizationId: 'amzn1.alexa.unit.did.ORG' }),
    ).resolves.toMatchObject({ id: ID });
    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      expect(request.headers['x-trace']).toBe('abc');
      expect(request.headers.authorization).toBe('Bearer token');
      expect(JSON.parse(request.body)).toEqual({ name: 'Seaside', organizationId: 'amzn1.alexa.unit.did.ORG' });
    }
  });
});
