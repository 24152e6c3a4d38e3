// Faults of the races area: each is a server whose write path checks, awaits, then writes
// (hooks.ts writeGap), so requests that are all on the wire before the first is answered pass the
// same check. The gap waits until no request has arrived for a while (arrivals.ts), so
// simultaneous requests meet in it every time; one request at a time never does. Adding a fault:
// one entry here, a probe in test/faults.test.ts, and the checks that must catch it in
// packages/contract/test/faults.ts.
import type { VanishedRow } from '../hooks.js';
import type { FaultDefinition } from './definition.js';

/** Deletes that look the item up, await, then delete its row; `vanished`: what they answer when another delete took it meanwhile. */
function gappedDeletes(description: string, vanished: VanishedRow): FaultDefinition {
  return {
    area: 'races',
    description,
    perturb: {
      writeGap: (gap, { action, drained }) => (action === 'delete' ? drained : gap),
      rowVanished: () => vanished,
    },
  };
}

export const races = {
  'race-duplicate-create': {
    area: 'races',
    description:
      'Room creates check that the name is free in the property, await, then insert: simultaneous creates of one room name in one property all pass the check and all succeed.',
    perturb: {
      writeGap: (gap, { action, resource, drained }) => (action === 'create' && resource === 'rooms' ? drained : gap),
    },
  },
  'race-duplicate-rename': {
    area: 'races',
    description:
      'Room updates check that the new name is free in the property, await, then write: simultaneous renames of two rooms of one property to one name both succeed.',
    perturb: {
      writeGap: (gap, { action, resource, drained }) => (action === 'update' && resource === 'rooms' ? drained : gap),
    },
  },
  'race-double-delete-500': gappedDeletes(
    'Deletes look the item up, await, then delete its row and expect one row deleted: of simultaneous deletes of one id, those that find the row gone answer 500.',
    'server-error',
  ),
  'race-double-delete-both-succeed': gappedDeletes(
    'Deletes look the item up, await, then delete its row without looking at how many rows went: every one of simultaneous deletes of one id answers 204.',
    'success',
  ),
  'race-delete-parent-during-child-create': {
    area: 'races',
    description:
      'Room type creates check that the property exists and property deletes that it has no room types, each awaits, then writes: a property deleted while a room type is created in it leaves the room type behind, both acknowledged.',
    perturb: {
      writeGap: (gap, { action, resource, drained }) =>
        (action === 'create' && resource === 'roomTypes') || (action === 'delete' && resource === 'properties')
          ? drained
          : gap,
    },
  },
} satisfies Record<string, FaultDefinition>;
