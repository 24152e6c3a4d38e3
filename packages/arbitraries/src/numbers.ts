import fc from 'fast-check';
import { edgeBiasedInteger } from './edges.js';
import { sieve, sieveOrThrow } from './sieve.js';
import type { Context, SchemaObject } from './schema.js';
import type { Invalid } from './violation.js';

/** One side of the admitted range, with the keyword that sets it (for tagging violations). */
interface Bound {
  value: number;
  exclusive: boolean;
  keyword: 'minimum' | 'exclusiveMinimum' | 'maximum' | 'exclusiveMaximum';
}

// Unbounded integers stay within 32 bits on purpose: servers commonly parse into int32, and the
// spec saying nothing is not a promise that 2^53 round-trips.
const INT_SPAN = 2 ** 31;

function lowerBound(schema: SchemaObject): Bound | undefined {
  const { minimum, exclusiveMinimum } = schema;
  if (exclusiveMinimum !== undefined && (minimum === undefined || exclusiveMinimum >= minimum)) {
    return { value: exclusiveMinimum, exclusive: true, keyword: 'exclusiveMinimum' };
  }
  return minimum === undefined ? undefined : { value: minimum, exclusive: false, keyword: 'minimum' };
}

function upperBound(schema: SchemaObject): Bound | undefined {
  const { maximum, exclusiveMaximum } = schema;
  if (exclusiveMaximum !== undefined && (maximum === undefined || exclusiveMaximum <= maximum)) {
    return { value: exclusiveMaximum, exclusive: true, keyword: 'exclusiveMaximum' };
  }
  return maximum === undefined ? undefined : { value: maximum, exclusive: false, keyword: 'maximum' };
}

function decimalsOf(step: number): number {
  const [mantissa, exponent] = step.toExponential().split('e');
  const fraction = mantissa!.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

/**
 * `multipleOf` with a fractional step: k * step rounded to the step's decimals, and only where
 * `value / step` is an integer in floating point too (0.29 / 0.01 is not), because that is the
 * test validators such as Ajv apply: a value they reject would be a false alarm.
 */
function multipleAt(k: number, step: number): number | undefined {
  const value = Number((k * step).toFixed(Math.min(100, decimalsOf(step))));
  return Number.isInteger(value / step) ? value : undefined;
}

/** Scales of the admitted multiples: k in [kLo, kHi] gives k * step within the bounds. */
function multipleRange(schema: SchemaObject, step: number): { kLo: number; kHi: number } {
  const lo = lowerBound(schema);
  const hi = upperBound(schema);
  const span = Math.floor(INT_SPAN / Math.max(step, 1));
  let kLo = lo ? Math.ceil(lo.value / step - 1e-9) : -span;
  let kHi = hi ? Math.floor(hi.value / step + 1e-9) : span;
  if (lo && !hi) kHi = kLo + span;
  if (hi && !lo) kLo = kHi - span;
  if (lo && (kLo * step < lo.value || (lo.exclusive && Math.abs(kLo * step - lo.value) < step / 2))) kLo++;
  if (hi && (kHi * step > hi.value || (hi.exclusive && Math.abs(kHi * step - hi.value) < step / 2))) kHi--;
  return { kLo, kHi };
}

function multipleNear(k: number, step: number, kLo: number, kHi: number, integer: boolean): number | undefined {
  // Walk outwards from k: the edges stay (near) the edges.
  for (let d = 0; d < 64; d++) {
    for (const candidate of d === 0 ? [k] : [k + d, k - d]) {
      if (candidate < kLo || candidate > kHi) continue;
      const value = multipleAt(candidate, step);
      if (value !== undefined && (!integer || Number.isInteger(value))) return value;
    }
  }
  return undefined;
}

function integerRange(schema: SchemaObject): { lo: number; hi: number } {
  const lo = lowerBound(schema);
  const hi = upperBound(schema);
  let min = lo ? (lo.exclusive ? Math.floor(lo.value) + 1 : Math.ceil(lo.value)) : undefined;
  let max = hi ? (hi.exclusive ? Math.ceil(hi.value) - 1 : Math.floor(hi.value)) : undefined;
  if (min === undefined && max === undefined) [min, max] = [-INT_SPAN, INT_SPAN - 1];
  else if (min === undefined) min = max! - INT_SPAN;
  else if (max === undefined) max = min + INT_SPAN;
  // OpenAPI's integer formats are ranges that validators (ajv-formats) enforce.
  const limit =
    schema.format === 'int32' ? INT_SPAN : schema.format === 'int64' ? Number.MAX_SAFE_INTEGER + 1 : Infinity;
  return { lo: Math.max(min, -limit), hi: Math.min(max!, limit - 1) };
}

export function validNumber(schema: SchemaObject, integer: boolean, ctx: Context): fc.Arbitrary<number> {
  const step = schema.multipleOf;
  const empty = () =>
    new Error(
      `No ${integer ? 'integer' : 'number'} satisfies the bounds and multipleOf of the schema at ${ctx.path || '(root)'}.`,
    );
  if (step !== undefined && !(integer && Number.isInteger(step) && step === 1)) {
    const { kLo, kHi } = multipleRange(schema, step);
    if (kLo > kHi) throw empty();
    const near = edgeBiasedInteger(kLo, kHi).map((k) => multipleNear(k, step, kLo, kHi, integer));
    return sieveOrThrow(near, (v) => v !== undefined, ctx.path) as fc.Arbitrary<number>;
  }
  if (integer) {
    const { lo, hi } = integerRange(schema);
    if (lo > hi) throw empty();
    return edgeBiasedInteger(lo, hi);
  }
  const lo = lowerBound(schema);
  const hi = upperBound(schema);
  const double = fc
    .double({
      min: lo?.value ?? -INT_SPAN,
      max: hi?.value ?? INT_SPAN,
      minExcluded: lo?.exclusive ?? false,
      maxExcluded: hi?.exclusive ?? false,
      noNaN: true,
      noDefaultInfinity: true,
    })
    .map((v) => (Object.is(v, -0) ? 0 : v));
  const edges = [lo && !lo.exclusive ? lo.value : undefined, hi && !hi.exclusive ? hi.value : undefined].filter(
    (v): v is number => v !== undefined,
  );
  return edges.length === 0
    ? double
    : fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...edges) }, { weight: 3, arbitrary: double });
}

export function numberViolations(schema: SchemaObject, integer: boolean, ctx: Context): fc.Arbitrary<Invalid>[] {
  const at =
    (rule: string) =>
    (value: number): Invalid => ({ value, rule, path: ctx.path });
  const out: fc.Arbitrary<Invalid>[] = [];
  const step = schema.multipleOf;
  const lo = lowerBound(schema);
  const hi = upperBound(schema);
  // Outside the range, but still a multiple (and an integer where required): only the bound is at fault.
  const admissible = (v: number) =>
    (!integer || Number.isInteger(v)) && (step === undefined || Number.isInteger(v / step));
  const unit = step ?? (integer ? 1 : undefined);
  if (lo) {
    const below = (distance: number): number | undefined => {
      if (unit === undefined) return lo.exclusive && distance === 0 ? lo.value : lo.value - Math.max(distance, 0.5);
      const k = Math.ceil(lo.value / unit - 1e-9) - (lo.exclusive && distance === 0 ? 0 : Math.max(distance, 1));
      const v = step === undefined ? k : multipleAt(k, step);
      return v !== undefined && v <= lo.value && (v < lo.value || lo.exclusive) ? v : undefined;
    };
    const past = outside(below, admissible);
    if (past) out.push(past.map(at(lo.keyword)));
  }
  if (hi) {
    const above = (distance: number): number | undefined => {
      if (unit === undefined) return hi.exclusive && distance === 0 ? hi.value : hi.value + Math.max(distance, 0.5);
      const k = Math.floor(hi.value / unit + 1e-9) + (hi.exclusive && distance === 0 ? 0 : Math.max(distance, 1));
      const v = step === undefined ? k : multipleAt(k, step);
      return v !== undefined && v >= hi.value && (v > hi.value || hi.exclusive) ? v : undefined;
    };
    const past = outside(above, admissible);
    if (past) out.push(past.map(at(hi.keyword)));
  }
  if (step !== undefined && !(integer && step <= 1)) {
    const offset = integer ? 1 : step / 2;
    const inside = validNumber({ ...schema, multipleOf: step }, integer, ctx);
    const attempt = inside.map((v) =>
      [v + offset, v - offset].find((w) => withinBounds(w, lo, hi) && !Number.isInteger(w / step)),
    );
    // A range holding a single multiple and nothing else admits no such value.
    if (fc.sample(attempt, { numRuns: 20, seed: 1 }).some((v) => v !== undefined)) {
      out.push(attempt.filter((v): v is number => v !== undefined).map(at('multipleOf')));
    }
  }
  return out;
}

/** Just past the bound (distance 0 or 1) most of the time, sometimes far past it. */
function outside(
  past: (distance: number) => number | undefined,
  admissible: (v: number) => boolean,
): fc.Arbitrary<number> | undefined {
  const candidates = fc
    .oneof({ weight: 3, arbitrary: fc.constantFrom(0, 1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 1000 }) })
    .map((distance) => past(distance) ?? past(1));
  return sieve(candidates, (v): v is number => v !== undefined && Number.isFinite(v) && admissible(v));
}

function withinBounds(v: number, lo: Bound | undefined, hi: Bound | undefined): boolean {
  const aboveLo = !lo || (lo.exclusive ? v > lo.value : v >= lo.value);
  const belowHi = !hi || (hi.exclusive ? v < hi.value : v <= hi.value);
  return aboveLo && belowHi;
}

/** One documented bound of a number, with the admitted value nearest it and the nearest value past it. */
export interface NumberEdge {
  keyword: Bound['keyword'];
  bound: number;
  /** The admitted value nearest the bound (the bound itself unless it is exclusive or not a multiple). */
  inside: number | undefined;
  /** The value nearest the bound that breaks it and nothing else (a multiple, an integer where required). */
  outside: number | undefined;
}

/** Without `multipleOf`, a number's values are this far apart at a bound (as a cent would be). */
const FREE_STEP = 0.01;

/**
 * The edges of a number schema's range, for tests that probe exactly there: for each bound, the
 * admitted value nearest it and the nearest value past it that is still a multiple of
 * `multipleOf` (and an integer for an integer), so that only the bound is at fault. A number
 * without `multipleOf` steps by 0.01.
 */
export function numberEdges(schema: SchemaObject, integer: boolean): NumberEdge[] {
  const step = schema.multipleOf;
  const unit = step ?? (integer ? 1 : undefined);
  const lo = lowerBound(schema);
  const hi = upperBound(schema);
  const admitted = (v: number) => withinBounds(v, lo, hi);
  const valueAt = (k: number): number | undefined => {
    const v = unit === undefined ? Math.round(k * FREE_STEP * 100) / 100 : multipleAt(k, unit);
    return v !== undefined && (!integer || Number.isInteger(v)) ? v : undefined;
  };
  const scale = unit ?? FREE_STEP;
  /** From k, walk `direction` to the first multiple that `wanted` accepts. */
  const walk = (k: number, direction: 1 | -1, wanted: (v: number) => boolean): number | undefined => {
    for (let d = 0; d < 64; d++) {
      const v = valueAt(k + direction * d);
      if (v !== undefined && wanted(v)) return v;
    }
    return undefined;
  };
  const edges: NumberEdge[] = [];
  for (const [bound, direction] of [
    [lo, 1],
    [hi, -1],
  ] as const) {
    if (bound === undefined) continue;
    // The multiple just past the bound, on the outer side; from there inwards to the first admitted one.
    const k = direction === 1 ? Math.ceil(bound.value / scale - 1e-9) - 1 : Math.floor(bound.value / scale + 1e-9) + 1;
    const inside = walk(k, direction, admitted);
    const beyond = (v: number) => !withinBounds(v, direction === 1 ? lo : undefined, direction === 1 ? undefined : hi);
    const outside = walk(k + direction, -direction as 1 | -1, beyond);
    edges.push({ keyword: bound.keyword, bound: bound.value, inside, outside });
  }
  return edges;
}
