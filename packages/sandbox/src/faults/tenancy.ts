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
} satisfies Record<string, FaultDefinition>;
