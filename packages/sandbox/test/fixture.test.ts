import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkUnitRules, createSpecValidator } from '@roomkit/openapi';
import { defaultFixturePath, fixtureProblems, type Fixture } from '../src/index.js';
import { roomRetrieveDoc } from './harness.js';

const fixture = JSON.parse(readFileSync(defaultFixturePath, 'utf8')) as Fixture;
const validator = createSpecValidator(roomRetrieveDoc);
/** The keywords of an object schema's properties that these tests read. */
type PropertySchemas = Record<string, { enum?: unknown[]; minimum?: number; maximum?: number }>;
const schemas = roomRetrieveDoc.components!.schemas as Record<string, { properties: PropertySchemas }>;
const propertiesOf = (schema: string): PropertySchemas => schemas[schema]!.properties;

/** The fields of a fixture unit these tests read (the fixture's own type leaves units unknown). */
interface FixtureUnit {
  configuration: {
    unit_type_id: number;
    smoking_policy: string;
    size: { unit: string };
    occupancy: { max_guests: number; max_adults: number; max_children: number };
    rooms: { type: string; bed_configurations: { is_default_configuration: boolean }[] }[];
  };
}
const units = fixture.hotels.flatMap((h) => h.units) as FixtureUnit[];
const configs = units.map((u) => u.configuration);

describe('Room Retrieve fixture', () => {
  it('every unit conforms to the Unit schema and the unit rules', () => {
    for (const [h, hotel] of fixture.hotels.entries()) {
      for (const [u, unit] of hotel.units.entries()) {
        expect(validator.validate('#/components/schemas/Unit', unit).errors, `hotels[${h}].units[${u}]`).toEqual([]);
        expect(checkUnitRules(roomRetrieveDoc, unit), `hotels[${h}].units[${u}]`).toEqual([]);
      }
    }
    expect(fixtureProblems(fixture, roomRetrieveDoc, validator)).toEqual([]);
  });

  it('includes the vendor sample hotel', () => {
    expect(fixture.hotels.some((h) => h.hotel_id === 'AWSTEST' && h.channel_hotel_id === '12962495')).toBe(true);
  });

  it('covers every enum value of the spec', () => {
    const cover = (enumValues: unknown[], seen: unknown[]) =>
      expect([...new Set(seen)].sort()).toEqual([...enumValues].sort());
    cover(
      propertiesOf('UnitConfiguration').unit_type_id!.enum!,
      configs.map((c) => c.unit_type_id),
    );
    cover(
      propertiesOf('UnitConfiguration').smoking_policy!.enum!,
      configs.map((c) => c.smoking_policy),
    );
    cover(
      propertiesOf('UnitSize').unit!.enum!,
      configs.map((c) => c.size.unit),
    );
    cover(
      propertiesOf('SubRoom').type!.enum!,
      configs.flatMap((c) => c.rooms.map((r) => r.type)),
    );
  });

  it('covers the occupancy edges, several bed configurations, and adults + children above guests', () => {
    const occ = configs.map((c) => c.occupancy);
    const limits = propertiesOf('Occupancy');
    for (const field of ['max_guests', 'max_children'] as const) {
      expect(
        occ.some((o) => o[field] === limits[field]!.minimum),
        `${field} minimum`,
      ).toBe(true);
      expect(
        occ.some((o) => o[field] === limits[field]!.maximum),
        `${field} maximum`,
      ).toBe(true);
    }
    expect(occ.some((o) => o.max_adults + o.max_children > o.max_guests)).toBe(true);
    expect(configs.some((c) => c.rooms.some((r) => r.bed_configurations.length > 1))).toBe(true);
    expect(configs.some((c) => c.rooms.length > 2)).toBe(true);
  });

  it('makes the rule checker fire on a broken copy (the test above can fail)', () => {
    const broken = structuredClone(units[0]!);
    broken.configuration.occupancy.max_adults = broken.configuration.occupancy.max_guests + 1;
    broken.configuration.rooms[0]!.bed_configurations.forEach((b) => (b.is_default_configuration = false));
    const rules = checkUnitRules(roomRetrieveDoc, broken).map((v) => v.rule);
    expect(rules).toContain('occupancy-adults-within-guests');
    expect(rules).toContain('one-default-bed-configuration-per-room');
  });
});
