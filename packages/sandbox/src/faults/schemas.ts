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
  'schema-list-items-omit-name': {
    area: 'schemas',
    description: 'List items omit the required name field (a summary projection of the items).',
    perturb: {
      response: (res, ctx) =>
        ctx.action === 'list' && isSuccess(res) && ctx.list
          ? withBody(res, (b) => {
              const items = isJsonObject(b) ? b[ctx.list!.items] : undefined;
              for (const item of Array.isArray(items) ? items : []) if (isJsonObject(item)) delete item['name'];
            })
          : res,
    },
  },
  'schema-null-parent-id': {
    area: 'schemas',
    description:
      "Get answers send the parent's id (organizationId, propertyId, roomTypeId) as null, which is not nullable.",
    perturb: {
      response: (res, ctx) =>
        ctx.action === 'get' && isSuccess(res)
          ? withBody(res, (b) => {
              if (!isJsonObject(b)) return;
              for (const key of Object.keys(b)) if (/.Id$/.test(key)) b[key] = null;
            })
          : res,
    },
  },
  'schema-error-body-string': {
    area: 'schemas',
    description: 'Error answers carry a bare JSON string ("Not Found") instead of the documented error object.',
    perturb: {
      response: (res, ctx) =>
        res.status >= 400 && ctx.action !== 'retrieve' && isJsonObject(res.body)
          ? { ...res, body: JSON.stringify(String(res.body['message'] ?? 'Error')) }
          : res,
    },
  },
  'schema-empty-list-null': {
    area: 'schemas',
    description: 'An empty list page sends its items as null instead of an empty array.',
    perturb: {
      response: (res, ctx) =>
        ctx.action === 'list' && isSuccess(res) && ctx.list
          ? withBody(res, (b) => {
              const items = isJsonObject(b) ? b[ctx.list!.items] : undefined;
              if (isJsonObject(b) && Array.isArray(items) && items.length === 0) b[ctx.list!.items] = null;
            })
          : res,
    },
  },
} satisfies Record<string, FaultDefinition>;
