import { describe, expect, it } from 'vitest';
import { numberEdges, type SchemaObject } from '../src/index.js';
import { ajvOracle } from './support.js';

const edges = (schema: Record<string, unknown>) =>
  numberEdges(schema, schema.type === 'integer').map((e) => [e.keyword, e.inside, e.outside]);

describe('numberEdges', () => {
  it('an integer range: the bounds, and one past each', () => {
    expect(edges({ type: 'integer', minimum: 1, maximum: 50 })).toEqual([
      ['minimum', 1, 0],
      ['maximum', 50, 51],
    ]);
  });
  it('multipleOf: the admitted multiple nearest each bound, and the next multiple past it', () => {
    expect(edges({ type: 'integer', minimum: 1, maximum: 98, multipleOf: 5 })).toEqual([
      ['minimum', 5, 0],
      ['maximum', 95, 100],
    ]);
    expect(edges({ type: 'number', minimum: 0, maximum: 9999.99, multipleOf: 0.01 })).toEqual([
      ['minimum', 0, -0.01],
      ['maximum', 9999.99, 10000],
    ]);
    expect(edges({ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 10, multipleOf: 2.5 })).toEqual([
      ['exclusiveMinimum', 2.5, 0],
      ['exclusiveMaximum', 7.5, 10],
    ]);
  });
  it('a number without multipleOf steps by 0.01', () => {
    expect(edges({ type: 'number', exclusiveMinimum: 0, maximum: 1.5 })).toEqual([
      ['exclusiveMinimum', 0.01, 0],
      ['maximum', 1.5, 1.51],
    ]);
  });
  it('Ajv admits every inside value and refuses every outside one', () => {
    const schemas: SchemaObject[] = [
      { type: 'integer', minimum: 1, maximum: 98, multipleOf: 5 },
      { type: 'number', minimum: 0.3, maximum: 9.7, multipleOf: 0.1 },
      { type: 'number', exclusiveMinimum: -3, exclusiveMaximum: 3, multipleOf: 0.25 },
      { type: 'integer', minimum: 3, maximum: 17, multipleOf: 1.5 },
    ];
    const errors = ajvOracle();
    for (const schema of schemas) {
      const valid = (value: unknown) => errors(schema, value).length === 0;
      const bounds = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'];
      const unbounded = Object.fromEntries(Object.entries(schema).filter(([k]) => !bounds.includes(k)));
      for (const edge of numberEdges(schema, schema.type === 'integer')) {
        expect(edge.inside, `${JSON.stringify(schema)} ${edge.keyword}`).toBeDefined();
        expect(valid(edge.inside), `${JSON.stringify(schema)} ${edge.keyword} inside ${edge.inside}`).toBe(true);
        expect(valid(edge.outside), `${JSON.stringify(schema)} ${edge.keyword} outside ${edge.outside}`).toBe(false);
        // Only the bound is at fault: past the bound, but a multiple (and an integer) all the same.
        expect(errors(unbounded, edge.outside), `${JSON.stringify(schema)} ${edge.keyword} outside`).toEqual([]);
      }
    }
  });
});
