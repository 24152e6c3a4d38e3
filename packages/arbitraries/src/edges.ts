import fc from 'fast-check';

function edgesOf(min: number, max: number): number[] {
  return [...new Set([min, max, min + 1, max - 1])].filter((n) => n >= min && n <= max);
}

/**
 * An integer in [min, max] that lands on the boundaries (and next to them) far more often than a
 * uniform draw would: off-by-one faults live there (lengths 1 and 256, maxResults 1 and 50).
 * Cross-shrinking lets a boundary value still shrink through the plain range.
 */
export function edgeBiasedInteger(min: number, max: number): fc.Arbitrary<number> {
  if (min > max) throw new RangeError(`Empty range [${min}, ${max}]`);
  if (min === max) return fc.constant(min);
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 3, arbitrary: fc.integer({ min, max }) },
    { weight: 2, arbitrary: fc.constantFrom(...edgesOf(min, max)) },
  );
}

/**
 * Sized values (strings, arrays) whose size lands on the boundaries about 40% of the time, built
 * without `chain` so that a failing value shrinks to fewer elements, not only to simpler ones.
 */
export function edgeBiasedSize<T>(
  min: number,
  max: number,
  ofSize: (n: number) => fc.Arbitrary<T>,
  inRange: fc.Arbitrary<T>,
): fc.Arbitrary<T> {
  if (min > max) throw new RangeError(`Empty range [${min}, ${max}]`);
  if (min === max) return ofSize(min);
  const edges = edgesOf(min, max);
  return fc.oneof(
    { withCrossShrink: true },
    { weight: Math.round(1.5 * edges.length), arbitrary: inRange },
    ...edges.map((n) => ({ weight: 1, arbitrary: ofSize(n) })),
  );
}

/** Uniform choice that does not lean towards the first options (fc.constantFrom does, under bias). */
export function uniformFrom<T>(options: readonly T[]): fc.Arbitrary<T> {
  if (options.length === 0) throw new RangeError('No options to choose from');
  return fc.noBias(fc.integer({ min: 0, max: options.length - 1 })).map((i) => options[i] as T);
}
