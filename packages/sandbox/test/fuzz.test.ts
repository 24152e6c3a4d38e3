// At least 10,000 generated requests, valid and invalid, against one sandbox: no answer is a
// 5xx, and afterwards the store agrees with a model built only from acknowledged writes. On
// PostgreSQL (the vitest project "postgres") the first 2,000 of the same sequence: every write
// there is a network round trip and an fsync, and the suite must stay within minutes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resources } from '@roomkit/openapi';
import type { Sandbox } from '../src/index.js';
import { BASE, Client, hospitalityDoc, rrHeaders, startSandbox, storeUnderTest, type Reply } from './harness.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const RUNS = storeUnderTest === 'postgres' ? 10 : 50;
const REQUESTS_PER_RUN = 200;
const REQUESTS = RUNS * REQUESTS_PER_RUN;
const roomNamePattern = (hospitalityDoc.components!.schemas!['RoomName'] as { pattern: string }).pattern;
const collections = resources(hospitalityDoc);
const names = Object.keys(collections);

interface ModelItem {
  collection: string;
  parentId: string;
  org: number;
  name: string;
}

const model = new Map<string, ModelItem>();
let sandbox: Sandbox;
let clients: Client[];
let requests = 0;
const statusCounts = new Map<number, number>();

const nameArb = fc.oneof(
  fc.stringMatching(new RegExp(roomNamePattern)).filter((s) => s.length <= 256),
  fc.constantFrom(
    'R-1',
    'R-1',
    'Suite#1@North',
    'a;b:c?d&e=f',
    'x'.repeat(256),
    'x'.repeat(257),
    '',
    ' ',
    'a b',
    'a.b',
  ),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

const weird = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    '__proto__',
    'constructor',
    '1e400',
    '-1',
    '0',
    '51',
    'null',
    '%zz',
    '\u0000',
    'ø',
    'amzn1.alexa.unit.did.NOPE',
  ),
  fc.string({ maxLength: 30 }),
  fc.integer({ min: -5, max: 60 }).map(String),
);

const requestArb = fc.record({
  kind: fc.constantFrom(
    'create',
    'create',
    'create',
    'create',
    'get',
    'list',
    'list',
    'update',
    'update',
    'delete',
    'retrieve',
    'token',
    'garbage',
  ),
  collection: fc.constantFrom(...names),
  pick: fc.nat(),
  parentPick: fc.nat(),
  org: fc.constantFrom(0, 0, 0, 1, -1, -2),
  name: nameArb,
  mutation: fc.constantFrom(
    'none',
    'none',
    'none',
    'none',
    'extra',
    'drop',
    'wrong-type',
    'bad-json',
    'text-plain',
    'proto',
    'random-id',
  ),
  maxResults: weird,
  nextToken: weird,
});

type RequestSpec = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

function idsOf(collection: string): string[] {
  return [...model.entries()].filter(([, v]) => v.collection === collection).map(([k]) => k);
}

function pickId(collection: string, n: number, mutation: string): string {
  const ids = idsOf(collection);
  if (mutation === 'random-id' || ids.length === 0)
    return `amzn1.alexa.unit.did.A${(n % 9973).toString(36).toUpperCase()}X`;
  return ids[n % ids.length]!;
}

function parentOf(collection: string, n: number, mutation: string, org: number): string {
  const parent = collections[collection]!.parent;
  if (!collections[parent.resource]) return sandbox.organizations[Math.max(org, 0)]!.id;
  return pickId(parent.resource, n, mutation);
}

function shapeBody(body: Record<string, unknown>, mutation: string): string {
  switch (mutation) {
    case 'extra':
      return JSON.stringify({ ...body, unexpected: true });
    case 'drop':
      return JSON.stringify(Object.fromEntries(Object.entries(body).slice(1)));
    case 'wrong-type':
      return JSON.stringify(
        Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? 12345 : 'x'])),
      );
    case 'bad-json':
      return JSON.stringify(body).slice(0, -1);
    case 'proto':
      return JSON.stringify(body).replace(/^\{/, '{"__proto__":{"admin":true},');
    default:
      return JSON.stringify(body);
  }
}

async function send(spec: RequestSpec): Promise<void> {
  const client = spec.org >= 0 ? clients[spec.org]! : new Client(sandbox, spec.org === -1 ? undefined : 'forged-token');
  const res = collections[spec.collection]!;
  const headers: Record<string, string> = spec.mutation === 'text-plain' ? { 'content-type': 'text/plain' } : {};
  let reply: Reply;
  let onSuccess: ((r: Reply) => void) | undefined;
  switch (spec.kind) {
    case 'create': {
      const parentId = parentOf(spec.collection, spec.parentPick, spec.mutation, spec.org);
      const body = { name: spec.name, [res.parent.field]: parentId };
      reply = await client.request('POST', `${BASE}/${spec.collection}`, shapeBody(body, spec.mutation), headers);
      onSuccess = (r) =>
        model.set(r.body.id!, { collection: spec.collection, parentId, org: spec.org, name: spec.name });
      break;
    }
    case 'get':
      reply = await client.request(
        'GET',
        `${BASE}/${spec.collection}/${encodeURIComponent(pickId(spec.collection, spec.pick, spec.mutation))}`,
      );
      break;
    case 'update': {
      const id = pickId(spec.collection, spec.pick, spec.mutation);
      reply = await client.request(
        'PUT',
        `${BASE}/${spec.collection}/${encodeURIComponent(id)}`,
        shapeBody({ name: spec.name }, spec.mutation),
        headers,
      );
      onSuccess = () => (model.get(id)!.name = spec.name);
      break;
    }
    case 'delete': {
      const id = pickId(spec.collection, spec.pick, spec.mutation);
      reply = await client.request('DELETE', `${BASE}/${spec.collection}/${encodeURIComponent(id)}`);
      onSuccess = () => model.delete(id);
      break;
    }
    case 'list': {
      const q = new URLSearchParams({
        [res.parent.field]: parentOf(spec.collection, spec.parentPick, spec.mutation, spec.org),
      });
      if (spec.maxResults !== undefined) q.set('maxResults', spec.maxResults);
      if (spec.nextToken !== undefined) q.set('nextToken', spec.nextToken);
      reply = await client.request('GET', `${BASE}/${spec.collection}?${q}`);
      break;
    }
    case 'retrieve': {
      const body =
        spec.mutation === 'none'
          ? { hotel_id: 'AWSTEST', channel_hotel_id: '12962495' }
          : { hotel_id: spec.name, channel_hotel_id: spec.nextToken ?? '' };
      reply = await new Client(sandbox, undefined).request(
        'POST',
        '/bdc/room/retrieve',
        shapeBody(body, spec.mutation),
        spec.org === 0 ? rrHeaders(sandbox) : headers,
      );
      break;
    }
    case 'token': {
      // The LWA endpoint answers OAuth errors (4xx) to anything but a valid refresh grant.
      const lwa = sandbox.seed.lwa;
      const form = new URLSearchParams({
        grant_type: spec.mutation === 'none' ? 'refresh_token' : spec.name,
        client_id: lwa.clients[0]!.clientId,
      });
      if (spec.mutation !== 'drop')
        form.set('client_secret', spec.org === 0 ? lwa.clients[0]!.clientSecret : spec.name);
      form.set('refresh_token', spec.org >= 0 ? lwa.refreshTokens[spec.org]!.token : (spec.nextToken ?? ''));
      reply = await new Client(sandbox, undefined).request(
        'POST',
        '/auth/o2/token',
        spec.mutation === 'bad-json' ? spec.name : form.toString(),
        {
          'content-type': spec.mutation === 'text-plain' ? 'text/plain' : 'application/x-www-form-urlencoded',
        },
      );
      break;
    }
    case 'garbage': {
      const method = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'][spec.pick % 6]!;
      const path = `${BASE}/${spec.name.replace(/[?#]/g, '')}/${spec.nextToken ?? ''}`.replace(/\s/g, '%20');
      reply = await client.request(method, path, method === 'GET' ? undefined : spec.maxResults);
      break;
    }
  }
  requests++;
  statusCounts.set(reply.status, (statusCounts.get(reply.status) ?? 0) + 1);
  if (reply.status >= 500) throw new Error(`5xx for ${JSON.stringify(spec)}: ${reply.status} ${reply.text}`);
  if (reply.status < 300 && onSuccess) onSuccess(reply);
}

beforeAll(async () => {
  sandbox = await startSandbox();
  clients = [Client.forOrganization(sandbox, 0), Client.forOrganization(sandbox, 1)];
});
afterAll(async () => {
  await sandbox.close();
});

describe('fuzz', () => {
  it(`survives ${REQUESTS} generated requests without a 5xx (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(requestArb, { minLength: REQUESTS_PER_RUN, maxLength: REQUESTS_PER_RUN }),
        async (specs) => {
          for (const spec of specs) await send(spec);
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true, verbose: 1 },
    );
    console.log(
      `fuzz: ${requests} requests, seed ${SEED}, statuses ${JSON.stringify(Object.fromEntries([...statusCounts].sort(([a], [b]) => a - b)))}`,
    );
    expect(requests).toBeGreaterThanOrEqual(REQUESTS);
    expect(sandbox.conformanceProblems).toEqual([]);
    // The mix must exercise both sides: plenty of successes and plenty of refusals.
    const ok = [...statusCounts].filter(([s]) => s < 300).reduce((a, [, n]) => a + n, 0);
    expect(ok).toBeGreaterThan(REQUESTS / 10);
    expect(requests - ok).toBeGreaterThan(REQUESTS / 10);
    expect(model.size).toBeGreaterThan(REQUESTS / 200);
    // A hang guard, not a speed limit: 10,000 requests take seconds idle and minutes on a loaded machine.
  }, 900_000);

  it('leaves a store that agrees with the acknowledged writes', async () => {
    for (const [id, item] of model) {
      const owner = clients[Math.max(item.org, 0)]!;
      const r = await owner.request('GET', `${BASE}/${item.collection}/${id}`);
      expect(r.status, id).toBe(200);
      expect(r.body.name).toBe(item.name);
      expect(r.body[collections[item.collection]!.parent.field]).toBe(item.parentId);
    }
    for (const name of names) {
      const parent = collections[name]!.parent;
      const stored = Boolean(collections[parent.resource]);
      const parentIds = stored ? idsOf(parent.resource) : sandbox.organizations.map((o) => o.id);
      // Every list, walked page by page, shows exactly the model's children of that parent.
      for (const parentId of parentIds) {
        const org = stored ? model.get(parentId)!.org : sandbox.organizations.findIndex((o) => o.id === parentId);
        const { ids } = await clients[Math.max(org, 0)]!.walk(name, parent.field, parentId, 50);
        const expected = idsOf(name).filter((id) => model.get(id)!.parentId === parentId);
        expect(ids.sort(), `${name} of ${parentId}`).toEqual(expected.sort());
      }
      // No orphans: non-empty parents could not be deleted.
      if (stored) for (const id of idsOf(name)) expect(model.has(model.get(id)!.parentId), id).toBe(true);
    }
    // Room names are unique within each property (the scope of the spec's unique rule).
    const seen = new Set<string>();
    for (const id of idsOf('rooms')) {
      const room = model.get(id)!;
      const key = `${model.get(room.parentId)!.parentId}/${room.name}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  }, 300_000);
});
