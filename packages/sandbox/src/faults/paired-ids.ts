// Faults where request fields that name one thing together (Room Retrieve's hotel_id with
// channel_hotel_id, rule hotel-ids-name-one-hotel) are read one at a time: a request pairing two
// hotels' ids is answered with one of them. Adding a fault: one entry here, a probe in
// test/faults.test.ts, and the checks that must catch it in packages/contract/test/faults.ts.
import type { FaultDefinition } from './definition.js';

export const pairedIds = {
  'rr-hotel-by-channel-id-only': {
    area: 'room-retrieve',
    description: 'The hotel is looked up by channel_hotel_id alone: any hotel_id goes with it.',
    perturb: { hotelUnits: (units, { lookup }) => units ?? lookup(['channel_hotel_id']) },
  },
  'rr-hotel-by-hotel-id-only': {
    area: 'room-retrieve',
    description: 'The hotel is looked up by hotel_id alone: any channel_hotel_id goes with it.',
    perturb: { hotelUnits: (units, { lookup }) => units ?? lookup(['hotel_id']) },
  },
  'rr-hotel-ids-checked-apart': {
    area: 'room-retrieve',
    description:
      "hotel_id and channel_hotel_id are each checked to exist, but not together: one hotel's hotel_id with another's channel_hotel_id answers the second hotel's units.",
    perturb: {
      hotelUnits: (units, { lookup }) =>
        units ?? (lookup(['hotel_id']) === undefined ? undefined : lookup(['channel_hotel_id'])),
    },
  },
} satisfies Record<string, FaultDefinition>;
