// Faults of the auth area. Adding a fault: one entry here, a probe in test/faults.test.ts, and
// the checks that must catch it in packages/contract/test/faults.ts.
import type { FaultDefinition } from './definition.js';

export const auth = {
  'auth-missing-token-accepted': {
    area: 'auth',
    description: "Requests without an Authorization header are served as the first organization's.",
    perturb: {
      principal: (p, { token, firstOrganization }) => p ?? (token === undefined ? firstOrganization : undefined),
    },
  },
  'auth-invalid-token-accepted': {
    area: 'auth',
    description: "Requests with an unknown or expired bearer token are served as the first organization's.",
    perturb: {
      principal: (p, { token, firstOrganization }) => p ?? (token !== undefined ? firstOrganization : undefined),
    },
  },
} satisfies Record<string, FaultDefinition>;
