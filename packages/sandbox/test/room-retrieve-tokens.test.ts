// The Room Retrieve token endpoint: what it issues (prefix per environment, expire_in as a
// string, the spec's answer schema), what it refuses, and that its tokens open
// /bdc/room/retrieve for their own app only, until they expire on the sandbox's clock.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSpecValidator, getOperation, tokenEndpoint } from '@roomkit/openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeedPath, type Sandbox, type Seed } from '../src/index.js';
import { roomRetrieveDoc, startSandbox, type RetrieveBody, type TokenBody } from './harness.js';

const endpoint = tokenEndpoint(roomRetrieveDoc)!;
const validator = createSpecValidator(roomRetrieveDoc);
const retrieve = getOperation(roomRetrieveDoc, 'retrieveRooms');
const hotel = { hotel_id: 'AWSTEST', channel_hotel_id: '12962495' };

/** The default seed's app plus a second one with a token client of its own. */
function seedFile(dir: string): string {
  const seed = JSON.parse(readFileSync(defaultSeedPath, 'utf8'));
  seed.roomRetrieve.tokenTtlSeconds = 600;
  seed.roomRetrieve.apps.push({
    appId: 'second-app',
    tokenClient: { clientId: 'c2Vjb25kLmV4YW1wbGU=', secrets: { sandbox: 'second-secret' } },
  });
  const file = join(dir, 'seed.json');
  writeFileSync(file, JSON.stringify(seed));
  return file;
}

let dir: string;
let now: number;
let sandbox: Sandbox;
/** The store methods failing now as an unreachable database does (SandboxOptions.storeOutage). */
const outage = new Set<string>();
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roomkit-rr-tokens-'));
  now = Date.parse('2026-12-01T00:00:00Z');
  sandbox = await startSandbox({ seed: seedFile(dir), clock: () => now, storeOutage: (method) => outage.has(method) });
});
afterAll(async () => {
  expect(sandbox.conformanceProblems).toEqual([]);
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const firstClient = () => sandbox.seed.roomRetrieve.apps[0]!.tokenClient!;

async function askToken(headers: Record<string, string>) {
  const res = await fetch(`${sandbox.url}${endpoint.path}`, { method: endpoint.method.toUpperCase(), headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as TokenBody };
}

async function tokenFor(clientId: string, secret: string): Promise<string> {
  const r = await askToken({ [endpoint.headers.clientId]: clientId, [endpoint.headers.clientSecret]: secret });
  expect(r.status).toBe(200);
  return r.body.data!.token;
}

async function retrieveWith(appId: string | undefined, authorization: string) {
  const res = await fetch(`${sandbox.url}${retrieve.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization, ...(appId ? { 'app-id': appId } : {}) },
    body: JSON.stringify(hotel),
  });
  return { status: res.status, body: (await res.json()) as RetrieveBody };
}

describe('GET /auth/generate-access-token', () => {
  it('issues a sandbox_ token with the sandbox secret and a live_ one with the production secret', async () => {
    const { clientId, secrets } = firstClient();
    for (const [environment, prefix] of [
      ['sandbox', 'sandbox_'],
      ['production', 'live_'],
    ] as const) {
      const r = await askToken({ 'client-id': clientId, 'client-secret': secrets[environment]! });
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.body).toMatchObject({ success: true, data: { token_type: 'Bearer', expire_in: '600' } });
      expect(r.body.data!.token.startsWith(prefix)).toBe(true);
      expect(validator.validate(endpoint.success.schemaPointer, r.body).errors).toEqual([]);
    }
  });

  it('issues a different token on every request', async () => {
    const { clientId, secrets } = firstClient();
    const a = await tokenFor(clientId, secrets.sandbox!);
    const b = await tokenFor(clientId, secrets.sandbox!);
    expect(a).not.toBe(b);
  });

  it('refuses missing, unknown or mismatched client credentials with 401 {success: false}', async () => {
    const { clientId, secrets } = firstClient();
    for (const headers of <Record<string, string>[]>[
      {},
      { 'client-id': clientId },
      { 'client-secret': secrets.sandbox! },
      { 'client-id': 'unknown', 'client-secret': secrets.sandbox! },
      { 'client-id': clientId, 'client-secret': 'wrong' },
      // The second app's secret does not belong to the first app's client-id.
      { 'client-id': clientId, 'client-secret': 'second-secret' },
    ]) {
      const r = await askToken(headers);
      expect(r.status, JSON.stringify(headers)).toBe(endpoint.failure.status);
      expect(r.body.success).toBe(false);
      expect(r.body.message).toMatch(/client-id/);
      expect(validator.validate(endpoint.failure.schemaPointer, r.body).errors).toEqual([]);
    }
  });
});

describe('Bearer tokens on /bdc/room/retrieve', () => {
  it('accepts an issued token with its app-id, and the legacy Basic scheme still works', async () => {
    const app = sandbox.seed.roomRetrieve.apps[0]!;
    const token = await tokenFor(firstClient().clientId, firstClient().secrets.production!);
    const ok = await retrieveWith(app.appId, `Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(ok.body.Status).toBe('Success');
    const basic = `Basic ${Buffer.from(`${app.basic!.username}:${app.basic!.password}`).toString('base64')}`;
    expect((await retrieveWith(app.appId, basic)).status).toBe(200);
  });

  it("refuses a token without app-id, with another app's app-id, or altered", async () => {
    const token = await tokenFor(firstClient().clientId, firstClient().secrets.sandbox!);
    for (const [appId, authorization] of [
      [undefined, `Bearer ${token}`],
      ['second-app', `Bearer ${token}`],
      [sandbox.seed.roomRetrieve.apps[0]!.appId, `Bearer ${token}x`],
      [sandbox.seed.roomRetrieve.apps[0]!.appId, `Basic ${token}`],
    ] as const) {
      const r = await retrieveWith(appId, authorization);
      expect(r.status, `${appId} ${authorization}`).toBe(401);
      expect(r.body).toMatchObject({ Status: 'Fail', Errors: [{ Code: '401' }] });
    }
    const second = await tokenFor('c2Vjb25kLmV4YW1wbGU=', 'second-secret');
    expect((await retrieveWith('second-app', `Bearer ${second}`)).status).toBe(200);
  });

  it('stops accepting a token when expire_in has passed on the sandbox clock', async () => {
    const appId = sandbox.seed.roomRetrieve.apps[0]!.appId;
    const issuedAt = now;
    const answer = await askToken({
      'client-id': firstClient().clientId,
      'client-secret': firstClient().secrets.sandbox!,
    });
    const token = answer.body.data!.token;
    const lifetimeMs = Number(answer.body.data!.expire_in) * 1000;
    try {
      now = issuedAt + lifetimeMs - 1;
      expect((await retrieveWith(appId, `Bearer ${token}`)).status).toBe(200);
      now = issuedAt + lifetimeMs;
      expect((await retrieveWith(appId, `Bearer ${token}`)).status).toBe(401);
      // A fresh token works again.
      expect(
        (await retrieveWith(appId, `Bearer ${await tokenFor(firstClient().clientId, firstClient().secrets.sandbox!)}`))
          .status,
      ).toBe(200);
    } finally {
      now = issuedAt;
    }
  });
});

describe('a database outage while a Bearer token is checked', () => {
  it("answers the operation's documented 503 with Retry-After in the Fail envelope, and the next request succeeds", async () => {
    const client = firstClient();
    const token = await tokenFor(client.clientId, client.secrets.sandbox!);
    const appId = sandbox.seed.roomRetrieve.apps[0]!.appId;
    outage.add('token');
    let res: Response;
    try {
      res = await fetch(`${sandbox.url}${retrieve.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'app-id': appId },
        body: JSON.stringify(hotel),
      });
    } finally {
      outage.delete('token');
    }
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await res.json()) as { Status?: string; Errors?: Array<{ Code?: string }> };
    expect(body).toMatchObject({ Status: 'Fail', Errors: [{ Code: '503' }] });
    expect(validator.validate(retrieve.responses['503']!.schemaPointer!, body).errors).toEqual([]);
    expect((await retrieveWith(appId, `Bearer ${token}`)).status).toBe(200);
  });
});

describe('seed', () => {
  function startWith(edit: (seed: Seed) => void) {
    const seed = JSON.parse(readFileSync(defaultSeedPath, 'utf8')) as Seed;
    edit(seed);
    const file = join(dir, `seed-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(seed));
    return startSandbox({ seed: file });
  }

  it('names a token client whose environment the spec does not know', async () => {
    await expect(
      startWith((seed) => (seed.roomRetrieve.apps[0]!.tokenClient!.secrets = { staging: 'x' })),
    ).rejects.toThrow(
      /tokenClient\.secrets\.staging: unknown environment; the spec's token prefixes name sandbox, production/,
    );
  });

  it('names a repeated client-id, an empty secret and a bad token lifetime', async () => {
    await expect(
      startWith((seed) =>
        seed.roomRetrieve.apps.push({ appId: 'b', tokenClient: { ...seed.roomRetrieve.apps[0]!.tokenClient! } }),
      ),
    ).rejects.toThrow(/apps\[1\]\.tokenClient\.clientId repeats "cm9vbWtpdC5zYW5kYm94"/);
    await expect(startWith((seed) => (seed.roomRetrieve.apps[0]!.tokenClient!.secrets.sandbox = ''))).rejects.toThrow(
      /tokenClient\.secrets\.sandbox must be a non-empty string/,
    );
    await expect(startWith((seed) => Object.assign(seed.roomRetrieve, { tokenTtlSeconds: '3600' }))).rejects.toThrow(
      /roomRetrieve\.tokenTtlSeconds must be a positive integer/,
    );
  });
});
