// A SQLite file out of reach for now: another process holds its write lock past busy_timeout (a
// backup, a second sandbox on the file). The write is answered as a lost database is (the
// operation's documented answer to it, with the request id in the log), and the next write
// succeeds once the lock is gone. The PostgreSQL outage (a stopped server) is in replicas.test.ts.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOperation } from '@roomkit/openapi';
import { createSandbox, type Sandbox } from '../src/index.js';
import { statusFor } from '../src/api.js';
import { BASE, hospitalityDoc, roomRetrieveDoc } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'roomkit-outage-'));
const file = join(dir, 'sandbox.db');
const logged: string[] = [];
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await createSandbox({ database: file, log: (line) => void logged.push(line) });
});

afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function createProperty(name: string) {
  const org = sandbox.organizations[0]!;
  const res = await fetch(`${sandbox.url}${BASE}/properties`, {
    method: 'POST',
    headers: { authorization: `Bearer ${org.tokens[0]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, organizationId: org.id }),
  });
  return {
    status: res.status,
    requestId: res.headers.get('x-amzn-requestid'),
    body: (await res.json()) as { message?: string },
  };
}

describe('a SQLite file out of reach', () => {
  it('answers a write the documented 5xx with the request id while another process holds the lock, then recovers', async () => {
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      // The sandbox waits busy_timeout (5 s) for the lock, then gives up on this request.
      const refused = await createProperty('During The Lock');
      expect(refused.status).toBe(statusFor(getOperation(hospitalityDoc, 'createProperty'), 'unavailable'));
      expect(refused.status).toBe(500);
      expect(refused.body.message).toMatch(/database is unavailable/);
      expect(refused.requestId).toMatch(/\S/);
      expect(logged.join('\n')).toContain(refused.requestId);
      other.exec('ROLLBACK');
      expect((await createProperty('After The Lock')).status).toBe(201);
    } finally {
      other.close();
    }
  });

  it('takes the status of a store out of reach from the spec: 503 where documented, else 500', () => {
    // Room Retrieve documents a 503 for a failure on the vendor's side (x-roomkit-decisions).
    expect(statusFor(getOperation(roomRetrieveDoc, 'retrieveRooms'), 'unavailable')).toBe(503);
    expect(statusFor(getOperation(hospitalityDoc, 'getProperty'), 'unavailable')).toBe(500);
    expect(statusFor(undefined, 'unavailable')).toBe(500);
  });
});
