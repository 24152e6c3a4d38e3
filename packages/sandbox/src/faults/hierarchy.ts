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
  'hierarchy-deleted-item-still-listed': {
    area: 'hierarchy',
    description: 'A deleted item answers 404, but lists keep showing it (a soft delete the list query ignores).',
    perturb: {
      listRows: (rows, { afterSeq, size, tombstones }) =>
        [...rows, ...tombstones().filter((t) => t.seq > afterSeq)].sort((a, b) => a.seq - b.seq).slice(0, size + 2),
    },
  },
  'hierarchy-deleted-item-readable': {
    area: 'hierarchy',
    description:
      'A deleted item is gone from lists, but reading it by id still answers 200 with its data (a stale cache).',
    perturb: { resolveItem: (found, { purpose, tombstone }) => found ?? (purpose === 'get' ? tombstone : undefined) },
  },
  'hierarchy-second-delete-succeeds': {
    area: 'hierarchy',
    description: 'Deleting an item that was already deleted answers 204 again instead of 404.',
    perturb: {
      resolveItem: (found, { purpose, tombstone }) => found ?? (purpose === 'delete' ? tombstone : undefined),
    },
  },
  'hierarchy-update-deleted-item-succeeds': {
    area: 'hierarchy',
    description: 'Updating an item that was deleted answers 204 (and changes nothing) instead of 404.',
    perturb: {
      resolveItem: (found, { purpose, tombstone }) => found ?? (purpose === 'update' ? tombstone : undefined),
    },
  },
  'hierarchy-create-under-deleted-parent': {
    area: 'hierarchy',
    description: 'A room type or room can be created under a parent that was deleted (orphans).',
    perturb: {
      resolveItem: (found, { purpose, tombstone }) => found ?? (purpose === 'parent' ? tombstone : undefined),
    },
  },
  'hierarchy-delete-check-ignores-renamed-children': {
    area: 'hierarchy',
    description:
      'The non-empty check of a delete misses children that were renamed, so a parent whose children were all renamed is deleted.',
    perturb: {
      hasChildren: (has, { children, history }) => {
        if (!has) return false;
        const renamed = new Set(
          history()
            .filter((p) => !p.deleted)
            .map((p) => p.item.id),
        );
        return children().some((c) => !renamed.has(c.id));
      },
    },
  },
  'hierarchy-delete-check-counter-drift': {
    area: 'hierarchy',
    description:
      'The non-empty check uses a child counter that a child delete decrements twice: once one child was deleted, a parent with children left is deleted.',
    perturb: {
      hasChildren: (has, { parentId, history }) =>
        has && !history().some((p) => p.deleted && p.item.parentId === parentId),
    },
  },
  'hierarchy-read-lag-beyond-patience': {
    area: 'hierarchy',
    description:
      'New and updated items show in get and list only 5 s after the write, longer than the documented patience (2 s).',
    perturb: { readLagMs: () => 5_000 },
  },
} satisfies Record<string, FaultDefinition>;
