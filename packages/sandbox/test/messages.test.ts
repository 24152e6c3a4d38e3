// The messages a person reads in the sandbox's answers: the spec's human names ("room type"),
// schema errors as sentences, Room Retrieve's answer to a body it cannot read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOperation, rulesOfKind } from '@roomkit/openapi';
import type { Sandbox } from '../src/index.js';
import {
  BASE,
  Client,
  hospitalityDoc,
  roomRetrieveDoc,
  rrHeaders,
  startSandbox,
  type RetrieveBody,
} from './harness.js';

let sandbox: Sandbox;
let org1: Client;
const uniqueRule = rulesOfKind(hospitalityDoc, 'unique')[0]!;
const retrieveOp = getOperation(roomRetrieveDoc, 'retrieveRooms');

beforeAll(async () => {
  sandbox = await startSandbox();
  org1 = Client.forOrganization(sandbox, 0);
});
afterAll(async () => {
  expect(sandbox.conformanceProblems).toEqual([]);
  await sandbox.close();
});

async function retrieve(body: string) {
  const res = await fetch(`${sandbox.url}${retrieveOp.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...rrHeaders(sandbox) },
    body,
  });
  return { status: res.status, body: (await res.json()) as RetrieveBody };
}

describe('hospitality messages', () => {
  it('names a name clash with the spec words of the rule: another room of this property', async () => {
    const p = await org1.createProperty();
    const rtA = await org1.createRoomType(p, 'A');
    const rtB = await org1.createRoomType(p, 'B');
    expect((await org1.createRoom(rtA, 'R-101')).status).toBe(201);
    const dup = await org1.createRoom(rtB, 'R-101');
    expect(dup.status).toBe(uniqueRule.status);
    expect(dup.body.message).toBe(
      `name "R-101" is already used by another room of this property (rule ${uniqueRule.name}).`,
    );
  });

  it('says which query parameter is missing, and which bound a value breaks', async () => {
    const missing = await org1.request('GET', `${BASE}/rooms`);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe('Invalid request: query parameter roomTypeId is required.');
    const p = await org1.createProperty();
    const big = await org1.request('GET', `${BASE}/roomTypes?propertyId=${p}&maxResults=51`);
    expect(big.status).toBe(400);
    expect(big.body.message).toBe('Invalid request: query parameter maxResults must be at most 50.');
    const twice = await org1.request('GET', `${BASE}/roomTypes?propertyId=${p}&propertyId=${p}`);
    expect(twice.body.message).toBe('Invalid request: query parameter propertyId must be given once, not 2 times.');
  });

  it('says which body field is missing, not allowed or too long', async () => {
    const p = await org1.createProperty();
    const noName = await org1.request('POST', `${BASE}/roomTypes`, { propertyId: p });
    expect(noName.status).toBe(400);
    expect(noName.body.message).toBe('Invalid request: body field name is required.');
    const notObject = await org1.request('POST', `${BASE}/roomTypes`, [1]);
    expect(notObject.body.message).toBe('Invalid request: the body must be a JSON object.');
  });

  it('names items and parents by their human names', async () => {
    const unknown = 'amzn1.alexa.unit.did.NOSUCHTHING';
    const get = await org1.request('GET', `${BASE}/roomTypes/${unknown}`);
    expect(get.status).toBe(404);
    expect(get.body.message).toBe(`The room type "${unknown}" was not found.`);
    const create = await org1.request('POST', `${BASE}/roomTypes`, { name: 'Suite', propertyId: unknown });
    expect(create.body.message).toBe(`The property named by propertyId "${unknown}" was not found.`);
    const p = await org1.createProperty();
    await org1.createRoomType(p);
    const removal = await org1.request('DELETE', `${BASE}/properties/${p}`);
    expect(removal.status).toBe(400);
    expect(removal.body.message).toMatch(
      new RegExp(`^The property ${p} still has room types; delete them first \\(rule [a-z-]+\\)\\.$`),
    );
  });
});

describe('Room Retrieve messages', () => {
  it('answers a body that is not JSON with the spec example for a malformed body, not a field error', async () => {
    const r = await retrieve('{"hotel_id": ');
    expect(r.status).toBe(400);
    expect(r.body.Errors![0]!.ShortText).toBe('Malformed request body');
    expect(r.body.Errors![0]!.Message).toMatch(/^The request body is not valid JSON/);
    const array = await retrieve('[1]');
    expect(array.body.Errors![0]!).toMatchObject({
      ShortText: 'Malformed request body',
      Message: 'The body must be a JSON object.',
    });
  });

  it("keeps the vendor's ShortText for a missing field, with a message naming it", async () => {
    const r = await retrieve(JSON.stringify({ channel_hotel_id: '12962495' }));
    expect(r.body.Errors![0]!).toMatchObject({
      ShortText: "hotel_id: Invalid HotelCode ('')",
      Message: 'Body field hotel_id is required.',
    });
  });
});
