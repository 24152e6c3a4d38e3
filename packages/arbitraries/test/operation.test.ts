import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiNames, createSpecValidator, getOperation, listOperations, loadSpec } from '@roomkit/openapi';
import type { OperationInfo } from '@roomkit/openapi';
import { invalidRequest, requestViolations, validRequest } from '../src/index.js';
import type { RequestValues } from '../src/index.js';
import { runs, SEED } from './support.js';

/** What an HTTP client puts on the wire for a typed parameter value. */
function asText(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
}

function check(validator: ReturnType<typeof createSpecValidator>, op: OperationInfo, request: RequestValues) {
  const params = validator.parameters(op.operationId, {
    path: asText(request.path),
    query: asText(request.query),
    headers: asText(request.headers),
  });
  const body = 'body' in request ? validator.requestBody(op.operationId, request.body) : undefined;
  return { params, body };
}

for (const api of apiNames) {
  describe(`requests for every ${api} operation`, () => {
    const doc = loadSpec(api);
    const validator = createSpecValidator(doc);
    const operations = listOperations(doc);

    it.each(operations.map((op) => ({ id: op.operationId, op })))('$id: valid requests pass the spec', ({ op }) => {
      fc.assert(
        fc.property(validRequest(op, { root: doc }), (request) => {
          const { params, body } = check(validator, op, request);
          expect(params.errors).toEqual([]);
          if (op.requestBody?.schema) expect(body?.errors).toEqual([]);
          if (op.requestBody?.required) expect('body' in request).toBe(true);
        }),
        runs(100),
      );
    });

    const breakable = operations.filter((op) => requestViolations(op, { root: doc }).length > 0);
    it.each(breakable.map((op) => ({ id: op.operationId, op })))(
      '$id: each invalid request fails at the tagged parameter or body field only',
      ({ op }) => {
        fc.assert(
          fc.property(invalidRequest(op, { root: doc }), (request) => {
            const { violation } = request;
            const { params, body } = check(validator, op, request);
            if (violation.in === 'body') {
              expect(params.errors).toEqual([]);
              if (violation.rule === 'required' && violation.path === '') {
                expect('body' in request).toBe(false);
                return;
              }
              expect(body?.valid).toBe(false);
              const at = `/body${violation.rule === 'required' || violation.rule === 'additionalProperties' ? violation.path.slice(0, violation.path.lastIndexOf('/')) : violation.path}`;
              expect(body?.errors).toContainEqual(expect.objectContaining({ keyword: violation.rule, path: at }));
            } else {
              expect(body === undefined || body.valid).toBe(true);
              expect(params.errors.length).toBeGreaterThan(0);
              for (const e of params.errors) expect(e.path).toBe(`/${violation.in}/${violation.name}${violation.path}`);
              expect(params.errors.map((e) => e.keyword)).toContain(violation.rule);
            }
          }),
          runs(200),
        );
      },
    );
  });
}

describe('request options', () => {
  const doc = loadSpec('hospitality');
  const listRooms = getOperation(doc, 'listRooms');
  const pagination = (listRooms.extensions['x-roomkit-pagination'] ?? {}) as { token?: string; pageSize?: string };

  it('uses given parameter values and never sends omitted ones', () => {
    const token = pagination.token!;
    const filter = listRooms.parameters.find((p) => p.in === 'query' && p.required)!.name;
    const requests = fc.sample(
      validRequest(listRooms, {
        root: doc,
        parameters: { [filter]: fc.constant('amzn1.alexa.unit.did.FIXED') },
        omit: [token],
      }),
      { seed: SEED, numRuns: 50 },
    );
    for (const r of requests) {
      expect(r.query[filter]).toBe('amzn1.alexa.unit.did.FIXED');
      expect(token in r.query).toBe(false);
    }
    const broken = fc.sample(invalidRequest(listRooms, { root: doc, omit: [token] }), { seed: SEED, numRuns: 100 });
    expect(broken.every((r) => r.violation.name !== token && !(token in r.query))).toBe(true);
  });

  it('breaks the page size on both sides of its range', () => {
    const pageSize = pagination.pageSize!;
    const rules = new Set(
      fc
        .sample(invalidRequest(listRooms, { root: doc }), { seed: SEED, numRuns: 300 })
        .filter((r) => r.violation.name === pageSize)
        .map((r) => r.violation.rule),
    );
    expect(rules).toEqual(new Set(['type', 'minimum', 'maximum']));
  });

  it('names the parameter it cannot omit', () => {
    const required = listRooms.parameters.find((p) => p.required)!.name;
    expect(() => validRequest(listRooms, { root: doc, omit: [required] })).toThrow(new RegExp(required));
    expect(() => validRequest(listRooms, { root: doc, omit: ['nope'] })).toThrow(/nope/);
  });
});
