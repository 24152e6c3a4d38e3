// Faults of the room-retrieve area. Adding a fault: one entry here, a probe in test/faults.test.ts, and
// the checks that must catch it in packages/contract/test/faults.ts.
import type { FaultDefinition } from './definition.js';
import { isJsonObject, onRetrievedUnits, smallestOccupancy } from './edits.js';

// The served body is edited as plain JSON: each helper narrows with Array.isArray.
function unitsOf(body: unknown) {
  const data = isJsonObject(body) ? body.Data : undefined;
  return Array.isArray(data) ? data : [];
}

/** Every sub-room of every unit. */
function subRooms(body: unknown) {
  return unitsOf(body).flatMap((u) => {
    const rooms: unknown = u?.configuration?.rooms;
    return Array.isArray(rooms) ? rooms : [];
  });
}

/** Every bed configuration of every sub-room. */
function bedConfigurations(body: unknown) {
  return subRooms(body).flatMap((r) => {
    const configurations: unknown = r?.bed_configurations;
    return Array.isArray(configurations) ? configurations : [];
  });
}

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
  'rr-max-guests-over-limit': {
    area: 'room-retrieve',
    description:
      'The unit with the most guests is sent with max_guests one higher (a clamp off by one: 51 where 50 is the maximum).',
    perturb: {
      response: onRetrievedUnits((body) => {
        let largest: Record<string, number> | undefined;
        for (const unit of unitsOf(body)) {
          const occ = unit?.configuration?.occupancy;
          if (
            isJsonObject(occ) &&
            typeof occ.max_guests === 'number' &&
            (!largest || occ.max_guests > largest.max_guests!)
          )
            largest = occ as Record<string, number>;
        }
        if (largest) largest.max_guests! += 1;
      }),
    },
  },
  'rr-paying-children-exceed-children': {
    area: 'room-retrieve',
    description: 'A unit is sent with max_children_that_pay_children_rate one above max_children.',
    perturb: {
      response: onRetrievedUnits((body) => {
        const occ = smallestOccupancy(body);
        if (occ) occ.max_children_that_pay_children_rate = (occ.max_children ?? 0) + 1;
      }),
    },
  },
  'rr-two-default-bed-configurations': {
    area: 'room-retrieve',
    description: 'A room is sent with two default bed configurations (the default one repeated).',
    perturb: {
      response: onRetrievedUnits((body) => {
        const room = subRooms(body).find(
          (r) => Array.isArray(r?.bed_configurations) && r.bed_configurations.length > 0,
        );
        if (!room) return;
        const configurations: unknown[] = room.bed_configurations;
        const chosen =
          configurations.find((c) => isJsonObject(c) && c.is_default_configuration === true) ?? configurations[0];
        if (!isJsonObject(chosen)) return;
        configurations.push({ ...structuredClone(chosen), is_default_configuration: true });
        chosen.is_default_configuration = true;
      }),
    },
  },
  'rr-repeated-bed-type': {
    area: 'room-retrieve',
    description: 'A bed configuration lists the same bed type twice (two rows instead of one with bed_count 2).',
    perturb: {
      response: onRetrievedUnits((body) => {
        const config = bedConfigurations(body).find((c) => Array.isArray(c?.beds) && c.beds.length > 0);
        if (config) config.beds.push(structuredClone(config.beds[0]));
      }),
    },
  },
  'rr-guest-room-in-multi-room-unit': {
    area: 'room-retrieve',
    description: 'A multi-room unit (bedrooms and a living room) also lists a GUEST_ROOM.',
    perturb: {
      response: onRetrievedUnits((body) => {
        for (const unit of unitsOf(body)) {
          const rooms = unit?.configuration?.rooms;
          if (Array.isArray(rooms) && rooms.length > 0 && rooms.every((r) => r?.type !== 'GUEST_ROOM')) {
            rooms.push({ ...structuredClone(rooms[0]), type: 'GUEST_ROOM' });
            return;
          }
        }
      }),
    },
  },
  'rr-constant-ruid': {
    area: 'room-retrieve',
    description: 'Every answer carries the same Ruid, so it no longer identifies a request.',
    perturb: {
      response: (res, ctx) =>
        ctx.action === 'retrieve' && isJsonObject(res.body) && 'Ruid' in res.body
          ? { ...res, body: { ...res.body, Ruid: 'UmFuZG9tSVYkc2RlIyh9YQAAAAAAAAAAAAAAAAAAAAAA' } }
          : res,
    },
  },
  'rr-fail-with-200': {
    area: 'room-retrieve',
    description: 'Fail envelopes (unknown hotel, invalid field) are sent with HTTP 200 instead of 400.',
    perturb: {
      response: (res, ctx) =>
        ctx.action === 'retrieve' && res.status === 400 && isJsonObject(res.body) && res.body['Status'] === 'Fail'
          ? { ...res, status: 200 }
          : res,
    },
  },
  'rr-non-ascii-hotel-id-500': {
    area: 'room-retrieve',
    description: 'A hotel_id with non-ASCII characters crashes the lookup: 500 instead of a Fail envelope.',
    perturb: {
      beforeValidation: (r, { body }) =>
        r ??
        (isJsonObject(body) && typeof body['hotel_id'] === 'string' && /[\u0080-\u{10ffff}]/u.test(body['hotel_id'])
          ? { status: 500, message: 'Internal error: the hotel code could not be encoded.' }
          : undefined),
    },
  },
} satisfies Record<string, FaultDefinition>;
