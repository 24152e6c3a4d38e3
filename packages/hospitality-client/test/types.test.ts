// Type-level contract of the 15 operations: checked by `typecheck` (tsc), and the runtime part
// checks that every operation the spec lists is reachable through the resource surface.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { listOperations, loadSpec } from '@roomkit/openapi';
import {
  createHospitalityClient,
  type components,
  type Created,
  type Done,
  type ResourceClient,
} from '../src/index.js';

type Schemas = components['schemas'];

describe('typed surface', () => {
  it('types bodies, queries, items and results of every resource from the generated spec types', () => {
    expectTypeOf<Parameters<ResourceClient<'properties'>['create']>[0]>().toEqualTypeOf<
      Schemas['CreatePropertyRequest']
    >();
    expectTypeOf<Parameters<ResourceClient<'roomTypes'>['create']>[0]>().toEqualTypeOf<
      Schemas['CreateRoomTypeRequest']
    >();
    expectTypeOf<Parameters<ResourceClient<'rooms'>['create']>[0]>().toEqualTypeOf<Schemas['CreateRoomRequest']>();
    expectTypeOf<Parameters<ResourceClient<'properties'>['update']>[1]>().toEqualTypeOf<
      Schemas['UpdatePropertyRequest']
    >();
    expectTypeOf<Parameters<ResourceClient<'roomTypes'>['update']>[1]>().toEqualTypeOf<
      Schemas['UpdateRoomTypeRequest']
    >();
    expectTypeOf<Parameters<ResourceClient<'rooms'>['update']>[1]>().toEqualTypeOf<Schemas['UpdateRoomRequest']>();
    expectTypeOf<Awaited<ReturnType<ResourceClient<'properties'>['get']>>>().toEqualTypeOf<Schemas['Property']>();
    expectTypeOf<Awaited<ReturnType<ResourceClient<'roomTypes'>['get']>>>().toEqualTypeOf<Schemas['RoomType']>();
    expectTypeOf<Awaited<ReturnType<ResourceClient<'rooms'>['get']>>>().toEqualTypeOf<Schemas['Room']>();
    expectTypeOf<Awaited<ReturnType<ResourceClient<'rooms'>['create']>>>().toEqualTypeOf<Created>();
    expectTypeOf<Awaited<ReturnType<ResourceClient<'rooms'>['delete']>>>().toEqualTypeOf<Done>();

    const client = createHospitalityClient({ baseUrl: 'http://127.0.0.1:9', auth: 'token' });
    expectTypeOf(client.rooms.list({ roomTypeId: 'x' })).toMatchTypeOf<AsyncIterable<Schemas['Room']>>();
    expectTypeOf(client.roomTypes.list({ propertyId: 'x', maxResults: 5 })).toMatchTypeOf<
      AsyncIterable<Schemas['RoomType']>
    >();
    expectTypeOf(client.properties.list({ organizationId: 'x' }).pages()).toMatchTypeOf<
      AsyncIterable<Schemas['PropertyList']>
    >();
    // Compiled, never run: these calls must not type-check.
    const misuses = () => [
      // @ts-expect-error the list filter is required
      client.rooms.list({}),
      // @ts-expect-error the client manages nextToken itself
      client.rooms.list({ roomTypeId: 'x', nextToken: 'abc' }),
      // @ts-expect-error request bodies are strict
      client.rooms.create({ name: 'Room-1', roomTypeId: 'x', floor: 3 }),
      // @ts-expect-error a room needs its room type
      client.rooms.create({ name: 'Room-1' }),
    ];
    expect(typeof misuses).toBe('function');
  });

  it('reaches every operation of the spec through resource methods', () => {
    const client = createHospitalityClient({ baseUrl: 'http://127.0.0.1:9', auth: 'token' });
    const doc = loadSpec('hospitality');
    const resources = doc['x-roomkit-resources'] as Record<string, { operations: Record<string, string> }>;
    const reachable = Object.entries(resources).flatMap(([name, resource]) =>
      Object.entries(resource.operations).map(([method, operationId]) => {
        expect(
          typeof (client as unknown as Record<string, Record<string, unknown>>)[name]?.[method],
          `${name}.${method}`,
        ).toBe('function');
        return operationId;
      }),
    );
    expect(reachable.sort()).toEqual(
      listOperations(doc)
        .map((op) => op.operationId)
        .sort(),
    );
  });
});
