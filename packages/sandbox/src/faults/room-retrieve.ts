// Faults of the room-retrieve area. Adding a fault: one entry here, a probe in test/faults.test.ts, and
// the checks that must catch it in packages/contract/test/faults.ts.
import type { FaultDefinition } from './definition.js';
import { isJsonObject, onRetrievedUnits, smallestOccupancy } from './edits.js';

export const roomRetrieve = {
  'rr-adults-exceed-guests': {
    area: 'room-retrieve',
    description: 'A unit is sent with max_adults greater than max_guests.',
    perturb: {
      response: onRetrievedUnits((body) => {
        const occ = smallestOccupancy(body);
        if (occ) occ.max_adults = occ.max_guests! + 1;
      }),
    },
  },
  'rr-children-equal-guests': {
    area: 'room-retrieve',
    description: 'A unit is sent with max_children equal to max_guests.',
    perturb: {
      response: onRetrievedUnits((body) => {
        const occ = smallestOccupancy(body);
        if (occ) occ.max_children = occ.max_guests!;
      }),
    },
  },
  'rr-unknown-hotel-success': {
    area: 'room-retrieve',
    description: 'An unknown channel_hotel_id answers Success with an empty Data array instead of Fail 572.',
    perturb: { hotelUnits: (units) => units ?? [] },
  },
  'rr-auth-ignored': {
    area: 'room-retrieve',
    description: 'Missing or wrong app-id / Authorization credentials are accepted.',
    perturb: { roomRetrieveAuthorized: () => true },
  },
  'rr-enum-lowercase': {
    area: 'room-retrieve',
    description: 'smoking_policy is sent in lower case (nonsmoking), outside the enum.',
    perturb: {
      response: onRetrievedUnits((body) => {
        const data = isJsonObject(body) ? body.Data : undefined;
        for (const unit of Array.isArray(data) ? data : []) {
          const cfg = unit?.configuration;
          if (typeof cfg?.smoking_policy === 'string') cfg.smoking_policy = cfg.smoking_policy.toLowerCase();
        }
      }),
    },
  },
} satisfies Record<string, FaultDefinition>;
