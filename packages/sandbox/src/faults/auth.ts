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
  'auth-basic-scheme-accepted': {
    area: 'auth',
    description:
      'A valid access token is accepted under the Basic scheme (Authorization: Basic <token>): only the token is read.',
    perturb: {
      principal: (p, { header, lookup }) => {
        const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
        return p ?? (match ? lookup(match[1]!) : undefined);
      },
    },
  },
  'auth-empty-bearer-accepted': {
    area: 'auth',
    description: "Authorization: Bearer with no token is served as the first organization's (an empty-token default).",
    perturb: {
      principal: (p, { header, firstOrganization }) =>
        p ?? (/^Bearer\s*$/i.test(header ?? 'x') ? firstOrganization : undefined),
    },
  },
  'auth-extra-credentials-accepted': {
    area: 'auth',
    description:
      'A malformed Authorization with words after the token (Bearer <token> <junk>) is accepted: the second word is taken.',
    perturb: {
      principal: (p, { header, lookup }) => {
        const words = (header ?? '').trim().split(/\s+/);
        return p ?? (words.length > 2 && /^Bearer$/i.test(words[0]!) ? lookup(words[1]!) : undefined);
      },
    },
  },
  'auth-invalid-token-403': {
    area: 'auth',
    description: 'An unknown or expired token is refused with 403 instead of 401.',
    perturb: {
      response: (res, ctx) =>
        ctx.reason === 'unauthenticated' && res.status === 401 && !/missing/i.test(JSON.stringify(res.body ?? ''))
          ? { ...res, status: 403 }
          : res,
    },
  },
  'auth-missing-token-403': {
    area: 'auth',
    description: 'A request without credentials is refused with 403 instead of 401.',
    perturb: {
      response: (res, ctx) =>
        ctx.reason === 'unauthenticated' && res.status === 401 && /missing/i.test(JSON.stringify(res.body ?? ''))
          ? { ...res, status: 403 }
          : res,
    },
  },
} satisfies Record<string, FaultDefinition>;
