import fc from 'fast-check';

const PROBES = 100;

/**
 * `arbitrary.filter(predicate)`, or undefined when none of a fixed sample of candidates passes:
 * fast-check's filter retries forever, so keywords that contradict each other (a `date` format
 * with `maxLength: 8`) would hang a run instead of failing with a message.
 */
export function sieve<T, U extends T>(
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => value is U,
): fc.Arbitrary<U> | undefined;
export function sieve<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => boolean): fc.Arbitrary<T> | undefined;
export function sieve<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => boolean): fc.Arbitrary<T> | undefined {
  const passing = fc.sample(arbitrary, { numRuns: PROBES, seed: 1 }).some(predicate);
  return passing ? arbitrary.filter(predicate) : undefined;
}

/** `sieve`, for places where nothing passing means the schema admits no value there. */
export function sieveOrThrow<T>(
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => boolean,
  where: string,
): fc.Arbitrary<T> {
  const kept = sieve(arbitrary, predicate);
  if (!kept) {
    throw new Error(
      `No generated value satisfies the schema at ${where || '(root)'} (0 of ${PROBES} candidates): its keywords probably contradict each other.`,
    );
  }
  return kept;
}
