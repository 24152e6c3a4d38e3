import fc from 'fast-check';
import { edgeBiasedSize, uniformFrom } from './edges.js';
import { validNumber } from './numbers.js';
import { sieveOrThrow } from './sieve.js';
import {
  asObject,
  childContext,
  createContext,
  impliedTypes,
  resolve,
  stableStringify,
  unsupportedKeywords,
} from './schema.js';
import type { ArbitraryOptions, Context, JsonSchema, JsonType, SchemaObject } from './schema.js';
import { validString } from './strings.js';
import { validates } from './validator.js';

/** Values that validate against `schema` (JSON Schema 2020-12; `$ref`s resolve against `options.root`). */
export function validFor(schema: JsonSchema, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  return valid(schema, createContext(schema, options));
}

export function valid(schema: JsonSchema, ctx: Context): fc.Arbitrary<unknown> {
  if (schema === false) throw new Error(`The schema at ${ctx.path || '(root)'} is false: no value validates.`);
  const resolved = resolve(schema, ctx);
  if (resolved.override) return resolved.override;
  const { schema: s, ctx: here } = resolved;
  let arbitrary = validResolved(s, here);
  // What generation cannot promise by construction is checked with Ajv, against the schema as written.
  const checks = [
    resolved.unfolded,
    s.oneOf !== undefined || s.anyOf !== undefined || unsupportedKeywords(s).length > 0 ? s : undefined,
  ].filter((x): x is SchemaObject => x !== undefined);
  if (checks.length > 0) {
    const predicates = checks.map((c) => validates(c, here.root));
    arbitrary = sieveOrThrow(arbitrary, (v) => predicates.every((p) => p(v)), here.path);
  }
  return arbitrary;
}

function validResolved(s: SchemaObject, ctx: Context): fc.Arbitrary<unknown> {
  if ('const' in s) return fc.constant(s.const);
  if (s.enum !== undefined) {
    const { enum: members, ...rest } = s;
    const admitted = validates(rest, ctx.root);
    const usable = members.filter((m) => admitted(m));
    if (usable.length === 0)
      throw new Error(`No member of the enum at ${ctx.path || '(root)'} satisfies the schema's other keywords.`);
    return uniformFrom(usable);
  }
  const branches = s.anyOf ?? s.oneOf;
  let arbitrary: fc.Arbitrary<unknown>;
  if (branches !== undefined) {
    const { anyOf: _a, oneOf: _o, ...siblings } = s;
    const hasSiblings = Object.keys(siblings).length > 0;
    // A branch that contradicts its siblings (another type) admits nothing: leave it out.
    const possible = branches.flatMap((b) => {
      try {
        return [valid(hasSiblings ? { allOf: [siblings, b] } : b, ctx)];
      } catch {
        return [];
      }
    });
    if (possible.length === 0)
      throw new Error(`No branch of the ${s.anyOf ? 'anyOf' : 'oneOf'} at ${ctx.path || '(root)'} admits a value.`);
    arbitrary = fc.oneof(...possible);
  } else {
    arbitrary = byType(s, ctx);
  }
  if (s.default !== undefined && validates(s, ctx.root)(s.default)) {
    // The default is what a server applies when the value is absent: worth sending explicitly.
    return fc.oneof({ weight: 1, arbitrary: fc.constant(s.default) }, { weight: 4, arbitrary });
  }
  return arbitrary;
}

function byType(s: SchemaObject, ctx: Context): fc.Arbitrary<unknown> {
  if (Array.isArray(s.type) && s.type.length === 0)
    throw new Error(`No type is left at ${ctx.path || '(root)'} (allOf of disjoint types).`);
  let types = impliedTypes(s);
  if (types.length === 0) return anyJson();
  if (types.includes('number')) types = types.filter((t) => t !== 'integer');
  const arbitraries = types.map((t) => ofType(t, s, ctx));
  return arbitraries.length === 1 ? arbitraries[0]! : fc.oneof(...arbitraries);
}

function ofType(type: JsonType, s: SchemaObject, ctx: Context): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return validString(s, ctx);
    case 'integer':
      return validNumber(s, true, ctx);
    case 'number':
      return validNumber(s, false, ctx);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'object':
      return validObject(s, ctx);
    case 'array':
      return validArray(s, ctx);
  }
}

/** Small JSON values of any type, for schemas that do not constrain the type. */
function anyJson(): fc.Arbitrary<unknown> {
  // The round trip turns -0 into 0, as it will be on the wire.
  return fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
}

/**
 * Declared properties only (required ones always, optional ones sometimes). Undeclared properties are
 * added only when `additionalProperties` is a schema: `true` or absent permits them but does not ask for them.
 */
export function validObject(s: SchemaObject, ctx: Context): fc.Arbitrary<Record<string, unknown>> {
  const properties = s.properties ?? {};
  const required = s.required ?? [];
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, sub] of Object.entries(properties)) {
    if (sub === false) continue;
    model[name] = valid(sub, childContext(ctx, name));
  }
  const extra = s.additionalProperties;
  for (const name of required) {
    model[name] ??= valid(extra ?? true, childContext(ctx, name));
  }
  let arbitrary: fc.Arbitrary<Record<string, unknown>> = fc.record(model, {
    requiredKeys: required,
    noNullPrototype: true,
  });
  if (extra !== undefined && typeof extra !== 'boolean') {
    const key = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in properties));
    const more = fc.dictionary(key, valid(extra, childContext(ctx, '*')), { maxKeys: 3, noNullPrototype: true });
    arbitrary = fc.tuple(arbitrary, more).map(([declared, others]) => ({ ...others, ...declared }));
  }
  const { minProperties, maxProperties } = s;
  if (minProperties !== undefined || maxProperties !== undefined) {
    arbitrary = sieveOrThrow(
      arbitrary,
      (o) => {
        const n = Object.keys(o).length;
        return n >= (minProperties ?? 0) && n <= (maxProperties ?? Infinity);
      },
      ctx.path,
    );
  }
  return arbitrary;
}

/** Generators for each index of an array schema, and the length range to draw from. */
export interface ArrayShape {
  element: (index: number) => fc.Arbitrary<unknown>;
  items: JsonSchema;
  prefix: JsonSchema[];
  minItems: number;
  maxItems: number;
  unique: boolean;
}

export function arrayShape(s: SchemaObject, ctx: Context): ArrayShape {
  const prefix = s.prefixItems ?? [];
  const items = s.items ?? true;
  const minItems = s.minItems ?? 0;
  let maxItems = s.maxItems ?? Math.max(minItems, prefix.length) + ctx.maxItems;
  if (items === false) maxItems = Math.min(maxItems, prefix.length);
  const unique = s.uniqueItems === true;
  if (unique) maxItems = Math.min(maxItems, Math.max(minItems, domainSize(items, ctx)));
  if (minItems > maxItems) throw new Error(`No array satisfies minItems ${minItems} at ${ctx.path || '(root)'}.`);
  // Items past the prefix share one generator; overrides address them with `*` for the index.
  const cache = new Map<number, fc.Arbitrary<unknown>>();
  const element = (index: number) => {
    const key = index < prefix.length ? index : -1;
    let arbitrary = cache.get(key);
    if (!arbitrary) {
      arbitrary = key >= 0 ? valid(prefix[key]!, childContext(ctx, key)) : valid(items, childContext(ctx, '*'));
      cache.set(key, arbitrary);
    }
    return arbitrary;
  };
  return { element, items, prefix, minItems, maxItems, unique };
}

/** Arrays of exactly `length` valid elements (distinct when the shape asks for unique items). */
export function arrayOfLength(shape: ArrayShape, length: number): fc.Arbitrary<unknown[]> {
  if (shape.unique && shape.prefix.length === 0) {
    return fc.uniqueArray(shape.element(0), { minLength: length, maxLength: length, selector: stableStringify });
  }
  const tuple = fc.tuple(...Array.from({ length }, (_, i) => shape.element(i)));
  return shape.unique ? tuple.filter((a) => new Set(a.map(stableStringify)).size === a.length) : tuple;
}

function arrayInRange(shape: ArrayShape): fc.Arbitrary<unknown[]> {
  const { minItems: minLength, maxItems: maxLength } = shape;
  if (shape.prefix.length > 0) {
    return fc.integer({ min: minLength, max: maxLength }).chain((n) => arrayOfLength(shape, n));
  }
  return shape.unique
    ? fc.uniqueArray(shape.element(0), { minLength, maxLength, selector: stableStringify })
    : fc.array(shape.element(0), { minLength, maxLength });
}

export function validArray(s: SchemaObject, ctx: Context): fc.Arbitrary<unknown[]> {
  const shape = arrayShape(s, ctx);
  return edgeBiasedSize(shape.minItems, shape.maxItems, (n) => arrayOfLength(shape, n), arrayInRange(shape));
}

/** How many distinct values a schema admits, when that is small enough to matter for uniqueItems. */
function domainSize(schema: JsonSchema, ctx: Context): number {
  const s = resolve(asObject(schema), ctx).schema;
  if ('const' in s) return 1;
  if (s.enum !== undefined) return s.enum.length;
  const types = impliedTypes(s);
  if (types.length === 1 && types[0] === 'boolean') return 2;
  if (types.length === 1 && types[0] === 'null') return 1;
  if (types.length === 1 && types[0] === 'integer' && s.minimum !== undefined && s.maximum !== undefined) {
    return Math.max(0, Math.floor(s.maximum) - Math.ceil(s.minimum) + 1);
  }
  return Infinity;
}
