// Faults where one part of a credential that has several (Room Retrieve's app-id with its
// Authorization) is not needed: the spec's security requirement lists both, and each alone,
// wrong or missing, must be refused (rule credential-parts-required). Adding a fault: one entry
// here, a probe in test/faults.test.ts, and the checks that must catch it in
// packages/contract/test/faults.ts.
import type { FaultDefinition } from './definition.js';

export const credentialParts = {
  'rr-app-id-ignored': {
    area: 'auth',
    description: 'A valid Authorization is enough: app-id is never read, so a wrong or missing one is accepted.',
    perturb: { roomRetrieveAuthorized: (ok, { metIgnoring }) => ok || metIgnoring((s) => s.type === 'apiKey') },
  },
  'rr-app-id-presence-only': {
    area: 'auth',
    description: 'app-id is only checked for presence: any value is accepted with a valid Authorization.',
    perturb: {
      roomRetrieveAuthorized: (ok, { metIgnoring }) =>
        ok || metIgnoring((s, sent) => s.type === 'apiKey' && sent !== undefined && sent !== ''),
    },
  },
  'rr-authorization-optional-with-app-id': {
    area: 'auth',
    description:
      'A request with a valid app-id and no Authorization is served (the app-id is taken as the credential when Authorization is absent).',
    perturb: {
      roomRetrieveAuthorized: (ok, { metIgnoring }) =>
        ok || metIgnoring((s, sent) => s.type === 'http' && sent === undefined),
    },
  },
} satisfies Record<string, FaultDefinition>;
