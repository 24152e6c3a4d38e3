// Faults of answers that hold items outside the request's scope: a list filtered by a parent
// that also shows another parent's items, on the first page or only on later ones. The run did
// not necessarily create those items; every item it reads must fit the filter (rule
// list-filter-returns-only-children). Adding a fault: one entry here, a probe in
// test/faults.test.ts, and the checks that must catch it in packages/contract/test/faults.ts.
import type { StoredItem } from '../store.js';
import type { FaultDefinition } from './definition.js';

/** The newest item of the organization under another parent than the filter's. */
function newestElsewhere(wider: readonly StoredItem[], parentId: string): StoredItem | undefined {
  return wider.filter((item) => item.parentId !== parentId).at(-1);
}

export const scope = {
  'scope-first-page-mixes-newest-of-organization': {
    area: 'scope',
    description:
      "The first page of a filtered list ends with the organization's newest item of another parent (a 'recently added' cache merged into it).",
    perturb: {
      listRows: (rows, { tokenGiven, size, parentId, wider }) => {
        const stray = tokenGiven ? undefined : newestElsewhere(wider(), parentId);
        return stray === undefined || rows.length >= size ? rows : [...rows, stray];
      },
    },
  },
  'scope-later-pages-drop-filter': {
    area: 'scope',
    description:
      'Pages after the first come from the whole organization: the cursor query keeps the organization but drops the parent filter.',
    perturb: {
      listRows: (rows, { tokenGiven, afterSeq, size, wider }) =>
        tokenGiven
          ? wider()
              .filter((item) => item.seq > afterSeq)
              .slice(0, size + 2)
          : rows,
    },
  },
  'scope-last-page-adds-stray-item': {
    area: 'scope',
    description:
      "The last page of a list that has several also shows the organization's newest item of another parent (an off-by-one in a join).",
    perturb: {
      listRows: (rows, { tokenGiven, size, parentId, wider }) => {
        if (!tokenGiven || rows.length >= size) return rows;
        const stray = newestElsewhere(wider(), parentId);
        return stray === undefined ? rows : [...rows, stray];
      },
    },
  },
} satisfies Record<string, FaultDefinition>;
