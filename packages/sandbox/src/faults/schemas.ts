// Faults of the schemas area. Adding a fault: one entry here, a probe in test/faults.test.ts, and
// the checks that must catch it in packages/contract/test/faults.ts.
import type { FaultDefinition } from './definition.js';
import { idsToNumbers, isJsonObject, isSuccess, withBody } from './edits.js';

export const schemas = {
  'schema-ids-as-numbers': {
    area: 'schemas',
    description: "Ids are sent as JSON numbers, as the seed's field tables claim.",
    perturb: { response: (res) => (res.body === undefined ? res : withBody(res, idsToNumbers)) },
  },
  'schema-get-omits-name': {
    area: 'schemas',
    description: 'Get answers omit the required name field.',
    perturb: {
      response: (res, ctx) =>
        ctx.action === 'get' && isSuccess(res) ? withBody(res, (b) => isJsonObject(b) && delete b['name']) : res,
    },
  },
  'server-error-on-non-ascii': {
    area: 'schemas',
    description: 'A name with non-ASCII characters makes the server fail with 500.',
    perturb: {
      refuseRequest: (refusal, { body }) =>
        refusal ??
        (typeof body?.name === 'string' && /\P{ASCII}/u.test(body.name)
          ? { status: 500, message: 'Internal error: the name could not be encoded.' }
          : undefined),
    },
  },
} satisfies Record<string, FaultDefinition>;
