// Faults of the hierarchy area. Adding a fault: one entry here, a probe in test/faults.test.ts, and
// the checks that must catch it in packages/contract/test/faults.ts.
import type { FaultDefinition } from './definition.js';

export const hierarchy = {
  'hierarchy-deletes-non-empty-property': {
    area: 'hierarchy',
    description: 'A property that still has room types is deleted (204) instead of refused.',
    perturb: { refuseNonEmptyDelete: (refuse, { resource }) => (resource === 'properties' ? false : refuse) },
  },
  'hierarchy-deletes-non-empty-room-type': {
    area: 'hierarchy',
    description: 'A room type that still has rooms is deleted (204) instead of refused.',
    perturb: { refuseNonEmptyDelete: (refuse, { resource }) => (resource === 'roomTypes' ? false : refuse) },
  },
  'hierarchy-update-not-persisted': {
    area: 'hierarchy',
    description: 'Updates answer 204 but the stored resource is unchanged.',
    perturb: { persistUpdate: () => false },
  },
  'hierarchy-list-ignores-filter': {
    area: 'hierarchy',
    description: "Lists ignore their parent filter and return every item of the organization's collection.",
    perturb: { applyListFilter: () => false },
  },
  'hierarchy-delete-not-effective': {
    area: 'hierarchy',
    description: 'Deletes answer 204 but the resource stays readable.',
    perturb: { persistDelete: () => false },
  },
  'hierarchy-read-lag-beyond-patience': {
    area: 'hierarchy',
    description:
      'New and updated items show in get and list only 5 s after the write, longer than the documented patience (2 s).',
    perturb: { readLagMs: () => 5_000 },
  },
} satisfies Record<string, FaultDefinition>;
