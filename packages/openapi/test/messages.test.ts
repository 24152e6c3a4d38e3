// The words of roomkit's messages: collection names read from the spec, schema errors as sentences.
import { describe, expect, it } from 'vitest';
import {
  alreadyUsed,
  asSentence,
  createSpecValidator,
  describeSchemaError,
  describeSchemaErrors,
  loadSpec,
  nounOf,
  rulesOfKind,
  stillHasChildren,
  withArticle,
  type OpenApiDocument,
} from '../src/index.js';

const doc = loadSpec('hospitality');
const roomRetrieve = loadSpec('room-retrieve');
const validator = createSpecValidator(doc);
const rrValidator = createSpecValidator(roomRetrieve);

describe('nounOf', () => {
  it("names each collection by its operations' tag and the tag's x-roomkit-singular", () => {
    expect(nounOf(doc, 'properties')).toEqual({ one: 'property', many: 'properties' });
    expect(nounOf(doc, 'roomTypes')).toEqual({ one: 'room type', many: 'room types' });
    expect(nounOf(doc, 'rooms')).toEqual({ one: 'room', many: 'rooms' });
  });

  it('follows the spec: a renamed tag renames the collection in every message', () => {
    const edit = (change: (tag: Record<string, unknown>) => void) => {
      const edited = structuredClone(doc) as OpenApiDocument & { tags: Record<string, unknown>[] };
      change(edited.tags.find((t) => t.name === 'Room Types')!);
      return edited;
    };
    expect(
      nounOf(
        edit((t) => (t['x-roomkit-singular'] = 'room category')),
        'roomTypes',
      ).one,
    ).toBe('room category');
    // Without x-roomkit-singular, the English singular of the tag's name.
    expect(
      nounOf(
        edit((t) => delete t['x-roomkit-singular']),
        'roomTypes',
      ).one,
    ).toBe('room type');
    expect(
      nounOf(
        edit((t) => (t.name = 'Suites')),
        'roomTypes',
      ),
    ).toEqual({ one: 'room type', many: 'room types' });
  });

  it('names a collection no operation serves (the organizations) after its key', () => {
    expect(nounOf(doc, 'organizations')).toEqual({ one: 'organization', many: 'organizations' });
    expect(withArticle('organization')).toBe('an organization');
    expect(withArticle('room type')).toBe('a room type');
  });
});

describe('rule phrases', () => {
  it('say a unique clash and a non-empty delete in the spec words', () => {
    const unique = rulesOfKind(doc, 'unique')[0]!;
    expect(alreadyUsed(doc, unique, 'R-101')).toBe('name "R-101" is already used by another room of this property');
    const empty = rulesOfKind(doc, 'delete-requires-empty').find((r) => r.resource === 'properties')!;
    expect(stillHasChildren(doc, empty)).toBe('a property that still has room types');
  });
});

describe('describeSchemaError', () => {
  const parameters = (operationId: string, query: Record<string, string | string[]>) =>
    validator.parameters(operationId, { query }).errors.map(describeSchemaError);

  it('says which parameter is missing or out of bounds', () => {
    const propertyId = 'amzn1.alexa.unit.did.ABC1';
    expect(parameters('listRooms', {})).toEqual(['query parameter roomTypeId is required']);
    expect(parameters('listRoomTypes', { propertyId, maxResults: '51' })).toEqual([
      'query parameter maxResults must be at most 50',
    ]);
    expect(parameters('listRoomTypes', { propertyId, maxResults: '0' })).toEqual([
      'query parameter maxResults must be at least 1',
    ]);
    expect(parameters('listRoomTypes', { propertyId, maxResults: 'ten' })).toEqual([
      'query parameter maxResults must be an integer',
    ]);
  });

  it('says which body field is missing, unknown, too long or of the wrong type', () => {
    const body = (data: unknown) => validator.requestBody('createRoom', data).errors.map(describeSchemaError);
    expect(body({ roomTypeId: 'x' })).toContain('body field name is required');
    expect(body({ name: 'x'.repeat(500), roomTypeId: 'x' })).toContainEqual(
      expect.stringMatching(/^body field name must be at most \d+ characters long$/),
    );
    expect(body({ name: 'a b', roomTypeId: 'x' })).toContainEqual(
      expect.stringMatching(/^body field name must match the pattern /),
    );
    expect(body([1])).toEqual(['the body must be a JSON object']);
    const rr = rrValidator.requestBody('retrieveRooms', { hotel_id: 1 }).errors.map(describeSchemaError);
    expect(rr).toContain('body field channel_hotel_id is required');
    expect(rr).toContain('body field hotel_id must be a string');
  });

  it('never prints Ajv wording for the errors it knows', () => {
    const errors = validator.requestBody('createRoom', { name: '', extra: 1 }).errors;
    for (const line of errors.map(describeSchemaError)) expect(line).not.toMatch(/must have required|NOT have/);
  });

  it('joins several errors, counting those left out', () => {
    const errors = [1, 2, 3].map((n) => ({ path: `/query/p${n}`, message: 'is required', keyword: 'required' }));
    expect(describeSchemaErrors(errors, 2)).toBe(
      'query parameter p1 is required; query parameter p2 is required (and 1 more)',
    );
    expect(asSentence('body field hotel_id is required')).toBe('Body field hotel_id is required.');
  });
});
