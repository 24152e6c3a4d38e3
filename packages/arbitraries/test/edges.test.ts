import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getOperation, loadSpec } from '@roomkit/openapi';
import { validFor, validRequest } from '../src/index.js';
import { SEED } from './support.js';

const N = 400;

function share<T>(values: T[], predicate: (v: T) => boolean): number {
  return values.filter(predicate).length / values.length;
}

describe('edge bias', () => {
  it('integers land on each bound at least 5% of the time', () => {
    const values = fc.sample(validFor({ type: 'integer', minimum: 1, maximum: 50 }), {
      seed: SEED,
      numRuns: N,
    }) as number[];
    expect(share(values, (v) => v === 1)).toBeGreaterThan(0.05);
    expect(share(values, (v) => v === 50)).toBeGreaterThan(0.05);
    expect(share(values, (v) => v === 2 || v === 49)).toBeGreaterThan(0.05);
    expect(new Set(values).size).toBeGreaterThan(25);
  });

  it('string lengths and item counts land on their bounds', () => {
    const strings = fc.sample(validFor({ type: 'string', minLength: 3, maxLength: 300 }), {
      seed: SEED,
      numRuns: N,
    }) as string[];
    expect(share(strings, (s) => [...s].length === 3)).toBeGreaterThan(0.05);
    expect(share(strings, (s) => [...s].length === 300)).toBeGreaterThan(0.05);
    const arrays = fc.sample(validFor({ type: 'array', minItems: 1, maxItems: 7, items: { type: 'boolean' } }), {
      seed: SEED,
      numRuns: N,
    }) as unknown[][];
    expect(share(arrays, (a) => a.length === 1)).toBeGreaterThan(0.05);
    expect(share(arrays, (a) => a.length === 7)).toBeGreaterThan(0.05);
  });

  it('fractional steps hit the maximum itself, and the default is sent as such', () => {
    const sizes = fc.sample(validFor({ type: 'number', minimum: 0, maximum: 9999.99, multipleOf: 0.01, default: 10 }), {
      seed: SEED,
      numRuns: N,
    }) as number[];
    expect(sizes).toContain(9999.99);
    expect(sizes).toContain(0);
    expect(share(sizes, (v) => v === 10)).toBeGreaterThan(0.05);
    expect(sizes.every((v) => Number.isInteger(v / 0.01))).toBe(true);
  });

  it('the page size of a list operation covers its documented range and default', () => {
    const doc = loadSpec('hospitality');
    const op = getOperation(doc, 'listProperties');
    const pageSize = (op.extensions['x-roomkit-pagination'] as { pageSize: string }).pageSize;
    const schema = op.parameters.find((p) => p.name === pageSize)!.schema as {
      minimum: number;
      maximum: number;
      default: number;
    };
    const sizes = fc
      .sample(validRequest(op, { root: doc }), { seed: SEED, numRuns: N })
      .map((r) => r.query[pageSize])
      .filter((v) => v !== undefined);
    for (const v of [schema.minimum, schema.maximum, schema.default]) expect(sizes).toContain(v);
  });
});

describe('header parameters', () => {
  it('stay printable ASCII where the schema leaves characters open', () => {
    const op = {
      operationId: 'withHeader',
      method: 'get' as const,
      path: '/x',
      tags: [],
      pointer: '#',
      responses: {},
      security: [],
      extensions: {},
      parameters: [
        {
          name: 'X-Note',
          in: 'header' as const,
          required: true,
          schema: { type: 'string', maxLength: 20 },
          schemaPointer: '#',
        },
      ],
    };
    const values = fc
      .sample(validRequest(op, { root: {} }), { seed: SEED, numRuns: N })
      .map((r) => r.headers['X-Note'] as string);
    expect(values.every((v) => /^[\x20-\x7e]*$/.test(v))).toBe(true);
    const query = fc.sample(
      validRequest({ ...op, parameters: [{ ...op.parameters[0]!, in: 'query' as const }] }, { root: {} }),
      { seed: SEED, numRuns: N },
    );
    expect(query.some((r) => /\P{ASCII}/u.test(r.query['X-Note'] as string))).toBe(true);
  });
});
