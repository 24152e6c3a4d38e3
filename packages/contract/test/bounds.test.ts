import type { OperationInfo } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import { boundCases, type Field } from '../src/properties/bounds.js';
import { openSpec } from '../src/openapi/open.js';

const operation = { operationId: 'setPrice' } as OperationInfo;
const cases = (schema: Record<string, unknown>) =>
  boundCases(operation, { in: 'body', name: 'price', schema } satisfies Field, {}, 1).map((c) => [
    c.expect,
    c.bound,
    c.value,
  ]);

describe('bounds cases', () => {
  it("an integer's bounds: the bound accepted, one past refused", () => {
    expect(cases({ type: 'integer', minimum: 1, maximum: 50 })).toEqual([
      ['accept', 'minimum 1', 1],
      ['reject', 'minimum 1 - 1', 0],
      ['accept', 'maximum 50', 50],
      ['reject', 'maximum 50 + 1', 51],
    ]);
  });
  it('multipleOf: the accepted value is the multiple nearest the bound, the refused one a multiple past it', () => {
    expect(cases({ type: 'integer', minimum: 1, maximum: 98, multipleOf: 5 })).toEqual([
      ['accept', 'minimum 1 + 4', 5],
      ['reject', 'minimum 1 - 1', 0],
      ['accept', 'maximum 98 - 3', 95],
      ['reject', 'maximum 98 + 2', 100],
    ]);
    expect(cases({ type: 'number', exclusiveMinimum: 0, maximum: 10, multipleOf: 0.25 })).toEqual([
      ['accept', 'exclusiveMinimum 0 + 0.25', 0.25],
      ['reject', 'exclusiveMinimum 0', 0],
      ['accept', 'maximum 10', 10],
      ['reject', 'maximum 10 + 0.25', 10.25],
    ]);
  });
  it('every accepted number case validates against its schema, every refused one does not', () => {
    const spec = openSpec('hospitality');
    const schemas = [
      { type: 'integer', minimum: 1, maximum: 98, multipleOf: 5 },
      { type: 'number', minimum: 0.3, maximum: 9.7, multipleOf: 0.1 },
      { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    ];
    for (const schema of schemas)
      for (const c of boundCases(operation, { in: 'body', name: 'price', schema }, {}, 1))
        expect(spec.validate(schema, c.value).valid, `${JSON.stringify(schema)} ${c.bound}`).toBe(
          c.expect === 'accept',
        );
  });
});
