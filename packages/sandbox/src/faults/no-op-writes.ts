// Faults of writes that change nothing: an update with every field as it is (a rename to the
// item's own name) is an ordinary update (rule no-op-update-accepted). Adding a fault: one entry
// here, a probe in test/faults.test.ts, and the checks that must catch it in
// packages/contract/test/faults.ts.
import type { FaultDefinition } from './definition.js';

export const noOpWrites = {
  'noop-rename-counts-itself': {
    area: 'no-op-writes',
    description:
      'Renaming a room to the name it already has is refused as a duplicate: the uniqueness check counts the room against itself.',
    perturb: { valueTaken: (taken, { heldBySelf }) => taken || heldBySelf },
  },
  'noop-update-refused': {
    area: 'no-op-writes',
    description: 'An update that changes nothing is refused with 400 ("nothing to update").',
    perturb: {
      response: (res, ctx) =>
        ctx.action === 'update' && ctx.unchanged === true && res.status < 300
          ? { ...res, status: 400, body: { message: 'Nothing to update: the item already has these values.' } }
          : res,
    },
  },
  'noop-update-not-modified': {
    area: 'no-op-writes',
    description:
      'An update that changes nothing answers 304 Not Modified, which the update operations do not document.',
    perturb: {
      response: (res, ctx) =>
        ctx.action === 'update' && ctx.unchanged === true && res.status < 300 ? { ...res, status: 304 } : res,
    },
  },
} satisfies Record<string, FaultDefinition>;
