// Pins what the Room Retrieve page, the vendor's samples and Booking.com's limits document.
import { describe, expect, it } from 'vitest';
import {
  checkUnitRules,
  createSpecValidator,
  getOperation,
  listOperations,
  loadSpec,
  rules,
  tokenEndpoint,
  type JsonSchema,
} from '../src/index.js';

const doc = loadSpec('room-retrieve');
const validator = createSpecValidator(doc);
const schemas = doc.components!.schemas as Record<string, { properties: Record<string, Record<string, unknown>> }>;
const prop = (schema: string, field: string) => schemas[schema]!.properties[field]!;

const unit = () => ({
  channel_room_id: 1291567403,
  unit_id: '1291567403',
  configuration: {
    unit_type_id: 1,
    rooms: [
      {
        type: 'BEDROOM_SUBROOM',
        bed_configurations: [{ beds: [{ bed_type_id: 1, bed_count: 1 }], is_default_configuration: true }],
      },
      { type: 'LIVING_ROOM_SUBROOM' },
    ],
    unit_name_id: 565,
    number_of_units: 1,
    smoking_policy: 'NONSMOKING',
    size: { value: 45.5, unit: 'SQM' },
    occupancy: { max_guests: 4, max_adults: 4, max_children: 3, max_children_that_pay_children_rate: 2 },
    extra_beds_configuration: { extra_beds: 1, cribs: 1, is_crib_and_extra_bed_allowed: true },
  },
});
const success = (units: unknown[]) => ({ Status: 'Success', Data: units, Message: '', Ruid: 'r1' });
const valid = (u: unknown) => validator.responseBody('retrieveRooms', 200, success([u])).valid;

describe('room retrieve operation', () => {
  it('is the single POST /bdc/room/retrieve on the vendor sandbox server', () => {
    expect(listOperations(doc).map((o) => [o.operationId, o.method, o.path])).toEqual([
      ['retrieveRooms', 'post', '/bdc/room/retrieve'],
    ]);
    expect(doc.servers?.[0]?.url).toBe('https://connect-sandbox.su-api.com/SUAPI/jservice');
  });

  it('needs app-id together with a Basic or Bearer Authorization', () => {
    expect(getOperation(doc, 'retrieveRooms').security).toEqual([
      { appId: [], basicAuth: [] },
      { appId: [], bearerAuth: [] },
    ]);
    const schemes = doc.components!.securitySchemes as Record<string, Record<string, string>>;
    expect(schemes.appId).toMatchObject({ type: 'apiKey', in: 'header', name: 'app-id' });
    expect(schemes.basicAuth).toMatchObject({ type: 'http', scheme: 'basic' });
  });

  it('requires hotel_id and channel_hotel_id as non-empty strings', () => {
    expect(validator.requestBody('retrieveRooms', { hotel_id: 'AWSTEST', channel_hotel_id: '12962495' }).valid).toBe(
      true,
    );
    expect(validator.requestBody('retrieveRooms', { hotel_id: 'AWSTEST' }).valid).toBe(false);
    expect(validator.requestBody('retrieveRooms', { hotel_id: '', channel_hotel_id: '1' }).valid).toBe(false);
    expect(validator.requestBody('retrieveRooms', { hotel_id: 'A', channel_hotel_id: 12962495 }).valid).toBe(false);
  });

  it('documents 200, and the Fail envelope on 400 (codes 400 and 572) and 401 (and roomkit adds 413 and 503)', () => {
    const op = getOperation(doc, 'retrieveRooms');
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '413', '503']);
    expect(op.responses['413']!.added).toBe(true);
    // A failure on the vendor's side (x-roomkit-decisions): temporary, with Retry-After.
    expect(op.responses['503']!.added).toBe(true);
    expect(op.responses['503']!.headers['Retry-After']!.required).toBe(true);
    expect(op.responses['400']!.description).toMatch(/572/);
    const fail = {
      Status: 'Fail',
      Errors: [{ Code: '572', ShortText: 'channel_hotel_id - is invalid or not found!', Message: '' }],
      Ruid: 'r',
    };
    expect(validator.responseBody('retrieveRooms', 400, fail).valid).toBe(true);
    expect(validator.responseBody('retrieveRooms', 401, { ...fail, Errors: [{ Code: '401' }] }).valid).toBe(true);
    expect(validator.responseBody('retrieveRooms', 503, { ...fail, Errors: [{ Code: '503' }] }).valid).toBe(true);
    expect(validator.responseBody('retrieveRooms', 400, { ...fail, Status: 'Success' }).valid).toBe(false);
    expect(validator.responseBody('retrieveRooms', 400, { ...fail, Errors: [] }).valid).toBe(false);
  });
});

describe('room retrieve envelope and unit schema', () => {
  it('accepts the vendor sample shape: capitalised keys and Data as an array', () => {
    expect(valid(unit())).toBe(true);
    expect(validator.responseBody('retrieveRooms', 200, { status: 'Success', data: unit() }).valid).toBe(false);
    expect(validator.responseBody('retrieveRooms', 200, { ...success([]), Data: unit() }).valid).toBe(false);
  });

  it('types channel_room_id, unit_type_id and unit_name_id as numbers and the crib flag as boolean', () => {
    expect(valid({ ...unit(), channel_room_id: '1291567403' })).toBe(false);
    expect(valid({ ...unit(), configuration: { ...unit().configuration, unit_name_id: '565' } })).toBe(false);
    expect(valid({ ...unit(), configuration: { ...unit().configuration, unit_type_id: '1' } })).toBe(false);
    expect(
      valid({
        ...unit(),
        configuration: { ...unit().configuration, extra_beds_configuration: { is_crib_and_extra_bed_allowed: 1 } },
      }),
    ).toBe(false);
  });

  it('closes the enums the pages publish', () => {
    expect(prop('UnitConfiguration', 'unit_type_id').enum).toEqual([
      1, 4, 5, 7, 8, 9, 10, 12, 13, 24, 25, 26, 27, 28, 29, 31, 32, 33,
    ]);
    expect(prop('UnitConfiguration', 'smoking_policy').enum).toEqual([
      'SMOKING',
      'NONSMOKING',
      'SMOKING_AND_NONSMOKING',
    ]);
    expect(prop('UnitSize', 'unit').enum).toEqual(['SQM', 'SQFT']);
    expect((schemas.SubRoom!.properties.type as { enum: string[] }).enum).toEqual([
      'BEDROOM_SUBROOM',
      'LIVING_ROOM_SUBROOM',
      'GUEST_ROOM',
    ]);
  });

  it('leaves bed_type_id and unit_name_id open (Booking.com serves them at run time)', () => {
    expect(prop('UnitConfiguration', 'unit_name_id').enum).toBeUndefined();
    expect(JSON.stringify(schemas.BedConfiguration)).not.toMatch(/"enum"/);
  });

  it.each([
    ['Occupancy', 'max_guests', 1, 50, 1],
    ['Occupancy', 'max_adults', 1, 50, 1],
    ['Occupancy', 'max_children', 0, 49, 0],
    ['Occupancy', 'max_children_that_pay_children_rate', 0, 49, 0],
    ['ExtraBedsConfiguration', 'extra_beds', 0, 100, 0],
    ['ExtraBedsConfiguration', 'cribs', 0, 100, 0],
    ['UnitConfiguration', 'number_of_units', 0, 32000, 1],
  ] as const)('%s.%s is %d..%d, default %d', (schema, field, min, max, def) => {
    expect(prop(schema, field)).toMatchObject({ type: 'integer', minimum: min, maximum: max, default: def });
    const ptr = `#/components/schemas/${schema}/properties/${field}`;
    expect(validator.validate(ptr, min).valid).toBe(true);
    expect(validator.validate(ptr, max).valid).toBe(true);
    expect(validator.validate(ptr, min - 1).valid).toBe(false);
    expect(validator.validate(ptr, max + 1).valid).toBe(false);
  });

  it('limits bed_count to 1..255 and size to 9999.99', () => {
    const bed = (n: number) =>
      validator.validate('#/components/schemas/BedConfiguration', { beds: [{ bed_type_id: 1, bed_count: n }] }).valid;
    expect([bed(1), bed(255), bed(0), bed(256)]).toEqual([true, true, false, false]);
    const size = (v: number) => validator.validate('#/components/schemas/UnitSize', { value: v, unit: 'SQFT' }).valid;
    expect([size(9999.99), size(10000), size(0.5)]).toEqual([true, false, true]);
  });

  it('states the defaults of partner_reference_name and floor_numbers_located_on', () => {
    expect(prop('UnitConfiguration', 'partner_reference_name').default).toBe('');
    expect(prop('UnitConfiguration', 'floor_numbers_located_on').default).toEqual([]);
  });

  it('lets units carry extra fields', () => {
    expect(valid({ ...unit(), extra: true })).toBe(true);
  });
});

describe('room retrieve rules', () => {
  it('states the three occupancy relations and never the sum rule', () => {
    const relations = rules(doc).filter((r) => r.kind === 'relation');
    expect(relations.map((r) => r.kind === 'relation' && [r.left, r.operator, r.right])).toEqual([
      ['max_adults', '<=', 'max_guests'],
      ['max_children', '<', 'max_guests'],
      ['max_children_that_pay_children_rate', '<=', 'max_children'],
    ]);
  });

  it('accepts adults + children above max_guests (4 adults or 3 children in a room for 4)', () => {
    expect(checkUnitRules(doc, unit())).toEqual([]);
  });

  it.each([
    ['occupancy-adults-within-guests', { max_guests: 2, max_adults: 3 }],
    ['occupancy-children-below-guests', { max_guests: 2, max_adults: 2, max_children: 2 }],
    [
      'occupancy-paying-children-within-children',
      { max_guests: 4, max_adults: 2, max_children: 1, max_children_that_pay_children_rate: 2 },
    ],
  ])('reports %s', (rule, occupancy) => {
    const u = unit();
    u.configuration.occupancy = occupancy as typeof u.configuration.occupancy;
    expect(checkUnitRules(doc, u).map((v) => v.rule)).toEqual([rule]);
  });

  it('applies schema defaults to absent occupancy fields', () => {
    const u = unit();
    u.configuration.occupancy = { max_adults: 2 } as typeof u.configuration.occupancy; // max_guests defaults to 1
    expect(checkUnitRules(doc, u).map((v) => v.rule)).toEqual(['occupancy-adults-within-guests']);
  });

  it('reports room rules: one default bed configuration, no repeated bed type, a GUEST_ROOM stands alone', () => {
    const u = unit();
    u.configuration.rooms = [
      {
        type: 'GUEST_ROOM',
        bed_configurations: [
          {
            beds: [
              { bed_type_id: 1, bed_count: 1 },
              { bed_type_id: 1, bed_count: 1 },
            ],
            is_default_configuration: false,
          },
        ],
      },
      { type: 'BEDROOM_SUBROOM' },
    ];
    expect(
      checkUnitRules(doc, u)
        .map((v) => v.rule)
        .sort(),
    ).toEqual([
      'guest-room-is-the-only-room',
      'no-repeated-bed-type-in-configuration',
      'one-default-bed-configuration-per-room',
    ]);
  });
});

describe('examples', () => {
  it('has examples for the envelope schemas', () => {
    expect((schemas.Unit as unknown as { examples: JsonSchema[] }).examples.length).toBeGreaterThan(0);
  });
});

describe('token-based authentication (the vendor token pages)', () => {
  const endpoint = tokenEndpoint(doc)!;
  const answer = (token: string, expireIn: unknown = '3600') => ({
    success: true,
    data: { token_type: 'Bearer', token, expire_in: expireIn },
    message: 'Access Token generated successfully',
  });
  const accepts = (body: unknown) => validator.validate(endpoint.success.schemaPointer, body).valid;

  it('is described on the bearerAuth scheme: GET /auth/generate-access-token with client-id and client-secret', () => {
    expect(endpoint).toMatchObject({
      scheme: 'bearerAuth',
      method: 'get',
      path: '/auth/generate-access-token',
      headers: { clientId: 'client-id', clientSecret: 'client-secret' },
      success: { status: 200, token: ['data', 'token'], expiresIn: ['data', 'expire_in'] },
      failure: { status: 401 },
    });
    expect(`${doc.servers?.[0]?.url}${endpoint.path}`).toBe(
      'https://connect-sandbox.su-api.com/SUAPI/jservice/auth/generate-access-token',
    );
    const schemes = doc.components!.securitySchemes as Record<string, Record<string, string>>;
    expect(schemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('answers the lower-case envelope of the samples, with expire_in as a string of seconds', () => {
    expect(accepts(answer('sandbox_eyJpdiI6'))).toBe(true);
    expect(accepts(answer('sandbox_eyJpdiI6', 3600))).toBe(false);
    expect(accepts(answer('sandbox_eyJpdiI6', '1 hour'))).toBe(false);
    const { data, message } = answer('live_eyJpdiI6');
    expect(accepts({ Status: 'Success', Data: data, Message: message })).toBe(false);
  });

  it('keeps the schema pattern and tokenPrefixes in step: sandbox_ and live_, nothing else', () => {
    expect(endpoint.tokenPrefixes).toEqual({ sandbox: 'sandbox_', production: 'live_' });
    for (const prefix of Object.values(endpoint.tokenPrefixes)) expect(accepts(answer(`${prefix}abc123`))).toBe(true);
    for (const token of ['abc123', 'test_abc123', 'sandbox_', 'Bearer sandbox_abc'])
      expect(accepts(answer(token))).toBe(false);
  });

  it('refuses with 401 and {success: false, message}', () => {
    const refused = (body: unknown) => validator.validate(endpoint.failure.schemaPointer, body).valid;
    expect(refused({ success: false, message: 'Invalid client-id or client-secret.' })).toBe(true);
    expect(refused({ success: true })).toBe(false);
  });

  it('names a malformed extension and its field', () => {
    const broken = structuredClone(doc);
    const scheme = (broken.components!.securitySchemes as Record<string, Record<string, Record<string, unknown>>>)
      .bearerAuth!['x-roomkit-token-endpoint']!;
    delete (scheme.headers as Record<string, unknown>).clientSecret;
    expect(() => tokenEndpoint(broken)).toThrow(
      /x-roomkit-token-endpoint\/headers\/clientSecret: must be a non-empty string/,
    );
    expect(tokenEndpoint(loadSpec('hospitality'))).toBeUndefined();
  });
});
