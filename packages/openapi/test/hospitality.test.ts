// Pins what the Alexa Smart Properties pages document (and roomkit's documented choices), so a
// spec edit that breaks a vendor fact fails here.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  createSpecValidator,
  getOperation,
  listOperations,
  loadSpec,
  paginationOf,
  resources,
  rules,
  throttling,
} from '../src/index.js';

const doc = loadSpec('hospitality');
const validator = createSpecValidator(doc);
const base = '/enterprise/hospitality/v1';

// operationId -> [method, path, documented status codes as the vendor's tables list them]
const documented: Record<string, [string, string, string[]]> = {
  createProperty: ['post', `${base}/properties`, ['201', '400', '401', '403', '429', '500']],
  listProperties: ['get', `${base}/properties`, ['200', '401', '403', '404', '429', '500']],
  getProperty: ['get', `${base}/properties/{propertyId}`, ['200', '400', '401', '403', '404', '429', '500']],
  updateProperty: ['put', `${base}/properties/{propertyId}`, ['204', '400', '401', '403', '404', '429', '500']],
  deleteProperty: ['delete', `${base}/properties/{propertyId}`, ['204', '400', '401', '403', '404', '429', '500']],
  createRoomType: ['post', `${base}/roomTypes`, ['201', '400', '401', '403', '429', '500']],
  listRoomTypes: ['get', `${base}/roomTypes`, ['200', '401', '403', '404', '429', '500']],
  getRoomType: ['get', `${base}/roomTypes/{roomTypeId}`, ['200', '400', '401', '403', '404', '429', '500']],
  updateRoomType: ['put', `${base}/roomTypes/{roomTypeId}`, ['204', '400', '401', '403', '404', '429', '500']],
  deleteRoomType: ['delete', `${base}/roomTypes/{roomTypeId}`, ['204', '400', '401', '403', '404', '429', '500']],
  createRoom: ['post', `${base}/rooms`, ['201', '400', '401', '403', '429', '500']],
  listRooms: ['get', `${base}/rooms`, ['200', '401', '403', '404', '429', '500']],
  getRoom: ['get', `${base}/rooms/{roomId}`, ['200', '400', '401', '403', '404', '429', '500']],
  updateRoom: ['put', `${base}/rooms/{roomId}`, ['204', '400', '401', '403', '404', '429', '500']],
  deleteRoom: ['delete', `${base}/rooms/{roomId}`, ['204', '400', '401', '403', '404', '429', '500']],
};

describe('hospitality operations', () => {
  it('has exactly the 15 documented operations at their methods and paths', () => {
    const ops = listOperations(doc).map((o) => [o.operationId, o.method, o.path]);
    expect(ops.sort()).toEqual(
      Object.entries(documented)
        .map(([id, [m, p]]) => [id, m, p])
        .sort(),
    );
  });

  it('serves both regional endpoints', () => {
    expect(doc.servers?.map((s) => s.url)).toEqual(['https://api.amazonalexa.com', 'https://api.eu.amazonalexa.com']);
  });

  it.each(Object.keys(documented))('%s has summary, description, tag and LWA bearer security', (id) => {
    const op = getOperation(doc, id);
    expect(op.summary).toBeTruthy();
    expect(op.tags.length).toBeGreaterThan(0);
    expect(op.security).toEqual([{ lwa: ['alexa::enterprise:management'] }]);
  });

  it.each(Object.entries(documented))(
    '%s documents the vendor status codes, and additions are marked',
    (id, [, , codes]) => {
      const op = getOperation(doc, id);
      const statuses = Object.keys(op.responses);
      for (const code of codes) expect(statuses).toContain(code);
      for (const extra of statuses.filter((s) => !codes.includes(s))) {
        expect(op.responses[extra]!.added, `${id} ${extra} must be marked x-roomkit-added`).toBe(true);
      }
    },
  );

  it('adds 400 to list operations and 413 to operations with a body, explained', () => {
    for (const op of listOperations(doc)) {
      if (op.method === 'get' && !op.path.includes('{')) expect(op.responses['400']?.added).toBe(true);
      if (op.requestBody) expect(op.responses['413']?.added).toBe(true);
      for (const r of Object.values(op.responses)) if (r.added) expect(r.description).toMatch(/roomkit decision/);
    }
  });

  it('declares a required X-Amzn-RequestId on every response and a Location on every 201', () => {
    for (const op of listOperations(doc)) {
      for (const r of Object.values(op.responses)) {
        expect(r.headers['X-Amzn-RequestId']?.required, `${op.operationId} ${r.status}`).toBe(true);
        if (r.status === '201') {
          expect(r.headers.Location?.required).toBe(true);
          const collection = op.path.split('/').pop();
          const loc = `${base}/${collection}/amzn1.alexa.unit.did.ABC123`;
          expect(validator.validate(r.headers.Location!.schemaPointer, loc).valid).toBe(true);
          expect(
            validator.validate(r.headers.Location!.schemaPointer, `${base}/other/amzn1.alexa.unit.did.ABC123`).valid,
          ).toBe(false);
        }
      }
    }
  });

  it('documents the 429 back-off: 1 s doubling to 256 s, then every 256 s', () => {
    expect(throttling(doc)).toMatchObject({ status: 429, initialDelaySeconds: 1, multiplier: 2, maxDelaySeconds: 256 });
    for (const op of listOperations(doc)) expect(op.responses['429']?.description).toMatch(/256-second/);
  });

  it('uses the {message} error shape with message optional', () => {
    const op = getOperation(doc, 'getRoom');
    expect(validator.responseBody('getRoom', 404, {}).valid).toBe(true);
    expect(validator.responseBody('getRoom', 404, { message: 'x' }).valid).toBe(true);
    expect(validator.responseBody('getRoom', 404, { message: 3 }).valid).toBe(false);
    expect(op.responses['404']?.schemaPointer).toBeTruthy();
  });

  it('treats an undocumented status as an error', () => {
    expect(validator.responseBody('createRoom', 404, {}).valid).toBe(false);
    expect(validator.responseBody('createRoom', 200, { id: 'amzn1.alexa.unit.did.A1' }).valid).toBe(false);
  });
});

describe('hospitality pagination parameters', () => {
  const lists = { listProperties: 'organizationId', listRoomTypes: 'propertyId', listRooms: 'roomTypeId' };
  it.each(Object.entries(lists))('%s: maxResults 1..50 default 10, optional nextToken, required %s', (id, parent) => {
    const p = paginationOf(doc, id)!;
    expect(p).toMatchObject({
      pageSizeMinimum: 1,
      pageSizeMaximum: 50,
      pageSizeDefault: 10,
      filter: parent,
      token: 'nextToken',
    });
    const op = getOperation(doc, id);
    expect(op.parameters.find((x) => x.name === 'nextToken')?.required).toBe(false);
    expect(op.parameters.find((x) => x.name === 'maxResults')?.required).toBe(false);
    expect(op.parameters.find((x) => x.name === parent)?.required).toBe(true);
    const id0 = 'amzn1.alexa.unit.did.AB12';
    for (const [max, ok] of [
      ['1', true],
      ['50', true],
      ['10', true],
      ['0', false],
      ['51', false],
      ['abc', false],
      ['2.5', false],
      ['1 ', false],
      [' 1', false],
    ] as const) {
      expect(validator.parameters(id, { query: { [parent]: id0, maxResults: max } }).valid, `maxResults=${max}`).toBe(
        ok,
      );
    }
    expect(validator.parameters(id, { query: {} }).valid).toBe(false);
  });

  it('makes paginationContext and nextToken optional, allowing null on the last page', () => {
    const item = { id: 'amzn1.alexa.unit.did.A1', name: 'R1', roomTypeId: 'amzn1.alexa.unit.did.A2' };
    for (const body of [
      { rooms: [item] },
      { rooms: [item], paginationContext: {} },
      { rooms: [], paginationContext: { nextToken: null } },
      { rooms: [item], paginationContext: { nextToken: 't' } },
    ]) {
      expect(validator.responseBody('listRooms', 200, body).valid).toBe(true);
    }
    expect(validator.responseBody('listRooms', 200, { paginationContext: {} }).valid).toBe(false);
  });
});

describe('hospitality schemas', () => {
  it('types every ID as a unit-ID string, not an integer', () => {
    const prop = { id: 'amzn1.alexa.unit.did.A1', organizationId: 'amzn1.alexa.unit.did.O1', name: 'P' };
    expect(validator.responseBody('getProperty', 200, prop).valid).toBe(true);
    expect(validator.responseBody('getProperty', 200, { ...prop, organizationId: 12 }).valid).toBe(false);
    expect(validator.responseBody('getProperty', 200, { ...prop, id: 'prop-1' }).valid).toBe(false);
  });

  it('lets responses carry extra fields but keeps request bodies strict', () => {
    const room = { id: 'amzn1.alexa.unit.did.A1', name: 'R', roomTypeId: 'amzn1.alexa.unit.did.A2', floor: 3 };
    expect(validator.responseBody('getRoom', 200, room).valid).toBe(true);
    expect(
      validator.requestBody('createRoom', { name: 'R', roomTypeId: 'amzn1.alexa.unit.did.A2', floor: 3 }).valid,
    ).toBe(false);
  });

  it.each([
    ['createProperty', ['name', 'organizationId']],
    ['updateProperty', ['name']],
    ['createRoomType', ['name', 'propertyId']],
    ['updateRoomType', ['name']],
    ['createRoom', ['name', 'roomTypeId']],
    ['updateRoom', ['name']],
  ] as const)('%s requires %j', (id, required) => {
    const op = getOperation(doc, id);
    expect(op.requestBody?.required).toBe(true);
    for (const field of required) {
      const body: Record<string, string> = {
        name: 'Room-1',
        organizationId: 'amzn1.alexa.unit.did.A1',
        propertyId: 'amzn1.alexa.unit.did.A1',
        roomTypeId: 'amzn1.alexa.unit.did.A1',
      };
      const complete = Object.fromEntries(required.map((f) => [f, body[f]!]));
      expect(validator.requestBody(id, complete).valid).toBe(true);
      const { [field]: _, ...missing } = complete;
      expect(validator.requestBody(id, missing).valid, `${id} without ${field}`).toBe(false);
    }
  });
});

describe('room name rules', () => {
  const name = (n: unknown) => validator.validate('#/components/schemas/RoomName', n).valid;
  const roomTypeId = 'amzn1.alexa.unit.did.A1';

  it.each(['_', '-', '=', '#', ';', ':', '?', '@', '&'])('accepts the allowed special character %s', (c) => {
    expect(name(`Room${c}1`)).toBe(true);
    expect(name(c)).toBe(true);
  });

  it('accepts letters and digits, and lengths 1 and 256', () => {
    expect(name('a')).toBe(true);
    expect(name('Z9')).toBe(true);
    expect(name('a'.repeat(256))).toBe(true);
  });

  it.each([
    ['a space', 'Room 101'],
    ['a period', 'Room.101'],
    ['a comma', 'Room,101'],
    ['a slash', 'Room/101'],
    ['an exclamation mark', 'Room!'],
    ['a plus', 'Room+1'],
    ['a tab', 'Room\t1'],
    ['an empty name', ''],
    ['257 characters', 'a'.repeat(257)],
  ])('rejects %s', (_, value) => {
    expect(name(value)).toBe(false);
  });

  it('applies the rules on both create and update', () => {
    expect(validator.requestBody('createRoom', { name: 'Room 1', roomTypeId }).valid).toBe(false);
    expect(validator.requestBody('updateRoom', { name: 'Room.1' }).valid).toBe(false);
    expect(validator.requestBody('updateRoom', { name: 'Room#1' }).valid).toBe(true);
  });

  it('accepts every name built from the allowed alphabet (property)', () => {
    const allowed = fc.constantFrom(...'abcXYZ0189_-=#;:?@&'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: allowed, minLength: 1, maxLength: 256 }), (n) => name(n)),
      { seed: 42, numRuns: 300 },
    );
  });

  it('rejects every name containing a character outside the alphabet (property)', () => {
    const bad = fc.constantFrom(...' .,!/\\"\'()[]{}<>+*%$^~|`'.split(''));
    fc.assert(
      fc.property(
        fc.string({ maxLength: 20 }).filter((s) => /^[A-Za-z0-9]*$/.test(s)),
        bad,
        fc.nat(20),
        (s, c, i) => {
          const at = Math.min(i, s.length);
          return !name(s.slice(0, at) + c + s.slice(at));
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('states uniqueness per property and non-empty delete machine-readably', () => {
    const byName = Object.fromEntries(rules(doc).map((r) => [r.name, r]));
    expect(byName['room-name-unique-per-property']).toMatchObject({
      kind: 'unique',
      resource: 'rooms',
      field: 'name',
      scope: 'properties',
      operations: ['createRoom', 'updateRoom'],
      status: 400,
    });
    expect(byName['property-delete-requires-empty']).toMatchObject({
      kind: 'delete-requires-empty',
      children: 'roomTypes',
      operation: 'deleteProperty',
      status: 400,
    });
    expect(byName['room-type-delete-requires-empty']).toMatchObject({
      kind: 'delete-requires-empty',
      children: 'rooms',
      operation: 'deleteRoomType',
      status: 400,
    });
    expect(getOperation(doc, 'deleteProperty').extensions['x-roomkit-rule']).toBe('property-delete-requires-empty');
  });

  it('maps every resource to its five operations and its parent', () => {
    const r = resources(doc);
    expect(Object.keys(r)).toEqual(['properties', 'roomTypes', 'rooms']);
    expect(r.rooms!.parent).toEqual({ field: 'roomTypeId', resource: 'roomTypes' });
    for (const res of Object.values(r))
      for (const id of Object.values(res.operations)) expect(() => getOperation(doc, id)).not.toThrow();
  });
});
