import { startMock, type RunningMock } from '@roomkit/mock';
import { deref, getOperation, loadSpec, nextTokenOf, paginationOf } from '@roomkit/openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHospitalityClient,
  HospitalityApiError,
  PaginationLoopError,
  type HospitalityClient,
  type Middleware,
} from '../src/index.js';

const doc = loadSpec('hospitality');
interface DocumentedResponse {
  content?: Record<string, { example?: unknown }>;
  headers?: Record<string, unknown>;
}

/** The example body and header examples the spec documents for one response. */
function documented(operationId: string, status: string) {
  const op = getOperation(doc, operationId);
  const { value: response, pointer } = deref<DocumentedResponse>(
    doc,
    { $ref: `${op.pointer}/responses/${status}` },
    '',
  );
  const headers: Record<string, unknown> = {};
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    headers[name] = deref<{ example?: unknown }>(doc, header, `${pointer}/headers/${name}`).value.example;
  }
  return { body: response.content?.['application/json']?.example, headers };
}

const exampleProperty = documented('getProperty', '200').body as { id: string; organizationId: string };

let mock: RunningMock;
let client: HospitalityClient;
beforeAll(async () => {
  mock = await startMock({ api: 'hospitality' });
  client = createHospitalityClient({ baseUrl: mock.url, auth: 'any-token' });
});
afterAll(() => mock?.stop());

describe('hospitality client against the Prism mock', () => {
  it('creates and returns the new id and Location', async () => {
    const created = await client.properties.create({
      name: 'Seaside Grand Hotel',
      organizationId: exampleProperty.organizationId,
    });
    const expected = documented('createProperty', '201');
    expect(created.id).toBe((expected.body as { id: string }).id);
    expect(created.location).toBe(expected.headers.Location);
    expect(created.requestId).toBeTruthy();
  });

  it('gets the documented resource and updates and deletes it', async () => {
    await expect(client.properties.get(exampleProperty.id)).resolves.toEqual(exampleProperty);
    await expect(client.properties.update(exampleProperty.id, { name: 'Renamed' })).resolves.toHaveProperty(
      'requestId',
    );
    await expect(client.properties.delete(exampleProperty.id)).resolves.toHaveProperty('requestId');
  });

  it('serves every resource of the spec through the same surface', async () => {
    const roomType = documented('getRoomType', '200').body as { id: string; propertyId: string };
    const room = documented('getRoom', '200').body as { id: string; roomTypeId: string };
    await expect(client.roomTypes.get(roomType.id)).resolves.toEqual(roomType);
    await expect(client.rooms.get(room.id)).resolves.toEqual(room);
    await expect(client.rooms.create({ name: 'Room-1204', roomTypeId: room.roomTypeId })).resolves.toHaveProperty('id');
  });

  it('hands out the documented first page, and never loops on the static mock repeating it', async () => {
    const example = documented('listProperties', '200').body;
    const pages = client.properties.list({ organizationId: exampleProperty.organizationId }).pages();
    const first = await pages.next();
    expect(first.value).toEqual(example);
    if (nextTokenOf(paginationOf(doc, 'listProperties')!, example) === undefined) {
      expect((await pages.next()).done).toBe(true);
      return;
    }
    // Page 2 follows the example's token and gets the same example, token included: following it again would never end.
    expect((await pages.next()).value).toEqual(first.value);
    await expect(pages.next()).rejects.toBeInstanceOf(PaginationLoopError);
  });

  it('turns a request the spec forbids into a typed 400 with message and request id', async () => {
    const error = await client.rooms
      .create({ name: 'has a space', roomTypeId: exampleProperty.id })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HospitalityApiError);
    expect(error).toMatchObject({
      status: 400,
      operationId: 'createRoom',
      serverMessage: expect.any(String),
      requestId: expect.any(String),
    });

    const paging = paginationOf(doc, 'listProperties')!;
    await expect(
      client.properties
        .list({ organizationId: exampleProperty.organizationId, maxResults: paging.pageSizeMaximum + 1 })
        .toArray(),
    ).rejects.toMatchObject({ status: 400, operationId: 'listProperties' });
  });

  it('exposes the typed openapi-fetch client, and user middleware runs on every send', async () => {
    const preferThrottled: Middleware = {
      onRequest({ request }) {
        request.headers.set('Prefer', 'code=429');
        return request;
      },
    };
    const throttled = createHospitalityClient({
      baseUrl: mock.url,
      auth: 'any-token',
      middleware: [preferThrottled],
      retry: { maxAttempts: 2 },
    });
    const started = Date.now();
    await expect(throttled.properties.get(exampleProperty.id)).rejects.toMatchObject({ status: 429 });
    // The mock's documented Retry-After example is honoured between the two sends.
    const retryAfter = Number(documented('getProperty', '429').headers['Retry-After']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(retryAfter * 1000 - 50);

    const { data, response } = await client.raw.GET('/enterprise/hospitality/v1/properties/{propertyId}', {
      params: { path: { propertyId: exampleProperty.id } },
    });
    expect(response.status).toBe(200);
    expect(data?.name).toBe((exampleProperty as { name?: string }).name);
  });
});
