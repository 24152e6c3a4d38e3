// Faults of the headers area. Adding a fault: one entry here, a probe in test/faults.test.ts, and
// the checks that must catch it in packages/contract/test/faults.ts.
import { randomUnitId } from '../ids.js';
import type { FaultDefinition } from './definition.js';

export const headers = {
  'headers-no-request-id': {
    area: 'headers',
    description: 'Responses lack the X-Amzn-RequestId header.',
    perturb: {
      response: (res, ctx) => {
        const headers = { ...res.headers };
        for (const name of ctx.alwaysSent) delete headers[name];
        return { ...res, headers };
      },
    },
  },
  'headers-location-wrong-id': {
    area: 'headers',
    description: "The Location header of a 201 names another id than the created resource's.",
    perturb: {
      response: (res, ctx) => {
        const location = res.headers['Location'];
        if (!location || !ctx.createdId) return res;
        return { ...res, headers: { ...res.headers, Location: location.replace(ctx.createdId, randomUnitId()) } };
      },
    },
  },
  'content-type-text-plain': {
    area: 'headers',
    description: 'JSON bodies are sent with Content-Type: text/plain.',
    perturb: {
      response: (res) =>
        res.body === undefined
          ? res
          : { ...res, headers: { ...res.headers, 'Content-Type': 'text/plain; charset=utf-8' } },
    },
  },
} satisfies Record<string, FaultDefinition>;
