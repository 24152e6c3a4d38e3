import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invalidFor, validFor, violationsOf } from '../src/index.js';
import type { JsonSchema } from '../src/index.js';
import { ajvOracle, expectViolation, runs, SEED } from './support.js';

const root = {
  $defs: {
    Name: { type: 'string', pattern: '^[A-Za-z0-9_\\-=#;:?@&]+$', minLength: 1, maxLength: 256 },
    Id: { type: 'string', pattern: '^amzn1\\.alexa\\.unit\\.did\\.[A-Z0-9]+$' },
    Money: { type: 'number', minimum: 0, maximum: 9999.99, multipleOf: 0.01 },
  },
};

interface Case {
  name: string;
  schema: JsonSchema;
  /** Every rule the invalid generator must be able to break for this schema. */
  rules: string[];
}

const cases: Case[] = [
  {
    name: 'string with lengths',
    schema: { type: 'string', minLength: 2, maxLength: 5 },
    rules: ['type', 'minLength', 'maxLength'],
  },
  {
    name: 'pattern with lengths ($ref)',
    schema: { $ref: '#/$defs/Name' },
    rules: ['type', 'minLength', 'maxLength', 'pattern'],
  },
  { name: 'pattern with literal prefix', schema: { $ref: '#/$defs/Id' }, rules: ['type', 'pattern'] },
  {
    name: 'pattern fast-check must parse (alternation)',
    schema: { type: 'string', pattern: '^(ab|cd)+x?$', maxLength: 9 },
    rules: ['type', 'pattern', 'maxLength'],
  },
  {
    name: 'pattern with bounded repetition',
    schema: { type: 'string', pattern: '^[0-9]{3}-[A-Z]{2,4}$' },
    rules: ['type', 'pattern'],
  },
  { name: 'format date-time', schema: { type: 'string', format: 'date-time' }, rules: ['type', 'format'] },
  { name: 'format date', schema: { type: 'string', format: 'date' }, rules: ['type', 'format'] },
  { name: 'format uri', schema: { type: 'string', format: 'uri' }, rules: ['type', 'format'] },
  { name: 'format email', schema: { type: 'string', format: 'email' }, rules: ['type', 'format'] },
  { name: 'format uuid', schema: { type: 'string', format: 'uuid' }, rules: ['type', 'format'] },
  { name: 'format time', schema: { type: 'string', format: 'time' }, rules: ['type', 'format'] },
  { name: 'format hostname', schema: { type: 'string', format: 'hostname' }, rules: ['type', 'format'] },
  { name: 'format ipv4', schema: { type: 'string', format: 'ipv4' }, rules: ['type', 'format'] },
  { name: 'format ipv6', schema: { type: 'string', format: 'ipv6' }, rules: ['type', 'format'] },
  {
    name: 'integer format int32 with only a lower bound',
    schema: { type: 'integer', format: 'int32', minimum: 1000 },
    rules: ['type', 'minimum'],
  },
  {
    name: 'negated class and dot',
    schema: { type: 'string', pattern: '^[^/ ]+\\..$', maxLength: 6 },
    rules: ['type', 'pattern', 'maxLength'],
  },
  { name: 'nullable string', schema: { type: ['string', 'null'], maxLength: 3 }, rules: ['type', 'maxLength'] },
  {
    name: 'integer range',
    schema: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
    rules: ['type', 'minimum', 'maximum'],
  },
  {
    name: 'integer exclusive range',
    schema: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 10 },
    rules: ['type', 'exclusiveMinimum', 'exclusiveMaximum'],
  },
  {
    name: 'integer multipleOf',
    schema: { type: 'integer', multipleOf: 5, minimum: -20, maximum: 20 },
    rules: ['type', 'minimum', 'maximum', 'multipleOf'],
  },
  { name: 'number with cents', schema: { $ref: '#/$defs/Money' }, rules: ['type', 'minimum', 'maximum', 'multipleOf'] },
  {
    name: 'number exclusive',
    schema: { type: 'number', exclusiveMinimum: 0, maximum: 9999.99 },
    rules: ['type', 'exclusiveMinimum', 'maximum'],
  },
  { name: 'unbounded number', schema: { type: 'number' }, rules: ['type'] },
  { name: 'boolean', schema: { type: 'boolean' }, rules: ['type'] },
  {
    name: 'string enum',
    schema: { type: 'string', enum: ['SMOKING', 'NONSMOKING', 'SMOKING_AND_NONSMOKING'] },
    rules: ['type', 'enum'],
  },
  { name: 'integer enum', schema: { type: 'integer', enum: [1, 4, 5, 7] }, rules: ['type', 'enum'] },
  { name: 'const', schema: { const: 'Success' }, rules: ['const'] },
  {
    name: 'strict object',
    schema: {
      type: 'object',
      required: ['name', 'roomTypeId'],
      additionalProperties: false,
      properties: {
        name: { $ref: '#/$defs/Name' },
        roomTypeId: { $ref: '#/$defs/Id' },
        note: { type: 'string', maxLength: 4 },
      },
    },
    rules: ['type', 'required', 'additionalProperties', 'minLength', 'maxLength', 'pattern'],
  },
  {
    name: 'open object with a map of extras',
    schema: {
      type: 'object',
      properties: { a: { type: 'integer', minimum: 0 } },
      additionalProperties: { type: 'string', maxLength: 2 },
    },
    rules: ['type', 'minimum', 'maxLength'],
  },
  {
    name: 'array bounds',
    schema: { type: 'array', minItems: 1, maxItems: 3, items: { type: 'integer', minimum: 0, maximum: 9 } },
    rules: ['type', 'minItems', 'maxItems', 'minimum', 'maximum'],
  },
  {
    name: 'unique array',
    schema: {
      type: 'array',
      uniqueItems: true,
      maxItems: 4,
      items: { type: 'string', enum: ['a', 'b', 'c', 'd', 'e'] },
    },
    rules: ['type', 'uniqueItems', 'maxItems', 'enum'],
  },
  {
    name: 'nested arrays of objects',
    schema: {
      type: 'object',
      required: ['beds'],
      properties: {
        beds: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['count'],
            properties: { count: { type: 'integer', minimum: 1, maximum: 255 } },
          },
        },
      },
    },
    rules: ['type', 'required', 'minItems', 'minimum', 'maximum'],
  },
  {
    name: 'prefixItems',
    schema: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false, minItems: 2 },
    rules: ['type', 'minItems'],
  },
  {
    name: 'allOf',
    schema: {
      allOf: [
        { type: 'object', required: ['a'], properties: { a: { type: 'integer', minimum: 0 } } },
        { required: ['b'], properties: { a: { maximum: 9 }, b: { type: 'boolean' } } },
      ],
    },
    rules: ['type', 'required', 'minimum', 'maximum'],
  },
  {
    name: 'allOf with two patterns',
    schema: { allOf: [{ type: 'string', pattern: '^[a-z]+$' }, { pattern: '^.{2,4}$' }] },
    rules: ['type', 'pattern'],
  },
  {
    name: 'anyOf nullable ref',
    schema: { anyOf: [{ $ref: '#/$defs/Name' }, { type: 'null' }] },
    rules: ['type', 'minLength', 'maxLength', 'pattern'],
  },
  {
    name: 'oneOf',
    schema: {
      oneOf: [
        { type: 'integer', minimum: 0, maximum: 10 },
        { type: 'integer', minimum: 5, maximum: 20 },
        { type: 'string', maxLength: 2 },
      ],
    },
    rules: ['type', 'maximum', 'maxLength', 'oneOf'],
  },
  {
    name: 'anyOf with sibling keywords and a contradictory branch',
    schema: { type: 'string', maxLength: 8, anyOf: [{ pattern: '^[a-z]+$' }, { format: 'date' }, { type: 'integer' }] },
    rules: ['type', 'pattern'],
  },
  {
    name: 'not (checked with Ajv)',
    schema: { type: 'integer', minimum: 0, maximum: 20, not: { multipleOf: 2 } },
    rules: ['type', 'minimum', 'maximum'],
  },
  { name: 'no type at all', schema: {}, rules: [] },
];

describe('validFor', () => {
  const validate = ajvOracle(root);
  it.each(cases)('$name: every value validates', ({ schema }) => {
    fc.assert(
      fc.property(validFor(schema, { root }), (value) => {
        expect(validate(schema, value)).toEqual([]);
      }),
      runs(300),
    );
  });
});

describe('invalidFor', () => {
  const validate = ajvOracle(root);
  it.each(cases.filter((c) => c.rules.length > 0))(
    '$name: every value fails for its tagged rule only',
    ({ schema }) => {
      fc.assert(
        fc.property(invalidFor(schema, { root }), (invalid) => {
          expectViolation(validate(schema, invalid.value), invalid);
        }),
        runs(300),
      );
    },
  );

  it.each(cases)('$name: breaks each stated rule', ({ schema, rules }) => {
    const seen = new Set(
      fc
        .sample(rules.length > 0 ? invalidFor(schema, { root }) : fc.constant(undefined), { seed: SEED, numRuns: 400 })
        .map((i) => i?.rule),
    );
    for (const rule of rules) expect(seen, `rule ${rule}`).toContain(rule);
    if (rules.length === 0) expect(violationsOf(schema, { root })).toEqual([]);
  });
});

describe('serialized values (parameters)', () => {
  const validate = ajvOracle();
  it('type violations of non-string parameters are texts that do not parse, never other JSON types', () => {
    const schema = { type: 'integer', minimum: 1, maximum: 50 };
    const types = fc
      .sample(invalidFor(schema, { serialized: true }), { seed: SEED, numRuns: 300 })
      .filter((i) => i.rule === 'type');
    expect(types.length).toBeGreaterThan(0);
    for (const t of types) {
      expect(['string', 'number']).toContain(typeof t.value);
      expect(Number.isInteger(Number(t.value))).toBe(false);
      expect(validate(schema, t.value)).not.toEqual([]);
    }
  });

  it('a string parameter has no type violation: on the wire everything is a string', () => {
    const rules = fc
      .sample(invalidFor({ type: 'string', maxLength: 3 }, { serialized: true }), { seed: SEED, numRuns: 100 })
      .map((i) => i.rule);
    expect(new Set(rules)).toEqual(new Set(['maxLength']));
  });
});

describe('overrides', () => {
  const schema = {
    type: 'object',
    required: ['name', 'propertyId'],
    properties: { name: { type: 'string' }, propertyId: { $ref: '#/$defs/Id' }, other: { $ref: '#/$defs/Id' } },
  };
  it('replace a value by instance path and by $ref', () => {
    const byPath = fc.sample(validFor(schema, { root, overrides: { '/name': fc.constant('fixed') } }), {
      seed: SEED,
      numRuns: 20,
    });
    expect(byPath.every((v) => (v as { name: string }).name === 'fixed')).toBe(true);
    const byRef = fc.sample(
      validFor(schema, { root, overrides: { '#/$defs/Id': fc.constant('amzn1.alexa.unit.did.X') } }),
      { seed: SEED, numRuns: 20 },
    );
    expect(byRef.every((v) => (v as { propertyId: string }).propertyId === 'amzn1.alexa.unit.did.X')).toBe(true);
  });

  it('keep the overridden value in invalid variants of other fields, and still break the overridden field itself', () => {
    const samples = fc.sample(
      invalidFor(schema, { root, overrides: { '/propertyId': fc.constant('amzn1.alexa.unit.did.REAL') } }),
      { seed: SEED, numRuns: 200 },
    );
    const elsewhere = samples.filter((i) => i.path === '/name');
    expect(elsewhere.length).toBeGreaterThan(0);
    for (const i of elsewhere) expect((i.value as { propertyId: string }).propertyId).toBe('amzn1.alexa.unit.did.REAL');
    expect(samples.some((i) => i.path === '/propertyId' && i.rule === 'pattern')).toBe(true);
  });
});

describe('errors a user can meet', () => {
  it('names the unresolvable $ref', () => {
    expect(() => validFor({ $ref: '#/components/schemas/Missing' }, { root })).toThrow(/Missing|components/);
  });
  it('refuses recursive schemas with the ref in the message', () => {
    const recursive = {
      $defs: { Node: { type: 'object', properties: { next: { $ref: '#/$defs/Node' } }, required: ['next'] } },
    };
    expect(() => validFor({ $ref: '#/$defs/Node' }, { root: recursive })).toThrow(/#\/\$defs\/Node/);
  });
  it('fails fast, naming the place, when keywords contradict each other instead of filtering forever', () => {
    const schema = { type: 'object', properties: { day: { type: 'string', format: 'date', maxLength: 8 } } };
    expect(() => validFor(schema)).toThrow(/\/day.*contradict/);
  });
  it('names an unsatisfiable length range', () => {
    expect(() => validFor({ type: 'string', pattern: '^[a-z]{2}$', minLength: 5 })).toThrow(/length 5\.\.Infinity/);
  });
});
