import { afterEach, describe, expect, it } from 'vitest';
import { createHospitalityClient, PaginationLoopError } from '../src/index.js';
import { sendJson, startLocalServer, type LocalServer } from './local-server.js';

const ROOM_TYPE = 'amzn1.alexa.unit.did.ROOMTYPE1';
const room = (n: number) => ({ id: `amzn1.alexa.unit.did.ROOM${n}`, name: `Room-${n}`, roomTypeId: ROOM_TYPE });

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves `pages` in order keyed by nextToken; `lastPage` shapes how the final page says "no more". */
async function clientOver(pages: { rooms: unknown[]; paginationContext?: unknown }[]) {
  server = await startLocalServer((req, res) => {
    const token = req.url.searchParams.get('nextToken');
    const index = token === null ? 0 : Number(token.replace('page-', ''));
    const page = pages[index];
    if (!page) sendJson(res, 400, { message: `unknown nextToken ${token}` });
    else sendJson(res, 200, page);
  });
  return createHospitalityClient({ baseUrl: server.url, auth: 'token' });
}

describe('pagination', () => {
  it('iterates every item of every page, repeating the query and page size on each request', async () => {
    const client = await clientOver([
      { rooms: [room(1), room(2)], paginationContext: { nextToken: 'page-1' } },
      { rooms: [room(3), room(4)], paginationContext: { nextToken: 'page-2' } },
      { rooms: [room(5)], paginationContext: {} },
    ]);
    const names: string[] = [];
    for await (const item of client.rooms.list({ roomTypeId: ROOM_TYPE, maxResults: 2 })) names.push(item.name);
    expect(names).toEqual(['Room-1', 'Room-2', 'Room-3', 'Room-4', 'Room-5']);
    expect(server!.requests.map((r) => Object.fromEntries(r.url.searchParams))).toEqual([
      { roomTypeId: ROOM_TYPE, maxResults: '2' },
      { roomTypeId: ROOM_TYPE, maxResults: '2', nextToken: 'page-1' },
      { roomTypeId: ROOM_TYPE, maxResults: '2', nextToken: 'page-2' },
    ]);
  });

  it.each([
    ['an empty paginationContext', { paginationContext: {} }],
    ['a null nextToken', { paginationContext: { nextToken: null } }],
    ['no paginationContext', {}],
  ])('stops on %s', async (_label, ending) => {
    const client = await clientOver([
      { rooms: [room(1)], paginationContext: { nextToken: 'page-1' } },
      { rooms: [room(2)], ...ending },
    ]);
    await expect(client.rooms.list({ roomTypeId: ROOM_TYPE }).toArray()).resolves.toEqual([room(1), room(2)]);
    expect(server!.requests).toHaveLength(2);
  });

  it('gives the raw pages through pages()', async () => {
    const pages = [
      { rooms: [room(1)], paginationContext: { nextToken: 'page-1' }, vendorExtra: true },
      { rooms: [], paginationContext: {} },
    ];
    const client = await clientOver(pages);
    const seen: unknown[] = [];
    for await (const page of client.rooms.list({ roomTypeId: ROOM_TYPE }).pages()) seen.push(page);
    expect(seen).toEqual(pages);
  });

  it('refuses to follow a nextToken an earlier page already returned', async () => {
    const client = await clientOver([
      { rooms: [room(1)], paginationContext: { nextToken: 'page-1' } },
      { rooms: [room(2)], paginationContext: { nextToken: 'page-2' } },
      { rooms: [room(3)], paginationContext: { nextToken: 'page-1' } },
    ]);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const item of client.rooms.list({ roomTypeId: ROOM_TYPE })) seen.push(item.name);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect(error).toMatchObject({ operationId: 'listRooms', nextToken: 'page-1', pageNumber: 3 });
    expect(seen).toEqual(['Room-1', 'Room-2', 'Room-3']);
    expect(server!.requests).toHaveLength(3);
  });

  it('reads a 404 on the first page as an empty list, as the spec allows, but not on a later page', async () => {
    const { pagination } = await import('../generated/hospitality-spec.js');
    const emptyStatus = pagination.listRooms.emptyStatus;
    expect(emptyStatus, 'the spec documents a not-found answer for an empty list').not.toBeNull();
    server = await startLocalServer((req, res) => {
      if (req.url.searchParams.get('nextToken') === null)
        sendJson(res, emptyStatus, { message: 'No rooms were found.' });
      else sendJson(res, emptyStatus, { message: 'gone' });
    });
    const client = createHospitalityClient({ baseUrl: server.url, auth: 'token' });
    await expect(client.rooms.list({ roomTypeId: ROOM_TYPE }).toArray()).resolves.toEqual([]);

    await server.close();
    server = await startLocalServer((req, res) => {
      if (req.url.searchParams.get('nextToken') === null)
        sendJson(res, 200, { rooms: [room(1)], paginationContext: { nextToken: 'page-1' } });
      else sendJson(res, emptyStatus, { message: 'gone' });
    });
    const second = createHospitalityClient({ baseUrl: server.url, auth: 'token' });
    await expect(second.rooms.list({ roomTypeId: ROOM_TYPE }).toArray()).rejects.toMatchObject({ status: emptyStatus });
  });

  it('raises the typed error of a failing page', async () => {
    const client = await clientOver([{ rooms: [room(1)], paginationContext: { nextToken: 'page-9' } }]);
    await expect(client.rooms.list({ roomTypeId: ROOM_TYPE }).toArray()).rejects.toMatchObject({
      name: 'HospitalityApiError',
      status: 400,
      operationId: 'listRooms',
    });
  });
});
