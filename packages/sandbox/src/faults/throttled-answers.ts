// Faults of throttled answers: a 429 is a documented answer like any other (its headers, content
// type and body schema are in the spec), but clients retry it, so its mistakes hide behind the
// retry. Each fault throttles like the throttling variations (every 40th request, at most 3
// times) and gets the 429 itself wrong. Adding a fault: one entry here, a probe in
// test/faults.test.ts, and the checks that must catch it in packages/contract/test/faults.ts.
import type { Outgoing, Perturbation, ResponseContext } from '../hooks.js';
import type { FaultDefinition } from './definition.js';
import { everyNthThrottled } from './variations.js';

/** The throttle of the variations, with its 429 answers edited. */
function throttledWrongly(edit: (res: Outgoing, ctx: ResponseContext) => Outgoing): () => Perturbation {
  return () => {
    const throttle = everyNthThrottled(true)();
    return {
      ...throttle,
      response: (res, ctx) => (ctx.reason === 'throttled' ? edit(res, ctx) : res),
    };
  };
}

export const throttledAnswers = {
  'throttled-without-request-id': {
    area: 'throttled-answers',
    description:
      'Throttled answers (429) leave out X-Amzn-RequestId: the gateway that throttles answers before the service adds it.',
    perturb: throttledWrongly((res, ctx) => {
      const always = new Set(ctx.alwaysSent.map((h) => h.toLowerCase()));
      return {
        ...res,
        headers: Object.fromEntries(Object.entries(res.headers).filter(([name]) => !always.has(name.toLowerCase()))),
      };
    }),
  },
  'throttled-as-text': {
    area: 'throttled-answers',
    description:
      'Throttled answers (429) come as text/plain "Rate exceeded." from the gateway, not as the JSON error body.',
    perturb: throttledWrongly((res) => ({
      ...res,
      headers: { ...res.headers, 'Content-Type': 'text/plain' },
      body: 'Rate exceeded.',
    })),
  },
  'throttled-error-body-misshapen': {
    area: 'throttled-answers',
    description:
      'Throttled answers (429) carry {"message": {"code": "Throttling"}}, an object where the Error schema has a string.',
    perturb: throttledWrongly((res) => ({ ...res, body: { message: { code: 'Throttling' } } })),
  },
} satisfies Record<string, FaultDefinition>;
