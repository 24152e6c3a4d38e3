import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOperation, paginationOf, requestBodyPolicy, rulesOfKind } from '@roomkit/openapi';
import type { Sandbox } from '../src/index.js';
import { BASE, Client, hospitalityDoc, startSandbox } from './harness.js';

const roomName = getOperation(hospitalityDoc, 'createRoom');
const listPaging = paginationOf(hospitalityDoc, 'listProperties')!;
const uniqueRule = rulesOfKind(hospitalityDoc, 'unique')[0]!;
const nameSchema = hospitalityDoc.components!.schemas!['RoomName'] as { maxLength: number };

let sandbox: Sandbox;
let org1: Client;
let org2: Client;

beforeAll(async () => {
  sandbox = await startSandbox();
  org1 = Client.forOrganization(sandbox, 0);
  org2 = Client.forOrganization(sandbox, 1);
});
afterAll(async () => {
  expect(sandbox.conformanceProblems).toEqual([]);
  await sandbox.close();
});

describe('CRUD', () => {
  it('creates with 201, Location and X-Amzn-RequestId, then reads, updates and deletes', async () => {
    const created = await org1.request('POST', `${BASE}/properties`, {
      name: 'Seaside',
      organizationId: org1.organizationId,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.headers.get('location')).toBe(`${BASE}/properties/${id}`);
    expect(created.headers.get('x-amzn-requestid')).toMatch(/\S/);

    const got = await org1.request('GET', `${BASE}/properties/${id}`);
    expect(got.body).toEqual({ id, name: 'Seaside', organizationId: org1.organizationId });

    const updated = await org1.request('PUT', `${BASE}/properties/${id}`, { name: 'Seaside & Spa' });
    expect(updated.status).toBe(204);
    expect((await org1.request('GET', `${BASE}/properties/${id}`)).body.name).toBe('Seaside & Spa');

    expect((await org1.request('DELETE', `${BASE}/properties/${id}`)).status).toBe(204);
    const gone = await org1.request('GET', `${BASE}/properties/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('x-amzn-requestid')).toMatch(/\S/);
  });

  it('answers 404 for unknown ids and parents, and for an id of another collection', async () => {
    const p = await org1.createProperty();
    expect((await org1.request('GET', `${BASE}/rooms/amzn1.alexa.unit.did.ANOSUCHROOM`)).status).toBe(404);
    expect((await org1.request('GET', `${BASE}/rooms/${p}`)).status).toBe(404);
    expect((await org1.request('PUT', `${BASE}/roomTypes/amzn1.alexa.unit.did.ANOSUCH`, { name: 'x' })).status).toBe(
      404,
    );
    expect((await org1.request('GET', `${BASE}/roomTypes?propertyId=amzn1.alexa.unit.did.ANOSUCH`)).status).toBe(404);
    // createRoomType documents no 404: an unknown parent is a bad request there.
    const status = (
      await org1.request('POST', `${BASE}/roomTypes`, { name: 'x', propertyId: 'amzn1.alexa.unit.did.ANOSUCH' })
    ).status;
    expect(getOperation(hospitalityDoc, 'createRoomType').responses[String(status)]).toBeDefined();
    expect(status).toBeGreaterThanOrEqual(400);
  });

  it('refuses a malformed id with 400', async () => {
    expect((await org1.request('GET', `${BASE}/properties/not-an-id`)).status).toBe(400);
  });
});

describe('auth and tenancy', () => {
  it('answers 401 without a token or with an unknown one', async () => {
    const anonymous = new Client(sandbox, undefined);
    expect((await anonymous.request('GET', `${BASE}/properties?organizationId=${org1.organizationId}`)).status).toBe(
      401,
    );
    const wrong = new Client(sandbox, 'not-a-token');
    expect((await wrong.request('GET', `${BASE}/properties?organizationId=${org1.organizationId}`)).status).toBe(401);
  });

  it("refuses another organization's resources with 403, and its own organization id on create", async () => {
    const p = await org1.createProperty();
    const rt = await org1.createRoomType(p);
    expect((await org2.request('GET', `${BASE}/properties/${p}`)).status).toBe(403);
    expect((await org2.request('PUT', `${BASE}/properties/${p}`, { name: 'mine' })).status).toBe(403);
    expect((await org2.request('DELETE', `${BASE}/roomTypes/${rt}`)).status).toBe(403);
    expect((await org2.request('GET', `${BASE}/roomTypes?propertyId=${p}`)).status).toBe(403);
    expect((await org2.request('GET', `${BASE}/properties?organizationId=${org1.organizationId}`)).status).toBe(403);
    expect(
      (await org2.request('POST', `${BASE}/properties`, { name: 'x', organizationId: org1.organizationId })).status,
    ).toBe(403);
    expect((await org2.request('POST', `${BASE}/rooms`, { name: 'R1', roomTypeId: rt })).status).toBe(403);
    expect((await org1.request('GET', `${BASE}/properties/${p}`)).body.name).not.toBe('mine');
  });

  it('issues working access tokens from the LWA refresh-token grant', async () => {
    const { clientId, clientSecret } = sandbox.seed.lwa.clients[0]!;
    const grant = sandbox.seed.lwa.refreshTokens[1]!;
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: clientId,
      client_secret: clientSecret,
      refresh_token: grant.token,
    });
    const res = await fetch(`${sandbox.url}/auth/o2/token`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      token_type: 'bearer',
      refresh_token: grant.token,
      expires_in: sandbox.seed.lwa.accessTokenTtlSeconds,
    });
    const client = new Client(sandbox, String(body.access_token));
    const listed = await client.request('GET', `${BASE}/properties?organizationId=${grant.organizationId}`);
    expect(listed.status).toBe(200);

    const bad = async (fields: Record<string, string>) =>
      (await fetch(`${sandbox.url}/auth/o2/token`, { method: 'POST', body: new URLSearchParams(fields) })).status;
    expect(
      await bad({
        grant_type: 'refresh_token',
        client_id: clientId,
        client_secret: 'wrong',
        refresh_token: grant.token,
      }),
    ).toBe(401);
    expect(
      await bad({
        grant_type: 'refresh_token',
        client_id: clientId,
        client_secret: clientSecret,
        refresh_token: 'Atzr|nope',
      }),
    ).toBe(400);
    expect(await bad({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret })).toBe(400);
    expect(await bad({ grant_type: 'refresh_token' })).toBe(400);
  });

  it('stops accepting an access token once it expires, on the sandbox clock', async () => {
    let now = Date.now();
    const clocked = await startSandbox({ clock: () => now });
    try {
      const { clientId, clientSecret } = clocked.seed.lwa.clients[0]!;
      const grant = clocked.seed.lwa.refreshTokens[0]!;
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: clientId,
        client_secret: clientSecret,
        refresh_token: grant.token,
      });
      const body = (await (await fetch(`${clocked.url}/auth/o2/token`, { method: 'POST', body: form })).json()) as {
        access_token: string;
        expires_in: number;
      };
      const client = new Client(clocked, body.access_token);
      const path = `${BASE}/properties?organizationId=${grant.organizationId}`;
      now += body.expires_in * 1000 - 1;
      expect((await client.request('GET', path)).status).toBe(200);
      now += 1;
      expect((await client.request('GET', path)).status).toBe(401);
    } finally {
      await clocked.close();
    }
  });
});

describe('pagination', () => {
  it('walks every item exactly once for several page sizes, default and bounds from the spec', async () => {
    const p = await org1.createProperty();
    const created: string[] = [];
    for (let i = 0; i < 23; i++) created.push(await org1.createRoomType(p, `Type ${i}`));
    for (const size of [1, 2, 7, 22, 23, 24, listPaging.pageSizeMaximum]) {
      const { ids, pages } = await org1.walk('roomTypes', 'propertyId', p, size);
      expect(ids.sort()).toEqual([...created].sort());
      expect(Math.max(...pages)).toBeLessThanOrEqual(size);
      expect(pages.at(-1)).toBeGreaterThan(0);
    }
    const first = await org1.request('GET', `${BASE}/roomTypes?propertyId=${p}`);
    expect(first.body.roomTypes).toHaveLength(listPaging.pageSizeDefault);
    const { pages } = await org1.walk('roomTypes', 'propertyId', p);
    expect(pages[0]).toBe(listPaging.pageSizeDefault);
  });

  it('sends an empty paginationContext on the last page and on an empty list', async () => {
    const p = await org1.createProperty();
    const empty = await org1.request('GET', `${BASE}/roomTypes?propertyId=${p}`);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ roomTypes: [], paginationContext: {} });
  });

  it('keeps pages stable when items are inserted and deleted between pages', async () => {
    const p = await org1.createProperty();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await org1.createRoomType(p, `T${i}`));
    const page1 = await org1.request('GET', `${BASE}/roomTypes?propertyId=${p}&maxResults=5`);
    const seen = (page1.body.roomTypes as { id: string }[]).map((r) => r.id);
    // Delete one already served and one not yet served, add a new one.
    const notYet = ids.find((id) => !seen.includes(id))!;
    await org1.request('DELETE', `${BASE}/roomTypes/${seen[0]}`);
    await org1.request('DELETE', `${BASE}/roomTypes/${notYet}`);
    const added = await org1.createRoomType(p, 'late');
    let token: string | undefined = page1.body.paginationContext!.nextToken;
    const rest: string[] = [];
    while (token) {
      const r = await org1.request(
        'GET',
        `${BASE}/roomTypes?propertyId=${p}&maxResults=5&nextToken=${encodeURIComponent(token)}`,
      );
      expect(r.status).toBe(200);
      rest.push(...(r.body.roomTypes as { id: string }[]).map((x) => x.id));
      token = r.body.paginationContext?.nextToken;
    }
    const all = [...seen, ...rest];
    expect(new Set(all).size).toBe(all.length);
    for (const id of ids) if (id !== notYet) expect(all).toContain(id);
    expect(all).not.toContain(notYet);
    expect(all).toContain(added);
  });

  it('rejects out-of-range maxResults, malformed tokens and tokens of another list or filter with 400', async () => {
    const p1 = await org1.createProperty();
    const p2 = await org1.createProperty();
    for (let i = 0; i < 3; i++) await org1.createRoomType(p1, `x${i}`);
    const page = await org1.request('GET', `${BASE}/roomTypes?propertyId=${p1}&maxResults=1`);
    const token = page.body.paginationContext!.nextToken!;
    const q = (s: string) => org1.request('GET', `${BASE}/${s}`);
    expect((await q(`roomTypes?propertyId=${p1}&maxResults=${listPaging.pageSizeMinimum - 1}`)).status).toBe(400);
    expect((await q(`roomTypes?propertyId=${p1}&maxResults=${listPaging.pageSizeMaximum + 1}`)).status).toBe(400);
    expect((await q(`roomTypes?propertyId=${p1}&maxResults=abc`)).status).toBe(400);
    expect((await q(`roomTypes?propertyId=${p1}&maxResults=1.5`)).status).toBe(400);
    expect((await q(`roomTypes?propertyId=${p1}&nextToken=garbage`)).status).toBe(400);
    expect(
      (await q(`roomTypes?propertyId=${p1}&nextToken=${encodeURIComponent(token.slice(0, -2) + 'AA')}`)).status,
    ).toBe(400);
    expect((await q(`roomTypes?propertyId=${p2}&nextToken=${encodeURIComponent(token)}`)).status).toBe(400);
    expect(
      (await q(`properties?organizationId=${org1.organizationId}&nextToken=${encodeURIComponent(token)}`)).status,
    ).toBe(400);
    expect((await q(`roomTypes?propertyId=${p1}&nextToken=${encodeURIComponent(token)}`)).status).toBe(200);
  });
});

describe('room names', () => {
  it('accepts every documented special character and the maximum length; refuses the rest', async () => {
    const rt = await org1.createRoomType(await org1.createProperty());
    for (const name of ['A', 'a_b-c=d#e;f:g?h@i&j', 'x'.repeat(nameSchema.maxLength)]) {
      expect((await org1.createRoom(rt, name)).status).toBe(201);
    }
    for (const name of [
      '',
      'with space',
      'with.period',
      'x'.repeat(nameSchema.maxLength + 1),
      'slash/',
      'Zürich',
      'tab\t',
    ]) {
      const r = await org1.createRoom(rt, name);
      expect(r.status, name).toBe(400);
      expect(roomName.responses['400']).toBeDefined();
    }
  });

  it('keeps names unique per property across room types, on create and update, not across properties', async () => {
    const p = await org1.createProperty();
    const rtA = await org1.createRoomType(p, 'A');
    const rtB = await org1.createRoomType(p, 'B');
    expect((await org1.createRoom(rtA, 'R-101')).status).toBe(201);
    const dup = await org1.createRoom(rtB, 'R-101');
    expect(dup.status).toBe(uniqueRule.status);
    expect(dup.body.message).toContain(uniqueRule.name);
    const other = await org1.createRoom(rtB, 'R-102');
    expect((await org1.request('PUT', `${BASE}/rooms/${other.body.id}`, { name: 'R-101' })).status).toBe(
      uniqueRule.status,
    );
    expect((await org1.request('PUT', `${BASE}/rooms/${other.body.id}`, { name: 'R-102' })).status).toBe(204);
    const elsewhere = await org1.createRoomType(await org1.createProperty());
    expect((await org1.createRoom(elsewhere, 'R-101')).status).toBe(201);
  });

  it('admits exactly one of many concurrent creates of the same name', async () => {
    const p = await org1.createProperty();
    const types = await Promise.all([0, 1, 2, 3].map((i) => org1.createRoomType(p, `T${i}`)));
    const replies = await Promise.all(
      Array.from({ length: 24 }, (_, i) => org1.createRoom(types[i % 4]!, 'Same-Name')),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === uniqueRule.status)).toHaveLength(23);
  });
});

describe('hierarchy', () => {
  it('refuses to delete a non-empty property or room type and changes nothing', async () => {
    const p = await org1.createProperty();
    const rt = await org1.createRoomType(p);
    const room = (await org1.createRoom(rt, 'R1')).body.id as string;
    for (const rule of rulesOfKind(hospitalityDoc, 'delete-requires-empty')) {
      const id = rule.resource === 'properties' ? p : rt;
      const r = await org1.request('DELETE', `${BASE}/${rule.resource}/${id}`);
      expect(r.status).toBe(rule.status);
      expect((await org1.request('GET', `${BASE}/${rule.resource}/${id}`)).status).toBe(200);
    }
    expect((await org1.request('DELETE', `${BASE}/rooms/${room}`)).status).toBe(204);
    expect((await org1.request('DELETE', `${BASE}/roomTypes/${rt}`)).status).toBe(204);
    expect((await org1.request('DELETE', `${BASE}/properties/${p}`)).status).toBe(204);
    expect((await org1.request('GET', `${BASE}/properties/${p}`)).status).toBe(404);
  });

  it("lists only the parent's children", async () => {
    const p = await org1.createProperty();
    const a = await org1.createRoomType(p, 'A');
    const b = await org1.createRoomType(p, 'B');
    const ra = (await org1.createRoom(a, 'RA')).body.id;
    await org1.createRoom(b, 'RB');
    expect((await org1.walk('rooms', 'roomTypeId', a)).ids).toEqual([ra]);
  });
});

describe('throttling', () => {
  it('answers 429 with Retry-After once the token bucket is empty, per token, until it refills', async () => {
    // The buckets refill on the sandbox clock, which stands still here: what is throttled does
    // not depend on how fast the machine sends the requests.
    let now = Date.parse('2026-12-07T00:00:00Z');
    const throttled = await startSandbox({ throttle: { ratePerSecond: 1, burst: 3 }, clock: () => now });
    try {
      const c1 = Client.forOrganization(throttled, 0);
      const c2 = Client.forOrganization(throttled, 1);
      const path = `${BASE}/properties?organizationId=${c1.organizationId}`;
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push(await c1.request('GET', path));
      expect(statuses.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
      const limited = statuses[4]!;
      expect(limited.status).toBe((hospitalityDoc['x-roomkit-throttling'] as { status: number }).status);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(limited.headers.get('x-amzn-requestid')).toMatch(/\S/);
      expect((await c2.request('GET', `${BASE}/properties?organizationId=${c2.organizationId}`)).status).toBe(200);
      now += 500;
      expect((await c1.request('GET', path)).status).toBe(limited.status);
      now += 500;
      expect((await c1.request('GET', path)).status).toBe(200);
      expect(throttled.conformanceProblems).toEqual([]);
    } finally {
      await throttled.close();
    }
  });
});

describe('body limit', () => {
  it("takes bodies up to the spec's x-roomkit-request-body.maxBytes by default, and answers 413 above", async () => {
    const { maxBytes } = requestBodyPolicy(hospitalityDoc)!;
    const property = await org1.createProperty('Limit');
    const sized = (size: number) => {
      const bare = JSON.stringify({ name: '', propertyId: property }).length;
      return JSON.stringify({ name: 'x'.repeat(size - bare), propertyId: property });
    };
    expect((await org1.request('POST', `${BASE}/roomTypes`, sized(maxBytes))).status).toBe(201);
    expect((await org1.request('POST', `${BASE}/roomTypes`, sized(maxBytes + 1))).status).toBe(413);
  });
});
