// Faults of a vendor that keeps every collection's items in one table of units (their ids all
// have one shape, UnitId): an id is looked up without its collection, so an item of one collection
// is served, changed or deleted through another collection's path, or taken as the parent of a
// create. Rule id-names-one-collection.
import type { FaultDefinition } from './definition.js';

export const collectionIds = {
  'collection-ids-ignored': {
    area: 'collection-ids',
    description:
      'Every lookup by id ignores the collection (one table of units): GET, PUT and DELETE /properties/{id} act on a room type or a room named by the id, and a create takes an item of any collection as its parent.',
    perturb: { collectionMatches: () => true },
  },
  'collection-ids-ignored-on-delete': {
    area: 'collection-ids',
    description:
      'Reads and updates check the collection, but a delete runs `DELETE FROM units WHERE id = ?`: DELETE /rooms/{id} deletes a room type (or property) with that id.',
    perturb: { collectionMatches: (matches, { purpose }) => matches || purpose === 'delete' },
  },
  'collection-ids-ignored-for-parents': {
    area: 'collection-ids',
    description:
      "A create's parent is looked up by id alone: a room type is created under a room type (or a room) named as its propertyId.",
    perturb: { collectionMatches: (matches, { purpose }) => matches || purpose === 'parent' },
  },
} satisfies Record<string, FaultDefinition>;
