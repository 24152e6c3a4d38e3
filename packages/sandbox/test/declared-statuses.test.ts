import { apiNames, loadSpec, requestBodyPolicy, type OpenApiDocument } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { declaredStatuses } from '../src/api.js';

describe('the statuses the sandbox answers come from the spec', () => {
  it("a body over the limit gets x-roomkit-request-body's tooLarge status", () => {
    for (const api of apiNames) {
      const doc = loadSpec(api);
      expect(declaredStatuses(doc)['too-large']).toBe(requestBodyPolicy(doc)!.tooLarge.status);
      // Another status in the spec is another status in the sandbox: nothing restates it.
      const policy = doc['x-roomkit-request-body'] as Record<string, unknown>;
      const changed: OpenApiDocument = {
        ...doc,
        'x-roomkit-request-body': { ...policy, tooLarge: { status: 400 } },
      };
      expect(declaredStatuses(changed)['too-large']).toBe(400);
    }
  });
});
