// Faults of the tenancy area. Adding a fault: one entry here, a probe in test/faults.test.ts, and
// the checks that must catch it in packages/contract/test/faults.ts.
import type { FaultDefinition } from './definition.js';

export const tenancy = {
  'tenancy-cross-organization-read': {
    area: 'tenancy',
    description: "An organization can read and list another organization's resources.",
    perturb: { enforceTenancy: (enforce, { access }) => (access === 'read' ? false : enforce) },
  },
  'tenancy-cross-organization-write': {
    area: 'tenancy',
    description: "An organization can rename, delete and create under another organization's resources.",
    perturb: { enforceTenancy: (enforce, { access }) => (access === 'write' ? false : enforce) },
  },
  'tenancy-foreign-get-by-id': {
    area: 'tenancy',
    description:
      "Getting another organization's item by its id answers 200 with its data (lists and writes are checked).",
    perturb: { enforceTenancy: (enforce, { action, via }) => (action === 'get' && via === 'item' ? false : enforce) },
  },
  'tenancy-foreign-parent-list': {
    area: 'tenancy',
    description:
      "Listing by another organization's property or room type returns its children (the filter's owner is not checked).",
    perturb: {
      enforceTenancy: (enforce, { action, via }) => (action === 'list' && via === 'parent' ? false : enforce),
    },
  },
  'tenancy-foreign-organization-list': {
    area: 'tenancy',
    description:
      "Listing properties with another organization's organizationId returns that organization's properties.",
    perturb: { enforceTenancy: (enforce, { action, via }) => (action === 'list' && via === 'root' ? false : enforce) },
  },
  'tenancy-foreign-write-refused-400': {
    area: 'tenancy',
    description:
      "Renaming, deleting or creating under another organization's item is refused with 400 (as if the request were malformed) instead of the tenancy rule's 403 or 404.",
    perturb: {
      response: (res, ctx) =>
        ctx.reason === 'foreign' && ctx.action !== 'get' && ctx.action !== 'list' && ctx.documented.includes('400')
          ? { ...res, status: 400 }
          : res,
    },
  },
  'tenancy-foreign-read-refused-401': {
    area: 'tenancy',
    description:
      "Reading another organization's item is refused with 401 (as if the token were invalid) instead of the tenancy rule's 403 or 404.",
    perturb: {
      response: (res, ctx) =>
        ctx.reason === 'foreign' && ctx.action === 'get' && ctx.documented.includes('401')
          ? { ...res, status: 401 }
          : res,
    },
  },
} satisfies Record<string, FaultDefinition>;
