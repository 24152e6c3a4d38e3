// Faults of the status-codes area. Adding a fault: one entry here, a probe in test/faults.test.ts, and
// the checks that must catch it in packages/contract/test/faults.ts.
import type { FaultDefinition } from './definition.js';

export const statusCodes = {
  'status-create-returns-200': {
    area: 'status-codes',
    description: 'Creates answer 200 instead of 201.',
    perturb: {
      response: (res, ctx) => (ctx.action === 'create' && res.status === 201 ? { ...res, status: 200 } : res),
    },
  },
  'status-missing-returns-410': {
    area: 'status-codes',
    description: 'A resource that does not exist answers 410 instead of 404.',
    perturb: {
      response: (res, ctx) => (res.status === 404 && ctx.reason === 'missing' ? { ...res, status: 410 } : res),
    },
  },
  'status-delete-returns-200': {
    area: 'status-codes',
    description: 'Deletes answer 200 instead of the documented 204.',
    perturb: {
      response: (res, ctx) => (ctx.action === 'delete' && res.status === 204 ? { ...res, status: 200 } : res),
    },
  },
  'status-update-returns-200': {
    area: 'status-codes',
    description: 'Updates answer 200 instead of the documented 204.',
    perturb: {
      response: (res, ctx) => (ctx.action === 'update' && res.status === 204 ? { ...res, status: 200 } : res),
    },
  },
  'status-deleted-returns-400': {
    area: 'status-codes',
    description: 'A deleted id answers 400 (as if it were malformed) instead of 404 on get, update and delete.',
    perturb: {
      response: (res, ctx) =>
        ctx.deleted && ctx.reason === 'missing' && res.status === 404 ? { ...res, status: 400 } : res,
    },
  },
  'status-deleted-returns-410': {
    area: 'status-codes',
    description: 'A deleted id answers 410 Gone, which the spec does not document, instead of 404.',
    perturb: {
      response: (res, ctx) =>
        ctx.deleted && ctx.reason === 'missing' && res.status === 404 ? { ...res, status: 410 } : res,
    },
  },
  'status-update-deleted-500': {
    area: 'status-codes',
    description: 'Updating a deleted item crashes: 500 instead of 404.',
    perturb: {
      response: (res, ctx) =>
        ctx.action === 'update' && ctx.deleted && res.status === 404 ? { ...res, status: 500 } : res,
    },
  },
  'status-rename-to-own-name-500': {
    area: 'status-codes',
    description: 'Renaming an item to the name it already has crashes: 500 (an empty update statement).',
    perturb: {
      response: (res, ctx) =>
        ctx.action === 'update' && ctx.unchanged && res.status === 204 ? { ...res, status: 500 } : res,
    },
  },
  'status-duplicate-name-409': {
    area: 'status-codes',
    description:
      'Creating a room with a name already used in the property answers 409, which is not documented, instead of 400.',
    perturb: {
      response: (res, ctx) => (ctx.action === 'create' && ctx.ruleKind === 'unique' ? { ...res, status: 409 } : res),
    },
  },
  'status-duplicate-name-on-update-409': {
    area: 'status-codes',
    description:
      'Renaming a room to a name already used in the property answers 409, which is not documented, instead of 400.',
    perturb: {
      response: (res, ctx) => (ctx.action === 'update' && ctx.ruleKind === 'unique' ? { ...res, status: 409 } : res),
    },
  },
  'status-non-empty-delete-409': {
    area: 'status-codes',
    description:
      'Deleting a property or room type that still has children answers 409, which is not documented, instead of 400.',
    perturb: {
      response: (res, ctx) => (ctx.ruleKind === 'delete-requires-empty' ? { ...res, status: 409 } : res),
    },
  },
  'status-create-under-deleted-parent-404': {
    area: 'status-codes',
    description:
      'Creating under a deleted parent answers 404, which the create operations do not document, instead of 400.',
    perturb: {
      response: (res, ctx) =>
        ctx.action === 'create' && ctx.deleted && ctx.reason === 'missing' ? { ...res, status: 404 } : res,
    },
  },
} satisfies Record<string, FaultDefinition>;
