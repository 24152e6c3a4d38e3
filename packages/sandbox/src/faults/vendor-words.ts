// Faults against what a vendor's page says in words that the schema cannot (identifiers called
// unique): the spec states them as x-roomkit-rules (channel-room-id-unique). Adding a fault: one
// entry here, a probe in test/faults.test.ts, and the checks that must catch it in
// packages/contract/test/faults.ts.
import type { FaultDefinition } from './definition.js';
import { isJsonObject, onRetrievedUnits } from './edits.js';

function unitsOf(body: unknown): unknown[] {
  const data = isJsonObject(body) ? body.Data : undefined;
  return Array.isArray(data) ? data : [];
}

export const vendorWords = {
  'rr-unit-listed-twice': {
    area: 'room-retrieve',
    description:
      'The first unit is listed twice in Data (a join over its rate plans repeats it), so two units share a channel_room_id.',
    perturb: {
      response: onRetrievedUnits((body) => {
        const units = unitsOf(body);
        if (units.length > 0) units.push(structuredClone(units[0]));
      }),
    },
  },
  'rr-channel-room-id-copied': {
    area: 'room-retrieve',
    description:
      "The last unit carries the first unit's channel_room_id (a variable reused across the loop that builds the units).",
    perturb: {
      response: onRetrievedUnits((body) => {
        const units = unitsOf(body);
        const [first, last] = [units[0], units[units.length - 1]];
        if (units.length > 1 && isJsonObject(first) && isJsonObject(last)) last.channel_room_id = first.channel_room_id;
      }),
    },
  },
} satisfies Record<string, FaultDefinition>;
