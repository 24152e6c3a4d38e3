// The verify run each mutant faces: fixed seed, few runs per property (a mutant is a fault
// nobody picked; the question is whether the checks see it, not whether many runs stumble on it).
// ROOMKIT_MUTATION_RUNS and ROOMKIT_MUTATION_SEED override them for experiments.
export const VERIFY_SETTINGS = {
  seed: Number(process.env.ROOMKIT_MUTATION_SEED ?? 20261207),
  runs: Number(process.env.ROOMKIT_MUTATION_RUNS ?? 5),
} as const;

/**
 * The sandbox's throttle in the mutation run: per credential, a burst of 40 and 20 requests a
 * second on the clock sandbox and verify share (it moves only when verify waits, so a verify run of
 * a few thousand requests meets a few dozen throttled answers, whatever the machine's speed).
 * ROOMKIT_MUTATION_THROTTLE=off turns it off for experiments.
 */
export const MUTATION_THROTTLE =
  process.env.ROOMKIT_MUTATION_THROTTLE === 'off' ? undefined : { ratePerSecond: 20, burst: 40 };

/**
 * A database outage during the token-based Room Retrieve run: the sandbox's store fails as an
 * unreachable database does on every `every`th check of an issued token after the first `after`
 * (so the preflight meets none). Room Retrieve documents that answer (503 with Retry-After in its
 * Fail envelope), and verify judges it like any other; without an outage that path is never run.
 * ROOMKIT_MUTATION_OUTAGE=off turns it off for experiments.
 */
export const MUTATION_OUTAGE =
  process.env.ROOMKIT_MUTATION_OUTAGE === 'off' ? undefined : { method: 'token', after: 10, every: 25 };
