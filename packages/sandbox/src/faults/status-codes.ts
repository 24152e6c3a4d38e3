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
} satisfies Record<string, FaultDefinition>;
