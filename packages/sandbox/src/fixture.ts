// The Room Retrieve fixture: hotels and their Booking.com-style units. Every unit is checked
// against the spec's Unit schema and unit rules when the sandbox starts, so the sandbox can
// only ever serve conforming units.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkObjectRules, checkUnitRules, type OpenApiDocument, type SpecValidator } from '@roomkit/openapi';

export interface FixtureHotel {
  hotel_id: string;
  channel_hotel_id: string;
  name: string;
  units: unknown[];
}

export interface Fixture {
  hotels: FixtureHotel[];
}

export const defaultFixturePath = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'room-retrieve.json',
);

export const UNIT_SCHEMA = '#/components/schemas/Unit';
/** The success answer that serves a hotel's units, and its field holding them. */
const SUCCESS_SCHEMA = '#/components/schemas/RetrieveRoomsSuccess';
const SUCCESS_UNITS = 'Data';

/** Every problem of the fixture against the spec, one line each (empty when it conforms). */
export function fixtureProblems(fixture: Fixture, doc: OpenApiDocument, validator: SpecValidator): string[] {
  const problems: string[] = [];
  if (!Array.isArray(fixture.hotels) || fixture.hotels.length === 0) return ['hotels: must be a non-empty array'];
  const seen = new Set<string>();
  fixture.hotels.forEach((hotel, h) => {
    const where = `hotels[${h}] (${hotel.hotel_id}/${hotel.channel_hotel_id})`;
    if (typeof hotel.hotel_id !== 'string' || typeof hotel.channel_hotel_id !== 'string')
      problems.push(`${where}: hotel_id and channel_hotel_id must be strings`);
    if (seen.has(hotel.channel_hotel_id)) problems.push(`${where}: channel_hotel_id repeats another hotel's`);
    seen.add(hotel.channel_hotel_id);
    if (!Array.isArray(hotel.units)) {
      problems.push(`${where}: units must be an array`);
      return;
    }
    hotel.units.forEach((unit, u) => {
      for (const e of validator.validate(UNIT_SCHEMA, unit).errors)
        problems.push(`${where}.units[${u}]${e.path}: ${e.message}`);
      for (const v of checkUnitRules(doc, unit))
        problems.push(`${where}.units[${u}].${v.path}: ${v.message} (rule ${v.rule})`);
    });
    // Rules over a hotel's units together (channel-room-id-unique), on the answer that serves them.
    for (const v of checkObjectRules(doc, SUCCESS_SCHEMA, { [SUCCESS_UNITS]: hotel.units }))
      problems.push(`${where}.units: ${v.message} (rule ${v.rule})`);
  });
  return problems;
}

export function loadFixture(file: string, doc: OpenApiDocument, validator: SpecValidator): Fixture {
  let fixture: Fixture;
  try {
    fixture = JSON.parse(readFileSync(file, 'utf8')) as Fixture;
  } catch (e) {
    throw new Error(`Room Retrieve fixture ${file} cannot be read as JSON: ${(e as Error).message}`, { cause: e });
  }
  const problems = fixtureProblems(fixture, doc, validator);
  if (problems.length > 0) {
    throw new Error(
      `Room Retrieve fixture ${file} does not conform to the spec:\n  ${problems.slice(0, 20).join('\n  ')}`,
    );
  }
  return fixture;
}
