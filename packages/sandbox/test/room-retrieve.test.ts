import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOperation } from '@roomkit/openapi';
import type { Sandbox } from '../src/index.js';
import { roomRetrieveDoc, rrHeaders, startSandbox, type RetrieveBody } from './harness.js';

const op = getOperation(roomRetrieveDoc, 'retrieveRooms');
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  expect(sandbox.conformanceProblems).toEqual([]);
  await sandbox.close();
});

async function retrieve(
  body: unknown,
  headers: Record<string, string> = rrHeaders(sandbox),
  contentType = 'application/json',
) {
  const res = await fetch(`${sandbox.url}${op.path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as RetrieveBody };
}

describe('Room Retrieve', () => {
  it('returns the units of the vendor sample hotel in a Success envelope', async () => {
    const r = await retrieve({ hotel_id: 'AWSTEST', channel_hotel_id: '12962495' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ Status: 'Success', Message: '' });
    expect(r.body.Data!.length).toBeGreaterThan(0);
    expect(r.body.Data![0]!.channel_room_id).toBe(1291567403);
    expect(typeof r.body.Ruid).toBe('string');
  });

  it('accepts Basic credentials as well as Bearer, and refuses bad ones with 401', async () => {
    const app = sandbox.seed.roomRetrieve.apps[0]!;
    const basic = `Basic ${Buffer.from(`${app.basic!.username}:${app.basic!.password}`).toString('base64')}`;
    const body = { hotel_id: 'AWSTEST', channel_hotel_id: '12962495' };
    expect((await retrieve(body, { 'app-id': app.appId, authorization: basic })).status).toBe(200);
    for (const headers of <Record<string, string>[]>[
      {},
      { 'app-id': app.appId },
      { authorization: basic },
      { 'app-id': 'other-app', authorization: basic },
      { 'app-id': app.appId, authorization: `Basic ${Buffer.from('roomkit:wrong').toString('base64')}` },
      { 'app-id': app.appId, authorization: 'Bearer wrong' },
      { 'app-id': app.appId, authorization: 'Digest abc' },
    ]) {
      const r = await retrieve(body, headers);
      expect(r.status, JSON.stringify(headers)).toBe(401);
      expect(r.body).toMatchObject({ Status: 'Fail', Errors: [{ Code: '401' }] });
    }
  });

  it('answers missing or invalid fields with a Fail envelope, Code 400', async () => {
    for (const body of [
      {},
      { hotel_id: 'AWSTEST' },
      { hotel_id: '', channel_hotel_id: '12962495' },
      { hotel_id: 1, channel_hotel_id: '1' },
      'not json',
      [1],
    ]) {
      const r = await retrieve(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.Status).toBe('Fail');
      expect(r.body.Errors![0]!.Code).toBe('400');
    }
    const missing = await retrieve({ channel_hotel_id: '12962495' });
    expect(missing.body.Errors![0]!.ShortText).toBe("hotel_id: Invalid HotelCode ('')");
  });

  it('answers an unknown hotel with Code 572', async () => {
    for (const body of [
      { hotel_id: 'AWSTEST', channel_hotel_id: '999' },
      { hotel_id: 'OTHER', channel_hotel_id: '12962495' },
    ]) {
      const r = await retrieve(body);
      expect(r.status).toBe(400);
      expect(r.body.Errors![0]).toMatchObject({
        Code: '572',
        ShortText: 'channel_hotel_id - is invalid or not found!',
      });
    }
  });
  it('answers a body over the size limit with 413 in the Fail envelope', async () => {
    const r = await retrieve({ hotel_id: 'AWSTEST', channel_hotel_id: '1'.repeat(128 * 1024) });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ Status: 'Fail', Errors: [{ Code: '413' }] });
  });
});
