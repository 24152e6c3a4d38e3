import fc from 'fast-check';

/**
 * An integer in [min, max] that lands on the boundaries (and next to them) far more often than a
 * uniform draw would: off-by-one faults live there (lengths 1 and 256, maxResults 1 and 50).
 */
export function edgeBiasedInteger(min: number, max: number): fc.Arbitrary<number> {
  if (min > max) throw new RangeError(`Empty range [${min}, ${max}]`);
  if (min === max) return fc.constant(min);
  const edges = [...new Set([min, max, min + 1, max - 1])].filter((n) => n >= min && n <= max);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...edges) },
    { weight: 3, arbitrary: fc.integer({ min, max }) },
  );
}

/** Uniform choice that does not lean towards the first options (fc.constantFrom does, under bias). */
export function uniformFrom<T>(options: readonly T[]): fc.Arbitrary<T> {
  if (options.length === 0) throw new RangeError('No options to choose from');
  return fc.noBias(fc.integer({ min: 0, max: options.length - 1 })).map((i) => options[i] as T);
}
