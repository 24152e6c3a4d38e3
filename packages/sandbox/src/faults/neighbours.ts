// Faults where a write also changes its neighbours (other items of the same parent): the spec's
// rule writes-change-only-their-item. Adding a fault: one entry here, a probe in
// test/faults.test.ts, and the checks that must catch it in packages/contract/test/faults.ts.
import type { FaultDefinition } from './definition.js';

export const neighbours = {
  'neighbours-update-renames-siblings': {
    area: 'neighbours',
    description:
      'Updating a room also renames the other rooms of its room type (the UPDATE is keyed by the parent, not by the id).',
    perturb: {
      afterWrite: (none, { action, leaf, fields, siblings, update }) => {
        if (action === 'update' && leaf) for (const other of siblings()) update(other, { ...other.fields, ...fields });
        return none;
      },
    },
  },
  'neighbours-delete-removes-next-sibling': {
    area: 'neighbours',
    description:
      'Deleting a room also deletes the room created right after it in the same room type (an off-by-one range delete).',
    perturb: {
      afterWrite: (none, { action, leaf, item, siblings, remove }) => {
        const next = siblings().find((other) => other.seq > item.seq);
        if (action === 'delete' && leaf && next !== undefined) remove(next);
        return none;
      },
    },
  },
  'neighbours-create-renames-previous-sibling': {
    area: 'neighbours',
    description:
      "Creating a room also gives its name to the room type's previous room (an upsert keyed by the room type).",
    perturb: {
      afterWrite: (none, { action, leaf, item, fields, siblings, update }) => {
        const previous = siblings()
          .filter((other) => other.seq < item.seq)
          .at(-1);
        if (action === 'create' && leaf && previous !== undefined)
          update(previous, { ...previous.fields, name: fields.name });
        return none;
      },
    },
  },
} satisfies Record<string, FaultDefinition>;
