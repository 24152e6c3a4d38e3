import fc from 'fast-check';
import { edgeBiasedInteger, uniformFrom } from './edges.js';
import { numberViolations } from './numbers.js';
import {
  childContext,
  createContext,
  impliedTypes,
  jsonTypeOf,
  resolve,
  sameJson,
  stableStringify,
  unsupportedKeywords,
} from './schema.js';
import type { ArbitraryOptions, Context, JsonSchema, JsonType, SchemaObject } from './schema.js';
import { sieve } from './sieve.js';
import { stringViolations } from './strings.js';
import { arrayOfLength, arrayShape, valid, validObject } from './valid.js';
import { validates } from './validator.js';
import type { Invalid } from './violation.js';

/**
 * Values that break exactly one constraint of `schema`, each tagged with the keyword it breaks and
 * where. Everything else in the value (sibling properties, other array items) stays valid.
 */
export function invalidFor(schema: JsonSchema, options: ArbitraryOptions = {}): fc.Arbitrary<Invalid> {
  const ctx = createContext(schema, options);
  const all = violations(schema, ctx);
  if (all.length === 0) {
    throw new Error(
      'The schema admits every value this module can think of: there is no invalid value to generate. Check with violationsOf(...).length first.',
    );
  }
  return fc.oneof(...all);
}

/** Each way the schema can be broken, as its own arbitrary (empty when nothing can be broken). */
export function violationsOf(schema: JsonSchema, options: ArbitraryOptions = {}): fc.Arbitrary<Invalid>[] {
  return violations(schema, createContext(schema, options));
}

export function violations(schema: JsonSchema, ctx: Context): fc.Arbitrary<Invalid>[] {
  if (schema === true) return [];
  if (schema === false) return [fc.constant({ value: null, rule: 'false', path: ctx.path })];
  // An override says which valid value to send here; the schema still says what is invalid.
  const resolved = resolve(schema, ctx, false);
  const { schema: s, ctx: here } = resolved;
  const branches = s.anyOf ?? s.oneOf;
  const out: fc.Arbitrary<Invalid>[] = [
    ...typeViolations(s.type === undefined && branches ? { type: branchTypes(branches, here) } : s, here),
  ];
  if (branches !== undefined) {
    // A branch's violation counts only if no other branch accepts the value either.
    const accepts = branches.map((b) => validates(b, here.root));
    for (const branch of branches) {
      for (const v of violations(branch, here)) {
        const kept = sieve(v, (inv) => !accepts.some((ok) => ok(inv.value)));
        if (kept) out.push(kept);
      }
    }
    if (s.oneOf !== undefined) {
      // Valid for two branches at once breaks "exactly one".
      const ambiguous = sieve(
        fc.oneof(...s.oneOf.map((b) => valid(b, here))),
        (v) => accepts.filter((ok) => ok(v)).length > 1,
      );
      if (ambiguous) out.push(ambiguous.map((value) => ({ value, rule: 'oneOf', path: here.path })));
    }
  } else if ('const' in s) {
    const other = differentValues([s.const], here);
    if (other.length > 0) out.push(uniformFrom(other).map((value) => ({ value, rule: 'const', path: here.path })));
  } else if (s.enum !== undefined) {
    const types = impliedTypes(s);
    const other = differentValues(s.enum, here).filter((v) => types.length === 0 || admitsType(types, v));
    if (other.length > 0) out.push(uniformFrom(other).map((value) => ({ value, rule: 'enum', path: here.path })));
  } else {
    for (const type of impliedTypes(s)) {
      if (type === 'string') out.push(...stringViolations(s, here));
      if (type === 'integer' || type === 'number') out.push(...numberViolations(s, type === 'integer', here));
      if (type === 'object') out.push(...objectViolations(s, here));
      if (type === 'array') out.push(...arrayViolations(s, here));
    }
  }
  if (resolved.unfolded !== undefined || unsupportedKeywords(s).length > 0) {
    // Keywords generation does not model might happen to accept the mutated value: check it is invalid.
    const accepted = validates(resolved.unfolded ?? s, here.root);
    return out.flatMap((v) => sieve(v, (inv) => !accepted(inv.value)) ?? []);
  }
  return out;
}

/** The types the branches of an anyOf/oneOf admit together (none when a branch leaves the type open). */
function branchTypes(branches: JsonSchema[], ctx: Context): JsonType[] {
  const perBranch = branches.map((b) => impliedTypes(resolve(b, ctx, false).schema));
  return perBranch.some((types) => types.length === 0) ? [] : [...new Set(perBranch.flat())];
}

function admitsType(types: readonly JsonType[], value: unknown): boolean {
  const actual = jsonTypeOf(value);
  return types.includes(actual) || (actual === 'integer' && types.includes('number'));
}

// One representative of each JSON type: a wrong-type value is the simplest invalid input there is.
const WRONG_TYPES: readonly unknown[] = ['abc', '1', 1.5, 7, true, null, {}, []];
// As text (query, path, header), every value is a string: wrong "types" are texts that do not parse.
const WRONG_TEXTS: Partial<Record<JsonType, readonly string[]>> = {
  integer: ['abc', '1.5', 'x1'],
  number: ['abc', 'x1', '1,5'],
  boolean: ['abc', 'yes', '2'],
};

function typeViolations(s: SchemaObject, ctx: Context): fc.Arbitrary<Invalid>[] {
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  if (types.length === 0) return [];
  let candidates: readonly unknown[];
  if (ctx.serialized) {
    if (types.includes('string')) return [];
    candidates = [...new Set(types.flatMap((t) => WRONG_TEXTS[t] ?? []))];
    if (!types.includes('number') && types.includes('integer')) candidates = [...candidates, 1.5];
  } else {
    candidates = WRONG_TYPES.filter((v) => !admitsType(types, v));
  }
  return candidates.length === 0
    ? []
    : [uniformFrom(candidates).map((value) => ({ value, rule: 'type', path: ctx.path }))];
}

/** Values of the same JSON type as the given ones, close to them, and equal to none of them. */
function differentValues(values: readonly unknown[], ctx: Context): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if (typeof v === 'string') out.push(v.toLowerCase(), v.toUpperCase(), `${v}_X`, '', 'UNKNOWN');
    else if (typeof v === 'number') out.push(v + 1, v - 1);
    else if (typeof v === 'boolean') out.push(!v);
  }
  // As text, an empty value reads as an absent one.
  return [...new Set(out)].filter((c) => !values.some((v) => sameJson(v, c)) && !(ctx.serialized && c === ''));
}

const UNEXPECTED_KEYS = ['unexpected', 'extraField', 'x-unknown', 'Id'];

function objectViolations(s: SchemaObject, ctx: Context): fc.Arbitrary<Invalid>[] {
  const properties = s.properties ?? {};
  const base = validObject(s, ctx);
  const out: fc.Arbitrary<Invalid>[] = [];
  for (const name of s.required ?? []) {
    out.push(
      base.map((o) => {
        const { [name]: _removed, ...rest } = o;
        return { value: rest, rule: 'required', path: childContext(ctx, name).path };
      }),
    );
  }
  if (s.additionalProperties === false) {
    const keys = UNEXPECTED_KEYS.filter((k) => !(k in properties));
    if (keys.length > 0) {
      out.push(
        fc.tuple(base, uniformFrom(keys), fc.constantFrom<unknown>('x', 1, true)).map(([o, key, value]) => ({
          value: { ...o, [key]: value },
          rule: 'additionalProperties',
          path: childContext(ctx, key).path,
        })),
      );
    }
  }
  const nested: [string, JsonSchema][] = Object.entries(properties);
  const extra = s.additionalProperties;
  const extraKey = UNEXPECTED_KEYS.find((k) => !(k in properties));
  if (extra !== undefined && typeof extra !== 'boolean' && extraKey !== undefined) nested.push([extraKey, extra]);
  for (const [name, sub] of nested) {
    for (const violation of violations(sub, childContext(ctx, name))) {
      out.push(fc.tuple(base, violation).map(([o, inv]) => ({ ...inv, value: { ...o, [name]: inv.value } })));
    }
  }
  return out;
}

function arrayViolations(s: SchemaObject, ctx: Context): fc.Arbitrary<Invalid>[] {
  const shape = arrayShape(s, ctx);
  const out: fc.Arbitrary<Invalid>[] = [];
  const tag =
    (rule: string) =>
    (value: unknown[]): Invalid => ({ value, rule, path: ctx.path });
  if (shape.minItems > 0) {
    out.push(
      edgeBiasedInteger(0, shape.minItems - 1)
        .chain((n) => arrayOfLength(shape, n))
        .map(tag('minItems')),
    );
  }
  if (s.maxItems !== undefined && shape.maxItems === s.maxItems) {
    const n = s.maxItems + 1;
    const long = shape.unique
      ? arrayOfLength({ ...shape, unique: false }, n).filter(distinct)
      : arrayOfLength(shape, n);
    if (
      !shape.unique ||
      fc.sample(arrayOfLength({ ...shape, unique: false }, n), { numRuns: 20, seed: 1 }).some(distinct)
    ) {
      out.push(long.map(tag('maxItems')));
    }
  }
  if (shape.unique && shape.maxItems >= 2) {
    const lo = Math.max(1, shape.minItems - 1);
    out.push(
      edgeBiasedInteger(lo, shape.maxItems - 1)
        .chain((n) => fc.tuple(arrayOfLength(shape, n), fc.nat({ max: n - 1 })))
        .map(([a, i]) => [...a, a[i]])
        .map(tag('uniqueItems')),
    );
  }
  // One bad element at a random index, the others valid.
  const itemPath = (i: number) => childContext(ctx, i).path;
  const positions = shape.prefix.map((schema, i) => ({ schema, fixed: i as number | undefined }));
  if (shape.items !== false && shape.maxItems > shape.prefix.length)
    positions.push({ schema: shape.items, fixed: undefined });
  for (const { schema, fixed } of positions) {
    const placeholder = childContext(ctx, fixed ?? 0);
    const lo = Math.max(shape.minItems, (fixed ?? shape.prefix.length) + 1);
    if (lo > shape.maxItems) continue;
    for (const violation of violations(schema, placeholder)) {
      out.push(
        edgeBiasedInteger(lo, shape.maxItems)
          .chain((n) =>
            fc.tuple(
              arrayOfLength(shape, n),
              fixed === undefined ? fc.integer({ min: shape.prefix.length, max: n - 1 }) : fc.constant(fixed),
              violation,
            ),
          )
          .map(([a, i, inv]) => {
            const value = [...a];
            value[i] = inv.value;
            return { value, rule: inv.rule, path: itemPath(i) + inv.path.slice(placeholder.path.length) };
          }),
      );
    }
  }
  return out;
}

function distinct(a: unknown[]): boolean {
  return new Set(a.map(stableStringify)).size === a.length;
}
